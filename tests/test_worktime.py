"""The lead's core: working time across weekends and Indonesian holidays."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from helpers import REPO, WIB
from jdih.sop_model import load_sop
from jdih.worktime import OfficeCalendar, format_date_id, format_datetime_id, format_minutes


@pytest.fixture(scope="module")
def cal():
    return OfficeCalendar(load_sop(REPO / "sop" / "alur.yml").office)


def t(*args):
    return datetime(*args, tzinfo=WIB)


def test_one_working_day(cal):
    assert cal.working_minutes(t(2026, 11, 16, 0, 0), t(2026, 11, 17, 0, 0)) == 450  # Monday: 270 + 180
    assert cal.working_minutes(t(2026, 11, 20, 0, 0), t(2026, 11, 21, 0, 0)) == 450  # Friday: 240 + 210
    assert cal.working_minutes(t(2026, 11, 16, 12, 0), t(2026, 11, 16, 13, 0)) == 0  # lunch


def test_weekend_does_not_count(cal):
    assert cal.working_minutes(t(2026, 11, 20, 16, 0), t(2026, 11, 23, 8, 0)) == 30 + 30


def test_christmas_2026_does_not_count(cal):
    assert cal.is_holiday(date(2026, 12, 25))
    assert not cal.is_working_day(date(2026, 12, 25))
    assert cal.working_minutes(t(2026, 12, 24, 15, 0), t(2026, 12, 28, 8, 0)) == 60 + 30


def test_idul_fitri_does_not_count(cal):
    assert cal.is_holiday(date(2025, 3, 31)) and cal.is_holiday(date(2025, 4, 1))
    assert cal.working_minutes(t(2025, 3, 28, 16, 0), t(2025, 4, 2, 8, 0)) == 30 + 30
    assert cal.holiday_name(date(2025, 3, 31)) is not None


def test_extra_office_holidays_from_the_sop(cal):
    office = replace(cal.office, libur_tambahan=frozenset({date(2026, 11, 17)}))
    extra = OfficeCalendar(office)
    assert extra.holiday_name(date(2026, 11, 17)) == "Libur kantor"
    assert extra.working_minutes(t(2026, 11, 16, 15, 0), t(2026, 11, 18, 8, 0)) == 60 + 30


def test_other_time_zones_are_converted(cal):
    with pytest.raises(ValueError):
        cal.working_minutes(datetime(2026, 11, 16, 8, 0), t(2026, 11, 16, 9, 0))  # naive
    start = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)  # 08:00 WIB
    assert cal.working_minutes(start, t(2026, 11, 16, 9, 0)) == 60


def test_add_working_minutes_is_the_inverse(cal):
    start = t(2026, 12, 24, 15, 0)
    end = cal.add_working_minutes(start, 90)
    assert end == t(2026, 12, 28, 8, 0)
    assert cal.working_minutes(start, end) == 90
    assert cal.add_working_minutes(t(2026, 11, 16, 8, 0), 450) == t(2026, 11, 17, 8, 0)


def test_end_before_start_is_zero(cal):
    assert cal.working_minutes(t(2026, 11, 17, 9, 0), t(2026, 11, 16, 9, 0)) == 0


def test_indonesian_formats():
    assert format_minutes(570, 450) == "1 hari 2 jam"
    assert format_minutes(95, 450) == "1 jam 35 menit"
    assert format_minutes(0, 450) == "0 menit"
    assert format_date_id(date(2026, 11, 24)) == "24 November 2026"
    assert format_datetime_id(t(2026, 11, 24, 9, 0) + timedelta(minutes=5)) == "24 November 2026 09.05 WIB"
