"""The Buku Agenda as XLSX, CSV, and a printable HTML page or PDF with letterhead and signature.

CSV: UTF-8 with a byte-order mark and ``;`` as separator, because Excel with Indonesian
regional settings (decimal comma) splits columns on ``;`` and needs the BOM to read UTF-8.
Dates in the CSV are ``YYYY-MM-DD HH:MM`` in WIB.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from ..worktime import format_date_id
from .agenda import Agenda, AgendaRow
from .pdf import Letterhead, html_to_pdf, plain_letterhead, render

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
    return "\n".join(f"{k}: {v}" for k, v in sorted(row.tautan.items()))


def _local(dt: datetime | None, tz: ZoneInfo) -> datetime | None:
    return dt.astimezone(tz) if dt is not None else None


def _values(agenda: Agenda, row: AgendaRow) -> list[object]:
    tz = _tz(agenda)
    return [
        row.nomor, _local(row.tanggal_disposisi, tz), row.judul, row.kategori, row.kelompok, row.seri,
        *[row.pelaksana.get(n, "") for n, _ in agenda.steps],
        row.status_label, _local(row.terbit, tz), _links(row), row.halaman or "", row.keterangan, row.post_id,
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
    ws.cell(row=1, column=1, value=f"{title(agenda)} — {agenda.instansi}").font = Font(bold=True, size=13)
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
    if agenda.catatan:
        notes = wb.create_sheet("Catatan")
        notes.column_dimensions["A"].width = 120
        for i, text in enumerate(agenda.catatan, start=1):
            notes.cell(row=i, column=1, value=text)
    return _save(wb)


def _save(wb: object) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def to_html(agenda: Agenda, now: datetime | None = None, kop: Letterhead | None = None) -> bytes:
    """A printable HTML page (A4 landscape) with the office's letterhead and signature block, for the
    hardcopy record; ``kop`` from :func:`jdih.reports.pdf.letterhead` (without it: the name only)."""
    tz = _tz(agenda)
    rows = []
    for r in agenda.rows:
        disp = r.tanggal_disposisi.astimezone(tz) if r.tanggal_disposisi else None
        terbit = r.terbit.astimezone(tz) if r.terbit else None
        links = sorted(r.tautan.items())
        if r.halaman:
            links.append(("JDIH", r.halaman))
        rows.append({
            "nomor": r.nomor,
            "tanggal_disposisi": f"{format_date_id(disp)} {disp:%H.%M}" if disp else "",
            "judul": r.judul,
            "keterangan": r.keterangan,
            "kategori": r.kategori,
            "seri": r.seri,
            "pelaksana": _by_person(agenda, r),
            "status": r.status_label,
            "terbit": format_date_id(terbit) if terbit else "",
            "tautan": links,
        })
    doc = render(
        "agenda.html.j2",
        judul=title(agenda),
        kop=kop or plain_letterhead(agenda.instansi, now.astimezone(tz) if now else None),
        baris=rows,
        legenda="; ".join(f"L{n} = {label}" for n, label in agenda.steps)
        + ". Alamat tautan lengkap ada pada Buku Agenda bentuk XLSX/CSV",
        dicetak=format_date_id(now.astimezone(tz)) if now else "",
        catatan=agenda.catatan,
    )
    return doc.encode("utf-8")


def _by_person(agenda: Agenda, row: AgendaRow) -> list[tuple[str, str]]:
    """("1, 5", "Rahmat Hidayat, S.H.") per performer, in step order: three short lines instead of six."""
    steps: dict[str, list[str]] = {}
    for n, _ in agenda.steps:
        if row.pelaksana.get(n):
            steps.setdefault(row.pelaksana[n], []).append(str(n))
    return [(", ".join(nums), name) for name, nums in steps.items()]


def to_pdf(agenda: Agenda, now: datetime | None = None, kop: Letterhead | None = None) -> bytes:
    """The printable Buku Agenda as PDF (A4 landscape, page numbers, repeated table header)."""
    return html_to_pdf(to_html(agenda, now, kop).decode("utf-8"))
