"""The SOP steps in local mode: each appends one ``riwayat`` entry and commits it with git.

One post = one branch ``konten/<slug>``. The Kasubbag's ``setujui`` (and ``batalkan``) lands
the branch on main with a merge commit that itself records the step, mirroring GitHub where
the merge is the approval. Every step refuses before touching anything when the person lacks
the role, the SOP forbids the move, or uncommitted work would be at risk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import RepositoryError, TransitionError, UsageError
from ..people import Person
from ..post import POST_FILE, read_post, write_post
from ..project import CONTENT_DIR, Project
from ..sop_model import Transition, role_names
from ..workflow import apply_transition, check_transition, current_status
from .repo import BRANCH_PREFIX, Workspace, branch_for, git_errors

# Commands that land the post's branch on main (the merge is the record).
LANDING_COMMANDS = ("setujui", "batalkan")


@dataclass
class StepResult:
    """What one step did, for the CLI to report."""

    post_id: str
    perintah: str
    dari: str | None
    ke: str
    oleh: Person
    waktu: datetime
    branch: str
    commit: str
    pushed: bool
    merged: bool = False
    notes: list[str] = field(default_factory=list)


def slugify(text: str) -> str:
    """A URL/branch-safe slug from an Indonesian title (ASCII, lowercase, hyphens, ≤ 60 chars)."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", norm).strip("-")
    slug = slug[:60].rstrip("-")
    if not slug:
        raise UsageError("judul tidak menghasilkan slug yang sah; berikan --slug")
    return slug


def _valid_slug(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", slug):
        raise UsageError(f"slug tidak sah: {slug!r} (hanya huruf kecil, angka dan tanda hubung)")
    return slug


def commit_message(perintah: str, post_id: str, dari: str | None, ke: str, oleh: str, catatan: str | None) -> str:
    """English commit message of a step: ``sop(<command>): <post id>`` plus a short body."""
    body = [f"status: {dari or 'new'} -> {ke}", f"by: {oleh}"]
    if catatan:
        body.append(f"note: {catatan}")
    return f"sop({perintah}): {post_id}\n\n" + "\n".join(body) + "\n"


def _resolve_slug(ws: Workspace, ref: str | None) -> str:
    """The slug named by ``ref`` (slug, ``tahun/slug``, or a path), or the current konten/ branch."""
    if ref is None:
        branch = ws.branch() or ""
        if not branch.startswith(BRANCH_PREFIX):
            raise UsageError(
                "konten tidak disebutkan dan cabang saat ini bukan cabang konten (konten/<slug>)",
                saran="Sebutkan kontennya, contoh: jdih ajukan 2026/mengenal-pkpu-8-2024",
            )
        return branch[len(BRANCH_PREFIX) :]
    text = ref.strip().rstrip("/")
    if text.endswith("/" + POST_FILE) or text == POST_FILE:
        text = text[: -len(POST_FILE)].rstrip("/")
    name = Path(text).name
    return _valid_slug(name)


def _post_file(project: Project, slug: str) -> Path:
    matches = sorted(project.content_dir.glob(f"*/{slug}/{POST_FILE}"))
    if not matches:
        raise RepositoryError(f"konten '{slug}' tidak ditemukan di {CONTENT_DIR}/ pada cabang {branch_for(slug)}")
    if len(matches) > 1:
        raise RepositoryError(f"slug '{slug}' dipakai lebih dari satu konten: {', '.join(str(m) for m in matches)}")
    return matches[0]


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _pick_transition(project: Project, perintah: str, dari: str | None) -> Transition:
    options = project.sop.transitions_for_command(perintah)
    for t in options:
        if t.dari == dari:
            return t
    allowed = sorted({str(t.dari) for t in options})
    raise TransitionError(
        f"perintah '{perintah}' tidak berlaku untuk konten berstatus '{dari}'"
        + (f"; hanya untuk status: {', '.join(allowed)}" if allowed else "")
    )


def _require_role_for_command(project: Project, person: Person, perintah: str) -> None:
    """Refuse early (before git work) when the person can make none of the command's transitions."""
    options = project.sop.transitions_for_command(perintah)
    roles = sorted({r for t in options for r in t.peran})
    if options and not person.has_role(*roles):
        raise TransitionError(
            f"{person.nama} tidak berwenang menjalankan '{perintah}': langkah ini hanya boleh dilakukan oleh "
            f"{role_names(project.sop, roles)}"
        )


def disposisi(
    project: Project,
    ws: Workspace,
    *,
    judul: str,
    kategori: str,
    platform: list[str],
    now: datetime,
    tenggat: datetime | None = None,
    catatan: str | None = None,
    slug: str | None = None,
    tahun: int | None = None,
    seri: str | None = None,
) -> StepResult:
    """Step 1 (Kasubbag): a new post from a title, on a new branch ``konten/<slug>`` from main."""
    person = ws.person(project.people)
    ke = project.sop.initial_state
    check_transition(project.sop, project.people, None, ke, person.id)
    if kategori not in project.sop.categories:
        raise UsageError(f"kategori '{kategori}' tidak dikenal (pilihan: {', '.join(project.sop.categories)})")
    unknown = [p for p in platform if p not in project.platforms]
    if not platform or unknown:
        raise UsageError(
            f"platform tidak dikenal: {', '.join(unknown) or '(kosong)'} (pilihan: {', '.join(project.platforms)})"
        )
    slug = _valid_slug(slug) if slug else slugify(judul)
    tahun = tahun or now.year
    ws.require_clean()
    ws.fetch()
    if ws.has_commits() or ws.remote_has(ws.main):
        ws.checkout(ws.main)
        ws.sync(ws.main)
    if list(project.content_dir.glob(f"*/{slug}/{POST_FILE}")):
        raise RepositoryError(f"konten dengan slug '{slug}' sudah ada", saran="Pilih slug lain dengan --slug.")
    branch = branch_for(slug)
    ws.create_branch(branch, ws.main)
    meta: dict[str, Any] = {"judul": judul, "kategori": kategori, "platform": list(platform)}
    if seri:
        meta["seri"] = seri
    if tenggat is not None:
        meta["tenggat"] = tenggat
    meta = apply_transition(project.sop, project.people, meta, ke, person.id, now, catatan)
    path = project.content_dir / str(tahun) / slug / POST_FILE
    write_post(path, meta, "")
    post_id = f"{tahun}/{slug}"
    sha = ws.commit_paths(
        [_rel(project, path.parent)], commit_message("disposisi", post_id, None, ke, person.id, catatan), now
    )
    ws.push(branch)
    return StepResult(post_id, "disposisi", None, ke, person, now, branch, sha, ws.has_remote())


def advance(
    project: Project,
    ws: Workspace,
    ref: str | None,
    perintah: str,
    now: datetime,
    catatan: str | None = None,
) -> StepResult:
    """One SOP step on the post's branch (draf, ajukan, sunting, tolak): entry, commit, push.

    Uncommitted changes inside the post's own folder (the draft being written) are committed
    with the step; anything else uncommitted makes it refuse.
    """
    if perintah in LANDING_COMMANDS:
        return land(project, ws, ref, perintah, now, catatan)
    person = ws.person(project.people)
    _require_role_for_command(project, person, perintah)
    slug = _resolve_slug(ws, ref)
    branch = branch_for(slug)
    on_branch = ws.branch() == branch
    dirty = ws.require_clean(
        allowed=[f"{CONTENT_DIR}/{y.name}/{slug}" for y in project.content_dir.glob("*")] if on_branch else []
    )
    ws.fetch()
    ws.checkout(branch)
    if not dirty:
        ws.sync(branch)
    path = _post_file(project, slug)
    post = read_post(path, project.content_dir)
    dari = current_status(post.meta) if post.meta.get("riwayat") else None
    t = _pick_transition(project, perintah, dari)
    meta = apply_transition(project.sop, project.people, post.meta, t.ke, person.id, now, catatan)
    write_post(path, meta, post.body)
    msg = commit_message(perintah, post.id, dari, t.ke, person.id, catatan)
    sha = ws.commit_paths([_rel(project, path.parent)], msg, now)
    ws.push(branch)
    notes = [f"{len(dirty)} berkas draf ikut di-commit"] if dirty else []
    return StepResult(post.id, perintah, dari, t.ke, person, now, branch, sha, ws.has_remote(), notes=notes)


def land(
    project: Project,
    ws: Workspace,
    ref: str | None,
    perintah: str,
    now: datetime,
    catatan: str | None = None,
    before_push: Callable[[], None] | None = None,
) -> StepResult:
    """Kasubbag's landing steps (setujui, batalkan): merge ``konten/<slug>`` into main with ``--no-ff``.

    The merge commit carries the new ``riwayat`` entry. When main on the remote moved meanwhile
    (another approval won the race) the local merge is undone, nothing is lost, and re-running
    the command succeeds on top of the new main. ``before_push`` is a test seam to make that
    race happen deterministically.
    """
    person = ws.person(project.people)
    _require_role_for_command(project, person, perintah)
    slug = _resolve_slug(ws, ref)
    branch = branch_for(slug)
    ws.require_clean()
    ws.fetch()
    ws.checkout(branch)
    ws.sync(branch)
    post = read_post(_post_file(project, slug), project.content_dir)
    dari = current_status(post.meta) if post.meta.get("riwayat") else None
    t = _pick_transition(project, perintah, dari)
    check_transition(project.sop, project.people, dari, t.ke, person.id)
    ws.checkout(ws.main)
    ws.sync(ws.main)
    before = ws.repo.head.commit.hexsha
    repo = ws.repo
    if repo.is_ancestor(repo.commit(branch), repo.head.commit):
        raise RepositoryError(
            f"cabang {branch} sudah digabung ke {ws.main}; tidak ada yang perlu di-{perintah}",
            saran=f"Lihat `jdih riwayat {post.id}` untuk status terakhirnya.",
        )
    try:
        repo.git.merge("--no-ff", "--no-commit", branch)
    except Exception:
        with git_errors("membatalkan merge yang gagal"):
            repo.git.merge("--abort")
        raise RepositoryError(
            f"cabang {branch} tidak dapat digabung ke {ws.main} tanpa konflik",
            saran=f"Minta pengelola memperbarui cabang {branch} dari {ws.main} (git merge {ws.main}), lalu ulangi.",
        ) from None
    try:
        path = _post_file(project, slug)
        post = read_post(path, project.content_dir)
        meta = apply_transition(project.sop, project.people, post.meta, t.ke, person.id, now, catatan)
        write_post(path, meta, post.body)
        msg = commit_message(perintah, post.id, dari, t.ke, person.id, catatan)
        msg = msg.replace("\n\n", f"\n\nMerge branch '{branch}' into {ws.main}\n\n", 1)
        sha = ws.commit_paths([_rel(project, path.parent)], msg, now)
    except BaseException:
        with git_errors("membatalkan merge"):
            if Path(repo.git_dir, "MERGE_HEAD").exists():
                repo.git.merge("--abort")
            repo.git.reset("--hard", before)
        raise
    if before_push is not None:
        before_push()
    try:
        ws.push(ws.main)
    except RepositoryError as exc:
        # Undo only our own merge commit; the tree was clean before we started.
        with git_errors("mengembalikan main setelah push ditolak"):
            repo.git.reset("--hard", before)
        raise RepositoryError(
            f"{exc.pesan}; merge lokal dibatalkan, tidak ada yang hilang",
            saran=f"Jalankan lagi `jdih {perintah} {post.id}`: perintah akan memakai main terbaru.",
        ) from None
    return StepResult(post.id, perintah, dari, t.ke, person, now, ws.main, sha, ws.has_remote(), merged=True)
