"""The SOP page: the SOP text plus a flowchart and the norm-time table generated from ``sop/alur.yml``.

Everything here derives from the :class:`~jdih.sop_model.Sop` model, so changing the SOP data
changes the page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..sop_model import Sop

SOP_TEXT = "sop.md"


def _label(text: str) -> str:
    # Mermaid labels in quotes: no quotes or brackets may break out of them.
    return re.sub(r'["\[\]{}<>|]', " ", text).strip()


def mermaid_source(sop: Sop) -> str:
    """A Mermaid flowchart of the states and the allowed transitions (who makes each)."""
    lines = ["flowchart TD", '  mulai(("Mulai"))']
    for s in sop.states.values():
        shape = ('(["', '"])') if s.terbit else ('["', '"]')
        lines.append(f"  {s.id}{shape[0]}{_label(s.label)}{shape[1]}")
    for t in sop.transitions:
        who = " / ".join(_label(sop.roles[r].nama.split()[0]) if r in sop.roles else r for r in t.peran)
        text = f"{t.langkah}. {who}" if t.langkah else who
        arrow = "-.->" if sop.states.get(t.ke) and sop.states[t.ke].akhir and not sop.states[t.ke].terbit else "-->"
        src = t.dari or "mulai"
        lines.append(f'  {src} {arrow}|"{_label(text)}"| {t.ke}')
    published = [s.id for s in sop.states.values() if s.terbit]
    if published:
        lines.append("  classDef terbit fill:#e8f5e9,stroke:#2e7d32")
        lines.append(f"  class {','.join(published)} terbit")
    return "\n".join(lines)


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
    return f'<table class="jdih-norma">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


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
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def sop_markdown(sop: Sop, sop_dir: Path) -> str:
    """Markdown of the whole SOP page (front matter included)."""
    meta = sop.meta
    title = f"SOP {meta.get('nomor', '')}".strip()
    parts = [
        "---",
        f"title: {title}",
        "jdih_mermaid: true",
        "---",
        "",
    ]
    text_file = sop_dir / SOP_TEXT
    if text_file.is_file():
        parts.append(text_file.read_text(encoding="utf-8"))
    else:
        parts.append(f"# {html.escape(title)}: {html.escape(str(meta.get('judul', '')))}")
    parts += [
        "",
        "## Diagram alur (dari data SOP)",
        "",
        "Diagram ini dibuat otomatis dari berkas `sop/alur.yml`, satu-satunya sumber alur kerja. "
        "Angka pada panah adalah nomor langkah SOP; yang tampil di situs hanya konten berstatus hijau.",
        "",
        '<div class="jdih-sop-diagram">',
        f'<pre class="mermaid"><code>{html.escape(mermaid_source(sop))}</code></pre>',
        "</div>",
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
