"""``jdih riwayat <post>``: a post's full trail from its front matter and from git.

Front matter says which SOP step happened, by whom and when; git says which commit recorded
it, who committed, and what else changed (caption, media, links). Together they are the
audit trail the SOP's records rule asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import git

from ..errors import RepositoryError, UsageError
from ..post import POST_FILE, HistoryEntry, Post, parse_post, read_post
from ..project import Project
from .branch_posts import BranchPost, branch_posts
from .compare import describe_change, entry_key
from .repo import git_errors


@dataclass(frozen=True)
class TrailEntry:
    """One ``riwayat`` entry, its actor's name, and the commit that recorded it (when known)."""

    entry: HistoryEntry
    name: str
    commit: str | None = None
    commit_actor: str | None = None


@dataclass(frozen=True)
class CommitChange:
    """One commit that touched the post folder."""

    sha: str
    at: datetime
    author: str  # person id when the e-mail is known, else "Name <email>"
    subject: str  # commit subject
    change: tuple[str, ...]


@dataclass
class Trail:
    """The whole trail of one post."""

    post_id: str
    title: str
    status: str
    entries: list[TrailEntry] = field(default_factory=list)
    commits: list[CommitChange] = field(default_factory=list)
    where: str | None = None  # "di cabang konten/<slug> (...)" for a post not in this checkout


def find_post_file(project: Project, ref: str) -> Path:
    """The ``index.md`` named by ``ref``: ``tahun/slug``, a slug, a folder or the file itself."""
    raw = Path(ref)
    for cand in (raw, Path.cwd() / raw, project.content_dir / raw, project.root / raw):
        f = cand / POST_FILE if cand.is_dir() else cand
        if f.is_file() and f.name == POST_FILE:
            return f.resolve()
    matches = sorted(project.content_dir.glob(f"*/{raw.name}/{POST_FILE}"))
    if len(matches) == 1:
        return matches[0].resolve()
    if len(matches) > 1:
        raise UsageError(f"'{ref}' cocok dengan beberapa konten; sebutkan dengan tahun, contoh 2026/{raw.name}")
    import difflib

    known = [f"{p.parent.parent.name}/{p.parent.name}" for p in project.content_dir.glob(f"*/*/{POST_FILE}")]
    close = difflib.get_close_matches(ref.strip("/"), known, n=3, cutoff=0.6) or difflib.get_close_matches(
        raw.name, [k.split("/", 1)[1] for k in known], n=3, cutoff=0.6
    )
    raise UsageError(
        f"konten '{ref}' tidak ditemukan di content/",
        hint=(f"Maksud Anda: {', '.join(close)}? " if close else "")
        + "Sebutkan konten sebagai tahun/slug (lihat `jdih status`); konten yang belum disetujui hanya ada di "
        "cabang konten/<slug>.",
    )


def _who(project: Project, name: str, email: str) -> str:
    person = project.people.by_email(email) if email else None
    return person.id if person else f"{name} <{email}>"


def find_branch_post(project: Project, ref: str) -> BranchPost | None:
    """The post named by ``ref`` (``tahun/slug`` or slug) on an unmerged ``konten/`` branch, if any."""
    from ..post import iter_post_files

    known = {f"{p.parent.parent.name}/{p.parent.name}" for p in iter_post_files(project.content_dir)}
    found, _ = branch_posts(project.root, project.content_dir, project.state_dir, known)
    wanted = ref.strip().strip("/").removesuffix("/" + POST_FILE)
    return next((b for b in found if b.post.id == wanted), None) or next(
        (b for b in found if b.post.slug == Path(wanted).name), None)


def find_post(project: Project, ref: str) -> tuple[Post, str | None]:
    """The post named by ``ref`` from the working tree, else from its unmerged ``konten/`` branch;
    with where it was found (None = this checkout, else :attr:`BranchPost.label`)."""
    try:
        return read_post(find_post_file(project, ref), project.content_dir), None
    except UsageError:
        on_branch = find_branch_post(project, ref)
        if on_branch is None:
            raise
        return on_branch.post, on_branch.label


def post_trail(project: Project, ref: str) -> Trail:
    """Build the trail of the post named by ``ref`` from the working tree and git history; a post
    still on its ``konten/`` branch (not in this checkout) is read from that branch."""
    rev, where = "HEAD", None
    try:
        path = find_post_file(project, ref)
        post = read_post(path, project.content_dir)
    except UsageError:
        on_branch = find_branch_post(project, ref)
        if on_branch is None:
            raise
        post, rev, where = on_branch.post, on_branch.commit, on_branch.label
        path = project.content_dir.resolve() / post.id / POST_FILE
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(f"{project.root} bukan repositori git") from None
    top = Path(str(repo.working_tree_dir)).resolve()
    rel_file = path.relative_to(top).as_posix()
    rel_dir = path.parent.relative_to(top).as_posix()
    commits: list[CommitChange] = []
    first_seen: dict[tuple[str, str, str], tuple[str, str]] = {}
    with git_errors("membaca riwayat git"):
        shas = (
            repo.git.rev_list("--reverse", "--topo-order", rev, "--", rel_dir).split()
            if repo.head.is_valid() or rev != "HEAD"
            else []
        )
        prev_meta: dict[str, Any] | None = None
        prev_body = ""
        for sha in shas:
            c = repo.commit(sha)
            try:
                text = repo.git.show(f"{sha}:{rel_file}")
                p = parse_post(Path(rel_file), text)
                meta, body = p.meta, p.body
            except (git.GitCommandError, Exception):
                meta, body = None, ""
            who = _who(project, str(c.author.name), str(c.author.email or ""))
            changes = describe_change(prev_meta, meta, prev_body, body)
            parent = c.parents[0] if c.parents else None
            touched = [d.b_path or d.a_path for d in (parent.diff(c, paths=rel_dir) if parent else [])]
            for t in touched:
                if t and not t.endswith(POST_FILE):
                    changes.append(f"berkas {Path(t).name} berubah")
            for entry in (meta or {}).get("riwayat") or []:
                first_seen.setdefault(entry_key(entry), (sha[:10], who))
            commits.append(
                CommitChange(
                    sha[:10],
                    c.committed_datetime,
                    who,
                    c.summary if isinstance(c.summary, str) else str(c.summary),
                    tuple(changes),
                )
            )
            prev_meta, prev_body = meta, body
    entries = []
    for h in post.history:
        raw_entry = post.meta["riwayat"][h.index]
        person = project.people.get(h.actor)
        sha, by = first_seen.get(entry_key(raw_entry), (None, None))
        entries.append(TrailEntry(h, person.name if person else h.actor, sha, by))
    return Trail(post.id, post.title, post.status, entries, commits, where)


def format_trail(trail: Trail, project: Project) -> str:
    """Indonesian text rendering of a trail."""
    from ..worktime import format_date_id

    lines = [f"{trail.post_id}: {trail.title}", f"Status sekarang: {trail.status}"]
    if trail.where:
        lines.append(f"Tempat: {trail.where}")
    lines += ["", "Langkah SOP (riwayat):"]
    for e in trail.entries:
        h = e.entry
        when = h.at.strftime("%H:%M") + " " + format_date_id(h.at.date())
        src = f" [commit {e.commit} oleh {e.commit_actor}]" if e.commit else " [belum di-commit]"
        note = f" — {h.note}" if h.note else ""
        lines.append(f"  {when}  {h.status:<12} {e.name} ({h.actor}){note}{src}")
    lines += ["", "Commit yang mengubah konten ini:"]
    if not trail.commits:
        lines.append("  (belum ada commit)")
    for c in trail.commits:
        when = c.at.strftime("%Y-%m-%d %H:%M %z")
        lines.append(f"  {c.sha}  {when}  {c.author}: {c.subject}")
        for ch in c.change:
            lines.append(f"      - {ch}")
    return "\n".join(lines)
