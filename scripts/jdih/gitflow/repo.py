"""Thin gitpython wrapper: identity, cleanliness, branches, commit, push/pull.

Every git failure becomes a :class:`~jdih.errors.RepositoryError` with an Indonesian
message, so the CLI never shows a traceback and the user always learns what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

from ..errors import RepositoryError, UsageError
from ..people import People, Person

MAIN_BRANCH = "main"
BRANCH_PREFIX = "konten/"
REMOTE = "origin"


def branch_for(slug: str) -> str:
    """The working branch of a post: ``konten/<slug>``."""
    return f"{BRANCH_PREFIX}{slug}"


# Markers of a remote that cannot be reached at all (git's own English wording).
_UNREACHABLE = (
    "could not read from remote repository",
    "does not appear to be a git repository",
    "could not resolve host",
    "connection refused",
    "connection timed out",
    "unable to access",
    "network is unreachable",
    "no route to host",
    "operation timed out",
)
# Markers of a push the server refused on purpose (hook, protected branch, permissions).
_SERVER_REFUSED = ("[remote rejected]", "hook declined", "protected branch", "permission denied", "403")
# Porcelain status codes of paths with an unresolved merge conflict.
UNMERGED_CODES = {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}


def _git_detail(exc: git.GitCommandError) -> str:
    detail = (exc.stderr or exc.stdout or "").strip().strip("'").strip()
    return " ".join(detail.replace("stderr:", "").split())[:400]


def unreachable_error(action: str) -> RepositoryError:
    """The Indonesian error for a remote that cannot be reached (offline, wrong address)."""
    return RepositoryError(
        f"remote '{REMOTE}' tidak dapat dihubungi saat {action}; tidak ada yang diubah",
        hint="Periksa jaringan dan alamat remote (`git remote -v`), lalu jalankan ulang perintah yang sama.",
    )


@contextmanager
def git_errors(action: str) -> Iterator[None]:
    """Turn gitpython exceptions into RepositoryError naming the failed ``action``.

    Known failures get an Indonesian explanation; git's own (English) text is only shown,
    marked as such, when the cause is not recognised.
    """
    try:
        yield
    except git.GitCommandError as exc:
        detail = _git_detail(exc)
        if any(m in detail.lower() for m in _UNREACHABLE):
            raise unreachable_error(action) from None
        raise RepositoryError(f"git gagal saat {action} (pesan asli git: {detail or exc.status})") from None


def exclude_locally(root: Path, folder: Path) -> None:
    """Make git ignore ``folder`` (local state: outputs, branch copies) even where the office's
    .gitignore lacks it, so what the tool writes there never blocks a workflow command.
    ``.git/info/exclude`` is local to the clone and never committed; no-op outside a repository."""
    try:
        ws = Workspace.open(root)
        rel = folder.resolve().relative_to(ws.root.resolve()).as_posix()
    except (RepositoryError, ValueError):
        return
    exclude = Path(ws.repo.common_dir) / "info" / "exclude"
    line = f"/{rel}/"
    try:
        text = exclude.read_text(encoding="utf-8") if exclude.is_file() else ""
        if line not in text.splitlines():
            exclude.parent.mkdir(parents=True, exist_ok=True)
            exclude.write_text(text + ("" if not text or text.endswith("\n") else "\n") + line + "\n",
                               encoding="utf-8")
    except OSError:
        pass  # a read-only clone: the command still does its work


def identity_email(root: Path) -> str:
    """``user.email`` of the clone at ``root`` ("" outside a git repository or when unset).

    For commands that only need to know who runs them; the SOP steps use :meth:`Workspace.person`.
    """
    try:
        return Workspace.open(root).email()
    except RepositoryError:
        return ""


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
                hint="Klon repositori JDIH Medsos dengan `git clone`, lalu jalankan perintah dari dalamnya.",
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
                hint='Jalankan: git config user.email "alamat@kpu-kotimkab.go.id" (alamat yang terdaftar di '
                "sop/peran.yml).",
            )
        person = people.by_email(email)
        if person is None:
            raise RepositoryError(
                f"e-mail git '{email}' tidak terdaftar di sop/peran.yml",
                hint="Samakan `git config user.email` dengan kolom email Anda di sop/peran.yml.",
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
        return sorted({path for _code, path in self._status_items(out)})

    def unmerged_paths(self) -> list[str]:
        """Paths with an unresolved merge conflict (``git status`` codes UU, AA, ...)."""
        with git_errors("membaca status"):
            out = self.repo.git.status("--porcelain=v1", "-z", "--untracked-files=no")
        return sorted({path for code, path in self._status_items(out) if code in UNMERGED_CODES})

    @staticmethod
    def _status_items(out: str) -> list[tuple[str, str]]:
        """(code, path) pairs of ``git status --porcelain=v1 -z`` output."""
        result: list[tuple[str, str]] = []
        items = out.split("\0")
        i = 0
        while i < len(items):
            item = items[i]
            i += 1
            if len(item) < 4:
                continue
            code, path = item[:2], item[3:]
            result.append((code, path))
            if code[0] in "RC":  # a rename carries its source as the next item
                i += 1
        return result

    def require_clean(self, allowed: Iterable[str] = ()) -> list[str]:
        """Refuse when anything outside the ``allowed`` folders is uncommitted; return the allowed dirty paths."""
        conflicted = self.unmerged_paths()
        if conflicted:
            raise RepositoryError(
                f"ada konflik git yang belum diselesaikan: {', '.join(conflicted[:8])}",
                hint="Buka berkasnya, pilih isi yang benar dan hapus tanda <<<<<<< ======= >>>>>>>, "
                "lalu `git add <berkas>` dan ulangi perintah. Tidak ada yang di-commit.",
            )
        prefixes = [a.rstrip("/") + "/" for a in allowed]
        dirty = self.dirty_paths()
        outside = [p for p in dirty if not any(p.startswith(pre) for pre in prefixes)]
        if outside:
            shown = ", ".join(outside[:8]) + (" ..." if len(outside) > 8 else "")
            where = " di luar folder konten ini" if prefixes else ""
            raise RepositoryError(
                f"ada perubahan yang belum di-commit{where}: {shown}",
                hint="Simpan dulu pekerjaan itu (git commit) atau kembalikan, lalu ulangi. "
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
            elif branch.startswith(BRANCH_PREFIX):  # an unknown post: a usage error, as in every command
                raise UsageError(
                    f"konten '{branch[len(BRANCH_PREFIX):]}' tidak ditemukan: cabang {branch} tidak ada "
                    "(baik lokal maupun di remote)",
                    hint=self._branch_hint(branch),
                )
            else:
                raise RepositoryError(
                    f"cabang {branch} tidak ada (baik lokal maupun di remote)",
                    hint=self._branch_hint(branch),
                )

    def content_branches(self) -> list[str]:
        """Names of every ``konten/...`` branch, local or on the remote."""
        names = {h.name for h in self.repo.heads}
        if self.has_remote():
            names |= {r.name[len(REMOTE) + 1 :] for r in self.repo.remote(REMOTE).refs}
        return sorted(n for n in names if n.startswith(BRANCH_PREFIX))

    def _branch_hint(self, branch: str) -> str:
        """Advice for a mistyped content name: the closest existing branches, if any."""
        import difflib

        close = difflib.get_close_matches(branch, self.content_branches(), n=3, cutoff=0.6)
        if close:
            names = ", ".join(c[len(BRANCH_PREFIX) :] for c in close)
            return f"Periksa ejaan nama konten. Maksud Anda: {names}?"
        return "Periksa nama konten; cabang dibuat oleh `jdih disposisi` (lihat `jdih status`)."

    def create_branch(self, branch: str, start: str) -> None:
        """Create and switch to ``branch`` at ``start``; refuse when it exists anywhere."""
        if self.local_has(branch) or self.remote_has(branch):
            raise RepositoryError(f"cabang {branch} sudah ada", hint="Pilih slug lain dengan opsi --slug.")
        with git_errors(f"membuat cabang {branch}"):
            self.repo.git.checkout("-b", branch, start)

    def sync(self, branch: str) -> list[str]:
        """Bring the current ``branch`` up to ``origin/<branch>``, keeping uncommitted work; returns notes.

        Behind: fast-forward. Uncommitted edits that the colleague's commits also touch are set
        aside (``git stash``), the branch fast-forwarded and the edits put back; when they cannot be
        put back cleanly, everything returns exactly as it was and the error says what to run.
        A ``konten/`` branch with unpushed commits of its own is rebased onto the remote when that
        applies cleanly (otherwise it is left as it was). ``main`` is never rebased.
        """
        restored = self._restore_set_aside(branch)
        if not self.remote_has(branch):
            return restored
        remote = f"{REMOTE}/{branch}"
        with git_errors(f"menyinkronkan cabang {branch}"):
            base = self.repo.git.merge_base(branch, remote)
            remote_sha = self.repo.commit(remote).hexsha
            local_sha = self.repo.commit(branch).hexsha
        if base == remote_sha:  # local is ahead or equal
            return restored
        if base != local_sha:
            return restored + self._rebase_onto(branch, remote)
        try:
            # git itself refuses (and changes nothing) when uncommitted edits would be overwritten.
            self.repo.git.merge("--ff-only", remote)
            return restored
        except git.GitCommandError:
            pass
        return restored + self._with_work_set_aside(branch, lambda: self.repo.git.merge("--ff-only", remote),
                                                    f"git merge --ff-only {remote}")

    def _restore_set_aside(self, branch: str) -> list[str]:
        """Work that a killed run set aside (``git stash``) is put back before anything else happens."""
        mark = f"jdih: sinkron {branch}"
        with git_errors("membaca simpanan sementara"):
            listing = self.repo.git.stash("list", "--format=%gd %s").splitlines()
        entry = next((line.split(" ", 1)[0] for line in listing if line.endswith(mark)), None)
        if entry is None:
            return []
        keep = (f"Pekerjaan Anda yang belum di-commit tersimpan di `git stash` ({entry}) oleh perintah yang "
                "terputus. ")
        if self.dirty_paths():
            raise RepositoryError(
                f"ada pekerjaan yang disimpan sementara oleh perintah jdih yang terputus ({entry}), dan ada "
                "perubahan baru yang belum di-commit; tidak ada yang diubah",
                hint=keep + f"Commit atau simpan dulu perubahan baru, lalu `git stash pop {entry}` dan ulangi.",
            )
        try:
            self.repo.git.stash("apply", "--index", entry)
        except git.GitCommandError:
            with git_errors("mengembalikan keadaan"):
                self.repo.git.reset("--hard", "HEAD")
            raise RepositoryError(
                "pekerjaan yang disimpan sementara oleh perintah jdih yang terputus tidak dapat dikembalikan "
                "otomatis (bertabrakan dengan perubahan rekan)",
                hint=keep + f"Jalankan `git stash pop {entry}`, pilih isi yang benar di berkas yang ditandai "
                "<<<<<<< / >>>>>>>, lalu ulangi perintah.",
            ) from None
        with git_errors("membersihkan simpanan sementara"):
            self.repo.git.stash("drop", entry)
        return ["pekerjaan Anda yang disimpan sementara oleh perintah yang terputus sudah dikembalikan"]

    def _rebase_onto(self, branch: str, remote: str) -> list[str]:
        manual = f"git pull --rebase {REMOTE} {branch}"
        if not branch.startswith(BRANCH_PREFIX):
            raise RepositoryError(
                f"cabang {branch} lokal dan di remote sudah bercabang (diverged)",
                hint=f"Selesaikan dulu dengan `{manual}`, lalu ulangi.",
            )

        def rebase() -> None:
            try:
                self.repo.git.rebase(remote)
            except git.GitCommandError:
                with git_errors("membatalkan rebase"):
                    self.repo.git.rebase("--abort")
                raise

        notes = self._with_work_set_aside(branch, rebase, manual)
        return [f"commit lokal Anda di cabang {branch} dipindah ke atas perubahan rekan dari remote (rebase)", *notes]

    def _with_work_set_aside(self, branch: str, update: Callable[[], object], manual: str) -> list[str]:
        """Run ``update`` with the uncommitted work stashed, then put it back; on any conflict, restore
        the branch and the work exactly as they were and raise with the commands to run by hand."""
        before = self.repo.head.commit.hexsha
        stashed = bool(self.dirty_paths())
        with git_errors("menyimpan sementara pekerjaan yang belum di-commit"):
            if stashed:
                self.repo.git.stash("push", "--include-untracked", "-m", f"jdih: sinkron {branch}")
        try:
            update()
        except git.GitCommandError:
            with git_errors("mengembalikan pekerjaan Anda"):
                self.repo.git.reset("--hard", before)
                if stashed:
                    self.repo.git.stash("pop", "--index")
            raise RepositoryError(
                f"cabang {branch} di remote memuat perubahan rekan Anda yang bertabrakan dengan commit Anda; "
                "tidak ada yang diubah",
                hint=f"Jalankan `{manual}`, selesaikan konflik yang disebut git, lalu ulangi perintah.",
            ) from None
        if not stashed:
            return []
        try:
            self.repo.git.stash("apply", "--index")
        except git.GitCommandError:
            with git_errors("mengembalikan pekerjaan Anda"):
                self.repo.git.reset("--hard", before)
                self.repo.git.stash("pop", "--index")
            overlap = self._changed_between(before, f"{REMOTE}/{branch}")
            shown = ", ".join(overlap[:5]) or "berkas yang Anda ubah"
            raise RepositoryError(
                f"cabang {branch} di remote memuat perubahan rekan Anda pada {shown}, yang juga Anda ubah "
                "(belum di-commit); tidak ada yang diubah, tulisan Anda tetap seperti semula",
                hint="Gabungkan dengan tangan: `git stash`, lalu "
                f"`{manual}`, lalu `git stash pop`; pilih isi yang benar di berkas yang ditandai "
                "<<<<<<< / >>>>>>>, hapus tandanya, lalu ulangi perintah.",
            ) from None
        with git_errors("membersihkan simpanan sementara"):
            self.repo.git.stash("drop")
        return ["perubahan terbaru rekan Anda dari remote sudah digabung; tulisan Anda yang belum di-commit tetap ada"]

    def _changed_between(self, old: str, new: str) -> list[str]:
        with git_errors("membandingkan perubahan"):
            return sorted(p for p in self.repo.git.diff("--name-only", old, new).splitlines() if p)

    def ahead_of_remote(self, branch: str) -> int:
        """How many local commits of ``branch`` are not on ``origin/<branch>`` yet (0 without remote)."""
        if not self.remote_has(branch) or not self.local_has(branch):
            return 0
        with git_errors(f"membandingkan cabang {branch}"):
            return int(self.repo.git.rev_list("--count", f"{REMOTE}/{branch}..{branch}"))

    def push(self, branch: str) -> None:
        """Push ``branch`` to ``origin`` (no-op without a remote); a rejected push is a RepositoryError."""
        if not self.has_remote():
            return
        try:
            self.repo.git.push("--porcelain", REMOTE, f"{branch}:{branch}")
        except git.GitCommandError as exc:
            text = f"{exc.stdout or ''} {exc.stderr or ''}"
            low = text.lower()
            # The first reason that matches, with what to say and advise (the step is committed locally).
            reasons = (
                (any(m in low for m in _SERVER_REFUSED),
                 f"server remote menolak push cabang {branch} (aturan server, proteksi cabang atau hak akses)",
                 "Langkah sudah tercatat di commit lokal. Hubungi admin repositori; setelah diizinkan, "
                 "jalankan ulang perintah yang sama untuk mengirimnya."),
                (any(m in low for m in _UNREACHABLE),
                 f"remote '{REMOTE}' tidak dapat dihubungi saat mengirim cabang {branch} (push)",
                 "Langkah sudah tercatat di commit lokal. Periksa jaringan, lalu jalankan ulang perintah "
                 "yang sama untuk mengirimnya."),
                ("rejected" in text or "non-fast-forward" in text or "fetch first" in text,
                 f"push cabang {branch} ditolak: remote sudah memuat perubahan yang belum ada di sini",
                 "Ulangi perintah yang sama; perintah akan menarik perubahan terbaru terlebih dahulu."),
            )
            for matched, message, hint in reasons:
                if matched:
                    raise RepositoryError(message, hint=hint) from None
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
