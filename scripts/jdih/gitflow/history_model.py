"""The git history of ``content/`` as plain values (no git here): what reports receive.

:mod:`jdih.gitflow.content_log` reads these from git in one pass; reports and records
only read the values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Change:
    """One file changed by one commit."""

    commit: str
    at: datetime  # author time, with the author's offset
    author: str
    email: str
    subject: str
    action: str  # A (added), M (modified), D (deleted), T (type changed)
    path: str  # relative to the repository root, POSIX separators


@dataclass
class PostGitHistory:
    """Every change to one post folder, oldest first."""

    post_id: str
    changes: list[Change] = field(default_factory=list)

    @property
    def first(self) -> Change | None:
        """The change that created the post folder (its first commit)."""
        return self.changes[0] if self.changes else None

    def commits(self) -> list[Change]:
        """One entry per commit (the first changed file of each), oldest first."""
        seen: set[str] = set()
        out = []
        for c in self.changes:
            if c.commit not in seen:
                seen.add(c.commit)
                out.append(c)
        return out

    def index_changes(self, index_name: str = "index.md") -> list[Change]:
        """Changes of the post's own ``index.md``, oldest first."""
        return [c for c in self.changes if PurePosixPath(c.path).name == index_name
                and len(PurePosixPath(c.path).parts) == 4]

    @property
    def deleted(self) -> Change | None:
        """The deletion of ``index.md`` when the post no longer exists at HEAD, else None."""
        idx = self.index_changes()
        return idx[-1] if idx and idx[-1].action == "D" else None


class LazyPosts(Mapping[str, PostGitHistory]):
    """Post histories from the JSON cache, turned into objects only when asked for.

    A report usually needs the git history of a handful of posts; building 80,000 Change
    objects up front cost more than the report itself.
    """

    def __init__(self, raw: dict[str, list[list[str]]]) -> None:
        # One row per changed file: [commit, author time (ISO), author, email, subject, action, path].
        self._raw = raw
        self._done: dict[str, PostGitHistory] = {}

    def __getitem__(self, pid: str) -> PostGitHistory:
        found = self._done.get(pid)
        if found is None:
            changes = self._raw[pid]
            found = PostGitHistory(pid, [Change(c[0], datetime.fromisoformat(c[1]), c[2], c[3], c[4], c[5], c[6])
                                         for c in changes])
            self._done[pid] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def extend(self, new: dict[str, list[list[str]]]) -> None:
        """Append newer raw changes (from ``<cached>..HEAD``) without building the older histories."""
        for pid, rows in new.items():
            self._raw.setdefault(pid, []).extend(rows)
            self._done.pop(pid, None)

    def raw(self) -> dict[str, list[list[str]]]:
        """The JSON-ready form (for saving the cache)."""
        return self._raw

    def deleted_ids(self) -> list[str]:
        """Ids whose last change of ``index.md`` is a deletion (without building every history)."""
        out = []
        for pid, changes in self._raw.items():
            # Same test as PostGitHistory.index_changes, on strings (git prints normalised paths).
            idx = [c for c in changes if c[6].endswith("/index.md") and c[6].count("/") == 3]
            if idx and idx[-1][5] == "D":
                out.append(pid)
        return out


@dataclass
class GitHistory:
    """The history of ``content/`` per post id (``<tahun>/<slug>``)."""

    root: Path | None
    head: str | None
    posts: Mapping[str, PostGitHistory] = field(default_factory=dict)
    commit_count: int = 0

    @property
    def available(self) -> bool:
        """False when the project is not a git repository (reports then say so)."""
        return self.head is not None

    def get(self, post_id: str) -> PostGitHistory | None:
        """History of one post, if git knows it."""
        return self.posts.get(post_id)

    def deleted(self) -> list[PostGitHistory]:
        """Histories of posts whose folder was deleted (``index.md`` removed and not re-added)."""
        if isinstance(self.posts, LazyPosts):
            return [self.posts[pid] for pid in self.posts.deleted_ids()]
        return [h for h in self.posts.values() if h.deleted is not None]


@dataclass(frozen=True)
class DeletedVersion:
    """A post whose ``index.md`` was deleted: the deletion, and its last committed version before it."""

    post_id: str
    deletion: Change
    last: Change | None  # the last change of index.md that was not the deletion
    text: bytes | None  # index.md at ``last`` (None when git no longer has it)
