"""``jdih periksa``: exact output lines and exit codes, on bad input too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import NOW, make_post
from jdih.cli import cli
from support.checking import edit, replace_text


@pytest.fixture
def invoke(project, monkeypatch):
    """Run ``jdih --proyek <project> ...`` from inside the project folder with a fixed clock."""
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("JDIH_SEKARANG", NOW.isoformat())

    def go(*args: str):
        return CliRunner().invoke(cli, ["--proyek", str(project.root), *args], catch_exceptions=False)

    return go


def test_clean_content_exits_0(project, invoke):
    make_post(project, "bersih", status="diumumkan")
    res = invoke("periksa")
    assert res.exit_code == 0
    assert res.output == "Semua beres: 1 berkas diperiksa, tidak ada masalah.\n"


def test_errors_exit_1_with_one_line_each(project, invoke):
    path = make_post(project, "salah", status="diumumkan")
    replace_text(path, "kategori: rutin-edukasi", "kategori: hiburan")
    replace_text(path, "alt: Infografis salah", "alt: ''")
    res = invoke("periksa")
    assert res.exit_code == 1
    assert res.output.splitlines() == [
        "content/2026/salah/index.md:4: GALAT SKEMA-KATEGORI: kategori 'hiburan' tidak dikenal (pilihan: "
        "rutin-edukasi, rutin-non-edukasi, pengumuman, berita-kegiatan, materi-penyuluhan, peringatan-hari-penting)",
        "content/2026/salah/index.md:7: GALAT MEDIA-ALT: media ke-1 tidak memiliki teks alternatif ('alt') untuk "
        "pembaca layar",
        "1 berkas diperiksa: 2 galat, 0 peringatan.",
    ]


def test_warnings_only_exit_0(project, invoke):
    make_post(project, "lambat", status="diunggah")  # step 6 running for days: overdue
    res = invoke("periksa")
    assert res.exit_code == 0
    assert res.output.splitlines()[-1] == "1 berkas diperiksa: 0 galat, 1 peringatan."
    assert "PERINGATAN NORMA-TERLAMBAT: langkah 6 (Mengunggah konten media sosial...)" in res.output


def test_json_format(project, invoke):
    path = make_post(project, "json", status="diumumkan")
    edit(path, lambda m: m.update(status="terbit"))
    res = invoke("periksa", "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert (data["diperiksa"], data["galat"], data["peringatan"]) == (1, 1, 0)
    assert data["temuan"] == [{"berkas": "content/2026/json/index.md", "baris": 3, "tingkat": "GALAT",
                               "kode": "SKEMA-STATUS", "pesan": data["temuan"][0]["pesan"]}]


def test_paths_select_files_folders_and_media(project, invoke):
    a = make_post(project, "a", status="diumumkan")
    b = make_post(project, "b", status="diumumkan")
    edit(b, lambda m: m.update(status="terbit"))
    assert invoke("periksa", str(a)).exit_code == 0
    assert invoke("periksa", "content/2026/a").exit_code == 0
    assert invoke("periksa", "content/2026/a/gambar-1.jpg").output.startswith("Semua beres: 1 berkas")
    res = invoke("periksa", "content")
    assert res.exit_code == 1 and res.output.endswith("2 berkas diperiksa: 1 galat, 0 peringatan.\n")


def test_missing_path_is_a_usage_error(project, invoke):
    res = invoke("periksa", "tidak/ada")
    assert res.exit_code == 2
    assert res.output == "galat: jalur tidak ditemukan: tidak/ada\n"


def test_missing_content_folder_is_a_usage_error(project, invoke):
    (project.root / "content").rmdir()
    res = invoke("periksa")
    assert res.exit_code == 2
    assert res.output.startswith(f"galat: folder konten tidak ditemukan: {project.root / 'content'}\n")


def test_file_outside_any_post_is_a_usage_error(project, invoke):
    (project.root / "catatan.txt").write_text("halo")
    res = invoke("periksa", "catatan.txt")
    assert res.exit_code == 2
    assert "catatan.txt bukan berkas konten" in res.output


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", "content/2026/x/index.md:1: GALAT BERKAS-FORMAT: berkas kosong"),
        (b"judul: tanpa pembatas\n", "content/2026/x/index.md:1: GALAT BERKAS-FORMAT: berkas tidak diawali blok "
                                     "front matter '---'"),
        (b"---\njudul: a\n", "content/2026/x/index.md:1: GALAT BERKAS-FORMAT: blok front matter tidak ditutup "
                             "dengan '---'"),
        (b"---\njudul: a\nstatus: [draf\n---\n", None),
        (b"---\n- a\n- b\n---\n", "content/2026/x/index.md:2: GALAT BERKAS-FORMAT: front matter harus berupa "
                                  "pemetaan kunci: nilai"),
        (b"\x89PNG\r\n\x1a\n\x00\x00junk", None),
        (b"---\njudul: caf\xe9\n---\n", "content/2026/x/index.md:2: GALAT BERKAS-FORMAT: berkas bukan teks UTF-8 "
                                        "(mungkin berkas biner)"),
        (b"---\njadwal: 2026-02-30T09:00:00+07:00\n---\n", None),
    ],
)
def test_broken_files_are_findings_not_tracebacks(project, invoke, content, line):
    folder = project.content_dir / "2026" / "x"
    folder.mkdir(parents=True)
    (folder / "index.md").write_bytes(content)
    res = invoke("periksa")
    assert res.exit_code == 1
    first = res.output.splitlines()[0]
    assert "BERKAS-FORMAT" in first
    if line:
        assert first == line
    assert "Traceback" not in res.output


def test_yaml_error_names_its_line(project, invoke):
    folder = project.content_dir / "2026" / "x"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\njudul: a\nstatus: draf\nplatform: [x\nkategori: b\n---\n")
    res = invoke("periksa")
    assert res.output.splitlines()[0].startswith("content/2026/x/index.md:5: GALAT BERKAS-FORMAT: YAML tidak dapat")


def test_symlink_loops_do_not_hang(project, invoke):
    folder = project.content_dir / "2026" / "putar"
    folder.mkdir(parents=True)
    os.symlink(folder / "index.md", folder / "index.md")  # index.md -> itself
    os.symlink(project.content_dir, folder / "ke-atas")  # a folder loop: not followed
    res = invoke("periksa")
    assert res.exit_code == 1
    assert res.output.splitlines()[0].startswith("content/2026/putar/index.md: GALAT BERKAS-FORMAT: berkas tidak "
                                                 "dapat dibaca")


def test_wrong_place_is_a_warning(project, invoke):
    path = make_post(project, "Judul_Besar", status="diumumkan")
    res = invoke("periksa")
    assert "PERINGATAN LOKASI-SLUG" in res.output and res.exit_code == 0
    target = project.content_dir / "lepas" / "index.md"
    target.parent.mkdir()
    target.write_bytes(path.read_bytes())
    (target.parent / "gambar-1.jpg").write_bytes((path.parent / "gambar-1.jpg").read_bytes())
    res = invoke("periksa", "content/lepas")
    assert res.output.splitlines()[0] == (
        "content/lepas/index.md: PERINGATAN LOKASI: konten harus berada di content/<tahun>/<slug>/index.md; "
        "berkas ini di content/lepas/index.md sehingga tidak ikut diterbitkan")


def test_broken_sop_data_is_a_clear_error(project, invoke):
    (project.root / "sop" / "alur.yml").write_text("peran: [\n")
    res = invoke("periksa")
    assert res.exit_code == 1
    assert res.output.startswith(f"galat: {project.root / 'sop' / 'alur.yml'}:2: YAML tidak dapat dibaca")


def test_periksa_never_writes(project, invoke):
    make_post(project, "a", status="diumumkan")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file()}
    invoke("periksa")
    invoke("periksa", "--format", "json")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file()}
    assert before == after


def test_dasar_when_change_checks_are_missing(project, invoke, monkeypatch):
    make_post(project, "a", status="diumumkan")
    monkeypatch.setitem(sys.modules, "jdih.gitflow.changes", None)  # as on an install without the git layer
    res = invoke("periksa", "--dasar", "HEAD")
    assert res.exit_code == 2
    assert res.output.startswith("galat: pemeriksaan perubahan (--dasar) belum tersedia di versi ini\n")


def test_dasar_runs_the_change_checks(project, invoke):
    git = pytest.importorskip("git")
    repo = git.Repo.init(project.root)
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Uji").set_value("user", "email", "uji@contoh.invalid")
    path = make_post(project, "pr", status="draf", start=NOW.replace(hour=9))
    repo.index.add([str(p.relative_to(project.root)) for p in project.root.rglob("*")
                    if p.is_file() and ".git" not in p.parts])
    repo.index.commit("awal")
    edit(path, lambda m: (m["riwayat"].append({"status": "disetujui", "oleh": "rahmat",
                                               "waktu": NOW.replace(hour=9, minute=30)}),
                          m.update(status="disetujui")))
    res = invoke("periksa", "--dasar", "HEAD")
    assert res.exit_code == 1
    assert "GALAT RIWAYAT-TRANSISI" in res.output  # the plain check
    assert len([x for x in res.output.splitlines() if "GALAT" in x]) >= 2  # plus the change check's own


def test_real_console_script(project, tmp_path):
    """The installed ``jdih`` entry point, as a user runs it."""
    path = make_post(project, "asli", status="diumumkan")
    replace_text(path, "status: diumumkan", "status: terbit")
    jdih = Path(sys.executable).with_name("jdih")
    env = {**os.environ, "JDIH_SEKARANG": NOW.isoformat()}
    res = subprocess.run([str(jdih), "periksa"], cwd=project.root, env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert res.returncode == 1, res.stderr
    assert res.stdout.splitlines()[0].startswith("content/2026/asli/index.md:3: GALAT SKEMA-STATUS: status 'terbit'")
    assert res.stderr == ""
    res = subprocess.run([str(jdih), "periksa", "--format", "xml"], cwd=project.root, env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert res.returncode == 2
    assert "Nilai tidak sah untuk '--format'" in res.stderr


def test_the_sample_content_has_no_errors():
    """The repository's own content/ (the site's first posts) passes the checks at the tests' clock."""
    from helpers import REPO
    from jdih.checks import check_paths
    from jdih.project import Project

    report = check_paths(Project(REPO), [], NOW, workers=1)
    assert report.checked >= 12
    assert [f.text() for f in report.findings if f.is_error] == []
