"""``publish_all``: every approved post whose ``jadwal`` has come, to each of its platforms, once.

Exactly once, per (post, platform), through :class:`jdih.ledger.Ledger` under
``.jdih/buku-besar/``:

- ``menunggu`` is written before an attempt; the adapter's ``progress`` saves uploads and
  containers (reused on retry) and flips the record to ``mengirim`` *before* the create call;
  the remote id is saved the moment the create call returns, before the permalink fetch.
- A record found in ``mengirim`` or ``tidak-pasti`` at start is reconciled with the platform
  (``adapter.reconcile``) before anything is sent again; when the platform cannot tell, the
  record stays ``tidak-pasti`` and a human resolves it (:func:`resolve`).
- Only failures that created nothing (``ulang``, ``batas``) are retried, with an injected
  ``sleep`` honouring Retry-After / x-rate-limit-reset / retry_after.
- One platform failing does not stop the others. When every platform of a post is done, its
  ``tautan`` are written and ``diunggah`` is appended via :func:`jdih.workflow.apply_transition`;
  the post's ledger records are forgotten by the next run that reads the post past
  ``disetujui`` (so a front matter that never reached main cannot cause a resend).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..channels.base import Channel, Delivery, Outgoing
from ..channels.platforms import REMOTE_ID, STAGE, STAGE_CREATE
from ..errors import ChannelError, ConfigError, JdihError, UsageError
from ..ledger import DONE, FAILED, PENDING, SENDING, UNKNOWN, Ledger, LedgerEntry
from ..links import post_url
from ..post import Post, load_posts, parse_time, read_post, write_post
from ..project import Project
from ..redact import scrub
from ..workflow import apply_transition
from . import caption, images

APPROVED = "disetujui"
PUBLISHED = "diunggah"
LEDGER_DIR = "buku-besar"
IMAGE_CACHE = "gambar"
# `jdih umumkan` keeps its records in the same folder under this key prefix (announcing.service).
ANNOUNCE_NAMESPACE = "umumkan/"

# Result statuses shown to the user.
R_DONE = "selesai"
R_FAILED = "gagal"
R_UNKNOWN = "tidak-pasti"
R_PLANNED = "akan-dikirim"
R_RECONCILE = "akan-dicocokkan"
FAILING = (R_FAILED, R_UNKNOWN)

ChannelsFactory = Callable[[str], Channel]
Sleep = Callable[[float], None]


@dataclass
class PlatformResult:
    """Outcome of one (post, platform) in this run."""

    post_id: str
    judul: str
    platform: str
    status: str
    tautan: str | None = None
    alasan: str | None = None
    saran: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class PublishReport:
    """What a run did (or, in a dry run, would do)."""

    now: datetime
    dry_run: bool
    results: list[PlatformResult] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)  # posts moved to diunggah
    waiting: list[tuple[str, datetime]] = field(default_factory=list)  # (post, jadwal) not yet due
    problems: list[str] = field(default_factory=list)  # posts that could not be processed at all
    notes: list[str] = field(default_factory=list)  # informational (e.g. --pos of a post already published)

    @property
    def ok(self) -> bool:
        """True when no platform failed or is uncertain and no post was unusable."""
        return not self.problems and not any(r.status in FAILING for r in self.results)


def ledger_for(project: Project) -> Ledger:
    """The in-flight ledger of this checkout (``.jdih/buku-besar/``)."""
    return Ledger(project.state_dir / LEDGER_DIR)


def due_posts(posts: Iterable[Post], now: datetime, only: Iterable[str] | None = None) -> tuple[list[Post], list[Post]]:
    """(due, waiting): approved posts whose ``jadwal`` has come / not yet."""
    wanted = {o.strip("/") for o in only} if only else None
    due: list[Post] = []
    waiting: list[Post] = []
    for post in posts:
        if post.status != APPROVED or (wanted is not None and post.id not in wanted and post.slug not in wanted):
            continue
        jadwal = post.jadwal
        (waiting if jadwal is not None and jadwal > now else due).append(post)
    return due, waiting


def build_message(project: Project, post: Post, platform: str, *, write_images: bool) -> Outgoing:
    """The :class:`Outgoing` for one platform (caption fitted, images converted)."""
    spec = project.platforms.get(platform)
    if spec is None:
        raise ChannelError(f"platform '{platform}' tidak ada di sop/platform.yml", kanal=platform, jenis="gagal")
    link = post_url(project.site_url, post.id)
    imgs = images.prepare(post, platform, project.state_dir / IMAGE_CACHE, project.site_url, write=write_images)
    try:
        text, with_link = caption.compose(post.caption(platform), link, spec, bool(imgs))
    except ChannelError as exc:
        # The fix is an edit of the post file: name it, so the pengelola knows where to go.
        where = _display_path(project, post)
        line = post.line("teks", platform) if isinstance(post.meta.get("teks"), dict) else None
        exc.saran = (
            f"Isi `teks.{platform}` yang lebih pendek di {where}{f':{line}' if line else ''} "
            "(lewat pull request), atau hapus platform ini dari daftar `platform`."
        )
        raise
    extra = {
        "tautan_disertakan": with_link,
        "panjang": caption.length(text, spec),
        "batas": caption.limit(spec, bool(imgs)),
    }
    return Outgoing(post.id, platform, text, imgs, link, post.judul, extra)


def _display_path(project: Project, post: Post) -> str:
    """The post file relative to the project root (what a user opens in an editor)."""
    try:
        return post.path.relative_to(project.root).as_posix()
    except ValueError:
        return str(post.path)


class _Run:
    """One publishing run (holds the injected collaborators)."""

    def __init__(
        self,
        project: Project,
        factory: ChannelsFactory,
        now: datetime,
        sleep: Sleep,
        max_attempts: int,
        backoff: float,
        max_wait: float,
    ) -> None:
        self.project = project
        self.factory = factory
        self.now = now
        self.sleep = sleep
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self.ledger = ledger_for(project)
        self._channels: dict[str, Channel] = {}

    def channel(self, platform: str) -> Channel:
        if platform not in self._channels:
            self._channels[platform] = self.factory(platform)
        return self._channels[platform]

    # -- one (post, platform) ------------------------------------------------------------
    def deliver(self, post: Post, platform: str, msg: Outgoing, channel: Channel) -> PlatformResult:
        entry = self.ledger.get(post.id, platform)
        if entry.status == DONE:
            return self._result(post, platform, R_DONE, tautan=entry.url)
        state: dict[str, Any] = dict(entry.progres)
        if entry.remote_id:
            state[REMOTE_ID] = entry.remote_id
        if entry.status in (SENDING, UNKNOWN):
            try:
                found = self._retrying(lambda: channel.reconcile(msg, state))
            except ChannelError as exc:
                pesan = _unsure_text(exc.pesan)
                self.ledger.update(post.id, platform, self.now, status=UNKNOWN, galat=scrub(pesan))
                err = ChannelError(pesan, kanal=platform, jenis="tidak-pasti", saran=resolve_hint(post.id, platform))
                return self._failure(post, platform, err, R_UNKNOWN)
            if found is not None:
                return self._done(post, platform, found)
            state.pop(STAGE, None)
            entry = self.ledger.update(
                post.id,
                platform,
                self.now,
                status=PENDING,
                galat=None,
                progres={k: v for k, v in entry.progres.items() if k != STAGE},
            )
        return self._send(post, platform, msg, channel, entry, state)

    def _send(
        self, post: Post, platform: str, msg: Outgoing, channel: Channel, entry: LedgerEntry, state: dict[str, Any]
    ) -> PlatformResult:
        # Progress that creates nothing public (uploads, containers) is kept in memory and written
        # together with the next durable record: the `mengirim` record before the create call, the
        # remote id after it. Losing it to a crash only means re-uploading, never a duplicate post;
        # this halves the fsyncs per delivery.
        pending: dict[str, Any] = {}
        attempts = entry.percobaan

        def progress(changes: dict[str, Any]) -> None:
            changes = dict(changes)
            stage = changes.pop(STAGE, None)
            remote_id = changes.pop(REMOTE_ID, None)
            state.update(changes)
            pending.update(changes)
            if stage != STAGE_CREATE and remote_id is None:
                return
            e = self.ledger.get(post.id, platform)
            if stage == STAGE_CREATE:
                e.status = SENDING
            if remote_id is not None:
                e.remote_id = str(remote_id)
                state[REMOTE_ID] = e.remote_id
            e.progres = _merged(e.progres, pending)
            pending.clear()
            e.kunci, e.percobaan, e.galat = msg.key, attempts, None
            self.ledger.put(e, self.now)

        attempt = 0
        while True:
            attempt += 1
            attempts += 1
            try:
                delivery = channel.send(msg, progress, state)
            except ChannelError as exc:
                wait = self._wait_for(exc, attempt)
                if wait is not None:
                    self.sleep(wait)
                    continue
                status = UNKNOWN if exc.jenis == "tidak-pasti" else FAILED
                self.ledger.update(
                    post.id,
                    platform,
                    self.now,
                    status=status,
                    galat=scrub(exc.pesan),
                    kunci=msg.key,
                    percobaan=attempts,
                    progres=_merged(self.ledger.get(post.id, platform).progres, pending),
                )
                return self._failure(post, platform, exc, R_UNKNOWN if status == UNKNOWN else R_FAILED)
            except Exception as exc:  # an adapter bug or malformed response: never lose track
                current = self.ledger.get(post.id, platform)
                status = UNKNOWN if current.status == SENDING or current.remote_id else FAILED
                pesan = scrub(f"{platform}: galat tak terduga ({type(exc).__name__}: {exc})")
                self.ledger.update(post.id, platform, self.now, status=status, galat=pesan)
                err = ChannelError(pesan, kanal=platform, jenis="tidak-pasti" if status == UNKNOWN else "gagal")
                return self._failure(post, platform, err, R_UNKNOWN if status == UNKNOWN else R_FAILED)
            return self._done(post, platform, delivery)

    def _wait_for(self, exc: ChannelError, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when not retrying."""
        if not exc.retryable or attempt >= self.max_attempts:
            return None
        wait = exc.tunggu if exc.jenis == "batas" and exc.tunggu is not None else self.backoff * 2 ** (attempt - 1)
        return wait if wait <= self.max_wait else None

    def _retrying(self, fn: Callable[[], Delivery | None]) -> Delivery | None:
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except ChannelError as exc:
                wait = self._wait_for(exc, attempt)
                if wait is None:
                    if exc.retryable:  # reconciling itself never creates; still unknown
                        raise ChannelError(exc.pesan, kanal=exc.kanal, jenis="tidak-pasti", saran=exc.saran) from None
                    raise
                self.sleep(wait)

    def _done(self, post: Post, platform: str, d: Delivery) -> PlatformResult:
        self.ledger.update(post.id, platform, self.now, status=DONE, remote_id=d.remote_id, url=d.url, galat=None)
        return self._result(post, platform, R_DONE, tautan=d.url)

    def _failure(self, post: Post, platform: str, exc: ChannelError, status: str) -> PlatformResult:
        saran = exc.saran
        if status == R_UNKNOWN and saran is None:
            saran = resolve_hint(post.id, platform)
        elif status == R_FAILED and saran is None and exc.retryable:
            saran = f"Belum ada yang terkirim ke {platform}; jalankan ulang `jdih terbitkan` beberapa saat lagi."
        return self._result(post, platform, status, alasan=scrub(exc.pesan), saran=scrub(saran) if saran else None)

    @staticmethod
    def _result(post: Post, platform: str, status: str, **kw: Any) -> PlatformResult:
        return PlatformResult(post.id, post.judul, platform, status, **kw)

    # -- one post ------------------------------------------------------------------------
    def publish_post(self, post: Post, oleh: str, dry_run: bool) -> list[PlatformResult]:
        results = []
        for platform in post.platforms:
            try:
                msg = build_message(self.project, post, platform, write_images=not dry_run)
                channel = self.channel(platform)
            except JdihError as exc:
                results.append(
                    self._result(
                        post, platform, R_FAILED, alasan=scrub(exc.pesan), saran=scrub(exc.saran) if exc.saran else None
                    )
                )
                continue
            if dry_run:
                entry = self.ledger.get(post.id, platform)
                status = {DONE: R_DONE, SENDING: R_RECONCILE, UNKNOWN: R_RECONCILE}.get(entry.status, R_PLANNED)
                results.append(
                    self._result(
                        post,
                        platform,
                        status,
                        tautan=entry.url,
                        detail={
                            "teks": msg.text,
                            "gambar": [i.path.name for i in msg.images],
                            "tautan_disertakan": msg.extra.get("tautan_disertakan"),
                            "panjang": msg.extra.get("panjang"),
                            "batas": msg.extra.get("batas"),
                            "kunci": msg.key,
                        },
                    )
                )
                continue
            results.append(self.deliver(post, platform, msg, channel))
        return results

    def finalize(self, post: Post, results: list[PlatformResult], oleh: str) -> bool:
        """Write ``tautan`` and ``diunggah`` once every platform is done; then forget the ledger."""
        if not post.platforms or any(r.status != R_DONE for r in results):
            return False
        fresh = read_post(post.path, self.project.content_dir)
        if fresh.status != APPROVED:
            return False
        meta = dict(fresh.meta)
        tautan = dict(fresh.tautan)
        for r in results:
            if r.tautan:
                tautan[r.platform] = r.tautan
        meta["tautan"] = tautan
        waktu = self.now
        history = meta.get("riwayat") or []
        last = parse_time(history[-1].get("waktu")) if history and isinstance(history[-1], dict) else None
        if last is not None and waktu <= last:
            waktu = last + timedelta(seconds=1)  # a clock behind the approval must not block the upload record
        new = apply_transition(self.project.sop, self.project.people, meta, PUBLISHED, oleh, waktu)
        write_post(post.path, new, fresh.body)
        # The ledger records are forgotten by the *next* run, once the post it reads is past
        # `disetujui` (see _forget_stale). In CI the front matter reaches main by a later push
        # that may fail; until it has landed, the `selesai` records are what prevents a resend.
        return True


def publish_all(
    project: Project,
    channels_factory: ChannelsFactory,
    now: datetime,
    dry_run: bool = False,
    only: Iterable[str] | None = None,
    *,
    oleh: str | None = None,
    sleep: Sleep = time.sleep,
    max_attempts: int = 4,
    backoff: float = 2.0,
    max_wait: float = 120.0,
) -> PublishReport:
    """Publish every due approved post (see module docstring). ``oleh`` = the pengelola recorded
    in ``riwayat``; ``dry_run`` sends and writes nothing (it still reads the ledger)."""
    if now.tzinfo is None:
        raise ConfigError("waktu 'sekarang' harus memiliki zona waktu")
    if not dry_run and not oleh:
        raise ConfigError("pengunggah belum ditentukan", saran="Atur JDIH_PENGUNGGAH=<id pengelola di sop/peran.yml>.")
    check_ledger(project)
    report = PublishReport(now=now, dry_run=dry_run)
    posts, errors = load_posts(project.content_dir)
    report.problems.extend(scrub(f"{e.lokasi()}: {e.pesan}") for e in errors if only is None)
    if only is not None:
        only = list(dict.fromkeys(normalize_post_ref(o) for o in only))
        _check_requested(project, posts, errors, only, report)
    due, waiting = due_posts(posts, now, only)
    report.waiting = [(p.id, p.jadwal) for p in waiting if p.jadwal is not None]
    run = _Run(project, channels_factory, now, sleep, max_attempts, backoff, max_wait)
    if not dry_run:
        _forget_stale(run.ledger, posts)
    for post in due:
        if not post.platforms:
            report.problems.append(f"{post.id}: daftar `platform` kosong")
            continue
        results = run.publish_post(post, oleh or "", dry_run)
        report.results.extend(results)
        if not dry_run:
            try:
                if run.finalize(post, results, oleh or ""):
                    report.uploaded.append(post.id)
            except JdihError as exc:
                report.problems.append(scrub(f"{post.id}: tautan tidak dapat dicatat: {exc.pesan}"))
    return report


def _merged(progres: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``progres`` updated with ``changes`` (a None value removes the key)."""
    out = dict(progres)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def _forget_stale(ledger: Ledger, posts: list[Post]) -> None:
    """Drop records of posts already past ``disetujui`` (a run died after writing the front matter)."""
    done = {p.id for p in posts if p.status not in ("", APPROVED)}
    for post_id in {e.post_id for e in ledger.entries()} & done:
        ledger.forget(post_id)


def resolve(
    project: Project, post_id: str, platform: str, now: datetime, *, tautan: str | None, belum_terbit: bool = False
) -> LedgerEntry:
    """A human's verdict on a ``tidak-pasti`` record after checking the platform by hand:
    the post is there (``tautan``) or it is not (``belum_terbit``: the next run sends it)."""
    if belum_terbit == bool(tautan):
        raise UsageError("pilih tepat satu: --tautan URL (pos sudah terbit) atau --belum-terbit")
    if tautan and not _is_https_url(tautan):
        raise UsageError(f"--tautan harus berupa alamat https://... lengkap, bukan {tautan!r}")
    if platform not in project.platforms:
        raise UsageError(
            f"platform '{platform}' tidak dikenal; pilihan (sop/platform.yml): {', '.join(project.platforms)}"
        )
    check_ledger(project)
    ledger = ledger_for(project)
    post_id = normalize_post_ref(post_id)
    entries = {e.kanal: e for e in ledger.entries(post_id)}
    entry = entries.get(platform)
    if entry is None:
        raise ConfigError(_no_record_text(project, post_id, platform, entries), saran=_pending_hint(ledger))
    if entry.status == DONE:
        raise ConfigError(f"{post_id} di {platform} sudah tercatat selesai ({entry.url}); tidak ada yang perlu diubah")
    if tautan:
        return ledger.update(
            post_id, platform, now, status=DONE, url=tautan, remote_id=entry.remote_id or "manual", galat=None
        )
    return ledger.update(
        post_id,
        platform,
        now,
        status=PENDING,
        galat=None,
        progres={k: v for k, v in entry.progres.items() if k != STAGE},
    )


def resolve_hint(post_id: str, platform: str) -> str:
    """What a human does with a ``tidak-pasti`` record: the exact commands."""
    return (
        f"Jalankan ulang `jdih terbitkan`. Bila tetap TIDAK PASTI, buka akun {platform} kantor dan periksa: "
        f"bila pos sudah tampil, `jdih terbitkan --selesaikan {post_id} {platform} --tautan <URL pos>`; "
        f"bila belum, `jdih terbitkan --selesaikan {post_id} {platform} --belum-terbit`."
    )


def _unsure_text(pesan: str) -> str:
    """A reconcile failure worded for an uncertain record (the adapter's text may say "safe to retry",
    which is true of the check, not of the post)."""
    base = pesan.replace("; aman untuk diulang", "")
    return f"{base}; belum dapat dipastikan apakah kiriman sebelumnya sudah terbit"


def normalize_post_ref(ref: str) -> str:
    """A ``--pos`` value as a post id or slug: accepts ``content/2026/slug/index.md`` too."""
    ref = ref.strip().replace("\\", "/").strip("/")
    if ref.endswith("/index.md"):
        ref = ref[: -len("/index.md")]
    if ref.startswith("content/"):
        ref = ref[len("content/") :]
    return ref.strip("/")


def _check_requested(
    project: Project, posts: list[Post], errors: Sequence[JdihError], wanted: list[str], report: PublishReport
) -> None:
    """Explain every ``--pos`` that will not be published: unknown (with a suggestion), not approved
    yet, or already published (a note, not a failure: re-running is harmless)."""
    import difflib

    by_ref: dict[str, list[Post]] = {}
    for p in posts:
        by_ref.setdefault(p.id, []).append(p)
        by_ref.setdefault(p.slug, []).append(p)
    for ref in wanted:
        if not ref:
            report.problems.append("--pos kosong: sebutkan pos sebagai <tahun>/<slug>, mis. 2026/contoh-slug")
            continue
        matches = by_ref.get(ref)
        if not matches:
            broken = [e for e in errors if e.berkas and f"/{ref}/" in str(e.berkas).replace("\\", "/")]
            if broken:
                first = broken[0]
                report.problems.append(scrub(f"pos '{ref}' tidak dapat dibaca: {first.lokasi()}: {first.pesan}"))
                continue
            ids = {p.id for p in posts}
            close_refs = difflib.get_close_matches(ref, sorted(by_ref), n=6, cutoff=0.6)
            close = list(dict.fromkeys(by_ref[c][0].id for c in close_refs if c in ids or len(by_ref[c]) == 1))[:3]
            hint = f"; maksud Anda: {', '.join(close)}?" if close else "; lihat daftar pos dengan `jdih status`"
            report.problems.append(f"pos '{ref}' tidak ditemukan di {project.content_dir.name}/{hint}")
            continue
        for p in matches:
            if p.status == APPROVED:
                continue
            state = project.sop.states.get(p.status)
            label = state.label if state else p.status
            if project.sop.is_published(p.status):
                report.notes.append(f"{p.id} sudah berstatus '{label}'; tidak dikirim ulang")
            else:
                report.problems.append(
                    f"{p.id} berstatus '{label}', belum disetujui Kasubbag; "
                    f"hanya pos berstatus '{APPROVED}' yang dapat diterbitkan"
                )


def _is_https_url(text: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    return parts.scheme == "https" and bool(parts.netloc) and " " not in text.strip()


def _no_record_text(project: Project, post_id: str, platform: str, entries: dict[str, LedgerEntry]) -> str:
    """Why ``--selesaikan`` has nothing to settle, in the user's terms."""
    path = project.content_dir / post_id / "index.md"
    if not path.is_file():
        return f"pos '{post_id}' tidak ditemukan ({project.content_dir.name}/{post_id}/index.md tidak ada)"
    if entries:
        return (
            f"tidak ada catatan pengiriman {post_id} ke {platform}; catatan yang ada: "
            + ", ".join(f"{k} ({e.status})" for k, e in sorted(entries.items()))
        )
    return f"tidak ada pengiriman {post_id} yang tertunda atau TIDAK PASTI; tidak ada yang perlu diselesaikan"


def _pending_hint(ledger: Ledger) -> str:
    """The records a human can settle now, as a suggestion line."""
    open_ = [
        e for e in ledger.entries()
        if e.status in (UNKNOWN, SENDING, FAILED) and not e.post_id.startswith(ANNOUNCE_NAMESPACE)
    ]
    if not open_:
        return "Saat ini tidak ada pengiriman yang perlu diselesaikan."
    listed = "; ".join(f"{e.post_id} {e.kanal} ({e.status})" for e in open_[:10])
    return f"Yang dapat diselesaikan: {listed}."


def check_ledger(project: Project) -> None:
    """Refuse to run on a damaged ledger record (an unreadable record would otherwise be a
    traceback, or worse, be mistaken for "never sent" and cause a second post)."""
    import json

    directory = ledger_for(project).directory
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*/*.json")):
        line: int | None = None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            sound = isinstance(data, dict) and all(isinstance(data.get(k), str) for k in ("post_id", "kanal", "status"))
        except json.JSONDecodeError as exc:
            sound, line = False, exc.lineno
        except (OSError, UnicodeDecodeError, ValueError):
            sound = False
        if sound:
            continue
        post_id = path.parent.name.replace("__", "/")
        try:
            shown: Path | str = path.relative_to(project.root)
        except ValueError:
            shown = path
        if post_id.startswith(ANNOUNCE_NAMESPACE):  # `jdih umumkan` shares the folder
            raise ConfigError(
                f"catatan pengumuman rusak ({post_id[len(ANNOUNCE_NAMESPACE):]} lewat {path.stem}); "
                "penerbitan dihentikan karena buku besar tidak dapat dibaca utuh",
                berkas=shown,
                baris=line,
                saran="Periksa grup WhatsApp: bila tautan pos itu BELUM dibagikan, hapus berkas ini; bila SUDAH, "
                f"hapus berkas ini lalu jalankan `jdih umumkan --terkirim {post_id[len(ANNOUNCE_NAMESPACE):]}`.",
            )
        raise ConfigError(
            f"catatan buku besar rusak (pengiriman {post_id} ke {path.stem}); penerbitan dihentikan agar "
            "tidak ada pos yang terkirim dua kali",
            berkas=shown,
            baris=line,
            saran=(
                f"Buka akun {path.stem} kantor dan periksa apakah {post_id} sudah tampil. Bila BELUM, hapus "
                "berkas ini lalu jalankan ulang `jdih terbitkan`. Bila SUDAH, jangan hapus; salin tautannya "
                "ke `tautan` di front matter pos dan hubungi pengelola repositori."
            ),
        )
