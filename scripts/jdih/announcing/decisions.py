"""A person's decision on an announcement: it is in the group (``--terkirim``) or it is not
(``--belum-terkirim``). Both work on an undecided record and on a damaged one (replaced, a copy
kept), under the delivery lock, and only for someone whose role may make the announcing step."""

from __future__ import annotations

import contextlib
import difflib
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..delivery import run_lock
from ..errors import UsageError
from ..ledger import DONE, FAILED, SENDING, UNKNOWN, LedgerEntry
from ..post import Post, load_posts
from ..project import Project
from ..sop_model import Transition
from .config import AnnounceConfig, load_config
from .service import CONFIRMED, RESET, Announcer, AnnounceReport, choose_announcer, history_note, pending_posts

CONFIRMED_ID = "konfirmasi-manual"


def find_post(project: Project, ref: str) -> Post:
    """A post by id (``2026/slug``), slug, or path to its folder or index.md."""
    posts, _ = load_posts(project.content_dir)
    ref_clean = ref.strip().rstrip("/")
    if ref_clean.endswith("index.md"):
        ref_clean = ref_clean[: -len("index.md")].rstrip("/")
    candidates = []
    for p in posts:
        rel = None
        with contextlib.suppress(ValueError, OSError):
            rel = p.folder.resolve().relative_to(Path(ref_clean).resolve())
        if p.id == ref_clean or p.slug == ref_clean or rel == Path(".") or ref_clean.endswith("/" + p.id):
            candidates.append(p)
    if not candidates:
        close = difflib.get_close_matches(ref_clean, [p.id for p in posts], n=3, cutoff=0.6)
        hint = f"Maksud Anda: {', '.join(close)}? " if close else ""
        raise UsageError(f"konten '{ref}' tidak ditemukan di content/",
                         hint=hint + "Sebutkan id konten seperti 2026/nama-konten (lihat `jdih status`).")
    if len(candidates) > 1:
        raise UsageError(f"'{ref}' cocok dengan beberapa konten: {', '.join(p.id for p in candidates)}; "
                         "sebutkan lengkap dengan tahunnya")
    return candidates[0]


def _replace_damaged(run: Announcer, post_id: str, delivered: bool) -> list[str]:
    """Replace the post's damaged records with the person's verdict; the channels replaced."""
    replaced = []
    key = run.ledger.key(post_id)
    for channel, _error in run.ledger.inner.damaged_records(key):
        run.engine.settle_by_person(key, channel, delivered=delivered, remote_id=CONFIRMED_ID,
                                    note="diganti putusan pengelola; catatan lama rusak")
        replaced.append(channel)
    return replaced


def confirm_sent(project: Project, refs: Sequence[str], now: datetime, *, step: Transition | None = None,
                 config: AnnounceConfig | None = None, actor: str | None = None,
                 lock_wait: float = 600.0) -> AnnounceReport:
    """A person confirms the announcement is in the group (manual send, or an uncertain one checked).

    Every post announced by the same message (a digest) is confirmed with it; ``oleh`` (the person
    confirming) is recorded, and refused when their role may not make the step."""
    config = config or load_config(project.root / "sop")
    step = step or project.sop.announcement
    announcer = choose_announcer(project, config, step, actor)
    run = Announcer(project, config, {}, now, time.sleep, announcer, step)
    with run_lock(project.state_dir, wait=lock_wait):
        # Check every named post before writing anything: one typo must not leave half the list confirmed.
        chosen = [find_post(project, ref) for ref in refs]
        for post in chosen:
            if post.status != step.source:
                raise UsageError(f"konten {post.id} berstatus '{post.status}', bukan '{step.source}'; tidak ada "
                                 "pengumuman yang menunggu konfirmasi")
        done: set[str] = set()
        for post in chosen:
            if post.id in done:
                continue
            replaced = _replace_damaged(run, post.id, delivered=True)
            entry = run.open_entry(post.id)
            channel = entry.channel if entry else (replaced[0] if replaced else config.channel)
            ids = [post.id]
            if entry and isinstance(entry.progress.get("pos"), list):
                ids = [str(i) for i in entry.progress["pos"]]
            all_posts = {p.id: p for p in pending_posts(project, step.source or "")}
            for pid in ids:
                target = all_posts.get(pid)
                if target is None or pid in done:
                    continue
                run.ledger.update(pid, channel, now, status=DONE, remote_id=CONFIRMED_ID, error=None)
                run.settle(target, channel, CONFIRMED,
                           history_note(channel, f"; dikonfirmasi terkirim oleh {announcer}"),
                           message="dikonfirmasi terkirim")
                done.add(pid)
    return run.report


def mark_not_sent(project: Project, refs: Sequence[str], now: datetime, *, step: Transition | None = None,
                  config: AnnounceConfig | None = None, actor: str | None = None,
                  lock_wait: float = 600.0) -> AnnounceReport:
    """A person checked the group and the message is not there: the next run sends it again."""
    config = config or load_config(project.root / "sop")
    step = step or project.sop.announcement
    announcer = choose_announcer(project, config, step, actor)
    run = Announcer(project, config, {}, now, time.sleep, announcer, step)
    with run_lock(project.state_dir, wait=lock_wait):
        chosen: list[tuple[Post, LedgerEntry | None]] = []
        for ref in refs:  # check all before changing any record
            post = find_post(project, ref)
            damaged = run.ledger.inner.damaged_records(run.ledger.key(post.id))
            open_entry = None if damaged else run.open_entry(post.id)
            if not damaged and (open_entry is None or open_entry.status == DONE):
                raise UsageError(f"konten {post.id} tidak punya pengiriman yang menunggu keputusan",
                                 hint="`--belum-terkirim` hanya untuk pengiriman berstatus tidak pasti.")
            chosen.append((post, open_entry))
        for post, entry in chosen:
            if entry is None:
                channel = _replace_damaged(run, post.id, delivered=False)[0]
                run.result(post, channel, RESET,
                           message="catatan rusak diganti; akan dikirim pada pengumuman berikutnya")
                continue
            raw_ids = entry.progress.get("pos")
            ids: list[str] = [str(i) for i in raw_ids] if isinstance(raw_ids, list) and raw_ids else [post.id]
            for pid in ids:
                e = run.ledger.get(str(pid), entry.channel)
                if e.status in (SENDING, UNKNOWN):
                    run.ledger.update(str(pid), entry.channel, now, status=FAILED,
                                      error=f"dinyatakan belum terkirim oleh {announcer}")
            run.result(post, entry.channel, RESET, message=f"akan dikirim pada `jdih {step.command}` berikutnya")
    return run.report
