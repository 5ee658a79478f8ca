"""Git I/O of the web desk (``jdih meja``): a private clone, read by plumbing, written by the SOP steps.

The desk never works in anybody's working tree. It keeps its own clone of the office remote
(under ``.jdih/meja/klon``), reads posts straight from the remote-tracking refs (``origin/main``,
``origin/konten/<slug>``) without checking anything out, and writes only through the SOP
steps of :mod:`jdih.gitflow.steps` (and :meth:`DeskRepo.save`, a commit of the post's own
files on its branch) with the signed-in person as the actor. Before every write the clone is
healed: a merge or rebase left behind by a crash is aborted and stray files are removed, so
no request ever starts half-way through another one.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import git

from ..errors import RepositoryError
from ..people import People, Person
from ..post import POST_FILE
from ..project import CONTENT_DIR, Project
from .repo import BRANCH_PREFIX, MAIN_BRANCH, REMOTE, Workspace, branch_for, git_errors

T = TypeVar("T")


@dataclass
class DeskWorkspace(Workspace):
    """The desk's clone acting for one signed-in person (instead of ``git config user.email``)."""

    actor: Person | None = None

    def person(self, people: People) -> Person:
        """The signed-in person, looked up again so a role removed from sop/peran.yml takes effect."""
        if self.actor is None or people.get(self.actor.id) is None:
            raise RepositoryError("orang yang masuk ke meja kerja tidak terdaftar di sop/peran.yml")
        return people.get(self.actor.id)  # type: ignore[return-value]


@dataclass(frozen=True)
class BranchInfo:
    """An open post branch on the remote as the desk lists it."""

    slug: str
    branch: str
    tip: str
    post_path: str  # content/<tahun>/<slug>/index.md, "" when the branch has no post


@dataclass(frozen=True)
class FileDiff:
    """One path a post branch changed since it left main (merge base), as Decap lists it."""

    path: str
    status: str  # "added" | "modified" | "deleted"


@dataclass
class DeskRepo:
    """The desk's private clone of the office remote, guarded by one lock."""

    root: Path
    main: str = MAIN_BRANCH
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # -- set-up ------------------------------------------------------------------------
    @classmethod
    def prepare(cls, clone_dir: Path, remote_url: str, main: str = MAIN_BRANCH) -> DeskRepo:
        """Clone ``remote_url`` into ``clone_dir`` the first time; later, point it at the remote and fetch."""
        if not (clone_dir / ".git").exists():
            clone_dir.parent.mkdir(parents=True, exist_ok=True)
            with git_errors(f"menyalin remote kantor ke {clone_dir}"):
                git.Repo.clone_from(remote_url, clone_dir, no_checkout=False)
        desk = cls(clone_dir, main)
        with git_errors("mengatur salinan meja kerja"):
            repo = desk.repo
            if repo.remote(REMOTE).url != remote_url:
                repo.git.remote("set-url", REMOTE, remote_url)
            with repo.config_writer() as cfg:
                # Nobody's own identity: every commit carries the signed-in person (see _acting).
                cfg.set_value("user", "name", "Meja Kerja JDIH")
                cfg.set_value("user", "email", "meja@jdih.invalid")
                cfg.set_value("commit", "gpgsign", "false")
        desk.fetch()
        return desk

    @staticmethod
    def office_remote(local_root: Path) -> str:
        """The URL of ``origin`` of the local repository (the office remote), or a RepositoryError."""
        try:
            repo = git.Repo(local_root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RepositoryError(f"{local_root} bukan repositori git") from None
        if REMOTE not in [r.name for r in repo.remotes]:
            raise RepositoryError(
                "repositori ini belum punya remote kantor 'origin'; meja kerja bekerja lewat remote itu",
                hint="Tambahkan dengan `git remote add origin ALAMAT`, atau jalankan: jdih meja --remote ALAMAT.",
            )
        url = str(repo.remote(REMOTE).url)
        local = Path(repo.working_tree_dir or local_root, url)
        if "://" not in url and ":" not in url.split("/")[0] and local.exists():
            return str(local.resolve())  # a relative path is relative to the local repository
        return url

    @property
    def repo(self) -> git.Repo:
        """The clone (a fresh handle: gitpython objects are not shared between threads)."""
        return git.Repo(self.root)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One git operation at a time on the clone."""
        with self._lock:
            yield

    def fetch(self) -> None:
        """Bring the remote-tracking refs up to date (branches deleted on the remote go too)."""
        with self._lock, git_errors("mengambil perubahan dari remote kantor (fetch)"):
            self.repo.git.fetch(REMOTE, "--prune")

    # -- reading (plumbing on origin/*, no checkout) --------------------------------------
    def _ref(self, branch: str) -> str:
        return f"{REMOTE}/{branch}"

    def has_branch(self, branch: str) -> bool:
        """True when the remote has ``branch``."""
        with self._lock:
            try:
                self.repo.git.rev_parse("--verify", "--quiet", self._ref(branch))
            except git.GitCommandError:
                return False
            return True

    def list_files(self, branch: str, folder: str) -> list[str]:
        """Every file under ``folder`` on ``origin/<branch>`` (repository-relative paths)."""
        with self._lock, git_errors(f"membaca {self._ref(branch)}"):
            out = self.repo.git.ls_tree("-r", "--name-only", self._ref(branch), "--", folder)
        return [line for line in out.splitlines() if line]

    def read_bytes(self, branch: str, path: str) -> bytes | None:
        """The blob ``path`` on ``origin/<branch>`` (None when absent)."""
        with self._lock:
            try:
                blob = self.repo.commit(self._ref(branch)).tree / path
            except (KeyError, ValueError, git.BadName):
                return None
            data: bytes = blob.data_stream.read()
            return data

    @staticmethod
    def file_id(data: bytes) -> str:
        """The content id Decap keeps for a file (sha256, like decap-server)."""
        return hashlib.sha256(data).hexdigest()

    def open_branches(self) -> list[BranchInfo]:
        """Post branches on the remote that have not landed on main (their tip is not in main)."""
        with self._lock, git_errors("membaca cabang konten"):
            repo = self.repo
            main_ref = self._ref(self.main)
            out = repo.git.for_each_ref("--format=%(refname:short) %(objectname)", f"refs/remotes/{REMOTE}/")
            merged = set(repo.git.branch("-r", "--merged", main_ref, "--format=%(refname:short)").split())
            found: list[BranchInfo] = []
            for line in out.splitlines():
                name, tip = line.split(" ", 1)
                branch = name[len(REMOTE) + 1 :]
                if not branch.startswith(BRANCH_PREFIX) or name in merged:
                    continue
                slug = branch[len(BRANCH_PREFIX) :]
                names = repo.git.ls_tree("-r", "--name-only", tip, "--", CONTENT_DIR).splitlines()
                post = next(
                    (n for n in names if n.split("/")[2:] == [slug, POST_FILE] and n.count("/") == 3), ""
                )
                found.append(BranchInfo(slug, branch, tip, post))
            return found

    def diffs(self, branch: str, folder: str) -> list[FileDiff]:
        """Files under ``folder`` that ``branch`` changed since its merge base with main."""
        with self._lock, git_errors(f"membandingkan {branch} dengan {self.main}"):
            repo = self.repo
            base = repo.git.merge_base(self._ref(self.main), self._ref(branch))
            out = repo.git.diff("--name-status", "--no-renames", base, self._ref(branch), "--", folder)
        kinds = {"A": "added", "M": "modified", "D": "deleted", "T": "modified"}
        rows = [line.split("\t", 1) for line in out.splitlines() if "\t" in line]
        return [FileDiff(path, kinds.get(code[:1], "modified")) for code, path in rows]

    def updated_at(self, branch: str) -> datetime:
        """Commit time of the branch tip."""
        with self._lock, git_errors(f"membaca {branch}"):
            return self.repo.commit(self._ref(branch)).committed_datetime

    # -- writing ------------------------------------------------------------------------
    def heal(self) -> None:
        """Abort any merge/rebase left by a crash and drop untracked files: the clone is the desk's own."""
        repo = self.repo
        gitdir = Path(repo.git_dir)
        with git_errors("memulihkan salinan meja kerja"):
            if (gitdir / "rebase-merge").exists() or (gitdir / "rebase-apply").exists():
                repo.git.rebase("--abort")
            if (gitdir / "MERGE_HEAD").exists():
                repo.git.merge("--abort")
            if repo.is_dirty(untracked_files=True):
                repo.git.reset("--hard", "HEAD")
                repo.git.clean("-fdq", "-e", "/.jdih/")

    @contextmanager
    def acting(self, person: Person) -> Iterator[DeskWorkspace]:
        """A workspace on the clone that acts (and commits) as ``person``; healed before and after."""
        with self._lock:
            self.heal()
            repo = self.repo
            email = person.email or f"{person.id}@jdih.invalid"
            repo.git.update_environment(
                GIT_AUTHOR_NAME=person.name,
                GIT_AUTHOR_EMAIL=email,
                GIT_COMMITTER_NAME=person.name,
                GIT_COMMITTER_EMAIL=email,
            )
            try:
                yield DeskWorkspace(repo, self.main, actor=person)
            finally:
                self.heal()

    def run_step(self, person: Person, step: Callable[[DeskWorkspace], T]) -> T:
        """Run one SOP step function of :mod:`jdih.gitflow.steps` as ``person``, then refresh the refs."""
        with self.acting(person) as ws:
            result = step(ws)
        self.fetch()
        return result

    def save(
        self,
        project: Project,
        person: Person,
        slug: str,
        files: dict[str, bytes],
        message: str,
        now: datetime,
        remove: tuple[str, ...] = (),
    ) -> str:
        """Commit exactly ``files`` (and the removal of ``remove``) on ``konten/<slug>`` and push it.

        Paths are repository-relative and must lie inside the post's folder; the branch is
        fast-forwarded to the remote first, so a save never rewrites a colleague's step.
        """
        branch = branch_for(slug)
        with self.acting(person) as ws:
            ws.fetch()
            ws.checkout(branch)
            ws.sync(branch)
            for rel, data in files.items():
                target = self.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            for rel in remove:
                (self.root / rel).unlink(missing_ok=True)
            paths = sorted({*files, *remove})
            with git_errors("membuat commit"):
                ws.repo.git.add("-A", "--", *paths)
                if not ws.repo.git.diff("--cached", "--name-only"):
                    return ws.repo.head.commit.hexsha
            sha = ws.commit_paths(paths, message, now)
            ws.push(branch)
        self.fetch()
        return sha

    def values_of(self, key: str, folder: str) -> list[str]:
        """Distinct plain values of a top-level front-matter ``key`` in the files on main (e.g. the series)."""
        with self._lock:
            try:
                out = self.repo.git.grep("-h", "-E", f"^{key}:", self._ref(self.main), "--", folder)
            except git.GitCommandError:
                return []  # git grep exits 1 when nothing matches
        values = []
        for line in out.splitlines():
            value = line.split(":", 1)[1].strip().strip("'\"")
            if value:
                values.append(value)
        return sorted(set(values))

    def tip(self, branch: str) -> str:
        """Commit id of ``origin/<branch>``."""
        with self._lock, git_errors(f"membaca {self._ref(branch)}"):
            return str(self.repo.git.rev_parse(self._ref(branch)))

    def read_many(self, commit: str, paths: list[str]) -> dict[str, bytes | None]:
        """Many blobs of one commit through one ``git cat-file --batch`` (the editor lists every post)."""
        from .objects import BlobReader

        with self._lock, BlobReader(self.root) as reader:
            found = reader.read_many(f"{commit}:{p}" for p in paths)
        return {p: found.get(f"{commit}:{p}") for p in paths}

    def snapshot_main(self, dest: Path) -> Path:
        """A detached worktree of ``origin/main`` at ``dest`` (refreshed in place), for the site preview."""
        with self._lock, git_errors("menyiapkan salinan main untuk pratinjau situs"):
            repo = self.repo
            if (dest / ".git").exists():
                worktree = git.Repo(dest)
                worktree.git.checkout("--detach", "--force", self._ref(self.main))
                worktree.git.clean("-fdq")
            else:
                repo.git.worktree("prune")
                repo.git.worktree("add", "--detach", "--force", str(dest), self._ref(self.main))
        return dest
