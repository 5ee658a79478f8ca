"""The evaluation proper: "Temuan" (findings) from the report's figures, and "Rekomendasi" from the
office's rules (``evaluasi.aturan`` in ``kantor.yml``).

Findings: each measured step's misses of its norm (how often, by how much), its trend against
the previous period, the perbaikan rate and the Kasubbag's notes grouped as causes, and posts
still waiting past their norm. A recommendation is made for every rule whose measure exceeds
its ``batas``; its wording is the office's own sentence with the figures filled in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..office import Rule
from ..worktime import format_date_id
from .laporan import Laporan, join_and, pct
from .periods import Period, parse_period


@dataclass(frozen=True)
class StepFinding:
    """How one SOP step kept its norm in the period (and in the period before)."""

    number: int
    activity: str
    performer: str
    norm_text: str
    n: int
    over: int  # occurrences over the norm
    median_overrun: float | None  # of the occurrences over the norm, working minutes
    max_overrun: float | None
    share_within: float | None
    share_within_prev: float | None
    n_prev: int

    @property
    def share_over(self) -> float | None:
        """Fraction of occurrences over the norm."""
        return self.over / self.n if self.n else None

    @property
    def change(self) -> float | None:
        """Change of the share within the norm since the previous period (negative = worse)."""
        if self.share_within is None or self.share_within_prev is None:
            return None
        return self.share_within - self.share_within_prev


@dataclass(frozen=True)
class Cause:
    """A Kasubbag's note given with a perbaikan, and the posts it was given to."""

    note: str
    count: int
    posts: tuple[str, ...]  # agenda numbers


@dataclass
class Evaluation:
    """Findings and recommendations of one report."""

    steps: list[StepFinding]
    previous_label: str | None
    perbaikan_rate_prev: float | None
    causes: list[Cause]
    waiting_overdue: int
    findings: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)


def previous_period(period: Period) -> Period:
    """The period just before ``period``, of the same kind (semester, quarter, month, year) or length."""
    code = period.code
    start = period.start
    if "_" not in code:
        if "-S" in code:
            prev = date(start.year, 1, 1) if start.month == 7 else date(start.year - 1, 7, 1)
            return parse_period(f"{prev.year}-S{1 if prev.month == 1 else 2}")
        if "-T" in code:
            prev = (start - timedelta(days=1)).replace(day=1)
            return parse_period(f"{prev.year}-T{(prev.month - 1) // 3 + 1}")
        if len(code) == 7:  # 2026-11
            prev = (start - timedelta(days=1)).replace(day=1)
            return parse_period(f"{prev.year}-{prev.month:02d}")
        return parse_period(str(start.year - 1))
    length = period.end - period.start
    end = period.start - timedelta(days=1)
    begin = end - length
    return Period(begin, end, f"{format_date_id(begin)} s.d. {format_date_id(end)}",
                  f"{begin.isoformat()}_{end.isoformat()}")


def evaluate(report: Laporan, rules: tuple[Rule, ...]) -> Evaluation:
    """Findings and recommendations of ``report`` (its ``previous`` gives the trends)."""
    prev = report.previous
    prev_steps = {s.number: s for s in prev.steps} if prev else {}
    steps = [StepFinding(s.number, s.activity, s.performer, s.norm_text, s.n, s.n - s.within, s.median_overrun,
                         s.max_overrun, s.share_within,
                         prev_steps[s.number].share_within if s.number in prev_steps else None,
                         prev_steps[s.number].n if s.number in prev_steps else 0)
             for s in report.steps]
    notes: Counter[str] = Counter()
    posts: dict[str, list[str]] = {}
    for pid, note in report.perbaikan_notes:
        key = " ".join(note.split()) or "(tanpa catatan)"
        notes[key] += 1
        posts.setdefault(key, []).append(report.agenda_no(pid))
    causes = [Cause(k, n, tuple(posts[k])) for k, n in sorted(notes.items(), key=lambda kv: (-kv[1], kv[0]))]
    ev = Evaluation(steps, prev.period.label if prev else None, prev.perbaikan_rate if prev else None, causes,
                    sum(1 for w in report.waiting if w.open.overdue))
    ev.findings = _findings(report, ev)
    ev.recommendations = _recommendations(report, ev, rules)
    return ev


def _findings(report: Laporan, ev: Evaluation) -> list[str]:
    out = []
    missed = [s for s in ev.steps if s.over]
    for s in missed:
        out.append(f"Langkah {s.number} ({short_activity(s.activity)}; {s.performer}; norma {s.norm_text}) melampaui "
                   f"norma pada {s.over} dari {s.n} kejadian ({pct(s.share_over)}), dengan kelebihan median "
                   f"{report.fmt(s.median_overrun)} dan terbesar {report.fmt(s.max_overrun)}.")
    kept = [s for s in ev.steps if s.n and not s.over]
    if kept:
        out.append(f"{_steps_text(kept)} selalu selesai dalam norma waktu SOP.")
    unmeasured = [s for s in ev.steps if not s.n]
    if unmeasured:
        out.append(f"{_steps_text(unmeasured)} tidak memiliki kejadian terukur dalam periode ini.")
    if ev.previous_label:
        moved = [s for s in ev.steps if s.change is not None and abs(s.change) >= 0.005]
        if moved:
            parts = [f"langkah {s.number} {'naik' if (s.change or 0) > 0 else 'turun'} dari "
                     f"{pct(s.share_within_prev)} menjadi {pct(s.share_within)}" for s in moved]
            out.append(f"Dibanding {ev.previous_label}, bagian kejadian yang selesai dalam norma: "
                       f"{join_and(parts)}.")
        elif any(s.n_prev for s in ev.steps):
            out.append(f"Ketepatan waktu setiap langkah tidak berubah dibanding {ev.previous_label}.")
        else:
            out.append(f"{ev.previous_label} tidak memiliki kejadian terukur sebagai pembanding.")
    if report.decisions:
        trend = f" ({ev.previous_label}: {pct(ev.perbaikan_rate_prev)})" if ev.perbaikan_rate_prev is not None \
            else ""
        text = (f"Dari {report.decisions} keputusan persetujuan Kasubbag, {report.perbaikan} "
                f"({pct(report.perbaikan_rate)}) mengembalikan konten untuk perbaikan{trend}.")
        if ev.causes:
            text += " Catatan perbaikan Kasubbag: " + "; ".join(
                f"\u201c{c.note}\u201d ({c.count} kali; {', '.join(c.posts)})" for c in ev.causes) + "."
        out.append(text)
    if ev.waiting_overdue:
        out.append(f"{ev.waiting_overdue} konten masih menunggu dan telah melewati norma waktu langkahnya per "
                   f"{format_date_id(report.cutoff.astimezone(report.tz))}.")
    return out


def _recommendations(report: Laporan, ev: Evaluation, rules: tuple[Rule, ...]) -> list[str]:
    """One sentence per rule that fires; a step gets at most one (the first rule that fires for it)."""
    out: list[str] = []
    done: set[int] = set()
    for rule in rules:
        if rule.when == "langkah_lewat_norma":
            for s in ev.steps:
                if s.number not in done and s.share_over is not None and s.share_over > rule.limit:
                    done.add(s.number)
                    out.append(_say(rule, s, f"{s.over} dari {s.n} ({pct(s.share_over)})"))
        elif rule.when == "langkah_memburuk":
            for s in ev.steps:
                if s.number not in done and s.change is not None and -s.change > rule.limit:
                    done.add(s.number)
                    out.append(_say(rule, s, f"dari {pct(s.share_within_prev)} menjadi {pct(s.share_within)}"))
        elif rule.when == "perbaikan_tinggi":
            rate = report.perbaikan_rate
            if rate is not None and rate > rule.limit:
                out.append(_say(rule, None, f"{report.perbaikan} dari {report.decisions} ({pct(rate)})"))
        elif rule.when == "menunggu_lewat_norma" and ev.waiting_overdue > rule.limit:
            out.append(_say(rule, None, str(ev.waiting_overdue)))
    return out


def _say(rule: Rule, s: StepFinding | None, value: str) -> str:
    return rule.hint.format(langkah=s.number if s else "", kegiatan=short_activity(s.activity) if s else "",
                             pelaksana=s.performer if s else "", norma=s.norm_text if s else "", nilai=value,
                             batas=pct(rule.limit))


def short_activity(activity: str) -> str:
    """The SOP's activity text up to its first clause ("a. Mengunggah ...; b. ..." -> "Mengunggah ...")."""
    text = re.sub(r"^[a-z]\.\s+", "", activity.strip())
    return re.split(r"[:;.]", text, maxsplit=1)[0].strip() or activity


def _steps_text(steps: list[StepFinding]) -> str:
    return "Langkah " + join_and([str(s.number) for s in steps])
