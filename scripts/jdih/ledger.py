"""The exactly-once ledger: one record per (post, channel), written before and after every create call.

States: ``menunggu`` (pending) → ``mengirim`` (sending) → ``selesai`` (done) | ``gagal`` (failed)
| ``tidak-pasti`` (unknown). A record is a small JSON file written atomically and fsynced, so a
process killed at any instant leaves either the old or the new record, never half of one. A
``mengirim`` record found at start-up means the previous run died mid-call: it is treated as
``tidak-pasti`` and reconciled with the channel before anything is sent again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import JdihError
from .post import atomic_write

PENDING = "menunggu"
SENDING = "mengirim"
DONE = "selesai"
FAILED = "gagal"
UNKNOWN = "tidak-pasti"
STATES = (PENDING, SENDING, DONE, FAILED, UNKNOWN)


@dataclass
class LedgerEntry:
    """State of one (post, channel) delivery."""

    post_id: str
    kanal: str
    status: str = PENDING
    kunci: str = ""  # idempotency key: hash of post id, channel and content
    remote_id: str | None = None
    url: str | None = None
    progres: dict[str, Any] = field(default_factory=dict)  # ids of things created on the way
    percobaan: int = 0
    galat: str | None = None
    diperbarui: str | None = None  # ISO time of the last write


def _safe(name: str) -> str:
    return name.replace("/", "__")


class Ledger:
    """Ledger records under one folder (``<dir>/<post id>/<channel>.json``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, post_id: str, kanal: str) -> Path:
        return self.directory / _safe(post_id) / f"{_safe(kanal)}.json"

    def get(self, post_id: str, kanal: str) -> LedgerEntry:
        """The record (a fresh ``menunggu`` one when none exists)."""
        path = self._path(post_id, kanal)
        if not path.exists():
            return LedgerEntry(post_id, kanal)
        return _read_entry(path)

    def put(self, entry: LedgerEntry, now: datetime) -> LedgerEntry:
        """Persist ``entry`` durably (atomic rename + fsync) and return it."""
        entry.diperbarui = now.isoformat()
        atomic_write(
            self._path(entry.post_id, entry.kanal),
            json.dumps(asdict(entry), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        )
        return entry

    def update(self, post_id: str, kanal: str, now: datetime, **changes: Any) -> LedgerEntry:
        """Read, change the given fields, write."""
        entry = self.get(post_id, kanal)
        for k, v in changes.items():
            setattr(entry, k, v)
        return self.put(entry, now)

    def entries(self, post_id: str | None = None) -> Iterator[LedgerEntry]:
        """All records (of one post, when given)."""
        base = self.directory / _safe(post_id) if post_id else self.directory
        pattern = "*.json" if post_id else "*/*.json"
        for path in sorted(base.glob(pattern)):
            yield _read_entry(path)

    def forget(self, post_id: str) -> None:
        """Remove a post's records once its result is committed in the front matter."""
        folder = self.directory / _safe(post_id)
        if folder.is_dir():
            for p in folder.glob("*.json"):
                p.unlink()
            folder.rmdir()


def _read_entry(path: Path) -> LedgerEntry:
    """One record; a damaged one stops the run (it may hold the only trace of a send)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("bukan objek JSON")
        entry = LedgerEntry(**{k: v for k, v in data.items() if k in LedgerEntry.__dataclass_fields__})
        if entry.status not in STATES:
            raise ValueError(f"status '{entry.status}' tidak dikenal")
        return entry
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise JdihError(
            f"catatan buku besar rusak dan tidak dapat dibaca ({type(exc).__name__})",
            berkas=path,
            baris=1,
            saran="Catatan ini mungkin satu-satunya jejak kiriman yang belum pasti. Periksa dulu di platform/grup "
            "apakah konten sudah terkirim, baru kemudian perbaiki atau hapus berkas tersebut.",
        ) from None
