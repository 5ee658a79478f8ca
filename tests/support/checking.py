"""Helpers for the periksa tests: run the checks and look at codes and lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import NOW
from jdih.checks import check_paths
from jdih.findings import Finding
from jdih.post import read_post, write_post
from jdih.project import Project


def run(project: Project, *paths: Path, now: Any = NOW) -> list[Finding]:
    """Findings for ``paths`` (all content when none), single process, fixed clock."""
    return check_paths(project, list(paths), now, workers=1).findings


def codes(project: Project, *paths: Path, now: Any = NOW) -> list[str]:
    """Just the finding codes."""
    return [f.code for f in run(project, *paths, now=now)]


def edit(path: Path, fn: Callable[[dict[str, Any]], None], body: str | None = None) -> None:
    """Change a post's front matter in place (through the canonical writer)."""
    post = read_post(path)
    meta = dict(post.meta)
    fn(meta)
    write_post(path, meta, post.body if body is None else body)


def replace_text(path: Path, old: str, new: str) -> None:
    """Change the raw text of a file (for things the canonical writer would normalise)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
