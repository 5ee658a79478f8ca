"""The Buku Agenda: every post ever started, with a stable agenda number per year.

Numbering: within each calendar year (WIB) of the disposisi, posts are ordered by the time
of their disposisi, ties broken by post id, and numbered from 1: ``012/JDIH-MEDSOS/2026``.
Posts deleted from ``content/`` are still read from git history and keep their number, and a
cancelled post keeps its number too, so a number never changes when posts are added later
(with a later disposisi), cancelled or deleted. Numbers are stable as long as git history
is not rewritten and nobody back-dates a disposisi into an earlier position.
A post without a ``disposisi`` entry in ``riwayat`` takes the time of its first commit
(marked "git" in the ``sumber`` column); a post with neither is listed without a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from ..links import post_url
from ..people import People
from ..post import Post
from ..sop_model import Sop
from .git_history import GitHistory
from .measures import history_problems, performers
from .periods import Period
from .removed import RemovedPost

AGENDA_SUFFIX = "JDIH-MEDSOS"


@dataclass(frozen=True)
class AgendaRow:
    """One line of the Buku Agenda."""

    number: str  # "012/JDIH-MEDSOS/2026", or "" when no date is known
    serial: int  # 12
    year: int
    post_id: str
    disposisi_at: datetime | None
    date_source: str  # "riwayat" | "git" | ""
    title: str
    category: str  # label
    group: str  # label of the category group
    series: str
    performers: dict[int, str]  # step number -> names of who carried it out
    status: str
    status_label: str
    published_at: datetime | None
    links: dict[str, str]
    page: str | None  # the post's page on the JDIH site, once published
    description: str


@dataclass
class Agenda:
    """The agenda (optionally filtered to one period)."""

    institution: str
    period: Period | None
    rows: list[AgendaRow]
    steps: list[tuple[int, str]]  # (number, short header text)
    notes: list[str] = field(default_factory=list)


def agenda_number(serial: int, year: int) -> str:
    """``012/JDIH-MEDSOS/2026``."""
    return f"{serial:03d}/{AGENDA_SUFFIX}/{year}"


def disposisi_time(post: Post, sop: Sop) -> datetime | None:
    """When the post received its disposisi (the first entry into the initial state)."""
    initial = sop.initial_state
    for h in post.history:
        if h.status == initial:
            return h.at
    return None


def build_agenda(
    posts: list[Post],
    sop: Sop,
    people: People,
    *,
    git: GitHistory | None = None,
    removed: list[RemovedPost] | None = None,
    site_url: str | None = None,
    period: Period | None = None,
    on_branch: Mapping[str, str] | None = None,
) -> Agenda:
    """Number every post ever started and return the rows (of ``period`` when given).

    ``on_branch``: post id -> where it is, for posts read from a ``konten/`` branch not yet on main
    (see :func:`jdih.gitflow.branch_posts.with_branch_posts`); the mark goes into ``keterangan``."""
    tz = _tz(sop)
    dated, undated = _ordered(posts, sop, git, removed)
    rows: list[AgendaRow] = []
    for (post, when, source, deleted_at), (serial, year) in zip(dated, _serials(dated, tz), strict=True):
        row = _row(post, sop, people, serial, year, when, source, deleted_at, site_url)
        where = (on_branch or {}).get(post.id)
        if where:
            row = replace(row, description="; ".join(n for n in (where, row.description) if n))
        rows.append(row)
    notes = []
    for post in sorted(undated, key=lambda p: p.id):
        notes.append(f"{post.id}: tanpa nomor agenda (tidak ada entri disposisi di riwayat maupun commit git)")
    if period is not None:
        rows = [r for r in rows if r.disposisi_at is not None and period.contains(r.disposisi_at, tz)]
    steps = [(s.number, f"Langkah {s.number} ({sop.roles[s.performer].name})") for s in sop.steps]
    return Agenda(str(sop.meta.get("instansi", "")), period, rows, steps, notes)


def agenda_numbers(posts: list[Post], sop: Sop, *, git: GitHistory | None = None,
                   removed: list[RemovedPost] | None = None) -> dict[str, str]:
    """Post id -> agenda number, exactly as :func:`build_agenda` numbers them, without building the rows
    (the laporan names posts by number; the rows cost it ~1 s of CPU over 10,000 posts)."""
    dated, _ = _ordered(posts, sop, git, removed)
    return {e[0].id: agenda_number(serial, year) for e, (serial, year) in zip(dated, _serials(dated, _tz(sop)),
                                                                              strict=True)}


_Entry = tuple[Post, datetime, str, datetime | None]  # post, disposisi time, its source, deletion time


def _ordered(posts: list[Post], sop: Sop, git: GitHistory | None, removed: list[RemovedPost] | None
             ) -> tuple[list[_Entry], list[Post]]:
    """Posts with a known start in agenda order (year, time, id), and the posts without one."""
    tz = _tz(sop)
    entries: list[tuple[Post, datetime | None, str, datetime | None]] = []
    for p in posts:
        entries.append((p, *_start(p, sop, git), None))
    present = {p.id for p in posts}
    for r in removed or []:
        if r.post.id not in present:  # re-added in the working tree: listed once, as it is now
            entries.append((r.post, *_start(r.post, sop, git), r.deleted_at))
    dated = [(p, when, source, gone) for p, when, source, gone in entries if when is not None]
    dated.sort(key=lambda e: (e[1].astimezone(tz).year, e[1], e[0].id))
    return dated, [e[0] for e in entries if e[1] is None]


def _serials(dated: list[_Entry], tz: ZoneInfo) -> list[tuple[int, int]]:
    """(serial, year) of each entry: numbered from 1 within each year."""
    counters: dict[int, int] = {}
    out = []
    for _, when, _, _ in dated:
        year = when.astimezone(tz).year
        counters[year] = counters.get(year, 0) + 1
        out.append((counters[year], year))
    return out


def _person_name(people: People, pid: str) -> str:
    person = people.get(pid)
    return person.name if person else pid


def _tz(sop: Sop) -> ZoneInfo:
    return ZoneInfo(sop.office.timezone)


def _start(post: Post, sop: Sop, git: GitHistory | None) -> tuple[datetime | None, str]:
    when = disposisi_time(post, sop)
    if when is not None:
        return when, "riwayat"
    hist = git.get(post.id) if git else None
    if hist is not None and hist.first is not None:
        return hist.first.at, "git"
    return None, ""


def _row(
    post: Post, sop: Sop, people: People, serial: int, year: int, when: datetime, source: str,
    deleted_at: datetime | None, site_url: str | None,
) -> AgendaRow:
    done = performers(post, sop)
    by_step = {}
    for st in sop.steps:
        ids = done.get(st.number, [])
        by_step[st.number] = ", ".join(_person_name(people, i) for i in ids)
    state = sop.states.get(post.status)
    label = state.label if state else (post.status or "(tanpa status)")
    published = next((h.at for h in post.history if sop.is_published(h.status)), None)
    notes = []
    if deleted_at is not None:
        label = f"{label} (dihapus)"
        from ..worktime import format_date_id

        notes.append(f"folder konten dihapus pada {format_date_id(deleted_at.astimezone(_tz(sop)))}")
    if source == "git":
        notes.append("tanggal disposisi dari commit git pertama (riwayat tidak mencatat disposisi)")
    if history_problems(post, sop):
        notes.append("riwayat tidak konsisten (lihat laporan)")
    cat = sop.categories.get(post.category)
    page = post_url(site_url, post.id) if site_url and sop.is_published(post.status) and deleted_at is None else None
    return AgendaRow(
        number=agenda_number(serial, year),
        serial=serial,
        year=year,
        post_id=post.id,
        disposisi_at=when,
        date_source=source,
        title=post.title,
        category=cat.label if cat else post.category,
        group=sop.category_groups.get(cat.group, cat.group) if cat else "",
        series=post.series or "",
        performers=by_step,
        status=post.status,
        status_label=label,
        published_at=published,
        links=post.links,
        page=page,
        description="; ".join(notes),
    )
