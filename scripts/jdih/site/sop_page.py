"""The SOP page: the SOP text plus a swimlane flowchart and the norm-time table from ``sop/alur.yml``.

Everything here derives from the :class:`~jdih.sop_model.Sop` model, so changing the SOP data
changes the page.
"""

from __future__ import annotations

import html
import re
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
    return sop.roles[rid].nama if rid in sop.roles else rid


def _branches(sop: Sop, nomor: int) -> list[str]:
    """Where a decision step leads: "Disetujui", "Perbaikan, lalu kembali ke langkah 3" ..."""
    by_source: dict[str | None, list[str]] = {}
    for t in sop.transitions:
        if t.langkah == nomor:
            by_source.setdefault(t.dari, []).append(t.ke)
    out: list[str] = []
    for targets in by_source.values():
        if len(targets) < 2:
            continue
        for ke in targets:
            label = sop.states[ke].label if ke in sop.states else ke
            back = sorted({t.langkah for t in sop.transitions_from(ke) if t.langkah and t.langkah <= nomor})
            out.append(f"{label}, lalu kembali ke langkah {back[0]}" if back else label)
    return out


def flowchart(sop: Sop) -> str:
    """The SOP flowchart as HTML, drawn at build time: one lane per role (as in the SOP document),
    one row per step in order, decisions with their branches. A plain ordered list underneath,
    so it reads in order without styles and fits a phone (lanes collapse to one column)."""
    lanes: list[str] = []
    for st in sop.steps:
        if st.pelaksana not in lanes:
            lanes.append(st.pelaksana)
    head = "".join(f'<div class="jdih-lajur-{i + 1}">{html.escape(_role(sop, r))}</div>' for i, r in enumerate(lanes))
    rows = []
    for st in sop.steps:
        lane = lanes.index(st.pelaksana) + 1
        branches = _branches(sop, st.nomor)
        choice = (
            '<ul class="jdih-alur-cabang">' + "".join(f"<li>{html.escape(b)}</li>" for b in branches) + "</ul>"
            if branches
            else ""
        )
        rows.append(
            f'<li class="jdih-lajur-{lane}{" jdih-alur-keputusan" if branches else ""}"><div class="jdih-alur-kotak">'
            f'<span class="jdih-alur-no">{st.nomor}</span> '
            f'<span class="jdih-alur-peran">{html.escape(_role(sop, st.pelaksana))}</span>'
            f"<p>{html.escape(st.kegiatan)}</p>{choice}"
            f'<p class="jdih-alur-ket">Waktu {html.escape(st.norma.teks)} · Output: {html.escape(st.output)}</p>'
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


def norm_table(sop: Sop) -> str:
    """The six steps with executor, norm time and output as an HTML table."""
    rows = []
    for st in sop.steps:
        role = sop.roles[st.pelaksana].nama if st.pelaksana in sop.roles else st.pelaksana
        rows.append(
            "<tr>"
            f"<td>{st.nomor}</td><td>{html.escape(st.kegiatan)}</td><td>{html.escape(role)}</td>"
            f"<td>{html.escape(st.kelengkapan)}</td><td>{html.escape(st.norma.teks)}</td><td>{html.escape(st.output)}</td>"
            "</tr>"
        )
    rows.append(
        f'<tr><td colspan="4"><strong>Jumlah waktu norma</strong></td>'
        f"<td><strong>{html.escape(sop.total_norm_text)}</strong></td><td></td></tr>"
    )
    head = "<tr><th>No.</th><th>Kegiatan</th><th>Pelaksana</th><th>Kelengkapan</th><th>Waktu</th><th>Output</th></tr>"
    table = f'<table class="jdih-norma">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"
    return scroll_region(table, "Tabel waktu norma setiap langkah")


def state_table(sop: Sop) -> str:
    """States with their meaning and who holds the post in each."""
    rows = []
    for s in sop.states.values():
        holder = sop.roles[s.pemegang].nama if s.pemegang and s.pemegang in sop.roles else "—"
        flag = "Ya" if s.terbit else "Tidak"
        rows.append(
            f"<tr><td>{html.escape(s.label)}</td><td>{html.escape(s.keterangan)}</td>"
            f"<td>{html.escape(holder)}</td><td>{flag}</td></tr>"
        )
    head = "<tr><th>Status</th><th>Keterangan</th><th>Dipegang oleh</th><th>Tampil di situs</th></tr>"
    table = f'<table class="jdih-status">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"
    return scroll_region(table, "Tabel status konten")


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
