"""Decap CMS on GitHub: its status labels on a pull request as SOP steps (pure: no network, no git).

Decap's editorial workflow opens one pull request per entry from a branch ``cms/<collection>/<slug>``
and keeps the entry's column as a label ``decap-cms/draft``, ``decap-cms/pending_review`` or
``decap-cms/pending_publish`` (prefix from ``backend.cms_label_prefix``). Moving a card removes
one label and adds the next: the ``labeled`` event is the move, made by its ``actor`` at its
``created_at``. The column's SOP step is the one command leading into that column from another
one (:mod:`jdih.desk.columns`, the same board as ``jdih meja``); the person must hold its role,
and :func:`jdih.forge.mapping.apply_steps` checks that the step applies from the post's state.
Publish is the merge, which the existing mapping already records (by the Kasubbag only).

A new entry (steps 1 and 2 from the browser): Decap opens the pull request at the first save, so the
opening by a person holding the role of the SOP's first step is its disposisi (at ``created_at``);
the first push to its branch after it by a person holding the role of the next step is the bahan/arahan
step (at the push time; the pusher is GitHub's signed-in account, :mod:`jdih.forge.pushes`). Without
GitHub's activity list the first commit by that role's holder, known by its e-mail, stands in, marked as
unverified. Both are hints that apply only to a post without ``riwayat`` (a new file): a post
that already has a record is never moved by them. The disposisi note and the time the request
arrived travel in the form-only key ``langkah`` of the new file (:func:`disposisi_inputs`).
Decap's first label on a new pull request is its initial column, not a move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import JdihError
from ..people import People, Person
from ..sop_model import Sop, role_names
from .events import PullRequest, parse_github_time
from .pushes import UNVERIFIED, Push, pr_pushes

BRANCH_PREFIX = "cms/"
LABEL_PREFIX = "decap-cms/"
# Where the new-entry hints come from (record.py picks the disposisi one to fill in its note).
OPENED_SOURCE = "PR #{number} dibuka (konten baru dari meja kerja)"
FIRST_COMMIT_SOURCE = "commit pertama {login} di PR #{number} (bahan/arahan; e-mail commit, tidak terverifikasi)"
FIRST_PUSH_SOURCE = "push pertama {login} ke PR #{number} (bahan/arahan)"
NOTE_LIMIT = 1000
# GitHub's private commit address: <id>+<login>@users.noreply.github.com (older: <login>@...).
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))@users\.noreply\.github\.com$", re.I)


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
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], mapped: list[Any],
    pushes: list[Push] | None = None,
) -> tuple[list[Any], list[str]]:
    """The steps of a pull request (``mapped`` by :mod:`jdih.forge.mapping`) corrected for Decap.

    Decap opens its pull request at the first save and commits every save, so on a ``cms/...``
    branch neither the opening nor a new commit is a hand-in: the board's labels are. ``pushes``: the
    branch's pushes (None: GitHub's activity list is unavailable, commit e-mails stand in).
    """
    if not is_decap_branch(pr.head_ref):
        return mapped, []
    hints = {sop.forge.pr_opened, sop.forge.new_commit}
    kept = [p for p in mapped if not (p.command in hints and p.source.startswith(("PR #", "commit baru", "push baru")))]
    moved, notes = label_steps(sop, people, pr, timeline)
    return kept + new_entry_steps(sop, people, pr, timeline, pushes) + moved, notes


def disposisi_command(sop: Sop) -> str:
    """The SOP's first command (the one transition from no state: a new post)."""
    return sop.transitions_from(None)[0].command


def material_command(sop: Sop) -> str | None:
    """The step after the first one (bahan/arahan): the one command leaving the initial state that
    does not cancel the post; None when the SOP has no single such command."""
    commands = {t.command for t in sop.transitions_from(sop.initial_state) if not t.cancels}
    return next(iter(commands)) if len(commands) == 1 else None


def commit_person(people: People, event: dict[str, Any]) -> tuple[Person | None, str]:
    """The person behind a timeline ``committed`` event (author e-mail, or GitHub's private
    ``noreply`` address of their login), and how to name the author in a note."""
    raw = event.get("author")
    author: dict[str, Any] = raw if isinstance(raw, dict) else {}
    email = str(author.get("email") or "").strip()
    person = people.by_email(email) if email else None
    m = _NOREPLY.match(email)
    if person is None and m:
        person = people.by_github(m.group(1))
    return person, email or str(author.get("name") or "?")


def new_entry_steps(sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]],
                    pushes: list[Push] | None = None) -> list[Any]:
    """The disposisi (the opening, by its role's holder) and bahan/arahan (the first later push by its
    role's holder; without ``pushes`` the first later commit whose e-mail is theirs, noted as unverified)
    of a Decap pull request, as hints: they apply only to a post without a record."""
    from .mapping import Proposed

    out: list[Proposed] = []
    first = disposisi_command(sop)
    author = people.by_github(pr.author) if pr.author else None
    if pr.created_at is None or author is None or not author.has_role(*sop.roles_for_command(first)):
        return out  # record.py refuses a new post without its disposisi (new_entry_refusal)
    out.append(Proposed(first, author.id, pr.created_at, None, OPENED_SOURCE.format(number=pr.number),
                        required=False))
    second = material_command(sop)
    if second is None:
        return out
    roles = sop.roles_for_command(second)
    if pushes is not None:
        for push, person in pr_pushes(people, pr, timeline, pushes):
            if person is not None and person.has_role(*roles):
                out.append(Proposed(second, person.id, push.at, None,
                                    FIRST_PUSH_SOURCE.format(login=push.login, number=pr.number), required=False))
                break
        return out
    commits = []
    for ev in timeline:
        if ev.get("event") != "committed":
            continue
        when = parse_github_time((ev.get("committer") or {}).get("date"))
        if when is not None and when > pr.created_at:
            commits.append((when, ev))
    for when, ev in sorted(commits, key=lambda c: c[0]):
        person, _label = commit_person(people, ev)
        if person is not None and person.has_role(*roles):
            login = person.github or person.id
            out.append(Proposed(second, person.id, when, UNVERIFIED,
                                FIRST_COMMIT_SOURCE.format(login=login, number=pr.number), required=False))
            break
    return out


def new_entry_refusal(sop: Sop, pr: PullRequest, posts: list[str]) -> str:
    """Why the new posts of a Decap pull request cannot be recorded: its opener may not give the disposisi."""
    who = role_names(sop, sop.roles_for_command(disposisi_command(sop)))
    return (
        f"PR #{pr.number} membuat konten baru ({', '.join(posts)}) tetapi dibuka oleh {pr.author or '?'}, "
        f"bukan {who} terdaftar: disposisi (langkah 1) tidak dapat dicatat, jadi tidak ada langkah SOP yang "
        "dicatat untuk konten itu dan penerbitan ditolak"
    )


def disposisi_inputs(raw: Any, at: datetime) -> tuple[str | None, datetime | None, list[str]]:
    """(note, when the request arrived, notes on what was ignored) from the form-only key of a new file.

    Untrusted (any committer of the branch could have written it): a note is text of at most
    :data:`NOTE_LIMIT` characters, the time must be a valid time not after the disposisi ``at``;
    anything else is dropped with a note. The actor and the time of the step never come from here.
    """
    from ..desk.entry import STEP_FIELD, step_inputs

    if raw is None:
        return None, None, []
    if not isinstance(raw, dict | str):
        return None, None, [f"isian '{STEP_FIELD}' bukan pemetaan (catatan, mulai): diabaikan"]
    notes: list[str] = []
    note: str | None = None
    started: datetime | None = None
    panel = raw if isinstance(raw, dict) else None
    try:
        note, started = step_inputs({STEP_FIELD: raw})
    except JdihError as exc:
        notes.append(f"isian '{STEP_FIELD}' diabaikan: {exc.message}")
        if panel is not None:  # keep the note when only the time is bad
            try:
                note, _ = step_inputs({STEP_FIELD: {"catatan": panel.get("catatan")}})
            except JdihError:
                note = None
    if note is not None and len(note) > NOTE_LIMIT:
        note = note[:NOTE_LIMIT]
        notes.append(f"catatan disposisi dipotong menjadi {NOTE_LIMIT} karakter")
    if started is not None and started > at:
        notes.append(f"'mulai' ({started.isoformat()}) sesudah disposisi ({at.isoformat()}): diabaikan")
        started = None
    return note, started, notes


def role_refusal(sop: Sop, command: str) -> str:
    """Why a board move into ``command``'s column is refused to someone without its role (Indonesian; also
    the wording of the desk's own refusal in the browser, :mod:`jdih.desk.github_admin`)."""
    return f"langkah SOP '{command}' hanya boleh dilakukan oleh {role_names(sop, sop.roles_for_command(command))}"


def note_refusal(command: str) -> str:
    """Why a board move into the column of a step that needs a reason (tidak setuju) is refused."""
    return (f"langkah SOP '{command}' memerlukan alasan, dan label tidak membawa teks: tulis "
            "alasannya sebagai review \"Request changes\" di pull request ini")


@dataclass(frozen=True)
class BoardMove:
    """A card moved on a Decap board: a ``labeled`` event into another column than the card's."""

    label: str
    command: str | None  # the SOP step of moving into that column; None when the column has no single one
    login: str | None
    person: Person | None
    at: datetime | None
    refusal: str | None = None  # why the SOP does not accept the move (Indonesian); None: it stands


@dataclass(frozen=True)
class BoardState:
    """A Decap pull request's card: its moves, the column it belongs in, and whether a review put it there."""

    moves: list[BoardMove]
    column: str | None  # label of the column once refused moves are undone; None: not a Decap card
    by_review: bool = False  # the last change was a "Request changes" review, not a drag


def board_state(
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], prefix: str = LABEL_PREFIX
) -> BoardState:
    """Read a Decap pull request's card from its timeline, oldest first.

    The first Decap label is the column Decap puts the pull request in, not a move; a label for the
    column the card is already in is no move either (a card put back by CI, for instance). A move needs
    the step's role, and a step that needs a note (tidak setuju) needs its reason: GitHub's labels carry
    no text, so the reason is a "Request changes" review by a person allowed to give it, which moves the
    card into that step's column by itself (CI then moves the label)."""
    if not is_decap_branch(pr.head_ref):
        return BoardState([], None)
    commands = column_commands(sop)
    by_command = {cmd: col for col, cmd in commands.items()}
    review_command = sop.forge.review_changes_requested
    moves: list[BoardMove] = []
    current: str | None = None
    by_review = False
    for ev in timeline:
        kind = ev.get("event")
        if kind == "reviewed" and current is not None:
            login = (ev.get("user") or {}).get("login")
            person = people.by_github(login) if isinstance(login, str) else None
            column = by_command.get(review_command)
            if (str(ev.get("state") or "").lower() == "changes_requested" and column is not None
                    and person is not None and person.has_role(*sop.roles_for_command(review_command))
                    and prefix + column != current):
                current, by_review = prefix + column, True
            continue
        if kind != "labeled":
            continue
        name = str((ev.get("label") or {}).get("name") or "")
        if not name.startswith(prefix) or name == current:
            continue
        if current is None:
            current = name
            continue
        command = commands.get(name[len(prefix) :])
        login = (ev.get("actor") or {}).get("login")
        person = people.by_github(login) if isinstance(login, str) else None
        refusal = None
        if command is not None:
            if person is None or not person.has_role(*sop.roles_for_command(command)):
                refusal = role_refusal(sop, command)
            elif sop.note_required(command):
                refusal = note_refusal(command)
        moves.append(BoardMove(name, command, login if isinstance(login, str) else None, person,
                               parse_github_time(ev.get("created_at")), refusal))
        if refusal is None:
            current, by_review = name, False
    return BoardState(moves, current, by_review)


def label_steps(
    sop: Sop, people: People, pr: PullRequest, timeline: list[dict[str, Any]], prefix: str = LABEL_PREFIX
) -> tuple[list[Any], list[str]]:
    """SOP steps from the ``labeled`` events of a Decap pull request, plus notes on refused moves."""
    from .mapping import Proposed

    out: list[Proposed] = []
    notes: list[str] = []
    for move in board_state(sop, people, pr, timeline, prefix).moves:
        if move.command is None or move.at is None:
            continue
        if move.refusal is not None or move.person is None:
            notes.append(f"label {move.label} di PR #{pr.number} dipasang oleh {move.login}: {move.refusal}; "
                         "tidak dicatat sebagai langkah SOP")
            continue
        out.append(Proposed(move.command, move.person.id, move.at, None, f"label {move.label} di PR #{pr.number}"))
    return out, notes
