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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..channels.base import Channel, Delivery, Outgoing
from ..channels.platforms import REMOTE_ID, STAGE, STAGE_CREATE
from ..errors import ChannelError, ConfigError, JdihError
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
    text, with_link = caption.compose(post.caption(platform), link, spec, bool(imgs))
    return Outgoing(post.id, platform, text, imgs, link, post.judul, {"tautan_disertakan": with_link})


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
                self.ledger.update(post.id, platform, self.now, status=UNKNOWN, galat=scrub(exc.pesan))
                return self._failure(post, platform, exc, R_UNKNOWN)
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
            saran = "Jalankan ulang `jdih terbitkan`; bila tetap tidak pasti, periksa akun lalu gunakan --selesaikan."
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
    report = PublishReport(now=now, dry_run=dry_run)
    posts, errors = load_posts(project.content_dir)
    report.problems.extend(scrub(f"{e.lokasi()}: {e.pesan}") for e in errors if only is None)
    due, waiting = due_posts(posts, now, only)
    report.waiting = [(p.id, p.jadwal) for p in waiting if p.jadwal is not None]
    if only:
        found = {p.id for p in due} | {p.slug for p in due} | {p.id for p in waiting} | {p.slug for p in waiting}
        for o in only:
            if o.strip("/") not in found:
                report.problems.append(f"pos '{o}' tidak ditemukan atau tidak berstatus '{APPROVED}'")
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
    ledger = ledger_for(project)
    post_id = post_id.strip("/")
    entries = {e.kanal: e for e in ledger.entries(post_id)}
    entry = entries.get(platform)
    if entry is None:
        raise ConfigError(
            f"tidak ada catatan buku besar untuk {post_id} di {platform}",
            saran="Lihat daftar yang perlu diselesaikan dengan `jdih terbitkan --uji`.",
        )
    if entry.status == DONE:
        raise ConfigError(f"{post_id} di {platform} sudah tercatat selesai ({entry.url})")
    if belum_terbit == bool(tautan):
        raise ConfigError("pilih tepat satu: --tautan URL (sudah terbit) atau --belum-terbit")
    if tautan:
        if not tautan.startswith("https://"):
            raise ConfigError("tautan harus berupa alamat https://")
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
