"""SOP norm times: how long each step took in working time, and which step runs now.

A step is measured from the moment the post ENTERS one of its ``mulai`` states until it
enters one of its ``selesai`` states (both read from ``sop/alur.yml``). A step without
``mulai`` states (step 1) is measured from the ``mulai`` field of the history entry that
ends it, when recorded. ``jdih status`` uses :func:`step_runs` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..findings import Finding, warning
from ..post import HistoryEntry, Post
from ..sop_model import Sop, Step
from ..worktime import OfficeCalendar
from .context import CheckContext


@dataclass(frozen=True)
class StepRun:
    """One measured (or still running) execution of an SOP step."""

    step: Step
    start: datetime
    end: datetime | None  # None: running now
    end_index: int | None  # riwayat index of the entry that ended it
    minutes: float

    @property
    def over(self) -> bool:
        """True when it took (or is taking) longer than its norm."""
        return self.minutes > self.step.norm.minutes


def short_name(step: Step, width: int = 32) -> str:
    """A short label of a step's activity: "Menghimpun bahan konten media...".

    The SOP's text starts with "a." sub-items and long sentences; keep its first clause.
    """
    text = re.sub(r"^\s*a\.\s*", "", step.activity)
    text = re.split(r"[;:.]", text, maxsplit=1)[0].strip()
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut + "..."


def step_runs(
    sop: Sop, calendar: OfficeCalendar, post: Post, now: datetime, history: list[HistoryEntry] | None = None
) -> list[StepRun]:
    """Every step execution in the post's history; a running one last, measured up to ``now``."""
    if history is None:
        history = post.history
    runs: list[StepRun] = []
    schedule = post.schedule
    for step in sop.steps:
        if not step.starts:
            for h in history:
                if h.status in step.ends and h.started_at is not None and h.started_at <= h.at:
                    minutes = calendar.working_minutes(h.started_at, h.at)
                    runs.append(StepRun(step, h.started_at, h.at, h.index, minutes))
            continue
        start: datetime | None = None
        for h in history:
            if start is not None and h.status in step.ends:
                begin = _effective_start(step, start, schedule)
                runs.append(StepRun(step, begin, h.at, h.index, calendar.working_minutes(begin, h.at)))
                start = None
            elif h.status in step.starts:
                if start is None:
                    start = h.at
            elif start is not None and sop.states.get(h.status) is not None and sop.states[h.status].final:
                start = None  # e.g. cancelled: the step never finished
        if start is not None and history and not _terminal(sop, history[-1].status):
            begin = _effective_start(step, start, schedule)
            if begin <= now:
                runs.append(StepRun(step, begin, None, None, calendar.working_minutes(begin, now)))
    runs.sort(key=lambda r: (r.end is None, r.start))
    return runs


def _terminal(sop: Sop, status: str) -> bool:
    st = sop.states.get(status)
    return bool(st and st.final)


def _effective_start(step: Step, start: datetime, schedule: datetime | None) -> datetime:
    # A scheduled post's upload step only starts counting when its schedule arrives.
    if step.starts_at_schedule and schedule is not None and schedule > start:
        return schedule
    return start


def running_step(runs: list[StepRun]) -> StepRun | None:
    """The step running now, if any."""
    return next((r for r in reversed(runs) if r.end is None), None)


def check_norms(ctx: CheckContext, post: Post) -> list[Finding]:
    """A warning for each step that took longer than its norm, and for an overdue running step."""
    out: list[Finding] = []
    f = str(post.path)
    for run in step_runs(ctx.sop, ctx.calendar, post, ctx.now, ctx.history(post)):
        if not run.over:
            continue
        step = run.step
        label = f"langkah {step.number} ({short_name(step)})"
        if run.end is not None:
            line = post.line("riwayat", run.end_index) if run.end_index is not None else None
            out.append(warning(f, line, "NORMA-LEWAT",
                               f"{label} memakan {ctx.minutes_text(run.minutes)}, melebihi norma "
                               f"{step.norm.text}"))
        else:
            out.append(warning(f, post.line("status"), "NORMA-TERLAMBAT",
                               f"{label} sedang berjalan {ctx.minutes_text(run.minutes)}, melebihi norma "
                               f"{step.norm.text}"))
    return out
