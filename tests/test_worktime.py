"""The lead's core: working time across weekends, Indonesian holidays and cuti bersama."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from helpers import REPO, WIB, history_meta
from jdih.checks.norms import step_runs
from jdih.post import parse_post
from jdih.project import Project
from jdih.sop_model import load_sop
from jdih.worktime import OfficeCalendar, format_date_id, format_datetime_id, format_minutes


@pytest.fixture(scope="module")
def cal():
    return OfficeCalendar(load_sop(REPO / "sop" / "alur.yml").office)


def t(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def test_one_working_day(cal):
    assert cal.working_minutes(t(2026, 11, 16, 0, 0), t(2026, 11, 17, 0, 0)) == 450  # Monday: 270 + 180
    assert cal.working_minutes(t(2026, 11, 20, 0, 0), t(2026, 11, 21, 0, 0)) == 450  # Friday: 240 + 210
    assert cal.working_minutes(t(2026, 11, 16, 12, 0), t(2026, 11, 16, 13, 0)) == 0  # lunch


def test_weekend_does_not_count(cal):
    assert cal.working_minutes(t(2026, 11, 20, 16, 0), t(2026, 11, 23, 8, 0)) == 30 + 30


def test_christmas_2026_does_not_count(cal):
    assert cal.is_holiday(date(2026, 12, 25))
    assert not cal.is_working_day(date(2026, 12, 25))
    # 24 December is cuti bersama, 25 December Christmas, then a weekend: only 28 December 07:30-08:00.
    assert cal.working_minutes(t(2026, 12, 23, 15, 0), t(2026, 12, 28, 8, 0)) == 60 + 30


# Cuti bersama 2026 in the `holidays` package's "government" category (checked against version 0.109).
CUTI_BERSAMA_2026 = {
    date(2026, 2, 16): "Cuti Bersama Tahun Baru Imlek",
    date(2026, 3, 18): "Cuti Bersama Hari Suci Nyepi",
    date(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
    date(2026, 3, 23): "Cuti Bersama Hari Raya Idul Fitri",
    date(2026, 3, 24): "Cuti Bersama Hari Raya Idul Fitri",
    date(2026, 5, 15): "Cuti Bersama Kenaikan Yesus Kristus",
    date(2026, 5, 28): "Cuti Bersama Hari Raya Idul Adha",
    date(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
}


def test_cuti_bersama_are_days_off_with_their_indonesian_name(cal):
    assert cal.office.holiday_categories == ("public", "government")
    for day, name in CUTI_BERSAMA_2026.items():
        assert cal.is_holiday(day) and not cal.is_working_day(day), day
        assert cal.holiday_name(day) == name
    assert cal.holiday_name(date(2026, 12, 25)) == "Hari Raya Natal"
    assert cal.holiday_name(date(2026, 12, 23)) is None and cal.is_working_day(date(2026, 12, 23))


def test_holiday_categories_come_from_the_sop(cal):
    public_only = OfficeCalendar(replace(cal.office, holiday_categories=("public",)))
    assert not public_only.is_holiday(date(2026, 12, 24)) and public_only.is_holiday(date(2026, 12, 25))
    assert public_only.working_minutes(t(2026, 12, 23, 15, 0), t(2026, 12, 28, 8, 0)) == 60 + 450 + 30


def test_a_norm_spanning_cuti_bersama_does_not_count_it(project: Project):
    # Step 2 (norm 1 working day) from Wednesday 23 December 15:00 WIB: 24 December is cuti bersama,
    # 25 December Christmas, then a weekend; the day's 450 minutes end on Monday 28 December 15:00.
    meta = history_meta(project, ["disposisi"], start=t(2026, 12, 23, 15, 0))
    post = parse_post(project.content_dir / "2026" / "cuti" / "index.md", _front_matter(meta))
    (run,) = [r for r in step_runs(project.sop, project.calendar, post, t(2026, 12, 28, 14, 59)) if r.step.number == 2]
    assert run.minutes == 60 + 270 + 119 and not run.over
    (late,) = [r for r in step_runs(project.sop, project.calendar, post, t(2026, 12, 28, 15, 1)) if r.step.number == 2]
    assert late.over
    assert project.calendar.add_working_minutes(t(2026, 12, 23, 15, 0), 450) == t(2026, 12, 28, 15, 0)


def _front_matter(meta: dict[str, object]) -> str:
    import yaml

    return "---\n" + yaml.safe_dump({"judul": "Cuti", "kategori": "pengumuman", "platform": ["x"], **meta}) + "---\n"


def test_idul_fitri_does_not_count(cal):
    assert cal.is_holiday(date(2025, 3, 31)) and cal.is_holiday(date(2025, 4, 1))
    # 28 March (cuti bersama Nyepi) to 7 April 2025 (cuti bersama Idul Fitri): no working day in between.
    assert cal.working_minutes(t(2025, 3, 27, 15, 0), t(2025, 4, 8, 8, 0)) == 60 + 30
    assert cal.holiday_name(date(2025, 3, 31)) is not None


def test_extra_office_holidays_from_the_sop(cal):
    office = replace(cal.office, extra_holidays=frozenset({date(2026, 11, 17)}))
    extra = OfficeCalendar(office)
    assert extra.holiday_name(date(2026, 11, 17)) == "Libur kantor"
    assert extra.working_minutes(t(2026, 11, 16, 15, 0), t(2026, 11, 18, 8, 0)) == 60 + 30


def test_other_time_zones_are_converted(cal):
    with pytest.raises(ValueError):
        cal.working_minutes(datetime(2026, 11, 16, 8, 0), t(2026, 11, 16, 9, 0))  # naive
    start = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)  # 08:00 WIB
    assert cal.working_minutes(start, t(2026, 11, 16, 9, 0)) == 60


def test_add_working_minutes_is_the_inverse(cal):
    start = t(2026, 12, 23, 15, 0)
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
