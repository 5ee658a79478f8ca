"""The Indonesian text of a personal reminder and of the daily summary.

Short enough for a WhatsApp notification: the post, the step, how long it has waited against its norm in
working time, and the one action to take (a command that works exactly as printed, or a link).
"""

from __future__ import annotations

from collections.abc import Callable

from ..checks.norms import short_name
from ..sop_model import Sop
from ..worktime import format_date_id, format_datetime_id, format_minutes
from .plan import Reminder, Summary

# Formats the next SOP move(s) of a post as the command(s) a person types; provided by the caller
# (the workflow layer knows each command's exact syntax).
ActionFn = Callable[[str, str], str]


def reminder_text(sop: Sop, reminder: Reminder, action: ActionFn) -> str:
    """The message one person receives."""
    post = reminder.tracked.post
    step = reminder.step
    mpd = sop.office.minutes_per_day
    zone = sop.office.timezone
    waited = format_minutes(reminder.run.minutes, mpd)
    head = "Pengingat SOP" if reminder.as_holder else "Tembusan pengingat SOP"
    lines = [
        f"*{head}: langkah {step.number} ({short_name(step, 48)})*",
        f"Konten: {post.title} ({post.id})",
    ]
    if reminder.tracked.origin:
        lines.append(f"Lokasi: {reminder.tracked.origin}")
    lines.append(
        f"Berjalan sejak {format_datetime_id(reminder.run.start, zone)}: {waited} kerja, "
        f"norma {step.norm.text} ({reminder.percent} %)."
    )
    if reminder.as_holder:
        todo = action(post.id, post.status)
        if todo:
            lines.append(f"Langkah Anda: {todo}")
        if reminder.tracked.link:
            lines.append(f"Buka: {reminder.tracked.link}")
    else:
        state = sop.states.get(post.status)
        role = sop.roles[state.holder].name if state and state.holder in sop.roles else "-"
        lines.append(f"Konten ini sedang dipegang {role}; pengingat sudah dikirim kepadanya.")
    return "\n".join(lines)


def summary_text(sop: Sop, summary: Summary) -> str:
    """The daily summary for the office group: what waits, for whom, and what is late."""
    mpd = sop.office.minutes_per_day
    lines = [f"*Ringkasan SOP media sosial JDIH, {format_date_id(summary.day)}*"]
    if not summary.items:
        lines.append("Tidak ada konten yang sedang menunggu.")
        return "\n".join(lines)
    late = sum(1 for i in summary.items if i.run.over)
    lines.append(f"{len(summary.items)} konten sedang berjalan, {late} melewati norma.")
    for item in summary.items:
        names = ", ".join(p.name for p in item.holders) or "-"
        flag = " TERLAMBAT" if item.run.over else ""
        lines.append(
            f"- {item.tracked.post.title}: langkah {item.step.number}, {names}, "
            f"{format_minutes(item.run.minutes, mpd)} / norma {item.step.norm.text}{flag}"
        )
    return "\n".join(lines)
