"""Test support: interrupt a real ``jdih`` process at a chosen git phase (SIGINT or SIGKILL), for real.

A ``git`` wrapper placed first on PATH stops before running the chosen git subcommand until the
test lets it go; hooks in the bare remote stop inside the push (``pre-receive``: the remote has
not updated yet; ``post-receive``: it has, the client has not heard back). The test then kills the
whole process group, as Ctrl-C in a terminal or a power cut does.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

REAL_GIT = shutil.which("git") or "/usr/bin/git"

_WRAPPER = """#!/bin/sh
# Stop before `git <sub> ... <arg> ...` while the test holds us (see tests/support/interrupt.py).
if [ -n "$JDIH_TEST_BLOCK_SUB" ] && [ ! -e "$JDIH_TEST_BLOCK_DIR/released" ]; then
  sub=""
  skip=0
  for a in "$@"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case "$a" in
      -c|-C) skip=1 ;;
      -*) ;;
      *) sub="$a"; break ;;
    esac
  done
  hit=0
  if [ "$sub" = "$JDIH_TEST_BLOCK_SUB" ]; then
    hit=1
    if [ -n "$JDIH_TEST_BLOCK_ARG" ]; then
      hit=0
      for a in "$@"; do [ "$a" = "$JDIH_TEST_BLOCK_ARG" ] && hit=1; done
    fi
  fi
  if [ "$hit" = 1 ]; then
    touch "$JDIH_TEST_BLOCK_DIR/reached"
    while [ ! -e "$JDIH_TEST_BLOCK_DIR/released" ]; do sleep 0.05; done
  fi
fi
exec {git} "$@"
"""

_HOOK = """#!/bin/sh
cat > /dev/null
if [ "$JDIH_TEST_BLOCK_SUB" = "{name}" ] && [ ! -e "$JDIH_TEST_BLOCK_DIR/released" ]; then
  touch "$JDIH_TEST_BLOCK_DIR/reached"
  while [ ! -e "$JDIH_TEST_BLOCK_DIR/released" ]; do sleep 0.05; done
fi
exit 0
"""

HOOK_PHASES = ("pre-receive", "post-receive")


def _executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def install(base: Path, remote: Path) -> Path:
    """Write the git wrapper under ``base`` and the blocking hooks into the bare ``remote``; returns
    the folder to put first on PATH."""
    bin_dir = base / "git-wrapper"
    bin_dir.mkdir(exist_ok=True)
    _executable(bin_dir / "git", _WRAPPER.replace("{git}", REAL_GIT))
    for name in HOOK_PHASES:
        _executable(remote / "hooks" / name, _HOOK.replace("{name}", name))
    return bin_dir


def jdih_env(bin_dir: Path, now: str, block_dir: Path | None = None, sub: str = "", arg: str = "") -> dict[str, str]:
    """The environment of a ``jdih`` run: the wrapper first on PATH, the office clock, the stop point."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JDIH_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["JDIH_SEKARANG"] = now
    if block_dir is not None and sub:
        env.update(JDIH_TEST_BLOCK_DIR=str(block_dir), JDIH_TEST_BLOCK_SUB=sub, JDIH_TEST_BLOCK_ARG=arg)
    return env


def jdih_command(root: Path, *args: str) -> list[str]:
    """``jdih --proyek ROOT ARGS`` with the venv's console script."""
    return [str(Path(sys.executable).with_name("jdih")), "--proyek", str(root), *args]


def run_and_kill(cmd: list[str], env: dict[str, str], block_dir: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start ``cmd`` in its own process group, wait until it reaches the stop point, send ``sig`` to
    the whole group, and return (exit code, output). Fails when the stop point is never reached."""
    block_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    reached = block_dir / "reached"
    for _ in range(1200):  # a generous bound (60 s) only against a hang; nothing here is timed
        if reached.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    if not reached.exists():
        out, _ = proc.communicate(timeout=60)
        raise AssertionError(f"the command never reached the stop point (exit {proc.returncode}):\n{out}")
    os.killpg(proc.pid, sig)
    out, _ = proc.communicate(timeout=60)
    (block_dir / "released").touch()  # orphans (if any) may go on; new runs pass freely
    return proc.returncode, out
