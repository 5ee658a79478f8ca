"""Posts still on their ``konten/`` branches, seen from any checkout (``main`` included).

Until ``jdih setujui`` lands it, a post lives only on its branch ``konten/<slug>``, so a list
made from the working tree of ``main`` misses exactly the posts someone waits on. This module
finds every ``konten/`` branch not merged into HEAD (local, and ``origin/`` after the last
fetch; the newer of the two when both exist), reads the post folder of each through one
``git cat-file --batch`` process, and copies it under ``.jdih/cabang/`` (local state, ignored
by git) so the usual readers (media included) work on it. Nothing in the repository changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PostFormatError
from ..post import POST_FILE, Post, read_post
from ..project import Project
from .content_log import _git
from .objects import BlobReader
from .repo import BRANCH_PREFIX, REMOTE, exclude_locally

BRANCH_COPIES = "cabang"  # under the project's state folder (.jdih/)


@dataclass(frozen=True)
class BranchPost:
    """A post read from a ``konten/`` branch that the current checkout does not hold."""

    post: Post
    ref: str  # "konten/<slug>" (local) or "origin/konten/<slug>"
    commit: str
    pull_request: int | None = None

    @property
    def branch(self) -> str:
        """The branch name without the remote prefix."""
        return self.ref.removeprefix(f"{REMOTE}/")

    @property
    def label(self) -> str:
        """Indonesian mark for lists: where the post is."""
        pr = f", pull request #{self.pull_request}" if self.pull_request else ""
        return f"di cabang {self.branch} (belum digabung ke main{pr})"


def _unmerged_refs(root: Path) -> dict[str, tuple[str, str]]:
    """slug -> (ref, commit) of each ``konten/`` branch not merged into HEAD (the newer of local/remote)."""
    has_head = _git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).returncode == 0
    current = _git(root, "symbolic-ref", "-q", "--short", "HEAD", check=False).stdout.decode().strip()
    args = ["for-each-ref", "--format=%(objectname) %(refname)"]
    if has_head:
        args.append("--no-merged=HEAD")
    proc = _git(root, *args, f"refs/heads/{BRANCH_PREFIX}", f"refs/remotes/{REMOTE}/{BRANCH_PREFIX}", check=False)
    found: dict[str, list[tuple[str, str]]] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        sha, _, name = line.partition(" ")
        ref = name.removeprefix("refs/heads/").removeprefix("refs/remotes/")
        branch = ref.removeprefix(f"{REMOTE}/")
        if branch == current or not branch.startswith(BRANCH_PREFIX):
            continue
        found.setdefault(branch[len(BRANCH_PREFIX) :], []).append((ref, sha))
    chosen: dict[str, tuple[str, str]] = {}
    for slug, refs in found.items():
        local = next((r for r in refs if not r[0].startswith(f"{REMOTE}/")), None)
        remote = next((r for r in refs if r[0].startswith(f"{REMOTE}/")), None)
        pick = local or remote
        if local and remote and local[1] != remote[1]:
            ahead = _git(root, "merge-base", "--is-ancestor", local[1], remote[1], check=False).returncode == 0
            pick = remote if ahead else local
        if pick is not None:
            chosen[slug] = pick
    return chosen


def branch_posts(root: Path, content_dir: Path, state_dir: Path,
                 known: Collection[str] | Callable[[], Collection[str]] = frozenset()
                 ) -> tuple[list[BranchPost], list[PostFormatError]]:
    """Every post on an unmerged ``konten/`` branch whose id is not in ``known`` (the posts of the
    working tree; a callable is only called when there is a branch to read), sorted by id; plus the
    files that could not be read."""
    if _git(root, "rev-parse", "--git-dir", check=False).returncode != 0:
        return [], []
    refs = _unmerged_refs(root)
    copies = state_dir / BRANCH_COPIES
    if copies.exists():
        shutil.rmtree(copies, ignore_errors=True)
    if not refs:
        return [], []
    known = set(known() if callable(known) else known)
    exclude_locally(root, state_dir)
    content_rel = content_dir.resolve().relative_to(root.resolve()).as_posix()
    out: list[BranchPost] = []
    errors: list[PostFormatError] = []
    with BlobReader(root) as reader:
        for slug, (ref, sha) in sorted(refs.items()):
            years = [name for mode, name, _ in reader.list_dir(f"{sha}:{content_rel}") if mode == "40000"]
            for year in years:
                folder = f"{content_rel}/{year}/{slug}"
                files = reader.read_files(sha, folder)
                if f"{year}/{slug}" in known or not any(rel == POST_FILE for rel, _ in files):
                    continue
                base = copies / ref.replace("/", "~") / content_rel
                for rel, data in files:
                    target = base / year / slug / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                try:
                    post = read_post(base / year / slug / POST_FILE, base)
                except PostFormatError as exc:
                    exc.file = f"{ref}:{folder}/{POST_FILE}"
                    errors.append(exc)
                    continue
                out.append(BranchPost(post, ref, sha))
    return sorted(out, key=lambda b: b.post.id), errors


def branch_of(post: Post, state_dir: Path) -> str | None:
    """The branch a post was read from when it is a copy made by :func:`branch_posts`, else None."""
    copies = (state_dir / BRANCH_COPIES).resolve()
    try:
        first = post.path.resolve().relative_to(copies).parts[0]
    except (ValueError, IndexError):
        return None
    return first.replace("~", "/").removeprefix(f"{REMOTE}/")


def with_branch_posts(project: Project, posts: list[Post], pulls: Mapping[str, int] | None = None
                      ) -> tuple[list[Post], dict[str, str]]:
    """``posts`` (the working tree's) plus the posts only on ``konten/`` branches, and for those a
    mark per post id (:attr:`BranchPost.label`) for lists to show where each one is. ``pulls``:
    head branch -> number of the open pull requests (read from GitHub by the CLI when it has a token)."""
    found, _ = branch_posts(project.root, project.content_dir, project.state_dir, lambda: {p.id for p in posts})
    found = [replace(b, pull_request=(pulls or {}).get(b.branch)) for b in found]
    return [*posts, *(b.post for b in found)], {b.post.id: b.label for b in found}
