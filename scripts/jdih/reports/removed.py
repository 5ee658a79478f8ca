"""Posts deleted from ``content/``, read back from git so the SOP records still count them.

A post that was published and later removed from the repository was still published: the
Buku Agenda keeps its number, the evaluation report counts it in its period (and lists it
in its own section), and the electronic archive keeps its approved and published versions.
Each deleted post is read once, at the last commit that still had its ``index.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import PostFormatError
from ..post import Post, parse_post
from .git_history import BlobReader, GitHistory


@dataclass(frozen=True)
class RemovedPost:
    """A deleted post as it was just before its deletion."""

    post: Post  # parsed from the last committed version of its index.md
    version_commit: str  # the commit that version was read from
    deleted_at: datetime  # author time of the deleting commit
    deleted_by: str  # author name of the deleting commit
    deleting_commit: str


def removed_posts(history: GitHistory, content_root: Path) -> tuple[list[RemovedPost], list[str]]:
    """Every post whose ``index.md`` was deleted and not re-added, sorted by id; plus notes for
    deleted posts that could not be read back (named, never silently skipped)."""
    if not history.available or history.root is None:
        return [], []
    todo = sorted(history.deleted(), key=lambda h: h.post_id)
    out: list[RemovedPost] = []
    notes: list[str] = []
    if not todo:
        return out, notes
    with BlobReader(history.root) as reader:
        for hist in todo:
            deletion = hist.deleted
            if deletion is None:  # pragma: no cover - deleted() lists only these
                continue
            last = next((c for c in reversed(hist.index_changes()) if c.action != "D"), None)
            data = reader.read(f"{last.commit}:{last.path}") if last is not None else None
            if last is None or data is None:
                notes.append(f"{hist.post_id}: dihapus pada commit {deletion.commit[:12]}, tetapi versi sebelumnya "
                             f"tidak ditemukan di git")
                continue
            try:
                post = parse_post(history.root / last.path, data.decode("utf-8", "replace"), content_root)
            except PostFormatError as exc:
                notes.append(f"{hist.post_id}: dihapus pada commit {deletion.commit[:12]}; versi terakhirnya "
                             f"(commit {last.commit[:12]}) tidak dapat dibaca: {exc.pesan}")
                continue
            out.append(RemovedPost(post, last.commit, deletion.waktu, deletion.author, deletion.commit))
    return out, notes
