"""Reading git objects: the one ``git cat-file --batch`` reader of the project.

:class:`BlobReader` keeps one long-lived process and answers ``<rev>:<path>`` specs one by
one or many at once (:meth:`BlobReader.read_many`); :func:`read_blobs` is the one-shot form.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from ..errors import RepositoryError
from .content_log import _git
from .history_model import Change, DeletedVersion, GitHistory


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

    def list_dir(self, spec: str) -> list[tuple[str, str, str]]:
        """(mode, name, object id) of each entry of the tree ``spec``; [] when it is not a tree."""
        found = self.read_object(spec)
        if found is None or found[0] != "tree":
            return []
        data = found[1]
        entries = []
        i = 0
        while i < len(data):
            sp = data.index(b" ", i)
            nul = data.index(b"\0", sp)
            entries.append((data[i:sp].decode(), data[sp + 1 : nul].decode("utf-8", "replace"),
                            data[nul + 1 : nul + 21].hex()))
            i = nul + 21
        return entries

    def read_files(self, commit: str, folder: str) -> list[tuple[str, bytes]]:
        """Every file under ``folder`` at ``commit`` as (path relative to folder, bytes), sorted.

        Walks the tree objects through the same batch process, so no extra git process per folder.
        """
        out: list[tuple[str, bytes]] = []
        stack = [("", f"{commit}:{folder}")]
        while stack:
            prefix, spec = stack.pop()
            for mode, name, sha in self.list_dir(spec):
                rel = f"{prefix}{name}"
                if mode == "40000":
                    stack.append((rel + "/", sha))
                elif mode in ("100644", "100755"):
                    blob = self.read(sha)
                    if blob is not None:
                        out.append((rel, blob))
        return sorted(out)

    def read_many(self, specs: Iterable[str]) -> dict[str, bytes | None]:
        """Blob contents of many specs in one exchange (a thread writes the requests while the
        answers are read, so neither pipe fills up); None = missing, not a blob or not one line."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RepositoryError("pembaca objek git sudah ditutup")
        wanted = [s for s in dict.fromkeys(specs) if "\n" not in s]
        out: dict[str, bytes | None] = {s: None for s in specs}
        stdin = proc.stdin
        payload = b"".join(s.encode("utf-8") + b"\n" for s in wanted)

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError):
                stdin.write(payload)
                stdin.flush()

        writer = threading.Thread(target=feed, name="git-cat-file", daemon=True)
        writer.start()
        for spec in wanted:
            found = self._answer()
            out[spec] = found[1] if found is not None and found[0] == "blob" else None
        writer.join()
        return out

    def _answer(self) -> tuple[str, bytes] | None:
        """Read one answer of ``git cat-file --batch`` from its output."""
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        header = stdout.readline().decode("utf-8", "replace").rstrip("\n")
        if not header:
            raise RepositoryError("git cat-file berhenti sebelum selesai membaca isi berkas dari riwayat")
        if header.endswith(" missing") or header.endswith(" ambiguous"):
            return None
        _, kind, size = header.rsplit(" ", 2)
        data = stdout.read(int(size))
        stdout.read(1)  # the newline after every object
        return kind, data

    def read_object(self, spec: str) -> tuple[str, bytes] | None:
        """(type, content) of any object named by ``spec``, None when missing."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RepositoryError("pembaca objek git sudah ditutup")
        if "\n" in spec:
            return None
        proc.stdin.write(spec.encode("utf-8") + b"\n")
        proc.stdin.flush()
        return self._answer()

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


def list_tree(root: Path, commit: str, folder: str) -> list[str]:
    """Paths of the files under ``folder`` at ``commit`` (sorted, repository-relative)."""
    proc = _git(root, "-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--name-only", commit, "--", folder + "/",
                check=False)
    if proc.returncode != 0:
        return []
    return sorted(p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p)


def read_blobs(root: Path, specs: Iterable[str]) -> dict[str, str | None]:
    """Text of many ``rev:path`` objects through one ``git cat-file --batch`` (None = missing, not a
    blob, or not UTF-8)."""
    wanted = list(specs)
    if not wanted:
        return {}
    with BlobReader(root) as reader:
        raw = reader.read_many(wanted)
    out: dict[str, str | None] = {}
    for spec, data in raw.items():
        try:
            out[spec] = data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            out[spec] = None
    return out


def deleted_versions(history: GitHistory) -> list[DeletedVersion]:
    """For every post deleted from ``content/`` (sorted by id): its last committed ``index.md``,
    read through one cat-file process."""
    if not history.available or history.root is None:
        return []
    todo = sorted(history.deleted(), key=lambda h: h.post_id)
    picked: list[tuple[str, Change, Change | None]] = []
    for hist in todo:
        deletion = hist.deleted
        if deletion is None:  # pragma: no cover - deleted() lists only these
            continue
        last = next((c for c in reversed(hist.index_changes()) if c.action != "D"), None)
        picked.append((hist.post_id, deletion, last))
    if not picked:
        return []
    with BlobReader(history.root) as reader:
        texts = reader.read_many(f"{last.commit}:{last.path}" for _, _, last in picked if last is not None)
    return [DeletedVersion(pid, deletion, last, texts.get(f"{last.commit}:{last.path}") if last else None)
            for pid, deletion, last in picked]
