"""Atomic file writes: the one implementation every module uses.

A write goes to a temp file next to the target, is fsynced, then renamed over the target, so a
process killed at any instant leaves the old file or the new one, never half of one. What a kill
*can* leave is the temp file itself; it is named ``.jdih-tmp-<name>.<random>`` so that

- ``.gitignore`` ignores it (``git add -A content`` in CI never commits it),
- every reader that lists a folder can recognise and skip it (:func:`is_temp`),
- the next run removes it (:func:`remove_stale_temps`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".jdih-tmp-"
# A temp file older than this is a leftover of a killed writer, not a write in progress.
STALE_AFTER_SECONDS = 600.0


def is_temp(path: Path | str) -> bool:
    """True for a temp file left by :func:`atomic_write`."""
    return Path(path).name.startswith(TEMP_PREFIX)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``path`` atomically (temp file + fsync + rename), keeping an existing file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        # mkstemp creates 0600; keep the existing file's mode, else the usual 0644 under the umask.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temps(folder: Path, *, older_than: float = STALE_AFTER_SECONDS, now: float | None = None) -> int:
    """Delete leftover temp files directly in ``folder`` (``older_than=0``: all of them, for a
    folder only the caller writes, e.g. under the run lock). Returns how many were removed."""
    removed = 0
    limit = (time.time() if now is None else now) - older_than
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in entries:
        if not is_temp(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if older_than <= 0 or info.st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
