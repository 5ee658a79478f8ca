"""The records an office head signs, as PDF: kop, signatures, page numbers, whole words, within margins.

Text is read back with poppler's ``pdftotext``; pages are rendered with ``pdftoppm`` and their
pixels checked (nothing printed in the outer margin strip, where a clipped table would land).
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from jdih.cli import cli
from jdih.office import load_office
from jdih.reports.pdf import html_to_pdf, letterhead, url_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

NOW = "2027-01-04T10:00:00+07:00"
LETTERHEAD_LINES = ("KOMISI PEMILIHAN UMUM", "KABUPATEN KOTAWARINGIN TIMUR", "Sub Bagian Hukum dan SDM")
KASUBBAG = ("Rahmat Hidayat, S.H.", "NIP. 198203152009041002", "Kepala Sub Bagian Hukum dan SDM")
SEKRETARIS = ("Ahmad Fauzi, S.Sos., M.Si.", "NIP. 197506182002121003")
FOOTER_WORDS = {"halaman", "dari"}  # from the page's CSS, not the HTML body


def pdf_text(path: Path, page: int | None = None) -> str:
    """Text of the PDF (or of one page)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    """Pages, from the "Halaman 1 dari N" footer of page 1."""
    m = re.search(r"Halaman 1 dari (\d+)", pdf_text(path, 1))
    assert m, "page 1 carries no 'Halaman 1 dari N'"
    return int(m[1])


def words_of_html(html: str) -> set[str]:
    """Every word of the document's text, lower case (tags removed, entities decoded). A compound
    with hyphens also counts as each pair of its parts: pdftotext joins "JDIH-" at a line end to
    "MEDSOS"."""
    body = html.split("<body>", 1)[1]
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body.replace("<wbr>", ""))).lower()
    words = set(re.findall(r"[a-z]{3,}", text))
    for compound in re.findall(r"[a-z]+(?:-[a-z]+)+", text):
        parts = compound.split("-")
        words |= {parts[i] + parts[i + 1] for i in range(len(parts) - 1)}
    return words


def assert_no_broken_words(pdf: Path, html: str) -> None:
    """Every word pdftotext reads is a whole word of the source: none was cut mid-word."""
    source = words_of_html(html) | FOOTER_WORDS
    pieces = set(re.findall(r"[a-z]{3,}", pdf_text(pdf).lower()))
    assert pieces - source == set()


def assert_within_margins(pdf: Path, tmp_path: Path, margin_mm: float = 5) -> int:
    """Render every page at 50 dpi; the outer ``margin_mm`` strip of each page stays blank."""
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(prefix)], check=True)
    pngs = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
    assert pngs
    for png in pngs:
        img = Image.open(png).convert("L")
        w, h = img.size
        edge = round(margin_mm / 25.4 * 50)
        for box in ((0, 0, edge, h), (w - edge, 0, w, h), (0, 0, w, edge), (0, h - edge, w, h)):
            assert img.crop(box).getextrema()[0] > 200, f"{png.name}: something printed in the margin {box}"
    return len(pngs)


@pytest.fixture
def run(semester2, monkeypatch, tmp_path):
    monkeypatch.setenv("JDIH_SEKARANG", NOW)
    runner = CliRunner()

    def invoke(*args: str):
        res = runner.invoke(cli, ["--proyek", str(semester2.root), *args])
        assert res.exit_code == 0, res.output
        return res

    return invoke


def test_agenda_pdf_has_kop_signature_and_page_numbers(run, tmp_path):
    pdf, html = tmp_path / "agenda.pdf", tmp_path / "agenda.html"
    run("agenda", "--periode", "2026-S2", "-o", str(pdf))
    run("agenda", "--periode", "2026-S2", "-o", str(html))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    for line in (*LETTERHEAD_LINES, *KASUBBAG, "Sampit, 4 Januari 2027", "Nomor: ....../HK.03.1-Ag/6202/JDIH/I/2027"):
        assert line in text
    n = page_count(pdf)
    assert f"Halaman {n} dari {n}" in text and n == assert_within_margins(pdf, tmp_path)
    assert "Mengetahui" not in text  # the agenda is signed by the Kasubbag alone (kantor.yml)
    html_text = html.read_text(encoding="utf-8")
    assert "Rahmat Hidayat, S.H." in html_text and "Sampit, 4 Januari 2027" in html_text
    assert_no_broken_words(pdf, html_text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("DejaVu" in r and " yes yes " in r for r in rows)  # embedded, subset


def test_long_agenda_repeats_the_table_header_on_every_page(semester2, add_post, gk, run, tmp_path):
    for i in range(45):
        add_post(f"isi-{i:02d}", [("disposisi", gk.w(2026, 9, 1 + i % 28, 8, i % 60)),
                                  ("draf", gk.w(2026, 9, 1 + i % 28, 9, i % 60))],
                 judul=f"Sosialisasi Pemutakhiran Data Pemilih Berkelanjutan Nomor {i}")
    pdf = tmp_path / "agenda.pdf"
    run("agenda", "--periode", "2026-S2", "-o", str(pdf))
    n = page_count(pdf)
    assert n >= 3
    for page in range(1, n + 1):
        assert "No. Agenda" in pdf_text(pdf, page) and f"Halaman {page} dari {n}" in pdf_text(pdf, page)
    assert_within_margins(pdf, tmp_path)


def test_laporan_pdf_is_an_evaluation_with_signatures(run, tmp_path):
    pdf, html = tmp_path / "laporan.pdf", tmp_path / "laporan.html"
    res = run("laporan", "--periode", "2026-S2", "-o", str(pdf))
    assert f"ditulis ke {pdf}" in res.output
    run("laporan", "--periode", "2026-S2", "-o", str(html))
    text = pdf_text(pdf)
    for line in (*LETTERHEAD_LINES, *KASUBBAG, *SEKRETARIS, "Mengetahui,", "Sampit, 4 Januari 2027", "Temuan",
                 "Rekomendasi", "Catatan tambahan evaluator", "Lampiran: Data Pendukung"):
        assert line in text
    # Posts are named by agenda number and title, not by folder.
    assert "009/JDIH-MEDSOS/2026" in text and "2026/menunggu" not in text
    n = page_count(pdf)
    assert f"Halaman {n} dari {n}" in text and n == assert_within_margins(pdf, tmp_path)
    assert_no_broken_words(pdf, html.read_text(encoding="utf-8"))


def test_archive_berita_acara_states_the_printed_fingerprint(semester2, gk, monkeypatch, tmp_path):
    gk.init(semester2.root)
    gk.commit(semester2.root, "isi", gk.w(2027, 1, 2, 9))
    monkeypatch.setenv("JDIH_SEKARANG", NOW)
    out = tmp_path / "arsip.zip"
    res = CliRunner().invoke(cli, ["--proyek", str(semester2.root), "arsip", "--periode", "2026-S2", "-o", str(out),
                                   "--berita-acara"])
    assert res.exit_code == 0, res.output
    printed = re.search(r"SHA-256 arsip\s*: ([0-9a-f]{64})", res.output)
    assert printed
    pdf = tmp_path / "arsip-berita-acara.pdf"
    assert f"Berita acara arsip ditulis ke {pdf}" in res.output
    text = pdf_text(pdf)
    assert page_count(pdf) == 1 and "Halaman 1 dari 1" in text
    assert printed[1] in text and "Senin tanggal empat bulan Januari tahun dua ribu dua puluh tujuh" in text
    assert "Semester II 2026" in text and "3 konten" in text
    for line in (*LETTERHEAD_LINES, *KASUBBAG, *SEKRETARIS, "Mengetahui,"):
        assert line in text
    assert_within_margins(pdf, tmp_path)
    check = CliRunner().invoke(cli, ["arsip", "periksa", str(out), "--sidik", printed[1]])
    assert check.exit_code == 0, check.output


def images_in(pdf: bytes, tmp_path: Path) -> int:
    """Number of images embedded in ``pdf`` (poppler's pdfimages)."""
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(out.splitlines()[2:])


def test_letterhead_from_office_file_and_only_data_uris_are_fetched(project, tmp_path):
    office_letterhead = letterhead(load_office(project.root), project.people, "laporan", date(2026, 12, 2),
                                   sequence="017")
    assert office_letterhead.place_date == "Sampit, 2 Desember 2026"
    assert office_letterhead.number == "017/HK.03.1-Lp/6202/JDIH/XII/2026"
    assert office_letterhead.signer and office_letterhead.signer.nip == "198203152009041002"
    assert office_letterhead.acknowledger
    assert office_letterhead.acknowledger.position == "Sekretaris KPU Kabupaten Kotawaringin Timur"
    assert str(url_text('https://x.invalid/a"<b>')) == "https://<wbr>x.<wbr>invalid/<wbr>a&#34;&lt;b&gt;"
    logo = project.root / "aset" / "logo-kpu.png"
    assert images_in(html_to_pdf(f"<img src=\"{office_letterhead.logo_uri}\">"), tmp_path) >= 1  # (+ its alpha mask)
    # A file or network address in a document is never fetched (the PDF shows what the HTML embeds).
    assert images_in(html_to_pdf(f'<img src="{logo.as_uri()}"><img src="http://127.0.0.1:9/x.png">'), tmp_path) == 0


def test_agenda_pdf_rendered_in_chunks_is_numbered_across_chunks(semester2, add_post, gk, tmp_path):
    """A small chunk size makes several WeasyPrint documents; the merged PDF reads as one document."""
    from pypdf import PdfReader

    from jdih.post import load_posts
    from jdih.reports.agenda import build_agenda
    from jdih.reports.render_agenda import to_html, to_pdf

    for i in range(30):
        add_post(f"isi-{i:02d}", [("disposisi", gk.w(2026, 9, 1 + i % 28, 8, i % 60)),
                                  ("draf", gk.w(2026, 9, 1 + i % 28, 9, i % 60))],
                 judul=f"Sosialisasi Pemutakhiran Data Pemilih Berkelanjutan Nomor {i}")
    posts, _ = load_posts(semester2.content_dir)
    ag = build_agenda(posts, semester2.sop, semester2.people, site_url="https://jdih.contoh.invalid/")
    assert len(ag.rows) > 30
    office_letterhead = letterhead(load_office(semester2.root), semester2.people, "agenda", gk.now)
    pdf = tmp_path / "agenda.pdf"
    # 5 chunks, numbered 3 pages at a time
    pdf.write_bytes(to_pdf(ag, gk.now, office_letterhead, chunk_rows=8, layer_pages=3))
    n = len(PdfReader(pdf).pages)
    assert n >= 5 and page_count(pdf) == n
    pages = [pdf_text(pdf, p) for p in range(1, n + 1)]
    for p, text in enumerate(pages, start=1):
        assert f"Halaman {p} dari {n}" in text and text.count("Halaman ") == 1  # one global footer a page
        assert "Buku Agenda Konten Media Sosial JDIH" in text  # the title footer, on every page
    for p, text in enumerate(pages[:-1], start=1):  # the last page may hold only the signature
        assert "No. Agenda" in text, f"page {p} has no table header"
    assert all(line in pages[0] for line in LETTERHEAD_LINES) and not any(LETTERHEAD_LINES[0] in t for t in pages[1:])
    assert "Nomor: ....../HK.03.1-Ag/6202/JDIH/I/2027" in pages[0]
    assert KASUBBAG[0] in pages[-1] and KASUBBAG[1] in pages[-1]
    assert not any(KASUBBAG[1] in t for t in pages[:-1])
    whole = pdf_text(pdf)
    assert f"Jumlah: {len(ag.rows)} konten." in whole
    numbers = [r.number for r in ag.rows]
    assert sorted(re.findall(r"\d{3}/JDIH-MEDSOS/\d{4}", whole)) == sorted(numbers)  # every row, once
    assert_no_broken_words(pdf, to_html(ag, gk.now, office_letterhead).decode("utf-8"))
    assert n == assert_within_margins(pdf, tmp_path)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all("DejaVu" in r and " yes yes " in r for r in fonts.splitlines()[2:])
    uris = {a.get_object()["/A"].get("/URI") for page in PdfReader(pdf).pages for a in page.get("/Annots", [])}
    assert {f"https://contoh.invalid/instagram/{s}" for s in ("jumat-senin",)} <= uris  # links survive the merge
