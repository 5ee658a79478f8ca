"""The reminders' outbox (``kotak-keluar``): one text file per message, no credentials, no contact.

``.jdih/kotak-keluar/pengingat/<orang>/<key>.txt`` (the daily summary under ``ringkasan/``): the
person reads it there, or the office forwards it by hand. Writing the file *is* the delivery, and
writing it again gives the same file, so an interrupted write is simply completed by the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..channels.base import Delivery, Outgoing, ProgressFn
from ..files import atomic_write
from .config import OUTBOX

FOLDER = "pengingat"


class ReminderOutbox:
    """Writes a reminder under ``<root>/pengingat/<recipient>/`` (``root`` is ``.jdih/kotak-keluar``)."""

    name = OUTBOX

    def __init__(self, root: Path, recipient: str) -> None:
        self.root = root
        self.recipient = recipient

    def path(self, message: Outgoing) -> Path:
        """The message's file: the key's last parts, readable and unique per recipient."""
        return self.root / FOLDER / self.recipient / (message.post_id.replace("/", "__") + ".txt")

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Write the file; the delivery is its path under the outbox."""
        path = self.path(message)
        atomic_write(path, message.text.rstrip("\n") + "\n")
        return Delivery(f"berkas:{path.relative_to(self.root).as_posix()}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """An interrupted write: the file exists (done) or is written now (same content)."""
        return self.send(message, lambda _p: None, state)
