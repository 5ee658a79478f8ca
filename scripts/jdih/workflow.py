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


def check_transition(sop: Sop, people: People, dari: str | None, ke: str, oleh: str) -> Transition:
    """The transition ``dari`` → ``ke`` by person ``oleh``, or a TransitionError saying why not."""
    if ke not in sop.states:
        raise TransitionError(f"status '{ke}' tidak dikenal dalam SOP")
    t = sop.transition(dari, ke)
    if t is None:
        asal = f"'{dari}'" if dari else "konten baru"
        allowed = [x.ke for x in sop.transitions_from(dari)]
        hint = f"; dari {asal} hanya boleh ke: {', '.join(allowed)}" if allowed else f"; {asal} sudah final"
        raise TransitionError(f"SOP tidak mengizinkan perpindahan {asal} → '{ke}'{hint}")
    person = people.get(oleh)
    if person is None:
        raise TransitionError(
            f"'{oleh}' tidak terdaftar di sop/peran.yml",
            saran="Tambahkan orang tersebut beserta perannya ke sop/peran.yml.",
        )
    if not person.has_role(*t.peran):
        raise TransitionError(
            f"{person.nama} tidak berwenang: langkah ini ('{dari or 'baru'}' → '{ke}') hanya boleh "
            f"dilakukan oleh {role_names(sop, t.peran)}"
        )
    return t


def apply_transition(
    sop: Sop,
    people: People,
    meta: dict[str, Any],
    ke: str,
    oleh: str,
    waktu: datetime,
    catatan: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """New front matter with ``status`` = ``ke`` and a ``riwayat`` entry appended.

    Refuses a time that is naive or not after the previous entry (history must increase).
    """
    if waktu.tzinfo is None:
        raise TransitionError("waktu langkah harus memiliki zona waktu")
    dari = current_status(meta) if meta.get("riwayat") else None
    check_transition(sop, people, dari, ke, oleh)
    history = meta.get("riwayat") or []
    if history and isinstance(history[-1], dict):
        last = parse_time(history[-1].get("waktu"))
        if last is not None and waktu <= last:
            raise TransitionError(
                f"waktu langkah ({waktu.isoformat()}) tidak boleh sebelum/sama dengan langkah terakhir "
                f"({last.isoformat()})"
            )
    new = copy.deepcopy(meta)
    entry: dict[str, Any] = {"status": ke, "oleh": oleh, "waktu": waktu.replace(microsecond=0)}
    if catatan:
        entry["catatan"] = catatan
    if extra:
        entry.update(extra)
    new["status"] = ke
    new["riwayat"] = [*history, entry]
    return new
