"""Pure comparison of two versions of a post's front matter (no git here).

Used by ``jdih periksa --dasar`` (what a change must not do) and by ``jdih riwayat``
(what a commit changed). Inputs are plain dicts; outputs are :class:`Problem` records with
a key path, so the shell can turn them into findings with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import TransitionError
from ..people import People
from ..post import parse_time
from ..sop_model import Sop, role_names
from ..workflow import check_transition

# An entry may be written a little before it is committed (the command writes, then commits).
DEFAULT_TOLERANCE = timedelta(minutes=30)
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Problem:
    """One thing a change must not do. ``keys`` locates it in the new (or old) front matter."""

    code: str
    message: str
    keys: tuple[Any, ...] = ()
    warning: bool = False  # a warning (PERINGATAN) instead of an error


def ci_only_states(sop: Sop) -> frozenset[str]:
    """States entered only by the merge or by CI (approval, upload, announcement in sop/alur.yml):
    a change proposed by staff must never contain them."""
    return sop.merge_or_ci_states


def entry_key(entry: Any) -> tuple[str, str, str]:
    """Identity of a riwayat entry for comparing versions (status, person, normalised time)."""
    if not isinstance(entry, dict):
        return ("", "", repr(entry))
    t = parse_time(entry.get("waktu"))
    when = t.isoformat() if t else str(entry.get("waktu"))
    return (str(entry.get("status")), str(entry.get("oleh")), when)


def _normal(entry: Any) -> Any:
    """An entry with its time normalised, so a re-serialised but equal entry compares equal."""
    if not isinstance(entry, dict):
        return entry
    out = dict(entry)
    for k in ("waktu", "mulai"):
        t = parse_time(out.get(k))
        if t is not None:
            out[k] = t.isoformat()
    return out


def _history(meta: dict[str, Any] | None) -> list[Any]:
    v = (meta or {}).get("riwayat")
    return list(v) if isinstance(v, list) else []


def _links(meta: dict[str, Any] | None) -> dict[str, Any]:
    v = (meta or {}).get("tautan")
    return dict(v) if isinstance(v, dict) else {}


def new_entries(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[tuple[int, dict[str, Any]]]:
    """Entries of ``new`` after the common prefix with ``old``, as (index, entry)."""
    old_h, new_h = _history(old), _history(new)
    start = len(old_h) if [_normal(e) for e in new_h[: len(old_h)]] == [_normal(e) for e in old_h] else len(new_h)
    return [(i, e) for i, e in enumerate(new_h) if i >= start and isinstance(e, dict)]


def compare_versions(
    sop: Sop,
    people: People,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> list[Problem]:
    """What the change ``old`` → ``new`` does that a proposed change must not do.

    ``old`` None = the post is new; ``new`` None = the post was deleted.
    """
    problems: list[Problem] = []
    ci_states = ci_only_states(sop)
    if new is None:
        status = str((old or {}).get("status"))
        if sop.is_published(status) or status in ci_states or _links(old):
            problems.append(
                Problem(
                    "PERUBAHAN-HAPUS-TERBIT",
                    f"konten berstatus '{status}' (sudah disetujui/terbit) tidak boleh dihapus",
                )
            )
        return problems

    old_h, new_h = _history(old), _history(new)
    # 1. earlier entries are immutable
    for i, entry in enumerate(old_h):
        if i >= len(new_h):
            problems.append(
                Problem(
                    "PERUBAHAN-RIWAYAT-HAPUS",
                    f"entri riwayat ke-{i + 1} ({entry_key(entry)[0]}) dihapus; riwayat hanya boleh ditambah",
                    ("riwayat",),
                )
            )
            break
        if _normal(new_h[i]) != _normal(entry):
            a, b = _normal(entry), _normal(new_h[i])
            diff = [k for k in (*a, *b) if a.get(k) != b.get(k)] if isinstance(a, dict) and isinstance(b, dict) else []
            where = ("riwayat", i, diff[0]) if diff else ("riwayat", i)
            problems.append(
                Problem(
                    "PERUBAHAN-RIWAYAT-UBAH",
                    f"entri riwayat ke-{i + 1} diubah (semula {entry_key(entry)[0]} oleh {entry_key(entry)[1]} "
                    f"pada {entry_key(entry)[2]}); entri lama tidak boleh diubah",
                    where,
                )
            )
    # 2. appended entries walk the SOP one allowed step at a time, never into a CI-only state
    if len(new_h) >= len(old_h) and not any(p.code.startswith("PERUBAHAN-RIWAYAT") for p in problems):
        prev = entry_key(old_h[-1])[0] if old_h else None
        for i in range(len(old_h), len(new_h)):
            entry = new_h[i]
            if not isinstance(entry, dict):
                continue
            target, actor = str(entry.get("status")), str(entry.get("oleh"))
            if target in ci_states:
                problems.append(
                    Problem(
                        "PERUBAHAN-KHUSUS-CI",
                        f"status '{target}' hanya dicatat oleh merge Kasubbag atau CI, "
                        "bukan dalam perubahan/pull request",
                        ("riwayat", i, "status"),
                    )
                )
            else:
                try:
                    check_transition(sop, people, prev, target, actor)
                except TransitionError as exc:
                    problems.append(Problem("PERUBAHAN-LONCAT", exc.message, ("riwayat", i)))
            prev = target
    # 3. status moves only together with a new entry
    old_status, new_status = (old or {}).get("status"), new.get("status")
    if old is not None and old_status != new_status and len(new_h) <= len(old_h):
        problems.append(
            Problem(
                "PERUBAHAN-STATUS",
                f"status diubah dari '{old_status}' ke '{new_status}' tanpa entri riwayat baru",
                ("status",),
            )
        )
    already = any(p.code == "PERUBAHAN-KHUSUS-CI" for p in problems)
    if new_status in ci_states and new_status != old_status and not already:
        problems.append(
            Problem(
                "PERUBAHAN-KHUSUS-CI",
                f"status '{new_status}' hanya ditetapkan oleh merge Kasubbag atau CI",
                ("status",),
            )
        )
    # 4. links are written only by publishing
    if _links(old) != _links(new):
        problems.append(
            Problem(
                "PERUBAHAN-TAUTAN",
                "'tautan' hanya ditulis oleh proses penerbitan (CI), bukan diubah manual",
                ("tautan",),
            )
        )
    return problems


def check_entry_times(
    entries: Iterable[tuple[int, dict[str, Any]]],
    committed_at: datetime,
    what: str,
    tolerance: timedelta = DEFAULT_TOLERANCE,
    authored_at: datetime | None = None,
) -> list[Problem]:
    """Entries added by one commit (or the working tree) must be dated around ``committed_at``.

    An entry older than ``tolerance`` before, or later than a small clock skew after, the commit
    that added it was backdated or forged. A rebase re-dates the committer but keeps the author
    date, so an entry that fits ``authored_at`` passes too.
    """

    def fits(t: datetime, at: datetime | None) -> bool:
        return at is not None and at - tolerance <= t <= at + CLOCK_SKEW

    out: list[Problem] = []
    for i, entry in entries:
        t = parse_time(entry.get("waktu"))
        if t is None:
            continue  # schema checks report malformed times
        if not (fits(t, committed_at) or fits(t, authored_at)):
            out.append(
                Problem(
                    "PERUBAHAN-WAKTU",
                    f"entri riwayat '{entry.get('status')}' bertanggal {t.isoformat()} padahal ditambahkan oleh "
                    f"{what} pada {committed_at.isoformat()}; waktu entri harus waktu langkah itu dilakukan",
                    ("riwayat", i, "waktu"),
                )
            )
    return out


def check_entry_actor(
    entries: Iterable[tuple[int, dict[str, Any]]], author: str | None, author_label: str, what: str
) -> list[Problem]:
    """Entries should be written by the person they name: warn when another person's commit adds them.

    ``author`` is the person id behind the commit's author e-mail (None = not in sop/peran.yml).
    A warning, not an error: an office may let the pengelola type a step for a Kasubbag who
    works only in GitHub's web interface, but the reviewer should see it.
    """
    out: list[Problem] = []
    for i, entry in entries:
        actor = entry.get("oleh")
        if isinstance(actor, str) and actor != author:
            out.append(
                Problem(
                    "PERUBAHAN-PELAKU",
                    f"entri riwayat '{entry.get('status')}' atas nama '{actor}' ditambahkan oleh {what} milik "
                    f"{author_label}; langkah sebaiknya dicatat oleh orangnya sendiri",
                    ("riwayat", i, "oleh"),
                    warning=True,
                )
            )
    return out


def describe_change(
    old: dict[str, Any] | None, new: dict[str, Any] | None, old_body: str = "", new_body: str = ""
) -> list[str]:
    """Indonesian one-line summaries of what changed between two versions (for ``jdih riwayat``)."""
    if old is None and new is None:
        return []
    if old is None:
        return [f"konten dibuat (status {new.get('status') if new else '?'})"]
    if new is None:
        return ["konten dihapus"]
    out: list[str] = []
    if old.get("status") != new.get("status"):
        out.append(f"status: {old.get('status')} → {new.get('status')}")
    for key, label in (
        ("judul", "judul"),
        ("kategori", "kategori"),
        ("seri", "seri"),
        ("platform", "platform"),
        ("jadwal", "jadwal"),
        ("tag", "tag"),
        ("dokumen_hukum", "dokumen hukum"),
        ("teks", "teks per platform"),
    ):
        if old.get(key) != new.get(key):
            out.append(f"{label} diubah")
    old_media = {m.get("berkas") for m in old.get("media") or [] if isinstance(m, dict)}
    new_media = {m.get("berkas") for m in new.get("media") or [] if isinstance(m, dict)}
    for name in sorted(str(n) for n in new_media - old_media):
        out.append(f"media ditambah: {name}")
    for name in sorted(str(n) for n in old_media - new_media):
        out.append(f"media dihapus: {name}")
    if old_media == new_media and old.get("media") != new.get("media"):
        out.append("keterangan media diubah")
    ot, nt = _links(old), _links(new)
    for p in sorted(set(nt) - set(ot)):
        out.append(f"tautan {p} ditambahkan")
    if old_body.strip() != new_body.strip():
        out.append("isi/keterangan (caption) diubah")
    added = new_entries(old, new)
    if added and not out:
        out.append("riwayat ditambah")
    return out


# -- the SOP's own fields as text (issue 14: an editor's save must not rewrite them) ---------------

SOP_FIELDS = ("status", "riwayat", "tautan")  # written only by SOP step commits and CI
# A top-level key of a block mapping: column 0, not a list item, comment or flow/quoted scalar start.
_TOP_KEY = re.compile(r"""^([^\s#'"?:,\[\]{}-][^:]*?|'[^']*'|"[^"]*"):(?:\s|$)""")
_STEP_SUBJECT = re.compile(r"^sop\(([a-z0-9_-]+)\): ")  # jdih.gitflow.steps.commit_message


def field_texts(front_matter: str) -> dict[str, str]:
    """Each top-level key of a front matter block with its own lines, exactly as written."""
    out: dict[str, str] = {}
    current: str | None = None
    for line in front_matter.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m:
            current = m.group(1).strip("'\"")
            out[current] = line
        elif current is not None:
            out[current] += line
    return out


def is_step_commit(sop: Sop, subject: str) -> bool:
    """True for the commit of an SOP step (``sop(<command>): <post>``, written by ``jdih`` and the desk)."""
    m = _STEP_SUBJECT.match(subject)
    return m is not None and m.group(1) in sop.commands


def _same_value(key: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    if key == "riwayat":
        return [_normal(e) for e in _history(old)] == [_normal(e) for e in _history(new)]
    return bool(old.get(key) == new.get(key))


def sop_field_rewrites(
    old_text: str | None, new_text: str | None, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> list[Problem]:
    """SOP-owned fields whose text changed although their value did not (reordered, requoted, refolded),
    and earlier ``riwayat`` entries no longer written as they were while new ones were added."""
    if old_text is None or new_text is None or old is None or new is None:
        return []
    a, b = field_texts(old_text), field_texts(new_text)
    out: list[Problem] = []
    for key in SOP_FIELDS:
        before, after = a.get(key), b.get(key)
        if before is None or after is None or before == after:
            continue
        if _same_value(key, old, new):
            out.append(Problem(
                "PERUBAHAN-FORMAT-SOP",
                f"'{key}' ditulis ulang tanpa perubahan isi (urutan kunci, tanda kutip, gaya daftar atau "
                "pelipatan baris berubah); bidang milik SOP hanya ditulis oleh langkah SOP dan CI: kembalikan "
                "teks aslinya (simpan dari meja kerja, bukan dengan editor lain)",
                (key,),
            ))
        elif key == "riwayat" and not after.startswith(before.rstrip("\n")):
            out.append(Problem(
                "PERUBAHAN-FORMAT-SOP",
                "entri lama 'riwayat' ditulis ulang (urutan kunci, tanda kutip atau pelipatan baris berubah); "
                "langkah SOP hanya menambah entri di bawahnya",
                (key,),
            ))
    return out


def sop_fields_touched(old_text: str | None, new_text: str | None) -> list[str]:
    """The SOP-owned fields whose text differs between two front matter blocks."""
    if old_text is None or new_text is None:
        return []
    a, b = field_texts(old_text), field_texts(new_text)
    return [k for k in SOP_FIELDS if a.get(k) != b.get(k)]


def new_post_sop_fields(new: dict[str, Any]) -> list[Problem]:
    """A new post saved from the web desk on GitHub carries no SOP field: CI writes its ``status`` and
    ``riwayat`` from the pull request's events at the merge, so any such field in it was typed by hand."""
    return [
        Problem(
            "PERUBAHAN-BARU-SOP",
            f"konten baru dari meja kerja memuat '{key}', padahal status, riwayat dan tautan konten baru "
            "hanya ditulis CI dari peristiwa pull request saat merge (disposisi = PR dibuka Kasubbag): "
            "hapus bidang itu",
            (key,),
        )
        for key in SOP_FIELDS
        if key in new
    ]


def new_post_opener(sop: Sop, people: People, login: str) -> list[Problem]:
    """A new web-desk post's pull request opened by ``login`` (GitHub): its opening is the disposisi, so
    the opener must hold that step's role, or CI will refuse the merge (:mod:`jdih.forge.record`)."""
    first = sop.transitions_from(None)[0]
    person = people.by_github(login)
    if person is not None and person.has_role(*first.roles):
        return []
    return [Problem(
        "PERUBAHAN-BARU-PEMBUKA",
        f"konten baru dari meja kerja, tetapi pull request-nya dibuka oleh {login}, bukan "
        f"{role_names(sop, first.roles)} terdaftar di sop/peran.yml: disposisi tidak dapat dicatat dan merge-nya "
        "akan ditolak CI; tutup pull request ini dan minta Kasubbag membuat konten baru dari meja kerja",
    )]


def outside_step(key: str, what: str) -> Problem:
    """``key`` changed by ``what``, a commit that is not an SOP step."""
    return Problem(
        "PERUBAHAN-BIDANG-SOP",
        f"'{key}' diubah oleh {what}, yang bukan commit langkah SOP; status, riwayat dan tautan hanya ditulis "
        "oleh perintah jdih, meja kerja, dan CI (jalankan langkahnya lewat `jdih` atau papan SOP)",
        (key,),
    )
