"""`jdih umumkan` as a core function: announce every uploaded post exactly once.

For each post in ``diunggah`` one message (or one digest for several) goes to the primary
channel through the exactly-once ledger (``.jdih/buku-besar/<post>/<kanal>.json``):

1. a ``selesai`` record left by an earlier run → only the front matter is finished;
2. a ``mengirim``/``tidak-pasti`` record → the channel is asked (``reconcile``); when it cannot
   tell, the run stops for that post and a person confirms (``--terkirim``) or denies
   (``--belum-terkirim``); nothing is ever resent blindly;
3. otherwise ``mengirim`` is written *before* the call and the result after it. Only failures
   where nothing can have reached the gateway are retried; a definite failure moves on to the
   configured fallback channel (never after an uncertain one).

Then ``diumumkan`` is appended to ``riwayat`` through :func:`jdih.workflow.apply_transition`
and the post is rewritten with :func:`jdih.post.write_post`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..channels.announce import CHANNEL_NAMES, MANUAL
from ..channels.base import Channel, Delivery, Outgoing
from ..errors import ChannelError, ConfigError, JdihError, TransitionError, UsageError
from ..ledger import DONE, FAILED, PENDING, SENDING, UNKNOWN, Ledger, LedgerEntry
from ..post import Post, load_posts, read_post, write_post
from ..project import Project
from ..redact import scrub
from ..workflow import apply_transition, check_transition
from .config import AnnounceConfig, load_config
from .message import Rendered, Templates, post_context

FROM_STATE = "diunggah"
TO_STATE = "diumumkan"
LEDGER_DIR = "buku-besar"
MAX_WAIT_SECONDS = 120.0  # longest rate-limit wait honoured inside one run
BACKOFF_SECONDS = (2.0, 5.0, 10.0, 20.0)

# Outcomes in the report
SENT = "terkirim"
SENT_FALLBACK = "terkirim-cadangan"
ALREADY = "sudah-terkirim"
CONFIRMED = "dikonfirmasi"
WAITING_MANUAL = "menunggu-manual"
UNCERTAIN = "tidak-pasti"
FAILED_RESULT = "gagal"
PREVIEW = "pratinjau"
RESET = "akan-dikirim-ulang"
OK_RESULTS = {SENT, SENT_FALLBACK, ALREADY, CONFIRMED, WAITING_MANUAL, PREVIEW, RESET}


LEDGER_NAMESPACE = "umumkan"


class AnnounceLedger:
    """The shared ledger folder, with announcement records kept apart from publishing's.

    Records live under the key ``umumkan/<post id>`` (folder ``umumkan__<tahun>__<slug>``), so
    the publisher cleaning up its own per-post records never deletes an undecided
    announcement, and neither side ever reads the other's channels as its own.
    """

    def __init__(self, directory: Path) -> None:
        self.inner = Ledger(directory)

    @staticmethod
    def key(post_id: str) -> str:
        """Ledger key of a post's announcement records."""
        return f"{LEDGER_NAMESPACE}/{post_id}"

    def get(self, post_id: str, kanal: str) -> LedgerEntry:
        """The record of ``post_id`` on ``kanal``."""
        return self.inner.get(self.key(post_id), kanal)

    def update(self, post_id: str, kanal: str, now: datetime, **changes: Any) -> LedgerEntry:
        """Read, change, write durably."""
        return self.inner.update(self.key(post_id), kanal, now, **changes)

    def entries(self, post_id: str) -> list[LedgerEntry]:
        """The post's announcement records (announcement channels only)."""
        return [e for e in self.inner.entries(self.key(post_id)) if e.kanal in CHANNEL_NAMES]

    def forget(self, post_id: str) -> None:
        """Remove the post's announcement records once ``diumumkan`` is written."""
        self.inner.forget(self.key(post_id))


@dataclass
class AnnounceResult:
    """What happened to one post."""

    post_id: str
    judul: str
    kanal: str
    hasil: str
    pesan: str = ""
    saran: str | None = None
    remote_id: str | None = None
    cadangan_dari: str | None = None  # the primary channel that failed, when the fallback delivered
    wa_me: str | None = None
    berkas: str | None = None

    @property
    def ok(self) -> bool:
        """True unless failed or uncertain."""
        return self.hasil in OK_RESULTS


@dataclass
class AnnounceReport:
    """The outcome of one `jdih umumkan` run."""

    kanal: str
    cadangan: str | None
    results: list[AnnounceResult] = field(default_factory=list)
    messages: list[Rendered] = field(default_factory=list)
    # Posts that could not be read at all (``file:line: message``): they are not announced.
    peringatan: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing is uncertain."""
        return all(r.ok for r in self.results)


@dataclass
class _Attempt:
    """Result of sending one message on one channel."""

    hasil: str
    delivery: Delivery | None = None
    error: ChannelError | None = None
    progres: dict[str, Any] = field(default_factory=dict)


def default_announcer(project: Project, config: AnnounceConfig) -> str:
    """The person recorded in ``riwayat``: ``pengumum`` from the config, checked against the SOP."""
    people = project.people
    if config.pengumum:
        try:
            check_transition(project.sop, people, FROM_STATE, TO_STATE, config.pengumum)
        except TransitionError as exc:
            raise config.error("pengumum", f"pengumum '{config.pengumum}' tidak dapat dipakai: {exc.pesan}",
                               saran="Isi `pengumum` dengan id orang berperan pengelola di sop/peran.yml.") from None
        return config.pengumum
    t = project.sop.transition(FROM_STATE, TO_STATE)
    roles = t.peran if t else ("pengelola",)
    for person in people.by_id.values():
        if person.has_role(*roles):
            return person.id
    raise ConfigError("tidak ada orang berperan pengelola di sop/peran.yml untuk dicatat sebagai pengumum")


@contextmanager
def run_lock(state_dir: Path) -> Iterator[None]:
    """One announcing run at a time per checkout (two would race on the ledger)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "umumkan.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError("`jdih umumkan` lain sedang berjalan di folder ini; tunggu sampai selesai") from None
        yield
    finally:
        os.close(fd)


def pending_posts(project: Project, only: Sequence[str] | None = None) -> list[Post]:
    """Posts in ``diunggah`` (optionally only the given ids), oldest upload first."""
    posts, _errors = load_posts(project.content_dir)
    chosen = [p for p in posts if p.status == FROM_STATE]
    if only:
        wanted = {o.strip().strip("/") for o in only}
        chosen = [p for p in chosen if p.id in wanted or p.slug in wanted]
    return sorted(chosen, key=lambda p: (p.published_at.isoformat() if p.published_at else "", p.id))


def unreadable_posts(project: Project) -> list[str]:
    """``file:line: message`` of every post whose file cannot be read (it cannot be announced)."""
    _posts, errors = load_posts(project.content_dir)
    out = []
    for err in errors:
        where = err.lokasi()
        with contextlib.suppress(ValueError):
            where = Path(err.berkas or "").resolve().relative_to(project.root.resolve()).as_posix() + (
                f":{err.baris}" if err.baris else "")
        out.append(f"{where}: {err.pesan}" if where else err.pesan)
    return out


def _check_only(project: Project, only: Sequence[str] | None) -> None:
    """Every ``--pos`` must name an existing post in ``diunggah``: a typo must not pass as "nothing to do"."""
    for ref in only or ():
        post = find_post(project, ref)
        if post.status != FROM_STATE:
            raise UsageError(
                f"konten {post.id} berstatus '{post.status}', bukan '{FROM_STATE}'; tidak ada yang diumumkan",
                saran="Hanya konten yang sudah diunggah (`jdih terbitkan`) yang diumumkan; lihat `jdih status`.",
            )


def render_messages(project: Project, config: AnnounceConfig, posts: list[Post], digest: bool) -> list[Rendered]:
    """The message(s) for ``posts``: one each, or one digest when configured and more than one."""
    templates = Templates(project.root / "sop", config)
    contexts = [post_context(project, config, p) for p in posts]
    if digest and len(posts) > 1:
        text = templates.digest(contexts)
        ids = tuple(p.id for p in posts)
        return [Rendered(text, ids, f"{len(posts)} konten baru JDIH", contexts[0]["situs"])]
    return [Rendered(templates.single(c), (p.id,), p.judul, c["situs"]) for p, c in zip(posts, contexts, strict=True)]


class _Announcer:
    """One run: holds the ledger, the channels and the results."""

    def __init__(self, project: Project, config: AnnounceConfig, channels: Mapping[str, Channel], now: datetime,
                 sleep: Callable[[float], None], announcer: str) -> None:
        self.project = project
        self.config = config
        self.channels = channels
        self.now = now
        self.sleep = sleep
        self.announcer = announcer
        self.ledger = AnnounceLedger(project.state_dir / LEDGER_DIR)
        self.report = AnnounceReport(config.kanal, config.cadangan)

    # -- ledger helpers ---------------------------------------------------------------
    def _write_all(self, post_ids: Sequence[str], kanal: str, **changes: Any) -> None:
        for pid in post_ids:
            self.ledger.update(pid, kanal, self.now, **changes)

    def _open_entry(self, post_id: str) -> LedgerEntry | None:
        """A record of an earlier run that is done or undecided (done wins)."""
        entries = self.ledger.entries(post_id)
        for e in entries:
            if e.status == DONE:
                return e
        for e in entries:
            if e.status in (SENDING, UNKNOWN):
                return e
        return None

    # -- sending ----------------------------------------------------------------------
    def send(self, kanal: str, channel: Channel, msg: Rendered) -> _Attempt:
        """Send ``msg`` on ``channel`` with write-ahead ledger records and safe retries only."""
        out = Outgoing(post_id=msg.post_ids[0] if len(msg.post_ids) == 1 else "ringkasan-" + msg.post_ids[0]
                       .replace("/", "__"), kanal=kanal, text=msg.text, link=msg.link, title=msg.title,
                       extra={"posts": list(msg.post_ids)})
        progres: dict[str, Any] = {"teks": msg.text, "pos": list(msg.post_ids)}

        def progress(data: dict[str, Any]) -> None:
            progres.update(data)
            self._write_all(msg.post_ids, kanal, progres=dict(progres))

        attempts = self.config.maks_percobaan
        previous = {pid: self.ledger.get(pid, kanal).percobaan for pid in msg.post_ids}
        for n in range(1, attempts + 1):
            for pid in msg.post_ids:
                self.ledger.update(pid, kanal, self.now, status=SENDING, kunci=out.key, progres=dict(progres),
                                   percobaan=previous[pid] + n, galat=None)
            try:
                delivery = channel.send(out, progress, dict(progres))
            except ChannelError as exc:
                galat = scrub(exc.pesan)
                if exc.retryable and n < attempts:
                    wait = exc.tunggu if exc.tunggu is not None else BACKOFF_SECONDS[min(n - 1, 3)]
                    if wait <= MAX_WAIT_SECONDS:
                        # Nothing reached the gateway: record that, so a kill during the wait is not "unknown".
                        self._write_all(msg.post_ids, kanal, status=PENDING, galat=galat)
                        self.sleep(wait)
                        continue
                if exc.jenis in (MANUAL, "tidak-pasti"):
                    self._write_all(msg.post_ids, kanal, status=UNKNOWN, galat=galat)
                    return _Attempt(WAITING_MANUAL if exc.jenis == MANUAL else UNCERTAIN, error=exc, progres=progres)
                self._write_all(msg.post_ids, kanal, status=FAILED, galat=galat)
                return _Attempt(FAILED_RESULT, error=exc, progres=progres)
            self._write_all(msg.post_ids, kanal, status=DONE, remote_id=delivery.remote_id, url=delivery.url,
                            galat=None)
            return _Attempt(SENT, delivery=delivery, progres=progres)
        raise AssertionError("unreachable")  # pragma: no cover

    def channel(self, kanal: str) -> Channel:
        """The adapter for ``kanal`` (ConfigError when it cannot be built)."""
        try:
            return self.channels[kanal]
        except KeyError:
            raise ConfigError(f"kanal '{kanal}' tidak tersedia pada jalannya perintah ini") from None

    # -- finishing --------------------------------------------------------------------
    def finish(self, post: Post, kanal: str, catatan: str) -> str | None:
        """Append ``diumumkan`` to riwayat and write the post; the error text when that fails."""
        try:
            fresh = read_post(post.path, self.project.content_dir)
            if fresh.status != TO_STATE:
                waktu = self.now
                last = fresh.last_change
                if last is not None and waktu <= last:
                    # Same policy as publishing: a clock lagging behind the upload record must not block this one.
                    waktu = last + timedelta(seconds=1)
                meta = apply_transition(self.project.sop, self.project.people, fresh.meta, TO_STATE, self.announcer,
                                        waktu, catatan)
                write_post(post.path, meta, fresh.body)
        except JdihError as exc:
            return exc.pesan
        except OSError as exc:
            return f"{post.path} tidak dapat ditulis ({exc.strerror or type(exc).__name__})"
        self.ledger.forget(post.id)
        return None

    def result(self, post: Post, kanal: str, hasil: str, **kw: Any) -> AnnounceResult:
        """Record and return one post's result."""
        r = AnnounceResult(post.id, post.judul, kanal, hasil, **kw)
        self.report.results.append(r)
        return r

    def settle(self, post: Post, kanal: str, hasil: str, catatan: str, **kw: Any) -> None:
        """Finish a delivered post and report it (a failing front-matter write is reported as such)."""
        problem = self.finish(post, kanal, catatan)
        if problem:
            self.result(post, kanal, FAILED_RESULT,
                        pesan=f"pesan sudah terkirim, tetapi riwayat belum dapat ditulis: {problem}",
                        saran="Perbaiki masalahnya lalu jalankan `jdih umumkan` lagi (pesan tidak dikirim ulang).")
        else:
            self.result(post, kanal, hasil, **kw)


def _catatan(kanal: str, extra: str = "") -> str:
    return f"diumumkan lewat {CHANNEL_NAMES.get(kanal, kanal)}{extra}"


def announce_all(
    project: Project,
    channels: Mapping[str, Channel],
    now: datetime,
    dry_run: bool = False,
    *,
    config: AnnounceConfig | None = None,
    only: Sequence[str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> AnnounceReport:
    """Announce every post in ``diunggah`` (see the module docstring for the guarantees).

    ``channels`` maps channel names to adapters (it may build them lazily); ``dry_run``
    renders the messages and touches nothing, not even the ledger.
    """
    if now.tzinfo is None:
        raise UsageError("waktu 'now' harus memiliki zona waktu")
    config = config or load_config(project.root / "sop")
    announcer = default_announcer(project, config)
    _check_only(project, only)
    posts = pending_posts(project, only)
    run = _Announcer(project, config, channels, now, sleep, announcer)
    run.report.peringatan = unreadable_posts(project)

    if dry_run:
        msgs = render_messages(project, config, posts, config.ringkasan)
        run.report.messages = msgs
        for p in posts:
            run.result(p, config.kanal, PREVIEW)
        return run.report
    if not posts:
        return run.report

    by_id = {p.id: p for p in posts}
    # Build the primary adapter first: missing credentials stop the run before anything is touched.
    primary = run.channel(config.kanal)
    with run_lock(project.state_dir):
        fresh: list[Post] = []
        for post in posts:
            entry = run._open_entry(post.id)
            if entry is None:
                fresh.append(post)
            elif entry.status == DONE:
                run.settle(post, entry.kanal, ALREADY, _catatan(entry.kanal), remote_id=entry.remote_id,
                           pesan="terkirim pada jalannya sebelumnya; riwayat dilengkapi")
            elif _reconcile(run, post, entry):
                fresh.append(post)
        # Render only now: posts settled above are done; templates fail before anything is sent.
        messages = render_messages(project, config, fresh, config.ringkasan)
        run.report.messages = messages
        for msg in messages:
            group = [by_id[i] for i in msg.post_ids]
            attempt = run.send(config.kanal, primary, msg)
            _conclude(run, group, msg, config.kanal, attempt)
    return run.report


def _reconcile(run: _Announcer, post: Post, entry: LedgerEntry) -> bool:
    """Settle an undecided record; True when the post must be sent (it surely was not)."""
    text = entry.progres.get("teks") if isinstance(entry.progres.get("teks"), str) else None
    raw_ids = entry.progres.get("pos")
    ids: list[str] = [str(i) for i in raw_ids] if isinstance(raw_ids, list) and raw_ids else [post.id]
    manual_link = entry.progres.get("wa_me") if entry.progres.get("manual") else None
    try:
        channel = run.channel(entry.kanal)
        if text is None:
            raise ChannelError("teks pesan yang dikirim sebelumnya tidak tercatat", kanal=entry.kanal,
                               jenis="tidak-pasti")
        out = Outgoing(post_id=post.id if len(ids) == 1 else "ringkasan-" + str(ids[0]).replace("/", "__"),
                       kanal=entry.kanal, text=text, title=post.judul, extra={"posts": ids})
        delivery = channel.reconcile(out, dict(entry.progres))
    except ChannelError as exc:
        status_text = scrub(exc.pesan)
        run.ledger.update(post.id, entry.kanal, run.now, status=UNKNOWN, galat=status_text)
        if exc.jenis == MANUAL or manual_link:
            run.result(post, entry.kanal, WAITING_MANUAL, pesan=status_text, saran=exc.saran, wa_me=manual_link,
                       berkas=entry.progres.get("berkas"))
        else:
            run.result(post, entry.kanal, UNCERTAIN,
                       pesan=f"jalannya sebelumnya terhenti saat mengirim; {status_text}", saran=exc.saran)
        return False
    except ConfigError as exc:
        run.result(post, entry.kanal, UNCERTAIN, pesan=f"jalannya sebelumnya terhenti saat mengirim; {exc.pesan}",
                   saran="Periksa grup, lalu `jdih umumkan --terkirim` atau `--belum-terkirim` untuk konten ini.")
        return False
    if delivery is None:
        # The channel says it never arrived: safe to send (again).
        run.ledger.update(post.id, entry.kanal, run.now, status=FAILED,
                          galat="tidak ditemukan di grup saat diperiksa ulang")
        return True
    run.ledger.update(post.id, entry.kanal, run.now, status=DONE, remote_id=delivery.remote_id, url=delivery.url)
    run.settle(post, entry.kanal, SENT, _catatan(entry.kanal), remote_id=delivery.remote_id,
               pesan="dipastikan sudah masuk grup saat diperiksa ulang")
    return False


def _conclude(run: _Announcer, group: list[Post], msg: Rendered, kanal: str, attempt: _Attempt) -> None:
    """Finish or report the posts of one message, using the fallback after a definite failure."""
    err = attempt.error
    if attempt.hasil == SENT and attempt.delivery:
        for post in group:
            run.settle(post, kanal, SENT, _catatan(kanal), remote_id=attempt.delivery.remote_id)
        return
    if attempt.hasil == WAITING_MANUAL:
        for post in group:
            run.result(post, kanal, WAITING_MANUAL, pesan=err.pesan if err else "", saran=err.saran if err else None,
                       wa_me=attempt.progres.get("wa_me"), berkas=attempt.progres.get("berkas"))
        return
    if attempt.hasil == UNCERTAIN:
        for post in group:
            run.result(post, kanal, UNCERTAIN, pesan=scrub(err.pesan) if err else "", saran=err.saran if err else None)
        return
    # Definite failure: the fallback channel, if any.
    primary_error = scrub(err.pesan) if err else "gagal"
    fallback = run.config.cadangan
    if not fallback:
        for post in group:
            run.result(post, kanal, FAILED_RESULT, pesan=primary_error, saran=err.saran if err else None)
        return
    try:
        channel = run.channel(fallback)
    except ConfigError as exc:
        for post in group:
            run.result(post, kanal, FAILED_RESULT, pesan=f"{primary_error}; kanal cadangan {fallback} tidak dapat "
                       f"dipakai: {exc.pesan}", saran=err.saran if err else None)
        return
    second = run.send(fallback, channel, msg)
    if second.hasil == SENT and second.delivery:
        note = f" (cadangan, karena {CHANNEL_NAMES.get(kanal, kanal)} gagal)"
        for post in group:
            run.settle(post, fallback, SENT_FALLBACK, _catatan(fallback, note), remote_id=second.delivery.remote_id,
                       cadangan_dari=kanal, pesan=f"kanal utama gagal: {primary_error}")
        return
    e2 = second.error
    hasil = UNCERTAIN if second.hasil == UNCERTAIN else WAITING_MANUAL if second.hasil == WAITING_MANUAL \
        else FAILED_RESULT
    for post in group:
        run.result(post, fallback, hasil, cadangan_dari=kanal,
                   pesan=f"kanal utama gagal: {primary_error}; cadangan: {scrub(e2.pesan) if e2 else ''}",
                   saran=(e2.saran if e2 else None) or (err.saran if err else None),
                   wa_me=second.progres.get("wa_me"), berkas=second.progres.get("berkas"))


# -- a person's decision ------------------------------------------------------------------


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
        import difflib

        close = difflib.get_close_matches(ref_clean, [p.id for p in posts], n=3, cutoff=0.6)
        hint = f"Maksud Anda: {', '.join(close)}? " if close else ""
        raise UsageError(f"konten '{ref}' tidak ditemukan di content/",
                         saran=hint + "Sebutkan id konten seperti 2026/nama-konten (lihat `jdih status`).")
    if len(candidates) > 1:
        raise UsageError(f"'{ref}' cocok dengan beberapa konten: {', '.join(p.id for p in candidates)}; "
                         "sebutkan lengkap dengan tahunnya")
    return candidates[0]


def confirm_sent(project: Project, refs: Sequence[str], now: datetime, *,
                 config: AnnounceConfig | None = None, oleh: str | None = None) -> AnnounceReport:
    """A person confirms the announcement is in the group (manual send, or an uncertain one checked).

    Every post announced by the same message (a digest) is confirmed with it. ``oleh`` is the
    person confirming (from their git identity); when they may not make the step, the
    configured ``pengumum`` is recorded instead.
    """
    config = config or load_config(project.root / "sop")
    announcer = default_announcer(project, config)
    if oleh:
        try:
            check_transition(project.sop, project.people, FROM_STATE, TO_STATE, oleh)
            announcer = oleh
        except TransitionError:
            pass
    run = _Announcer(project, config, {}, now, time.sleep, announcer)
    with run_lock(project.state_dir):
        # Check every named post before writing anything: one typo must not leave half the list confirmed.
        chosen = [find_post(project, ref) for ref in refs]
        for post in chosen:
            if post.status != FROM_STATE:
                raise UsageError(f"konten {post.id} berstatus '{post.status}', bukan '{FROM_STATE}'; tidak ada "
                                 "pengumuman yang menunggu konfirmasi")
        done: set[str] = set()
        for post in chosen:
            if post.id in done:
                continue
            entry = run._open_entry(post.id)
            kanal = entry.kanal if entry else config.kanal
            ids = [post.id]
            if entry and isinstance(entry.progres.get("pos"), list):
                ids = [str(i) for i in entry.progres["pos"]]
            all_posts = {p.id: p for p in pending_posts(project)}
            for pid in ids:
                target = all_posts.get(pid)
                if target is None or pid in done:
                    continue
                run.ledger.update(pid, kanal, now, status=DONE, remote_id="konfirmasi-manual", galat=None)
                run.settle(target, kanal, CONFIRMED, _catatan(kanal, "; dikonfirmasi terkirim oleh pengelola"),
                           pesan="dikonfirmasi terkirim")
                done.add(pid)
    return run.report


def mark_not_sent(project: Project, refs: Sequence[str], now: datetime, *,
                  config: AnnounceConfig | None = None) -> AnnounceReport:
    """A person checked the group and the message is not there: the next run sends it again."""
    config = config or load_config(project.root / "sop")
    run = _Announcer(project, config, {}, now, time.sleep, "")
    with run_lock(project.state_dir):
        chosen: list[tuple[Post, LedgerEntry]] = []
        for ref in refs:  # check all before changing any record
            post = find_post(project, ref)
            open_entry = run._open_entry(post.id)
            if open_entry is None or open_entry.status == DONE:
                raise UsageError(f"konten {post.id} tidak punya pengiriman yang menunggu keputusan",
                                 saran="`--belum-terkirim` hanya untuk pengiriman berstatus tidak pasti.")
            chosen.append((post, open_entry))
        for post, entry in chosen:
            raw_ids = entry.progres.get("pos")
            ids: list[str] = [str(i) for i in raw_ids] if isinstance(raw_ids, list) and raw_ids else [post.id]
            for pid in ids:
                e = run.ledger.get(str(pid), entry.kanal)
                if e.status in (SENDING, UNKNOWN):
                    run.ledger.update(str(pid), entry.kanal, now, status=FAILED,
                                      galat="dinyatakan belum terkirim oleh pengelola")
            run.result(post, entry.kanal, RESET, pesan="akan dikirim pada `jdih umumkan` berikutnya")
    return run.report
