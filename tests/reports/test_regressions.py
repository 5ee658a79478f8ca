"""QA regressions for `jdih agenda`, `jdih laporan` and `jdih arsip`: output targets and messages.

Each test failed before its fix: `agenda -o -` crashed with a UnicodeDecodeError traceback,
`laporan --format xlsx -o -` wrote a file literally named "-", a report was written into
``x.pdf`` as Markdown, OSError/zipfile texts reached the user in English.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers import make_post
from jdih.cli import cli
from jdih.project import Project


@pytest.fixture
def run(project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    make_post(project, "satu", status="diumumkan", image=False)
    make_post(project, "dua", status="persetujuan", image=False)
    monkeypatch.setenv("JDIH_SEKARANG", "2026-11-25T10:00:00+07:00")
    work = tmp_path / "kerja"
    work.mkdir()
    monkeypatch.chdir(work)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--proyek", str(project.root), *args])

    return invoke


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_agenda_xlsx_to_screen_is_a_usage_error_not_a_traceback(run) -> None:
    res = run("agenda", "-o", "-")
    assert res.exit_code == 2, res.output
    assert "keluaran xlsx tidak dapat ditampilkan di layar" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_agenda_html_to_screen(run) -> None:
    res = run("agenda", "--format", "html", "-o", "-")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("<!DOCTYPE html>")


def test_laporan_xlsx_to_dash_writes_no_file_named_dash(run) -> None:
    res = run("laporan", "--periode", "2026-11", "--format", "xlsx", "-o", "-")
    assert res.exit_code == 2, res.output
    assert files_in(Path.cwd()) == []


def test_laporan_html_to_screen(run) -> None:
    res = run("laporan", "--periode", "2026-11", "--format", "html", "-o", "-")
    assert res.exit_code == 0, res.output
    assert "<html" in res.output and "data:image/png;base64," in res.output
    assert files_in(Path.cwd()) == []


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("laporan", "--periode", "2026", "-o", "laporan.odt"), "akhiran berkas keluaran 'laporan.odt' tidak dikenal"),
        (("agenda", "-o", "agenda.txt"), "akhiran berkas keluaran 'agenda.txt' tidak dikenal"),
        (("agenda", "--format", "xlsx", "-o", "agenda.csv"), "tidak cocok dengan --format xlsx"),
        (("arsip", "--periode", "2026", "-o", "arsip.tar"), "harus berakhiran .zip"),
    ],
)
def test_wrong_suffix_is_refused_and_nothing_written(run, args: tuple[str, ...], text: str) -> None:
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert text in res.output
    assert files_in(Path.cwd()) == []


def test_output_to_a_folder_is_explained_in_indonesian(run) -> None:
    Path("hasil.xlsx").mkdir()
    res = run("agenda", "-o", "hasil.xlsx")
    assert res.exit_code == 1
    assert "adalah sebuah folder" in res.output and "Is a directory" not in res.output


def test_arsip_periksa_not_a_zip_is_indonesian(run) -> None:
    Path("bukan.zip").write_text("bukan zip")
    res = run("arsip", "periksa", "bukan.zip")
    assert res.exit_code == 1
    assert "bukan arsip ZIP yang sah" in res.output and "File is not a zip file" not in res.output


def test_arsip_periksa_broken_manifest_is_indonesian(run) -> None:
    with zipfile.ZipFile("rusak.zip", "w") as zf:
        zf.writestr("arsip/MANIFEST.json", "{rusak")
    res = run("arsip", "periksa", "rusak.zip")
    assert res.exit_code == 1
    assert "manifest rusak atau tidak dapat dibaca (bukan JSON yang sah)" in res.output
    assert "Expecting" not in res.output


def test_empty_archive_says_so(run) -> None:
    res = run("arsip", "--periode", "2030", "-o", "kosong.zip")
    assert res.exit_code == 0, res.output
    assert "tidak ada konten yang terbit dalam periode Tahun 2030" in res.output


def test_unreadable_post_is_listed_with_a_project_relative_path(run, project: Project) -> None:
    bad = project.content_dir / "2026" / "rusak" / "index.md"
    bad.parent.mkdir(parents=True)
    bad.write_text('---\njudul: "tanpa tutup\nstatus: draf\n---\nisi\n')
    res = run("laporan", "--periode", "2026-11")
    assert res.exit_code == 0, res.output
    assert "| content/2026/rusak/index.md |" in res.output
    assert str(project.root) not in res.output
