"""``jdih status``: posts by state, who holds each, and working time against the step's norm.

The holder of a post is the state's ``pemegang`` role (``sop/alur.yml``) and the people with
that role (``sop/peran.yml``); when one of them already worked on this post, they are named
first, as the likely one to act. Time is the working time of the step running now (from
``langkah`` ``mulai``/``selesai``), so "TERLAMBAT" means the same as the norm warnings of
``jdih periksa``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .checks.norms import StepRun, running_step, short_name, step_runs
from .post import Post
from .project import Project
from .reminders.config import ReminderConfig
from .reminders.plan import next_reminder
from .worktime import format_datetime_id, format_minutes

LATE = "TERLAMBAT"


@dataclass(frozen=True)
class StatusRow:
    """One post in the table."""

    id: str
    title: str
    status: str
    holder: str
    since: datetime | None
    run: StepRun | None
    description: str
    # The next reminder threshold (percent of the norm) the running step reaches, and when (sop/pengingat.yml).
    reminder: tuple[int, datetime] | None = None

    @property
    def late(self) -> bool:
        """True when the running step is over its norm."""
        return self.run is not None and self.run.over


@dataclass
class StatusTable:
    """Rows grouped by state (SOP order), counts of every state, unreadable posts."""

    rows: list[StatusRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    unknown: int = 0  # posts whose status is not in the SOP

    @property
    def late(self) -> int:
        """Number of overdue posts."""
        return sum(1 for r in self.rows if r.late)


def holder_text(project: Project, post: Post) -> str:
    """"Staf: Siti Nurhaliza, S.H." — who must act next on ``post``."""
    st = project.sop.states.get(post.status)
    if st is None or st.holder is None:
        return "-"
    role = project.sop.roles[st.holder]
    people = project.people.with_role(st.holder)
    # Someone of that role who already acted on this post is the likely one: name them first.
    acted = [h.actor for h in reversed(post.history) if any(p.id == h.actor for p in people)]
    if acted:
        first = acted[0]
        people.sort(key=lambda p: p.id != first)
    names = ", ".join(p.name for p in people) or "(belum ada orang dengan peran ini di sop/peran.yml)"
    return f"{role.name}: {names}"


def build_status(project: Project, posts: list[Post], now: datetime, *, show_all: bool = False,
                 reminders: ReminderConfig | None = None) -> StatusTable:
    """Rows for every non-final post (every post with ``show_all``), sorted by SOP state order; with the
    reminder policy, each row also says when its next reminder is due."""
    sop = project.sop
    order = {sid: i for i, sid in enumerate(sop.states)}
    table = StatusTable(counts={sid: 0 for sid in sop.states})
    for post in posts:
        st = sop.states.get(post.status)
        if st is None:
            table.unknown += 1
            continue
        table.counts[st.id] += 1
        if st.final and not show_all:
            continue
        runs = step_runs(sop, project.calendar, post, now)
        run = running_step(runs)
        note = ""
        if run is not None and run.over:
            note = LATE
        elif run is None and not st.final and post.schedule is not None and post.schedule > now:
            note = f"menunggu jadwal {format_datetime_id(post.schedule, sop.office.timezone)}"
        due = next_reminder(sop, project.calendar, reminders, post, now) if reminders is not None else None
        table.rows.append(
            StatusRow(post.id, post.title, st.id, holder_text(project, post), post.last_change, run, note,
                      (due[0].percent, due[1]) if due else None)
        )
    table.rows.sort(key=lambda r: (order.get(r.status, 99), r.since or now, r.id))
    return table


def format_status(project: Project, table: StatusTable) -> str:
    """The table as plain text (Indonesian), one block per state."""
    sop = project.sop
    mpd = sop.office.minutes_per_day
    lines: list[str] = []
    for sid, st in sop.states.items():
        rows = [r for r in table.rows if r.status == sid]
        if not rows:
            continue
        role = sop.roles[st.holder].name if st.holder in sop.roles else "-"
        lines.append(f"== {st.label} ({sid}): {len(rows)} konten; pemegang: {role}")
        for r in rows:
            if r.run is not None:
                step = r.run.step
                timing = (f"langkah {step.number} ({short_name(step, 24)}): {format_minutes(r.run.minutes, mpd)}"
                          f" / norma {step.norm.text}")
            else:
                timing = "-"
            note = f"  {r.description}" if r.description else ""
            lines.append(f"  {r.id:<40} {timing}{note}")
            lines.append(f"      {r.title}")
            if r.holder != "-":
                lines.append(f"      pemegang: {r.holder.split(': ', 1)[-1]}")
            if r.reminder is not None:
                lines.append(f"      pengingat berikutnya: {r.reminder[0]} % norma, "
                             f"{format_datetime_id(r.reminder[1], sop.office.timezone)}")
        lines.append("")
    finals = [f"{st.label.lower()} {table.counts[sid]}" for sid, st in sop.states.items()
              if st.final and not any(r.status == sid for r in table.rows)]
    total = sum(table.counts.values())
    summary = f"Jumlah: {total} konten, {table.late} terlambat"
    if finals:
        summary += f"; selesai: {', '.join(finals)} (pakai --semua untuk daftarnya)"
    if table.unknown:
        summary += f"; {table.unknown} konten berstatus tidak dikenal (jalankan jdih periksa)"
    if not table.rows:
        lines.append("Tidak ada konten yang sedang berjalan.")
    lines.append(summary + ".")
    return "\n".join(lines)
