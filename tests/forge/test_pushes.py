"""Who pushed to a pull request's branch (GitHub's activity list) decides the steps made by saving:
the staf's bahan/arahan on a new Decap entry, a pengelola's re-submission; the commit e-mail only
stands in, marked unverified, where GitHub has no activity list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fakes.github import fixture
from helpers import WIB
from jdih.forge.events import PullRequest
from jdih.forge.mapping import timeline_steps
from jdih.forge.pushes import UNVERIFIED, parse_pushes, pr_pushes
from jdih.project import Project

BRANCH = "cms/konten/2026/pemilih-pemula/index"
SITI, DWI = "siti-kpukotim", "dwi-kpukotim"


def activity(rows: Sequence[tuple[str | None, str, str, str]],
             ref: str = f"refs/heads/{BRANCH}") -> list[dict[str, Any]]:
    """GitHub activity items for (login, timestamp, after, activity_type) rows."""
    return [{"id": i, "node_id": f"RA_{i}", "before": "0" * 40, "after": after, "ref": ref, "timestamp": at,
             "activity_type": kind, "actor": {"login": login, "id": i, "type": "User"} if login else None}
            for i, (login, at, after, kind) in enumerate(rows, 1)]


def new_entry(**changes: Any) -> tuple[PullRequest, list[dict[str, Any]]]:
    pr: dict[str, Any] = fixture("decap_new_entry_pull_request_closed_merged.json")["pull_request"]
    pr.update(changes)
    return PullRequest.from_api(pr), fixture("decap_new_entry_timeline.json")


def step2(project: Project, rows: Sequence[tuple[str | None, str, str, str]], **changes: Any) -> list[tuple[str, str]]:
    pr, timeline = new_entry(**changes)
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline, parse_pushes(activity(rows)))
    assert not any(UNVERIFIED in n for n in notes)
    return [(s.actor, s.at.isoformat()) for s in steps if s.command == "draf"]


def test_a_commit_with_the_staf_email_pushed_by_someone_else_is_not_her_step_2(project: Project) -> None:
    """Commit 2222 and 3333 carry Siti's addresses; the pengelola pushed 2222, Siti pushed 3333 herself."""
    rows = [(DWI, "2026-11-23T01:30:05Z", "2" * 40, "push"), (SITI, "2026-11-23T01:40:05Z", "3" * 40, "push")]
    assert step2(project, rows) == [("siti", "2026-11-23T08:40:05+07:00")]
    # Every commit bearing her e-mail pushed by the pengelola: no bahan/arahan at all.
    forged = [(DWI, "2026-11-23T01:30:05Z", "2" * 40, "push"), (DWI, "2026-11-23T01:40:05Z", "3" * 40, "push")]
    assert step2(project, forged) == []
    # Nor by an account nobody registered, nor by an unnamed (deleted) one.
    assert step2(project, [("orang-lain", "2026-11-23T01:30:05Z", "2" * 40, "push"),
                           (None, "2026-11-23T01:40:05Z", "3" * 40, "push")]) == []


def test_only_pushes_to_the_pr_branch_while_it_was_open_count(project: Project) -> None:
    before_opened = [(SITI, "2026-11-23T00:59:59Z", "1" * 40, "push")]
    after_merge = [(SITI, "2026-11-23T03:30:01Z", "3" * 40, "push")]
    not_a_push = [(SITI, "2026-11-23T01:30:05Z", "2" * 40, "branch_creation"),
                  (SITI, "2026-11-23T01:31:05Z", "2" * 40, "pr_merge")]
    assert step2(project, before_opened + after_merge + not_a_push) == []
    pr, timeline = new_entry()
    elsewhere = parse_pushes(activity([(SITI, "2026-11-23T01:30:05Z", "2" * 40, "push")], ref="refs/heads/lain"))
    assert pr_pushes(project.people, pr, timeline, elsewhere) == []


def test_a_push_must_be_of_a_pr_commit_unless_a_later_force_push_rewrote_it(project: Project) -> None:
    """Decap rebases its branch on main before a save and force-pushes it: the staf's earlier commit is then
    no longer one of the PR's commits, but her push still happened."""
    stray = [(SITI, "2026-11-23T01:30:05Z", "9" * 40, "push")]
    assert step2(project, stray) == []
    rebased = [*stray, (DWI, "2026-11-23T02:30:05Z", "4" * 40, "force_push")]
    assert step2(project, rebased) == [("siti", "2026-11-23T08:30:05+07:00")]
    # Her own save after main moved is a force-push too.
    assert step2(project, [(SITI, "2026-11-23T01:40:05Z", "3" * 40, "force_push")]) == [
        ("siti", "2026-11-23T08:40:05+07:00")]


def test_without_the_activity_list_the_commit_email_stands_in_marked_unverified(project: Project) -> None:
    pr, timeline = new_entry()
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline, None)
    (draf,) = [s for s in steps if s.command == "draf"]
    assert (draf.actor, draf.at) == ("siti", datetime(2026, 11, 23, 8, 30, tzinfo=WIB))
    assert draf.note == UNVERIFIED and "tidak terverifikasi" in draf.source
    assert notes == [f"PR #15: {UNVERIFIED}"]
    assert "e-mail commit yang tidak terverifikasi" in UNVERIFIED


def test_a_resubmission_is_a_pengelola_push(project: Project) -> None:
    """The re-submission hint (new commits by a pengelola after the PR opened) reads the pusher too."""
    payload = fixture("pull_request_closed_merged.json", MERGE_SHA="a" * 40)
    pr = PullRequest.from_api(payload["pull_request"])
    timeline = fixture("timeline_pr7.json", MERGE_SHA="a" * 40)
    ref = "refs/heads/konten/mengenal-pkpu"
    honest = parse_pushes(activity([(DWI, "2026-11-23T03:00:30Z", "2" * 40, "push"),
                                    (DWI, "2026-11-23T03:05:30Z", "3" * 40, "push")], ref=ref))
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline, honest)
    again = [(s.actor, s.at.isoformat(), s.note) for s in steps if s.command == "ajukan" and s.source != "PR #7 dibuka"]
    assert again == [("dwi", "2026-11-23T10:00:30+07:00", None), ("dwi", "2026-11-23T10:05:30+07:00", None)]
    assert not any(UNVERIFIED in n for n in notes)
    # The same commits (dwi's e-mail) pushed by the staf: no re-submission by the pengelola.
    by_staf = parse_pushes(activity([(SITI, "2026-11-23T03:00:30Z", "2" * 40, "push")], ref=ref))
    steps, _ = timeline_steps(project.sop, project.people, pr, timeline, by_staf)
    assert [s.source for s in steps if s.command == "ajukan"] == ["PR #7 dibuka"]
    # No activity list: the e-mail stands in, each such step marked.
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline, None)
    marked = [s for s in steps if s.command == "ajukan" and s.source.startswith("commit baru")]
    assert len(marked) == 2 and all(s.note == UNVERIFIED for s in marked)
    assert f"PR #7: {UNVERIFIED}" in notes
