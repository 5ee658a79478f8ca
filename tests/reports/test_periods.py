"""Reporting periods: codes, labels, bounds and Indonesian errors."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jdih.errors import UsageError
from jdih.reports.periods import parse_period, period_between, resolve_period

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(("code", "start", "end", "label", "expected_code"), [
    ("2026-S2", date(2026, 7, 1), date(2026, 12, 31), "Semester II 2026", "2026-S2"),
    ("2026-s1", date(2026, 1, 1), date(2026, 6, 30), "Semester I 2026", "2026-S1"),
    ("2026-T3", date(2026, 7, 1), date(2026, 9, 30), "Triwulan III 2026", "2026-T3"),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "Triwulan I 2026", "2026-T1"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "Triwulan IV 2026", "2026-T4"),
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "November 2026", "2026-11"),
    ("2028-02", date(2028, 2, 1), date(2028, 2, 29), "Februari 2028", "2028-02"),
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026", "2026"),
])
def test_parse_period(code, start, end, label, expected_code):
    p = parse_period(code)
    assert (p.start, p.end, p.label, p.code) == (start, end, label, expected_code)


def test_bounds_are_wib_days():
    p = parse_period("2026-S2")
    assert p.contains(datetime(2026, 7, 1, 0, 0, tzinfo=WIB), WIB)
    assert p.contains(datetime(2026, 12, 31, 23, 59, tzinfo=WIB), WIB)
    assert not p.contains(datetime(2027, 1, 1, 0, 0, tzinfo=WIB), WIB)
    # 30 June 17:30 UTC is already 1 July 00:30 WIB.
    assert p.contains(datetime.fromisoformat("2026-06-30T17:30:00+00:00"), WIB)
    assert not p.contains(None, WIB)
    assert p.months()[0] == (2026, 7) and p.months()[-1] == (2026, 12) and len(p.months()) == 6


def test_explicit_dates():
    p = period_between("2026-07-15", "2026-08-14")
    assert p.label == "15 Juli 2026 s.d. 14 Agustus 2026"
    assert p.code == "2026-07-15_2026-08-14"
    assert p.months() == [(2026, 7), (2026, 8)]


@pytest.mark.parametrize(("args", "message"), [
    (("2026-S3", None, None), "periode '2026-S3' tidak dikenali"),
    (("2026-13", None, None), "bulan 13 tidak sah"),
    (("semester dua", None, None), "bentuk yang diterima: 2026-S2 (semester)"),
    ((None, None, None), "periode belum diberikan"),
    (("2026", "2026-01-01", None), "tidak keduanya"),
    ((None, "2026-01-01", None), "harus diberikan bersama"),
    ((None, "2026-02-30", "2026-03-01"), "--dari '2026-02-30' bukan tanggal yang sah"),
    ((None, "2026-03-02", "2026-03-01"), "tidak boleh sebelum --dari"),
    (("1899", None, None), "di luar rentang"),
])
def test_errors_in_indonesian(args, message):
    with pytest.raises(UsageError) as err:
        resolve_period(*args)
    assert message in err.value.message
    assert err.value.exit_code == 2


@pytest.mark.parametrize(("code", "before"), [
    ("2026-S2", "2026-S1"), ("2026-S1", "2025-S2"), ("2026-T1", "2025-T4"), ("2026-Q3", "2026-T2"),
    ("2026-01", "2025-12"), ("2026-03", "2026-02"), ("2026", "2025"),
])
def test_previous_period_is_the_one_before_of_the_same_kind(code, before):
    from jdih.reports.evaluation import previous_period

    assert previous_period(parse_period(code)) == parse_period(before)


def test_previous_of_a_date_range_is_as_long_and_ends_the_day_before():
    from jdih.reports.evaluation import previous_period

    prev = previous_period(period_between("2026-03-10", "2026-03-19"))
    assert (prev.start, prev.end, prev.code) == (date(2026, 2, 28), date(2026, 3, 9), "2026-02-28_2026-03-09")
    assert prev.label == "28 Februari 2026 s.d. 9 Maret 2026"
