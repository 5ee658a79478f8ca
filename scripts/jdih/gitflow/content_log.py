"""The history of ``content/`` read from git in ONE pass (the project's one ``git log`` reader).

One pass of ``git log --name-status`` gives, per post folder under ``content/``, every commit
that touched it (time, author, subject, files added/modified/deleted), so a report over 10,000
posts costs one or two processes (a long history is split in two halves read concurrently),
never one per file. A merge commit is listed with its diff against its first parent
(``--diff-merges=first-parent``): the ``jdih setujui`` merge that lands a post on main is a
change of that post like any other. The result is plain values
(:mod:`jdih.gitflow.history_model`); file contents come from :mod:`jdih.gitflow.objects`.
Never writes to the repository.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from ..errors import RepositoryError
from ..files import atomic_write
from .history_model import Change, GitHistory, LazyPosts, PostGitHistory

__all__ = ["Change", "GitHistory", "PendingHistory", "PostGitHistory", "head_commit", "parse_log_rows",
           "read_git_history", "start_git_history", "uncommitted_paths"]

_REC = "\x1e"
_FLD = "\x1f"
_REC_BYTE = _REC.encode()
_FORMAT = f"{_REC}%H{_FLD}%aI{_FLD}%an{_FLD}%ae{_FLD}%s"


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=check)
    except FileNotFoundError:
        raise RepositoryError("program git tidak ditemukan", hint="Pasang git terlebih dahulu.") from None
    except subprocess.CalledProcessError as exc:
        msg = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RepositoryError(f"git {args[0]} gagal: {msg[-1] if msg else exc.returncode}") from None


def head_commit(root: Path) -> str | None:
    """The HEAD commit id, or None when ``root`` is not a git work tree with commits."""
    proc = _git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


def _post_id(path: str, content_dir: str) -> str | None:
    parts = PurePosixPath(path).parts
    base = PurePosixPath(content_dir).parts
    if len(parts) < len(base) + 3 or parts[: len(base)] != base:
        return None
    return f"{parts[len(base)]}/{parts[len(base) + 1]}"


def _post_id_fn(content_dir: str) -> Callable[[str], str | None]:
    """A memoised :func:`_post_id` for one ``content_dir``: git prints normalised paths, so plain
    string splitting gives the same answer without building ~80,000 PurePosixPath objects."""
    base = PurePosixPath(content_dir).as_posix()
    prefix = "" if base == "." else base + "/"
    memo: dict[str, str | None] = {}

    def post_id(path: str) -> str | None:
        found = memo.get(path, memo)
        if found is not memo:
            return found  # type: ignore[return-value]
        result: str | None = None
        if path.startswith(prefix):
            parts = path[len(prefix) :].split("/", 2)
            if len(parts) == 3 and all(parts):
                result = f"{parts[0]}/{parts[1]}"
        memo[path] = result
        return result

    return post_id


def parse_log_rows(raw: str, content_dir: str = "content") -> tuple[dict[str, list[list[str]]], int]:
    """Parse ``git log --reverse -z --name-status`` output in :data:`_FORMAT` into raw rows per post id
    (pure, testable); returns them and the number of commits that touched a post."""
    posts: dict[str, list[list[str]]] = {}
    count = 0
    post_id_of = _post_id_fn(content_dir)
    for record in raw.split(_REC):
        if not record:
            continue
        header, _, rest = record.partition("\0")
        fields = header.split(_FLD)
        if len(fields) < 5:
            continue
        sha, when, name, email, subject = fields[0], fields[1], fields[2], fields[3], _FLD.join(fields[4:])
        tokens = rest.lstrip("\n").split("\0")
        touched = False
        i = 0
        while i + 1 < len(tokens):
            action, path = tokens[i], tokens[i + 1]
            i += 2
            if not action:
                continue
            pid = post_id_of(path)
            if pid is None:
                continue
            touched = True
            rows = posts.get(pid)
            if rows is None:
                rows = posts[pid] = []
            rows.append([sha, when, name, email, subject, action[0], path])
        count += touched
    return posts, count


CACHE_FILE = "riwayat-git-konten.json"
CACHE_VERSION = 2  # 2: merge commits listed with their first-parent diff


class PendingHistory:
    """``git log`` running in the background while the caller parses posts on the other core.

    A whole history of 8,000 commits or more is read by two processes over disjoint halves (see
    :func:`_split_history`), at lower CPU priority than the caller.

    With ``cache_dir`` the parsed history is kept in a JSON file keyed by the HEAD commit; the
    next run reads only the commits added since (``<cached>..HEAD``), or everything again when
    the cached commit is no longer an ancestor (history rewritten). The cache is local state
    (``.jdih/``), never committed, and safe to delete.
    """

    def __init__(self, root: Path, content_dir: str = "content", cache_dir: Path | None = None) -> None:
        self.root = root
        self.content_dir = content_dir
        self.cache_dir = cache_dir
        self.head = head_commit(root)
        # One or two ``git log`` processes, oldest range first, each writing to its own file.
        self._runs: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
        self._base: tuple[LazyPosts, int] | None = None
        self._error: BaseException | None = None
        self._starter: threading.Thread | None = None
        if self.head is None:
            return
        cached = self._load_cache()
        ranges = [self.head]
        if cached is not None:
            cached_head, posts, count = cached
            if cached_head == self.head:
                self._base = (posts, count)
                return
            if _is_ancestor(root, cached_head, self.head):
                self._base = (posts, count)
                ranges = [f"{cached_head}..{self.head}"]
        if self._base is None:
            # Finding the middle commit walks the whole graph (~0.3 s for 70,000 commits): a thread does
            # it (waiting on git releases the GIL) while the caller already parses posts.
            self._starter = threading.Thread(target=self._start_split, name="git-log", daemon=True)
            self._starter.start()
        else:
            self._start(ranges)

    def _start_split(self) -> None:
        try:
            assert self.head is not None
            self._start(_split_history(self.root, self.head))
        except BaseException as exc:  # re-raised by result() in the caller's thread
            self._error = exc

    def _start(self, ranges: list[str]) -> None:
        for revs in ranges:
            # No pathspec: with one, git also simplifies history (a second tree diff per commit), which
            # doubled the time on a 70,000-commit repository; paths outside content/ are dropped when parsing.
            out = tempfile.TemporaryFile()  # noqa: SIM115 - outlives this method; closed in result()
            try:
                proc = subprocess.Popen(
                    ["git", "-C", str(self.root), "-c", "core.quotepath=off", "log", "--reverse", "--no-renames",
                     "--diff-merges=first-parent", "-z", "--name-status", f"--format={_FORMAT}", *revs.split()],
                    stdout=out, stderr=subprocess.PIPE,
                )
            except FileNotFoundError:
                out.close()
                raise RepositoryError("program git tidak ditemukan", hint="Pasang git terlebih dahulu.") from None
            self._runs.append((proc, out))
            _lower_priority(proc.pid)

    def running(self) -> bool:
        """True while ``git log`` is still working (the caller may use the wait for other work)."""
        if self._starter is not None and self._starter.is_alive():
            return True
        return any(proc.poll() is None for proc, _ in self._runs)

    def result(self) -> GitHistory:
        """Wait for git and return the history (merged with the cache when there is one)."""
        if self.head is None:
            return GitHistory(self.root, None)
        posts: LazyPosts = LazyPosts({})
        count = 0
        if self._base is not None:
            posts, count = self._base
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        if self._error is not None:
            self._close()
            raise self._error
        if self._runs:
            parts: list[tuple[dict[str, list[list[str]]], int]] = []
            try:
                for proc, out in self._runs:  # oldest range first: each post's rows stay oldest first
                    parts.extend(self._parse_while_running(proc, out))
                    _, err = proc.communicate()
                    if proc.returncode != 0:
                        msg = err.decode("utf-8", "replace").strip().splitlines()
                        raise RepositoryError(f"git log gagal: {msg[-1] if msg else proc.returncode}")
            finally:
                self._close()
            new, n = _merge_parts(parts)
            posts.extend(new)
            count += n
            if new or self._base is None:
                self._save_cache(posts, count)
        return GitHistory(self.root, self.head, posts, count)

    def _close(self) -> None:
        for proc, out in self._runs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            out.close()
        self._runs = []

    def _parse_while_running(self, proc: subprocess.Popen[bytes], out: IO[bytes]
                             ) -> list[tuple[dict[str, list[list[str]]], int]]:
        """Parse git's output as it arrives, whole records at a time, so a first run does not
        parse ~70,000 commits only after git has finished. ``os.pread`` reads without moving the
        file offset git writes at; where it does not exist (Windows) the file is read at the end."""
        parts: list[tuple[dict[str, list[list[str]]], int]] = []
        tail = b""
        pread = getattr(os, "pread", None)
        if pread is not None:
            fd = out.fileno()
            pos = 0
            while True:
                done = proc.poll() is not None
                data = pread(fd, 1 << 22, pos)
                if not data:
                    if done:
                        break
                    time.sleep(0.02)
                    continue
                pos += len(data)
                buf = tail + data
                cut = buf.rfind(_REC_BYTE)  # a record starts at its separator: all before it is whole
                if cut > 0:
                    parts.append(parse_log_rows(buf[:cut].decode("utf-8", "replace"), self.content_dir))
                    tail = buf[cut:]
                else:
                    tail = buf
        else:  # pragma: no cover - platforms without pread
            proc.wait()
            out.seek(0)
            tail = out.read()
        parts.append(parse_log_rows(tail.decode("utf-8", "replace"), self.content_dir))
        return parts

    # -- cache ---------------------------------------------------------------------------
    def _cache_path(self) -> Path | None:
        return self.cache_dir / CACHE_FILE if self.cache_dir is not None else None

    def _load_cache(self) -> tuple[str, LazyPosts, int] | None:
        path = self._cache_path()
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("versi") != CACHE_VERSION or data.get("content_dir") != self.content_dir:
                return None
            raw = data["posts"]
            if not isinstance(raw, dict):
                return None
            return str(data["head"]), LazyPosts(raw), int(data["commit"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # a damaged cache is simply rebuilt

    def _save_cache(self, posts: LazyPosts, count: int) -> None:
        path = self._cache_path()
        if path is None:
            return
        data = {"versi": CACHE_VERSION, "content_dir": self.content_dir, "head": self.head, "commit": count,
                "posts": posts.raw()}
        with contextlib.suppress(OSError):  # the cache only saves time; a read-only checkout still gets its report
            atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _merge_parts(parts: list[tuple[dict[str, list[list[str]]], int]]) -> tuple[dict[str, list[list[str]]], int]:
    """Join consecutive :func:`parse_log_rows` results (same result as parsing the whole text at once)."""
    merged: dict[str, list[list[str]]] = {}
    count = 0
    for posts, n in parts:
        count += n
        for pid, rows in posts.items():
            known = merged.get(pid)
            if known is None:
                merged[pid] = rows
            else:
                known.extend(rows)
    return merged, count


def _lower_priority(pid: int) -> None:
    """Run ``git log`` at nice +5: on two cores the report process itself is the longer path, so
    git's share of the work yields to it (git still gets every cycle Python leaves idle)."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is not None:
        with contextlib.suppress(OSError):  # the process may already have finished
            setpriority(os.PRIO_PROCESS, pid, 5)


SPLIT_MIN_COMMITS = 8000  # below this one ``git log`` is quick; above, two halves use both cores


def _split_history(root: Path, head: str) -> list[str]:
    """The whole history as one range, or as two disjoint ranges for two ``git log`` processes.

    The tree diffs of ``git log --name-status`` cost git about 0.09 ms a commit (6 s for 70,000)
    on one core. The older range is every ancestor of a middle commit ``mid``, the newer one
    ``mid..HEAD`` (commits that are not): together exactly the history of HEAD, each commit once,
    and no commit of the older range descends from one of the newer, so a post's changes read
    older range first stay in ancestry order.
    """
    proc = _git(root, "rev-list", head, check=False)
    commits = proc.stdout.split() if proc.returncode == 0 else []
    if len(commits) < SPLIT_MIN_COMMITS:
        return [head]
    mid = commits[len(commits) // 2].decode()
    return [mid, f"^{mid} {head}"]


def _is_ancestor(root: Path, old: str, new: str) -> bool:
    proc = _git(root, "merge-base", "--is-ancestor", old, new, check=False)
    return proc.returncode == 0


def start_git_history(root: Path, content_dir: str = "content", cache_dir: Path | None = None) -> PendingHistory:
    """Start reading the history of ``content/`` in the background; call ``.result()`` for it."""
    return PendingHistory(root, content_dir, cache_dir)


def read_git_history(root: Path, content_dir: str = "content", cache_dir: Path | None = None) -> GitHistory:
    """The whole history of ``content/`` in one ``git log`` (empty when not a git repository)."""
    return start_git_history(root, content_dir, cache_dir).result()


def uncommitted_paths(root: Path, folder: str) -> list[str]:
    """Paths under ``folder`` with uncommitted changes (modified, staged, untracked), sorted."""
    proc = _git(root, "-c", "core.quotepath=off", "status", "--porcelain", "-z", "--untracked-files=all", "--",
                folder + "/", check=False)
    if proc.returncode != 0:
        return []
    out = []
    for item in proc.stdout.decode("utf-8", "replace").split("\0"):
        if len(item) > 3 and item[2] == " ":
            out.append(item[3:])
    return sorted(out)
