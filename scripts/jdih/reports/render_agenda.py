"""The Buku Agenda as XLSX, CSV and a printable HTML page.

CSV: UTF-8 with a byte-order mark and ``;`` as separator, because Excel with Indonesian
regional settings (decimal comma) splits columns on ``;`` and needs the BOM to read UTF-8.
Dates in the CSV are ``YYYY-MM-DD HH:MM`` in WIB.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from ..worktime import format_date_id
from .agenda import Agenda, AgendaRow

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


PRINT_CSS = """
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 9pt; color: #000; }
.kop { text-align: center; border-bottom: 3px double #000; padding-bottom: 4px; margin-bottom: 8px; }
.kop .lembaga { font-size: 14pt; font-weight: bold; letter-spacing: .5px; }
.kop .unit { font-size: 11pt; }
h1 { font-size: 12pt; text-align: center; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 2px 3px; vertical-align: top; word-break: break-word; }
th { background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.kecil { font-size: 7.5pt; }
td.nomor { white-space: nowrap; }
.ttd { margin-top: 18px; width: 40%; margin-left: 60%; text-align: center; }
"""


def to_html(agenda: Agenda, now: datetime | None = None) -> bytes:
    """A printable HTML page (A4 landscape) with the office's letterhead, for the hardcopy record."""
    e = html.escape
    tz = _tz(agenda)
    cols = ["No. Agenda", "Tanggal Disposisi", "Judul", "Kategori / Seri",
            *[f"L{n}" for n, _ in agenda.steps], "Status", "Terbit", "Tautan"]
    rows = []
    for r in agenda.rows:
        disp = r.tanggal_disposisi.astimezone(tz) if r.tanggal_disposisi else None
        terbit = r.terbit.astimezone(tz) if r.terbit else None
        links = "<br>".join(f'{e(k)}: <a href="{e(v)}">{e(v)}</a>' for k, v in sorted(r.tautan.items()))
        if r.halaman:
            links += f'<br>JDIH: <a href="{e(r.halaman)}">{e(r.halaman)}</a>'
        cells = [
            e(r.nomor),
            e(f"{format_date_id(disp)} {disp:%H.%M}") if disp else "",
            e(r.judul) + (f'<div class="kecil">{e(r.keterangan)}</div>' if r.keterangan else ""),
            e(r.kategori) + (f"<br><i>{e(r.seri)}</i>" if r.seri else ""),
            *[e(r.pelaksana.get(n, "")) for n, _ in agenda.steps],
            e(r.status_label),
            e(format_date_id(terbit)) if terbit else "",
            f'<span class="kecil">{links}</span>',
        ]
        rows.append('<tr><td class="nomor">' + "</td><td>".join(cells) + "</td></tr>")
    legend = "; ".join(f"L{n} = {e(label)}" for n, label in agenda.steps)
    printed = f"Dicetak {e(format_date_id(now.astimezone(tz)))}. " if now else ""
    notes = "".join(f"<li>{e(c)}</li>" for c in agenda.catatan)
    doc = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{e(title(agenda))}</title>
<style>{PRINT_CSS}</style></head>
<body>
<div class="kop"><div class="lembaga">{e(agenda.instansi.upper() or "KPU KABUPATEN KOTAWARINGIN TIMUR")}</div>
<div class="unit">Sub Bagian Hukum dan SDM — Jaringan Dokumentasi dan Informasi Hukum (JDIH)</div></div>
<h1>{e(title(agenda))}</h1>
<table><thead><tr>{"".join(f"<th>{e(c)}</th>" for c in cols)}</tr></thead>
<tbody>
{chr(10).join(rows) or '<tr><td colspan="' + str(len(cols)) + '">Tidak ada konten dalam periode ini.</td></tr>'}
</tbody></table>
<p class="kecil">{legend}. Waktu dalam WIB. {printed}Jumlah: {len(agenda.rows)} konten.</p>
{f'<ul class="kecil">{notes}</ul>' if notes else ''}
<div class="ttd">Kasubbag Hukum dan SDM<br><br><br><br>(..............................)</div>
</body></html>
"""
    return doc.encode("utf-8")
