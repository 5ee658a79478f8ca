"""``jdih github catat-merge``: write the SOP record of a merged PR into the posts on main.

The merge is the Kasubbag's approval. Before anything is written the merger's role is
verified; the PR's own timeline (opened, reviews, new commits, merge) becomes ``riwayat``
entries through the SOP state machine, so the record on main is written by CI, never typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..gitflow.compare import SOP_FIELDS
from ..people import People
from ..post import Post, read_post, write_post
from ..project import Project
from ..sop_model import Sop, role_names
from .decap import OPENED_SOURCE, disposisi_inputs, is_decap_branch, material_command, new_entry_refusal
from .errors import MergeRefused
from .events import PullRequest
from .mapping import Proposed, apply_steps, timeline_steps, verify_merger
from .pushes import Push

if TYPE_CHECKING:
    from ..gitflow.changes import AddedPost


@dataclass
class PostRecord:
    """What was recorded for one post."""

    path: str
    status_before: str
    status_after: str
    added: list[Proposed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class MergeRecord:
    """The outcome of recording one merged PR."""

    pr: int
    approver: str
    posts: list[PostRecord] = field(default_factory=list)
    note: list[str] = field(default_factory=list)


def record_pr(project: Project, pr: PullRequest, timeline: list[dict[str, Any]], post_files: list[str],
              *, roles_before: People | None = None,
              new_files: Mapping[str, AddedPost] | None = None, pushes: list[Push] | None = None) -> MergeRecord:
    """Verify the merger, then append the PR's SOP steps to each changed post (idempotent).

    ``roles_before``: the people as of the merge's first parent, so a PR that also makes its merger a
    Kasubbag is refused (default: today's ``sop/peran.yml``). ``new_files``: the posts the PR added
    (absent at the merge's first parent), with their front matter as merged and as first saved. On a Decap
    branch such a post, until CI has recorded it (its ``riwayat`` still as merged), starts from the PR's own
    disposisi (:func:`new_entry_meta`); a new post whose disposisi cannot be recorded refuses the whole merge
    before anything is written. ``pushes``: who pushed to the PR's branch (GitHub's activity list); None when
    unavailable, and steps made by pushing then come from commit e-mails, noted as unverified."""
    approver = verify_merger(project.sop, roles_before or project.people, pr)
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline, pushes)
    result = MergeRecord(pr.number, approver.id, note=notes)
    posts: list[tuple[str, Post]] = []
    for rel in post_files:
        path = project.root / rel
        if path.is_file():
            posts.append((rel, read_post(path, project.content_dir)))
    added = new_files or {}
    decap_new = [rel for rel, post in posts if is_decap_branch(pr.head_ref) and rel in added
                 and post.meta.get("riwayat") == (added[rel].merged or {}).get("riwayat")]
    first = OPENED_SOURCE.format(number=pr.number)
    if decap_new and not any(s.source == first for s in steps):
        raise MergeRefused(
            new_entry_refusal(project.sop, pr, decap_new),
            hint="Batalkan merge (revert). Konten baru dibuat oleh Kasubbag dari meja kerja (Konten baru), "
            "lalu staf, pengelola dan Kasubbag melanjutkan di pull request yang dibuka Kasubbag.",
        )
    for rel, post in posts:
        meta, post_steps = post.meta, steps
        if rel in decap_new:
            meta, post_steps = new_entry_meta(project.sop, meta, added[rel].first, steps, first, result.note, rel)
        applied = apply_steps(project.sop, project.people, meta, post_steps)
        rec = PostRecord(rel, post.status, str(applied.meta.get("status")), applied.added, applied.skipped)
        if applied.added:
            write_post(project.root / rel, applied.meta, post.body)
        result.posts.append(rec)
    return result


def new_entry_meta(sop: Sop, meta: dict[str, Any], created: dict[str, Any] | None, steps: list[Proposed], first: str,
               notes: list[str], rel: str) -> tuple[dict[str, Any], list[Proposed]]:
    """A new Decap post's front matter without what it must not carry, and the PR's steps with the
    disposisi note and request time taken (validated) from the form-only key as the first save
    (``created``) wrote it: a later change of it is ignored; actor and time stay the event's. Without a
    later commit by the holder of the next step's role, the post stays at the first state (the board's
    moves then do not apply and are listed as skipped) and a note says why."""
    from ..desk.entry import STEP_FIELD

    meta = dict(meta)
    forged = [k for k in SOP_FIELDS if k in meta]  # only CI writes them into a new Decap file
    for key in forged:
        del meta[key]
    if forged:
        notes.append(f"{rel}: {', '.join(forged)} di berkas baru diabaikan; riwayat hanya ditulis dari "
                     "peristiwa pull request")
    opened = next(s for s in steps if s.source == first)
    later = meta.pop(STEP_FIELD, None)
    raw = (created or {}).get(STEP_FIELD)
    if later != raw:
        notes.append(f"{rel}: isian '{STEP_FIELD}' diubah setelah konten dibuat; yang dipakai isian saat dibuat")
    note, started, ignored = disposisi_inputs(raw, opened.at)
    notes.extend(f"{rel}: {n}" for n in ignored)
    filled = replace(opened, note=note, extra=(("mulai", started),) if started is not None else ())
    second = material_command(sop)
    if second is not None and not any(s.command == second and s.required is False and s is not opened
                                      for s in steps):
        who = role_names(sop, sop.roles_for_command(second))
        notes.append(f"{rel}: bahan/arahan (langkah '{second}') tidak tercatat: tidak ada push/commit oleh "
                     f"{who} setelah PR dibuka; konten tetap di status awal dan tidak diterbitkan")
    return meta, [filled if s is opened else s for s in steps]


def verify_direct_push(project: Project, pusher: str | None, added: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A push without a PR may carry an approval only when pushed by the approver (local-mode merge).

    Returns the posts approved by the push; raises MergeRefused when the pusher lacks the role.
    """
    merge = project.sop.forge.merge
    approving = {t.target for t in project.sop.transitions_for_command(merge)}
    approved = [rel for rel, entries in added.items() if any(e.get("status") in approving for e in entries)]
    if not approved:
        return []
    roles = project.sop.roles_for_command(merge)
    person = project.people.by_github(pusher) if pusher else None
    if person is None or not person.has_role(*roles):
        raise MergeRefused(
            f"push langsung ke main oleh '{pusher or '?'}' memuat persetujuan ({', '.join(approved)}), padahal "
            f"hanya {role_names(project.sop, roles)} yang boleh menyetujui. Penerbitan ditolak.",
            hint="Batalkan commit itu (revert) dan aktifkan perlindungan cabang main (lihat README).",
        )
    return approved
