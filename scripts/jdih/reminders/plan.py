"""Which reminders are due now: a pure function of the SOP, the calendar, the posts and "now".

A reminder concerns the step running on a post (as ``jdih status`` and the norm checks measure it,
in office working time). It is due once the step has run ``persen`` % of its norm. Its key names the
post, the step, the moment the step started and the threshold, so a step that starts again (after a
*perbaikan*) is reminded afresh, while one run of one step is reminded at most once per threshold and
person. Only the highest threshold reached is sent: after a long weekend nobody gets the 100 % and the
200 % message together. Outside office hours (nights, weekends, holidays, cuti bersama) nothing is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ..checks.norms import StepRun, running_step, step_runs
from ..people import People, Person
from ..post import Post
from ..sop_model import Sop, Step, Transition
from ..worktime import OfficeCalendar
from .config import HOLDER, ReminderConfig, Threshold


@dataclass(frozen=True)
class TrackedPost:
    """A post in progress and where it lives: ``main``, a ``konten/`` branch, or a pull request."""

    post: Post
    origin: str | None = None  # e.g. "cabang konten/slug" or "pull request #7"; None = main
    link: str | None = None  # web desk or pull-request URL, when there is one


@dataclass(frozen=True)
class Reminder:
    """One personal reminder for one person about one running step."""

    key: str
    tracked: TrackedPost
    step: Step
    run: StepRun
    threshold: Threshold
    person: Person
    as_holder: bool  # False: escalation copy (e.g. to the Kasubbag)
    moves: tuple[Transition, ...]  # what the holder can do next (empty for an escalation copy)

    @property
    def percent(self) -> int:
        """How far into its norm the step is, in whole percent."""
        return int(self.run.minutes * 100 // max(self.step.norm.minutes, 1))


@dataclass(frozen=True)
class SummaryItem:
    """One line of the daily summary."""

    tracked: TrackedPost
    step: Step
    run: StepRun
    holders: tuple[Person, ...]


@dataclass(frozen=True)
class Summary:
    """The daily summary for the office group."""

    key: str
    day: date
    items: tuple[SummaryItem, ...]


@dataclass
class ReminderPlan:
    """What is due now; ``quiet`` says why nothing may be sent at this moment (Indonesian)."""

    reminders: list[Reminder] = field(default_factory=list)
    summary: Summary | None = None
    warnings: list[str] = field(default_factory=list)
    quiet: str | None = None


def in_office_hours(calendar: OfficeCalendar, now: datetime) -> bool:
    """True when ``now`` lies inside the office's working hours (holidays and cuti bersama excluded)."""
    return calendar.working_minutes(now, now + timedelta(minutes=1)) > 0


def quiet_reason(calendar: OfficeCalendar, now: datetime) -> str | None:
    """Why no message may go out at ``now``, or None during office hours."""
    if in_office_hours(calendar, now):
        return None
    local = now.astimezone(calendar.tz)
    name = calendar.holiday_name(local.date())
    if name:
        return f"hari ini libur ({name}): pengingat tidak dikirim"
    if not calendar.is_working_day(local.date()):
        return "hari ini bukan hari kerja: pengingat tidak dikirim"
    return "di luar jam kerja kantor: pengingat tidak dikirim"


def holders(sop: Sop, people: People, post: Post) -> list[Person]:
    """Who holds ``post`` now: of the state's ``pemegang`` role, the last one who acted on it, else all."""
    state = sop.states.get(post.status)
    if state is None or state.holder is None:
        return []
    candidates = people.with_role(state.holder)
    ids = {p.id for p in candidates}
    for entry in reversed(post.history):
        if entry.actor in ids:
            return [p for p in candidates if p.id == entry.actor]
    return candidates


def _deadline(calendar: OfficeCalendar, run: StepRun, threshold: Threshold) -> datetime:
    return calendar.add_working_minutes(run.start, run.step.norm.minutes * threshold.percent / 100)


def _reached(run: StepRun, threshold: Threshold) -> bool:
    return run.minutes * 100 >= run.step.norm.minutes * threshold.percent


def _running(sop: Sop, calendar: OfficeCalendar, post: Post, now: datetime) -> StepRun | None:
    state = sop.states.get(post.status)
    if state is None or state.final or state.holder is None:
        return None
    return running_step(step_runs(sop, calendar, post, now))


KEY_PREFIX = "pengingat"  # the reminders' namespace in the shared delivery ledger


def reminder_key(post_id: str, run: StepRun, threshold: Threshold, person_id: str) -> str:
    """Exactly-once key of one reminder (post, step, the run's start, threshold, person).

    Only ``/``-separated parts of ledger-safe characters: the ledger turns it into one folder name.
    """
    return f"{run_prefix(post_id, run)}{threshold.percent}/{person_id}"


def run_prefix(post_id: str, run: StepRun) -> str:
    """The start of the keys of every reminder about one run of one step (ends with ``/``)."""
    start = run.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{KEY_PREFIX}/{post_id}/langkah-{run.step.number}/{start}/"


def live_prefixes(sop: Sop, calendar: OfficeCalendar, posts: Sequence[TrackedPost], now: datetime) -> dict[str, str]:
    """Post id -> :func:`run_prefix` of its running step ("" when none runs): reminder records of a
    seen post under another prefix concern a step run that is over and can be forgotten."""
    out: dict[str, str] = {}
    for tracked in posts:
        run = _running(sop, calendar, tracked.post, now)
        out[tracked.post.id] = run_prefix(tracked.post.id, run) if run is not None else ""
    return out


SUMMARY_PREFIX = f"{KEY_PREFIX}/ringkasan/"


def summary_key(day: date) -> str:
    """Exactly-once key of the daily summary of ``day``."""
    return f"{SUMMARY_PREFIX}{day.isoformat()}"


def next_reminder(sop: Sop, calendar: OfficeCalendar, config: ReminderConfig, post: Post,
                  now: datetime) -> tuple[Threshold, datetime] | None:
    """The next threshold this post's running step will reach, and when (for ``jdih status``)."""
    run = _running(sop, calendar, post, now)
    if run is None:
        return None
    for threshold in config.thresholds:
        if not _reached(run, threshold):
            return threshold, _deadline(calendar, run, threshold)
    return None


def plan_reminders(sop: Sop, calendar: OfficeCalendar, people: People, config: ReminderConfig,
                   posts: Sequence[TrackedPost], now: datetime) -> ReminderPlan:
    """Every reminder (and the daily summary) due at ``now``.

    Outside office hours ``quiet`` is set: the caller shows what is due but sends nothing.
    """
    plan = ReminderPlan(quiet=quiet_reason(calendar, now))
    items: list[SummaryItem] = []
    for tracked in sorted(posts, key=lambda t: t.post.id):
        post = tracked.post
        run = _running(sop, calendar, post, now)
        if run is None:
            continue
        holding = holders(sop, people, post)
        items.append(SummaryItem(tracked, run.step, run, tuple(holding)))
        reached = [t for t in config.thresholds if _reached(run, t)]
        if not reached:
            continue
        top = reached[-1]
        if not holding and HOLDER in top.to:
            role = sop.states[post.status].holder or "-"
            plan.warnings.append(f"{post.id}: tidak ada orang berperan '{role}' di sop/peran.yml; "
                                 "pengingat untuk pemegang tidak dapat dikirim")
        state_role = sop.states[post.status].holder
        moves = tuple(t for t in sop.transitions_from(post.status)
                      if t.command and state_role in t.roles and t.step is not None)
        seen: set[str] = set()
        for who in top.to:
            targets = holding if who == HOLDER else people.with_role(who)
            for person in targets:
                if person.id in seen:
                    continue
                seen.add(person.id)
                as_holder = person in holding
                plan.reminders.append(Reminder(
                    key=reminder_key(post.id, run, top, person.id), tracked=tracked, step=run.step, run=run,
                    threshold=top, person=person, as_holder=as_holder, moves=moves if as_holder else (),
                ))
    local = now.astimezone(calendar.tz)
    if config.summary_enabled and plan.quiet is None and local.time() >= config.summary_at:
        plan.summary = Summary(key=summary_key(local.date()), day=local.date(), items=tuple(items))
    return plan
