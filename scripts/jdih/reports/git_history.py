"""Read-only view of the git history of ``content/``, read in ONE pass.

One pass of ``git log --name-status`` gives, per post folder under ``content/``, every commit
that touched it (time, author, subject, files added/modified/deleted), so a report over 10,000
posts costs one or two processes (a long history is split in two halves read concurrently),
never one per file. File contents at a given commit are read through
one long-lived ``git cat-file --batch`` process (:class:`BlobReader`). This module is self
contained (plain ``git`` subprocesses) and never writes to the repository.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from ..errors import RepositoryError

_REC = "\x1e"
_FLD = "\x1f"
_REC_BYTE = _REC.encode()
_FORMAT = f"{_REC}%H{_FLD}%aI{_FLD}%an{_FLD}%ae{_FLD}%s"


@dataclass(frozen=True)
class Change:
    """One file changed by one commit."""

    commit: str
    waktu: datetime  # author time, with the author's offset
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


class _LazyPosts(Mapping[str, PostGitHistory]):
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
        if isinstance(self.posts, _LazyPosts):
            return [self.posts[pid] for pid in self.posts.deleted_ids()]
        return [h for h in self.posts.values() if h.deleted is not None]


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=check)
    except FileNotFoundError:
        raise RepositoryError("program git tidak ditemukan", saran="Pasang git terlebih dahulu.") from None
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
CACHE_VERSION = 1


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
        self._base: tuple[_LazyPosts, int] | None = None
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
                     "-z", "--name-status", f"--format={_FORMAT}", *revs.split()],
                    stdout=out, stderr=subprocess.PIPE,
                )
            except FileNotFoundError:
                out.close()
                raise RepositoryError("program git tidak ditemukan", saran="Pasang git terlebih dahulu.") from None
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
        posts: _LazyPosts = _LazyPosts({})
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

    def _load_cache(self) -> tuple[str, _LazyPosts, int] | None:
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
            return str(data["head"]), _LazyPosts(raw), int(data["commit"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # a damaged cache is simply rebuilt

    def _save_cache(self, posts: _LazyPosts, count: int) -> None:
        path = self._cache_path()
        if path is None:
            return
        data = {"versi": CACHE_VERSION, "content_dir": self.content_dir, "head": self.head, "commit": count,
                "posts": posts.raw()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # the cache only saves time; a read-only checkout still gets its report


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


class BlobReader:
    """Reads many ``<commit>:<path>`` objects through one ``git cat-file --batch`` process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                ["git", "-C", str(root), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise RepositoryError("program git tidak ditemukan") from None

    def read(self, spec: str) -> bytes | None:
        """Content of blob ``spec`` (e.g. ``abc123:content/2026/x/index.md``), None when missing or not a blob."""
        found = self.read_object(spec)
        return found[1] if found is not None and found[0] == "blob" else None

    def read_files(self, commit: str, folder: str) -> list[tuple[str, bytes]]:
        """Every file under ``folder`` at ``commit`` as (path relative to folder, bytes), sorted.

        Walks the tree objects through the same batch process, so no extra git process per folder.
        """
        out: list[tuple[str, bytes]] = []
        stack = [("", f"{commit}:{folder}")]
        while stack:
            prefix, spec = stack.pop()
            found = self.read_object(spec)
            if found is None or found[0] != "tree":
                continue
            data = found[1]
            i = 0
            while i < len(data):
                sp = data.index(b" ", i)
                nul = data.index(b"\0", sp)
                mode = data[i:sp].decode()
                name = data[sp + 1 : nul].decode("utf-8", "replace")
                sha = data[nul + 1 : nul + 21].hex()
                i = nul + 21
                rel = f"{prefix}{name}"
                if mode == "40000":
                    stack.append((rel + "/", sha))
                elif mode in ("100644", "100755"):
                    blob = self.read(sha)
                    if blob is not None:
                        out.append((rel, blob))
        return sorted(out)

    def read_object(self, spec: str) -> tuple[str, bytes] | None:
        """(type, content) of any object named by ``spec``, None when missing."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RepositoryError("pembaca objek git sudah ditutup")
        if "\n" in spec:
            return None
        proc.stdin.write(spec.encode("utf-8") + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().decode("utf-8", "replace").rstrip("\n")
        if header.endswith(" missing") or header.endswith(" ambiguous") or not header:
            return None
        _, kind, size = header.rsplit(" ", 2)
        data = proc.stdout.read(int(size))
        proc.stdout.read(1)  # the newline after every object
        return kind, data

    def close(self) -> None:
        """End the git process."""
        if self._proc is not None:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


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


def list_tree(root: Path, commit: str, folder: str) -> list[str]:
    """Paths of the files under ``folder`` at ``commit`` (sorted, repository-relative)."""
    proc = _git(root, "-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--name-only", commit, "--", folder + "/",
                check=False)
    if proc.returncode != 0:
        return []
    return sorted(p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p)
