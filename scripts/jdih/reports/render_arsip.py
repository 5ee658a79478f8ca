"""The berita acara of the electronic archive: a one-page office document (HTML, PDF) to print and sign.

It records what ``jdih arsip`` wrote: the period, the number of posts and files, the archive's
file name and its SHA-256 (the value ``jdih arsip periksa --sidik`` checks), and the SHA-256 of
its manifest, under the office's letterhead with the signature block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..worktime import MONTH_NAMES, format_date_id
from .pdf import Letterhead, html_to_pdf, render
from .periods import Period

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
           "sebelas")


def number_in_words(n: int) -> str:
    """A whole number 0..999,999 in Indonesian words, as a berita acara spells dates ("dua ribu dua puluh enam")."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(n)
    if n == 0:
        return "nol"
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        return " ".join(x for x in (f"{_UNITS[n // 10]} puluh", _UNITS[n % 10]) if x)
    if n < 1000:
        head = "seratus" if n // 100 == 1 else f"{_UNITS[n // 100]} ratus"
        return " ".join(x for x in (head, number_in_words(n % 100) if n % 100 else "") if x)
    head = "seribu" if n // 1000 == 1 else f"{number_in_words(n // 1000)} ribu"
    return " ".join(x for x in (head, number_in_words(n % 1000) if n % 1000 else "") if x)


def date_in_words(day: date) -> str:
    """"Senin tanggal empat bulan Januari tahun dua ribu dua puluh tujuh"."""
    return (f"{DAY_NAMES[day.weekday()]} tanggal {number_in_words(day.day)} bulan {MONTH_NAMES[day.month - 1]} "
            f"tahun {number_in_words(day.year)}")


@dataclass(frozen=True)
class ArchiveRecord:
    """What the berita acara states about one archive."""

    period: Period
    file: str  # the ZIP's file name
    post_count: int
    file_count: int
    sha256: str  # of the whole ZIP: what `arsip periksa --sidik` accepts
    manifest_sha256: str
    made_on: date


def to_html(record: ArchiveRecord, letterhead: Letterhead) -> str:
    """The berita acara as a self-contained HTML page."""
    p = record.period
    span = f"{format_date_id(p.start)} s.d. {format_date_id(p.end)}"
    return render(
        "berita_acara.html.j2",
        title="Berita Acara Penyimpanan Arsip Elektronik Konten Media Sosial JDIH",
        letterhead=letterhead,
        date_in_words=date_in_words(record.made_on),
        date=format_date_id(record.made_on),
        period=p.label if " s.d. " in p.label else f"{p.label} ({span})",
        record=record,
    )


def to_pdf(record: ArchiveRecord, letterhead: Letterhead) -> bytes:
    """The berita acara as a one-page PDF (A4)."""
    return html_to_pdf(to_html(record, letterhead))
