"""`jdih umumkan` as a core function: announce every uploaded post exactly once.

Choose the posts waiting for the announcing step, render one message (or one digest), deliver it
through :class:`jdih.delivery.Engine` (ledger, retries, reconciliation, the run lock), then record
the SOP step. The step (source and target state, roles) comes from ``sop/alur.yml`` through the
caller; nothing here names a state or a role.

1. a ``selesai`` record left by an earlier run → only the front matter is finished (the record
   only ever suppresses a message; it never puts a link anywhere, so it is not re-confirmed);
2. a ``mengirim``/``tidak-pasti`` record → the channel is asked (``reconcile``) with the text
   recorded before the send; when it cannot tell, the run stops for that post and a person
   confirms (``--terkirim``) or denies (``--belum-terkirim``); nothing is ever resent blindly;
3. otherwise ``mengirim`` is written *before* the call and the result after it. Only failures
   where nothing can have reached the gateway are retried; a definite failure moves on to the
   configured fallback channel (never after an uncertain one).

The whole run holds the delivery lock from reading the posts to writing the results, so a second
run started meanwhile waits and then finds nothing left to announce.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..channels.announce import CHANNEL_NAMES
from ..channels.base import Channel, Outgoing
from ..delivery import DONE as DELIVERED
from ..delivery import (
    FAILED,
    MANUAL,
    UNKNOWN,
    Engine,
    Outcome,
    RetryPolicy,
    check_actor,
    ledger_for,
    record_delivered_step,
    run_lock,
)
from ..errors import ChannelError, ConfigError, JdihError, UsageError
from ..ledger import DONE, SENDING, Ledger, LedgerEntry
from ..ledger import UNKNOWN as RECORD_UNKNOWN
from ..post import Post, load_posts, read_post
from ..project import Project
from ..redact import scrub
from ..sop_model import Transition
from .config import AnnounceConfig, load_config
from .message import Rendered, Templates, post_context

MAX_WAIT_SECONDS = 120.0  # longest rate-limit wait honoured inside one run
BACKOFF_SECONDS = (2.0, 5.0, 10.0, 20.0)

# Outcomes in the report: the engine's words, plus how a delivered post got there.
SENT = "terkirim"
SENT_FALLBACK = "terkirim-cadangan"
ALREADY = "sudah-terkirim"
CONFIRMED = "dikonfirmasi"
WAITING_MANUAL = MANUAL
UNCERTAIN = UNKNOWN
FAILED_RESULT = FAILED
PREVIEW = "pratinjau"
RESET = "akan-dikirim-ulang"
OK_RESULTS = {SENT, SENT_FALLBACK, ALREADY, CONFIRMED, WAITING_MANUAL, PREVIEW, RESET}


class AnnounceLedger:
    """The shared ledger folder, with announcement records kept apart from publishing's.

    Records live under the key ``<namespace>/<post id>`` (the namespace is the announcing step's
    command, folder ``<namespace>__<tahun>__<slug>``), so the publisher cleaning up its own
    per-post records never deletes an undecided announcement, and neither side ever reads the
    other's channels as its own.
    """

    def __init__(self, directory: Path, namespace: str) -> None:
        self.namespace = namespace
        self.inner = Ledger(directory, self.advice)

    def advice(self, key: str, channel: str) -> str:
        """How a person replaces a damaged announcement record (never by deleting it)."""
        post_id = key.split("/", 1)[1] if key.startswith(f"{self.namespace}/") else key
        return (f"Periksa grup: bila pengumuman {post_id} SUDAH masuk, jalankan `jdih {self.namespace} --terkirim "
                f"{post_id}`; bila BELUM, `jdih {self.namespace} --belum-terkirim {post_id}`. Catatan rusak diganti "
                "(salinannya disimpan di .jdih/buku-besar-rusak/); jangan menghapusnya sendiri.")

    def key(self, post_id: str) -> str:
        """Ledger key of a post's announcement records."""
        return f"{self.namespace}/{post_id}"

    def get(self, post_id: str, channel: str) -> LedgerEntry:
        """The record of ``post_id`` on ``channel``."""
        return self.inner.get(self.key(post_id), channel)

    def update(self, post_id: str, channel: str, now: datetime, **changes: Any) -> LedgerEntry:
        """Read, change, write durably."""
        return self.inner.update(self.key(post_id), channel, now, **changes)

    def entries(self, post_id: str) -> list[LedgerEntry]:
        """The post's announcement records (announcement channels only)."""
        return [e for e in self.inner.entries(self.key(post_id)) if e.channel in CHANNEL_NAMES]

    def forget(self, post_id: str) -> None:
        """Remove the post's announcement records once the step is written."""
        self.inner.forget(self.key(post_id))


@dataclass
class AnnounceResult:
    """What happened to one post."""

    post_id: str
    title: str
    channel: str
    outcome: str
    message: str = ""
    hint: str | None = None
    remote_id: str | None = None
    fallback_from: str | None = None  # the primary channel that failed, when the fallback delivered
    wa_me: str | None = None
    path: str | None = None

    @property
    def ok(self) -> bool:
        """True unless failed or uncertain."""
        return self.outcome in OK_RESULTS


@dataclass
class AnnounceReport:
    """The outcome of one `jdih umumkan` run."""

    channel: str
    fallback: str | None
    results: list[AnnounceResult] = field(default_factory=list)
    messages: list[Rendered] = field(default_factory=list)
    # Posts that could not be read at all (``file:line: message``): they are not announced.
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing is uncertain."""
        return all(r.ok for r in self.results)


def choose_announcer(project: Project, config: AnnounceConfig, step: Transition, actor: str | None) -> str:
    """The person recorded in ``riwayat``: whoever runs the step (``actor``), else the configured
    ``pengumum`` (CI, where no person runs it); refused when their role may not make the step."""
    if actor:
        check_actor(project.sop, project.people, step, actor)
        return actor
    if not config.announcer:
        raise ConfigError("tidak diketahui siapa yang mengumumkan",
                          hint="Atur identitas git (git config user.email) atau JDIH_PENGUNGGAH, atau isi "
                          "`pengumum` di pengaturan pengumuman.")
    try:
        check_actor(project.sop, project.people, step, config.announcer, "pengumum")
    except ConfigError as exc:
        raise config.error("pengumum", f"pengumum '{config.announcer}' tidak dapat dipakai: {exc.message}",
                           hint=exc.hint) from None
    return config.announcer


def pending_posts(project: Project, source: str, only: Sequence[str] | None = None) -> list[Post]:
    """Posts in ``source`` (optionally only the given ids), oldest upload first."""
    posts, _errors = load_posts(project.content_dir)
    chosen = [p for p in posts if p.status == source]
    if only:
        wanted = {o.strip().strip("/") for o in only}
        chosen = [p for p in chosen if p.id in wanted or p.slug in wanted]
    return sorted(chosen, key=lambda p: (str(p.first_entered(project.sop.published_states) or ""), p.id))


def unreadable_posts(project: Project) -> list[str]:
    """``file:line: message`` of every post whose file cannot be read (it cannot be announced)."""
    _posts, errors = load_posts(project.content_dir)
    out = []
    for err in errors:
        where = err.location()
        with contextlib.suppress(ValueError):
            where = Path(err.file or "").resolve().relative_to(project.root.resolve()).as_posix() + (
                f":{err.line}" if err.line else "")
        out.append(f"{where}: {err.message}" if where else err.message)
    return out


def render_messages(project: Project, config: AnnounceConfig, posts: list[Post], digest: bool) -> list[Rendered]:
    """The message(s) for ``posts``: one each, or one digest when configured and more than one."""
    templates = Templates(project.root / "sop", config)
    contexts = [post_context(project, config, p) for p in posts]
    if digest and len(posts) > 1:
        text = templates.digest(contexts)
        ids = tuple(p.id for p in posts)
        return [Rendered(text, ids, f"{len(posts)} konten baru JDIH", contexts[0]["situs"])]
    return [Rendered(templates.single(c), (p.id,), p.title, c["situs"]) for p, c in zip(posts, contexts, strict=True)]


def outgoing(channel: str, text: str, post_ids: Sequence[str], title: str, link: str | None = None) -> Outgoing:
    """The channel message for ``post_ids`` (a digest is keyed by its first post)."""
    ids = list(post_ids)
    key = ids[0] if len(ids) == 1 else "ringkasan-" + ids[0].replace("/", "__")
    return Outgoing(post_id=key, channel=channel, text=text, link=link, title=title, extra={"posts": ids})


class Announcer:
    """One run: holds the ledger, the engine, the channels and the results."""

    def __init__(self, project: Project, config: AnnounceConfig, channels: Mapping[str, Channel], now: datetime,
                 sleep: Callable[[float], None], announcer: str, step: Transition) -> None:
        self.project = project
        self.config = config
        self.channels = channels
        self.now = now
        self.step = step
        self.announcer = announcer
        self.ledger = AnnounceLedger(ledger_for(project.state_dir).directory, step.command)
        policy = RetryPolicy(max(1, config.max_attempts), BACKOFF_SECONDS, MAX_WAIT_SECONDS)
        self.engine = Engine(self.ledger.inner, now, sleep, policy, write_ahead=True, confirm_done=False)
        self.report = AnnounceReport(config.channel, config.fallback)

    def open_entry(self, post_id: str) -> LedgerEntry | None:
        """A record of an earlier run that is done or undecided (done wins)."""
        entries = self.ledger.entries(post_id)
        for e in entries:
            if e.status == DONE:
                return e
        for e in entries:
            if e.status in (SENDING, RECORD_UNKNOWN):
                return e
        return None

    def channel(self, channel: str) -> Channel:
        """The adapter for ``channel`` (ConfigError when it cannot be built)."""
        try:
            return self.channels[channel]
        except KeyError:
            raise ConfigError(f"kanal '{channel}' tidak tersedia pada jalannya perintah ini") from None

    def send(self, channel_name: str, channel: Channel, msg: Rendered) -> Outcome:
        """Deliver ``msg`` on ``channel`` for all its posts (write-ahead, safe retries only)."""
        keys = [self.ledger.key(pid) for pid in msg.post_ids]
        out = outgoing(channel_name, msg.text, msg.post_ids, msg.title, msg.link)
        return self.engine.send(keys, out, channel, extra_progress={"teks": msg.text, "pos": list(msg.post_ids)})

    # -- finishing --------------------------------------------------------------------
    def finish(self, post: Post, note: str) -> str | None:
        """Append the step to riwayat and write the post; the error text when that fails."""
        try:
            fresh = read_post(post.path, self.project.content_dir)
            if fresh.status != self.step.target:
                record_delivered_step(self.project, post.path, fresh.meta, fresh.body, self.step, self.announcer,
                                      self.now, note)
        except JdihError as exc:
            return exc.message
        except OSError as exc:
            return f"{post.path} tidak dapat ditulis ({exc.strerror or type(exc).__name__})"
        self.ledger.forget(post.id)
        return None

    def result(self, post: Post, channel: str, outcome: str, *, message: str = "", hint: str | None = None,
               remote_id: str | None = None, fallback_from: str | None = None, wa_me: str | None = None,
               path: str | None = None) -> AnnounceResult:
        """Record and return one post's result."""
        r = AnnounceResult(post.id, post.title, channel, outcome, message, hint, remote_id, fallback_from, wa_me, path)
        self.report.results.append(r)
        return r

    def settle(self, post: Post, channel: str, outcome: str, note: str, *, message: str = "",
               remote_id: str | None = None, fallback_from: str | None = None) -> None:
        """Finish a delivered post and report it (a failing front-matter write is reported as such)."""
        problem = self.finish(post, note)
        if problem:
            self.result(post, channel, FAILED_RESULT,
                        message=f"pesan sudah terkirim, tetapi riwayat belum dapat ditulis: {problem}",
                        hint=f"Perbaiki masalahnya lalu jalankan `jdih {self.step.command}` lagi (pesan tidak "
                        "dikirim ulang).")
        else:
            self.result(post, channel, outcome, message=message, remote_id=remote_id, fallback_from=fallback_from)


def history_note(channel: str, extra: str = "") -> str:
    """The ``riwayat`` note of an announcement."""
    return f"diumumkan lewat {CHANNEL_NAMES.get(channel, channel)}{extra}"


def announce_all(
    project: Project,
    channels: Mapping[str, Channel],
    now: datetime,
    dry_run: bool = False,
    *,
    step: Transition | None = None,
    config: AnnounceConfig | None = None,
    only: Sequence[str] | None = None,
    actor: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    lock_wait: float = 600.0,
    on_wait: Callable[[], None] | None = None,
) -> AnnounceReport:
    """Announce every post waiting for ``step`` (see the module docstring for the guarantees).

    ``channels`` maps channel names to adapters (it may build them lazily); ``oleh`` is the person
    running the step (None: the configured ``pengumum``); ``step`` defaults to the SOP's transition
    after publishing; ``dry_run`` renders the messages and
    touches nothing, not even the ledger.
    """
    if now.tzinfo is None:
        raise UsageError("waktu 'now' harus memiliki zona waktu")
    config = config or load_config(project.root / "sop")
    step = step or project.sop.announcement
    announcer = choose_announcer(project, config, step, actor)
    run = Announcer(project, config, channels, now, sleep, announcer, step)
    if dry_run:
        check_only(project, step, only)
        posts = pending_posts(project, step.source or "", only)
        run.report.warnings = unreadable_posts(project)
        run.report.messages = render_messages(project, config, posts, config.summary)
        for p in posts:
            run.result(p, config.channel, PREVIEW)
        return run.report
    with run_lock(project.state_dir, wait=lock_wait, on_wait=on_wait):
        check_only(project, step, only)
        posts = pending_posts(project, step.source or "", only)
        run.report.warnings = unreadable_posts(project)
        if posts:
            _announce(run, posts)
    return run.report


def _announce(run: Announcer, posts: list[Post]) -> None:
    config = run.config
    by_id = {p.id: p for p in posts}
    # Build the primary adapter first: missing credentials stop the run before anything is touched.
    primary = run.channel(config.channel)
    fresh: list[Post] = []
    for post in posts:
        entry = run.open_entry(post.id)
        if entry is None:
            fresh.append(post)
        elif entry.status == DONE:
            run.settle(post, entry.channel, ALREADY, history_note(entry.channel), remote_id=entry.remote_id,
                       message="terkirim pada jalannya sebelumnya; riwayat dilengkapi")
        elif _reconcile(run, post, entry):
            fresh.append(post)
    # Render only now: posts settled above are done; templates fail before anything is sent.
    messages = render_messages(run.project, config, fresh, config.summary)
    run.report.messages = messages
    for msg in messages:
        group = [by_id[i] for i in msg.post_ids]
        _conclude(run, group, msg, config.channel, run.send(config.channel, primary, msg))


def _reconcile(run: Announcer, post: Post, entry: LedgerEntry) -> bool:
    """Settle an undecided record; True when the post must be sent (it surely was not)."""
    text = entry.progress.get("teks") if isinstance(entry.progress.get("teks"), str) else None
    raw_ids = entry.progress.get("pos")
    ids: list[str] = [str(i) for i in raw_ids] if isinstance(raw_ids, list) and raw_ids else [post.id]
    manual_link = entry.progress.get("wa_me") if entry.progress.get("manual") else None
    again = f"Periksa grup, lalu `jdih {run.step.command} --terkirim {post.id}` atau " \
            f"`jdih {run.step.command} --belum-terkirim {post.id}`."
    try:
        channel = run.channel(entry.channel)
        if text is None:
            raise ChannelError("teks pesan yang dikirim sebelumnya tidak tercatat", channel=entry.channel,
                               kind="tidak-pasti")
        out = outgoing(entry.channel, text, ids, post.title)
        settled = run.engine.reconcile([run.ledger.key(post.id)], out, channel, entry)
    except ChannelError as exc:
        status_text = scrub(exc.message)
        run.ledger.update(post.id, entry.channel, run.now, status=RECORD_UNKNOWN, error=status_text)
        settled = Outcome(UNKNOWN, error=exc)
    except ConfigError as exc:
        run.result(post, entry.channel, UNCERTAIN, message=f"jalannya sebelumnya terhenti saat mengirim; {exc.message}",
                   hint=again)
        return False
    if settled is None:
        return True  # the channel says it never arrived: safe to send (again)
    if settled.status == DELIVERED and settled.delivery is not None:
        run.settle(post, entry.channel, SENT, history_note(entry.channel), remote_id=settled.delivery.remote_id,
                   message="dipastikan sudah masuk grup saat diperiksa ulang")
        return False
    err = settled.error
    message = scrub(err.message) if err else ""
    if settled.status == MANUAL or manual_link:
        run.result(post, entry.channel, WAITING_MANUAL, message=message, hint=err.hint if err else None,
                   wa_me=manual_link, path=entry.progress.get("berkas"))
    else:
        run.result(post, entry.channel, UNCERTAIN, message=f"jalannya sebelumnya terhenti saat mengirim; {message}",
                   hint=(err.hint if err else None) or again)
    return False


def _conclude(run: Announcer, group: list[Post], msg: Rendered, primary: str, attempt: Outcome) -> None:
    """Finish or report the posts of one message, using the fallback after a definite failure."""
    err = attempt.error
    if attempt.status == DELIVERED and attempt.delivery:
        for post in group:
            run.settle(post, primary, SENT, history_note(primary), remote_id=attempt.delivery.remote_id)
        return
    if attempt.status == MANUAL:
        for post in group:
            run.result(post, primary, WAITING_MANUAL, message=err.message if err else "",
                       hint=err.hint if err else None, wa_me=attempt.state.get("wa_me"),
                       path=attempt.state.get("berkas"))
        return
    if attempt.status == UNKNOWN:
        for post in group:
            run.result(post, primary, UNCERTAIN, message=scrub(err.message) if err else "",
                       hint=err.hint if err else None)
        return
    # Definite failure: the fallback channel, if any.
    primary_error = scrub(err.message) if err else "gagal"
    fallback = run.config.fallback
    if not fallback:
        for post in group:
            run.result(post, primary, FAILED_RESULT, message=primary_error, hint=err.hint if err else None)
        return
    try:
        channel = run.channel(fallback)
    except ConfigError as exc:
        for post in group:
            run.result(post, primary, FAILED_RESULT, message=f"{primary_error}; kanal cadangan {fallback} tidak dapat "
                       f"dipakai: {exc.message}", hint=err.hint if err else None)
        return
    second = run.send(fallback, channel, msg)
    if second.status == DELIVERED and second.delivery:
        note = f" (cadangan, karena {CHANNEL_NAMES.get(primary, primary)} gagal)"
        for post in group:
            run.settle(post, fallback, SENT_FALLBACK, history_note(fallback, note), remote_id=second.delivery.remote_id,
                       fallback_from=primary, message=f"kanal utama gagal: {primary_error}")
        return
    e2 = second.error
    outcome = UNCERTAIN if second.status == UNKNOWN else WAITING_MANUAL if second.status == MANUAL else FAILED_RESULT
    for post in group:
        run.result(post, fallback, outcome, fallback_from=primary,
                   message=f"kanal utama gagal: {primary_error}; cadangan: {scrub(e2.message) if e2 else ''}",
                   hint=(e2.hint if e2 else None) or (err.hint if err else None),
                   wa_me=second.state.get("wa_me"), path=second.state.get("berkas"))


def check_only(project: Project, step: Transition, only: Sequence[str] | None) -> None:
    """Every ``--pos`` must name an existing post waiting for the step: a typo must not pass as
    "nothing to do"."""
    from .decisions import find_post

    for ref in only or ():
        post = find_post(project, ref)
        if post.status != step.source:
            before = next((t.command for t in project.sop.transitions if t.target == step.source), None)
            how = f" (`jdih {before}`)" if before else ""
            raise UsageError(
                f"konten {post.id} berstatus '{post.status}', bukan '{step.source}'; tidak ada yang diumumkan",
                hint=f"Hanya konten berstatus '{step.source}'{how} yang diumumkan; lihat `jdih status`.",
            )
