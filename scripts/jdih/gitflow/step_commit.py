"""Commit and push the outcome of a step that runs on main (``terbitkan``, ``umumkan``) in local mode.

Like every other step, the result (front matter with links and the new ``riwayat`` entry) must
reach the office remote, or colleagues never see it. :func:`record_step_commit` is re-runnable:
run again after an interruption it commits what is still uncommitted and pushes what is still
unsent; when a colleague pushed to the branch meanwhile, the step's own commits are replayed on
top (they touch only the step's paths) and pushed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import git

from ..errors import JdihError, RepositoryError
from .repo import REMOTE, Workspace, git_errors

PUSH_ATTEMPTS = 3  # a colleague pushing in between each time is the only reason to go round again


@dataclass(frozen=True)
class StepCommit:
    """What :func:`record_step_commit` did."""

    commit: str | None  # the new commit, None when nothing was left to commit
    pushed: bool  # the branch is on the remote (False only without a remote)


def record_step_commit(ws: Workspace, paths: Iterable[str], message: str, when: datetime | None = None
                       ) -> StepCommit:
    """Commit the changes under ``paths`` (repository-relative) on the current branch and push it.

    Nothing to commit is fine (a re-run after the commit was made): whatever is unsent is pushed.
    Refuses, changing nothing, on a detached HEAD. A push the server refuses keeps the commit, and
    running the same command again sends it."""
    branch = ws.branch()
    if branch is None:
        raise RepositoryError("HEAD terlepas (detached); pindah ke cabang main dulu: git switch main")
    wanted = [p for p in dict.fromkeys(paths) if p]
    changed = [p for p in ws.dirty_paths() if any(p == w or p.startswith(w.rstrip("/") + "/") for w in wanted)]
    sha = ws.commit_paths(wanted, message, when) if changed else None
    if not ws.has_remote():
        return StepCommit(sha, False)
    for _ in range(PUSH_ATTEMPTS):
        try:
            ws.push(branch)
            return StepCommit(sha, True)
        except RepositoryError as exc:
            if "ditolak: remote sudah memuat perubahan" not in exc.message:
                raise
        ws.fetch()
        _replay_on_remote(ws, branch)
        sha = ws.repo.head.commit.hexsha if sha else None
    raise RepositoryError(
        f"cabang {branch} di remote terus berubah; langkah sudah tercatat di commit lokal",
        hint="Jalankan ulang perintah yang sama untuk mengirimnya.",
    )


def _replay_on_remote(ws: Workspace, branch: str) -> None:
    """Put the unsent commits of ``branch`` on top of ``origin/<branch>`` (a rebase that aborts, leaving
    everything as it was, when a colleague changed the same lines)."""
    remote = f"{REMOTE}/{branch}"
    with git_errors("membaca commit yang belum terkirim"):
        merges = ws.repo.git.rev_list("--merges", f"{remote}..{branch}").split()
    if merges:  # a rebase would flatten them (an approval merge is the record): leave it to a person
        raise RepositoryError(
            f"cabang {branch} memuat merge yang belum terkirim dan {remote} sudah berubah; commit lokal tetap ada",
            hint="Jalankan lagi perintah persetujuan yang terputus (mis. `jdih setujui ...`) lebih dulu, "
            "lalu ulangi perintah ini.",
        )
    try:
        ws.repo.git.rebase(remote)
    except git.GitCommandError:
        with git_errors("membatalkan rebase"):
            ws.repo.git.rebase("--abort")
        raise RepositoryError(
            f"commit langkah ini dan perubahan rekan di {remote} mengubah baris yang sama; commit lokal tetap ada",
            hint=f"Jalankan `git pull --rebase {REMOTE} {branch}`, selesaikan konflik yang disebut git, lalu "
            f"`git push {REMOTE} {branch}`.",
        ) from None


@dataclass
class SharedRun:
    """A delivery run as seen by the office remote (see :func:`shared_delivery_run`)."""

    shared: bool  # the claim and the ledger go through the remote
    notes: list[str] = field(default_factory=list)  # what to tell the user (Indonesian)


def _post_files(ws: Workspace, content: str) -> list[str]:
    """Changed post files (``content/<year>/<slug>/index.md``): the only files a delivery step writes."""
    prefix = content.rstrip("/") + "/"
    return [p for p in ws.dirty_paths() if p.startswith(prefix) and p.endswith("/index.md")
            and p.count("/") == prefix.count("/") + 2]


@contextmanager
def shared_delivery_run(root: Path, state_dir: Path, content_dir: Path, *, actor: str, command: str, outcome: str,
                        since: str, also: Sequence[str] = ()) -> Iterator[SharedRun]:
    """Run a delivery step (``terbitkan``, ``umumkan``) from a clone, as one of the office.

    With a remote: the office's delivery claim is taken on the ledger branch (refused, sending
    nothing, while another clone holds it), main is brought up to date, the run happens, the changed
    post files are committed (``<perintah>: <post> <hasil>``) and pushed, then the ledger records are
    pushed and the claim dropped in one compare-and-swap (in that order, so whoever claims next sees
    this run's outcome on main). A run that ends in an error
    keeps the claim: running the same command again on this clone completes it. Without a remote
    nothing is shared or committed, as before (said in ``notes``). ``also``: further folders the step
    writes and commits (e.g. the reminders' record under ``catatan/``)."""
    from .ledger_branch import claim_run, release_run

    try:
        ws = Workspace.open(root)
    except RepositoryError:
        ws = None
    if ws is None or not ws.has_remote():
        yield SharedRun(False, ["tanpa remote `origin`: buku besar dan hasil langkah ini tidak dibagikan ke "
                                "komputer lain dan tidak di-commit; simpan sendiri perubahan front matter "
                                "(git commit)."])
        return
    content = content_dir.relative_to(root).as_posix()
    held = claim_run(ws, state_dir, actor, command, since)
    if held is not None:
        raise RepositoryError(
            f"pengiriman sedang berjalan (atau terputus) di komputer lain: `jdih {held.command}` oleh {held.actor} "
            f"di komputer {held.host} sejak {held.since}; dari komputer ini tidak ada yang dikirim",
            hint="Tunggu sampai selesai, lalu jalankan ulang perintah ini. Bila perintah itu terputus, jalankan "
            "ulang perintah yang sama di komputer itu untuk menyelesaikannya.",
        )
    # Only now (holding the claim) is main current: whoever held it before pushed its outcome first.
    ws.fetch()
    branch = ws.branch()
    run = SharedRun(True, ws.sync(branch) if branch is not None else [])
    try:
        yield run
    except JdihError:
        # A refusal or a failed step is not an interruption: nothing is in flight, so what was done
        # is shared and the claim dropped. (Ctrl-C or a kill keeps the claim: re-run here.)
        _commit(ws, content, command, outcome, run, also)
        release_run(ws, state_dir, command)
        raise
    _commit(ws, content, command, outcome, run, also)
    if not release_run(ws, state_dir, command):
        run.notes.append("klaim pengiriman di remote bukan lagi milik komputer ini; catatan buku besar tidak "
                         "dibagikan (tetap tersimpan di komputer ini).")


def _commit(ws: Workspace, content: str, command: str, outcome: str, run: SharedRun, also: Sequence[str]) -> None:
    posts = _post_files(ws, content)
    ids = [f.removeprefix(content.rstrip("/") + "/").removesuffix("/index.md") for f in posts]
    files = posts + [p for p in ws.dirty_paths() if any(p.startswith(a.rstrip("/") + "/") for a in also)]
    message = f"{command}: {', '.join(ids)} {outcome}" if ids else f"{command}: {outcome}"
    done = record_step_commit(ws, files, message)
    if done.commit:
        sent = "dan dikirim ke remote" if done.pushed else "(lokal)"
        run.notes.append(f"hasil langkah di-commit {sent}: {done.commit[:10]} \"{message}\"")
