"""The SOP page: the SOP text plus a swimlane flowchart and the norm-time table from ``sop/alur.yml``.

Everything here derives from the :class:`~jdih.sop_model.Sop` model, so changing the SOP data
changes the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from ..sop_model import Sop

SOP_TEXT = "sop.md"
INTERNAL_SECTIONS = ("Catatan transkripsi",)  # notes for the office, not for the public
_EMPTY_HEADER = re.compile(r"(?m)^(\|(?:[ \t]*\|)+)[ \t]*\n(?=\|[ \t]*:?-{3,})")


def public_text(text: str) -> str:
    """The SOP text as the public reads it: internal sections dropped, and a table header row
    left empty (a key/value table) given names, since an empty header means nothing to a
    screen reader."""
    for title in INTERNAL_SECTIONS:
        text = re.sub(rf"(?ms)^##[ \t]+{re.escape(title)}[ \t]*\n.*?(?=^##?[ \t]|\Z)", "", text)

    def named(m: re.Match[str]) -> str:
        cells = m.group(1).count("|") - 1
        return "| " + " | ".join(["Unsur", *["Keterangan"] * (cells - 1)]) + " |\n"

    return _EMPTY_HEADER.sub(named, text)


def _role(sop: Sop, rid: str) -> str:
    return sop.roles[rid].name if rid in sop.roles else rid


def _branches(sop: Sop, number: int) -> list[str]:
    """Where a decision step leads: "Disetujui", "Perbaikan, lalu kembali ke langkah 3" ..."""
    by_source: dict[str | None, list[str]] = {}
    for t in sop.transitions:
        if t.step == number:
            by_source.setdefault(t.source, []).append(t.target)
    out: list[str] = []
    for targets in by_source.values():
        if len(targets) < 2:
            continue
        for ke in targets:
            label = sop.states[ke].label if ke in sop.states else ke
            back = sorted({t.step for t in sop.transitions_from(ke) if t.step and t.step <= number})
            out.append(f"{label}, lalu kembali ke langkah {back[0]}" if back else label)
    return out


def flowchart(sop: Sop) -> str:
    """The SOP flowchart as HTML, drawn at build time: one lane per role (as in the SOP document),
    one row per step in order, decisions with their branches. A plain ordered list underneath,
    so it reads in order without styles and fits a phone (lanes collapse to one column)."""
    lanes: list[str] = []
    for st in sop.steps:
        if st.performer not in lanes:
            lanes.append(st.performer)
    head = "".join(f'<div class="jdih-lajur-{i + 1}">{html.escape(_role(sop, r))}</div>' for i, r in enumerate(lanes))
    rows = []
    for st in sop.steps:
        lane = lanes.index(st.performer) + 1
        branches = _branches(sop, st.number)
        choice = (
            '<ul class="jdih-alur-cabang">' + "".join(f"<li>{html.escape(b)}</li>" for b in branches) + "</ul>"
            if branches
            else ""
        )
        rows.append(
            f'<li class="jdih-lajur-{lane}{" jdih-alur-keputusan" if branches else ""}"><div class="jdih-alur-kotak">'
            f'<span class="jdih-alur-no">{st.number}</span> '
            f'<span class="jdih-alur-peran">{html.escape(_role(sop, st.performer))}</span>'
            f"<p>{html.escape(st.activity)}</p>{choice}"
            f'<p class="jdih-alur-ket">Waktu {html.escape(st.norm.text)} · Output: {html.escape(st.output)}</p>'
            "</div></li>"
        )
    return (
        f'<div class="jdih-alur jdih-alur-{len(lanes)}-lajur">\n'
        f'<div class="jdih-alur-kepala" aria-hidden="true">{head}</div>\n'
        '<ol class="jdih-alur-langkah">\n' + "\n".join(rows) + "\n</ol>\n</div>"
    )


def scroll_region(inner: str, label: str) -> str:
    """A wide block in its own horizontally scrollable region (keyboard-focusable, labelled), so
    the page itself never gets wider than a phone's screen."""
    return f'<div class="jdih-gulir" role="region" tabindex="0" aria-label="{html.escape(label)}">\n{inner}\n</div>'


def _table(css: str, head: tuple[str, ...], rows: Sequence[tuple[str, ...]], label: str, last: str = "") -> str:
    """A table in its own scroll region; ``rows`` hold cell HTML (already escaped), ``last`` a
    final row of its own (HTML)."""
    lines = ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    if last:
        lines.append(last)
    head_row = "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
    table = f'<table class="{css}">\n<thead>{head_row}</thead>\n<tbody>\n' + "\n".join(lines) + "\n</tbody>\n</table>"
    return scroll_region(table, label)


def norm_table(sop: Sop) -> str:
    """The six steps with executor, norm time and output as an HTML table."""
    cells = [(st.activity, _role(sop, st.performer), st.requirements, st.norm.text, st.output) for st in sop.steps]
    rows = [(str(st.number), *map(html.escape, c)) for st, c in zip(sop.steps, cells, strict=True)]
    total = (
        f'<tr><td colspan="4"><strong>Jumlah waktu norma</strong></td>'
        f"<td><strong>{html.escape(sop.total_norm_text)}</strong></td><td></td></tr>"
    )
    head = ("No.", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output")
    return _table("jdih-norma", head, rows, "Tabel waktu norma setiap langkah", total)


def state_table(sop: Sop) -> str:
    """States with their meaning and who holds the post in each."""
    rows = [
        (
            html.escape(s.label),
            html.escape(s.description),
            html.escape(_role(sop, s.holder) if s.holder and s.holder in sop.roles else "—"),
            "Ya" if s.published else "Tidak",
        )
        for s in sop.states.values()
    ]
    head = ("Status", "Keterangan", "Dipegang oleh", "Tampil di situs")
    return _table("jdih-status", head, rows, "Tabel status konten")


def sop_markdown(sop: Sop, sop_dir: Path, csp: str) -> str:
    """Markdown of the whole SOP page (front matter included; ``csp``: the page's policy)."""
    meta = sop.meta
    title = f"SOP {meta.get('nomor', '')}".strip()
    parts = [
        "---",
        f"title: {title}",
        "hide: [navigation]",
        f'jdih_csp: "{csp}"',
        "---",
        "",
    ]
    text_file = sop_dir / SOP_TEXT
    if text_file.is_file():
        parts.append(public_text(text_file.read_text(encoding="utf-8")))
    else:
        parts.append(f"# {html.escape(title)}: {html.escape(str(meta.get('judul', '')))}")
    parts += [
        "",
        "## Diagram alur (dari data SOP)",
        "",
        "Diagram ini dibuat otomatis dari berkas `sop/alur.yml`, satu-satunya sumber alur kerja: "
        "satu lajur untuk setiap pelaksana, langkah-langkah berurutan dari atas ke bawah.",
        "",
        flowchart(sop),
        "",
        "## Waktu norma setiap langkah",
        "",
        "Waktu dihitung dalam jam kerja kantor (hari Sabtu, Minggu dan hari libur nasional tidak dihitung).",
        "",
        norm_table(sop),
        "",
        "## Status konten",
        "",
        state_table(sop),
        "",
    ]
    return "\n".join(parts)
