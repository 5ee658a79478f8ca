"""The ``riwayat`` record against the SOP: allowed steps, right roles, increasing time, links."""

from __future__ import annotations

from ..errors import TransitionError
from ..findings import Finding, error, warning
from ..post import Post
from ..workflow import check_transition
from .context import CheckContext
from .schema import is_text


def check_history(ctx: CheckContext, post: Post) -> list[Finding]:
    """Every SOP violation in the post's history (shape problems are checks.schema's)."""
    out: list[Finding] = []
    f = str(post.path)
    raw = post.meta.get("riwayat")
    if not isinstance(raw, list) or not raw:
        return out
    entries = ctx.history(post)
    complete = len(entries) == len(raw)
    sop = ctx.sop

    prev_status: str | None = None
    prev_time = None
    # Walk transitions only over an unbroken, well-formed record: after a malformed entry or
    # an unknown state (both reported by the schema check) "from" would be a guess.
    chain = complete
    for n, h in enumerate(entries):
        if h.status not in sop.states:
            chain = False
        if chain and ctx.people.get(h.actor) is not None:
            source = prev_status if n > 0 else None
            t = sop.transition(source, h.status)
            if t is None:
                origin = f"'{source}'" if source else "konten baru"
                allowed = ", ".join(x.target for x in sop.transitions_from(source)) or "tidak ada (status akhir)"
                out.append(error(f, post.line("riwayat", h.index), "RIWAYAT-TRANSISI",
                                 f"entri riwayat ke-{h.index + 1}: SOP tidak mengizinkan {origin} → '{h.status}' "
                                 f"(yang sah: {allowed})"))
            elif not ctx.people.by_id[h.actor].has_role(*t.roles):
                # The state machine words the refusal, so the message matches `jdih` commands'.
                try:
                    check_transition(sop, ctx.people, source, h.status, h.actor)
                    reason = f"{h.actor} tidak berwenang"  # pragma: no cover - check_transition refuses it
                except TransitionError as exc:
                    reason = exc.message
                out.append(error(f, post.line("riwayat", h.index, "oleh"), "RIWAYAT-PERAN",
                                 f"entri riwayat ke-{h.index + 1}: {reason}"))
        if prev_time is not None and h.at <= prev_time:
            out.append(error(f, post.line("riwayat", h.index, "waktu"), "RIWAYAT-URUTAN",
                             f"waktu entri riwayat ke-{h.index + 1} ({h.at.isoformat()}) tidak setelah entri "
                             f"sebelumnya ({prev_time.isoformat()}); riwayat harus urut dari yang terlama"))
        if h.at > ctx.now:
            out.append(error(f, post.line("riwayat", h.index, "waktu"), "RIWAYAT-MASA-DEPAN",
                             f"waktu entri riwayat ke-{h.index + 1} ({h.at.isoformat()}) ada di masa depan"))
        if h.started_at is not None and h.started_at > h.at:
            out.append(error(f, post.line("riwayat", h.index, "mulai"), "RIWAYAT-MULAI",
                             f"'mulai' entri riwayat ke-{h.index + 1} sesudah 'waktu'-nya"))
        prev_status, prev_time = h.status, h.at

    status = post.meta.get("status")
    if complete and entries and is_text(status) and status in sop.states and entries[-1].status != status:
        out.append(error(f, post.line("status"), "RIWAYAT-STATUS",
                         f"status '{status}' tidak sama dengan status entri riwayat terakhir "
                         f"('{entries[-1].status}')"))

    _check_links(ctx, post, out)
    return out


def _check_links(ctx: CheckContext, post: Post, out: list[Finding]) -> None:
    """``tautan`` appears only once a post is published, and then covers every platform."""
    f = str(post.path)
    status = post.status
    links = post.meta.get("tautan")
    published = ctx.sop.is_published(status)
    if links is not None and not published and status in ctx.sop.states:
        out.append(error(f, post.line("tautan"), "TAUTAN-DINI",
                         f"'tautan' hanya boleh ada setelah konten diterbitkan "
                         f"({', '.join(ctx.sop.published_states)}), padahal status '{status}'"))
    if published:
        links = post.links
        missing = [p for p in post.platforms if p in ctx.platforms and not links.get(p)]
        if missing:
            out.append(error(f, post.line("tautan") or post.line("status"), "TAUTAN-KURANG",
                             f"konten sudah '{status}' tetapi tautan untuk {', '.join(missing)} belum ada"))
        # Published before its schedule: allowed data, but worth a look.
        schedule = post.schedule
        first = next((h for h in ctx.history(post) if ctx.sop.is_published(h.status)), None)
        if schedule is not None and first is not None and first.at < schedule:
            out.append(warning(f, post.line("riwayat", first.index, "waktu"), "RIWAYAT-JADWAL",
                               f"diterbitkan {first.at.isoformat()}, sebelum jadwal {schedule.isoformat()}"))
