"""The evaluation report as Markdown, self-contained HTML (charts as data URIs) and XLSX."""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from ..post import Post
from ..worktime import format_date_id, format_datetime_id
from .charts import monthly_chart, steps_chart
from .laporan import Laporan, pct


@dataclass(frozen=True)
class Table:
    """A titled table: the same data feeds Markdown, HTML and an XLSX sheet."""

    judul: str
    sheet: str
    kolom: list[str]
    baris: list[list[object]]


def title(lap: Laporan) -> str:
    """Report title."""
    return f"Laporan Evaluasi SOP {lap.sop_nomor} Pengelolaan Media Sosial JDIH — {lap.period.label}"


def tables(lap: Laporan) -> list[Table]:
    """Every table of the report, in order."""
    pn = lap.platform_names
    out = [
        Table("Konten terbit per platform", "Per platform", ["Platform", "Jumlah"],
              [[pn.get(k, k), v] for k, v in lap.per_platform.items()]
              + [["Total konten terbit", lap.total_published]]),
        Table("Konten terbit per kelompok kategori", "Per kelompok", ["Kelompok", "Jumlah"],
              [[k, v] for k, v in lap.per_kelompok.items()]),
        Table("Konten terbit per kategori", "Per kategori", ["Kategori", "Jumlah"],
              [[k, v] for k, v in lap.per_kategori.items()]),
        Table("Konten terbit per seri", "Per seri", ["Seri", "Jumlah"], [[k, v] for k, v in lap.per_seri.items()]),
    ]
    plats = list(lap.per_platform)
    out.append(Table("Konten terbit per bulan", "Per bulan", ["Bulan", *[pn.get(p, p) for p in plats]],
                     [[lap.month_label(m), *[row.get(p, 0) for p in plats]] for m, row in lap.per_bulan.items()]))
    out.append(Table("Konten dibatalkan", "Dibatalkan", ["Konten", "Judul", "Dibatalkan pada", "Catatan"], [
        [p.id, p.judul, *_cancel_info(p, lap)] for p in lap.dibatalkan]))
    out.append(Table("Konten dihapus dari folder konten (tetap dihitung dari riwayat git)", "Dihapus", [
        "Konten", "Judul", "Status terakhir", "Terbit", "Dihapus pada", "Dihapus oleh", "Commit"], [
        [r.post_id, r.judul, r.status_label, format_datetime_id(r.terbit) if r.terbit else "-",
         format_datetime_id(r.dihapus), r.oleh, r.commit[:12]] for r in lap.dihapus]))
    out.append(Table("Alur dan perbaikan", "Alur", ["Ukuran", "Nilai"], [
        ["Disposisi baru dalam periode", lap.dimulai],
        ["Konten dibatalkan", len(lap.dibatalkan)],
        ["Keputusan persetujuan Kasubbag", lap.keputusan],
        ["Dikembalikan untuk perbaikan", lap.perbaikan],
        ["Tingkat perbaikan", pct(lap.perbaikan_rate)],
        *[[f"Disetujui setelah {k} kali pengajuan", v] for k, v in lap.ronde.items()],
    ]))
    out.append(Table("Waktu kerja per langkah SOP", "Langkah", [
        "Langkah", "Pelaksana", "Norma", "Terukur", "Median", "Persentil ke-90", "Dalam norma", "% dalam norma",
    ], [[s.nomor, s.pelaksana, s.norm_teks, s.n, lap.fmt(s.median), lap.fmt(s.p90), s.within, pct(s.share_within)]
        for s in lap.steps] + [[
            "Siklus penuh", "-", lap.cycle.norm_teks, lap.cycle.n, lap.fmt(lap.cycle.median), lap.fmt(lap.cycle.p90),
            lap.cycle.within, pct(lap.cycle.share_within)]]))
    worst_rows: list[list[object]] = []
    for s in lap.steps:
        for r in s.worst:
            worst_rows.append([s.nomor, r.post_id, lap.judul.get(r.post_id, ""), r.ronde, lap.fmt(r.minutes),
                               s.norm_teks, lap.fmt(r.overrun),
                               format_datetime_id(r.start), format_datetime_id(r.end)])
    for c in lap.cycle.worst:
        worst_rows.append(["Siklus", c.post_id, lap.judul.get(c.post_id, ""), "-", lap.fmt(c.minutes),
                           lap.cycle.norm_teks,
                           lap.fmt(c.minutes - c.norm), format_datetime_id(c.start), format_datetime_id(c.end)])
    out.append(Table("Pelampauan norma terbesar", "Pelampauan", [
        "Langkah", "Konten", "Judul", "Ronde", "Waktu kerja", "Norma", "Lebih", "Mulai", "Selesai"], worst_rows))
    out.append(Table(f"Konten masih menunggu per {format_datetime_id(lap.cutoff)}", "Menunggu", [
        "Konten", "Judul", "Status", "Menunggu", "Langkah", "Sejak", "Waktu kerja berjalan", "Norma", "Lewat norma"],
        [[w.post_id, w.judul, w.status_label, w.pemegang, w.open.step, format_datetime_id(w.open.since),
          "menunggu jadwal" if w.open.menunggu_jadwal else lap.fmt(w.open.minutes),
          lap.fmt(w.open.norm), "ya" if w.open.overdue else "tidak"] for w in lap.waiting]))
    out.append(Table("Riwayat tidak konsisten (tidak diukur; seluruh konten)", "Tidak konsisten",
                     ["Berkas", "Baris", "Masalah"],
                     [[p.berkas, p.baris or "", p.pesan] for p in lap.problems]))
    return out


def _cancel_info(post: Post, lap: Laporan) -> list[str]:
    for h in post.history:
        if h.status in lap.cancelled_states:
            return [format_datetime_id(h.waktu), h.catatan or ""]
    return ["", ""]


def _md_cell(v: object) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def to_markdown(lap: Laporan, image_names: tuple[str, str] | None = None) -> str:
    """Markdown text; charts referenced as ``image_names`` files written beside it (if given)."""
    source = (f"riwayat git ({lap.git_commits} commit)" if lap.git_available else "riwayat git tidak tersedia")
    lines = [f"# {title(lap)}", "",
             f"**{lap.instansi}** — periode {format_date_id(lap.period.start)} s.d. {format_date_id(lap.period.end)}. "
             f"Disusun {format_datetime_id(lap.now)} dari `riwayat` konten; {source}.",
             "", "## Ringkasan", "", lap.narrative, ""]
    if image_names:
        lines += [f"![Waktu kerja per langkah dibanding norma]({image_names[0]})", "",
                  f"![Konten terbit per bulan per platform]({image_names[1]})", ""]
    for t in tables(lap):
        lines += [f"## {t.judul}", ""]
        if not t.baris:
            lines += ["Tidak ada.", ""]
            continue
        lines.append("| " + " | ".join(t.kolom) + " |")
        lines.append("|" + "|".join("---" for _ in t.kolom) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in t.baris]
        lines.append("")
    if lap.fallback_notes:
        lines += ["## Catatan sumber data", "", *[f"- {n}" for n in lap.fallback_notes], ""]
    lines += ["## Cara menghitung", "", *[f"- {d}" for d in DEFINITIONS], ""]
    return "\n".join(lines)


DEFINITIONS = (
    "Semua durasi adalah waktu kerja kantor (jam kerja WIB, tanpa Sabtu, Minggu dan hari libur nasional).",
    "Konten terbit dalam periode: pertama kali masuk status diunggah dalam periode.",
    "Langkah dihitung dalam periode bila selesai dalam periode; tiap pengulangan karena perbaikan dihitung sendiri.",
    "Median: nilai tengah. Persentil ke-90: metode peringkat terdekat (nilai ke-⌈0,9·n⌉ dari yang terkecil).",
    "Langkah 1 hanya terukur bila entri disposisi mencatat 'mulai'; langkah 6 dihitung sejak disetujui atau sejak "
    "jadwal tayang bila lebih akhir.",
    "Siklus penuh: jumlah waktu langkah dari disposisi sampai tautan diumumkan, dibanding norma total SOP.",
    "Konten dengan riwayat tidak konsisten tidak diukur dan dicantumkan pada bagian tersendiri.",
    "Konten yang dihapus dari folder konten dihitung dari versi terakhirnya di riwayat git (tidak pernah sebagai "
    "konten yang menunggu) dan dicantumkan pada bagian tersendiri bila terbit atau dihapus dalam periode.",
)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


CSS = """
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 1100px; margin: 24px auto; color: #111; }
h1 { font-size: 1.4em; border-bottom: 3px double #8B0000; } h2 { font-size: 1.1em; color: #8B0000; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 6px 0; font-size: .9em; }
th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; } th { background: #f3e5e5; }
.ringkasan { background: #fafafa; border-left: 4px solid #C9A227; padding: 8px 12px; }
img { max-width: 100%; } @media print { @page { size: A4 portrait; margin: 15mm; } body { margin: 0; } }
"""


def to_html(lap: Laporan, charts: tuple[bytes, bytes] | None = None) -> str:
    """A self-contained HTML page (charts embedded as base64 data URIs)."""
    e = html.escape
    charts = charts or (steps_chart(lap), monthly_chart(lap))
    parts = [f"<h1>{e(title(lap))}</h1>",
             f"<p><b>{e(lap.instansi)}</b> — periode {e(format_date_id(lap.period.start))} s.d. "
             f"{e(format_date_id(lap.period.end))}. Disusun {e(format_datetime_id(lap.now))}.</p>",
             "<h2>Ringkasan</h2>", f'<p class="ringkasan">{e(lap.narrative)}</p>',
             f'<p><img alt="Waktu kerja per langkah SOP dibanding norma" src="{_data_uri(charts[0])}"></p>',
             f'<p><img alt="Konten terbit per bulan per platform" src="{_data_uri(charts[1])}"></p>']
    for t in tables(lap):
        parts.append(f"<h2>{e(t.judul)}</h2>")
        if not t.baris:
            parts.append("<p>Tidak ada.</p>")
            continue
        head = "".join(f"<th>{e(c)}</th>" for c in t.kolom)
        body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in t.baris)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if lap.fallback_notes:
        parts.append("<h2>Catatan sumber data</h2><ul>" + "".join(f"<li>{e(n)}</li>" for n in lap.fallback_notes)
                     + "</ul>")
    parts.append("<h2>Cara menghitung</h2><ul>" + "".join(f"<li>{e(d)}</li>" for d in DEFINITIONS) + "</ul>")
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{e(title(lap))}</title>'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            f'style-src \'unsafe-inline\'"><style>{CSS}</style></head>\n<body>\n'
            + "\n".join(parts) + "\n</body></html>\n")


def to_xlsx(lap: Laporan, charts: tuple[bytes, bytes] | None = None) -> bytes:
    """A workbook: "Ringkasan" (narrative and charts) and one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ringkasan"
    ws["A1"] = title(lap)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = lap.instansi
    ws["A4"] = lap.narrative
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A4:L12")
    ws.column_dimensions["A"].width = 14
    charts = charts or (steps_chart(lap), monthly_chart(lap))
    for anchor, png in zip(("A14", "A38"), charts, strict=True):
        img = XlImage(io.BytesIO(png))
        ws.add_image(img, anchor)
    for t in tables(lap):
        sh = wb.create_sheet(t.sheet[:31])
        sh["A1"] = t.judul
        sh["A1"].font = Font(bold=True)
        for col, name in enumerate(t.kolom, start=1):
            c = sh.cell(row=2, column=col, value=name)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="8B0000")
            sh.column_dimensions[get_column_letter(col)].width = max(12, min(60, len(name) + 6))
        for r, row in enumerate(t.baris, start=3):
            for col, v in enumerate(row, start=1):
                sh.cell(row=r, column=col, value=v if isinstance(v, int | float | str) else str(v))
        sh.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
