"""The document templates (``jdih/templates/naskah``) refuse a variable they were not given.

A misspelt name in a template or in a ``render()`` call must stop the document, not print an empty
field on a record the office signs (``jinja2.StrictUndefined``).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from types import SimpleNamespace

import jinja2
import pytest

from jdih.reports.pdf import plain_letterhead, render
from jdih.reports.periods import parse_period
from jdih.reports.render_arsip import ArchiveRecord, to_html

RECORD = ArchiveRecord(parse_period("2026-S2"), "arsip-jdih-2026-S2.zip", 8, 40, "ab" * 32, "cd" * 32,
                       date(2027, 1, 4))
LETTERHEAD = plain_letterhead("KPU Kabupaten Kotawaringin Timur", date(2027, 1, 4))
CONTEXT = {
    "title": "Berita Acara Penyimpanan Arsip Elektronik",
    "letterhead": LETTERHEAD,
    "date_in_words": "Senin tanggal empat bulan Januari tahun dua ribu dua puluh tujuh",
    "date": "4 Januari 2027",
    "period": "Semester II 2026",
    "record": RECORD,
}


def test_the_complete_context_renders():
    html = render("berita_acara.html.j2", **CONTEXT)
    assert "<h1>Berita Acara Penyimpanan Arsip Elektronik</h1>" in html
    assert "<td>Semester II 2026</td>" in html
    assert to_html(RECORD, LETTERHEAD).count("ab" * 32) == 2


def test_a_misspelt_variable_fails_instead_of_rendering_empty():
    context = {("periode" if k == "period" else k): v for k, v in CONTEXT.items()}
    with pytest.raises(jinja2.UndefinedError, match="'period' is undefined"):
        render("berita_acara.html.j2", **context)


def test_a_missing_attribute_fails_instead_of_rendering_empty():
    fields = {f.name: getattr(RECORD, f.name) for f in dataclasses.fields(RECORD) if f.name != "manifest_sha256"}
    with pytest.raises(jinja2.UndefinedError, match="manifest_sha256"):
        render("berita_acara.html.j2", **{**CONTEXT, "record": SimpleNamespace(**fields)})
