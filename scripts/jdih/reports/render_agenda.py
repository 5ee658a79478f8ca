"""The Buku Agenda as XLSX, CSV, and a printable HTML page or PDF with letterhead and signature.

CSV: UTF-8 with a byte-order mark and ``;`` as separator, because Excel with Indonesian
regional settings (decimal comma) splits columns on ``;`` and needs the BOM to read UTF-8.
Dates in the CSV are ``YYYY-MM-DD HH:MM`` in WIB.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from ..worktime import format_date_id
from .agenda import Agenda, AgendaRow
from .pdf import LAYER_PAGES, Letterhead, Part, chunked_pdf, plain_letterhead, render

CSV_DELIMITER = ";"


def _tz(agenda: Agenda) -> ZoneInfo:
    return ZoneInfo("Asia/Jakarta")


def headers(agenda: Agenda) -> list[str]:
    """Column headers (Indonesian)."""
    return [
        "No. Agenda", "Tanggal Disposisi", "Judul", "Kategori", "Kelompok", "Seri",
        *[f"Pelaksana {label}" for _, label in agenda.steps],
        "Status", "Tanggal Terbit", "Tautan", "Halaman JDIH", "Keterangan", "ID Konten",
    ]


def _links(row: AgendaRow) -> str:
    return "\n".join(f"{k}: {v}" for k, v in sorted(row.links.items()))


def _local(dt: datetime | None, tz: ZoneInfo) -> datetime | None:
    return dt.astimezone(tz) if dt is not None else None


def _values(agenda: Agenda, row: AgendaRow) -> list[object]:
    tz = _tz(agenda)
    return [
        row.number, _local(row.disposisi_at, tz), row.title, row.category, row.group, row.series,
        *[row.performers.get(n, "") for n, _ in agenda.steps],
        row.status_label, _local(row.published_at, tz), _links(row), row.page or "", row.description, row.post_id,
    ]


def title(agenda: Agenda) -> str:
    """"Buku Agenda Konten Media Sosial JDIH — Semester II 2026"."""
    suffix = f" — {agenda.period.label}" if agenda.period else ""
    return f"Buku Agenda Konten Media Sosial JDIH{suffix}"


def to_csv(agenda: Agenda) -> bytes:
    """CSV bytes (UTF-8 with BOM, ``;``-separated)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writerow(headers(agenda))
    for row in agenda.rows:
        w.writerow(["" if v is None else (v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else v)
                    for v in _values(agenda, row)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(agenda: Agenda) -> bytes:
    """An Excel workbook with one sheet "Buku Agenda" (styled header, frozen panes, real dates)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Buku Agenda"
    hdr = headers(agenda)
    ws.cell(row=1, column=1, value=f"{title(agenda)} — {agenda.institution}").font = Font(bold=True, size=13)
    thin = Side(style="thin", color="999999")
    for col, text in enumerate(hdr, start=1):
        c = ws.cell(row=3, column=col, value=text)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="8B0000")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    widths = [22, 17, 48, 22, 14, 18, *[24] * len(agenda.steps), 22, 17, 50, 40, 40, 28]
    for i, wdt in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = wdt
    wrap = Alignment(wrap_text=True, vertical="top")  # one style object shared by every cell
    for r, row in enumerate(agenda.rows, start=4):
        for col, v in enumerate(_values(agenda, row), start=1):
            if isinstance(v, datetime):
                v = v.replace(tzinfo=None)  # Excel has no time zones: the sheet says WIB in the header note
            c = ws.cell(row=r, column=col, value=v)
            c.alignment = wrap
            if isinstance(v, datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
    ws.cell(row=2, column=1, value="Waktu dalam WIB. Nomor agenda urut per tahun menurut waktu disposisi.")
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(hdr))}{max(3, len(agenda.rows) + 3)}"
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if agenda.notes:
        notes = wb.create_sheet("Catatan")
        notes.column_dimensions["A"].width = 120
        for i, text in enumerate(agenda.notes, start=1):
            notes.cell(row=i, column=1, value=text)
    return _save(wb)


def _save(wb: object) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def to_html(agenda: Agenda, now: datetime | None = None, letterhead: Letterhead | None = None) -> bytes:
    """A printable HTML page (A4 landscape) with the office's letterhead and signature block, for the
    hardcopy record; ``letterhead`` from :func:`jdih.reports.pdf.letterhead` (without it: the name only)."""
    return render("agenda.html.j2", **_context(agenda, now, letterhead, _rows(agenda))).encode("utf-8")


def _rows(agenda: Agenda) -> list[dict[str, object]]:
    tz = _tz(agenda)
    rows: list[dict[str, object]] = []
    for r in agenda.rows:
        disp = r.disposisi_at.astimezone(tz) if r.disposisi_at else None
        published = r.published_at.astimezone(tz) if r.published_at else None
        links = sorted(r.links.items())
        if r.page:
            links.append(("JDIH", r.page))
        rows.append({
            "number": r.number,
            "disposisi_at": f"{format_date_id(disp)} {disp:%H.%M}" if disp else "",
            "title": r.title,
            "description": r.description,
            "category": r.category,
            "series": r.series,
            "performers": _by_person(agenda, r),
            "status": r.status_label,
            "published_at": format_date_id(published) if published else "",
            "links": links,
        })
    return rows


def _context(agenda: Agenda, now: datetime | None, letterhead: Letterhead | None,
             rows: list[dict[str, object]]) -> dict[str, object]:
    tz = _tz(agenda)
    return {
        "title": title(agenda),
        "letterhead": letterhead or plain_letterhead(agenda.institution, now.astimezone(tz) if now else None),
        "rows": rows,
        "count": len(agenda.rows),
        "legend": "; ".join(f"L{n} = {label}" for n, label in agenda.steps)
        + ". Alamat tautan lengkap ada pada Buku Agenda bentuk XLSX/CSV",
        "printed_at": format_date_id(now.astimezone(tz)) if now else "",
        "notes": agenda.notes,
    }


def _by_person(agenda: Agenda, row: AgendaRow) -> list[tuple[str, str]]:
    """("1, 5", "Rahmat Hidayat, S.H.") per performer, in step order: three short lines instead of six."""
    steps: dict[str, list[str]] = {}
    for n, _ in agenda.steps:
        if row.performers.get(n):
            steps.setdefault(row.performers[n], []).append(str(n))
    return [(", ".join(nums), name) for name, nums in steps.items()]


# Rows per WeasyPrint document: ~40 A4 landscape pages, ~0.3 GB of layout at most (bench/reports/README.md).
PDF_CHUNK_ROWS = 400


def to_pdf(agenda: Agenda, now: datetime | None = None, letterhead: Letterhead | None = None, *,
           chunk_rows: int = PDF_CHUNK_ROWS, layer_pages: int = LAYER_PAGES) -> bytes:
    """The printable Buku Agenda as PDF (A4 landscape, page numbers, repeated table header).

    Rendered ``chunk_rows`` rows at a time (each chunk a table of its own, starting on a new page, with
    its header repeated on each of its pages), merged into one PDF numbered "Halaman X dari Y" across
    all chunks (the page-number layer ``layer_pages`` pages at a time); the kop opens the first chunk and
    the signature closes the last."""
    rows = _rows(agenda)
    context = _context(agenda, now, letterhead, [])
    size = max(chunk_rows, 1)
    starts = range(0, max(len(rows), 1), size)

    def chunks() -> Iterator[str]:
        for i, start in enumerate(starts):
            part = Part(first=i == 0, last=i == len(starts) - 1)
            yield render("agenda.html.j2", **{**context, "rows": rows[start:start + size], "part": part})

    def layer(first: int, count: int, total: int) -> str:
        part = Part(first=False, last=False, page_numbers=count, first_page=first, total_pages=total)
        return render("agenda.html.j2", **{**context, "part": part})

    return chunked_pdf(chunks(), layer, layer_pages=layer_pages)
