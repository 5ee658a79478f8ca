"""The CI ledger keeper (.github/scripts/buku-besar.sh) round-trips the ledger through a real remote."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import REPO

SCRIPT = REPO / ".github" / "scripts" / "buku-besar.sh"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def run(cwd: Path, action: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_TOKEN": "token-yang-tidak-boleh-bocor-123"}
    return subprocess.run(["bash", str(SCRIPT), action], cwd=cwd, env=env, capture_output=True, text=True)


def clone(remote: Path, dst: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(dst))
    git(dst, "config", "user.email", "ci@contoh.invalid")
    git(dst, "config", "user.name", "CI")
    return dst


def remote_with_main(tmp_path: Path, name: str, first: str = ".gitignore", text: str = ".jdih/\n") -> tuple[Path, Path]:
    """A bare remote whose main holds one commit (``first`` with ``text``), and the clone ``name`` that made it."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    work = clone(remote, tmp_path / name)
    (work / first).write_text(text)
    git(work, "add", first)
    git(work, "commit", "-qm", "init")
    git(work, "push", "-q", "origin", "main")
    return remote, work


def start_ledger_branch(work: Path, drop: str) -> None:
    """Switch ``work`` to a new, empty ``buku-besar`` branch (``drop`` left out of its index)."""
    git(work, "checkout", "-q", "--orphan", "buku-besar")
    git(work, "rm", "-rq", "--cached", drop)


def test_ledger_survives_a_fresh_runner(tmp_path: Path) -> None:
    remote, first = remote_with_main(tmp_path, "a")

    # First run: nothing to restore, then a record written mid-flight is stored.
    res = run(first, "ambil")
    assert res.returncode == 0, res.stderr
    assert "belum ada" in res.stdout
    record = first / ".jdih" / "buku-besar" / "2026__pos" / "instagram.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"status": "mengirim"}\n')
    res = run(first, "simpan")
    assert res.returncode == 0, res.stderr
    assert "token-yang-tidak-boleh-bocor" not in res.stdout + res.stderr
    # main's work tree and index are untouched.
    assert git(first, "status", "--porcelain") == ""

    # A fresh runner restores exactly that record.
    second = clone(remote, tmp_path / "b")
    res = run(second, "ambil")
    assert res.returncode == 0, res.stderr
    restored = second / ".jdih" / "buku-besar" / "2026__pos" / "instagram.json"
    assert restored.read_text() == '{"status": "mengirim"}\n'

    # Records forgotten later disappear from the branch too; an unchanged ledger makes no commit.
    restored.unlink()
    restored.parent.rmdir()
    (second / ".jdih" / "buku-besar" / "2026__lain").mkdir()
    (second / ".jdih" / "buku-besar" / "2026__lain" / "x.json").write_text("{}\n")
    assert run(second, "simpan").returncode == 0
    before = git(second, "rev-parse", "refs/remotes/origin/buku-besar^{tree}")
    # A second simpan without a claim of its own stores nothing.
    res = run(second, "simpan")
    assert "tidak memegang klaim" in res.stdout
    assert git(second, "rev-parse", "refs/remotes/origin/buku-besar^{tree}") == before
    # A run that restores and stores an unchanged ledger leaves the same tree (its claim released).
    assert run(second, "ambil").returncode == 0
    assert run(second, "simpan").returncode == 0
    assert git(second, "rev-parse", "refs/remotes/origin/buku-besar^{tree}") == before
    third = clone(remote, tmp_path / "c")
    assert run(third, "ambil").returncode == 0
    files = sorted(p.relative_to(third / ".jdih").as_posix() for p in (third / ".jdih").rglob("*.json"))
    assert files == ["buku-besar/2026__lain/x.json"]


def test_unknown_action_is_a_usage_error(tmp_path: Path) -> None:
    res = run(tmp_path, "hapus")
    assert res.returncode == 2
    assert "pemakaian" in res.stderr


def test_planted_branch_restores_regular_ledger_files_only(tmp_path: Path) -> None:
    """Issue 12: the branch is writable by whoever holds a write token; ``ambil`` writes only regular
    files under buku-besar/, inside .jdih/, never a symlink or anything else."""
    remote, attacker = remote_with_main(tmp_path, "penyerang", "README", "x\n")
    start_ledger_branch(attacker, "README")
    (attacker / "README").unlink()
    (attacker / "buku-besar" / "2026__pos").mkdir(parents=True)
    (attacker / "buku-besar" / "2026__pos" / "x.json").write_text('{"status": "mengirim"}\n')
    os.symlink("/etc/passwd", attacker / "buku-besar" / "2026__pos" / "instagram.json")
    os.symlink("../../..", attacker / "buku-besar" / "naik")
    (attacker / "kode.sh").write_text("echo pwned\n")
    git(attacker, "add", "-A")
    git(attacker, "commit", "-qm", "planted")
    git(attacker, "push", "-q", "origin", "buku-besar")

    runner = clone(remote, tmp_path / "runner")
    res = run(runner, "ambil")
    assert res.returncode == 0, res.stderr
    found = sorted(p.relative_to(runner / ".jdih").as_posix() for p in (runner / ".jdih").rglob("*"))
    assert found == ["buku-besar", "buku-besar/2026__pos", "buku-besar/2026__pos/x.json"]
    assert not any(p.is_symlink() for p in (runner / ".jdih").rglob("*"))
    assert "'buku-besar/2026__pos/instagram.json' dilewati (bukan berkas biasa: mode 120000)" in res.stderr
    assert "'kode.sh' dilewati (di luar buku-besar/)" in res.stderr


def test_a_clone_claim_stops_ci_and_survives_its_save(tmp_path: Path) -> None:
    """An office clone delivering (its claim on the branch) makes CI send nothing and keep the claim."""
    remote, office = remote_with_main(tmp_path, "kantor")
    start_ledger_branch(office, ".")
    (office / "klaim").mkdir()
    (office / "klaim" / "pengiriman.json").write_text('{"klon": "abc", "oleh": "dwi"}\n')
    (office / "buku-besar" / "2026__pos").mkdir(parents=True)
    (office / "buku-besar" / "2026__pos" / "x.json").write_text('{"status": "mengirim"}\n')
    git(office, "add", "klaim", "buku-besar")
    git(office, "commit", "-qm", "claim")
    git(office, "push", "-q", "origin", "buku-besar")
    claimed = git(office, "rev-parse", "HEAD").strip()

    ci = clone(remote, tmp_path / "ci")
    res = run(ci, "ambil")
    assert res.returncode == 1
    assert "pengiriman lain sedang berjalan" in res.stderr and "dwi" in res.stderr
    assert not (ci / ".jdih" / "buku-besar" / "2026__pos").exists()
    # The workflow runs `simpan` always: it must not overwrite the office's ledger or claim.
    res = run(ci, "simpan")
    assert res.returncode == 0 and "tidak memegang klaim" in res.stdout
    assert git(remote, "rev-parse", "buku-besar").strip() == claimed


def test_ci_claim_is_seen_by_clones_and_released_on_save(tmp_path: Path) -> None:
    remote, ci = remote_with_main(tmp_path, "ci")
    assert run(ci, "ambil").returncode == 0
    # While CI delivers, the branch carries its claim (what an office clone's claim_run refuses on).
    assert "github-actions" in git(remote, "show", "buku-besar:klaim/pengiriman.json")
    # A second runner started meanwhile is refused.
    other = clone(remote, tmp_path / "ci2")
    assert run(other, "ambil").returncode == 1
    (ci / ".jdih" / "buku-besar" / "2026__pos").mkdir(parents=True)
    (ci / ".jdih" / "buku-besar" / "2026__pos" / "x.json").write_text("{}\n")
    assert run(ci, "simpan").returncode == 0
    files = git(remote, "ls-tree", "-r", "--name-only", "buku-besar").split()
    assert files == ["buku-besar/2026__pos/x.json"]
