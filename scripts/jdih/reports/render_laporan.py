"""The evaluation report as Markdown, an office document (self-contained HTML, PDF) and XLSX."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from ..office import DEFAULT_RULES
from ..post import Post
from ..worktime import format_date_id, format_datetime_id
from .charts import monthly_chart, steps_chart
from .evaluation import Evaluation, evaluate
from .laporan import Laporan, pct
from .pdf import Letterhead, html_to_pdf, plain_letterhead, render


@dataclass(frozen=True)
class Table:
    """A titled table: the same data feeds Markdown, HTML and an XLSX sheet."""

    title: str
    sheet: str
    columns: list[str]
    rows: list[list[object]]


def title(report: Laporan) -> str:
    """Report title."""
    return f"Laporan Evaluasi SOP {report.sop_number} Pengelolaan Media Sosial JDIH — {report.period.label}"


def tables(report: Laporan) -> list[Table]:
    """Every table of the report, in order."""
    pn = report.platform_names
    out = [
        Table("Konten terbit per platform", "Per platform", ["Platform", "Jumlah"],
              [[pn.get(k, k), v] for k, v in report.per_platform.items()]
              + [["Total konten terbit", report.total_published]]),
        Table("Konten terbit per kelompok kategori", "Per kelompok", ["Kelompok", "Jumlah"],
              [[k, v] for k, v in report.per_group.items()]),
        Table("Konten terbit per kategori", "Per kategori", ["Kategori", "Jumlah"],
              [[k, v] for k, v in report.per_category.items()]),
        Table("Konten terbit per seri", "Per seri", ["Seri", "Jumlah"], [[k, v] for k, v in report.per_series.items()]),
    ]
    plats = list(report.per_platform)
    out.append(Table("Konten terbit per bulan", "Per bulan", ["Bulan", *[pn.get(p, p) for p in plats]],
                     [[report.month_label(m), *[row.get(p, 0) for p in plats]] for m, row in report.per_month.items()]))
    out.append(Table("Konten dibatalkan", "Dibatalkan", ["No. Agenda", "Judul", "Dibatalkan pada", "Catatan"], [
        [report.agenda_no(p.id), p.title, *_cancel_info(p, report)] for p in report.cancelled]))
    out.append(Table("Konten dihapus dari folder konten (tetap dihitung dari riwayat git)", "Dihapus", [
        "No. Agenda", "Judul", "Status terakhir", "Terbit", "Dihapus pada", "Dihapus oleh", "Commit"], [
        [report.agenda_no(r.post_id), r.title, r.status_label,
         format_datetime_id(r.published_at) if r.published_at else "-",
         format_datetime_id(r.deleted_at), r.actor, r.commit[:12]] for r in report.removed]))
    out.append(Table("Alur dan perbaikan", "Alur", ["Ukuran", "Nilai"], [
        ["Disposisi baru dalam periode", report.started],
        ["Konten dibatalkan", len(report.cancelled)],
        ["Keputusan persetujuan Kasubbag", report.decisions],
        ["Dikembalikan untuk perbaikan", report.perbaikan],
        ["Tingkat perbaikan", pct(report.perbaikan_rate)],
        *[[f"Disetujui setelah {k} kali pengajuan", v] for k, v in report.rounds.items()],
    ]))
    out.append(Table("Waktu kerja per langkah SOP", "Langkah", [
        "Langkah", "Pelaksana", "Norma", "Terukur", "Median", "Persentil ke-90", "Dalam norma", "% dalam norma",
    ], [[s.number, s.performer, s.norm_text, s.n, report.fmt(s.median), report.fmt(s.p90), s.within,
         pct(s.share_within)] for s in report.steps] + [[
            "Siklus penuh", "-", report.cycle.norm_text, report.cycle.n, report.fmt(report.cycle.median),
            report.fmt(report.cycle.p90), report.cycle.within, pct(report.cycle.share_within)]]))
    worst_rows: list[list[object]] = []
    for s in report.steps:
        for r in s.worst:
            worst_rows.append([s.number, report.agenda_no(r.post_id), report.titles.get(r.post_id, ""), r.round,
                               report.fmt(r.minutes), s.norm_text, report.fmt(r.overrun),
                               format_datetime_id(r.start), format_datetime_id(r.end)])
    for c in report.cycle.worst:
        worst_rows.append(["Siklus", report.agenda_no(c.post_id), report.titles.get(c.post_id, ""), "-",
                           report.fmt(c.minutes), report.cycle.norm_text,
                           report.fmt(c.minutes - c.norm), format_datetime_id(c.start), format_datetime_id(c.end)])
    out.append(Table("Pelampauan norma terbesar", "Pelampauan", [
        "Langkah", "No. Agenda", "Judul", "Ronde", "Waktu kerja", "Norma", "Lebih", "Mulai", "Selesai"], worst_rows))
    out.append(Table(f"Konten masih menunggu per {format_datetime_id(report.cutoff)}", "Menunggu", [
        "No. Agenda", "Judul", "Status", "Menunggu", "Langkah", "Sejak", "Waktu kerja berjalan", "Norma",
        "Lewat norma"],
        [[report.agenda_no(w.post_id), w.title, w.status_label, w.holder, w.open.step, format_datetime_id(w.open.since),
          "menunggu jadwal" if w.open.waiting_schedule else report.fmt(w.open.minutes),
          report.fmt(w.open.norm), "ya" if w.open.overdue else "tidak"] for w in report.waiting]))
    out.append(Table("Riwayat tidak konsisten (tidak diukur; seluruh konten)", "Tidak konsisten",
                     ["Berkas", "Baris", "Masalah"],
                     [[p.path, p.line or "", p.message] for p in report.problems]))
    if report.reminders is not None:  # jdih ingatkan: reminders sent per step and how long until the step was done
        from ..reminders.stats import TABLE_COLUMNS, TABLE_SHEET, TABLE_TITLE

        out.append(Table(TABLE_TITLE, TABLE_SHEET, list(TABLE_COLUMNS), report.reminders))
    return out


def _cancel_info(post: Post, report: Laporan) -> list[str]:
    for h in post.history:
        if h.status in report.cancelled_states:
            return [format_datetime_id(h.at), h.note or ""]
    return ["", ""]


def _md_cell(v: object) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def _source(report: Laporan) -> str:
    return f"riwayat git ({report.git_commits} commit)" if report.git_available else "riwayat git tidak tersedia"


def _evaluation(report: Laporan, ev: Evaluation | None) -> Evaluation:
    return ev if ev is not None else evaluate(report, DEFAULT_RULES)


def to_markdown(report: Laporan, image_names: tuple[str, str] | None = None, ev: Evaluation | None = None) -> str:
    """Markdown text; charts referenced as ``image_names`` files written beside it (if given)."""
    ev = _evaluation(report, ev)
    lines = [f"# {title(report)}", "",
             f"**{report.institution}** — periode {format_date_id(report.period.start)} s.d. "
             f"{format_date_id(report.period.end)}. "
             f"Disusun {format_datetime_id(report.now)} dari `riwayat` konten; {_source(report)}.",
             "", "## Ringkasan", "", report.narrative, "",
             "## Temuan", "", *([f"{i}. {t}" for i, t in enumerate(ev.findings, 1)] or ["Tidak ada."]), "",
             "## Rekomendasi", "", *([f"{i}. {r}" for i, r in enumerate(ev.recommendations, 1)] or ["Tidak ada."]), "",
             "Catatan tambahan evaluator:", "", "> ...", ""]
    if image_names:
        lines += [f"![Waktu kerja per langkah dibanding norma]({image_names[0]})", "",
                  f"![Konten terbit per bulan per platform]({image_names[1]})", ""]
    for t in tables(report):
        lines += [f"## {t.title}", ""]
        if not t.rows:
            lines += ["Tidak ada.", ""]
            continue
        lines.append("| " + " | ".join(t.columns) + " |")
        lines.append("|" + "|".join("---" for _ in t.columns) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in t.rows]
        lines.append("")
    if report.fallback_notes:
        lines += ["## Catatan sumber data", "", *[f"- {n}" for n in report.fallback_notes], ""]
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


CHART_TITLES = ("Waktu kerja per langkah SOP dibanding norma", "Konten terbit per bulan per platform")


def to_html(report: Laporan, charts: tuple[bytes, bytes] | None = None, letterhead: Letterhead | None = None,
            ev: Evaluation | None = None) -> str:
    """The report as an office document: kop, findings, recommendations, signature, and the figures
    as an appendix (charts embedded as data URIs: one self-contained file)."""
    ev = _evaluation(report, ev)
    charts = charts or (steps_chart(report), monthly_chart(report))
    p = report.period
    span = f"{format_date_id(p.start)} s.d. {format_date_id(p.end)}"
    return render(
        "laporan.html.j2",
        title=document_title(report),
        letterhead=letterhead or plain_letterhead(report.institution, report.now.astimezone(report.tz)),
        period=p.label if " s.d. " in p.label else f"{p.label} ({span})",
        summary=report.narrative,
        findings=ev.findings,
        recommendations=ev.recommendations,
        compiled_at=format_datetime_id(report.now),
        source=_source(report),
        charts=[{"title": t, "uri": _data_uri(png)} for t, png in zip(CHART_TITLES, charts, strict=True)],
        tables=tables(report),
        source_notes=report.fallback_notes,
        definitions=DEFINITIONS,
    )


def to_pdf(report: Laporan, charts: tuple[bytes, bytes] | None = None, letterhead: Letterhead | None = None,
           ev: Evaluation | None = None) -> bytes:
    """The report as PDF (A4; the appendix on landscape pages)."""
    return html_to_pdf(to_html(report, charts, letterhead, ev))


def document_title(report: Laporan) -> str:
    """The document's heading: "Laporan Evaluasi Pelaksanaan SOP Nomor 03 Tahun 2022 ..."."""
    return f"Laporan Evaluasi Pelaksanaan SOP Nomor {report.sop_number} tentang Pengelolaan Media Sosial JDIH"


def to_xlsx(report: Laporan, charts: tuple[bytes, bytes] | None = None, ev: Evaluation | None = None) -> bytes:
    """A workbook: "Ringkasan" (narrative and charts), "Evaluasi" (findings, recommendations) and one
    sheet per table."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ringkasan"
    ws["A1"] = title(report)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = report.institution
    ws["A4"] = report.narrative
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A4:L12")
    ws.column_dimensions["A"].width = 14
    charts = charts or (steps_chart(report), monthly_chart(report))
    for anchor, png in zip(("A14", "A38"), charts, strict=True):
        img = XlImage(io.BytesIO(png))
        ws.add_image(img, anchor)
    ev = _evaluation(report, ev)
    sheet = wb.create_sheet("Evaluasi")
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 120
    line = 1
    for heading, items in (("Temuan", ev.findings), ("Rekomendasi", ev.recommendations)):
        sheet.cell(row=line, column=1, value=heading).font = Font(bold=True)
        line += 1
        for i, text in enumerate(items or ["Tidak ada."], start=1):
            sheet.cell(row=line, column=1, value=i)
            sheet.cell(row=line, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
            line += 1
        line += 1
    sheet.cell(row=line, column=1, value="Catatan tambahan evaluator:").font = Font(bold=True)
    for t in tables(report):
        sh = wb.create_sheet(t.sheet[:31])
        sh["A1"] = t.title
        sh["A1"].font = Font(bold=True)
        for col, name in enumerate(t.columns, start=1):
            c = sh.cell(row=2, column=col, value=name)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="8B0000")
            sh.column_dimensions[get_column_letter(col)].width = max(12, min(60, len(name) + 6))
        for r, row in enumerate(t.rows, start=3):
            for col, v in enumerate(row, start=1):
                sh.cell(row=r, column=col, value=v if isinstance(v, int | float | str) else str(v))
        sh.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
