"""The evaluation report of SOP 03/2022 for one period, computed from ``riwayat`` and git.

Definitions (so every figure can be checked by hand):

- A post is *published in the period* when its first entry into a published state
  (``diunggah``) falls in the period. Per platform it counts once for each platform it has a
  link for in ``tautan`` (or, without links, each platform in ``platform``).
- A step occurrence belongs to the period when it ENDS in the period; a cycle when it ends
  (``diumumkan``) in the period. Durations are office working minutes.
- Median: the middle value (mean of the two middle ones for an even count). 90th
  percentile: nearest rank, the ceil(0.9·n)-th smallest value. "Dalam norma": duration <= norm.
- Perbaikan rate: Kasubbag decisions (step 5 ends) in the period that sent the post to
  ``perbaikan``, divided by all decisions in the period. Rounds: for posts approved in the
  period, the number of decisions the post needed (1 = approved at first submission).
- Waiting posts: the steps posts were waiting on at the end of the period (or now, if
  earlier), with the working time elapsed so far.
- Posts whose history is inconsistent are not measured; they are listed with the reasons.
- Posts deleted from ``content/`` are counted from their last committed version (read from
  git) exactly like the others, never as waiting, and listed in their own section when they
  were published or deleted in the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from ..errors import PostFormatError
from ..post import HistoryEntry, Post
from ..sop_model import Sop
from ..worktime import MONTH_NAMES, OfficeCalendar, format_date_id, format_minutes
from .git_history import GitHistory
from .measures import (
    Cycle,
    HistoryProblem,
    OpenStep,
    PostMeasure,
    StepRun,
    cancelled_states,
    decision_step,
    display_path,
    measure_post,
    median,
    open_steps_at,
    percentile_nearest_rank,
    rework_states,
    share,
)
from .periods import Period
from .removed import RemovedPost

WORST = 5  # worst overruns listed per step
W = TypeVar("W", StepRun, Cycle)  # what a statistic lists as its worst cases


@dataclass(frozen=True)
class NormStat(Generic[W]):
    """Occurrences over the period measured against a norm (in working minutes)."""

    norm: int
    norm_text: str
    n: int
    median: float | None
    p90: float | None
    within: int
    worst: list[W]

    @property
    def share_within(self) -> float | None:
        """Fraction of occurrences within the norm."""
        return share(self.within, self.n)


@dataclass(frozen=True)
class StepStat(NormStat[StepRun]):
    """Statistics of one SOP step over the period."""

    number: int
    activity: str
    performer: str
    median_overrun: float | None = None  # of the occurrences over the norm
    max_overrun: float | None = None


@dataclass(frozen=True)
class CycleStat(NormStat[Cycle]):
    """Whole-cycle statistics over the period (against the total norm)."""


@dataclass(frozen=True)
class Waiting:
    """A post still waiting on a step at the report's cut-off."""

    post_id: str
    title: str
    status_label: str
    holder: str  # role name who must act
    open: OpenStep


@dataclass(frozen=True)
class RemovedRow:
    """A post deleted from ``content/`` that matters to the period (published or deleted in it)."""

    post_id: str
    title: str
    status_label: str  # its last state before deletion
    published_at: datetime | None  # first published, if ever
    deleted_at: datetime
    actor: str  # author of the deleting commit
    commit: str


@dataclass
class Measured:
    """Each post's history and measurements, computed once: ``jdih laporan`` does it while
    ``git log`` still runs, since nothing here needs git."""

    posts: list[Post]
    ids: dict[int, str]  # id(post) -> post id (Post.id recomputes a relative path)
    hist: dict[int, list[HistoryEntry]]  # id(post) -> parsed riwayat (Post.history re-parses)
    measures: dict[str, PostMeasure]


def measure_all(posts: list[Post], sop: Sop, calendar: OfficeCalendar, now: datetime) -> Measured:
    """Parse every post's ``riwayat`` once and measure its steps and cycle."""
    ids = {id(p): p.id for p in posts}
    hist = {id(p): p.history for p in posts}
    measures = {ids[id(p)]: measure_post(p, sop, calendar, now, history=hist[id(p)], post_id=ids[id(p)])
                for p in posts}
    return Measured(posts, ids, hist, measures)


@dataclass
class Laporan:
    """All figures of the evaluation report, ready for the renderers."""

    institution: str
    sop_number: str
    period: Period
    now: datetime
    cutoff: datetime
    tz: ZoneInfo
    minutes_per_day: int
    platform_names: dict[str, str]
    published: list[Post]
    per_platform: dict[str, int]
    per_category: dict[str, int]
    per_group: dict[str, int]
    per_series: dict[str, int]
    per_month: dict[tuple[int, int], dict[str, int]]  # (year, month) -> platform -> count
    started: int  # disposisi given in the period
    cancelled: list[Post]
    decisions: int
    perbaikan: int
    rounds: dict[int, int]  # rounds -> number of posts approved in the period
    steps: list[StepStat]
    cycle: CycleStat
    waiting: list[Waiting]
    problems: list[HistoryProblem]
    git_available: bool
    git_commits: int
    fallback_notes: list[str] = field(default_factory=list)
    removed: list[RemovedRow] = field(default_factory=list)
    removed_published: int = 0  # of the posts published in the period, how many were deleted since
    narrative: str = ""
    cancelled_states: frozenset[str] = frozenset()
    titles: dict[str, str] = field(default_factory=dict)  # post id -> title, for the tables
    agenda_numbers: dict[str, str] = field(default_factory=dict)  # post id -> agenda number (Buku Agenda)
    perbaikan_notes: list[tuple[str, str]] = field(default_factory=list)  # (post id, Kasubbag's note)
    previous: Laporan | None = None  # the same figures for the period before, for trends
    # Rows of the reminders table (jdih.reminders.stats.reminder_rows), set by the caller from the record of
    # sent reminders; None: no such section.
    reminders: list[list[object]] | None = None

    def agenda_no(self, post_id: str) -> str:
        """The post's agenda number ("-" when it has none): posts are named by it, not by their folder."""
        return self.agenda_numbers.get(post_id) or "-"

    @property
    def perbaikan_rate(self) -> float | None:
        """Share of Kasubbag decisions that asked for perbaikan."""
        return share(self.perbaikan, self.decisions)

    @property
    def total_published(self) -> int:
        """Posts published in the period."""
        return len(self.published)

    def fmt(self, minutes: float | None) -> str:
        """Working minutes as Indonesian text ("1 hari 2 jam 5 menit"); "-" when unknown."""
        if minutes is None:
            return "-"
        return format_minutes(minutes, self.minutes_per_day)

    def month_label(self, ym: tuple[int, int]) -> str:
        """"November 2026"."""
        return f"{MONTH_NAMES[ym[1] - 1]} {ym[0]}"


def _first_entry(history: list[HistoryEntry], states: frozenset[str] | set[str]) -> datetime | None:
    return next((h.at for h in history if h.status in states), None)


def post_platforms(post: Post) -> list[str]:
    """Platforms a published post counts for: those with a link, else those listed."""
    return sorted(post.links) if post.links else post.platforms


def build_laporan(
    posts: list[Post],
    sop: Sop,
    calendar: OfficeCalendar,
    period: Period,
    now: datetime,
    *,
    load_errors: list[PostFormatError] | None = None,
    git: GitHistory | None = None,
    platform_names: dict[str, str] | None = None,
    removed: list[RemovedPost] | None = None,
    measured: Measured | None = None,
    source_notes: list[str] | None = None,
    agenda_numbers: dict[str, str] | None = None,
    previous: Period | None = None,
) -> Laporan:
    """Compute the evaluation report of ``period`` as of ``now``.

    ``removed``: posts deleted from ``content/`` (from git); ``measured``: :func:`measure_all` of
    ``posts`` when the caller already has it; ``source_notes``: notes about the data sources;
    ``agenda_numbers``: post id -> Buku Agenda number; ``previous``: the period to compare with.
    """
    tz = calendar.tz
    start_at, end_at = period.start_at(tz), period.end_at(tz)
    cutoff = min(now, end_at)
    published_states = set(sop.published_states)
    cancelled = cancelled_states(sop)
    rework = rework_states(sop)
    decision = decision_step(sop)

    clock = calendar
    root = content_root_of(posts)
    if measured is None or measured.posts is not posts:
        measured = measure_all(posts, sop, clock, now)
    # Deleted at HEAD but back in the working tree (not committed yet): the file on disk counts.
    gone = [gp for gp in removed or [] if gp.post.id not in measured.measures]
    gone_m = measure_all([gp.post for gp in gone], sop, clock, now)
    for pm in gone_m.measures.values():  # the file named in a problem no longer exists: say so
        pm.problems = [replace(pr, path=f"{pr.path} (dihapus dari content/)") for pr in pm.problems]
    all_posts = posts + [gp.post for gp in gone]
    ids = {**measured.ids, **gone_m.ids}
    hist = {**measured.hist, **gone_m.hist}
    measures: dict[str, PostMeasure] = {**gone_m.measures, **measured.measures}
    problems: list[HistoryProblem] = [
        HistoryProblem("", display_path(e.file, root) if e.file else "", e.line,
                       f"konten tidak dapat dibaca: {e.message}") for e in load_errors or []
    ]
    for pm in measures.values():
        problems.extend(pm.problems)

    def inside(t: datetime | None) -> bool:
        return t is not None and start_at <= t < end_at

    pub_at = {id(p): _first_entry(hist[id(p)], published_states) for p in all_posts}
    published = sorted((p for p in all_posts if inside(pub_at[id(p)])), key=lambda p: (pub_at[id(p)], ids[id(p)]))
    per_platform: Counter[str] = Counter()
    per_category: Counter[str] = Counter()
    per_group: Counter[str] = Counter()
    per_series: Counter[str] = Counter()
    per_month: dict[tuple[int, int], dict[str, int]] = {ym: {} for ym in period.months()}
    for p in published:
        when = pub_at[id(p)]
        assert when is not None
        local = when.astimezone(tz)
        month = per_month.setdefault((local.year, local.month), {})
        for pl in post_platforms(p):
            per_platform[pl] += 1
            month[pl] = month.get(pl, 0) + 1
        cat = sop.categories.get(p.category)
        per_category[cat.label if cat else (p.category or "(tanpa kategori)")] += 1
        per_group[sop.category_groups.get(cat.group, cat.group) if cat else "(tidak dikenal)"] += 1
        per_series[p.series or "(tanpa seri)"] += 1

    initial = sop.initial_state
    started = sum(1 for p in all_posts if inside(_first_entry(hist[id(p)], {initial})))
    cancelled_posts = [p for p in all_posts if inside(_first_entry(hist[id(p)], cancelled))]

    runs = [r for pm in measures.values() for r in pm.runs if inside(r.end)]
    decisions = [r for r in runs if r.step == decision]
    n_rework = sum(1 for r in decisions if r.ended_in in rework)
    by_pid = {ids[id(p)]: p for p in all_posts}
    rework_notes = [(r.post_id, _note_at(hist[id(by_pid[r.post_id])], r.ended_in, r.end))
                    for r in decisions if r.ended_in in rework and r.post_id in by_pid]
    rounds: Counter[int] = Counter()
    for r in decisions:
        if r.ended_in not in rework:
            rounds[measures[r.post_id].rounds] += 1

    steps = []
    for st in sop.steps:
        mine = [r for r in runs if r.step == st.number]
        vals = [r.minutes for r in mine]
        over = sorted((r for r in mine if not r.within_norm), key=lambda r: (-r.overrun, r.post_id, r.round))
        steps.append(StepStat(st.norm.minutes, st.norm.text, len(mine), median(vals), percentile_nearest_rank(vals, 90),
                              sum(1 for r in mine if r.within_norm), over[:WORST],
                              number=st.number, activity=st.activity, performer=sop.roles[st.performer].name,
                              median_overrun=median([r.overrun for r in over]),
                              max_overrun=over[0].overrun if over else None))

    cycles = [pm.cycle for pm in measures.values() if pm.cycle is not None and inside(pm.cycle.end)]
    cvals = [c.minutes for c in cycles]
    cworst = sorted((c for c in cycles if not c.within_norm), key=lambda c: (-c.minutes, c.post_id))[:WORST]
    cycle = CycleStat(sop.total_norm_minutes, sop.total_norm_text, len(cycles), median(cvals),
                      percentile_nearest_rank(cvals, 90), sum(1 for c in cycles if c.within_norm), cworst)

    waiting = []
    by_id = {ids[id(p)]: p for p in posts}  # a deleted post waits for nobody
    for pid, pm in measured.measures.items():
        if not pm.consistent:
            continue
        post = by_id[pid]
        for op in open_steps_at(post, sop, clock, cutoff, history=hist[id(post)], post_id=pid):
            state = sop.states[op.status]
            role = sop.roles[state.holder].name if state.holder in sop.roles else "-"
            waiting.append(Waiting(pid, post.title, state.label, role, op))
    waiting.sort(key=lambda w: (-w.open.minutes, w.post_id))

    notes = list(source_notes or [])
    if git is not None and git.available:
        no_disp = [ids[id(p)] for p in all_posts
                   if _first_entry(hist[id(p)], {initial}) is None and git.get(ids[id(p)]) is not None]
        for pid in sorted(no_disp):
            first = git.get(pid).first  # type: ignore[union-attr]
            if first is not None:
                notes.append(f"{pid}: riwayat tanpa disposisi; commit pertama {format_date_id(first.at)} "
                             f"oleh {first.author}")

    removed_rows = []
    for gp in gone:
        first_pub = _first_entry(gone_m.hist[id(gp.post)], published_states)
        if inside(first_pub) or inside(gp.deleted_at):
            last = sop.states.get(gp.post.status)
            removed_rows.append(RemovedRow(gp.post.id, gp.post.title, last.label if last else gp.post.status,
                                      first_pub, gp.deleted_at, gp.deleted_by, gp.deleting_commit))
    removed_rows.sort(key=lambda x: (x.deleted_at, x.post_id))
    gone_ids = {gp.post.id for gp in gone}

    report = Laporan(
        institution=str(sop.meta.get("instansi", "")),
        sop_number=str(sop.meta.get("nomor", "")),
        period=period,
        now=now,
        cutoff=cutoff,
        tz=tz,
        minutes_per_day=sop.office.minutes_per_day,
        platform_names=platform_names or {},
        published=published,
        per_platform=dict(sorted(per_platform.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_category=dict(sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_group=dict(sorted(per_group.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_series=dict(sorted(per_series.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_month=dict(sorted(per_month.items())),
        started=started,
        cancelled=cancelled_posts,
        decisions=len(decisions),
        perbaikan=n_rework,
        rounds=dict(sorted(rounds.items())),
        steps=steps,
        cycle=cycle,
        waiting=waiting,
        problems=sorted(problems, key=lambda x: (x.path, x.line or 0)),
        git_available=bool(git and git.available),
        git_commits=git.commit_count if git else 0,
        fallback_notes=notes,
        cancelled_states=cancelled,
        titles={ids[id(p)]: p.title for p in all_posts},
        removed=removed_rows,
        removed_published=sum(1 for p in published if ids[id(p)] in gone_ids),
        agenda_numbers=dict(agenda_numbers or {}),
        perbaikan_notes=sorted(rework_notes),
    )
    if previous is not None:
        report.previous = build_laporan(posts, sop, calendar, previous, now, git=git, platform_names=platform_names,
                                     removed=removed, measured=measured, agenda_numbers=agenda_numbers)
    report.narrative = narrative(report)
    return report


def _note_at(history: list[HistoryEntry], status: str, when: datetime) -> str:
    """The ``catatan`` of the entry that moved the post into ``status`` at ``when``."""
    return next((h.note or "" for h in history if h.status == status and h.at == when), "")


# ---------------------------------------------------------------------------------------
# narrative


def pct(fraction: float | None) -> str:
    """0.1111 -> "11,1%" (Indonesian decimal comma); None -> "-"."""
    if fraction is None:
        return "-"
    text = f"{fraction * 100:.1f}".replace(".", ",")
    return text.removesuffix(",0") + "%"


def join_and(parts: list[str]) -> str:
    """"a, b dan c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " dan " + parts[-1]


def narrative(report: Laporan) -> str:
    """A short Indonesian summary generated from the figures, ready to paste into a report."""
    name = report.institution or "kantor"
    p = report.period
    span = f"{format_date_id(p.start)} s.d. {format_date_id(p.end)}"
    lead = p.label if " s.d. " in p.label else f"{p.label} ({span})"
    out = []
    if report.total_published:
        plat = join_and([f"{n} di {report.platform_names.get(k, k)}" for k, n in report.per_platform.items()])
        groups = join_and([f"{n} konten {k.lower()}" for k, n in report.per_group.items()])
        out.append(f"Selama {lead}, JDIH {name} menerbitkan {report.total_published} konten media sosial "
                   f"({plat}), terdiri atas {groups}.")
    else:
        out.append(f"Selama {lead}, JDIH {name} belum menerbitkan konten media sosial.")
    if report.removed_published:
        out.append(f"{report.removed_published} di antaranya kemudian dihapus dari folder konten; konten itu tetap "
                   f"dihitung dari riwayat git (lihat bagian Konten dihapus).")
    extra = [f"{report.started} disposisi baru diberikan"]
    if report.cancelled:
        extra.append(f"{len(report.cancelled)} konten dibatalkan")
    out.append(f"Dalam periode yang sama {join_and(extra)}.")
    if report.decisions:
        out.append(f"Dari {report.decisions} keputusan persetujuan Kasubbag, {report.perbaikan} "
                   f"({pct(report.perbaikan_rate)}) dikembalikan untuk perbaikan.")
    c = report.cycle
    if c.n:
        out.append(f"Waktu kerja seluruh alur dari disposisi sampai tautan disampaikan ke grup WhatsApp "
                   f"memiliki median {report.fmt(c.median)}; {pct(c.share_within)} konten ({c.within} dari {c.n}) "
                   f"selesai dalam norma SOP {c.norm_text}.")
    measured = [s for s in report.steps if s.n]
    if measured:
        worst = min(measured, key=lambda s: (s.share_within or 0.0, s.number))
        if worst.within < worst.n:
            out.append(f"Langkah yang paling sering melampaui norma adalah langkah {worst.number} "
                       f"oleh {worst.performer} (norma {worst.norm_text}): {pct(worst.share_within)} dalam norma, "
                       f"median {report.fmt(worst.median)}.")
        else:
            out.append("Seluruh langkah yang terukur selesai dalam norma waktu SOP.")
    if report.waiting:
        late = sum(1 for w in report.waiting if w.open.overdue)
        cutoff = format_date_id(report.cutoff.astimezone(report.tz))
        out.append(f"Per {cutoff}, {len(report.waiting)} konten masih dalam proses"
                   + (f", {late} di antaranya telah melewati norma waktu langkahnya." if late else "."))
    if report.problems:
        out.append(f"Terdapat {len(report.problems)} catatan riwayat yang tidak konsisten dan perlu dibetulkan.")
    return " ".join(out)


def content_root_of(posts: list[Post]) -> Path | None:
    """The ``content/`` folder the posts were read from (for relative paths in output)."""
    return posts[0].content_root if posts else None
