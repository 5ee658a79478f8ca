"""Commit and push the outcome of a step that runs on main (``terbitkan``, ``umumkan``) in local mode.

Like every other step, the result (front matter with links and the new ``riwayat`` entry) must
reach the office remote, or colleagues never see it. :func:`record_step_commit` is re-runnable:
run again after an interruption it commits what is still uncommitted and pushes what is still
unsent; when a colleague pushed to the branch meanwhile, the step's own commits are replayed on
top (they touch only the step's paths) and pushed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import git

from ..errors import RepositoryError
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
            if "ditolak: remote sudah memuat perubahan" not in exc.pesan:
                raise
        ws.fetch()
        _replay_on_remote(ws, branch)
        sha = ws.repo.head.commit.hexsha if sha else None
    raise RepositoryError(
        f"cabang {branch} di remote terus berubah; langkah sudah tercatat di commit lokal",
        saran="Jalankan ulang perintah yang sama untuk mengirimnya.",
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
            saran="Jalankan lagi perintah persetujuan yang terputus (mis. `jdih setujui ...`) lebih dulu, "
            "lalu ulangi perintah ini.",
        )
    try:
        ws.repo.git.rebase(remote)
    except git.GitCommandError:
        with git_errors("membatalkan rebase"):
            ws.repo.git.rebase("--abort")
        raise RepositoryError(
            f"commit langkah ini dan perubahan rekan di {remote} mengubah baris yang sama; commit lokal tetap ada",
            saran=f"Jalankan `git pull --rebase {REMOTE} {branch}`, selesaikan konflik yang disebut git, lalu "
            f"`git push {REMOTE} {branch}`.",
        ) from None
