"""Buku Agenda: stable numbers per year, performers, git fallbacks, and its three outputs read back."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime

from openpyxl import load_workbook

from jdih.gitflow.content_log import read_git_history
from jdih.gitflow.objects import deleted_versions
from jdih.post import load_posts
from jdih.reports.agenda import agenda_numbers, build_agenda
from jdih.reports.periods import parse_period
from jdih.reports.removed import removed_posts
from jdih.reports.render_agenda import to_csv, to_html, to_xlsx

SITE = "https://jdih.contoh.invalid/"


def _agenda(project, period=None, git=None):
    posts, _ = load_posts(project.content_dir)
    removed = removed_posts(deleted_versions(git), project.content_dir, project.root)[0] if git else None
    return build_agenda(posts, project.sop, project.people, git=git, removed=removed, site_url=SITE, period=period)


def _numbers(agenda):
    return {r.post_id: r.number for r in agenda.rows}


def _numbers_only(project, git=None):
    """``agenda_numbers`` (what the laporan uses) over the same posts as ``_agenda``."""
    posts, _ = load_posts(project.content_dir)
    removed = removed_posts(deleted_versions(git), project.content_dir, project.root)[0] if git else None
    return agenda_numbers(posts, project.sop, git=git, removed=removed)


def test_numbers_follow_disposisi_order_per_year(project, add_post, gk):
    w = gk.w
    add_post("b-kedua", [("disposisi", w(2026, 3, 2, 9))])
    add_post("a-pertama", [("disposisi", w(2026, 1, 5, 8))])
    add_post("seri-z", [("disposisi", w(2026, 5, 4, 8))])
    add_post("seri-a", [("disposisi", w(2026, 5, 4, 8))])  # same instant: tie broken by post id
    add_post("akhir-tahun", [("disposisi", w(2026, 12, 31, 23, 30))])  # 16:30 UTC: still 2026 in WIB
    add_post("tahun-baru", [("disposisi", w(2027, 1, 4, 8))], year=2027)
    assert _numbers(_agenda(project)) == _numbers_only(project) == {
        "2026/a-pertama": "001/JDIH-MEDSOS/2026",
        "2026/b-kedua": "002/JDIH-MEDSOS/2026",
        "2026/seri-a": "003/JDIH-MEDSOS/2026",
        "2026/seri-z": "004/JDIH-MEDSOS/2026",
        "2026/akhir-tahun": "005/JDIH-MEDSOS/2026",
        "2027/tahun-baru": "001/JDIH-MEDSOS/2027",
    }


def test_numbers_are_stable_when_posts_are_added_cancelled_or_deleted(project, add_post, gk):
    w = gk.w
    root = project.root
    gk.init(root)
    add_post("satu", [("disposisi", w(2026, 2, 2, 8))])
    add_post("dua", [("disposisi", w(2026, 2, 3, 8))])
    add_post("tiga", [("disposisi", w(2026, 2, 4, 8))])
    gk.commit(root, "tiga disposisi", w(2026, 2, 4, 8, 5))
    before = _numbers(_agenda(project, git=read_git_history(root)))
    assert before == {"2026/satu": "001/JDIH-MEDSOS/2026", "2026/dua": "002/JDIH-MEDSOS/2026",
                      "2026/tiga": "003/JDIH-MEDSOS/2026"}
    # Cancel "dua", delete "satu" from content/, add a new post: earlier numbers never move.
    add_post("dua", [("disposisi", w(2026, 2, 3, 8)), ("dibatalkan", w(2026, 2, 5, 8))])
    shutil.rmtree(project.content_dir / "2026/satu")
    add_post("empat", [("disposisi", w(2026, 2, 9, 8))])
    gk.commit(root, "batal, hapus, tambah", w(2026, 2, 9, 8, 5))
    agenda = _agenda(project, git=read_git_history(root))
    assert _numbers(agenda) == {**before, "2026/empat": "004/JDIH-MEDSOS/2026"}
    assert _numbers_only(project, read_git_history(root)) == _numbers(agenda)  # deleted post included
    rows = {r.post_id: r for r in agenda.rows}
    assert rows["2026/satu"].status_label == "Disposisi (dihapus)"
    assert "folder konten dihapus pada 9 Februari 2026" in rows["2026/satu"].description
    assert rows["2026/dua"].status_label == "Dibatalkan"


def test_git_first_commit_dates_a_post_without_disposisi(project, add_post, gk):
    root = project.root
    gk.init(root)
    add_post("tanpa-riwayat", None, status="draf")
    gk.commit(root, "konten lama", gk.w(2026, 4, 6, 10))
    agenda = _agenda(project, git=read_git_history(root))
    (row,) = agenda.rows
    assert (row.number, row.date_source, row.disposisi_at) == (
        "001/JDIH-MEDSOS/2026", "git", datetime.fromisoformat("2026-04-06T10:00:00+07:00"))
    assert "commit git pertama" in row.description
    assert _numbers_only(project, read_git_history(root)) == {"2026/tanpa-riwayat": "001/JDIH-MEDSOS/2026"}
    # Without git there is no date: listed as a note, never silently dropped.
    agenda = _agenda(project)
    assert agenda.rows == []
    assert agenda.notes == ["2026/tanpa-riwayat: tanpa nomor agenda (tidak ada entri disposisi di riwayat "
                              "maupun commit git)"]


def test_row_contents_and_period_filter(semester2, gk):
    agenda = _agenda(semester2, period=parse_period("2026-T4"))
    rows = {r.post_id: r for r in agenda.rows}
    assert list(rows) == ["2026/perbaikan", "2026/jumat-senin", "2026/natal", "2026/menunggu"]
    # Numbering is over the whole year (juni, status-beda, urutan-kacau, lompat, batal came first).
    assert [r.number for r in agenda.rows] == [f"{n:03d}/JDIH-MEDSOS/2026" for n in (6, 7, 8, 9)]
    r = rows["2026/jumat-senin"]
    assert r.title == "Mengenal Istilah Pemilu: DPT" and r.series == "Istilah Pemilu"
    assert (r.category, r.group) == ("Rutin: Edukasi", "Rutin")
    assert r.performers == {1: "Rahmat Hidayat, S.H.", 2: "Siti Nurhaliza, S.H.", 3: "Dwi Lestari, A.Md.",
                           4: "Siti Nurhaliza, S.H.", 5: "Rahmat Hidayat, S.H.", 6: "Dwi Lestari, A.Md."}
    assert (r.status_label, r.published_at) == ("Diumumkan", gk.w(2026, 11, 23, 10, 5))
    assert r.links == {"instagram": "https://contoh.invalid/instagram/jumat-senin",
                        "facebook": "https://contoh.invalid/facebook/jumat-senin"}
    assert r.page == "https://jdih.contoh.invalid/2026/jumat-senin/"
    assert rows["2026/menunggu"].page is None and rows["2026/menunggu"].performers[5] == ""


def test_csv_is_excel_friendly(semester2):
    data = to_csv(_agenda(semester2, period=parse_period("2026-11")))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["No. Agenda", "Tanggal Disposisi", "Judul"]
    assert rows[1][:3] == ["007/JDIH-MEDSOS/2026", "2026-11-20 15:00", "Mengenal Istilah Pemilu: DPT"]
    assert len(rows) == 2


def test_xlsx_read_back(semester2):
    agenda = _agenda(semester2, period=parse_period("2026-S2"))
    wb = load_workbook(io.BytesIO(to_xlsx(agenda)))
    ws = wb["Buku Agenda"]
    assert ws.freeze_panes == "C4"
    assert ws["A3"].value == "No. Agenda" and ws["A3"].font.bold and ws["A3"].fill.fgColor.rgb.endswith("8B0000")
    assert ws["B3"].value == "Tanggal Disposisi" and ws["M3"].value == "Status"
    assert ws.column_dimensions["C"].width == 48
    numbers = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert numbers == [r.number for r in agenda.rows]
    idx = numbers.index("007/JDIH-MEDSOS/2026") + 4
    cell = ws.cell(row=idx, column=2)
    assert cell.value == datetime(2026, 11, 20, 15, 0) and cell.is_date  # a real Excel date (WIB)
    assert cell.number_format == "dd/mm/yyyy hh:mm"
    assert ws.cell(row=idx, column=14).value == datetime(2026, 11, 23, 10, 5)


def test_printable_html(semester2, gk):
    html = to_html(_agenda(semester2, period=parse_period("2026-S2")), gk.now).decode("utf-8")
    assert "@page { size: A4 landscape" in html
    assert "KOMISI PEMILIHAN UMUM" in html and "KABUPATEN KOTAWARINGIN TIMUR" in html
    assert "Buku Agenda Konten Media Sosial JDIH — Semester II 2026" in html
    assert "007/JDIH-MEDSOS/2026" in html and "20 November 2026 15.00" in html
    assert "Dicetak 4 Januari 2027" in html
