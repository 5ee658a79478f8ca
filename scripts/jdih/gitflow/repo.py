"""Thin gitpython wrapper: identity, cleanliness, branches, commit, push/pull.

Every git failure becomes a :class:`~jdih.errors.RepositoryError` with an Indonesian
message, so the CLI never shows a traceback and the user always learns what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

from ..errors import RepositoryError
from ..people import People, Person

MAIN_BRANCH = "main"
BRANCH_PREFIX = "konten/"
REMOTE = "origin"


def branch_for(slug: str) -> str:
    """The working branch of a post: ``konten/<slug>``."""
    return f"{BRANCH_PREFIX}{slug}"


@contextmanager
def git_errors(action: str) -> Iterator[None]:
    """Turn gitpython exceptions into RepositoryError naming the failed ``action``."""
    try:
        yield
    except git.GitCommandError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().strip("'").strip()
        detail = " ".join(detail.replace("stderr:", "").split())[:400]
        raise RepositoryError(f"git gagal saat {action}: {detail or exc.status}") from None


@dataclass
class Workspace:
    """A clone of the JDIH repository as seen by one person."""

    repo: git.Repo
    main: str = MAIN_BRANCH

    @classmethod
    def open(cls, root: Path, main: str = MAIN_BRANCH) -> Workspace:
        """Open the repository containing ``root``."""
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RepositoryError(
                f"{root} bukan repositori git",
                saran="Klon repositori JDIH Medsos dengan `git clone`, lalu jalankan perintah dari dalamnya.",
            ) from None
        if repo.bare:
            raise RepositoryError(f"{root} adalah repositori bare; perintah ini butuh salinan kerja")
        return cls(repo, main)

    @property
    def root(self) -> Path:
        """Top folder of the working tree."""
        return Path(str(self.repo.working_tree_dir))

    # -- identity --------------------------------------------------------------------
    def email(self) -> str:
        """``user.email`` of this clone (repository, then global config)."""
        with self.repo.config_reader() as cfg:
            value = cfg.get_value("user", "email", default="")
        return str(value).strip()

    def person(self, people: People) -> Person:
        """The SOP person behind ``user.email``, or a RepositoryError saying how to fix it."""
        email = self.email()
        if not email:
            raise RepositoryError(
                "identitas git belum diatur (user.email kosong)",
                saran='Jalankan: git config user.email "alamat@kpu-kotimkab.go.id" (alamat yang terdaftar di '
                "sop/peran.yml).",
            )
        person = people.by_email(email)
        if person is None:
            raise RepositoryError(
                f"e-mail git '{email}' tidak terdaftar di sop/peran.yml",
                saran="Samakan `git config user.email` dengan kolom email Anda di sop/peran.yml.",
            )
        return person

    # -- state -----------------------------------------------------------------------
    def branch(self) -> str | None:
        """Current branch name (None when HEAD is detached)."""
        try:
            return self.repo.active_branch.name
        except TypeError:
            return None

    def has_commits(self) -> bool:
        """True once the repository has at least one commit."""
        try:
            self.repo.head.commit  # noqa: B018 - raises ValueError on an unborn branch
        except ValueError:
            return False
        return True

    def dirty_paths(self) -> list[str]:
        """Modified, staged and untracked (not ignored) paths, relative to the root."""
        with git_errors("membaca status"):
            out = self.repo.git.status("--porcelain=v1", "-z", "--untracked-files=all")
        paths: list[str] = []
        items = out.split("\0")
        i = 0
        while i < len(items):
            item = items[i]
            i += 1
            if len(item) < 4:
                continue
            code, path = item[:2], item[3:]
            paths.append(path)
            if code[0] in "RC":  # a rename carries its source as the next item
                i += 1
        return sorted(set(paths))

    def require_clean(self, allowed: Iterable[str] = ()) -> list[str]:
        """Refuse when anything outside the ``allowed`` folders is uncommitted; return the allowed dirty paths."""
        prefixes = [a.rstrip("/") + "/" for a in allowed]
        dirty = self.dirty_paths()
        outside = [p for p in dirty if not any(p.startswith(pre) for pre in prefixes)]
        if outside:
            shown = ", ".join(outside[:8]) + (" ..." if len(outside) > 8 else "")
            raise RepositoryError(
                f"ada perubahan yang belum di-commit di luar folder konten ini: {shown}",
                saran="Simpan dulu pekerjaan itu (git commit) atau kembalikan, lalu ulangi. "
                "Perintah ini tidak akan menimpa atau membuang pekerjaan Anda.",
            )
        return [p for p in dirty if p not in outside]

    # -- remote ----------------------------------------------------------------------
    def has_remote(self) -> bool:
        """True when the clone has an ``origin`` remote."""
        return any(r.name == REMOTE for r in self.repo.remotes)

    def fetch(self) -> None:
        """Fetch ``origin`` (no-op without a remote)."""
        if self.has_remote():
            with git_errors("mengambil perubahan dari remote (fetch)"):
                self.repo.git.fetch(REMOTE, "--prune")

    def remote_has(self, branch: str) -> bool:
        """True when ``origin/<branch>`` exists locally after a fetch."""
        return self.has_remote() and f"{REMOTE}/{branch}" in [r.name for r in self.repo.remote(REMOTE).refs]

    def local_has(self, branch: str) -> bool:
        """True when a local branch exists."""
        return branch in [h.name for h in self.repo.heads]

    def checkout(self, branch: str) -> None:
        """Switch to ``branch``, creating it from ``origin/<branch>`` when only the remote has it."""
        if self.branch() == branch:
            return
        with git_errors(f"pindah ke cabang {branch}"):
            if self.local_has(branch):
                self.repo.git.checkout(branch)
            elif self.remote_has(branch):
                self.repo.git.checkout("-b", branch, "--track", f"{REMOTE}/{branch}")
            else:
                raise RepositoryError(
                    f"cabang {branch} tidak ada (baik lokal maupun di remote)",
                    saran="Periksa nama konten; cabang dibuat oleh `jdih disposisi`.",
                )

    def create_branch(self, branch: str, start: str) -> None:
        """Create and switch to ``branch`` at ``start``; refuse when it exists anywhere."""
        if self.local_has(branch) or self.remote_has(branch):
            raise RepositoryError(f"cabang {branch} sudah ada", saran="Pilih slug lain dengan opsi --slug.")
        with git_errors(f"membuat cabang {branch}"):
            self.repo.git.checkout("-b", branch, start)

    def sync(self, branch: str) -> None:
        """Fast-forward the current ``branch`` to ``origin/<branch>``; refuse when they diverged."""
        if not self.remote_has(branch):
            return
        remote = f"{REMOTE}/{branch}"
        with git_errors(f"menyinkronkan cabang {branch}"):
            base = self.repo.git.merge_base(branch, remote)
            remote_sha = self.repo.commit(remote).hexsha
            local_sha = self.repo.commit(branch).hexsha
            if base == remote_sha:  # local is ahead or equal
                return
            if base != local_sha:
                raise RepositoryError(
                    f"cabang {branch} lokal dan di remote sudah bercabang (diverged)",
                    saran=f"Selesaikan dulu dengan `git pull --rebase {REMOTE} {branch}`, lalu ulangi.",
                )
            self.repo.git.merge("--ff-only", remote)

    def push(self, branch: str) -> None:
        """Push ``branch`` to ``origin`` (no-op without a remote); a rejected push is a RepositoryError."""
        if not self.has_remote():
            return
        try:
            self.repo.git.push("--porcelain", REMOTE, f"{branch}:{branch}")
        except git.GitCommandError as exc:
            text = f"{exc.stdout or ''} {exc.stderr or ''}"
            if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
                raise RepositoryError(
                    f"push cabang {branch} ditolak: remote sudah memuat perubahan yang belum ada di sini",
                    saran="Ulangi perintah yang sama; perintah akan menarik perubahan terbaru terlebih dahulu.",
                ) from None
            with git_errors(f"mengirim cabang {branch} (push)"):
                raise

    # -- commits ---------------------------------------------------------------------
    def commit_paths(self, paths: Iterable[str], message: str, when: datetime | None = None) -> str:
        """Stage everything under ``paths`` (additions, edits, deletions) and commit; returns the sha.

        ``when`` dates the commit (author and committer) at the step's time, so the entry's
        time and its commit's time agree, also under a fixed ``JDIH_SEKARANG``.
        """
        env = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()} if when else None
        with git_errors("membuat commit"):
            self.repo.git.add("-A", "--", *paths)
            self.repo.git.commit("-m", message, "--no-verify", env=env)
        return self.repo.head.commit.hexsha
