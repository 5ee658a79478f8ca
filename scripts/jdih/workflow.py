"""The SOP state machine applied to a post: who may move it where, and the new front matter.

Pure functions: they take the front matter and return a new one, or raise
:class:`~jdih.errors.TransitionError` with an Indonesian reason. Git, GitHub and the
publishing code all go through :func:`apply_transition`.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from .errors import TransitionError
from .people import People
from .post import parse_time
from .sop_model import Sop, Transition, role_names


def current_status(meta: dict[str, Any]) -> str | None:
    """Status of a post's front matter (None for a new, empty one)."""
    v = meta.get("status")
    return v if isinstance(v, str) else None


def check_transition(sop: Sop, people: People, source: str | None, target: str, person_id: str) -> Transition:
    """The transition ``source`` → ``target`` by person ``person_id``, or a TransitionError saying why not."""
    if target not in sop.states:
        raise TransitionError(f"status '{target}' tidak dikenal dalam SOP")
    t = sop.transition(source, target)
    if t is None:
        origin = f"'{source}'" if source else "konten baru"
        allowed = [x.target for x in sop.transitions_from(source)]
        hint = f"; dari {origin} hanya boleh ke: {', '.join(allowed)}" if allowed else f"; {origin} sudah final"
        raise TransitionError(f"SOP tidak mengizinkan perpindahan {origin} → '{target}'{hint}")
    person = people.get(person_id)
    if person is None:
        raise TransitionError(
            f"'{person_id}' tidak terdaftar di sop/peran.yml",
            hint="Tambahkan orang tersebut beserta perannya ke sop/peran.yml.",
        )
    if not person.has_role(*t.roles):
        raise TransitionError(
            f"{person.name} tidak berwenang: langkah ini ('{source or 'baru'}' → '{target}') hanya boleh "
            f"dilakukan oleh {role_names(sop, t.roles)}"
        )
    return t


def apply_transition(
    sop: Sop,
    people: People,
    meta: dict[str, Any],
    target: str,
    person_id: str,
    when: datetime,
    note: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """New front matter with ``status`` = ``target`` and a ``riwayat`` entry appended.

    The entry records ``person_id`` (``oleh``), ``when`` (``waktu``) and the ``note`` (``catatan``).
    Refuses a time that is naive or not after the previous entry (history must increase).
    """
    if when.tzinfo is None:
        raise TransitionError("waktu langkah harus memiliki zona waktu")
    source = current_status(meta) if meta.get("riwayat") else None
    check_transition(sop, people, source, target, person_id)
    history = meta.get("riwayat") or []
    if history and isinstance(history[-1], dict):
        last = parse_time(history[-1].get("waktu"))
        if last is not None and when <= last:
            raise TransitionError(
                f"waktu langkah ({when.isoformat()}) tidak boleh sebelum/sama dengan langkah terakhir "
                f"({last.isoformat()})"
            )
    new = copy.deepcopy(meta)
    entry: dict[str, Any] = {"status": target, "oleh": person_id, "waktu": when.replace(microsecond=0)}
    if note:
        entry["catatan"] = note
    if extra:
        entry.update(extra)
    new["status"] = target
    new["riwayat"] = [*history, entry]
    return new
