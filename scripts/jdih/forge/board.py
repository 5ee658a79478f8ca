"""The Decap board on GitHub kept to the SOP by CI (pure): which labels a pull request's card needs.

GitHub lets anyone with write access move a card (change a pull request's ``decap-cms/*`` label), so the
refusal comes from CI: on each ``labeled`` event a card moved by someone whose role does not allow the
step, or moved to "tidak setuju" without a reason, goes back to the column of its last accepted move,
with a comment in Indonesian that says why and that nothing was recorded (:mod:`jdih.forge.decap`
ignores such a move when the steps are recorded at the merge). On a "Request changes" review by the
Kasubbag (the reason of a tidak setuju) the card is moved into that step's column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..people import People
from ..sop_model import Sop
from .decap import LABEL_PREFIX, board_state
from .events import PullRequest

MARKER = "<!-- jdih-papan -->"


@dataclass(frozen=True)
class BoardCorrection:
    """The labels that put the card back, and why (the PR comment is :data:`MARKER` + ``message``)."""

    labels: list[str]
    column: str
    message: str


def correct_board(
    sop: Sop, people: People, pr: PullRequest, labels_now: list[str], timeline: list[dict[str, Any]],
    column_titles: dict[str, str], prefix: str = LABEL_PREFIX,
) -> BoardCorrection | None:
    """The correction for a card that is not in the column its accepted moves and reviews put it in;
    None when it is (or the PR is not Decap's, or has no card yet)."""
    state = board_state(sop, people, pr, timeline, prefix)
    column = state.column
    on_card = [name for name in labels_now if name.startswith(prefix)]
    if column is None or not on_card or on_card == [column]:
        return None

    def title(label: str) -> str:
        return column_titles.get(label[len(prefix) :], label)

    refused = [m for m in state.moves if m.refusal is not None and m.label in on_card]
    if refused:
        move = refused[-1]
        message = (
            f"Pemindahan kartu ke kolom **{title(move.label)}** oleh @{move.login or '?'} ditolak: "
            f"{move.refusal}. Kartu dikembalikan ke kolom **{title(column)}** dan tidak ada langkah SOP yang "
            "dicatat."
        )
    elif state.by_review:
        message = (f"Perbaikan diminta lewat review: kartu dipindah ke kolom **{title(column)}**; "
                   "teks review menjadi catatan perbaikan.")
    else:
        return None
    kept = [name for name in labels_now if not name.startswith(prefix)]
    return BoardCorrection([*kept, column], column, message)
