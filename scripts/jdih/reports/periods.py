"""Reporting periods: ``2026-S2``, ``2026-T3``/``2026-Q3``, ``2026-11``, ``2026`` or explicit dates.

A period is a closed range of calendar dates in the office's time zone; instants are tested
against ``[start 00:00, day after end 00:00)`` in that zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..errors import UsageError
from ..worktime import MONTH_NAMES

ROMAN = ("I", "II", "III", "IV")

_FORMS = "2026-S2 (semester), 2026-T3 atau 2026-Q3 (triwulan), 2026-11 (bulan), 2026 (tahun)"


@dataclass(frozen=True)
class Period:
    """A closed range of dates with an Indonesian label and a short code for file names."""

    start: date
    end: date
    label: str
    code: str

    def start_at(self, tz: ZoneInfo) -> datetime:
        """First instant of the period in ``tz``."""
        return datetime.combine(self.start, time(0), tz)

    def end_at(self, tz: ZoneInfo) -> datetime:
        """First instant after the period in ``tz`` (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tz)

    def contains(self, when: datetime | None, tz: ZoneInfo) -> bool:
        """True when the aware instant ``when`` falls inside the period."""
        if when is None:
            return False
        return self.start_at(tz) <= when < self.end_at(tz)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def _year(text: str) -> int:
    y = int(text)
    if not 2000 <= y <= 2100:
        raise UsageError(f"tahun {y} di luar rentang yang masuk akal (2000-2100)")
    return y


def parse_period(text: str) -> Period:
    """Parse a period code; raises UsageError (Indonesian) naming the accepted forms."""
    raw = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-S([12])", raw):
        y, s = _year(m[1]), int(m[2])
        start = date(y, 1 if s == 1 else 7, 1)
        end = date(y, 6, 30) if s == 1 else date(y, 12, 31)
        return Period(start, end, f"Semester {ROMAN[s - 1]} {y}", f"{y}-S{s}")
    if m := re.fullmatch(r"(\d{4})-[QT]([1-4])", raw):
        y, q = _year(m[1]), int(m[2])
        start = date(y, 3 * q - 2, 1)
        return Period(start, _month_end(y, 3 * q), f"Triwulan {ROMAN[q - 1]} {y}", f"{y}-T{q}")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        y, mo = _year(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise UsageError(f"bulan {mo} tidak sah dalam periode '{text}': bulan harus 01 sampai 12")
        return Period(date(y, mo, 1), _month_end(y, mo), f"{MONTH_NAMES[mo - 1]} {y}", f"{y}-{mo:02d}")
    if m := re.fullmatch(r"(\d{4})", raw):
        y = _year(m[1])
        return Period(date(y, 1, 1), date(y, 12, 31), f"Tahun {y}", f"{y}")
    raise UsageError(f"periode '{text}' tidak dikenali; bentuk yang diterima: {_FORMS}")


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} '{text}' bukan tanggal yang sah (bentuk: TTTT-BB-HH, contoh 2026-07-01)") from None


def period_between(start: str, end: str) -> Period:
    """A period from two ISO dates, both inclusive."""
    a, b = _parse_date(start, "--dari"), _parse_date(end, "--sampai")
    if b < a:
        raise UsageError(f"--sampai ({b.isoformat()}) tidak boleh sebelum --dari ({a.isoformat()})")
    from ..worktime import format_date_id

    return Period(a, b, f"{format_date_id(a)} s.d. {format_date_id(b)}", f"{a.isoformat()}_{b.isoformat()}")


def resolve_period(period: str | None, start: str | None, end: str | None) -> Period:
    """The period from CLI options: either ``--periode`` or both ``--dari`` and ``--sampai``."""
    if period and (start or end):
        raise UsageError("gunakan --periode atau --dari/--sampai, tidak keduanya")
    if period:
        return parse_period(period)
    if start and end:
        return period_between(start, end)
    if start or end:
        raise UsageError("--dari dan --sampai harus diberikan bersama")
    raise UsageError(f"periode belum diberikan: gunakan --periode ({_FORMS}) atau --dari/--sampai")
