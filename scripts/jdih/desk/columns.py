"""How Decap's editorial board carries the SOP: three columns and Publish, derived from ``sop/alur.yml``.

Decap knows three statuses (``draft``, ``pending_review``, ``pending_publish``) and Publish.
The SOP has more open states, so each column holds the states of one phase, all derived from
the transitions (nothing here spells a state or a role):

- **pending_publish** ("Menunggu persetujuan"): the states the approval (:attr:`Sop.approval`)
  leaves from.
- **pending_review** ("Sunting"): the states whose step leads into pending_publish.
- **draft** ("Dikerjakan"): every other open state (disposisi, draf, perbaikan today).

A drag to another column is the one SOP step from the post's state into that column; Publish
is the approval; "delete" of an open entry is the cancellation. Steps that stay inside a column
(bahan/arahan: disposisi → draf) are made with the SOP panel of the entry form.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import TransitionError
from ..sop_model import Sop, Transition

DRAFT = "draft"
REVIEW = "pending_review"
READY = "pending_publish"
COLUMNS = (DRAFT, REVIEW, READY)


@dataclass(frozen=True)
class Board:
    """The column of every open SOP state and the commands behind Publish and delete."""

    column_of: dict[str, str]
    approve: str
    cancel: str

    def column(self, status: str) -> str | None:
        """Decap status of an SOP state (None when the post is not on the board)."""
        return self.column_of.get(status)

    def states_in(self, column: str) -> list[str]:
        """SOP states shown in ``column``."""
        return [s for s, c in self.column_of.items() if c == column]


def board(sop: Sop) -> Board:
    """The board for this SOP."""
    approve = sop.approval.command
    if not sop.cancel_commands:
        raise TransitionError("sop/alur.yml tidak memuat langkah pembatalan yang dapat dipetakan")
    open_states = [s for s in sop.states if s in sop.branch_states]
    ready = {t.source for t in sop.transitions if t.command == approve and t.source}
    review = {t.source for t in sop.transitions if t.target in ready and t.source and t.source not in ready}
    column_of = {s: READY if s in ready else REVIEW if s in review else DRAFT for s in open_states}
    return Board(column_of, approve, sop.cancel_commands[0])


def board_moves(sop: Sop) -> list[Transition]:
    """The SOP steps a person makes on a post's branch before it lands (drags and panel buttons)."""
    return [
        t for t in sop.transitions
        if t.source in sop.branch_states and t.target in sop.branch_states and t.command not in sop.landing_commands
    ]


def move_for(sop: Sop, status: str, column: str) -> Transition:
    """The SOP step that a drag of a post in ``status`` to ``column`` means, or a TransitionError."""
    b = board(sop)
    here = b.column(status)
    state = sop.states.get(status)
    label = state.label if state else status
    options = [t for t in board_moves(sop) if t.source == status and b.column(t.target) == column]
    if column == here or not options:
        inside = [t for t in board_moves(sop) if t.source == status and b.column(t.target) == here]
        hint = (
            f" Langkah berikutnya dari status ini dijalankan dengan tombol di panel \u201cLangkah SOP\u201d pada "
            f"formulir konten ({', '.join(sop.states[t.target].label for t in inside)})."
            if inside
            else ""
        )
        raise TransitionError(
            f"konten berstatus \u201c{label}\u201d tidak dapat dipindah ke kolom itu menurut SOP.{hint}"
        )
    return options[0]


def needs_note(sop: Sop, command: str) -> bool:
    """True when the SOP asks for a reason with this command (tidak setuju, batal)."""
    return sop.note_required(command)
