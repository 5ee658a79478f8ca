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

# A line git writes into a file with an unresolved conflict.
_CONFLICT_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)")


@dataclass
class StepResult:
    """What one step did, for the CLI to report."""

    post_id: str
    command: str
    from_state: str | None
    to_state: str
    actor: Person
    at: datetime
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


def commit_message(
    command: str, post_id: str, from_state: str | None, to_state: str, actor: str, note: str | None
) -> str:
    """English commit message of a step: ``sop(<command>): <post id>`` plus a short body."""
    body = [f"status: {from_state or 'new'} -> {to_state}", f"by: {actor}"]
    if note:
        body.append(f"note: {note}")
    return f"sop({command}): {post_id}\n\n" + "\n".join(body) + "\n"


def _resolve_slug(ws: Workspace, ref: str | None, command: str) -> str:
    """The slug named by ``ref`` (slug, ``tahun/slug``, or a path), or the current konten/ branch;
    ``command`` is the command being run (its own name is the example when no post is named)."""
    if ref is None:
        branch = ws.branch() or ""
        if not branch.startswith(BRANCH_PREFIX):
            raise UsageError(
                "konten tidak disebutkan dan cabang saat ini bukan cabang konten (konten/<slug>)",
                hint=f"Sebutkan kontennya, contoh: jdih {command} 2026/mengenal-pkpu-8-2024 "
                "(daftar konten: `jdih status`)",
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
        raise UsageError(f"konten '{slug}' tidak ditemukan di {CONTENT_DIR}/ pada cabang {branch_for(slug)}")
    if len(matches) > 1:
        raise RepositoryError(f"slug '{slug}' dipakai lebih dari satu konten: {', '.join(str(m) for m in matches)}")
    return matches[0]


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def next_commands(project: Project, status: str | None) -> list[Transition]:
    """The SOP moves out of ``status`` that a person makes with a command (cancel last)."""
    moves = [t for t in project.sop.transitions_from(status) if t.command]
    return sorted(moves, key=lambda t: (t.step is None, t.step or 0))


def step_command(t: Transition, post_id: str) -> str:
    """The command line that makes move ``t`` for one post, exactly as the user types it: the
    steps on a post's branch take the post as argument, the upload and announcement steps (which
    run on main over every approved post) take it with ``--pos``."""
    if t.uploads or t.announces:
        return f"jdih {t.command} --pos {post_id}"
    return f"jdih {t.command} {post_id}"


def next_hint(project: Project, status: str | None, post_id: str) -> str:
    """```jdih <cmd> ...``` (role) for each next SOP move, for messages and reports."""
    parts = [
        f"`{step_command(t, post_id)}` ({role_names(project.sop, t.roles)})"
        for t in next_commands(project, status)
        if not t.cancels
    ]
    return ", atau ".join(parts)


def _pick_transition(project: Project, command: str, from_state: str | None, post_id: str = "") -> Transition:
    options = project.sop.transitions_for_command(command)
    for t in options:
        if t.source == from_state:
            return t
    allowed = sorted({str(t.source) for t in options})
    state = project.sop.states.get(from_state or "")
    label = f" ({state.label})" if state else ""
    hint = next_hint(project, from_state, post_id) if post_id else ""
    raise TransitionError(
        f"konten {post_id or 'ini'} berstatus '{from_state}'{label}; perintah '{command}' "
        + (f"hanya berlaku untuk status: {', '.join(allowed)}" if allowed else "tidak berlaku"),
        hint=f"Langkah berikutnya menurut SOP: {hint}." if hint else None,
    )


def _require_note(project: Project, command: str, note: str | None) -> None:
    if project.sop.note_required(command) and not (note or "").strip():
        raise UsageError(
            f"--catatan untuk '{command}' tidak boleh kosong: alasannya wajib dicatat di riwayat",
            hint=f'Contoh: jdih {command} 2026/nama-konten --catatan "Judul kurang jelas, mohon diperbaiki"',
        )


def _main_refs(ws: Workspace) -> list[str]:
    refs = [ws.main] if ws.local_has(ws.main) else []
    if ws.remote_has(ws.main):
        refs.append(f"{REMOTE}/{ws.main}")
    return refs


def _post_text_at(ws: Workspace, ref: str, slug: str) -> tuple[str, str] | None:
    """(path, text) of the post file ``content/<tahun>/<slug>/index.md`` committed at ``ref``, if any."""
    with git_errors(f"membaca {ref}"):
        names = ws.repo.git.ls_tree("-r", "--name-only", ref, "--", CONTENT_DIR).splitlines()
    for name in names:
        parts = name.split("/")
        if len(parts) == 4 and parts[2] == slug and parts[3] == POST_FILE:
            with git_errors(f"membaca {ref}"):
                return name, ws.repo.git.show(f"{ref}:{name}")
    return None


def landed_status(ws: Workspace, slug: str) -> tuple[str, str] | None:
    """(post id, status) of the post on main (local or remote) when its branch was already landed."""
    for ref in _main_refs(ws):
        found = _post_text_at(ws, ref, slug)
        if found is None:
            continue
        name, text = found
        try:
            status = parse_post(Path(name), text).status
        except PostFormatError:
            status = "?"
        return f"{name.split('/')[1]}/{slug}", status
    return None


def _refuse_if_landed(project: Project, ws: Workspace, slug: str, command: str) -> None:
    """Branch steps after the merge would fork the record from main: refuse them."""
    found = landed_status(ws, slug)
    if found is None:
        return
    post_id, status = found
    if status in project.sop.branch_states:
        return
    state = project.sop.states.get(status)
    label = f" ({state.label})" if state else ""
    raise TransitionError(
        f"konten {post_id} sudah digabung ke {ws.main} dengan status '{status}'{label}; "
        f"'{command}' di cabang {branch_for(slug)} tidak berlaku lagi",
        hint=f"Lihat `jdih riwayat {post_id}`. Langkah berikutnya dijalankan di {ws.main}"
        + (f": {next_hint(project, status, post_id)}." if next_hint(project, status, post_id) else "."),
    )


def _refuse_conflict_markers(project: Project, path: Path) -> None:
    """A draft still holding git conflict markers must not be committed as the post."""
    for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if _CONFLICT_MARKER.match(line):
            raise RepositoryError(
                "berkas konten masih berisi tanda konflik git (<<<<<<< / >>>>>>>); tidak ada yang di-commit",
                file=_rel(project, path),
                line=no,
                hint="Pilih isi yang benar, hapus baris <<<<<<<, ======= dan >>>>>>>, lalu ulangi perintah.",
            )


# A colleague's clock running this far ahead is absorbed; beyond it the user is told to fix the clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)


def _refuse_if_unpublishable(project: Project, post: Post, now: datetime) -> None:
    """An approval is an order to upload: refuse it while ``jdih periksa`` finds errors in the post."""
    from ..checks import run_checks

    problems = [f for f in run_checks(project, [post], now) if f.is_error]
    if problems:
        shown = "\n".join(
            f"  {_rel(project, Path(f.path))}:{f.line or ''} {f.code}: {f.message}" for f in problems[:10]
        )
        more = f"\n  ... dan {len(problems) - 10} galat lain" if len(problems) > 10 else ""
        raise TransitionError(
            f"konten {post.id} belum dapat disetujui karena tidak dapat diunggah apa adanya "
            f"({len(problems)} galat):\n{shown}{more}",
            hint=_send_back_hint(project, post),
        )


def _send_back_hint(project: Project, post: Post) -> str | None:
    """A hint naming the SOP move that sends ``post`` back for repair (``jdih tolak ...`` today)."""
    sop = project.sop
    back = next((t for t in sop.transitions_from(post.status) if not t.lands and not t.cancels), None)
    if back is None:
        return None
    holder = sop.states[back.target].holder
    who = f" agar {sop.roles[holder].name} memperbaikinya" if holder in sop.roles else ""
    return f'Kembalikan dengan `jdih {back.command} {post.id} --catatan "..."`{who}.'


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
        hint="Periksa tanggal dan jam komputer (zona WIB), lalu ulangi perintah.",
    )


def _read(project: Project, path: Path) -> Post:
    """Read the post; a broken file is named relative to the repository, as the user sees it."""
    try:
        return read_post(path, project.content_dir)
    except PostFormatError as exc:
        exc.file = _rel(project, path)
        if not exc.hint:
            exc.hint = "Perbaiki baris tersebut (lihat `jdih periksa` untuk rinciannya), lalu ulangi perintah."
        raise


def _back_to(ws: Workspace, branch: str | None) -> None:
    """After a refusal, return the user to the branch they were on (only when nothing is uncommitted)."""
    if branch and ws.branch() != branch and not ws.dirty_paths():
        with contextlib.suppress(JdihError):
            ws.checkout(branch)


def _require_role_for_command(project: Project, person: Person, command: str) -> None:
    """Refuse early (before git work) when the person can make none of the command's transitions."""
    roles = project.sop.roles_for_command(command)
    if roles and not person.has_role(*roles):
        raise TransitionError(
            f"{person.name} tidak berwenang menjalankan '{command}': langkah ini hanya boleh dilakukan oleh "
            f"{role_names(project.sop, roles)}"
        )


def disposisi(
    project: Project,
    ws: Workspace,
    *,
    title: str,
    category: str,
    platform: list[str],
    now: datetime,
    deadline: datetime | None = None,
    note: str | None = None,
    slug: str | None = None,
    year: int | None = None,
    series: str | None = None,
    started_at: datetime | None = None,
) -> StepResult:
    """Step 1 (Kasubbag): a new post from a title, on a new branch ``konten/<slug>`` from main.

    ``started_at``: when the request or material arrived, stored as ``mulai`` of the disposisi entry
    (step 1 is measured from it, see ``sop/alur.yml``)."""
    person = ws.person(project.people)
    target = project.sop.initial_state
    command = project.sop.transitions_from(None)[0].command
    check_transition(project.sop, project.people, None, target, person.id)
    if category not in project.sop.categories:
        raise UsageError(f"kategori '{category}' tidak dikenal (pilihan: {', '.join(project.sop.categories)})")
    unknown = [p for p in platform if p not in project.platforms]
    if not platform or unknown:
        raise UsageError(
            f"platform tidak dikenal: {', '.join(unknown) or '(kosong)'} (pilihan: {', '.join(project.platforms)})"
        )
    if deadline is not None and deadline <= now:
        from ..worktime import format_datetime_id

        raise UsageError(
            f"--tenggat {format_datetime_id(deadline)} sudah lewat (sekarang {format_datetime_id(now)})",
            hint="Periksa tahunnya; tenggat harus setelah waktu disposisi, mis. --tenggat 2026-11-25.",
        )
    if started_at is not None and started_at > now:
        from ..worktime import format_datetime_id

        raise UsageError(
            f"--mulai {format_datetime_id(started_at)} belum terjadi (sekarang {format_datetime_id(now)})",
            hint="--mulai adalah saat permintaan/bahan diterima, sebelum disposisi, mis. --mulai 2026-11-23T07:45.",
        )
    slug = _valid_slug(slug) if slug else slugify(title)
    year = year or now.year
    resumed = _resume_disposisi(project, ws, slug, title, person, command)
    if resumed is not None:
        return resumed
    ws.require_clean()
    ws.fetch()
    if ws.has_commits() or ws.remote_has(ws.main):
        ws.checkout(ws.main)
        ws.sync(ws.main)
    if list(project.content_dir.glob(f"*/{slug}/{POST_FILE}")):
        raise RepositoryError(f"konten dengan slug '{slug}' sudah ada", hint="Pilih slug lain dengan --slug.")
    branch = branch_for(slug)
    ws.create_branch(branch, ws.main)
    meta: dict[str, Any] = {"judul": title, "kategori": category, "platform": list(platform)}
    if series:
        meta["seri"] = series
    if deadline is not None:
        meta["tenggat"] = deadline
    meta = apply_transition(project.sop, project.people, meta, target, person.id, now, note,
                            {"mulai": started_at} if started_at is not None else None)
    path = project.content_dir / str(year) / slug / POST_FILE
    write_post(path, meta, "")
    post_id = f"{year}/{slug}"
    sha = ws.commit_paths(
        [_rel(project, path.parent)], commit_message(command, post_id, None, target, person.id, note), now
    )
    try:
        ws.push(branch)
    except RepositoryError as exc:
        raise RepositoryError(
            f"{exc.message}; {command} sudah tercatat di commit lokal cabang {branch}",
            hint="Setelah masalahnya teratasi, jalankan ulang perintah yang sama untuk mengirimnya.",
        ) from None
    return StepResult(post_id, command, None, target, person, now, branch, sha, ws.has_remote())


def _resume_disposisi(
    project: Project, ws: Workspace, slug: str, title: str, person: Person, command: str
) -> StepResult | None:
    """The same disposisi re-run after an interruption: finish it (commit, push) instead of refusing
    "cabang sudah ada". Only this person's own new post with this title is resumed."""
    branch = branch_for(slug)
    if not ws.local_has(branch) or ws.branch() != branch:
        return None
    files = sorted(project.content_dir.glob(f"*/{slug}/{POST_FILE}"))
    if not files:
        if ws.local_has(ws.main) and ws.repo.commit(branch) == ws.repo.commit(ws.main) and not ws.remote_has(branch):
            # Killed right after creating the branch: nothing of the step exists yet; start again.
            with git_errors(f"menghapus cabang kosong {branch}"):
                ws.repo.git.checkout(ws.main)
                ws.repo.git.branch("-D", branch)
        return None
    try:
        post = read_post(files[0], project.content_dir)
    except PostFormatError:
        return None
    history = post.history
    initial = project.sop.initial_state
    if post.title != title or len(history) != 1 or history[0].status != initial or history[0].actor != person.id:
        return None
    rel = _rel(project, files[0].parent)
    uncommitted = any(p.startswith(rel + "/") for p in ws.dirty_paths())
    return _finish_step(project, ws, post, command, person, branch, None, uncommitted)


def _finish_step(project: Project, ws: Workspace, post: Post, command: str, person: Person, branch: str,
                 before: str | None, uncommitted: bool) -> StepResult:
    """Complete a step whose entry is already in ``post`` (the last one): commit it when ``uncommitted``,
    push whatever is unsent, and say which of the three it was."""
    last = post.history[-1]
    if uncommitted:
        msg = commit_message(command, post.id, before, last.status, person.id, last.note)
        ws.commit_paths([_rel(project, post.path.parent)], msg, last.at)
        note = "langkah ini sudah ditulis sebelumnya tetapi belum di-commit; kini di-commit dan dikirim ke remote"
    elif ws.ahead_of_remote(branch) or (ws.has_remote() and not ws.remote_has(branch)):
        note = "langkah ini sudah tercatat di commit lokal sebelumnya; kini dikirim ke remote"
    else:
        note = "langkah ini sudah tercatat dan terkirim sebelumnya; tidak ada yang diubah"
    ws.push(branch)
    return StepResult(post.id, command, before, last.status, person, last.at, branch,
                      ws.repo.head.commit.hexsha, ws.has_remote(), notes=[note])


def _step_target(project: Project, ws: Workspace, ref: str | None, command: str,
                 note: str | None) -> tuple[Person, str, str]:
    """Who runs ``perintah`` on which post (slug, branch); refused before anything changes when the
    note the SOP asks for is missing or the person's role may not run it."""
    _require_note(project, command, note)
    person = ws.person(project.people)
    _require_role_for_command(project, person, command)
    slug = _resolve_slug(ws, ref, command)
    return person, slug, branch_for(slug)


def advance(project: Project, ws: Workspace, ref: str | None, command: str, now: datetime,
            note: str | None = None) -> StepResult:
    """One SOP step on the post's branch (draf, ajukan, sunting, tolak): entry, commit, push.

    Uncommitted changes inside the post's own folder (the draft being written) are committed
    with the step; anything else uncommitted makes it refuse.
    """
    if project.sop.lands(command):
        return land(project, ws, ref, command, now, note)
    person, slug, branch = _step_target(project, ws, ref, command, note)
    start = ws.branch()
    on_branch = start == branch
    dirty = ws.require_clean(
        allowed=[f"{CONTENT_DIR}/{y.name}/{slug}" for y in project.content_dir.glob("*")] if on_branch else []
    )
    ws.fetch()
    try:
        _refuse_if_landed(project, ws, slug, command)
        ws.checkout(branch)
        sync_notes = ws.sync(branch)
        path = _post_file(project, slug)
        post = _read(project, path)
        source = current_status(post.meta) if post.meta.get("riwayat") else None
        resumed = _resume_unpushed(project, ws, post, command, person, branch, source)
        if resumed is not None:
            return resumed
        _refuse_unknown_status(project, post, source)
        t = _pick_transition(project, command, source, post.id)
        _refuse_conflict_markers(project, path)
        now = step_time(post, now)
        meta = apply_transition(project.sop, project.people, post.meta, t.target, person.id, now, note)
        findings = _findings_after(project, post, meta, now, refuse=_hands_in_draft(project, t))
    except JdihError:
        _back_to(ws, start)
        raise
    write_post(path, meta, post.body)
    msg = commit_message(command, post.id, source, t.target, person.id, note)
    sha = ws.commit_paths([_rel(project, path.parent)], msg, now)
    ws.push(branch)
    notes = [f"{len(dirty)} berkas draf ikut di-commit"] if dirty else []
    notes += sync_notes + findings
    return StepResult(post.id, command, source, t.target, person, now, branch, sha, ws.has_remote(), notes=notes)


def _refuse_unknown_status(project: Project, post: Post, status: str | None) -> None:
    """A mistyped status (``persetujuaan``) is named as unknown, with its file and line."""
    if status is None or status in project.sop.states:
        return
    import difflib

    close = difflib.get_close_matches(status, list(project.sop.states), n=1, cutoff=0.6)
    raise PostFormatError(
        f"status '{status}' tidak dikenal (status SOP: {', '.join(project.sop.states)})",
        file=_rel(project, post.path),
        line=post.line("status"),
        hint=(f"Maksud Anda '{close[0]}'? " if close else "")
        + "Perbaiki baris status (sama dengan status entri riwayat terakhir), lalu ulangi perintah.",
    )


def _hands_in_draft(project: Project, t: Transition) -> bool:
    """True for the move that hands a draft in for review (``ajukan``): into a state that requires the
    content, from one that does not, or from rework (the state a move with a required note leads to)."""
    sop = project.sop
    rework = {x.target for x in sop.transitions if x.note_required and not x.cancels}
    return sop.content_required(t.target) and (
        t.source is None or not sop.content_required(t.source) or t.source in rework)


def _findings_after(project: Project, post: Post, meta: dict[str, Any], now: datetime, *, refuse: bool) -> list[str]:
    """``jdih periksa`` findings of the post as the step leaves it, as notes; with ``refuse``, its errors
    (what ``setujui`` would refuse, which the author must fix) stop the step before anything is written."""
    from dataclasses import replace

    from ..checks import run_checks

    found = run_checks(project, [replace(post, meta=meta)], now)
    lines = [f"{_rel(project, Path(f.path))}:{f.line or ''} {f.level} {f.code}: {f.message}" for f in found]
    errors = [line for f, line in zip(found, lines, strict=True) if f.is_error]
    if refuse and errors:
        more = f"\n  ... dan {len(errors) - 10} galat lain" if len(errors) > 10 else ""
        raise TransitionError(
            f"draf konten {post.id} belum dapat diajukan: {len(errors)} galat yang akan membuat persetujuan "
            "ditolak:\n" + "\n".join(f"  {e}" for e in errors[:10]) + more,
            hint="Perbaiki galat di atas (lihat juga `jdih periksa` dan `jdih pratinjau`), lalu ulangi perintah "
            "yang sama. Tidak ada yang di-commit; tulisan Anda tetap seperti semula.",
        )
    return [f"temuan pemeriksaan: {line}" for line in lines]


def _resume_unpushed(
    project: Project, ws: Workspace, post: Post, command: str, person: Person, branch: str, from_state: str | None
) -> StepResult | None:
    """The same step re-run after an interruption: finish it instead of refusing.

    Its entry written but not committed (stopped before the commit): commit and push it; committed
    but not sent: push it; already on the remote: say so, changing nothing."""
    from .objects import read_blobs

    targets = {t.target for t in project.sop.transitions_for_command(command)}
    history = post.history
    if from_state not in targets or not history or history[-1].actor != person.id:
        return None
    before = history[-2].status if len(history) > 1 else None
    rel = _rel(project, post.path)
    committed = read_blobs(ws.root, [f"HEAD:{rel}"]).get(f"HEAD:{rel}")
    try:
        head_status = parse_post(post.path, committed).status if committed is not None else None
    except PostFormatError:
        head_status = None
    return _finish_step(project, ws, post, command, person, branch, before, head_status != from_state)


def _post_at(ws: Workspace, ref: str, slug: str) -> Post | None:
    """The post ``<tahun>/<slug>`` as committed at ``ref`` (None when absent or unreadable there)."""
    found = _post_text_at(ws, ref, slug)
    if found is None:
        return None
    try:
        return parse_post(Path(found[0]), found[1])
    except PostFormatError:
        return None


def _abort_interrupted_landing(project: Project, ws: Workspace, slug: str, branch: str) -> None:
    """A landing killed between its merge and its commit leaves main mid-merge (MERGE_HEAD = the
    post's branch, only the post's folder touched): undo that half-merge so the re-run starts clean.
    Anything else mid-merge is the user's, and ``require_clean`` refuses it as before."""
    repo = ws.repo
    merge_head = Path(repo.git_dir, "MERGE_HEAD")
    if not merge_head.is_file() or ws.branch() != ws.main or not ws.local_has(branch):
        return
    if merge_head.read_text(encoding="utf-8").split()[:1] != [repo.commit(branch).hexsha]:
        return
    with git_errors("membaca merge yang terputus"):
        brought = set(repo.git.diff("--name-only", "HEAD", "MERGE_HEAD").splitlines())
    folder = f"{CONTENT_DIR}/"
    ours = [p for p in ws.dirty_paths() if p not in brought and not (p.startswith(folder) and f"/{slug}/" in p)]
    if ours:
        return
    with git_errors("membatalkan merge yang terputus"):
        repo.git.reset("--hard", "HEAD")


def _resume_landing(
    project: Project, ws: Workspace, slug: str, branch: str, command: str, person: Person
) -> StepResult | None:
    """The same landing re-run after an interruption (Ctrl-C, a killed process, a lost connection).

    When main already holds this person's landing of the branch: push it if only the local main
    has it, or report it done when the remote has it too. When the remote main moved on meanwhile,
    the unsent local merge is dropped (the branch keeps every commit) and the landing is made again.
    """
    repo = ws.repo
    tip_ref = branch if ws.local_has(branch) else f"{REMOTE}/{branch}" if ws.remote_has(branch) else None
    if tip_ref is None:
        return None
    tip = repo.commit(tip_ref)
    targets = {t.target for t in project.sop.transitions_for_command(command)}
    refs = [(f"{REMOTE}/{ws.main}", True)] if ws.remote_has(ws.main) else []
    if ws.local_has(ws.main):
        refs.append((ws.main, not ws.has_remote()))
    for ref, sent in refs:
        if not repo.is_ancestor(tip, repo.commit(ref)):
            continue
        post = _post_at(ws, ref, slug)
        history = post.history if post is not None else []
        if post is None or post.status not in targets or not history or history[-1].actor != person.id:
            return None
        with git_errors("membaca merge persetujuan"):
            merges = repo.git.rev_list("--merges", "--ancestry-path", "--reverse", f"{tip.hexsha}..{ref}").split()
        sha = merges[0] if merges else repo.commit(ref).hexsha
        before = history[-2].status if len(history) > 1 else None
        if sent:
            if ws.branch() == ws.main:
                ws.sync(ws.main)
            return StepResult(post.id, command, before, post.status, person, history[-1].at, ws.main, sha,
                              ws.has_remote(), merged=True,
                              notes=["langkah ini sudah tercatat dan terkirim sebelumnya; tidak ada yang diubah"])
        remote_main = f"{REMOTE}/{ws.main}"
        if ws.remote_has(ws.main) and not repo.is_ancestor(repo.commit(remote_main), repo.commit(ws.main)):
            with git_errors("membaca main lokal"):
                unsent = repo.git.rev_list("--first-parent", f"{remote_main}..{ws.main}").split()
            if unsent != [sha]:
                return None  # other unsent work on main: the normal path refuses with its own message
            ws.checkout(ws.main)
            with git_errors("membuang merge lokal yang belum terkirim"):
                repo.git.reset("--hard", remote_main)
            return None
        ws.checkout(ws.main)
        ws.push(ws.main)
        return StepResult(post.id, command, before, post.status, person, history[-1].at, ws.main, sha, True,
                          merged=True,
                          notes=["langkah ini sudah tercatat di merge commit lokal sebelumnya; kini dikirim ke remote"])
    return None


def land(project: Project, ws: Workspace, ref: str | None, command: str, now: datetime,
         note: str | None = None, before_push: Callable[[], None] | None = None) -> StepResult:
    """Kasubbag's landing steps (setujui, batalkan): merge ``konten/<slug>`` into main with ``--no-ff``.

    The merge commit carries the new ``riwayat`` entry. When main on the remote moved meanwhile
    (another approval won the race) the local merge is undone, nothing is lost, and re-running
    the command succeeds on top of the new main. ``before_push`` is a test seam to make that
    race happen deterministically.
    """
    person, slug, branch = _step_target(project, ws, ref, command, note)
    start = ws.branch()
    _abort_interrupted_landing(project, ws, slug, branch)
    ws.require_clean()
    ws.fetch()
    repo = ws.repo
    resumed = _resume_landing(project, ws, slug, branch, command, person)
    if resumed is not None:
        return resumed
    try:
        ws.checkout(branch)
        ws.sync(branch)
        path = _post_file(project, slug)
        post = _read(project, path)
        source = current_status(post.meta) if post.meta.get("riwayat") else None
        main_ref = f"{REMOTE}/{ws.main}" if ws.remote_has(ws.main) else ws.main
        has_main = ws.local_has(ws.main) or ws.remote_has(ws.main)
        if has_main and repo.is_ancestor(repo.commit(branch), repo.commit(main_ref)):
            raise RepositoryError(
                f"cabang {branch} sudah digabung ke {ws.main}; tidak ada yang perlu di-{command}",
                hint=f"Lihat `jdih riwayat {post.id}` untuk status terakhirnya.",
            )
        _refuse_if_landed(project, ws, slug, command)
        _refuse_unknown_status(project, post, source)
        t = _pick_transition(project, command, source, post.id)
        check_transition(project.sop, project.people, source, t.target, person.id)
        _refuse_conflict_markers(project, path)
        if project.sop.content_required(t.target):
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
            hint=f"Minta pengelola memperbarui cabang {branch} dari {ws.main} (git merge {ws.main}), lalu ulangi.",
        ) from None
    try:
        path = _post_file(project, slug)
        post = _read(project, path)
        meta = apply_transition(project.sop, project.people, post.meta, t.target, person.id, now, note)
        write_post(path, meta, post.body)
        msg = commit_message(command, post.id, source, t.target, person.id, note)
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
            f"{exc.message}; merge lokal dibatalkan, tidak ada yang hilang",
            hint=f"Jalankan lagi `jdih {command} {post.id}`: perintah akan memakai main terbaru.",
        ) from None
    return StepResult(post.id, command, source, t.target, person, now, ws.main, sha, ws.has_remote(), merged=True)


def open_branch(project: Project, ws: Workspace, ref: str) -> tuple[str, str, str | None]:
    """Switch to the post's branch ``konten/<slug>`` (fetched and fast-forwarded) so the person can write.

    Returns (branch, post id, status). Refuses, touching nothing, when uncommitted work is at risk.
    """
    slug = _resolve_slug(ws, ref, "buka")
    branch = branch_for(slug)
    start = ws.branch()
    # Already on the post's branch: the draft being written in its folder is kept (sync sets it aside).
    ws.require_clean(
        allowed=[f"{CONTENT_DIR}/{y.name}/{slug}" for y in project.content_dir.glob("*")] if start == branch else []
    )
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

