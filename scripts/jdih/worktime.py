"""Working time: office hours in WIB minus weekends, Indonesian holidays and cuti bersama.

The SOP's norm times ("10 menit", "1 hari") are working time. Every duration the checks,
``jdih status`` and the reports show is computed here. All datetimes must be time-zone aware.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as _holidays

from .sop_model import OfficeHours


@lru_cache(maxsize=64)
def _indonesian_holidays(year: int, categories: tuple[str, ...]) -> dict[date, str]:
    """Indonesia's days off in ``year`` with their Indonesian names, for the ``holidays`` categories
    given (``public`` = national holidays, ``government`` = cuti bersama)."""
    if not categories:
        return {}
    found = _holidays.country_holidays("ID", years=year, categories=categories, language="id")
    return {day: str(name) for day, name in found.items()}


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class OfficeCalendar:
    """Computes working minutes between two instants for one office."""

    def __init__(self, office: OfficeHours) -> None:
        self.office = office
        self.tz = _zone(office.timezone)
        # Each day's office intervals as epoch seconds: reports and checks ask for tens of thousands
        # of durations over the same few hundred days.
        self._epoch_days: dict[date, tuple[tuple[float, float], ...]] = {}

    def _package_holidays(self, year: int) -> dict[date, str]:
        return _indonesian_holidays(year, self.office.holiday_categories)

    def is_holiday(self, day: date) -> bool:
        """True on an Indonesian holiday or cuti bersama (the categories of ``kategori_libur``) or an
        extra office holiday (``libur_tambahan``)."""
        return day in self.office.extra_holidays or day in self._package_holidays(day.year)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's Indonesian name on ``day`` (e.g. "Cuti Bersama Hari Raya Natal"), or None."""
        name = self._package_holidays(day.year).get(day)
        if name is not None:
            return name
        return "Libur kantor" if day in self.office.extra_holidays else None

    def is_working_day(self, day: date) -> bool:
        """True when the office works on ``day``."""
        return bool(self.office.workdays.get(day.weekday())) and not self.is_holiday(day)

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, a, self.tz), datetime.combine(day, b, self.tz))
            for a, b in self.office.workdays.get(day.weekday(), ())
        ]

    def _epoch_intervals(self, day: date) -> tuple[tuple[float, float], ...]:
        found = self._epoch_days.get(day)
        if found is None:
            found = tuple((a.timestamp(), b.timestamp()) for a, b in self._intervals(day))
            self._epoch_days[day] = found
        return found

    def working_minutes(self, start: datetime, end: datetime) -> float:
        """Working minutes in [start, end); 0 when end <= start."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("waktu harus memiliki zona waktu")
        if end <= start:
            return 0.0
        s, e = start.timestamp(), end.timestamp()
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        total = 0.0
        while day <= last:
            for a, b in self._epoch_intervals(day):
                lo = max(a, s)
                hi = min(b, e)
                if hi > lo:
                    total += (hi - lo) / 60.0
            day += timedelta(days=1)
        return total

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant ``minutes`` working minutes after ``start`` (its deadline)."""
        s = start.astimezone(self.tz)
        left = minutes
        day = s.date()
        for _ in range(3660):  # ten years of days: a hard stop against a calendar with no hours
            for a, b in self._intervals(day):
                lo = max(a, s)
                if b <= lo:
                    continue
                span = (b - lo).total_seconds() / 60.0
                if span >= left:
                    return lo + timedelta(minutes=left)
                left -= span
            day += timedelta(days=1)
        raise ValueError("jam kerja kantor kosong: tenggat tidak dapat dihitung")


def format_minutes(minutes: float, minutes_per_day: int) -> str:
    """Working minutes as Indonesian text: "1 hari 2 jam 5 menit", "35 menit"."""
    m = round(minutes)
    if m <= 0:
        return "0 menit"
    days, rest = divmod(m, minutes_per_day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} hari")
    if hours:
        parts.append(f"{hours} jam")
    if mins:
        parts.append(f"{mins} menit")
    return " ".join(parts)


# Indonesian month names, as every user-facing date spells them.
MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def format_date_id(d: date | datetime) -> str:
    """Indonesian long date: "24 November 2026"."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def format_datetime_id(dt: datetime, tz: str = "Asia/Jakarta") -> str:
    """Indonesian date and time in WIB: "24 November 2026 09.00 WIB"."""
    local = dt.astimezone(_zone(tz))
    return f"{format_date_id(local)} {local:%H.%M} WIB"
