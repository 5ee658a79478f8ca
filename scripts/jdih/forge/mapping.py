"""GitHub's PR timeline and merge as SOP ``riwayat`` entries (pure: no network, no git).

Which command each event records is the ``github:`` section of ``sop/alur.yml`` (today):

- PR opened by a pengelola → the ``ajukan`` step (draft submitted: ``sunting``), at ``created_at``;
- new pushes by a pengelola after a perbaikan → ``ajukan`` again, at the push time (the pusher is GitHub's
  signed-in account, :mod:`jdih.forge.pushes`; without GitHub's activity list, new commits whose author
  e-mail is a pengelola's stand in, noted as unverified);
- an approving review by an editor (staf) → the ``sunting`` step (``persetujuan``), at ``submitted_at``;
- "Request changes" by the Kasubbag → ``tolak`` (``perbaikan``), the review text as ``catatan``;
- the merge by the Kasubbag → ``setujui`` (``disetujui``), approver = merger, time = ``merged_at``.

Which state each command reaches and who may do it come from the transitions; every entry is
applied through :func:`jdih.workflow.apply_transition`. Nothing here spells a state, role or command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import TransitionError
from ..people import People, Person
from ..post import parse_time
from ..sop_model import Sop, role_names
from ..workflow import apply_transition, current_status
from .errors import MergeRefused
from .events import PullRequest, parse_github_time
from .pushes import UNVERIFIED, Push, pr_pushes

REVERT_HINT = "Batalkan merge (revert), lalu minta Kasubbag me-merge. Periksa juga aturan perlindungan cabang main."


@dataclass(frozen=True)
class Proposed:
    """A step GitHub says happened: SOP command, person id, time, note, and where it came from."""

    command: str
    actor: str
    at: datetime
    note: str | None
    source: str
    required: bool = True  # False: a hint (a new commit) that is dropped silently when it does not apply
    # Extra fields of the riwayat entry: the merge names its PR and merge commit, so the publisher can
    # verify the approval against GitHub (jdih.approval).
    extra: tuple[tuple[str, Any], ...] = ()


def _may(sop: Sop, person: Person | None, command: str) -> bool:
    return person is not None and person.has_role(*sop.roles_for_command(command))


def timeline_steps(
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], pushes: list[Push] | None = None
) -> tuple[list[Proposed], list[str]]:
    """SOP steps read from a PR and its timeline, oldest first, plus notes on what was not mapped.

    ``pushes``: GitHub's record of who pushed to the PR's branch (:meth:`jdih.forge.client.GitHubClient.
    branch_pushes`); None when it is unavailable: steps made by pushing then come from commit e-mails, with
    :data:`jdih.forge.pushes.UNVERIFIED` as their note and in the notes."""
    from .decap import decap_steps, is_decap_branch  # Decap CMS's pull requests: its board labels are the steps

    out: list[Proposed] = []
    notes: list[str] = []
    tag = f"PR #{pr.number}"
    zone = ZoneInfo(sop.office.timezone)
    events = sop.forge
    author = people.by_github(pr.author) if pr.author else None
    if pr.created_at and _may(sop, author, events.pr_opened):
        assert author is not None
        out.append(Proposed(events.pr_opened, author.id, pr.created_at, None, f"{tag} dibuka"))
    elif pr.author and not is_decap_branch(pr.head_ref):  # Decap's opening is the first save, not a hand-in
        who = role_names(sop, sop.roles_for_command(events.pr_opened))
        notes.append(f"{tag} dibuka oleh {pr.author}, bukan {who} terdaftar: tidak dicatat sebagai penyerahan draf")
    for ev in timeline:
        kind = ev.get("event")
        if kind == "reviewed":
            login = (ev.get("user") or {}).get("login")
            person = people.by_github(login) if isinstance(login, str) else None
            state = str(ev.get("state") or "").lower()
            when = parse_github_time(ev.get("submitted_at"))
            if when is None:
                continue
            if state == "approved" and _may(sop, person, events.review_approved):
                assert person is not None
                out.append(Proposed(events.review_approved, person.id, when, None, f"review setuju {tag}"))
            elif state == "changes_requested" and _may(sop, person, events.review_changes_requested):
                assert person is not None
                body = str(ev.get("body") or "").strip() or "perbaikan diminta lewat review GitHub"
                out.append(Proposed(events.review_changes_requested, person.id, when, body[:1000],
                                    f"review minta perubahan {tag}"))
            elif state in ("approved", "changes_requested"):
                notes.append(f"review '{state}' oleh {login} tidak dipetakan (tidak memegang peran yang sesuai)")
        elif kind == "committed" and pushes is None:
            email = ((ev.get("author") or {}).get("email")) or ""
            person = people.by_email(email) if email else None
            when = parse_github_time((ev.get("committer") or {}).get("date"))
            # Commits before the PR was opened are the draft itself, not a re-submission.
            late = when is not None and (pr.created_at is None or when > pr.created_at)
            if when is not None and late and _may(sop, person, events.new_commit):
                assert person is not None
                out.append(Proposed(events.new_commit, person.id, when, UNVERIFIED, f"commit baru di {tag}",
                                    required=False))
    for push, pusher in pr_pushes(people, pr, timeline, pushes or []):
        if _may(sop, pusher, events.new_commit):
            assert pusher is not None
            out.append(Proposed(events.new_commit, pusher.id, push.at, None, f"push baru {push.login} di {tag}",
                                required=False))
    out, decap_notes = decap_steps(sop, people, pr, timeline, out, pushes)
    notes += decap_notes
    if any(p.note == UNVERIFIED for p in out):
        notes.append(f"{tag}: {UNVERIFIED}")
    if pr.merged and pr.merged_at is not None:
        merger = people.by_github(pr.merged_by) if pr.merged_by else None
        if merger is not None:
            extra: tuple[tuple[str, Any], ...] = (("pr", pr.number),)
            if pr.merge_commit_sha:
                extra += (("commit", pr.merge_commit_sha),)
            out.append(Proposed(events.merge, merger.id, pr.merged_at, None, f"merge {tag}", extra=extra))
    out = [Proposed(p.command, p.actor, p.at.astimezone(zone), p.note, p.source, p.required, p.extra)
           for p in out]
    out.sort(key=lambda p: p.at)
    return out, notes


def verify_merger(sop: Sop, people: People, pr: PullRequest) -> Person:
    """The person who merged, when they hold the approving role; else MergeRefused saying why."""
    roles = sop.roles_for_command(sop.forge.merge)
    who = role_names(sop, roles)
    if not pr.merged:
        raise MergeRefused(f"PR #{pr.number} belum di-merge; tidak ada persetujuan untuk dicatat")
    if not pr.merged_by:
        raise MergeRefused(f"GitHub tidak menyebut siapa yang me-merge PR #{pr.number}; penerbitan ditolak")
    person = people.by_github(pr.merged_by)
    if person is None:
        raise MergeRefused(
            f"PR #{pr.number} di-merge oleh '{pr.merged_by}' yang tidak terdaftar di sop/peran.yml; "
            f"persetujuan hanya sah oleh {who}. Penerbitan ditolak.",
            hint=REVERT_HINT,
        )
    if not person.has_role(*roles):
        raise MergeRefused(
            f"PR #{pr.number} di-merge oleh {person.name} ({pr.merged_by}) yang tidak memegang peran {who}; "
            "merge tidak dihitung sebagai persetujuan SOP langkah 5. Penerbitan ditolak.",
            hint=REVERT_HINT,
        )
    return person


@dataclass
class Applied:
    """Result of applying GitHub steps to one post."""

    meta: dict[str, Any]
    added: list[Proposed]
    skipped: list[str]


def apply_steps(sop: Sop, people: People, meta: dict[str, Any], steps: list[Proposed]) -> Applied:
    """Append the GitHub steps to a post's front matter, idempotently.

    Steps not after the newest entry are already recorded (or predate it) and are skipped;
    a step the SOP does not allow from the current state is skipped with a note.
    """
    added: list[Proposed] = []
    skipped: list[str] = []
    for step in steps:
        history = meta.get("riwayat") or []
        last = parse_time(history[-1].get("waktu")) if history and isinstance(history[-1], dict) else None
        if last is not None and step.at.replace(microsecond=0) <= last:
            continue
        source = current_status(meta) if history else None
        options = [t for t in sop.transitions_for_command(step.command) if t.source == source]
        if not options:
            if not step.required:
                continue
            skipped.append(f"{step.source}: langkah '{step.command}' tidak berlaku dari status '{source}'")
            continue
        try:
            meta = apply_transition(sop, people, meta, options[0].target, step.actor, step.at, step.note,
                                    dict(step.extra) or None)
        except TransitionError as exc:
            skipped.append(f"{step.source}: {exc.message}")
            continue
        added.append(step)
    return Applied(meta, added, skipped)
