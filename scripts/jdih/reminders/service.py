"""`jdih ingatkan` as a core function: send every reminder that is due, exactly once.

Under the one delivery lock (:func:`jdih.delivery.run_lock`) the posts are read, the plan is made
(:func:`.plan.plan_reminders`) and every message goes through :meth:`jdih.delivery.Engine.deliver`
with the reminder's key, so a step finished meanwhile is never reminded, and a second run started
at the same time waits and then finds everything sent.

Exactly once per (post, step run, threshold, person): the ledger record of the key is looked up on
*any* channel first (a person who changed channel is not reminded again); a ``tidak-pasti`` record
of an earlier run is never resent (a reminder is not worth a duplicate); a ``mengirim`` record
(killed mid-call) is reconciled with the channel by the engine, with the text recorded before the
call. Outside office hours (the plan's ``quiet``) nothing is sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..channels.base import Channel, Outgoing
from ..delivery import DONE, MANUAL, UNKNOWN, Engine, RetryPolicy, ledger_for, run_lock
from ..errors import JdihError, UsageError
from ..ledger import DONE as RECORD_DONE
from ..ledger import SENDING, Ledger
from ..ledger import UNKNOWN as RECORD_UNKNOWN
from ..project import Project
from ..redact import scrub
from .config import OUTBOX, ReminderConfig
from .contacts import Choice, Contact, contacts_for
from .message import ActionFn, reminder_text, summary_text
from .outbox import ReminderOutbox
from .plan import (
    KEY_PREFIX,
    SUMMARY_PREFIX,
    Reminder,
    ReminderPlan,
    TrackedPost,
    live_prefixes,
    plan_reminders,
    summary_key,
)
from .record import SentReminder, append_records, read_records

# Outcomes (Indonesian words shown by the CLI).
SENT = "terkirim"
EARLIER = "sudah-terkirim"  # delivered by an earlier run
EARLIER_UNSURE = "tidak-pasti-sebelumnya"  # uncertain in an earlier run: never resent
UNSURE = "tidak-pasti"
FAILED = "gagal"
NO_CONTACT = "tanpa-kontak"
PREVIEW = "pratinjau"
OK_RESULTS = {SENT, EARLIER, EARLIER_UNSURE, PREVIEW}

GROUP = "grup-kantor"  # the recipient name of the daily summary
GROUP_MANUAL = "wa-manual"  # the office group's hand-sent channel: the summary goes to the outbox instead
BACKOFF_SECONDS = (2.0, 5.0, 10.0)
MAX_WAIT_SECONDS = 120.0

ChannelFor = Callable[[str, str], Channel]  # (channel name, target) -> adapter; ConfigError when it cannot be built


@dataclass
class RemindResult:
    """What happened to one message."""

    recipient: str  # person id, or GROUP
    name: str
    content: str  # post id ("" for the summary)
    step: int | None
    threshold: int | None
    channel: str
    outcome: str
    message: str = ""
    text: str = ""

    @property
    def ok(self) -> bool:
        """Delivered (now or before), or only previewed."""
        return self.outcome in OK_RESULTS


@dataclass
class RemindReport:
    """The outcome of one run."""

    quiet: str | None = None
    results: list[RemindResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record_file: Path | None = None  # the lasting record written by this run, if any

    @property
    def ok(self) -> bool:
        """True when nothing failed, nothing is uncertain and everyone could be reached."""
        return all(r.ok for r in self.results)


@dataclass(frozen=True)
class Sources:
    """Everything a run reads besides the project: the policy, contacts, posts and the office group."""

    config: ReminderConfig
    choices: dict[str, Choice]
    collect: Callable[[], tuple[Sequence[TrackedPost], list[str]]]  # posts in progress + warnings, read under the lock
    group: tuple[str, str]  # (channel, target) of the office group, from kantor.yml
    action: ActionFn


def remind(project: Project, sources: Sources, channel_for: ChannelFor, now: datetime, *, dry_run: bool = False,
           sleep: Callable[[float], None] = time.sleep, lock_wait: float = 600.0) -> RemindReport:
    """Send (or with ``dry_run`` only show) every reminder due at ``now``; see the module docstring."""
    if now.tzinfo is None:
        raise UsageError("waktu 'now' harus memiliki zona waktu")
    if dry_run:
        return _Run(project, sources, channel_for, now, sleep, dry_run=True).run()
    with run_lock(project.state_dir, wait=lock_wait):
        return _Run(project, sources, channel_for, now, sleep, dry_run=False).run()


class _Run:
    """One run: the ledger, the engine and the results."""

    def __init__(self, project: Project, sources: Sources, channel_for: ChannelFor, now: datetime,
                 sleep: Callable[[float], None], *, dry_run: bool) -> None:
        self.project = project
        self.sources = sources
        self.channel_for = channel_for
        self.now = now
        self.dry_run = dry_run
        self.ledger: Ledger = ledger_for(project.state_dir)
        self.engine = Engine(self.ledger, now, sleep, RetryPolicy(3, BACKOFF_SECONDS, MAX_WAIT_SECONDS))
        self.report = RemindReport()
        self.sent: list[SentReminder] = []
        self.recorded: set[str] = set()

    def run(self) -> RemindReport:
        posts, warnings = self.sources.collect()
        self.report.warnings.extend(warnings)
        project = self.project
        plan: ReminderPlan = plan_reminders(project.sop, project.calendar, project.people, self.sources.config,
                                            posts, self.now)
        self.report.warnings.extend(plan.warnings)
        self.report.quiet = plan.quiet
        if plan.quiet and not self.dry_run:
            return self.report  # nights, weekends, holidays: nothing goes out
        if not self.dry_run:
            records, bad = read_records(project.root)
            self.recorded = {r.key for r in records}
            self.report.warnings.extend(bad)
        contacts = contacts_for(project.people, self.sources.choices, self.sources.config.default_channel)
        for reminder in plan.reminders:
            self._reminder(reminder, contacts[reminder.person.id])
        if plan.summary is not None:
            channel, target = self.sources.group
            contact = Contact(OUTBOX, "") if channel == GROUP_MANUAL else Contact(channel, target)
            text = summary_text(project.sop, plan.summary)
            result = RemindResult(GROUP, "grup kantor", "", None, None, contact.channel, PREVIEW, text=text)
            self._deliver(plan.summary.key, GROUP, contact, text, result)
        if self.sent:
            self.report.record_file = append_records(project.root, self.sent)
        if not self.dry_run:
            self._forget_finished(live_prefixes(project.sop, project.calendar, posts, self.now))
        return self.report

    def _forget_finished(self, live: dict[str, str]) -> None:
        """Drop the ledger records of step runs that are over (and of past days' summaries), so the
        shared ledger does not grow forever. Only posts read in this run count: a post not seen now
        (a branch not fetched, a file that cannot be read) keeps its records, so it is never reminded twice."""
        today = summary_key(self.now.astimezone(self.project.calendar.tz).date())
        try:
            keys = {e.post_id for e in self.ledger.entries() if e.post_id.startswith(KEY_PREFIX + "/")}
            for key in sorted(keys):
                if key.startswith(SUMMARY_PREFIX):
                    if key != today:
                        self.ledger.forget(key)
                    continue
                post_id = next((pid for pid in live if key.startswith(f"{KEY_PREFIX}/{pid}/")), None)
                if post_id is not None and not (live[post_id] and key.startswith(live[post_id])):
                    self.ledger.forget(key)
        except JdihError as exc:  # cleaning is best effort; a damaged record is reported by its owner
            self.report.warnings.append(f"buku besar pengingat tidak dibersihkan: {scrub(exc.message)}")

    def _reminder(self, reminder: Reminder, contact: Contact | str) -> None:
        person = reminder.person
        post = reminder.tracked.post
        text = reminder_text(self.project.sop, reminder, self.sources.action)
        channel = contact.channel if isinstance(contact, Contact) else ""
        result = RemindResult(person.id, person.name, post.id, reminder.step.number, reminder.threshold.percent,
                              channel, PREVIEW, text=text)
        if isinstance(contact, str):
            result.outcome, result.message = NO_CONTACT, contact
            self.report.results.append(result)
            return
        if self._deliver(reminder.key, person.id, contact, text, result) and reminder.key not in self.recorded:
            self.recorded.add(reminder.key)
            self.sent.append(SentReminder(reminder.key, post.id, reminder.step.number, reminder.threshold.percent,
                                          person.id, reminder.as_holder, result.channel, reminder.run.start, self.now))

    def _deliver(self, key: str, recipient: str, contact: Contact, text: str, result: RemindResult) -> bool:
        """Deliver one message; True when it is (now or already) delivered."""
        self.report.results.append(result)
        try:
            earlier = self._earlier(key)
            if earlier is not None:
                result.channel = earlier[0]
                if earlier[1] == RECORD_DONE:
                    result.outcome, result.message = EARLIER, "terkirim pada jalannya sebelumnya"
                    return True
                result.outcome = EARLIER_UNSURE
                result.message = "hasil kiriman sebelumnya tidak pasti; tidak dikirim ulang agar tidak ganda"
                return False
            if self.dry_run:
                return False
            channel: Channel = (ReminderOutbox(self.project.state_dir / "kotak-keluar", recipient)
                                if contact.channel == OUTBOX else self.channel_for(contact.channel, contact.target))
            entry = self.ledger.get(key, contact.channel)
            recorded = entry.progress.get("teks")
            if entry.status == SENDING and isinstance(recorded, str):
                text = recorded  # reconcile with what was actually sent
            msg = Outgoing(post_id=key, channel=contact.channel, text=text, title=result.content or "ringkasan")
            outcome = self.engine.deliver([key], msg, channel, extra_progress={"teks": text})
        except JdihError as exc:
            result.outcome, result.message = FAILED, scrub(exc.message)
            return False
        if outcome.status == DONE:
            result.outcome = EARLIER if outcome.earlier else SENT
            return True
        err = outcome.error
        result.message = scrub(err.message) if err else ""
        result.outcome = UNSURE if outcome.status in (UNKNOWN, MANUAL) else FAILED
        return False

    def _earlier(self, key: str) -> tuple[str, str] | None:
        """(channel, status) of an earlier run's settled record of ``key`` on any channel (done wins)."""
        settled = [(e.channel, e.status) for e in self.ledger.entries(key) if e.status in (RECORD_DONE, RECORD_UNKNOWN)]
        settled.sort(key=lambda s: s[1] != RECORD_DONE)
        return settled[0] if settled else None
