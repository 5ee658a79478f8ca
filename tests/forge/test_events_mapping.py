"""Event payloads and the PR timeline → SOP riwayat, from GitHub's documented shapes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from fakes.github import fixture
from helpers import WIB, history_meta
from jdih.forge.errors import EventError, MergeRefused
from jdih.forge.events import MergeEvent, PullRequest, PushEvent, ReviewEvent, load_event, parse_event
from jdih.forge.mapping import apply_steps, timeline_steps, verify_merger
from jdih.project import Project


def merged_pr(**changes: Any) -> PullRequest:
    payload = fixture("pull_request_closed_merged.json", MERGE_SHA="a" * 40)
    payload["pull_request"].update(changes)
    event = parse_event(payload)
    assert isinstance(event, MergeEvent)
    return event.pr


def test_merge_event() -> None:
    pr = merged_pr()
    assert (pr.number, pr.author, pr.merged, pr.merged_by) == (7, "dwi-kpukotim", True, "rahmat-kpukotim")
    assert pr.merged_at == datetime(2026, 11, 23, 11, 10, tzinfo=WIB)
    assert pr.merge_commit_sha == "a" * 40


def test_review_events() -> None:
    ok = parse_event(fixture("pull_request_review_approved.json"))
    assert isinstance(ok, ReviewEvent) and ok.state == "approved" and ok.reviewer == "siti-kpukotim"
    no = parse_event(fixture("pull_request_review_changes_requested.json"))
    assert isinstance(no, ReviewEvent) and no.state == "changes_requested"
    assert no.body == "Tambahkan nomor pasal pada infografis."


def test_push_and_closed_unmerged() -> None:
    push = parse_event(fixture("push_main.json", BEFORE_SHA="b" * 40, MERGE_SHA="a" * 40))
    assert isinstance(push, PushEvent) and push.after == "a" * 40 and push.pusher == "rahmat-kpukotim"
    payload = fixture("pull_request_closed_merged.json")
    payload["pull_request"].update(merged=False, merged_at=None, merged_by=None)
    assert not isinstance(parse_event(payload), MergeEvent)


def test_bad_event_files(tmp_path: Path) -> None:
    with pytest.raises(EventError, match="tidak ditemukan"):
        load_event(tmp_path / "tidak-ada.json")
    (tmp_path / "rusak.json").write_text("{bukan json")
    with pytest.raises(EventError, match="bukan JSON"):
        load_event(tmp_path / "rusak.json")


def draft_post(project: Project) -> dict[str, Any]:
    meta = history_meta(project, ["disposisi", "draf"], start=datetime(2026, 11, 23, 8, 0, tzinfo=WIB), step_minutes=30)
    meta.update(judul="Mengenal PKPU", kategori="rutin-edukasi", platform=["x"])
    return meta


def test_timeline_to_riwayat(project: Project) -> None:
    pr = merged_pr()
    steps, notes = timeline_steps(project.sop, project.people, pr, fixture("timeline_pr7.json"))
    assert [(s.command, s.actor) for s in steps] == [
        ("ajukan", "dwi"),
        ("sunting", "siti"),
        ("tolak", "rahmat"),
        ("ajukan", "dwi"),
        ("ajukan", "dwi"),
        ("sunting", "siti"),
        ("setujui", "rahmat"),
    ]
    assert any("rahmat-kpukotim" in n and "approved" in n for n in notes)  # Kasubbag's review is not the approval
    applied = apply_steps(project.sop, project.people, draft_post(project), steps)
    history = applied.meta["riwayat"]
    assert [(h["status"], h["oleh"]) for h in history] == [
        ("disposisi", "rahmat"),
        ("draf", "siti"),
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("perbaikan", "rahmat"),
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("disetujui", "rahmat"),
    ]
    assert history[4]["catatan"] == "Tambahkan nomor pasal pada infografis."
    assert history[2]["waktu"] == datetime(2026, 11, 23, 9, 0, tzinfo=WIB)  # PR created_at, in WIB
    assert history[-1]["waktu"] == datetime(2026, 11, 23, 11, 10, tzinfo=WIB)  # merged_at
    assert applied.meta["status"] == "disetujui"
    assert applied.skipped == []
    again = apply_steps(project.sop, project.people, applied.meta, steps)
    assert again.added == [] and again.meta == applied.meta


def test_merger_must_be_kasubbag(project: Project) -> None:
    assert verify_merger(project.sop, project.people, merged_pr()).id == "rahmat"
    with pytest.raises(MergeRefused) as exc:
        verify_merger(project.sop, project.people, merged_pr(merged_by={"login": "siti-kpukotim"}))
    assert "Siti Nurhaliza" in exc.value.message and "Kasubbag" in exc.value.message
    assert "Penerbitan ditolak" in exc.value.message
    with pytest.raises(MergeRefused, match="tidak terdaftar"):
        verify_merger(project.sop, project.people, merged_pr(merged_by={"login": "orang-asing"}))


def test_pr_opened_by_non_pengelola_is_noted(project: Project) -> None:
    pr = merged_pr(user={"login": "siti-kpukotim"})
    steps, notes = timeline_steps(project.sop, project.people, pr, [])
    assert [s.command for s in steps] == ["setujui"]
    assert any("bukan Pelaksana/Pengelola JDIH terdaftar" in n for n in notes)
    applied = apply_steps(project.sop, project.people, draft_post(project), steps)
    assert applied.added == [] and "tidak berlaku dari status 'draf'" in applied.skipped[0]
