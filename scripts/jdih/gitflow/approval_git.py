"""The git facts approval verification needs (:mod:`jdih.approval`): commits, blobs, trees, signatures.

Every answer comes from the repository's object database, never from the author's word: who
made a commit (author and committer e-mail), its parents, a post's text and its folder's files at
a commit, the SOP files (roles) as of any commit, and whether a commit's signature verifies
(``git verify-commit``, with the office's ``gpg.ssh.allowedSignersFile`` when set).
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..approval import PullSource, Verdict, verify_approvals
from ..errors import JdihError
from ..people import People, load_people
from ..post import Post
from ..project import PEOPLE_FILE, SOP_DIR, WORKFLOW_FILE, Project
from ..sop_model import Sop, load_sop
from .objects import read_blobs

_SHA_CHARS = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class CommitFacts:
    """One commit as git records it."""

    sha: str
    parents: tuple[str, ...]
    author_email: str
    committer_email: str


def _git(root: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=check, env=env)


def _is_sha(text: str) -> bool:
    return 7 <= len(text) <= 64 and set(text) <= _SHA_CHARS


class ApprovalGit:
    """Read-only git queries on the repository at ``root`` whose checked-out ``head`` is published."""

    def __init__(self, root: Path, head: str = "HEAD") -> None:
        self.root = root
        self.head = head

    def commit(self, sha: str) -> CommitFacts | None:
        """The commit ``sha`` (full or abbreviated hex), or None when it is not in this repository."""
        if not _is_sha(sha):
            return None
        proc = _git(self.root, "show", "-s", "--format=%H%x00%P%x00%ae%x00%ce", f"{sha}^{{commit}}", "--")
        if proc.returncode != 0:
            return None
        full, parents, author, committer = proc.stdout.decode("utf-8", "replace").strip().split("\0")
        return CommitFacts(full, tuple(parents.split()), author, committer)

    def on_main(self, sha: str) -> bool:
        """True when ``sha`` is in the history being published (an ancestor of ``head``)."""
        return _git(self.root, "merge-base", "--is-ancestor", sha, self.head).returncode == 0

    def text_at(self, sha: str, rel: str) -> str | None:
        """Text of ``rel`` at ``sha`` (None when absent or not UTF-8)."""
        return read_blobs(self.root, [f"{sha}:{rel}"]).get(f"{sha}:{rel}")

    def folder_at(self, sha: str, folder: str) -> dict[str, str]:
        """File -> ``mode blob`` of every entry under ``folder`` at ``sha`` (paths relative to it)."""
        proc = _git(self.root, "-c", "core.quotepath=off", "ls-tree", "-r", "-z", sha, "--", folder.rstrip("/") + "/")
        if proc.returncode != 0:
            return {}
        out: dict[str, str] = {}
        prefix = folder.rstrip("/") + "/"
        for row in proc.stdout.decode("utf-8", "replace").split("\0"):
            if not row:
                continue
            info, path = row.split("\t", 1)
            mode, _kind, blob = info.split()
            out[path.removeprefix(prefix)] = f"{mode} {blob}"
        return out

    def folder_now(self, folder: str, names: list[str]) -> dict[str, str]:
        """The same for ``names`` (relative to ``folder``) in the working tree, what is about to be
        published; a symlink hashes its target text as git does, a missing file is left out."""
        out: dict[str, str] = {}
        files: list[tuple[str, Path]] = []
        for rel in names:
            full = self.root / folder / rel
            try:
                st = full.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                proc = subprocess.run(["git", "-C", str(self.root), "hash-object", "--stdin"],
                                      input=os.readlink(full).encode(), capture_output=True, check=True)
                out[rel] = f"120000 {proc.stdout.decode().strip()}"
            elif stat.S_ISREG(st.st_mode):
                files.append((rel, full))
        if files:
            proc = _git(self.root, "hash-object", "--no-filters", "--", *(str(p) for _, p in files), check=True)
            for (rel, full), blob in zip(files, proc.stdout.decode().split(), strict=True):
                mode = "100755" if os.access(full, os.X_OK) else "100644"
                out[rel] = f"{mode} {blob}"
        return out

    def first_commit_where(self, rel: str, holds: Callable[[str], bool]) -> str | None:
        """The oldest commit on ``head``'s first-parent line whose ``rel`` makes ``holds(text)`` true
        and whose first parent's does not: the commit that brought it onto main."""
        proc = _git(self.root, "log", "--first-parent", "--format=%H", self.head, "--", rel)
        if proc.returncode != 0:
            return None
        newest_first = proc.stdout.decode().split()
        if not newest_first:
            return None
        texts = read_blobs(self.root, [f"{sha}:{rel}" for sha in newest_first])
        found = None
        for sha in newest_first:  # walk back while it still holds
            text = texts.get(f"{sha}:{rel}")
            if text is None or not holds(text):
                break
            found = sha
        return found

    def signature_ok(self, sha: str) -> bool:
        """True when ``git verify-commit`` accepts the commit's signature (GPG or SSH)."""
        return _git(self.root, "verify-commit", sha).returncode == 0

    def sop_at(self, sha: str) -> tuple[Sop, People]:
        """The SOP and the people with their roles as recorded at ``sha``; JdihError when unreadable."""
        workflow_rel = f"{SOP_DIR}/{WORKFLOW_FILE}"
        people_rel = f"{SOP_DIR}/{PEOPLE_FILE}"
        texts = read_blobs(self.root, [f"{sha}:{workflow_rel}", f"{sha}:{people_rel}"])
        with tempfile.TemporaryDirectory(prefix="jdih-peran-") as tmp:
            folder = Path(tmp) / SOP_DIR
            folder.mkdir()
            for rel in (workflow_rel, people_rel):
                text = texts.get(f"{sha}:{rel}")
                if text is None:
                    raise JdihError(f"{rel} tidak ada pada commit {sha[:10]}")
                (Path(tmp) / rel).write_text(text, encoding="utf-8")
            sop = load_sop(Path(tmp) / workflow_rel)
            return sop, load_people(Path(tmp) / people_rel, sop)


def approval_gate(project: Project, github: PullSource | None = None,
                  main: str = "main") -> Callable[[list[Post]], list[Verdict]]:
    """The publisher's check (``publish_all(..., verify=...)``): one :class:`Verdict` per post, in order."""
    facts = ApprovalGit(project.root)

    def gate(posts: list[Post]) -> list[Verdict]:
        return verify_approvals(project, posts, git=facts, github=github, main=main)

    return gate
