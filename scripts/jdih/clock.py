"""Where "now" comes from. Core functions take ``now`` as an argument; only the shell calls this."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from .errors import UsageError

WIB = ZoneInfo("Asia/Jakarta")
ENV_NOW = "JDIH_SEKARANG"


def now() -> datetime:
    """Current time in WIB, or the fixed time in ``JDIH_SEKARANG`` (ISO 8601 with offset)."""
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        try:
            dt = datetime.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"{ENV_NOW} bukan waktu ISO 8601 yang sah: {fixed!r}") from None
        if dt.tzinfo is None:
            raise UsageError(f"{ENV_NOW} harus memiliki zona waktu, contoh 2026-11-24T09:00:00+07:00")
        return dt
    return datetime.now(WIB).replace(microsecond=0)
