"""The SOP steps in local mode: each appends one ``riwayat`` entry and commits it with git.

One post = one branch ``konten/<slug>``. The Kasubbag's ``setujui`` (and ``batalkan``) lands
the branch on main with a merge commit that itself records the step, mirroring GitHub where
the merge is the approval. Every step refuses before touching anything when the person lacks
the role, the SOP forbids the move, or uncommitted work would be at risk.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import JdihError, PostFormatError, RepositoryError, TransitionError, UsageError
from ..people import Person
from ..post import POST_FILE, Post, parse_post, read_post, write_post
from ..project import CONTENT_DIR, Project
from ..sop_model import Transition, role_names
from ..workflow import apply_transition, check_transition, current_status
from .repo import BRANCH_PREFIX, REMOTE, Workspace, branch_for, git_errors

# Commands that land the post's branch on main (the merge is the record).
LANDING_COMMANDS = ("setujui", "batalkan")
# Commands whose note is the reason the SOP asks for: an empty one is refused.
NOTE_REQUIRED = ("tolak", "batalkan")
# Commands that act on the post's branch before it lands on main.
BRANCH_COMMANDS = ("draf", "ajukan", "sunting", "tolak", *LANDING_COMMANDS)
# A line git writes into a file with an unresolved conflict.
_CONFLICT_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)")


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


def next_commands(project: Project, status: str | None) -> list[Transition]:
    """The SOP moves out of ``status`` that a person makes with a command (cancel last)."""
    moves = [t for t in project.sop.transitions_from(status) if t.perintah]
    return sorted(moves, key=lambda t: (t.langkah is None, t.langkah or 0))


def next_hint(project: Project, status: str | None, post_id: str) -> str:
    """``jdih <cmd> <post>`` (role) for each next SOP move, for messages and reports."""
    parts = [
        f"`jdih {t.perintah} {post_id}` ({role_names(project.sop, t.peran)})"
        for t in next_commands(project, status)
        if t.perintah != "batalkan"
    ]
    return ", atau ".join(parts)


def _pick_transition(project: Project, perintah: str, dari: str | None, post_id: str = "") -> Transition:
    options = project.sop.transitions_for_command(perintah)
    for t in options:
        if t.dari == dari:
            return t
    allowed = sorted({str(t.dari) for t in options})
    state = project.sop.states.get(dari or "")
    label = f" ({state.label})" if state else ""
    hint = next_hint(project, dari, post_id) if post_id else ""
    raise TransitionError(
        f"konten {post_id or 'ini'} berstatus '{dari}'{label}; perintah '{perintah}' "
        + (f"hanya berlaku untuk status: {', '.join(allowed)}" if allowed else "tidak berlaku"),
        saran=f"Langkah berikutnya menurut SOP: {hint}." if hint else None,
    )


def _require_note(perintah: str, catatan: str | None) -> None:
    if perintah in NOTE_REQUIRED and not (catatan or "").strip():
        raise UsageError(
            f"--catatan untuk '{perintah}' tidak boleh kosong: alasannya wajib dicatat di riwayat",
            saran=f'Contoh: jdih {perintah} 2026/nama-konten --catatan "Judul kurang jelas, mohon diperbaiki"',
        )


def _main_refs(ws: Workspace) -> list[str]:
    refs = [ws.main] if ws.local_has(ws.main) else []
    if ws.remote_has(ws.main):
        refs.append(f"{REMOTE}/{ws.main}")
    return refs


def landed_status(ws: Workspace, slug: str) -> tuple[str, str] | None:
    """(post id, status) of the post on main (local or remote) when its branch was already landed."""
    for ref in _main_refs(ws):
        with git_errors(f"membaca {ref}"):
            names = ws.repo.git.ls_tree("-r", "--name-only", ref, "--", CONTENT_DIR).splitlines()
        for name in names:
            parts = name.split("/")
            if len(parts) == 4 and parts[2] == slug and parts[3] == POST_FILE:
                with git_errors(f"membaca {ref}"):
                    text = ws.repo.git.show(f"{ref}:{name}")
                try:
                    status = parse_post(Path(name), text).status
                except PostFormatError:
                    status = "?"
                return f"{parts[1]}/{slug}", status
    return None


def _refuse_if_landed(project: Project, ws: Workspace, slug: str, perintah: str) -> None:
    """Branch steps after the merge would fork the record from main: refuse them."""
    found = landed_status(ws, slug)
    if found is None:
        return
    post_id, status = found
    open_states = {t.dari for t in project.sop.transitions if t.perintah in BRANCH_COMMANDS}
    if status in open_states:
        return
    state = project.sop.states.get(status)
    label = f" ({state.label})" if state else ""
    raise TransitionError(
        f"konten {post_id} sudah digabung ke {ws.main} dengan status '{status}'{label}; "
        f"'{perintah}' di cabang {branch_for(slug)} tidak berlaku lagi",
        saran=f"Lihat `jdih riwayat {post_id}`. Langkah berikutnya dijalankan di {ws.main}"
        + (f": {next_hint(project, status, post_id)}." if next_hint(project, status, post_id) else "."),
    )


def _refuse_conflict_markers(project: Project, path: Path) -> None:
    """A draft still holding git conflict markers must not be committed as the post."""
    for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if _CONFLICT_MARKER.match(line):
            raise RepositoryError(
                "berkas konten masih berisi tanda konflik git (<<<<<<< / >>>>>>>); tidak ada yang di-commit",
                berkas=_rel(project, path),
                baris=no,
                saran="Pilih isi yang benar, hapus baris <<<<<<<, ======= dan >>>>>>>, lalu ulangi perintah.",
            )


# A colleague's clock running this far ahead is absorbed; beyond it the user is told to fix the clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)


def _refuse_if_unpublishable(project: Project, post: Post, now: datetime) -> None:
    """An approval is an order to upload: refuse it while ``jdih periksa`` finds errors in the post."""
    from ..checks import run_checks

    problems = [f for f in run_checks(project, [post], now) if f.is_error]
    if problems:
        shown = "\n".join(
            f"  {_rel(project, Path(f.berkas))}:{f.baris or ''} {f.kode}: {f.pesan}" for f in problems[:10]
        )
        more = f"\n  ... dan {len(problems) - 10} galat lain" if len(problems) > 10 else ""
        raise TransitionError(
            f"konten {post.id} belum dapat disetujui karena tidak dapat diunggah apa adanya "
            f"({len(problems)} galat):\n{shown}{more}",
            saran=f"Tolak dengan `jdih tolak {post.id} --catatan \"...\"` agar pengelola memperbaikinya.",
        )


def step_time(post: Post, now: datetime) -> datetime:
    """The time to record: ``now``, or just after the last entry when a colleague's clock ran slightly ahead.

    Entries must be strictly increasing; two quick steps in the same second, or a few minutes of
    clock difference between two office computers, must not block the SOP.
    """
    last = post.last_change
    if last is None or now > last:
        return now
    if last - now <= MAX_CLOCK_SKEW:
        return last + timedelta(seconds=1)
    from ..worktime import format_datetime_id

    raise RepositoryError(
        f"jam komputer ini ({format_datetime_id(now)}) lebih awal daripada langkah terakhir konten {post.id} "
        f"({format_datetime_id(last)}); tidak ada yang diubah",
        saran="Periksa tanggal dan jam komputer (zona WIB), lalu ulangi perintah.",
    )


def _read(project: Project, path: Path) -> Post:
    """Read the post; a broken file is named relative to the repository, as the user sees it."""
    try:
        return read_post(path, project.content_dir)
    except PostFormatError as exc:
        exc.berkas = _rel(project, path)
        if not exc.saran:
            exc.saran = "Perbaiki baris tersebut (lihat `jdih periksa` untuk rinciannya), lalu ulangi perintah."
        raise


def _back_to(ws: Workspace, branch: str | None) -> None:
    """After a refusal, return the user to the branch they were on (only when nothing is uncommitted)."""
    if branch and ws.branch() != branch and not ws.dirty_paths():
        with contextlib.suppress(JdihError):
            ws.checkout(branch)


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
    if tenggat is not None and tenggat <= now:
        from ..worktime import format_datetime_id

        raise UsageError(
            f"--tenggat {format_datetime_id(tenggat)} sudah lewat (sekarang {format_datetime_id(now)})",
            saran="Periksa tahunnya; tenggat harus setelah waktu disposisi, mis. --tenggat 2026-11-25.",
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
    try:
        ws.push(branch)
    except RepositoryError as exc:
        raise RepositoryError(
            f"{exc.pesan}; disposisi sudah tercatat di commit lokal cabang {branch}",
            saran=f"Setelah masalahnya teratasi, kirim dengan: git push -u {REMOTE} {branch}",
        ) from None
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
    _require_note(perintah, catatan)
    person = ws.person(project.people)
    _require_role_for_command(project, person, perintah)
    slug = _resolve_slug(ws, ref)
    branch = branch_for(slug)
    start = ws.branch()
    on_branch = start == branch
    dirty = ws.require_clean(
        allowed=[f"{CONTENT_DIR}/{y.name}/{slug}" for y in project.content_dir.glob("*")] if on_branch else []
    )
    ws.fetch()
    try:
        _refuse_if_landed(project, ws, slug, perintah)
        ws.checkout(branch)
        ws.sync(branch)
        path = _post_file(project, slug)
        post = _read(project, path)
        dari = current_status(post.meta) if post.meta.get("riwayat") else None
        resumed = _resume_unpushed(project, ws, post, perintah, person, branch, dari)
        if resumed is not None:
            return resumed
        t = _pick_transition(project, perintah, dari, post.id)
        _refuse_conflict_markers(project, path)
        now = step_time(post, now)
    except JdihError:
        _back_to(ws, start)
        raise
    meta = apply_transition(project.sop, project.people, post.meta, t.ke, person.id, now, catatan)
    write_post(path, meta, post.body)
    msg = commit_message(perintah, post.id, dari, t.ke, person.id, catatan)
    sha = ws.commit_paths([_rel(project, path.parent)], msg, now)
    ws.push(branch)
    notes = [f"{len(dirty)} berkas draf ikut di-commit"] if dirty else []
    return StepResult(post.id, perintah, dari, t.ke, person, now, branch, sha, ws.has_remote(), notes=notes)


def _resume_unpushed(
    project: Project, ws: Workspace, post: Post, perintah: str, person: Person, branch: str, dari: str | None
) -> StepResult | None:
    """The same step re-run after its push failed: send the commit already made instead of refusing."""
    targets = {t.ke for t in project.sop.transitions_for_command(perintah)}
    history = post.history
    if dari not in targets or not history or history[-1].oleh != person.id or not ws.ahead_of_remote(branch):
        return None
    ws.push(branch)
    before = history[-2].status if len(history) > 1 else None
    sha = ws.repo.head.commit.hexsha
    return StepResult(
        post.id, perintah, before, str(dari), person, history[-1].waktu, branch, sha, True,
        notes=["langkah ini sudah tercatat di commit lokal sebelumnya; kini dikirim ke remote"],
    )


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
    _require_note(perintah, catatan)
    person = ws.person(project.people)
    _require_role_for_command(project, person, perintah)
    slug = _resolve_slug(ws, ref)
    branch = branch_for(slug)
    start = ws.branch()
    ws.require_clean()
    ws.fetch()
    repo = ws.repo
    try:
        ws.checkout(branch)
        ws.sync(branch)
        path = _post_file(project, slug)
        post = _read(project, path)
        dari = current_status(post.meta) if post.meta.get("riwayat") else None
        main_ref = f"{REMOTE}/{ws.main}" if ws.remote_has(ws.main) else ws.main
        has_main = ws.local_has(ws.main) or ws.remote_has(ws.main)
        if has_main and repo.is_ancestor(repo.commit(branch), repo.commit(main_ref)):
            raise RepositoryError(
                f"cabang {branch} sudah digabung ke {ws.main}; tidak ada yang perlu di-{perintah}",
                saran=f"Lihat `jdih riwayat {post.id}` untuk status terakhirnya.",
            )
        _refuse_if_landed(project, ws, slug, perintah)
        t = _pick_transition(project, perintah, dari, post.id)
        check_transition(project.sop, project.people, dari, t.ke, person.id)
        _refuse_conflict_markers(project, path)
        if project.sop.content_required(t.ke):
            _refuse_if_unpublishable(project, post, now)
        now = step_time(post, now)
        ws.checkout(ws.main)
        ws.sync(ws.main)
    except JdihError:
        _back_to(ws, start)
        raise
    before = ws.repo.head.commit.hexsha
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
        post = _read(project, path)
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


def open_branch(project: Project, ws: Workspace, ref: str) -> tuple[str, str, str | None]:
    """Switch to the post's branch ``konten/<slug>`` (fetched and fast-forwarded) so the person can write.

    Returns (branch, post id, status). Refuses, touching nothing, when uncommitted work is at risk.
    """
    slug = _resolve_slug(ws, ref)
    branch = branch_for(slug)
    start = ws.branch()
    ws.require_clean()
    ws.fetch()
    try:
        _refuse_if_landed(project, ws, slug, "buka")
        ws.checkout(branch)
        ws.sync(branch)
        post = _read(project, _post_file(project, slug))
    except JdihError:
        _back_to(ws, start)
        raise
    return branch, post.id, post.status or None

