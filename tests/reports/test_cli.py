"""``jdih agenda`` and ``jdih laporan`` end to end through click (JDIH_SEKARANG fixes "now")."""

from __future__ import annotations

import base64
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jdih.cli import cli


@pytest.fixture
def run(semester2, monkeypatch):
    monkeypatch.setenv("JDIH_SEKARANG", "2027-01-04T10:00:00+07:00")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--proyek", str(semester2.root), *args])

    return invoke


def test_agenda_csv_to_screen(run):
    res = run("agenda", "--periode", "2026-11", "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("No. Agenda;Tanggal Disposisi;Judul;")
    assert lines[1].startswith("007/JDIH-MEDSOS/2026;2026-11-20 15:00;Mengenal Istilah Pemilu: DPT;")


def test_agenda_files(run, tmp_path):
    xlsx = tmp_path / "agenda.xlsx"
    res = run("agenda", "--dari", "2026-07-01", "--sampai", "2026-12-31", "--keluaran", str(xlsx))
    assert res.exit_code == 0, res.output
    assert f"Buku Agenda (8 konten) ditulis ke {xlsx}" in res.output
    ws = load_workbook(xlsx)["Buku Agenda"]
    assert ws["A4"].value == "002/JDIH-MEDSOS/2026"
    html = tmp_path / "agenda.html"
    assert run("agenda", "--periode", "2026", "-o", str(html)).exit_code == 0
    assert "Buku Agenda Konten Media Sosial JDIH — Tahun 2026" in html.read_text()


def test_laporan_markdown_to_screen(run):
    res = run("laporan", "--periode", "2026-S2")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(
        "# Laporan Evaluasi SOP 03 Tahun 2022 Pengelolaan Media Sosial JDIH — Semester II 2026")
    assert "| 3 | Pelaksana/Pengelola JDIH | 30 menit | 5 | 30 menit | 5 jam 30 menit | 3 | 60% |" in res.output
    assert "| Siklus penuh | - | 1 hari 95 menit | 3 | 4 jam 20 menit | 4 jam 30 menit | 3 | 100% |" in res.output
    assert "Disusun 4 Januari 2027 10.00 WIB" in res.output
    assert "riwayat git tidak tersedia" in res.output


def test_laporan_html_is_self_contained(run, tmp_path):
    out = tmp_path / "laporan.html"
    res = run("laporan", "--periode", "2026-S2", "--keluaran", str(out))
    assert res.exit_code == 0, res.output
    assert "Laporan Semester II 2026 (3 konten terbit) ditulis ke" in res.output
    assert "perhatian: 5 catatan riwayat tidak konsisten" in res.output
    html = out.read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 3  # the emblem of the kop and two charts
    assert all(base64.b64decode(i).startswith(b"\x89PNG\r\n\x1a\n") for i in images)
    assert not re.search(r'(src|href)="https?:', html) and "<link" not in html and "<script" not in html
    assert "Selama Semester II 2026 (1 Juli 2026 s.d. 31 Desember 2026)" in html


def test_laporan_markdown_file_with_charts(run, tmp_path):
    out = tmp_path / "lap" / "laporan-s2.md"
    res = run("laporan", "--periode", "2026-S2", "--keluaran", str(out))
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert "![Waktu kerja per langkah dibanding norma](laporan-s2-grafik-langkah.png)" in text
    assert (out.parent / "laporan-s2-grafik-langkah.png").read_bytes().startswith(b"\x89PNG")
    assert (out.parent / "laporan-s2-grafik-bulanan.png").read_bytes().startswith(b"\x89PNG")


def test_laporan_xlsx_sheets(run, tmp_path):
    out = tmp_path / "laporan.xlsx"
    assert run("laporan", "--periode", "2026-S2", "--format", "xlsx", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ringkasan", "Evaluasi", "Per platform", "Per kelompok", "Per kategori", "Per seri",
                             "Per bulan",
                             "Dibatalkan", "Dihapus", "Alur", "Langkah", "Pelampauan", "Menunggu", "Tidak konsisten"]
    cancelled = wb["Dibatalkan"]
    assert [c.value for c in cancelled[3]] == ["005/JDIH-MEDSOS/2026", "Konten batal", "2 September 2026 08.00 WIB",
                                               None]
    assert wb["Ringkasan"]["A4"].value.startswith("Selama Semester II 2026")
    assert len(wb["Ringkasan"]._images) == 2
    steps = wb["Langkah"]
    assert [c.value for c in steps[2]][:4] == ["Langkah", "Pelaksana", "Norma", "Terukur"]
    assert [c.value for c in steps[5]] == [3, "Pelaksana/Pengelola JDIH", "30 menit", 5, "30 menit",
                                           "5 jam 30 menit", 3, "60%"]
    overruns = wb["Pelampauan"]
    assert [c.value for c in overruns[2]] == ["Langkah", "No. Agenda", "Judul", "Ronde", "Waktu kerja", "Norma",
                                              "Lebih", "Mulai", "Selesai"]
    assert [c.value for c in overruns[3]] == [3, "009/JDIH-MEDSOS/2026", "Konten menunggu", 1, "5 jam 30 menit",
                                              "30 menit",
                                              "5 jam", "29 Desember 2026 10.00 WIB", "30 Desember 2026 08.00 WIB"]
    waiting = wb["Menunggu"]
    assert waiting["A3"].value == "009/JDIH-MEDSOS/2026" and waiting["G3"].value == "1 hari 7 jam"
    assert waiting.max_row == 3
    per_month = wb["Per bulan"]
    assert [c.value for c in per_month[2]] == ["Bulan", "Facebook", "Instagram", "X (Twitter)"]
    assert [c.value for c in per_month[8]] == ["Desember 2026", 1, 1, 1]


@pytest.mark.parametrize(("args", "message"), [
    (("laporan",), "galat: periode belum diberikan"),
    (("laporan", "--periode", "2026-S3"), "galat: periode '2026-S3' tidak dikenali"),
    (("agenda", "--dari", "2026-01-01"), "galat: --dari dan --sampai harus diberikan bersama"),
    (("arsip", "--periode", "2026-S2", "periksa", "x.zip"), "tidak dipakai bersama 'periksa'"),
])
def test_usage_errors(run, args, message):
    res = run(*args)
    assert res.exit_code == 2
    assert message in res.output
    assert "Traceback" not in res.output


def test_help_is_indonesian(run):
    res = run("laporan", "--help")
    assert res.exit_code == 0 and "Laporan evaluasi SOP 03/2022" in res.output and "--periode KODE" in res.output
    res = run("arsip", "--help")
    assert "periksa" in res.output and "Naskah asli elektronik" in res.output


def test_records_without_keluaran_go_where_they_never_block_the_workflow(tmp_path):
    """On a real clone (no .gitignore at all): agenda, arsip and laporan write under .jdih/keluaran/, say so, and
    the next workflow command still finds a clean tree."""
    from support.office import Office

    office = Office(tmp_path)
    clone = office["rahmat"]
    for args, name in ((["agenda"], "buku-agenda-semua.xlsx"), (["arsip", "--periode", "2026-11"],
                                                                "arsip-jdih-2026-11.zip"),
                       (["laporan", "--periode", "2026-11", "--format", "html"], "laporan-2026-11.html")):
        r = office.run("rahmat", *args)
        assert r.exit_code == 0, r.output
        target = clone.root / ".jdih" / "keluaran" / name
        assert target.is_file(), r.output
        assert f"ditulis ke {target} (folder keluaran lokal, tidak ikut git" in r.output
    assert not clone.repo.is_dirty(untracked_files=True)
    assert not list(clone.root.glob("*.xlsx")) and not list(clone.root.glob("*.zip"))
    r = office.run("rahmat", "disposisi", "Judul Baru", "--kategori", "rutin-edukasi", "--platform", "facebook")
    assert r.exit_code == 0, r.output


def test_nomor_urut_prints_the_full_document_number(run, tmp_path):
    agenda, report = tmp_path / "agenda.html", tmp_path / "laporan.html"
    assert run("agenda", "--periode", "2026-S2", "-o", str(agenda), "--nomor-urut", "017").exit_code == 0
    assert "Nomor: 017/HK.03.1-Ag/6202/JDIH/I/2027" in agenda.read_text()
    assert run("laporan", "--periode", "2026-S2", "-o", str(report), "--nomor-urut", "5").exit_code == 0
    assert "Nomor: 5/HK.03.1-Lp/6202/JDIH/I/2027" in report.read_text()
    assert run("laporan", "--periode", "2026-S2", "-o", str(report)).exit_code == 0  # without: filled by hand
    assert "Nomor: ....../HK.03.1-Lp/6202/JDIH/I/2027" in report.read_text()


@pytest.mark.parametrize(("args", "message"), [
    (("agenda", "--nomor-urut", "17a", "-o", "a.pdf"), "--nomor-urut '17a' bukan nomor urut"),
    (("agenda", "--nomor-urut", "000", "-o", "a.pdf"), "--nomor-urut '000' bukan nomor urut"),
    (("agenda", "--nomor-urut", "17", "-o", "a.xlsx"), "--nomor-urut hanya dipakai untuk naskah bernomor"),
    (("laporan", "--periode", "2026-S2", "--nomor-urut", "17"), "bukan keluaran md"),
    (("arsip", "--periode", "2026-S2", "--nomor-urut", "17", "-o", "a.zip"), "pakai bersama --berita-acara"),
])
def test_nomor_urut_refused_before_any_work(semester2, run, tmp_path, monkeypatch, args, message):
    out = tmp_path / "keluar"
    out.mkdir()
    monkeypatch.chdir(out)
    res = run(*args)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output
    assert list(out.iterdir()) == [] and not (semester2.root / ".jdih" / "keluaran").exists()


def test_arsip_berita_acara_with_nomor_urut(semester2, gk, run, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    gk.init(semester2.root)
    gk.commit(semester2.root, "isi", gk.w(2027, 1, 2, 9))
    res = run("arsip", "--periode", "2026-S2", "-o", str(tmp_path / "arsip.zip"), "--berita-acara",
              "--nomor-urut", "003")
    assert res.exit_code == 0, res.output
    text = subprocess.run(["pdftotext", str(tmp_path / "arsip-berita-acara.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Nomor: 003/HK.03.1-BA/6202/JDIH/I/2027" in text
