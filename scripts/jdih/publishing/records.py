"""The publishing records a person deals with: the ledger check before a run, and a person's verdict
(:func:`resolve`) on an uncertain, damaged or missing record after checking the platform by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..delivery import Engine, RetryPolicy, check_actor, run_lock
from ..delivery import ledger_for as shared_ledger
from ..errors import ConfigError, UsageError
from ..ledger import FAILED, PENDING, SENDING, UNKNOWN, Ledger, LedgerEntry, LedgerError
from ..post import read_post, write_post
from ..project import Project
from ..sop_model import Transition


def ledger_for(project: Project, step: Transition | None = None) -> Ledger:
    """The in-flight ledger of this checkout (``.jdih/buku-besar/``), with repair advice for damaged
    records when the publishing ``step`` is known."""
    if step is None:
        return shared_ledger(project.state_dir)
    return shared_ledger(project.state_dir, lambda key, channel: repair_hint(step.command, key, channel))


def normalize_post_ref(ref: str) -> str:
    """A ``--pos`` value as a post id or slug: accepts ``content/2026/slug/index.md`` too."""
    ref = ref.strip().replace("\\", "/").strip("/")
    if ref.endswith("/index.md"):
        ref = ref[: -len("/index.md")]
    if ref.startswith("content/"):
        ref = ref[len("content/") :]
    return ref.strip("/")


def resolve_hint(command: str, post_id: str, platform: str) -> str:
    """What a person does with a ``tidak-pasti`` record: the exact commands."""
    return (
        f"Jalankan ulang `jdih {command}`. Bila tetap TIDAK PASTI, buka akun {platform} kantor dan periksa: "
        f"bila pos sudah tampil, `jdih {command} --selesaikan {post_id} {platform} --tautan <URL pos>`; "
        f"bila belum, `jdih {command} --selesaikan {post_id} {platform} --belum-terbit`."
    )


def repair_hint(command: str, key: str, channel: str) -> str:
    """Advice for a damaged record: replace it with a person's verdict, never delete it."""
    if "/" in key and not key.split("/", 1)[0].isdigit():
        # Another command's namespace (`<command>/<post id>`): that command settles its own records.
        other, post_id = key.split("/", 1)
        return (
            f"Periksa grup: bila pengumuman {post_id} SUDAH masuk, jalankan `jdih {other} --terkirim {post_id}`; "
            f"bila BELUM, `jdih {other} --belum-terkirim {post_id}`. Catatan rusak diganti (salinannya disimpan "
            "di .jdih/buku-besar-rusak/); jangan menghapusnya sendiri."
        )
    return (
        f"Buka akun {channel} kantor dan periksa apakah {key} sudah tampil. Bila SUDAH: `jdih {command} --selesaikan "
        f"{key} {channel} --tautan <URL pos>`; bila BELUM: `jdih {command} --selesaikan {key} {channel} "
        "--belum-terbit`. Catatan rusak diganti (salinannya disimpan di .jdih/buku-besar-rusak/); jangan "
        "menghapusnya sendiri, karena penghapusan dapat membuat pos terkirim dua kali."
    )


def check_ledger(project: Project, step: Transition) -> None:
    """Refuse to run on a damaged or untrusted ledger record (it would otherwise be a traceback, or
    worse, be mistaken for "never sent" and cause a second post)."""
    try:
        for _ in ledger_for(project, step).entries():
            pass
    except LedgerError as exc:
        exc.file = _shown(project, exc.path)
        if exc.key and "/" in exc.key and not exc.key.split("/", 1)[0].isdigit():
            other, post_id = exc.key.split("/", 1)
            exc.message = (f"catatan {other} rusak ({post_id} lewat {exc.channel}): {exc.message}; "
                           "penerbitan dihentikan karena buku besar tidak dapat dibaca utuh")
        else:
            exc.message += "; penerbitan dihentikan agar tidak ada pos yang terkirim dua kali"
        raise


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


@dataclass
class Verdict:
    """What :func:`resolve` recorded."""

    post_id: str
    platform: str
    published: bool
    link: str | None
    in_front_matter: bool = False  # the link went straight into a published post's `tautan`
    damaged_copy: Path | None = None  # where the replaced damaged record was kept
    file: Path | None = None


def resolve(
    project: Project,
    post_id: str,
    platform: str,
    now: datetime,
    *,
    step: Transition | None = None,
    actor: str,
    link: str | None,
    not_published: bool = False,
    lock_wait: float = 600.0,
) -> Verdict:
    """A person's verdict after checking the platform by hand: the post is there (``tautan``, checked
    against the platform's URL shape) or it is not (``not_published``: the next run sends it).

    Works on an uncertain or failed record, on a damaged one (replaced, a copy kept), on a post
    uploaded by hand with no record (the next run records the step), and on a post already past the
    step (e.g. prepared in the outbox): then the real link replaces the recorded one in ``tautan``."""
    if not_published == bool(link):
        raise UsageError("pilih tepat satu: --tautan URL (pos sudah terbit) atau --belum-terbit")
    spec = project.platforms.get(platform)
    if spec is None:
        raise UsageError(
            f"platform '{platform}' tidak dikenal; pilihan (sop/platform.yml): {', '.join(project.platforms)}"
        )
    if link and not spec.link:
        raise ConfigError(
            f"bentuk alamat pos {spec.name} belum diatur, sehingga tautan tidak dapat diperiksa",
            file="sop/platform.yml",
            hint=f"Tambahkan `tautan: {{host: [...], jalur: '...'}}` pada platform {platform} (lihat contoh "
            "platform lain di berkas itu).",
        )
    if link and not spec.link_ok(link):
        hosts = ", ".join(str(h) for h in spec.link.get("host") or []) or "-"
        raise UsageError(
            f"--tautan {link!r} bukan alamat pos {spec.name}: harus https://... lengkap dengan host {hosts} dan "
            "bentuk alamat pos platform itu",
            hint=f"Salin tautan pos dari {spec.name} (tombol Bagikan/Salin tautan), bukan alamat profil atau beranda.",
        )
    step = step or project.sop.upload
    check_actor(project.sop, project.people, step, actor)
    post_id = normalize_post_ref(post_id)
    ledger = ledger_for(project, step)
    engine = Engine(ledger, now, lambda _s: None, RetryPolicy())
    path = project.content_dir / post_id / "index.md"
    if not path.is_file():  # checked before the lock too: a typo leaves nothing behind
        raise ConfigError(f"pos '{post_id}' tidak ditemukan ({project.content_dir.name}/{post_id}/index.md "
                          "tidak ada)", hint=_pending_hint(ledger))
    with run_lock(project.state_dir, wait=lock_wait):
        if not path.is_file():
            raise ConfigError(f"pos '{post_id}' tidak ditemukan", hint=_pending_hint(ledger))
        damaged = ledger.damaged(post_id, platform)
        if damaged is not None:
            copy = engine.settle_by_person(post_id, platform, delivered=bool(link), url=link,
                                           note="diganti putusan pengelola; catatan lama rusak")
            return Verdict(post_id, platform, bool(link), link, damaged_copy=copy)
        post = read_post(path, project.content_dir)
        if post.status and post.status != step.source:
            ledger.forget(post_id)  # the step is recorded in the front matter: its records are stale
        entry = ledger.get(post_id, platform)
        if entry.status != PENDING or entry.updated:
            # An uncertain, failed or done record (a done one may be an outbox rendering, or wrong).
            engine.settle_by_person(post_id, platform, delivered=bool(link), url=link,
                                    note="diputuskan pengelola setelah memeriksa platform")
            return Verdict(post_id, platform, bool(link), link)
        if platform not in post.platforms:
            raise UsageError(f"{post_id} tidak mencantumkan platform '{platform}' di daftar `platform`")
        if link and post.status == step.source:
            # Uploaded by hand before any run: the next run records the step with this link.
            engine.settle_by_person(post_id, platform, delivered=True, url=link,
                                    note="diunggah manual oleh pengelola")
            return Verdict(post_id, platform, True, link)
        if link and project.sop.is_published(post.status):
            meta = dict(post.meta)
            meta["tautan"] = {**post.links, platform: link}
            write_post(path, meta, post.body)
            return Verdict(post_id, platform, True, link, in_front_matter=True, file=path)
        raise ConfigError(_no_record_text(project, post_id, platform, ledger), hint=_pending_hint(ledger))


def _no_record_text(project: Project, post_id: str, platform: str, ledger: Ledger) -> str:
    """Why ``--selesaikan`` has nothing to settle, in the user's terms."""
    entries = {e.channel: e for e in ledger.entries(post_id)}
    if entries:
        return (
            f"tidak ada catatan pengiriman {post_id} ke {platform}; catatan yang ada: "
            + ", ".join(f"{k} ({e.status})" for k, e in sorted(entries.items()))
        )
    return f"tidak ada pengiriman {post_id} yang tertunda atau TIDAK PASTI; tidak ada yang perlu diselesaikan"


def _pending_hint(ledger: Ledger) -> str:
    """The records a person can settle now, as a suggestion line."""
    try:
        open_: list[LedgerEntry] = [
            e for e in ledger.entries()
            if e.status in (UNKNOWN, SENDING, FAILED) and e.post_id.split("/", 1)[0].isdigit()
        ]
    except LedgerError as exc:
        return f"Buku besar memuat catatan rusak ({exc.file}); selesaikan dulu catatan itu."
    if not open_:
        return "Saat ini tidak ada pengiriman yang perlu diselesaikan."
    listed = "; ".join(f"{e.post_id} {e.channel} ({e.status})" for e in open_[:10])
    return f"Yang dapat diselesaikan: {listed}."
