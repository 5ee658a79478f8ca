"""Steps on main committed and pushed from any clone, and the in-flight ledger shared through the office
remote so two machines can never both claim one delivery (real bare remote, two clones)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import git
import pytest

from jdih.gitflow.ledger_branch import (
    LEDGER_BRANCH,
    LedgerRace,
    fetch_ledger,
    push_ledger,
    update_shared_ledger,
)
from jdih.gitflow.repo import Workspace
from jdih.gitflow.step_commit import record_step_commit
from support.office import Office

RECORD = "2026~pos~x.json"


def _state(office: Office, who: str) -> Path:
    return office[who].root / ".jdih"


def _claim(folder: Path) -> bool:
    """Claim the delivery of one post to one channel unless someone already has (as the engine does)."""
    record = folder / RECORD
    if record.exists():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"post_id": "2026/pos", "kanal": "x", "status": "mengirim"}), encoding="utf-8")
    return True


def test_two_clones_never_both_claim_one_delivery(office: Office) -> None:
    dwi, rizky = Workspace.open(office["dwi"].root), Workspace.open(office["siti"].root)
    second: list[bool] = []

    def claim_while_the_other_machine_claims_too(folder: Path) -> bool:
        if not second:  # between this clone's fetch and its push, the other clone claims and pushes
            second.append(update_shared_ledger(dwi, _state(office, "dwi"), _claim, "ledger: dwi"))
        return _claim(folder)

    mine = update_shared_ledger(rizky, _state(office, "siti"), claim_while_the_other_machine_claims_too,
                                "ledger: siti")
    assert second == [True] and mine is False  # exactly one claim won
    remote = git.Repo(office.remote)
    tree = remote.commit(LEDGER_BRANCH).tree
    assert [b.path for b in tree.traverse()] == ["buku-besar", f"buku-besar/{RECORD}"]
    # the loser's folder now shows the winner's record
    assert json.loads((_state(office, "siti") / "buku-besar" / RECORD).read_text())["status"] == "mengirim"
    # main's index and files were never touched
    assert not office["siti"].repo.is_dirty(untracked_files=True)
    assert not office["dwi"].repo.is_dirty(untracked_files=True)


def test_a_push_from_a_stale_base_is_refused_and_changes_nothing(office: Office) -> None:
    a, b = Workspace.open(office["dwi"].root), Workspace.open(office["siti"].root)
    base_a = fetch_ledger(a, _state(office, "dwi"))
    base_b = fetch_ledger(b, _state(office, "siti"))
    assert base_a.commit is None and base_b.commit is None
    _claim(_state(office, "dwi") / "buku-besar")
    won = push_ledger(a, _state(office, "dwi"), base_a, "ledger: dwi")
    _claim(_state(office, "siti") / "buku-besar")
    with pytest.raises(LedgerRace):
        push_ledger(b, _state(office, "siti"), base_b, "ledger: siti")
    assert git.Repo(office.remote).commit(LEDGER_BRANCH).hexsha == won.commit


def test_a_planted_symlink_or_path_escape_on_the_branch_is_never_written_out(office: Office, tmp_path: Path) -> None:
    a = Workspace.open(office["dwi"].root)
    state = _state(office, "dwi")
    folder = state / "buku-besar"
    folder.mkdir(parents=True)
    (folder / "baik.json").write_text("{}", encoding="utf-8")
    os.symlink("/etc/passwd", folder / "jahat.json")
    push_ledger(a, state, fetch_ledger(a, state), "ledger with a planted link")
    b = Workspace.open(office["siti"].root)
    fetch_ledger(b, _state(office, "siti"))
    got = _state(office, "siti") / "buku-besar"
    assert sorted(p.name for p in got.iterdir()) == ["baik.json"]


def test_record_step_commit_commits_pushes_and_is_rerunnable(office: Office) -> None:
    dwi, rahmat = office["dwi"], office["rahmat"]
    for clone in (dwi, rahmat):
        clone.repo.git.checkout("main")
    post = dwi.root / "content" / "2026" / "pos" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\njudul: Pos\n---\n", encoding="utf-8")
    (dwi.root / "catatan-lain.txt").write_text("bukan bagian langkah\n", encoding="utf-8")
    # a colleague pushed to main meanwhile: the step's commit goes on top of it
    (rahmat.root / "README.md").write_text("# JDIH kantor\n", encoding="utf-8")
    rahmat.repo.git.commit("-am", "docs")
    rahmat.repo.git.push("origin", "main")

    ws = Workspace.open(dwi.root)
    done = record_step_commit(ws, ["content/2026/pos"], "sop(terbitkan): 2026/pos")
    assert done.pushed and done.commit is not None
    remote = git.Repo(office.remote)
    assert remote.git.show("main:content/2026/pos/index.md").startswith("---\njudul: Pos")
    assert remote.git.show("main:README.md") == "# JDIH kantor"
    assert "catatan-lain.txt" in dwi.repo.untracked_files  # outside the step's paths: untouched

    tip = remote.commit("main").hexsha
    again = record_step_commit(ws, ["content/2026/pos"], "sop(terbitkan): 2026/pos")
    assert again.commit is None and again.pushed and remote.commit("main").hexsha == tip


def test_record_step_commit_sends_a_commit_left_unsent(office: Office) -> None:
    """Interrupted after the commit, before the push: the same call again sends it."""
    dwi = office["dwi"]
    dwi.repo.git.checkout("main")
    post = dwi.root / "content" / "2026" / "pos" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\njudul: Pos\n---\n", encoding="utf-8")
    dwi.repo.git.add("-A", "content")
    dwi.repo.git.commit("-m", "sop(terbitkan): 2026/pos")  # the commit the interrupted run made
    ws = Workspace.open(dwi.root)
    done = record_step_commit(ws, ["content/2026/pos"], "sop(terbitkan): 2026/pos")
    assert done.commit is None and done.pushed
    assert git.Repo(office.remote).commit("main").hexsha == dwi.repo.commit("main").hexsha
