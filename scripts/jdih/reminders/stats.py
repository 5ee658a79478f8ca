"""The reminders in the semester report: how many per SOP step, and how long until the step was done.

A pure function of the lasting record (:mod:`.record`), the posts and the period: the record says
which step run (post, step, start) was reminded when; the post's ``riwayat`` says when that run
ended. "How long after" is office working time from the run's first reminder to its end, as the
norms are counted.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..checks.norms import short_name, step_runs
from ..post import Post
from ..reports.periods import Period
from ..sop_model import Sop
from ..worktime import OfficeCalendar, format_minutes
from .record import SentReminder


@dataclass
class StepReminders:
    """The reminders of one SOP step within a period."""

    number: int
    activity: str
    sent: int = 0  # messages delivered (every person, every threshold)
    escalations: int = 0  # of those, copies to someone not holding the post (e.g. the Kasubbag)
    runs: int = 0  # distinct step runs reminded
    minutes_after: list[float] = field(default_factory=list)  # per finished run: first reminder -> step done

    @property
    def finished(self) -> int:
        """Reminded runs that were finished by the end of the period."""
        return len(self.minutes_after)

    @property
    def median_minutes(self) -> float | None:
        """Median working minutes from the first reminder to the step's end (None: none finished)."""
        return statistics.median(self.minutes_after) if self.minutes_after else None


def reminder_stats(records: Iterable[SentReminder], posts: Sequence[Post], period: Period, *, sop: Sop,
                   calendar: OfficeCalendar, now: datetime) -> list[StepReminders]:
    """Per SOP step (in SOP order, only steps reminded in ``period``): counts and time to done."""
    tz = calendar.tz
    by_step = {s.number: StepReminders(s.number, short_name(s, 48)) for s in sop.steps}
    first: dict[tuple[str, int, datetime], datetime] = {}
    for rec in records:
        if not period.contains(rec.sent_at, tz) or rec.step not in by_step:
            continue
        entry = by_step[rec.step]
        entry.sent += 1
        entry.escalations += 0 if rec.holder else 1
        run_key = (rec.content, rec.step, rec.started_at)
        if run_key not in first or rec.sent_at < first[run_key]:
            first[run_key] = rec.sent_at
    by_id = {p.id: p for p in posts}
    until = min(now, period.end_at(tz))
    for (post_id, number, start), sent in sorted(first.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[1])):
        entry = by_step[number]
        entry.runs += 1
        post = by_id.get(post_id)
        if post is None:
            continue
        run = next((r for r in step_runs(sop, calendar, post, until) if r.step.number == number and r.start == start),
                   None)
        if run is not None and run.end is not None:
            entry.minutes_after.append(calendar.working_minutes(sent, run.end) if run.end > sent else 0.0)
    return [s for s in by_step.values() if s.sent]


def format_reminder_stats(stats: Sequence[StepReminders], minutes_per_day: int) -> list[str]:
    """Plain-text lines (Indonesian) of the report's section on reminders."""
    if not stats:
        return ["Tidak ada pengingat norma waktu yang dikirim pada periode ini."]
    lines = []
    for s in stats:
        done = (f"{s.finished} selesai, median {format_minutes(s.median_minutes, minutes_per_day)} kerja setelah "
                "pengingat pertama" if s.median_minutes is not None else "belum ada yang selesai")
        lines.append(f"Langkah {s.number}: {s.sent} pengingat ({s.escalations} tembusan) untuk {s.runs} "
                     f"kejadian; {done}.")
    return lines


TABLE_TITLE = "Pengingat norma waktu (jdih ingatkan)"
TABLE_SHEET = "Pengingat"
TABLE_COLUMNS = ["Langkah", "Kegiatan", "Pengingat terkirim", "Tembusan", "Kejadian diingatkan", "Selesai",
                 "Median waktu kerja setelah pengingat"]


def reminder_rows(stats: Sequence[StepReminders], minutes_per_day: int) -> list[list[object]]:
    """The rows of the report's reminder table (columns :data:`TABLE_COLUMNS`)."""
    return [[s.number, s.activity, s.sent, s.escalations, s.runs, s.finished,
             format_minutes(s.median_minutes, minutes_per_day) if s.median_minutes is not None else "-"] for s in stats]
