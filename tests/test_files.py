"""Atomic writes: a writer SIGKILLed mid-write leaves only an ignorable, recognisable temp file that
git never commits, and the next run cleans it up or steps over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import git

from jdih.files import TEMP_PREFIX, atomic_write, is_temp, remove_stale_temps
from jdih.ledger import Ledger

REPO = Path(__file__).resolve().parents[1]

# A child process that writes `target` atomically and is SIGKILLed while fsync runs (the temp file
# exists, the rename has not happened). os.fsync is replaced in the child only: it announces
# itself and then waits to be killed; our code is not patched.
CHILD = """
import os, sys, time
from pathlib import Path
from jdih.files import atomic_write
def stuck(fd):
    print("schreibt", flush=True)
    time.sleep(60)
os.fsync = stuck
atomic_write(Path(sys.argv[1]), "baru\\n" * 1000)
"""


def kill_mid_write(target: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "schreibt"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic_write(target, "satu")
    target.chmod(0o640)
    atomic_write(target, b"dua")
    assert target.read_bytes() == b"dua" and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.txt"]


def test_sigkill_mid_write_leaves_old_file_and_an_ignored_temp(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    post = root / "content" / "2026" / "satu" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("lama\n")
    (root / ".gitignore").write_text((REPO / ".gitignore").read_text())
    repo = git.Repo.init(root)
    kill_mid_write(post)
    assert post.read_text() == "lama\n"  # the old file, whole
    leftovers = [p for p in post.parent.iterdir() if p.name != "index.md"]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(TEMP_PREFIX + "index.md.")
    assert is_temp(leftovers[0])
    # What CI does (.github/scripts/simpan.sh): the temp file is never staged.
    repo.git.add("-A", "content")
    staged = repo.git.diff("--cached", "--name-only").split()
    assert staged == ["content/2026/satu/index.md"]
    # The next run removes a stale leftover (and only leftovers).
    assert remove_stale_temps(post.parent, older_than=0) == 1
    assert [p.name for p in post.parent.iterdir()] == ["index.md"]


def test_fresh_temp_of_a_running_writer_is_not_removed(tmp_path: Path) -> None:
    (tmp_path / f"{TEMP_PREFIX}x.1").write_text("sedang ditulis")
    assert remove_stale_temps(tmp_path) == 0  # younger than the stale age: someone may be writing it
    assert remove_stale_temps(tmp_path, now=os.path.getmtime(tmp_path / f"{TEMP_PREFIX}x.1") + 3600) == 1


def test_ledger_steps_over_and_forgets_leftover_temps(tmp_path: Path) -> None:
    from helpers import NOW

    ledger = Ledger(tmp_path / "bb")
    record = tmp_path / "bb" / "2026__a" / "x.json"
    ledger.update("2026/a", "x", NOW, status="mengirim")
    kill_mid_write(record)
    assert [e.status for e in ledger.entries()] == ["mengirim"]  # the temp file is not read as a record
    ledger.forget("2026/a")  # before the fix: OSError "Directory not empty"
    assert not record.parent.exists()
