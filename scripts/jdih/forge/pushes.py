"""Who pushed to a pull request's branch, from GitHub's own record (pure: no network, no git).

A commit's author e-mail is whatever the committer typed: git does not authenticate it. GitHub's
repository activity list (``GET /repos/{o}/{r}/activity``, :meth:`jdih.forge.client.GitHubClient.
branch_pushes`) names the signed-in account that updated a branch (``actor``), when (``timestamp``)
and to which commit (``after``). So a step made by saving to a pull request's branch (the staf's
bahan/arahan on a Decap branch, a pengelola's re-submission) takes its person and time from the push.

Decap CMS rebases its branch onto main before each save and force-pushes it, so a commit pushed earlier
may no longer be one of the PR's commits at the merge; such a push still counts when a later force-push
on the same branch rewrote it. When a GitHub has no activity list (GitHub Enterprise Server versions
without it, or a token that may not read it), the caller falls back to the commit e-mail and says so
(:data:`UNVERIFIED`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..people import People, Person
from .events import PullRequest, parse_github_time

# activity_type -> forced? (GitHub's other types: branch_creation, branch_deletion, pr_merge, merge_queue_merge)
PUSH_TYPES = {"push": False, "force_push": True}
UNVERIFIED = ("pelaku diambil dari e-mail commit yang tidak terverifikasi (daftar aktivitas push GitHub "
              "tidak tersedia)")


@dataclass(frozen=True)
class Push:
    """One update of a branch by a signed-in account: GitHub's ``push`` or ``force_push`` activity."""

    login: str | None  # ``actor.login``; None when GitHub names no actor (a deleted account)
    at: datetime  # ``timestamp``
    ref: str  # ``refs/heads/<branch>``
    after: str  # the commit the branch pointed to after the push
    forced: bool


def parse_pushes(items: Iterable[Any]) -> list[Push]:
    """The push and force-push activities of an activity list, oldest first; anything else or malformed is
    left out (the list is untrusted input)."""
    out: list[Push] = []
    for item in items:
        if not isinstance(item, dict) or item.get("activity_type") not in PUSH_TYPES:
            continue
        at = parse_github_time(item.get("timestamp"))
        after, ref = item.get("after"), item.get("ref")
        if at is None or not isinstance(after, str) or not isinstance(ref, str):
            continue
        actor = item.get("actor")
        login = actor.get("login") if isinstance(actor, dict) else None
        out.append(Push(login if isinstance(login, str) else None, at, ref, after,
                        PUSH_TYPES[str(item["activity_type"])]))
    return sorted(out, key=lambda p: p.at)


def pr_pushes(people: People, pr: PullRequest, timeline: list[dict[str, Any]],
              pushes: list[Push]) -> list[tuple[Push, Person | None]]:
    """The pushes to the PR's head branch after it was opened (and not after its merge), oldest first, each
    with the registered person of its account (None: not in ``sop/peran.yml``). A push counts only when the
    commit it pushed is one of the PR's commits (timeline ``committed`` events) or a later force-push on the
    branch rewrote it (Decap's rebase)."""
    if pr.created_at is None or not pr.head_ref:
        return []
    ref = f"refs/heads/{pr.head_ref}"
    commits = {str(ev.get("sha")) for ev in timeline if ev.get("event") == "committed" and ev.get("sha")}
    mine = [p for p in pushes if p.ref in (ref, pr.head_ref) and p.at > pr.created_at
            and (pr.merged_at is None or p.at <= pr.merged_at)]
    out: list[tuple[Push, Person | None]] = []
    for i, push in enumerate(mine):
        rewritten = any(later.forced for later in mine[i + 1:])
        if push.after in commits or rewritten:
            out.append((push, people.by_github(push.login) if push.login else None))
    return out
