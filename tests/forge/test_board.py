"""A card moved on the Decap board on GitHub by someone whose role does not allow that step is put back,
with a comment in Indonesian, and nothing is recorded (`jdih github papan`, run on every `labeled` event)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from fakes.github import BOT_LOGIN, REPO, TOKEN, FakeGitHub, fixture
from helpers import new_project
from jdih.cli import cli
from jdih.forge.board import correct_board
from jdih.forge.decap import label_steps
from jdih.forge.events import PullRequest
from jdih.project import Project

BRANCH = "cms/konten/2026/pemilih-pemula/index"
TITLES = {"draft": "Dikerjakan", "pending_review": "Sunting", "pending_publish": "Menunggu persetujuan"}


def labeled(name: str, login: str, at: str) -> dict[str, Any]:
    return {"event": "labeled", "label": {"name": name}, "actor": {"login": login}, "created_at": at}


def open_timeline() -> list[dict[str, Any]]:
    """The new entry's timeline up to the pengelola's hand-in (draft -> Sunting), before any approval."""
    events: list[dict[str, Any]] = fixture("decap_new_entry_timeline.json")
    return [e for e in events if e.get("created_at", "") < "2026-11-23T03:00:00Z" or e.get("event") == "committed"]


def open_pr() -> dict[str, Any]:
    pr: dict[str, Any] = fixture("decap_new_entry_pull_request_closed_merged.json")["pull_request"]
    pr.update(merged=False, merged_at=None, merged_by=None, merge_commit_sha=None, state="open")
    return pr


def test_a_move_the_role_does_not_allow_goes_back_to_the_last_allowed_column(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    pr = PullRequest.from_api(open_pr())
    # the pengelola drags the card on to "Menunggu persetujuan": that step (sunting) is the staf's
    timeline = [*open_timeline(), labeled("decap-cms/pending_publish", "dwi-kpukotim", "2026-11-23T02:50:00Z")]
    fix = correct_board(project.sop, project.people, pr, ["decap-cms/pending_publish", "prioritas"], timeline, TITLES)
    assert fix is not None
    assert fix.labels == ["prioritas", "decap-cms/pending_review"] and fix.column == "decap-cms/pending_review"
    assert "**Menunggu persetujuan** oleh @dwi-kpukotim ditolak" in fix.message
    assert "'sunting'" in fix.message and "Staf" in fix.message and "**Sunting**" in fix.message
    assert "tidak ada langkah SOP yang dicatat" in fix.message
    # once CI has put the card back (a label by its bot), the board is right and nothing more is done,
    # and the recorded steps neither count the refused move nor complain about the bot's label
    back = [*timeline, labeled("decap-cms/pending_review", "github-actions[bot]", "2026-11-23T02:50:05Z")]
    assert correct_board(project.sop, project.people, pr, ["decap-cms/pending_review"], back, TITLES) is None
    steps, notes = label_steps(project.sop, project.people, pr, back)
    assert [(s.command, s.actor) for s in steps] == [("ajukan", "dwi")]
    assert len(notes) == 1 and "dwi-kpukotim" in notes[0] and "bot" not in notes[0]


def test_allowed_moves_and_other_pull_requests_are_left_alone(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    pr = PullRequest.from_api(open_pr())
    timeline = [*open_timeline(), labeled("decap-cms/pending_publish", "siti-kpukotim", "2026-11-23T03:00:00Z")]
    assert correct_board(project.sop, project.people, pr, ["decap-cms/pending_publish"], timeline, TITLES) is None
    other = PullRequest.from_api({**open_pr(), "head": {"ref": "konten/pemilih-pemula"}})
    wrong = [*open_timeline(), labeled("decap-cms/pending_publish", "dwi-kpukotim", "2026-11-23T02:50:00Z")]
    assert correct_board(project.sop, project.people, other, ["decap-cms/pending_publish"], wrong, TITLES) is None


def run(project: Project, fake: FakeGitHub, event: Path) -> Result:
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url}
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "papan", "--event", str(event)],
                              env=env, catch_exceptions=False)


def test_jdih_github_papan_puts_the_card_back_and_says_why_once(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    with FakeGitHub(git_dir=remote) as fake:
        fake.add_account(BOT_LOGIN, BOT_LOGIN, "41898282+github-actions[bot]@users.noreply.github.com")  # GITHUB_TOKEN
        pr = open_pr()
        pr["labels"] = [{"name": "decap-cms/pending_publish"}]
        fake.pulls[pr["number"]] = pr
        fake.timelines[pr["number"]] = [
            *open_timeline(), labeled("decap-cms/pending_publish", "dwi-kpukotim", "2026-11-23T02:50:00Z")]
        event = tmp_path / "event.json"
        event.write_text(json.dumps({"action": "labeled", "pull_request": pr,
                                     "label": {"name": "decap-cms/pending_publish"},
                                     "sender": {"login": "dwi-kpukotim"}}), encoding="utf-8")
        r = run(project, fake, event)
        assert r.exit_code == 0, r.output
        assert "ditolak" in r.output and "Sunting" in r.output
        assert [lab["name"] for lab in fake.pulls[pr["number"]]["labels"]] == ["decap-cms/pending_review"]
        (comment,) = fake.comments[pr["number"]]
        assert "ditolak" in comment["body"] and "<!-- jdih-papan -->" in comment["body"]
        # the fake recorded CI's own label in the timeline: a second run finds the board right
        again = run(project, fake, event)
        assert again.exit_code == 0 and "tidak ada yang diubah" in again.output
        assert len(fake.comments[pr["number"]]) == 1
        # a pull request that is not the web desk's is not looked at
        event.write_text(json.dumps({"action": "labeled", "pull_request": {**pr, "head": {"ref": "fitur/x"}}}),
                         encoding="utf-8")
        other = run(project, fake, event)
        assert other.exit_code == 0 and "Bukan pull request dari meja kerja" in other.output


def reviewed(state: str, login: str, at: str, body: str = "") -> dict[str, Any]:
    return {"event": "reviewed", "state": state, "user": {"login": login}, "submitted_at": at, "body": body}


def test_tidak_setuju_needs_a_reason_and_a_request_changes_review_moves_the_card(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    pr = PullRequest.from_api(open_pr())
    ready = [*open_timeline(), labeled("decap-cms/pending_publish", "siti-kpukotim", "2026-11-23T03:00:00Z")]
    # the Kasubbag drags the card back without a reason: labels carry no text
    dragged = [*ready, labeled("decap-cms/draft", "rahmat-kpukotim", "2026-11-23T03:10:00Z")]
    fix = correct_board(project.sop, project.people, pr, ["decap-cms/draft"], dragged, TITLES)
    assert fix is not None and fix.labels == ["decap-cms/pending_publish"]
    assert "memerlukan alasan" in fix.message and "Request changes" in fix.message
    # a "Request changes" review with the reason moves the card into "Dikerjakan" by itself ...
    review = [*ready, reviewed("changes_requested", "rahmat-kpukotim", "2026-11-23T03:12:00Z", "DPT salah")]
    fix = correct_board(project.sop, project.people, pr, ["decap-cms/pending_publish"], review, TITLES)
    assert fix is not None and fix.labels == ["decap-cms/draft"] and "review" in fix.message
    # ... and the label CI then puts on is no move: the review is the recorded tidak setuju, with its text
    moved = [*review, labeled("decap-cms/draft", "github-actions[bot]", "2026-11-23T03:12:05Z")]
    assert correct_board(project.sop, project.people, pr, ["decap-cms/draft"], moved, TITLES) is None
    steps, notes = label_steps(project.sop, project.people, pr, moved)
    assert [s.command for s in steps] == ["ajukan", "sunting"] and notes == []
    # a review by someone who may not ask for changes moves nothing
    other = [*ready, reviewed("changes_requested", "dwi-kpukotim", "2026-11-23T03:12:00Z", "x")]
    assert correct_board(project.sop, project.people, pr, ["decap-cms/pending_publish"], other, TITLES) is None
