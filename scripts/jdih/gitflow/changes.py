"""``jdih periksa --dasar REV``: what a change (a pull request) does to posts, against its base.

Each changed post is compared between the merge base of ``REV`` and HEAD, and the working
tree (so uncommitted edits are checked too). The rules live in :mod:`.compare` (pure); this
module only reads the versions and the commit that added each ``riwayat`` entry from git.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import git

from ..approval import approved_changes, is_approved, outside_content, review_message
from ..errors import PostFormatError, RepositoryError
from ..findings import Finding, error, sort_findings, warning
from ..post import POST_FILE, parse_post, read_post_text, split_front_matter
from ..project import CONTENT_DIR, Project
from .compare import (
    DEFAULT_TOLERANCE,
    Problem,
    check_entry_actor,
    check_entry_times,
    compare_versions,
    entry_key,
    is_step_commit,
    new_entries,
    new_post_opener,
    new_post_sop_fields,
    outside_step,
    sop_field_rewrites,
    sop_fields_touched,
)
from .objects import read_blobs
from .repo import REMOTE, git_errors

POST_GLOB = f"{CONTENT_DIR}/*/*/{POST_FILE}"


def _open(project: Project) -> git.Repo:
    try:
        return git.Repo(project.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(f"{project.root} bukan repositori git; --dasar butuh riwayat git") from None


def _top(repo: git.Repo) -> Path:
    return Path(str(repo.working_tree_dir))


def _resolve_base(repo: git.Repo, base_rev: str) -> str:
    try:
        base = repo.commit(base_rev).hexsha
    except (git.BadName, ValueError, git.GitCommandError):
        raise RepositoryError(
            f"revisi dasar '{base_rev}' tidak ditemukan",
            hint="Pastikan cabang dasar sudah diambil (git fetch origin main; di CI: fetch-depth: 0).",
        ) from None
    try:
        return str(repo.git.merge_base(base, "HEAD")).strip() or base
    except git.GitCommandError:
        return base  # unrelated histories: compare against the base itself


def changed_post_files(repo: git.Repo, base: str) -> list[str]:
    """Post files (``content/<tahun>/<slug>/index.md``) that differ between ``base`` and the working tree."""
    with git_errors("membandingkan dengan revisi dasar"):
        diff = repo.git.diff("--name-only", "--no-renames", "-z", base, "--", CONTENT_DIR)
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z", "--", CONTENT_DIR)
    names = {n for n in [*diff.split("\0"), *untracked.split("\0")] if n}
    return sorted(n for n in names if fnmatch.fnmatchcase(n, POST_GLOB) and n.count("/") == 3)


def changed_paths(repo: git.Repo, base: str) -> list[str]:
    """Every path (anywhere in the repository) that differs between ``base`` and the working tree."""
    with git_errors("membandingkan dengan revisi dasar"):
        diff = repo.git.diff("--name-only", "--no-renames", "-z", base)
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z")
    return sorted({n for n in [*diff.split("\0"), *untracked.split("\0")] if n})


def _review_findings(project: Project, repo: git.Repo, base: str, check_all: bool) -> list[Finding]:
    """Changes outside content/ (each needs the Kasubbag's review) and replaced media files of posts
    approved at ``base`` (issue 12)."""
    paths = changed_paths(repo, base)
    out: list[Finding] = []
    if check_all:
        out += [warning(path, None, "PERUBAHAN-LUAR-KONTEN", review_message(path, label))
                for path, label in outside_content(paths, CONTENT_DIR)]
    media = [p for p in paths if fnmatch.fnmatchcase(p, f"{CONTENT_DIR}/*/*/*") and not p.endswith("/" + POST_FILE)]
    folders = sorted({p.rsplit("/", 1)[0] for p in media})
    blobs = read_blobs(_top(repo), [f"{base}:{f}/{POST_FILE}" for f in folders])
    for folder in folders:
        old_meta, _body = _parse_meta(f"{folder}/{POST_FILE}", blobs.get(f"{base}:{folder}/{POST_FILE}"))
        if old_meta is None or not is_approved(project.sop, old_meta):
            continue
        if not (project.root / folder / POST_FILE).is_file():
            continue  # the whole post deleted: compare_versions reports that
        names = ", ".join(p.rsplit("/", 1)[1] for p in media if p.rsplit("/", 1)[0] == folder)
        out.append(error(f"{folder}/{POST_FILE}", None, "PERUBAHAN-DISETUJUI",
                         f"berkas media konten yang sudah disetujui diubah ({names}); yang terbit harus sama "
                         "dengan yang disetujui Kasubbag: ajukan ulang lewat perbaikan"))
    return out


def _select(project: Project, files: list[str], paths: Sequence[str | Path]) -> list[str]:
    if not paths:
        return files
    wanted: list[str] = []
    for p in paths:
        ap = Path(p)
        ap = ap if ap.is_absolute() else Path.cwd() / ap
        try:
            wanted.append(ap.resolve().relative_to(project.root.resolve()).as_posix().rstrip("/"))
        except ValueError:
            continue
    return [f for f in files if any(w in ("", ".") or f == w or f.startswith(w + "/") for w in wanted)]


def _parse_meta(rel: str, text: str | None) -> tuple[dict[str, Any] | None, str]:
    if text is None:
        return None, ""
    try:
        post = parse_post(Path(rel), text)
    except PostFormatError:
        return None, ""
    return post.meta, post.body


def _meta_at(repo: git.Repo, rev: str, rel: str) -> tuple[dict[str, Any] | None, str]:
    """Front matter and body of ``rel`` at ``rev`` (None when absent or unreadable there)."""
    return _parse_meta(rel, read_blobs(_top(repo), [f"{rev}:{rel}"]).get(f"{rev}:{rel}"))


@dataclass(frozen=True)
class CommitInfo:
    """A commit of ``base..HEAD``: sha and its committer and author dates."""

    sha: str
    committed: datetime
    authored: datetime
    email: str
    subject: str = ""
    merge: bool = False


def commits_by_file(repo: git.Repo, base: str) -> dict[str, list[CommitInfo]]:
    """For every file under content/: the commits of ``base..HEAD`` touching it, oldest first (one git call)."""
    with git_errors("membaca riwayat commit"):
        out = repo.git.log(
            "--reverse",
            "--topo-order",
            "-m",
            "--no-renames",
            "--name-only",
            "--format=%x01%H %cI %aI %P%x02%ae%x02%s",
            f"{base}..HEAD",
            "--",
            CONTENT_DIR,
        )
    by_file: dict[str, list[CommitInfo]] = {}
    info: CommitInfo | None = None
    for line in out.splitlines():
        if line.startswith("\x01"):
            head, email, subject = [*line[1:].split("\x02"), "", ""][:3]
            sha, committed, authored, *parents = head.split()
            info = CommitInfo(sha, datetime.fromisoformat(committed), datetime.fromisoformat(authored), email.strip(),
                              subject.strip(), len(parents) > 1)
        elif line.strip() and info is not None:
            commits = by_file.setdefault(line.strip(), [])
            if not commits or commits[-1].sha != info.sha:  # -m repeats a merge once per parent
                commits.append(info)
    return by_file


def _entry_commit_times(
    rel: str, commits: list[CommitInfo], blobs: dict[str, str | None], seen: set[tuple[str, str, str]]
) -> dict[tuple[str, str, str], CommitInfo]:
    """For each riwayat entry first appearing in one of ``commits``: that commit."""
    out: dict[tuple[str, str, str], CommitInfo] = {}
    known = set(seen)
    for c in commits:
        meta, _ = _parse_meta(rel, blobs.get(f"{c.sha}:{rel}"))
        for entry in (meta or {}).get("riwayat") or []:
            key = entry_key(entry)
            if key not in known:
                known.add(key)
                out[key] = c
    return out


def _local_email(repo: git.Repo) -> str:
    with repo.config_reader() as cfg:
        return str(cfg.get_value("user", "email", default="")).strip()


def check_changes(
    project: Project,
    base_rev: str,
    paths: Sequence[str | Path],
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
    *,
    decap_branch: bool = False,
    opener: str | None = None,
) -> list[Finding]:
    """Findings for what the change since ``base_rev`` does that a pull request must not do.

    ``paths`` empty = every changed post. ``decap_branch``: the change is a Decap CMS branch, whose new
    posts get their SOP fields only from CI at the merge (so a new post carrying them forged them);
    ``opener``: the GitHub login that opened its pull request (its disposisi). Never modifies anything.
    """
    repo = _open(project)
    base = _resolve_base(repo, base_rev)
    files = _select(project, changed_post_files(repo, base), paths)
    history = commits_by_file(repo, base) if files else {}
    specs = [f"{base}:{rel}" for rel in files]
    specs += [f"{c.sha}:{rel}" for rel in files for c in history.get(rel, [])]
    blobs = read_blobs(_top(repo), specs)
    local_email = _local_email(repo) if files else None
    findings: list[Finding] = []
    for rel in files:
        old_meta, old_body = _parse_meta(rel, blobs.get(f"{base}:{rel}"))
        path = project.root / rel
        new_post = final_text = None
        if path.is_file():
            try:
                final_text = read_post_text(path)
                new_post = parse_post(path, final_text, project.content_dir)
            except PostFormatError:
                continue  # plain `jdih periksa` reports an unreadable file
        new_meta = new_post.meta if new_post else None
        if old_meta is None and new_meta is None:
            continue
        problems = compare_versions(project.sop, project.people, old_meta, new_meta)
        if decap_branch and old_meta is None and new_meta is not None:
            problems.extend(new_post_sop_fields(new_meta))
            if opener:
                problems.extend(new_post_opener(project.sop, project.people, opener))
        changed = approved_changes(project.sop, old_meta, old_body, new_meta,
                                   new_post.body if new_post else "")
        if changed and new_post is not None:
            key = next((k for k in changed if k in new_post.meta), None)
            findings.append(error(rel, new_post.line(key) if key else None, "PERUBAHAN-DISETUJUI",
                                  f"konten yang sudah disetujui diubah ({', '.join(changed)}); yang terbit harus "
                                  "sama dengan yang disetujui Kasubbag: ajukan ulang lewat perbaikan"))
        if new_meta is not None:
            added = new_entries(old_meta, new_meta)
            seen = {entry_key(e) for e in (old_meta or {}).get("riwayat") or []}
            when = _entry_commit_times(rel, history.get(rel, []), blobs, seen)
            uncommitted = CommitInfo("", now, now, local_email if local_email is not None else "")
            by_source: dict[CommitInfo, list[tuple[int, dict[str, Any]]]] = {}
            for i, entry in added:
                by_source.setdefault(when.get(entry_key(entry), uncommitted), []).append((i, entry))
            for c, entries in by_source.items():
                what = f"commit {c.sha[:10]}" if c.sha else "perubahan yang belum di-commit"
                problems.extend(check_entry_times(entries, c.committed, what, tolerance, c.authored))
                person = project.people.by_email(c.email) if c.email else None
                label = person.name if person else (c.email or "orang tak dikenal")
                problems.extend(check_entry_actor(entries, person.id if person else None, label, what))
        problems.extend(_sop_field_problems(project, blobs, base, rel, history.get(rel, []), final_text,
                                            (old_meta, new_meta), problems))
        for p in problems:
            line = new_post.line(*p.keys) if (new_post is not None and p.keys) else None
            findings.append((warning if p.warning else error)(rel, line, p.code, p.message))
    findings.extend(_review_findings(project, repo, base, check_all=not paths))
    return sort_findings(findings)


def _front(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return split_front_matter(text)[0]
    except ValueError:
        return None


def _sop_field_problems(
    project: Project, blobs: dict[str, str | None], base: str, rel: str, commits: list[CommitInfo],
    final_text: str | None, metas: tuple[dict[str, Any] | None, dict[str, Any] | None], known: list[Problem],
) -> list[Problem]:
    """``status``/``riwayat``/``tautan`` reformatted between base and now, or changed by a commit that is
    not an SOP step (a save from an editor such as Decap on GitHub); one finding per field, none for a
    field another rule already reports."""
    covered = {p.keys[0] for p in known if p.keys}
    base_fm, final_fm = _front(blobs.get(f"{base}:{rel}")), _front(final_text)
    out = [p for p in sop_field_rewrites(base_fm, final_fm, *metas) if p.keys[0] not in covered]
    covered |= {p.keys[0] for p in out}
    lasting = set(sop_fields_touched(base_fm, final_fm))
    versions: list[tuple[CommitInfo | None, str | None]] = [
        (c, _front(blobs.get(f"{c.sha}:{rel}"))) for c in commits
    ]
    versions.append((None, final_fm))
    prev = base_fm
    for c, text in versions:
        by_step = c is not None and (c.merge or is_step_commit(project.sop, c.subject))
        if not by_step:
            what = f"commit {c.sha[:10]} (\u201c{c.subject}\u201d)" if c else "perubahan yang belum di-commit"
            for key in sop_fields_touched(prev, text):
                if key in lasting and key not in covered:
                    out.append(outside_step(key, what))
                    covered.add(key)
        prev = text
    return out


def changed_posts(project: Project, base_rev: str, paths: Iterable[str | Path] = ()) -> list[Path]:
    """Existing post files changed since ``base_rev`` (for ``jdih pratinjau``)."""
    repo = _open(project)
    base = _resolve_base(repo, base_rev)
    files = _select(project, changed_post_files(repo, base), list(paths))
    return [project.root / f for f in files if (project.root / f).is_file()]


def _zero(sha: str | None) -> bool:
    return not sha or set(sha) == {"0"}


def _commit_here(repo: git.Repo, sha: str, what: str) -> git.Commit:
    """The commit ``sha``, fetched from ``origin`` when this checkout lacks it (a new branch, a shallow
    CI checkout); a commit no remote has any more (the ``before`` of a force-push) stops with a clear
    Indonesian message instead of a traceback."""

    def lookup() -> git.Commit | None:
        try:
            found = repo.commit(sha)
            found.tree  # noqa: B018 - raises when only the name is known (shallow boundary)
            return found
        except (ValueError, git.BadName, git.BadObject, git.GitCommandError):
            return None

    found = lookup()
    if found is None and any(r.name == REMOTE for r in repo.remotes):
        with contextlib.suppress(git.GitCommandError):  # not there either: the message below says so
            repo.git.fetch("--no-tags", REMOTE, sha)
        found = lookup()
    if found is None:
        raise RepositoryError(
            f"commit {what} {sha[:12]} tidak ada di salinan ini dan tidak dapat diambil dari remote "
            "(push paksa/force-push yang menghapusnya, atau checkout yang terlalu dangkal); "
            "persetujuan dalam push ini tidak dicatat",
            hint="Di CI: checkout dengan fetch-depth: 0. Bila main ditimpa dengan push paksa, periksa "
            "perubahannya dengan `jdih periksa --dasar <commit sebelum push>` dan minta admin repositori "
            "memulihkan riwayat main.",
        )
    return found


def _push_range(repo: git.Repo, before: str | None, after: str) -> tuple[str | None, git.Commit]:
    """(base sha, target commit) of a push ``before..after``, fetching what the checkout lacks;
    ``before`` None or zeros (a new branch) = ``after``'s first parent (None for a root commit)."""
    with git_errors("membaca perubahan push"):
        target = _commit_here(repo, after, "hasil push (after)")
        if not _zero(before):
            assert before is not None
            return _commit_here(repo, before, "sebelum push (before)").hexsha, target
        if not target.parents:
            return None, target
        return _commit_here(repo, target.parents[0].hexsha, "induk hasil push").hexsha, target


def posts_changed_between(project: Project, before: str | None, after: str) -> list[str]:
    """Post files (relative) changed by ``before..after``; ``before`` None or zeros = ``after``'s first parent."""
    repo = _open(project)
    base, target = _push_range(repo, before, after)
    if base is None:
        return []
    with git_errors("membaca perubahan push"):
        out = repo.git.diff("--name-only", "--no-renames", "-z", base, target.hexsha, "--", CONTENT_DIR)
    return sorted(n for n in out.split("\0") if n and fnmatch.fnmatchcase(n, POST_GLOB) and n.count("/") == 3)


@dataclass(frozen=True)
class AddedPost:
    """A post a push or merge added: its front matter as merged, and as the commit that created it wrote it
    (for a web-desk post: the first save, by whoever opened the pull request). None = unreadable there."""

    merged: dict[str, Any] | None
    first: dict[str, Any] | None


def posts_added_between(project: Project, before: str | None, after: str) -> dict[str, AddedPost]:
    """Post files (relative) that ``before..after`` added (absent at the base); ``before`` None or zeros =
    ``after``'s first parent."""
    repo = _open(project)
    base, target = _push_range(repo, before, after)
    if base is None:
        return {}
    with git_errors("membaca perubahan push"):
        out = repo.git.diff("--name-only", "--no-renames", "--diff-filter=A", "-z", base, target.hexsha,
                            "--", CONTENT_DIR)
        names = sorted(n for n in out.split("\0") if n and fnmatch.fnmatchcase(n, POST_GLOB) and n.count("/") == 3)
        # The oldest commit of the range that added each file (a merge commit itself shows no diff in log).
        created = {rel: (repo.git.log("--diff-filter=A", "--format=%H", "--reverse", f"{base}..{target.hexsha}",
                                      "--", rel).split() or [target.hexsha])[0] for rel in names}
    specs = [f"{target.hexsha}:{rel}" for rel in names] + [f"{sha}:{rel}" for rel, sha in created.items()]
    blobs = read_blobs(_top(repo), specs) if names else {}
    return {rel: AddedPost(_parse_meta(rel, blobs.get(f"{target.hexsha}:{rel}"))[0],
                           _parse_meta(rel, blobs.get(f"{created[rel]}:{rel}"))[0]) for rel in names}


def entries_added_between(project: Project, before: str | None, after: str) -> dict[str, list[dict[str, Any]]]:
    """Per changed post: the riwayat entries that ``before..after`` appended."""
    repo = _open(project)
    files = posts_changed_between(project, before, after)
    base, target = _push_range(repo, before, after)
    out: dict[str, list[dict[str, Any]]] = {}
    for rel in files:
        old, _ = _meta_at(repo, base, rel) if base else (None, "")
        new, _ = _meta_at(repo, target.hexsha, rel)
        added = [e for _, e in new_entries(old, new)]
        if added:
            out[rel] = added
    return out
