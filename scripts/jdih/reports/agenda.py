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

    nomor: str  # "012/JDIH-MEDSOS/2026", or "" when no date is known
    urut: int  # 12
    tahun: int
    post_id: str
    tanggal_disposisi: datetime | None
    sumber_tanggal: str  # "riwayat" | "git" | ""
    judul: str
    kategori: str  # label
    kelompok: str  # label of the category group
    seri: str
    pelaksana: dict[int, str]  # step number -> names of who carried it out
    status: str
    status_label: str
    terbit: datetime | None
    tautan: dict[str, str]
    halaman: str | None  # the post's page on the JDIH site, once published
    keterangan: str


@dataclass
class Agenda:
    """The agenda (optionally filtered to one period)."""

    instansi: str
    period: Period | None
    rows: list[AgendaRow]
    steps: list[tuple[int, str]]  # (number, short header text)
    catatan: list[str] = field(default_factory=list)


def agenda_number(urut: int, tahun: int) -> str:
    """``012/JDIH-MEDSOS/2026``."""
    return f"{urut:03d}/{AGENDA_SUFFIX}/{tahun}"


def disposisi_time(post: Post, sop: Sop) -> datetime | None:
    """When the post received its disposisi (the first entry into the initial state)."""
    initial = sop.initial_state
    for h in post.history:
        if h.status == initial:
            return h.waktu
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
    entries: list[tuple[Post, datetime | None, str, datetime | None]] = []
    for p in posts:
        entries.append((p, *_start(p, sop, git), None))
    present = {p.id for p in posts}
    for r in removed or []:
        if r.post.id not in present:  # re-added in the working tree: listed once, as it is now
            entries.append((r.post, *_start(r.post, sop, git), r.deleted_at))

    dated = [e for e in entries if e[1] is not None]
    undated = [e for e in entries if e[1] is None]
    dated.sort(key=lambda e: (e[1].astimezone(tz).year, e[1], e[0].id))  # type: ignore[union-attr]
    counters: dict[int, int] = {}
    rows: list[AgendaRow] = []
    for post, when, source, deleted_at in dated:
        assert when is not None
        year = when.astimezone(tz).year
        counters[year] = counters.get(year, 0) + 1
        row = _row(post, sop, people, counters[year], year, when, source, deleted_at, site_url)
        where = (on_branch or {}).get(post.id)
        if where:
            row = replace(row, keterangan="; ".join(n for n in (where, row.keterangan) if n))
        rows.append(row)
    catatan = []
    for post, _, _, _ in sorted(undated, key=lambda e: e[0].id):
        catatan.append(f"{post.id}: tanpa nomor agenda (tidak ada entri disposisi di riwayat maupun commit git)")
    if period is not None:
        rows = [r for r in rows if r.tanggal_disposisi is not None and period.contains(r.tanggal_disposisi, tz)]
    steps = [(s.nomor, f"Langkah {s.nomor} ({sop.roles[s.pelaksana].nama})") for s in sop.steps]
    return Agenda(str(sop.meta.get("instansi", "")), period, rows, steps, catatan)


def _tz(sop: Sop) -> ZoneInfo:
    return ZoneInfo(sop.office.zona_waktu)


def _start(post: Post, sop: Sop, git: GitHistory | None) -> tuple[datetime | None, str]:
    when = disposisi_time(post, sop)
    if when is not None:
        return when, "riwayat"
    hist = git.get(post.id) if git else None
    if hist is not None and hist.first is not None:
        return hist.first.waktu, "git"
    return None, ""


def _row(
    post: Post, sop: Sop, people: People, urut: int, year: int, when: datetime, source: str,
    deleted_at: datetime | None, site_url: str | None,
) -> AgendaRow:
    done = performers(post, sop)
    pelaksana = {}
    for st in sop.steps:
        ids = done.get(st.nomor, [])
        pelaksana[st.nomor] = ", ".join((people.get(i).nama if people.get(i) else i) for i in ids)  # type: ignore[union-attr]
    state = sop.states.get(post.status)
    label = state.label if state else (post.status or "(tanpa status)")
    published = next((h.waktu for h in post.history if sop.is_published(h.status)), None)
    notes = []
    if deleted_at is not None:
        label = f"{label} (dihapus)"
        from ..worktime import format_date_id

        notes.append(f"folder konten dihapus pada {format_date_id(deleted_at.astimezone(_tz(sop)))}")
    if source == "git":
        notes.append("tanggal disposisi dari commit git pertama (riwayat tidak mencatat disposisi)")
    if history_problems(post, sop):
        notes.append("riwayat tidak konsisten (lihat laporan)")
    cat = sop.categories.get(post.kategori)
    page = post_url(site_url, post.id) if site_url and sop.is_published(post.status) and deleted_at is None else None
    return AgendaRow(
        nomor=agenda_number(urut, year),
        urut=urut,
        tahun=year,
        post_id=post.id,
        tanggal_disposisi=when,
        sumber_tanggal=source,
        judul=post.judul,
        kategori=cat.label if cat else post.kategori,
        kelompok=sop.category_groups.get(cat.kelompok, cat.kelompok) if cat else "",
        seri=post.seri or "",
        pelaksana=pelaksana,
        status=post.status,
        status_label=label,
        terbit=published,
        tautan=post.tautan,
        halaman=page,
        keterangan="; ".join(notes),
    )
