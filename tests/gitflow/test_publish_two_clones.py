"""`jdih terbitkan` run from two clones of one office remote (two pengelola PCs): the delivery is
claimed on the shared ledger branch, so the second clone never posts again, and the outcome (front
matter) is committed and pushed like every other step (real bare remote, real clones, outbox mode)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import git

from helpers import make_post
from jdih.gitflow.ledger_branch import CLAIM_DIR, LEDGER_BRANCH, claim_run
from jdih.gitflow.repo import Workspace
from jdih.post import parse_post
from support.office import PEOPLE, Office

SLUG = "pos-dua-komputer"
POST = f"content/2026/{SLUG}/index.md"


def _approved_post_on_remote(office: Office) -> Office:
    """A post in `disetujui` on the remote's main; a second PC of the pengelola cloned after it."""
    dwi = office["dwi"]
    make_post(dwi.project, SLUG, status="disetujui", platform=["telegram", "facebook"])
    dwi.repo.git.add("-A")
    dwi.repo.git.commit("-m", "test: approved post")
    dwi.repo.git.push("origin", "main")
    office.clones["laptop"] = office.clone("laptop", PEOPLE["dwi"])  # the same pengelola's other PC
    return office


def _outbox(office: Office, who: str) -> list[Path]:
    root = office[who].root / ".jdih" / "kotak-keluar"
    return sorted(p for p in root.glob(f"*/2026__{SLUG}") if p.is_dir()) if root.exists() else []


def _remote_post(office: Office) -> dict[str, object]:
    return parse_post(Path(POST), office.remote_file("main", POST)).meta


def test_the_second_clone_never_posts_again_and_the_outcome_is_on_the_remote(office: Office) -> None:
    _approved_post_on_remote(office)

    first = office.run("dwi", "terbitkan", "--ke", "berkas")
    assert first.exit_code == 0, first.output
    assert len(_outbox(office, "dwi")) == 2  # telegram + facebook prepared once
    assert "di-commit dan dikirim ke remote" in first.output
    remote = git.Repo(office.remote)
    assert remote.commit("main").message.strip() == f"terbitkan: 2026/{SLUG} diunggah"
    assert _remote_post(office)["status"] == "diunggah"
    assert not office["dwi"].repo.is_dirty(untracked_files=True)
    # the claim is dropped and the ledger records are on the shared branch
    paths = [b.path for b in remote.commit(LEDGER_BRANCH).tree.traverse()]
    assert not any(p.startswith(f"{CLAIM_DIR}/") for p in paths)
    assert any(p.startswith("buku-besar/2026__") for p in paths), paths

    second = office.run("laptop", "terbitkan", "--ke", "berkas")
    assert second.exit_code == 0, second.output
    assert _outbox(office, "laptop") == []  # nothing prepared or sent a second time
    assert "Tidak ada pos berstatus 'disetujui'" in second.output
    assert remote.commit("main").message.strip() == f"terbitkan: 2026/{SLUG} diunggah"


def test_while_one_clone_holds_the_claim_the_other_sends_nothing_and_the_holder_completes(office: Office) -> None:
    _approved_post_on_remote(office)
    dwi = office["dwi"]
    # dwi's run was interrupted after claiming (e.g. Ctrl-C mid-send): the claim stays on the remote
    held = claim_run(Workspace.open(dwi.root), dwi.root / ".jdih", "dwi", "terbitkan",
                     datetime(2026, 11, 23, 8, 0).isoformat())
    assert held is None
    before = git.Repo(office.remote).commit("main").hexsha

    other = office.run("laptop", "terbitkan", "--ke", "berkas")
    assert other.exit_code == 1, other.output
    assert "pengiriman sedang berjalan (atau terputus) di komputer lain" in other.output
    assert "Traceback" not in other.output
    assert _outbox(office, "laptop") == []
    assert git.Repo(office.remote).commit("main").hexsha == before

    again = office.run("dwi", "terbitkan", "--ke", "berkas")  # re-running on the holder completes the step
    assert again.exit_code == 0, again.output
    assert len(_outbox(office, "dwi")) == 2
    assert _remote_post(office)["status"] == "diunggah"

    last = office.run("laptop", "terbitkan", "--ke", "berkas")
    assert last.exit_code == 0, last.output
    assert _outbox(office, "laptop") == []


def test_an_unknown_post_exits_2(office: Office) -> None:
    _approved_post_on_remote(office)
    for args in (("terbitkan", "--ke", "berkas", "--pos", "2026/tidak-ada"), ("umumkan", "--pos", "2026/tidak-ada")):
        result = office.run("dwi", *args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output


def test_a_push_that_failed_is_completed_by_running_the_same_command_again(office: Office) -> None:
    _approved_post_on_remote(office)
    hook = office.remote / "hooks" / "pre-receive"
    hook.write_text('#!/bin/sh\nwhile read old new ref; do [ "$ref" = refs/heads/main ] && exit 1; done\nexit 0\n')
    hook.chmod(0o755)
    before = git.Repo(office.remote).commit("main").hexsha

    failed = office.run("dwi", "terbitkan", "--ke", "berkas")
    assert failed.exit_code == 1, failed.output
    assert "Traceback" not in failed.output
    assert git.Repo(office.remote).commit("main").hexsha == before  # the outcome is only committed locally
    assert office["dwi"].repo.head.commit.message.strip() == f"terbitkan: 2026/{SLUG} diunggah"
    refused = office.run("laptop", "terbitkan", "--ke", "berkas")  # the claim still stands: nothing sent
    assert refused.exit_code == 1 and _outbox(office, "laptop") == []

    hook.unlink()
    again = office.run("dwi", "terbitkan", "--ke", "berkas")
    assert again.exit_code == 0, again.output
    assert git.Repo(office.remote).commit("main").message.strip() == f"terbitkan: 2026/{SLUG} diunggah"
    assert _remote_post(office)["status"] == "diunggah"
    assert len(_outbox(office, "dwi")) == 2
    last = office.run("laptop", "terbitkan", "--ke", "berkas")
    assert last.exit_code == 0 and _outbox(office, "laptop") == []
