"""`jdih ingatkan` from two clones of one office remote: the run claims the shared ledger branch like
terbitkan/umumkan, so the second clone never reminds again, and the record of sent reminders is
committed and pushed (real bare remote, real clones, outbox channel)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import git

from helpers import make_post
from support.office import PEOPLE, Office

SLUG = "pos-pengingat"


def _outbox(office: Office, who: str) -> list[Path]:
    root = office[who].root / ".jdih" / "kotak-keluar" / "pengingat"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_reminders_from_two_clones_go_out_once_and_the_record_is_on_the_remote(tmp_path: Path) -> None:
    office = Office(tmp_path)
    dwi = office["dwi"]
    make_post(dwi.project, SLUG, status="draf", start=office.now - timedelta(days=3))
    dwi.repo.git.add("-A")
    dwi.repo.git.commit("-m", "test: a draft waiting for the pengelola")
    dwi.repo.git.push("origin", "main")
    office.clones["laptop"] = office.clone("laptop", PEOPLE["dwi"])  # another PC of the office

    first = office.run("dwi", "ingatkan")
    assert first.exit_code == 0, first.output
    sent = _outbox(office, "dwi")
    assert sent, first.output
    assert "di-commit dan dikirim ke remote" in first.output
    remote = git.Repo(office.remote)
    files = [b.path for b in remote.commit("main").tree.traverse() if b.path.startswith("catatan/pengingat/")]
    assert any(p.endswith(".jsonl") for p in files), files
    assert not dwi.repo.is_dirty(untracked_files=True)

    second = office.run("laptop", "ingatkan")
    assert second.exit_code == 0, second.output
    assert _outbox(office, "laptop") == []  # the same reminders are not sent a second time
