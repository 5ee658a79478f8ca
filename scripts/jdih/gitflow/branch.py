"""Which branch is under review, read without loading gitpython (``jdih periksa`` asks on every run)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def current_branch(root: Path) -> str | None:
    """The branch checked out in the repository holding ``root``; None when detached, outside a
    repository or without git."""
    try:
        done = subprocess.run(["git", "symbolic-ref", "--short", "-q", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def review_branch(root: Path) -> str | None:
    """The branch under review: ``GITHUB_HEAD_REF`` in a pull request's CI (GitHub checks the merge out
    detached), else the checked-out branch."""
    return os.environ.get("GITHUB_HEAD_REF", "").strip() or current_branch(root)
