"""``jdih github catat-merge``: write the SOP record of a merged PR into the posts on main.

The merge is the Kasubbag's approval. Before anything is written the merger's role is
verified; the PR's own timeline (opened, reviews, new commits, merge) becomes ``riwayat``
entries through the SOP state machine, so the record on main is written by CI, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..people import People
from ..post import read_post, write_post
from ..project import Project
from ..sop_model import role_names
from .errors import MergeRefused
from .events import PullRequest
from .mapping import Proposed, apply_steps, timeline_steps, verify_merger


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
              *, roles_before: People | None = None) -> MergeRecord:
    """Verify the merger, then append the PR's SOP steps to each changed post (idempotent).

    ``roles_before``: the people as of the merge's first parent, so a PR that also makes its merger a
    Kasubbag is refused (default: today's ``sop/peran.yml``)."""
    approver = verify_merger(project.sop, roles_before or project.people, pr)
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline)
    result = MergeRecord(pr.number, approver.id, note=notes)
    for rel in post_files:
        path = project.root / rel
        if not path.is_file():
            continue
        post = read_post(path, project.content_dir)
        applied = apply_steps(project.sop, project.people, post.meta, steps)
        rec = PostRecord(rel, post.status, str(applied.meta.get("status")), applied.added, applied.skipped)
        if applied.added:
            write_post(path, applied.meta, post.body)
        result.posts.append(rec)
    return result


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
