"""The exactly-once ledger: one record per (key, channel), written before and after every create call.

States: ``menunggu`` (pending) → ``mengirim`` (sending) → ``selesai`` (done) | ``gagal`` (failed)
| ``tidak-pasti`` (unknown). A record is a small JSON file written atomically and fsynced, so a
process killed at any instant leaves either the old or the new record, never half of one. A
``mengirim`` record found at start-up means the previous run died mid-call: it is treated as
``tidak-pasti`` and reconciled with the channel before anything is sent again.

The ledger is untrusted input (it travels through a shared branch): every record is read with a
strict schema (known keys, types and states, and the key and channel of its own path), only
regular files inside the ledger folder are read (symlinks are refused, never followed), and a
damaged record is a :class:`LedgerError` naming the file; it can be replaced by a person's verdict
(:meth:`Ledger.replace_damaged`) but is never silently ignored.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .files import atomic_write, is_temp, remove_stale_temps

PENDING = "menunggu"
SENDING = "mengirim"
DONE = "selesai"
FAILED = "gagal"
UNKNOWN = "tidak-pasti"
STATES = (PENDING, SENDING, DONE, FAILED, UNKNOWN)
MAX_RECORD_BYTES = 1_000_000  # a record holds at most one message text and a few ids
# Where a damaged record is kept when a person replaces it (next to the ledger, never read as one).
DAMAGED_DIR = "buku-besar-rusak"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
_OPTIONAL_STR = (str, type(None))
SCHEMA: dict[str, tuple[type, ...]] = {
    "post_id": (str,),
    "kanal": (str,),
    "status": (str,),
    "kunci": (str,),
    "remote_id": _OPTIONAL_STR,
    "url": _OPTIONAL_STR,
    "progres": (dict,),
    "percobaan": (int,),
    "galat": _OPTIONAL_STR,
    "diperbarui": _OPTIONAL_STR,
}
REQUIRED = ("post_id", "kanal", "status")
# On disk the record keeps the office's Indonesian keys (a file format); in code the fields are English.
DISK_KEYS = {"channel": "kanal", "key": "kunci", "progress": "progres", "attempts": "percobaan",
             "error": "galat", "updated": "diperbarui"}
_FIELD_OF = {disk: name for name, disk in DISK_KEYS.items()}

# (key, channel) -> advice for a damaged record: the command that replaces it with a person's verdict.
RepairAdvice = Callable[[str, str], str]


@dataclass
class LedgerEntry:
    """State of one (key, channel) delivery."""

    post_id: str
    channel: str
    status: str = PENDING
    key: str = ""  # idempotency key: hash of post id, channel and content
    remote_id: str | None = None
    url: str | None = None
    progress: dict[str, Any] = field(default_factory=dict)  # ids of things created on the way
    attempts: int = 0
    error: str | None = None
    updated: str | None = None  # ISO time of the last write


class LedgerError(ConfigError):
    """The ledger folder or one record cannot be trusted (damaged, wrong type, symlink, foreign)."""

    def __init__(self, message: str, *, path: Path, key: str | None = None, channel: str | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, file=path, line=line, hint=hint)
        self.path = path
        self.key = key
        self.channel = channel


def _safe(name: str) -> str:
    return name.replace("/", "__")


def _check_name(part: str, what: str, directory: Path) -> None:
    if not _NAME.match(part) or ".." in part:
        raise LedgerError(f"nama {what} buku besar tidak sah: {part!r}", path=directory)


class Ledger:
    """Ledger records under one folder (``<dir>/<key>/<channel>.json``)."""

    def __init__(self, directory: Path, advice: RepairAdvice | None = None) -> None:
        self.directory = directory
        self.advice = advice

    # -- paths ---------------------------------------------------------------------------
    def _path(self, post_id: str, channel: str) -> Path:
        folder, name = _safe(post_id), _safe(channel)
        _check_name(folder, "kunci", self.directory)
        _check_name(name, "kanal", self.directory)
        return self.directory / folder / f"{name}.json"

    def check_folder(self, create: bool = False) -> bool:
        """True when the ledger folder exists (a real folder, not a file or a symlink)."""
        for path in (self.directory.parent, self.directory):
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                if create:
                    path.mkdir(parents=True, exist_ok=True)
                    continue
                return False
            if not stat.S_ISDIR(info.st_mode):
                kind = "tautan simbolik" if stat.S_ISLNK(info.st_mode) else "berkas"
                raise LedgerError(
                    f"{path.name} seharusnya folder, tetapi berupa {kind}; buku besar tidak dapat dipakai",
                    path=path,
                    hint=f"Pindahkan {path} ke tempat lain (mis. ganti namanya), lalu jalankan ulang; perintah "
                    "akan membuat folder buku besar yang baru.",
                )
        return True

    def _error(self, message: str, path: Path, post_id: str | None, channel: str | None,
               line: int | None = None) -> LedgerError:
        hint = self.advice(post_id, channel) if self.advice and post_id and channel else None
        return LedgerError(message, path=path, key=post_id, channel=channel, line=line, hint=hint)

    # -- reading -------------------------------------------------------------------------
    def get(self, post_id: str, channel: str) -> LedgerEntry:
        """The record (a fresh ``menunggu`` one when none exists)."""
        if not self.check_folder():
            return LedgerEntry(post_id, channel)
        path = self._path(post_id, channel)
        self._check_subfolder(path.parent, post_id, channel)
        try:
            os.lstat(path)
        except FileNotFoundError:
            return LedgerEntry(post_id, channel)
        return self._read(path, post_id, channel)

    def _check_subfolder(self, folder: Path, post_id: str | None, channel: str | None) -> bool:
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            raise self._error("isi buku besar bukan folder biasa (tautan simbolik atau berkas)", folder, post_id,
                              channel)
        return True

    def _read(self, path: Path, post_id: str | None, channel: str | None) -> LedgerEntry:
        """One record, strictly; a damaged one stops the run (it may hold the only trace of a send)."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            why = "tautan simbolik" if exc.errno == errno.ELOOP else (exc.strerror or type(exc).__name__)
            raise self._error(f"catatan buku besar tidak dapat dibaca ({why})", path, post_id, channel) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise self._error("catatan buku besar bukan berkas biasa", path, post_id, channel)
            if info.st_size > MAX_RECORD_BYTES:
                raise self._error(f"catatan buku besar terlalu besar ({info.st_size} byte)", path, post_id, channel)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read(MAX_RECORD_BYTES + 1)
        finally:
            os.close(fd)
        line: int | None = 1
        try:
            data = json.loads(raw.decode("utf-8"))
            entry = _validate(data)
        except json.JSONDecodeError as exc:
            line = exc.lineno
            why = "bukan JSON yang sah"
        except UnicodeDecodeError:
            why = "bukan teks UTF-8"
        except ValueError as exc:
            why = str(exc)
        else:
            if (post_id is not None and entry.post_id != post_id) or (channel is not None and entry.channel != channel):
                why = f"catatan milik {entry.post_id} lewat {entry.channel}, bukan milik berkas ini"
            else:
                return entry
        raise self._error(f"catatan buku besar rusak dan tidak dapat dipercaya: {why}", path, post_id, channel,
                          line=line)

    def entries(self, post_id: str | None = None) -> Iterator[LedgerEntry]:
        """All records (of one key, when given); leftover temp files are skipped."""
        if not self.check_folder():
            return
        if post_id is not None:
            folders = [self.directory / _safe(post_id)]
        else:
            folders = [Path(e.path) for e in sorted(os.scandir(self.directory), key=lambda e: e.name)
                       if not is_temp(e.name)]
        for folder in folders:
            key = post_id if post_id is not None else folder.name.replace("__", "/")
            if not self._check_subfolder(folder, key, None):
                continue
            for item in sorted(os.scandir(folder), key=lambda e: e.name):
                if is_temp(item.name) or not item.name.endswith(".json"):
                    continue
                channel = item.name[: -len(".json")].replace("__", "/")
                yield self._read(Path(item.path), key, channel)

    def damaged(self, post_id: str, channel: str) -> LedgerError | None:
        """The error of a damaged record of (key, channel), None when it is sound or absent."""
        try:
            self.get(post_id, channel)
        except LedgerError as exc:
            return exc
        return None

    def damaged_records(self, post_id: str) -> list[tuple[str, LedgerError]]:
        """(channel, error) of every damaged record of one key (sound ones are left out)."""
        folder = self.directory / _safe(post_id)
        if not self.check_folder() or not self._check_subfolder(folder, post_id, None):
            return []
        out = []
        for item in sorted(os.scandir(folder), key=lambda e: e.name):
            if is_temp(item.name) or not item.name.endswith(".json"):
                continue
            channel = item.name[: -len(".json")].replace("__", "/")
            error = self.damaged(post_id, channel)
            if error is not None:
                out.append((channel, error))
        return out

    # -- writing -------------------------------------------------------------------------
    def put(self, entry: LedgerEntry, now: datetime) -> LedgerEntry:
        """Persist ``entry`` durably (atomic rename + fsync) and return it."""
        entry.updated = now.isoformat()
        path = self._path(entry.post_id, entry.channel)
        self.check_folder(create=True)
        if not self._check_subfolder(path.parent, entry.post_id, entry.channel):
            path.parent.mkdir(exist_ok=True)
        atomic_write(path, json.dumps(_to_disk(entry), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return entry

    def update(self, post_id: str, channel: str, now: datetime, **changes: Any) -> LedgerEntry:
        """Read, change the given fields, write."""
        entry = self.get(post_id, channel)
        for k, v in changes.items():
            setattr(entry, k, v)
        return self.put(entry, now)

    def replace_damaged(self, entry: LedgerEntry, now: datetime) -> Path | None:
        """Write ``entry`` over a damaged record (a person's verdict), keeping a copy of the damaged
        bytes under ``buku-besar-rusak/``; returns where the copy went (None when nothing was damaged)."""
        path = self._path(entry.post_id, entry.channel)
        kept: Path | None = None
        if self.damaged(entry.post_id, entry.channel) is not None:
            backup_dir = self.directory.parent / DAMAGED_DIR
            backup_dir.mkdir(parents=True, exist_ok=True)
            kept = backup_dir / f"{_safe(entry.post_id)}__{_safe(entry.channel)}.{now.strftime('%Y%m%dT%H%M%S')}.json"
            try:
                info = os.lstat(path)
                data = os.readlink(path).encode() if stat.S_ISLNK(info.st_mode) else b""
                if stat.S_ISREG(info.st_mode):
                    data = path.read_bytes()[:MAX_RECORD_BYTES]
                atomic_write(kept, data)
                if stat.S_ISDIR(info.st_mode):
                    raise self._error("catatan buku besar berupa folder; pindahkan secara manual", path,
                                      entry.post_id, entry.channel)
                path.unlink()
            except FileNotFoundError:
                kept = None
        self.put(entry, now)
        return kept

    def forget(self, post_id: str) -> None:
        """Remove a key's records once its result is committed in the front matter (leftover temp
        files go too; anything else unexpected is left in place rather than crash)."""
        folder = self.directory / _safe(post_id)
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return
        except FileNotFoundError:
            return
        for item in os.scandir(folder):
            if item.name.endswith(".json") or is_temp(item.name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(item.path)
        with contextlib.suppress(OSError):
            folder.rmdir()

    def clean_temps(self) -> None:
        """Remove every leftover temp file of a killed writer (call under the run lock only)."""
        if not self.check_folder():
            return
        remove_stale_temps(self.directory, older_than=0)
        for item in os.scandir(self.directory):
            if item.is_dir(follow_symlinks=False):
                remove_stale_temps(Path(item.path), older_than=0)


def _validate(data: Any) -> LedgerEntry:
    """A :class:`LedgerEntry` from parsed JSON, or ValueError (Indonesian) saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("bukan objek JSON")
    unknown = sorted(set(data) - set(SCHEMA))
    if unknown:
        raise ValueError(f"kunci tidak dikenal: {', '.join(map(str, unknown))}")
    for key in REQUIRED:
        if key not in data:
            raise ValueError(f"kunci wajib '{key}' tidak ada")
    for key, value in data.items():
        types = SCHEMA[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValueError(f"nilai '{key}' bertipe salah ({type(value).__name__})")
    if data["status"] not in STATES:
        raise ValueError(f"status '{data['status']}' tidak dikenal")
    if data.get("percobaan", 0) < 0:
        raise ValueError("nilai 'percobaan' negatif")
    return LedgerEntry(**{_FIELD_OF.get(str(k), str(k)): v for k, v in data.items()})


def _to_disk(entry: LedgerEntry) -> dict[str, Any]:
    """The record as stored: field names mapped to the on-disk keys."""
    return {DISK_KEYS.get(k, k): v for k, v in asdict(entry).items()}
