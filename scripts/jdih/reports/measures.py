"""Per-post step durations in office working time, measured from ``riwayat`` and the SOP data.

A step is measured from the moment the post ENTERS one of the step's ``mulai`` states to the
moment it enters one of its ``selesai`` states (``sop/alur.yml``). Step 1 has no start state:
it is measured only when the ``disposisi`` entry records ``mulai`` (when the request or
material reached the Kasubbag). A step flagged ``mulai_paling_awal_jadwal`` (step 6) starts
at the later of entering its start state and the post's ``jadwal``. A perbaikan loop makes
steps 3-5 occur more than once: each occurrence is a separate measurement with its ``ronde``.

The whole cycle is the sum of a post's measured steps from disposisi (or its ``mulai``) to
the final published state (``diumumkan``), so a scheduled post's wait for its ``jadwal`` is
not counted against the office. Posts whose history is inconsistent are NOT measured: they
are returned with their problems so the report can list them.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..post import HistoryEntry, Post, parse_time
from ..sop_model import Sop, Step
from ..worktime import OfficeCalendar


@dataclass(frozen=True)
class StepRun:
    """One measured occurrence of a step in one post."""

    post_id: str
    step: int
    round: int  # 1 for the first occurrence of this step in the post, 2 after one perbaikan, ...
    start: datetime
    end: datetime
    minutes: float  # working minutes
    norm: int  # working minutes
    ended_in: str  # state whose entry closed the step
    actor: str  # who closed it

    @property
    def within_norm(self) -> bool:
        """True when the step took no longer than its norm."""
        return self.minutes <= self.norm

    @property
    def overrun(self) -> float:
        """Working minutes beyond the norm (0 when within)."""
        return max(0.0, self.minutes - self.norm)


@dataclass(frozen=True)
class OpenStep:
    """A step that has started and not ended at a given instant (the post is waiting on it)."""

    post_id: str
    step: int
    status: str  # the state the post is in
    since: datetime  # start of the step (entry time, or jadwal)
    minutes: float  # working minutes elapsed so far
    norm: int
    waiting_schedule: bool = False  # the step has not started yet: jadwal is still in the future

    @property
    def overdue(self) -> bool:
        """True when the step has already run past its norm."""
        return self.minutes > self.norm


@dataclass(frozen=True)
class Cycle:
    """A complete cycle: disposisi (or its ``mulai``) to the final published state."""

    post_id: str
    start: datetime
    end: datetime
    minutes: float
    norm: int

    @property
    def within_norm(self) -> bool:
        """True when the whole cycle fits the SOP's total norm."""
        return self.minutes <= self.norm


@dataclass(frozen=True)
class HistoryProblem:
    """Why a post's history cannot be trusted for measurement (Indonesian text)."""

    post_id: str
    path: str
    line: int | None
    message: str


@dataclass
class PostMeasure:
    """Everything measured about one post."""

    post_id: str
    runs: list[StepRun] = field(default_factory=list)
    cycle: Cycle | None = None
    perbaikan: int = 0  # times the post was sent back
    problems: list[HistoryProblem] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """True when the history was measured."""
        return not self.problems

    rounds: int = 0  # approval decisions made on the post (1 + perbaikan once it is approved)


# ---------------------------------------------------------------------------------------
# SOP-derived sets (kept generic: no state name is written in this module)


_SETS: dict[int, tuple[Sop, dict[str, Any]]] = {}


def _cached(sop: Sop, key: str, compute: Callable[[], Any]) -> Any:
    """Memoise SOP-derived values per Sop object (a report asks for them once per post)."""
    entry = _SETS.get(id(sop))
    if entry is None or entry[0] is not sop:
        entry = (sop, {})
        _SETS[id(sop)] = entry
    if key not in entry[1]:
        entry[1][key] = compute()
    return entry[1][key]


def rework_states(sop: Sop) -> frozenset[str]:
    """States that send a post back to an earlier step (``perbaikan``)."""
    found: frozenset[str] = _cached(sop, "rework", lambda: _rework_states(sop))
    return found


def _rework_states(sop: Sop) -> frozenset[str]:
    out = set()
    for st in sop.steps:
        for s in st.ends:
            if any(s in other.starts and other.number < st.number for other in sop.steps):
                out.add(s)
    return frozenset(out)


def decision_step(sop: Sop) -> int | None:
    """The step whose outcome can be a rework state (the Kasubbag's approval, step 5)."""
    found: int | None = _cached(sop, "decision", lambda: _decision_step(sop))
    return found


def _decision_step(sop: Sop) -> int | None:
    rw = rework_states(sop)
    for st in sop.steps:
        if rw & set(st.ends):
            return st.number
    return None


def cancelled_states(sop: Sop) -> frozenset[str]:
    """Terminal states that are not published (``dibatalkan``)."""
    return frozenset(s.id for s in sop.states.values() if s.final and not s.published)


def final_published_states(sop: Sop) -> frozenset[str]:
    """Terminal published states (``diumumkan``): a cycle ends here."""
    return frozenset(s.id for s in sop.states.values() if s.final and s.published)


# ---------------------------------------------------------------------------------------
# fast working time


# OfficeCalendar (jdih.worktime) caches each day's intervals itself, so reports use it directly.


# ---------------------------------------------------------------------------------------
# consistency


def display_path(path: str | Path, content_root: Path | None) -> str:
    """``content/2026/slug/index.md`` (relative to the project) when possible: the report is read
    on another machine, where the absolute path of the one who built it means nothing."""
    p = Path(path)
    if content_root is not None:
        try:
            return p.relative_to(content_root.parent).as_posix()
        except ValueError:
            pass
    return str(p)


def history_problems(post: Post, sop: Sop, now: datetime | None = None, post_id: str | None = None,
                     ) -> list[HistoryProblem]:
    """Every reason the post's ``riwayat`` cannot be measured; empty when it is consistent."""
    out: list[HistoryProblem] = []

    def add(message: str, *keys: object) -> None:
        # The display path and the line cost a Path and a YAML walk: only for a post with a problem.
        out.append(HistoryProblem(post_id or post.id, display_path(post.path, post.content_root),
                                  post.line(*keys) if keys else None, message))

    raw = post.meta.get("riwayat")
    if raw is None:
        add("riwayat tidak ada: langkah SOP konten ini tidak dapat diukur")
        return out
    if not isinstance(raw, list) or not raw:
        add("riwayat kosong atau bukan daftar", "riwayat")
        return out
    prev_state: str | None = None
    prev_time: datetime | None = None
    for i, item in enumerate(raw):
        n = i + 1
        if not isinstance(item, dict):
            add(f"entri riwayat ke-{n} bukan pemetaan status/oleh/waktu", "riwayat", i)
            prev_state = None
            continue
        status, at = item.get("status"), parse_time(item.get("waktu"))
        if not isinstance(status, str) or not isinstance(item.get("oleh"), str):
            add(f"entri riwayat ke-{n} tidak memiliki 'status' atau 'oleh'", "riwayat", i)
        elif status not in sop.states:
            add(f"entri riwayat ke-{n}: status '{status}' tidak dikenal dalam SOP", "riwayat", i, "status")
        elif sop.transition(prev_state, status) is None and (i == 0 or prev_state is not None):
            origin = f"'{prev_state}'" if prev_state else "awal (konten baru)"
            add(f"entri riwayat ke-{n}: perpindahan {origin} → '{status}' tidak diizinkan SOP", "riwayat", i, "status")
        if at is None:
            add(f"entri riwayat ke-{n}: 'waktu' tidak ada atau tanpa zona waktu", "riwayat", i)
        else:
            if prev_time is not None and at <= prev_time:
                add(f"entri riwayat ke-{n}: waktu {at.isoformat()} tidak sesudah entri sebelumnya "
                    f"({prev_time.isoformat()}); urutan riwayat kacau", "riwayat", i, "waktu")
            if now is not None and at > now:
                add(f"entri riwayat ke-{n}: waktu {at.isoformat()} ada di masa depan", "riwayat", i, "waktu")
            started_raw = item.get("mulai")
            if started_raw is not None:
                started_at = parse_time(started_raw)
                if started_at is None:
                    add(f"entri riwayat ke-{n}: 'mulai' tanpa zona waktu atau tidak sah", "riwayat", i, "mulai")
                elif started_at > at:
                    add(f"entri riwayat ke-{n}: 'mulai' sesudah 'waktu'", "riwayat", i, "mulai")
            prev_time = at
        prev_state = status if isinstance(status, str) and status in sop.states else None
    last = raw[-1]
    last_status = last.get("status") if isinstance(last, dict) else None
    if isinstance(last_status, str) and post.status != last_status:
        add(f"status '{post.status}' tidak sama dengan entri riwayat terakhir ('{last_status}')", "status")
    return out


# ---------------------------------------------------------------------------------------
# measuring


def _step_index(sop: Sop) -> tuple[dict[str, list[Step]], dict[str, list[Step]]]:
    """state -> steps it ends, state -> steps it starts (in step order)."""

    def build() -> tuple[dict[str, list[Step]], dict[str, list[Step]]]:
        ends: dict[str, list[Step]] = {}
        starts: dict[str, list[Step]] = {}
        for st in sop.steps:
            for s in st.ends:
                ends.setdefault(s, []).append(st)
            for s in st.starts:
                starts.setdefault(s, []).append(st)
        return ends, starts

    found: tuple[dict[str, list[Step]], dict[str, list[Step]]] = _cached(sop, "index", build)
    return found


def _step_start(at_schedule: bool, entered: datetime, scheduled: datetime | None) -> datetime:
    if at_schedule and scheduled is not None and scheduled > entered:
        return scheduled
    return entered


def measure_post(
    post: Post,
    sop: Sop,
    calendar: OfficeCalendar,
    now: datetime | None = None,
    *,
    history: list[HistoryEntry] | None = None,
    post_id: str | None = None,
) -> PostMeasure:
    """Measure every step occurrence and the cycle of one post (nothing when inconsistent).

    ``history``/``post_id`` may be passed when the caller already has them (saves re-parsing).
    """
    pid = post_id or post.id
    pm = PostMeasure(pid)
    pm.problems = history_problems(post, sop, now, pid)
    if pm.problems:
        return pm
    if history is None:
        history = post.history
    scheduled = post.schedule
    rework = rework_states(sop)
    finals = final_published_states(sop)
    open_steps: dict[int, datetime] = {}
    counts: dict[int, int] = {}
    ends, starts = _step_index(sop)
    for h in history:
        if h.status in rework:
            pm.perbaikan += 1
        for st in ends.get(h.status, ()):
            start: datetime | None = open_steps.pop(st.number, None)
            if start is None and not st.starts and h.started_at is not None:
                start = h.started_at
            if start is None:
                continue
            counts[st.number] = counts.get(st.number, 0) + 1
            pm.runs.append(
                StepRun(pid, st.number, counts[st.number], start, h.at,
                        calendar.working_minutes(start, h.at), st.norm.minutes, h.status, h.actor)
            )
        for st in starts.get(h.status, ()):
            open_steps[st.number] = _step_start(st.starts_at_schedule, h.at, scheduled)
    decision = decision_step(sop)
    pm.rounds = counts.get(decision, 0) if decision is not None else 0
    if history and history[-1].status in finals:
        first = history[0]
        pm.cycle = Cycle(pid, first.started_at or first.at, history[-1].at,
                         sum(r.minutes for r in pm.runs), sop.total_norm_minutes)
    return pm


def open_steps_at(
    post: Post,
    sop: Sop,
    calendar: OfficeCalendar,
    at: datetime,
    *,
    history: list[HistoryEntry] | None = None,
    post_id: str | None = None,
) -> list[OpenStep]:
    """Steps the post is waiting on at instant ``at`` (history entries after ``at`` ignored)."""
    entries = [h for h in (post.history if history is None else history) if h.at <= at]
    if not entries:
        return []
    state = entries[-1].status
    st_obj = sop.states.get(state)
    if st_obj is None or st_obj.final:
        return []
    scheduled = post.schedule
    open_steps: dict[int, datetime] = {}
    for h in entries:
        for st in sop.steps:
            if h.status in st.ends:
                open_steps.pop(st.number, None)
        for st in sop.steps:
            if h.status in st.starts:
                open_steps[st.number] = _step_start(st.starts_at_schedule, h.at, scheduled)
    out = []
    for number, since in sorted(open_steps.items()):
        st = sop.step(number)
        elapsed = calendar.working_minutes(since, at) if since < at else 0.0
        out.append(OpenStep(post_id or post.id, number, state, since, elapsed, st.norm.minutes,
                            waiting_schedule=since > at))
    return out


def performers(post: Post, sop: Sop) -> dict[int, list[str]]:
    """Person ids who carried out each step (from the transitions in ``riwayat``), in order."""
    out: dict[int, list[str]] = {}
    prev: str | None = None
    for h in post.history:
        t = sop.transition(prev, h.status)
        if t is not None and t.step is not None:
            names = out.setdefault(int(t.step), [])
            if h.actor not in names:
                names.append(h.actor)
        prev = h.status
    return out


# ---------------------------------------------------------------------------------------
# statistics (documented definitions, so every figure can be checked by hand)


def median(values: Sequence[float]) -> float | None:
    """Median (mean of the two middle values for an even count); None when empty."""
    return float(statistics.median(values)) if values else None


def percentile_nearest_rank(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile by the nearest-rank method: the ceil(p/100 * n)-th smallest value."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return float(ordered[rank - 1])


def share(count: int, total: int) -> float | None:
    """count / total as a fraction, None when total is 0."""
    return count / total if total else None
