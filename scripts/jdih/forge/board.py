"""A move on the Decap board on GitHub that the mover's role does not allow, put back (pure).

GitHub lets anyone with write access move a card (change a pull request's ``decap-cms/*`` label), so the
refusal comes from CI: on each ``labeled`` event the PR's card goes back to the column of its last move
that the SOP allows, with a comment in Indonesian that names the step, who may make it and that nothing
was recorded (:mod:`jdih.forge.decap` already ignores such a move when the steps are recorded at the merge).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..people import People
from ..sop_model import Sop, role_names
from .decap import LABEL_PREFIX, board_moves
from .events import PullRequest

MARKER = "<!-- jdih-papan -->"


@dataclass(frozen=True)
class BoardCorrection:
    """The labels that put the card back, and the comment that says why."""

    labels: list[str]
    column: str
    message: str


def correct_board(
    sop: Sop, people: People, pr: PullRequest, labels_now: list[str], timeline: list[dict[str, Any]],
    column_titles: dict[str, str], prefix: str = LABEL_PREFIX,
) -> BoardCorrection | None:
    """The correction for a card standing in a column that a refused move put it in; None when the card
    is where the allowed moves left it (or the PR is not Decap's)."""
    moves, column = board_moves(sop, people, pr, timeline, prefix)
    on_card = [name for name in labels_now if name.startswith(prefix)]
    if column is None or on_card == [column]:
        return None
    refused = [m for m in moves if not m.allowed and m.label in on_card]
    if not refused:
        return None
    move = refused[-1]

    def title(label: str) -> str:
        return column_titles.get(label[len(prefix) :], label)

    roles = role_names(sop, sop.roles_for_command(move.command or ""))
    message = (
        f"{MARKER}\nPemindahan kartu ke kolom **{title(move.label)}** oleh @{move.login or '?'} ditolak: "
        f"langkah SOP '{move.command}' hanya boleh dilakukan oleh {roles}. Kartu dikembalikan ke kolom "
        f"**{title(column)}** dan tidak ada langkah SOP yang dicatat.\n"
    )
    kept = [name for name in labels_now if not name.startswith(prefix)]
    return BoardCorrection([*kept, column], column, message)
