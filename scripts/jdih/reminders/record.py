"""The lasting record of sent reminders, for the semester report: ``catatan/pengingat/<YYYY-MM>.jsonl``.

The delivery ledger (``.jdih/buku-besar/``) is in-flight state, ignored by git and cleaned; the
report needs what was sent months ago. So every delivered reminder is also appended, once, as one
JSON line to a monthly file committed with the repository (CI commits it with the run; locally the
command says how). Append-only: lines are never rewritten; a line cut by a kill is skipped on
reading and the reminder written again by the next run (its ledger record says it was delivered).

The file is untrusted input: every line is read with a strict schema, a bad one is reported and
skipped, never trusted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RECORD_DIR = Path("catatan") / "pengingat"  # relative to the project root
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "kunci": str, "konten": str, "langkah": int, "ambang": int, "orang": str, "pemegang": bool,
    "kanal": str, "mulai": str, "dikirim": str,
}


@dataclass(frozen=True)
class SentReminder:
    """One delivered reminder."""

    key: str
    content: str  # post id
    step: int  # SOP step number
    threshold: int  # threshold, percent of the norm
    person: str  # person id
    holder: bool  # False: an escalation copy
    channel: str
    started_at: datetime  # when the reminded step run started
    sent_at: datetime  # when the reminder was delivered

    def to_json(self) -> str:
        """One JSON line (no newline)."""
        return json.dumps({
            "kunci": self.key, "konten": self.content, "langkah": self.step, "ambang": self.threshold,
            "orang": self.person, "pemegang": self.holder, "kanal": self.channel,
            "mulai": self.started_at.isoformat(), "dikirim": self.sent_at.isoformat(),
        }, ensure_ascii=False, sort_keys=True)


def parse_line(text: str) -> SentReminder | None:
    """A record from one line, or None when the line is not a valid record."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != set(_FIELDS):
        return None
    for key, kind in _FIELDS.items():
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return None
    try:
        started_at, sent_at = datetime.fromisoformat(data["mulai"]), datetime.fromisoformat(data["dikirim"])
    except ValueError:
        return None
    if started_at.tzinfo is None or sent_at.tzinfo is None:
        return None
    return SentReminder(data["kunci"], data["konten"], data["langkah"], data["ambang"], data["orang"],
                        data["pemegang"], data["kanal"], started_at, sent_at)


def record_files(root: Path) -> list[Path]:
    """The monthly record files of the project at ``root``, oldest first (regular files only)."""
    folder = root / RECORD_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.glob("*.jsonl") if p.is_file() and not p.is_symlink())


def read_records(root: Path) -> tuple[list[SentReminder], list[str]]:
    """Every record (first of each key), and ``file:line: reason`` of every line skipped."""
    out: list[SentReminder] = []
    bad: list[str] = []
    seen: set[str] = set()
    for path in record_files(root):
        rel = path.relative_to(root).as_posix()
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                rec = parse_line(line)
                if rec is None:
                    bad.append(f"{rel}:{n}: baris catatan pengingat tidak sah, dilewati")
                elif rec.key not in seen:
                    seen.add(rec.key)
                    out.append(rec)
    return out, bad


def append_records(root: Path, records: Iterable[SentReminder]) -> Path | None:
    """Append ``records`` to the file of the month each was sent in, durably; the last file written."""
    written: Path | None = None
    by_month: dict[str, list[SentReminder]] = {}
    for rec in records:
        by_month.setdefault(rec.sent_at.strftime("%Y-%m"), []).append(rec)
    for month, recs in sorted(by_month.items()):
        path = root / RECORD_DIR / f"{month}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
        try:
            # A line cut by a kill must not swallow the next one: start on a fresh line.
            size = os.fstat(fd).st_size
            prefix = ""
            if size:
                with path.open("rb") as fh:
                    fh.seek(size - 1)
                    prefix = "" if fh.read(1) == b"\n" else "\n"
            data = prefix + "".join(r.to_json() + "\n" for r in recs)
            os.write(fd, data.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        written = path
    return written
