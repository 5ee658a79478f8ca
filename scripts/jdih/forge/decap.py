"""Decap CMS on GitHub: its status labels on a pull request as SOP steps (pure: no network, no git).

Decap's editorial workflow opens one pull request per entry from a branch ``cms/<collection>/<slug>``
and keeps the entry's column as a label ``decap-cms/draft``, ``decap-cms/pending_review`` or
``decap-cms/pending_publish`` (prefix from ``backend.cms_label_prefix``). Moving a card removes
one label and adds the next: the ``labeled`` event is the move, made by its ``actor`` at its
``created_at``. The column's SOP step is the one command leading into that column from another
one (:mod:`jdih.desk.columns`, the same board as ``jdih meja``); the person must hold its role,
and :func:`jdih.forge.mapping.apply_steps` checks that the step applies from the post's state.
Publish is the merge, which the existing mapping already records (by the Kasubbag only).
"""

from __future__ import annotations

from typing import Any

from ..people import People
from ..sop_model import Sop, role_names
from .events import PullRequest, parse_github_time

BRANCH_PREFIX = "cms/"
LABEL_PREFIX = "decap-cms/"
# A move to "Dikerjakan" on the board is a rejection; labels carry no text, so the note says where it came from.
BOARD_NOTE = "tidak setuju (dipindah di papan Decap CMS)"


def is_decap_branch(ref: str | None) -> bool:
    """True for a branch Decap's editorial workflow created."""
    return bool(ref) and str(ref).startswith(BRANCH_PREFIX)


def column_commands(sop: Sop) -> dict[str, str]:
    """Decap column -> the SOP command that moves a post into it from another column."""
    from ..desk import columns

    board = columns.board(sop)
    found: dict[str, set[str]] = {}
    for t in columns.board_moves(sop):
        into, out_of = board.column(t.target), board.column(t.source or "")
        if into and into != out_of:
            found.setdefault(into, set()).add(t.command)
    return {col: next(iter(cmds)) for col, cmds in found.items() if len(cmds) == 1}


def decap_steps(
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], mapped: list[Any]
) -> tuple[list[Any], list[str]]:
    """The steps of a pull request (``mapped`` by :mod:`jdih.forge.mapping`) corrected for Decap.

    Decap opens its pull request at the first save and commits every save, so on a ``cms/...``
    branch neither the opening nor a new commit is a hand-in: the board's labels are.
    """
    if not is_decap_branch(pr.head_ref):
        return mapped, []
    hints = {sop.forge.pr_opened, sop.forge.new_commit}
    kept = [p for p in mapped if not (p.command in hints and p.source.startswith(("PR #", "commit baru")))]
    moved, notes = label_steps(sop, people, pr, timeline)
    return kept + moved, notes


def label_steps(
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], prefix: str = LABEL_PREFIX
) -> tuple[list[Any], list[str]]:
    """SOP steps from the ``labeled`` events of a Decap pull request, plus notes on refused moves."""
    from .mapping import Proposed

    if not is_decap_branch(pr.head_ref):
        return [], []
    commands = column_commands(sop)
    out: list[Proposed] = []
    notes: list[str] = []
    for ev in timeline:
        if ev.get("event") != "labeled":
            continue
        name = str((ev.get("label") or {}).get("name") or "")
        if not name.startswith(prefix):
            continue
        perintah = commands.get(name[len(prefix) :])
        when = parse_github_time(ev.get("created_at"))
        if perintah is None or when is None:
            continue
        login = (ev.get("actor") or {}).get("login")
        person = people.by_github(login) if isinstance(login, str) else None
        roles = sop.roles_for_command(perintah)
        if person is None or not person.has_role(*roles):
            notes.append(
                f"label {name} di PR #{pr.number} dipasang oleh {login}, bukan {role_names(sop, roles)}: "
                "tidak dicatat sebagai langkah SOP"
            )
            continue
        note = BOARD_NOTE if sop.note_required(perintah) else None
        out.append(Proposed(perintah, person.id, when, note, f"label {name} di PR #{pr.number}"))
    return out, notes
