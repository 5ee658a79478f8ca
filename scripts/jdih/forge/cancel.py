"""Batal from the web desk on GitHub (pure): a new post's pull request closed by the Kasubbag.

A post made in Decap lives only on its ``cms/`` branch until the merge, so "batal" is closing that pull
request without merging it (on GitHub: *Close with comment*). CI then records the post on main with its
whole ``riwayat``: the steps its pull request already carries (:func:`jdih.forge.mapping.timeline_steps`)
and the cancellation, by the person who closed it, at the closing time, with their last comment on the
pull request as the required reason. Closing an edit of a post already on main only drops the edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..people import People
from ..sop_model import Sop, role_names
from .decap import OPENED_SOURCE
from .events import PullRequest, parse_github_time
from .mapping import Proposed, apply_steps, timeline_steps
from .pushes import Push
from .record import new_entry_meta

NOTE_LIMIT = 1000


@dataclass(frozen=True)
class CancelOutcome:
    """What closing the pull request means for one new post."""

    meta: dict[str, Any] | None  # front matter to write on main; None: nothing is recorded
    message: str  # Indonesian: what happened, or what a person must do
    comment: bool = False  # say it on the pull request (someone has to act)


def cancel_outcome(sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]],
                   head_meta: dict[str, Any], rel: str, pushes: list[Push] | None = None) -> CancelOutcome:
    """The record of a closed, unmerged Decap pull request for the new post ``rel`` it carried.

    ``pushes``: GitHub's record of who pushed to its branch (as for :func:`jdih.forge.mapping.timeline_steps`);
    None when unavailable, and the steps made by pushing are then marked unverified."""
    command = sop.cancel_commands[0]
    roles = sop.roles_for_command(command)
    closing = [ev for ev in timeline if ev.get("event") == "closed"]
    if pr.merged or not closing:
        return CancelOutcome(None, f"PR #{pr.number} tidak ditutup tanpa merge; tidak ada pembatalan")
    login = (closing[-1].get("actor") or {}).get("login")
    at = parse_github_time(closing[-1].get("created_at"))
    person = people.by_github(login) if isinstance(login, str) else None
    if person is None or at is None or not person.has_role(*roles):
        return CancelOutcome(None, (
            f"PR #{pr.number} ditutup oleh @{login or '?'}, bukan {role_names(sop, roles)}: konten baru {rel} tidak "
            "dibatalkan dan tidak dicatat. Bila ditutup tidak sengaja, pulihkan cabangnya lalu buka kembali "
            "pull request ini (Reopen)."), comment=True)
    said = [str(ev.get("body") or "").strip() for ev in timeline
            if ev.get("event") == "commented" and (ev.get("actor") or ev.get("user") or {}).get("login") == login]
    reason = next((s for s in reversed(said) if s), "")
    if not reason:
        return CancelOutcome(None, (
            f"Pembatalan {rel} memerlukan alasan: @{login}, tulis alasannya sebagai komentar di pull request ini, "
            f"lalu jalankan workflow \"Batal dari meja kerja\" (tab Actions, Run workflow) dengan nomor PR "
            f"{pr.number}."), comment=True)
    steps, notes = timeline_steps(sop, people, pr, timeline, pushes)
    first = OPENED_SOURCE.format(number=pr.number)
    if not any(s.source == first for s in steps):
        return CancelOutcome(None, f"{rel}: PR #{pr.number} tidak dibuka oleh pemberi disposisi, jadi konten ini "
                                   "tidak pernah tercatat; tidak ada yang dibatalkan")
    meta, steps = new_entry_meta(sop, head_meta, head_meta, steps, first, notes, rel)
    steps.append(Proposed(command, person.id, at, reason[:NOTE_LIMIT], f"PR #{pr.number} ditutup"))
    applied = apply_steps(sop, people, meta, steps)
    target = next(t.target for t in sop.transitions_for_command(command))
    if applied.meta.get("status") != target:
        return CancelOutcome(None, f"{rel}: pembatalan tidak dapat dicatat ({'; '.join(applied.skipped)})",
                             comment=True)
    return CancelOutcome(applied.meta, f"{rel}: dibatalkan oleh {person.id} (PR #{pr.number} ditutup); "
                                       f"{len(applied.meta.get('riwayat') or [])} entri riwayat ditulis")
