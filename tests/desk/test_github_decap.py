"""Decap CMS on GitHub: a Decap pull request's label moves and merge through the PR-event mapping."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import WIB, history_meta, new_project
from jdih.forge.decap import column_commands, is_decap_branch
from jdih.forge.errors import MergeRefused
from jdih.forge.events import MergeEvent, PullRequest, parse_event
from jdih.forge.mapping import apply_steps, timeline_steps, verify_merger
from jdih.project import Project

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8").replace("MERGE_SHA", "a" * 40))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "proyek")


def decap_pr(**changes: Any) -> PullRequest:
    payload = load("decap_pull_request_closed_merged.json")
    payload["pull_request"].update(changes)
    event = parse_event(payload)
    if isinstance(event, MergeEvent):
        return event.pr
    return PullRequest.from_api(payload["pull_request"])  # closed without merge: no merge event


def test_columns_map_to_the_sop_commands(project: Project) -> None:
    assert column_commands(project.sop) == {"pending_review": "ajukan", "pending_publish": "sunting", "draft": "tolak"}
    assert is_decap_branch("cms/konten/2026/pemilih-pemula/index") and not is_decap_branch("konten/x")


def test_label_moves_and_merge_become_the_riwayat(project: Project) -> None:
    pr = decap_pr()
    steps, notes = timeline_steps(project.sop, project.people, pr, load("decap_timeline.json"))
    assert [(s.command, s.actor) for s in steps] == [
        ("ajukan", "dwi"), ("sunting", "siti"), ("tolak", "rahmat"), ("ajukan", "dwi"), ("sunting", "siti"),
        ("setujui", "rahmat"),
    ]
    # The pengelola dragged the card to "Menunggu persetujuan": not his step, not recorded.
    assert any("dwi-kpukotim" in n and "pending_publish" in n for n in notes)
    meta = history_meta(project, ["disposisi", "draf"], start=datetime(2026, 11, 23, 8, 0, tzinfo=WIB), step_minutes=20)
    applied = apply_steps(project.sop, project.people, meta, steps)
    assert [h["status"] for h in applied.meta["riwayat"]] == [
        "disposisi", "draf", "sunting", "persetujuan", "perbaikan", "sunting", "persetujuan", "disetujui",
    ]
    assert applied.meta["riwayat"][2]["waktu"] == datetime(2026, 11, 23, 9, 5, tzinfo=WIB)
    assert applied.meta["riwayat"][4]["catatan"].startswith("Angka DPT pada slide 2")  # the review is the reason
    assert not applied.skipped


def test_a_tidak_setuju_by_label_alone_has_no_reason_and_is_not_recorded(project: Project) -> None:
    """Labels carry no text: a drag back to "Dikerjakan" without a "Request changes" review is refused."""
    timeline = [e for e in load("decap_timeline.json") if e.get("event") != "reviewed"]
    steps, notes = timeline_steps(project.sop, project.people, decap_pr(), timeline)
    assert "tolak" not in [s.command for s in steps]
    assert any("rahmat-kpukotim" in n and "memerlukan alasan" in n for n in notes)


def test_a_merge_by_anyone_but_the_kasubbag_is_refused(project: Project) -> None:
    pr = decap_pr(merged_by={"login": "dwi-kpukotim"})
    with pytest.raises(MergeRefused, match="tidak memegang peran"):
        verify_merger(project.sop, project.people, pr)


def test_closed_without_merge_records_no_approval(project: Project) -> None:
    pr = decap_pr(merged=False, merged_at=None, merged_by=None)
    steps, _ = timeline_steps(project.sop, project.people, pr, load("decap_timeline.json")[:-1])
    assert "setujui" not in [s.command for s in steps]


def test_a_branch_that_is_not_decap_keeps_the_old_mapping(project: Project) -> None:
    pr = decap_pr(head={"ref": "konten/pemilih-pemula", "sha": "b" * 40})
    steps, _ = timeline_steps(project.sop, project.people, pr, load("decap_timeline.json"))
    assert steps[0].command == "ajukan" and steps[0].source.endswith("dibuka")
    assert not any(s.source.startswith("label") for s in steps)


def test_catat_merge_records_a_decap_pull_request_against_the_fake_github(tmp_path: Path) -> None:
    """`jdih github catat-merge` on main after Decap's Publish: riwayat from labels, merge by the Kasubbag."""
    import git
    from click.testing import CliRunner

    from fakes.github import REPO, TOKEN, FakeGitHub
    from jdih.cli import cli
    from jdih.post import read_post, write_post

    project = new_project(tmp_path / "proyek")
    post_path = "content/2026/pemilih-pemula/index.md"
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "ci@contoh.invalid")
        cw.set_value("user", "name", "CI")

    def commit(msg: str, when: str) -> str:
        repo.git.add("-A")
        repo.git.commit("-m", msg, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
        return repo.head.commit.hexsha

    # The post is already on main with its record (a new post's own steps: test_new_entry_*).
    meta = history_meta(project, ["disposisi", "draf"], start=datetime(2026, 11, 23, 8, 0, tzinfo=WIB), step_minutes=20)
    meta.update(judul="Pemilih Pemula", kategori="rutin-edukasi", platform=["x"])
    write_post(project.root / post_path, meta, "Cek DPT\n")
    before = commit("seed", "2026-11-23T08:45:00+07:00")
    repo.git.checkout("-b", "cms/konten/2026/pemilih-pemula/index")
    write_post(project.root / post_path, meta, "Cek DPT #PemilihPemula\n")
    commit("Update Konten “2026/pemilih-pemula/index”", "2026-11-23T09:00:00+07:00")
    repo.git.checkout("main")
    merged_at = "2026-11-23T11:10:00+07:00"
    repo.git.merge("--no-ff", "cms/konten/2026/pemilih-pemula/index", "-m",
                   "Automatically generated. Merged on Decap CMS.",
                   env={"GIT_AUTHOR_DATE": merged_at, "GIT_COMMITTER_DATE": merged_at})
    after = repo.head.commit.hexsha
    fake = FakeGitHub()
    fake.start()
    try:
        pr = load("decap_pull_request_closed_merged.json")["pull_request"]
        pr["merge_commit_sha"] = after
        fake.pulls[12] = pr
        fake.commit_pulls[after] = [{"number": 12, "merged_at": pr["merged_at"], "merge_commit_sha": after}]
        fake.timelines[12] = load("decap_timeline.json")
        event = tmp_path / "event.json"
        push = json.loads((Path(__file__).parents[1] / "fakes" / "github_fixtures" / "push_main.json").read_text())
        event.write_text(json.dumps(push).replace("BEFORE_SHA", before).replace("MERGE_SHA", after))
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url,
               "JDIH_SEKARANG": "2026-11-23T11:15:00+07:00"}
        r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-merge", "--event", str(event)],
                               env=env, catch_exceptions=False)
    finally:
        fake.stop()
    assert r.exit_code == 0, r.output
    post = read_post(project.root / post_path)
    assert [(h.status, h.actor) for h in post.history][2:] == [
        ("sunting", "dwi"), ("persetujuan", "siti"), ("perbaikan", "rahmat"), ("sunting", "dwi"),
        ("persetujuan", "siti"), ("disetujui", "rahmat"),
    ]
