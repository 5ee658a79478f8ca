"""Why a post named with ``--pos`` is not published: unknown (with a suggestion), not at the step's
source state yet, or already past it (a note, not a failure: re-running is harmless)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from ..errors import JdihError
from ..post import Post
from ..project import Project
from ..redact import scrub
from ..sop_model import Transition, role_names


def check_requested(
    project: Project,
    step: Transition,
    posts: list[Post],
    errors: Sequence[JdihError],
    wanted: list[str],
    problems: list[str],
    notes: list[str],
) -> None:
    """Append to ``problems`` / ``notes`` one line per ``--pos`` that will not be published."""
    sop = project.sop
    by_ref: dict[str, list[Post]] = {}
    for p in posts:
        by_ref.setdefault(p.id, []).append(p)
        by_ref.setdefault(p.slug, []).append(p)
    source = sop.states.get(step.source or "")
    source_label = source.label if source else (step.source or "")
    arrival = next((t for t in sop.transitions if t.target == step.source), None)
    for ref in wanted:
        if not ref:
            problems.append("--pos kosong: sebutkan pos sebagai <tahun>/<slug>, mis. 2026/contoh-slug")
            continue
        matches = by_ref.get(ref)
        if not matches:
            broken = [e for e in errors if e.file and f"/{ref}/" in str(e.file).replace("\\", "/")]
            if broken:
                first = broken[0]
                problems.append(scrub(f"pos '{ref}' tidak dapat dibaca: {first.location()}: {first.message}"))
                continue
            ids = {p.id for p in posts}
            close_refs = difflib.get_close_matches(ref, sorted(by_ref), n=6, cutoff=0.6)
            close = list(dict.fromkeys(by_ref[c][0].id for c in close_refs if c in ids or len(by_ref[c]) == 1))[:3]
            hint = f"; maksud Anda: {', '.join(close)}?" if close else "; lihat daftar pos dengan `jdih status`"
            problems.append(f"pos '{ref}' tidak ditemukan di {project.content_dir.name}/{hint}")
            continue
        for p in matches:
            if p.status == step.source:
                continue
            state = sop.states.get(p.status)
            label = state.label if state else p.status
            if sop.is_published(p.status):
                notes.append(f"{p.id} sudah berstatus '{label}'; tidak dikirim ulang")
            else:
                by = f" oleh {role_names(sop, arrival.roles)}" if arrival else ""
                problems.append(
                    f"{p.id} berstatus '{label}', belum {source_label.lower()}{by}; "
                    f"hanya pos berstatus '{source_label}' yang dapat diterbitkan"
                )
