"""The one delivery engine: send a message on a channel exactly once, whoever calls.

Callers (publishing to the platforms, announcing to the office group, later personal reminders)
choose what to send and build the :class:`~jdih.channels.base.Outgoing`; this module does the rest
the same way for all of them:

- **one run lock** (:func:`run_lock`): an OS lock (``fcntl.flock``) on ``.jdih/jalan.lock``, held
  from reading the posts to writing the result; a killed process releases it with its file
  descriptor. A second run waits for the first, then finds nothing left to do.
- **one ledger** (:class:`jdih.ledger.Ledger` under ``.jdih/buku-besar/``), one record per
  (key, channel); each caller keeps its records under its own key namespace.
- **one retry policy** (:class:`RetryPolicy`): only failures that created nothing (``ulang``,
  ``batas``) are retried, honouring the channel's wait (Retry-After) up to a maximum.
- **one result vocabulary** (:data:`DONE`, :data:`FAILED`, :data:`UNKNOWN`, :data:`MANUAL`).

Exactly once, per (key, channel):

1. the ``mengirim`` record is written before the create call (by the engine, or, for channels that
   upload first, when the channel reports the create stage through ``progress``); the remote id is
   written the moment the call returns;
2. a ``mengirim``/``tidak-pasti`` record found at start is reconciled with the channel before
   anything is sent again; when the channel cannot tell, it stays ``tidak-pasti`` for a person;
3. a ``selesai`` record of an earlier run is a hint, never proof (the ledger is untrusted input):
   with ``confirm_done`` the channel must confirm the object by its id (``reconcile`` with
   ``remote_id`` in the state) before its link is used.

A personal reminder "exactly once per (post, step, threshold)" is one more caller: key
``pengingat/<post>/<step>/<threshold>``, channel = the person's channel, :meth:`Engine.deliver`.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .channels.base import MANUAL as CHANNEL_MANUAL
from .channels.base import REMOTE_ID, STAGE, STAGE_CREATE, Channel, Delivery, Outgoing
from .errors import ChannelError, ConfigError, UsageError
from .files import remove_stale_temps
from .ledger import DONE as RECORD_DONE
from .ledger import FAILED as RECORD_FAILED
from .ledger import PENDING, SENDING, Ledger, LedgerEntry, RepairAdvice
from .ledger import UNKNOWN as RECORD_UNKNOWN
from .people import People, Person
from .post import parse_time, write_post
from .project import Project
from .redact import scrub
from .sop_model import Sop, Transition, role_names
from .workflow import apply_transition

# -- one result vocabulary ---------------------------------------------------------------
DONE = "selesai"  # delivered (now, or confirmed from an earlier run)
FAILED = "gagal"  # surely not delivered; safe to try again later
UNKNOWN = "tidak-pasti"  # may or may not have arrived: a person decides, nothing is resent
MANUAL = "menunggu-manual"  # prepared for a person to send by hand

LEDGER_DIR = "buku-besar"
LOCK_FILE = "jalan.lock"
MANUAL_REMOTE_ID = "manual"  # a person's verdict: no platform id, the link they checked by hand

Sleep = Callable[[float], None]


# -- the run lock ------------------------------------------------------------------------
@contextmanager
def run_lock(state_dir: Path, *, wait: float = 600.0, sleep: Sleep = time.sleep, poll: float = 0.2,
             on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the checkout's delivery lock (waiting up to ``wait`` seconds for another run;
    ``on_wait`` is called once when the wait begins, so a person knows why nothing happens)."""
    ledger = Ledger(state_dir / LEDGER_DIR)
    ledger.check_folder()  # `.jdih` itself must be a real folder
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        waited = 0.0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if waited >= wait:
                    raise UsageError(
                        f"perintah pengiriman lain masih berjalan di folder ini (kunci {state_dir.name}/{LOCK_FILE})",
                        hint="Tunggu sampai perintah itu selesai, lalu jalankan ulang.",
                    ) from None
                if waited == 0 and on_wait is not None:
                    on_wait()
                sleep(poll)
                waited += poll
        # Under the lock nobody else writes the ledger: leftovers of a killed writer can go. Other
        # commands may write beside it in the state folder: only stale leftovers go there.
        ledger.clean_temps()
        remove_stale_temps(state_dir)
        yield
    finally:
        os.close(fd)  # releases the flock


# -- retry policy ------------------------------------------------------------------------
@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a failure that created nothing."""

    max_attempts: int = 4
    delays: tuple[float, ...] = (2.0, 4.0, 8.0)  # wait before the 2nd, 3rd, ... attempt
    max_wait: float = 120.0  # a longer wait (e.g. a 1-hour rate limit) ends the attempt

    @classmethod
    def doubling(cls, max_attempts: int, first: float, max_wait: float) -> RetryPolicy:
        """``first``, 2×, 4×, ... between attempts."""
        n = max(1, max_attempts)
        return cls(n, tuple(first * 2**i for i in range(max(n - 1, 1))), max_wait)

    def wait_for(self, exc: ChannelError, attempt: int) -> float | None:
        """Seconds to wait before retrying after ``attempt`` failed, None when not retrying."""
        if not exc.retryable or attempt >= self.max_attempts:
            return None
        wait = exc.retry_after if exc.retry_after is not None else self.delays[min(attempt - 1, len(self.delays) - 1)]
        return wait if wait <= self.max_wait else None


# -- outcomes ----------------------------------------------------------------------------
@dataclass
class Outcome:
    """What happened to one message on one channel."""

    status: str  # DONE | FAILED | UNKNOWN | MANUAL
    delivery: Delivery | None = None
    error: ChannelError | None = None
    state: dict[str, Any] = field(default_factory=dict)  # progress recorded on the way
    earlier: bool = False  # settled from an earlier run's record, nothing sent now

    @property
    def ok(self) -> bool:
        """Delivered."""
        return self.status == DONE


# (channel, url) -> does ``url`` look like a post of ``channel``? (a person's link is checked before it is trusted)
LinkCheck = Callable[[str, str], bool]


def ledger_for(state_dir: Path, advice: RepairAdvice | None = None) -> Ledger:
    """The shared in-flight ledger of this checkout (``.jdih/buku-besar/``)."""
    return Ledger(state_dir / LEDGER_DIR, advice)


def after_last_entry(now: datetime, meta: dict[str, Any]) -> datetime:
    """``now``, or one second after the last ``riwayat`` entry when the clock is behind it (a clock
    lagging behind the previous step must not block recording this one)."""
    history = meta.get("riwayat") or []
    last = parse_time(history[-1].get("waktu")) if history and isinstance(history[-1], dict) else None
    return last + timedelta(seconds=1) if last is not None and now <= last else now


def record_delivered_step(project: Project, path: Path, meta: dict[str, Any], body: str, step: Transition,
                          actor: str, now: datetime, note: str | None = None) -> None:
    """Append ``step`` to the post's ``riwayat`` (timed after its last entry) and write the post: how
    every caller of the engine records the SOP step once the delivery is done."""
    new = apply_transition(project.sop, project.people, meta, step.target, actor, after_last_entry(now, meta), note)
    write_post(path, new, body)
    remove_stale_temps(path.parent)  # leftovers of a writer killed earlier (ignored by git anyway)


def unsure_text(message: str) -> str:
    """A reconcile failure worded for an uncertain record (the adapter's text may say "safe to retry",
    which is true of the check, not of the message)."""
    base = message.replace("; aman untuk diulang", "")
    return f"{base}; belum dapat dipastikan apakah kiriman sebelumnya sudah sampai"


@dataclass(eq=False)
class Engine:
    """Delivers messages through the ledger (see the module docstring).

    ``write_ahead``: record ``mengirim`` before every send call (False: the channel reports the
    create stage itself, so uploads before it are not "unknown"); ``confirm_done``: a ``selesai``
    record of an earlier run must be confirmed by the channel; ``link_ok``: checks a person's
    recorded link against the channel's URL shape."""

    ledger: Ledger
    now: datetime
    sleep: Sleep
    policy: RetryPolicy
    _: KW_ONLY
    write_ahead: bool = True
    confirm_done: bool = False
    link_ok: LinkCheck | None = None

    # -- the whole job ----------------------------------------------------------------------
    def deliver(self, keys: Sequence[str], msg: Outgoing, channel: Channel,
                extra_progress: dict[str, Any] | None = None) -> Outcome:
        """Deliver ``msg`` once for every key in ``keys`` (one message may stand for several keys);
        ``extra_progress``: what the caller records with the attempt (e.g. the text, to reconcile later)."""
        entry = self.ledger.get(keys[0], msg.channel)
        if entry.status == RECORD_DONE:
            return self.confirm(keys, msg, channel, entry)
        if entry.status in (SENDING, RECORD_UNKNOWN):
            settled = self.reconcile(keys, msg, channel, entry)
            if settled is not None:
                return settled
            entry = self.ledger.get(keys[0], msg.channel)
        return self.send(keys, msg, channel, entry, extra_progress)

    # -- an earlier run's records ----------------------------------------------------------
    def confirm(self, keys: Sequence[str], msg: Outgoing, channel: Channel, entry: LedgerEntry) -> Outcome:
        """A ``selesai`` record: trusted only once the channel confirms it (or a person's checked link)."""
        if not self.confirm_done:
            return Outcome(DONE, Delivery(entry.remote_id or "", entry.url), earlier=True)
        if entry.remote_id == MANUAL_REMOTE_ID:
            if entry.url and self.link_ok is not None and self.link_ok(msg.channel, entry.url):
                return Outcome(DONE, Delivery(MANUAL_REMOTE_ID, entry.url), earlier=True)
            return self._unconfirmed(keys, msg, f"tautan tercatat ({entry.url!r}) bukan alamat pos {msg.channel}")
        if not entry.remote_id:
            return self._unconfirmed(keys, msg, "catatan tidak menyebut id pos di platform")
        state = {**entry.progress, REMOTE_ID: entry.remote_id}
        try:
            found = self._retrying(lambda: channel.reconcile(msg, state))
        except ChannelError as exc:
            return self._unconfirmed(keys, msg, f"platform tidak dapat memastikannya ({scrub(exc.message)})")
        if found is None:
            return self._unconfirmed(keys, msg, f"platform tidak menemukan pos dengan id {entry.remote_id}")
        if found.url != entry.url or found.remote_id != entry.remote_id:
            self._write(keys, msg.channel, remote_id=found.remote_id, url=found.url)
        return Outcome(DONE, found, earlier=True)

    def _unconfirmed(self, keys: Sequence[str], msg: Outgoing, why: str) -> Outcome:
        message = f"{msg.channel}: buku besar mencatat kiriman ini selesai, tetapi {why}; tautannya tidak dipakai"
        self._write(keys, msg.channel, status=RECORD_UNKNOWN, error=scrub(message))
        return Outcome(UNKNOWN, error=ChannelError(message, channel=msg.channel, kind="tidak-pasti"))

    def reconcile(self, keys: Sequence[str], msg: Outgoing, channel: Channel, entry: LedgerEntry) -> Outcome | None:
        """An undecided record: the channel says it arrived (DONE), it surely did not (None: the
        record is reset and the caller may send), or it cannot tell (UNKNOWN / MANUAL)."""
        state = dict(entry.progress)
        if entry.remote_id:
            state[REMOTE_ID] = entry.remote_id
        try:
            found = self._retrying(lambda: channel.reconcile(msg, state))
        except ChannelError as exc:
            message = scrub(unsure_text(exc.message)) if exc.kind != CHANNEL_MANUAL else scrub(exc.message)
            self._write(keys, msg.channel, status=RECORD_UNKNOWN, error=message)
            status = MANUAL if exc.kind == CHANNEL_MANUAL or entry.progress.get("manual") else UNKNOWN
            err = ChannelError(message, channel=msg.channel, kind=exc.kind, hint=exc.hint)
            return Outcome(status, error=err, state=dict(entry.progress))
        if found is not None:
            self._write(keys, msg.channel, status=RECORD_DONE, remote_id=found.remote_id, url=found.url, error=None)
            return Outcome(DONE, found, state=dict(entry.progress))
        self._write(keys, msg.channel, status=PENDING, error=None,
                    progress={k: v for k, v in entry.progress.items() if k != STAGE})
        return None

    # -- sending ------------------------------------------------------------------------------
    def send(self, keys: Sequence[str], msg: Outgoing, channel: Channel, entry: LedgerEntry | None = None,
             extra_progress: dict[str, Any] | None = None) -> Outcome:
        """Send with write-ahead records, retrying only what created nothing."""
        channel_name = msg.channel
        entry = entry or self.ledger.get(keys[0], channel_name)
        base = _merged({k: v for k, v in entry.progress.items() if k != STAGE}, extra_progress or {})
        state: dict[str, Any] = dict(base)
        if entry.remote_id:
            state[REMOTE_ID] = entry.remote_id
        # Progress that creates nothing public (uploads, containers) is kept in memory and written
        # with the next durable record: losing it to a crash only means re-uploading, never a
        # duplicate; this halves the fsyncs per delivery.
        pending: dict[str, Any] = {}
        attempts = entry.attempts

        def progress(changes: dict[str, Any]) -> None:
            changes = dict(changes)
            stage = changes.pop(STAGE, None)
            remote_id = changes.pop(REMOTE_ID, None)
            state.update(changes)
            pending.update(changes)
            if self.write_ahead and remote_id is None:
                self._write(keys, channel_name, progress=_merged(base, pending))
                return
            if stage != STAGE_CREATE and remote_id is None:
                return
            fields: dict[str, Any] = {"progress": _merged(self.ledger.get(keys[0], channel_name).progress, pending),
                                      "key": msg.key, "attempts": attempts, "error": None}
            if stage == STAGE_CREATE:
                fields["status"] = SENDING
            if remote_id is not None:
                fields["remote_id"] = state[REMOTE_ID] = str(remote_id)
            pending.clear()
            self._write(keys, channel_name, **fields)

        attempt = 0
        while True:
            attempt += 1
            attempts += 1
            if self.write_ahead:
                self._write(keys, channel_name, status=SENDING, key=msg.key, attempts=attempts, error=None,
                            progress=_merged(base, pending))
            try:
                delivery = channel.send(msg, progress, state)
            except ChannelError as exc:
                wait = self.policy.wait_for(exc, attempt)
                error = scrub(exc.message)
                if wait is not None:
                    # Nothing reached the channel: say so, so a kill during the wait is not "unknown".
                    if self.write_ahead:
                        self._write(keys, channel_name, status=PENDING, error=error)
                    self.sleep(wait)
                    continue
                unsure = exc.kind in ("tidak-pasti", CHANNEL_MANUAL)
                self._write(keys, channel_name, status=RECORD_UNKNOWN if unsure else RECORD_FAILED, error=error,
                            key=msg.key, attempts=attempts,
                            progress=_merged(self.ledger.get(keys[0], channel_name).progress, pending))
                status = MANUAL if exc.kind == CHANNEL_MANUAL else UNKNOWN if unsure else FAILED
                return Outcome(status, error=exc, state=dict(state))
            except Exception as exc:  # an adapter bug must not lose the record
                # Unexpected: if the create call may have gone out, the outcome is unknown.
                current = self.ledger.get(keys[0], channel_name)
                started = self.write_ahead or current.status == SENDING or bool(current.remote_id)
                message = scrub(f"{channel_name}: galat tak terduga ({type(exc).__name__}: {exc})")
                self._write(keys, channel_name, status=RECORD_UNKNOWN if started else RECORD_FAILED, error=message)
                err = ChannelError(message, channel=channel_name, kind="tidak-pasti" if started else "gagal")
                return Outcome(UNKNOWN if started else FAILED, error=err, state=dict(state))
            self._write(keys, channel_name, status=RECORD_DONE, remote_id=delivery.remote_id, url=delivery.url,
                        error=None, key=msg.key,
                        progress=_merged(self.ledger.get(keys[0], channel_name).progress, pending))
            return Outcome(DONE, delivery, state=dict(state))

    # -- a person's verdict ---------------------------------------------------------------
    def settle_by_person(self, key: str, channel: str, *, delivered: bool, url: str | None = None,
                         remote_id: str = MANUAL_REMOTE_ID, note: str = "") -> Path | None:
        """Record what a person checked by hand: delivered (``url``: the link they saw) or not (the
        next run sends). Works on a damaged record too (it is replaced; a copy is kept and returned)."""
        damaged = self.ledger.damaged(key, channel)
        old = None if damaged else self.ledger.get(key, channel)
        entry = LedgerEntry(key, channel)
        if old is not None:
            entry.key, entry.attempts, entry.progress = old.key, old.attempts, {
                k: v for k, v in old.progress.items() if k != STAGE}
        if delivered:
            entry.status, entry.url, entry.remote_id = RECORD_DONE, url, remote_id
        else:
            entry.status, entry.remote_id = RECORD_FAILED, None
        entry.error = note or None
        if damaged:
            return self.ledger.replace_damaged(entry, self.now)
        self.ledger.put(entry, self.now)
        return None

    # -- helpers ------------------------------------------------------------------------------
    def _write(self, keys: Sequence[str], channel: str, **changes: Any) -> None:
        for key in keys:
            self.ledger.update(key, channel, self.now, **changes)

    def _retrying(self, fn: Callable[[], Delivery | None]) -> Delivery | None:
        """Run a reconcile call, retrying what is safe; a check that keeps failing is "unknown"."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except ChannelError as exc:
                wait = self.policy.wait_for(exc, attempt)
                if wait is None:
                    if exc.retryable:  # reconciling itself never creates; still unknown
                        raise ChannelError(exc.message, channel=exc.channel, kind="tidak-pasti",
                                           hint=exc.hint) from None
                    raise
                self.sleep(wait)


def _merged(progress: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``progress`` updated with ``changes`` (a None value removes the key)."""
    out = dict(progress)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


# -- the SOP step a caller records, and who may record it ---------------------------------
def step_for(sop: Sop, command: str) -> Transition:
    """The one SOP transition made by ``command`` (sop/alur.yml), or a clear error."""
    found = sop.transitions_for_command(command)
    if len(found) != 1:
        raise ConfigError(
            f"sop/alur.yml harus memuat tepat satu transisi dengan `perintah: {command}` (ada {len(found)})",
            file=sop.source,
        )
    return found[0]


def check_actor(sop: Sop, people: People, step: Transition, person_id: str, how: str = "") -> Person:
    """The person recording ``step``; refused (before anything is sent) when their role may not."""
    allowed = role_names(sop, step.roles)
    choices = ", ".join(p.id for p in people.by_id.values() if p.has_role(*step.roles)) or "-"
    person = people.get(person_id)
    source = f" ({how})" if how else ""
    if person is None:
        raise ConfigError(
            f"'{person_id}'{source} tidak terdaftar di sop/peran.yml",
            hint=f"Langkah ini dicatat atas nama {allowed}: {choices}.",
        )
    if not person.has_role(*step.roles):
        raise ConfigError(
            f"'{person_id}' ({person.name}){source} bukan {allowed}; langkah ini hanya boleh dijalankan dan "
            f"dicatat oleh {allowed}",
            hint=f"Minta salah satu dari mereka menjalankannya: {choices}.",
        )
    return person
