"""Posts deleted from ``content/``, read back from git so the SOP records still count them.

A post that was published and later removed from the repository was still published: the
Buku Agenda keeps its number, the evaluation report counts it in its period (and lists it
in its own section), and the electronic archive keeps its approved and published versions.
Each deleted post is read once, at the last commit that still had its ``index.md``; the CLI reads
those versions through :mod:`jdih.gitflow` and passes them in as values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import PostFormatError
from ..post import Post, parse_post
from .git_history import DeletedVersion


@dataclass(frozen=True)
class RemovedPost:
    """A deleted post as it was just before its deletion."""

    post: Post  # parsed from the last committed version of its index.md
    version_commit: str  # the commit that version was read from
    deleted_at: datetime  # author time of the deleting commit
    deleted_by: str  # author name of the deleting commit
    deleting_commit: str


def removed_posts(versions: list[DeletedVersion], content_root: Path, repo_root: Path
                  ) -> tuple[list[RemovedPost], list[str]]:
    """Every post whose ``index.md`` was deleted and not re-added (``versions``, read from git by
    :func:`jdih.gitflow.objects.deleted_versions`), sorted by id; plus notes for deleted posts
    that could not be read back (named, never silently skipped)."""
    out: list[RemovedPost] = []
    notes: list[str] = []
    for v in sorted(versions, key=lambda v: v.post_id):
        deletion, last = v.deletion, v.last
        if last is None or v.text is None:
            notes.append(f"{v.post_id}: dihapus pada commit {deletion.commit[:12]}, tetapi versi sebelumnya "
                         f"tidak ditemukan di git")
            continue
        try:
            post = parse_post(repo_root / last.path, v.text.decode("utf-8", "replace"), content_root)
        except PostFormatError as exc:
            notes.append(f"{v.post_id}: dihapus pada commit {deletion.commit[:12]}; versi terakhirnya "
                         f"(commit {last.commit[:12]}) tidak dapat dibaca: {exc.message}")
            continue
        out.append(RemovedPost(post, last.commit, deletion.at, deletion.author, deletion.commit))
    return out, notes
