"""Step durations in working time: weekends, lunch breaks, Indonesian holidays, jadwal, perbaikan rounds."""

from __future__ import annotations

from datetime import date

import holidays

from jdih.post import read_post
from jdih.reports.measures import (
    history_problems,
    measure_post,
    median,
    open_steps_at,
    percentile_nearest_rank,
    performers,
)


def _measure(project, path, now):
    post = read_post(path, project.content_dir)
    return post, measure_post(post, project.sop, project.calendar, now)


def test_friday_afternoon_to_monday_and_step_one(project, add_post, gk):
    w = gk.w
    path = add_post("jumat", [
        ("disposisi", w(2026, 11, 20, 15), {"mulai": w(2026, 11, 20, 14, 50)}),
        ("draf", w(2026, 11, 23, 9)),
    ])
    _, pm = _measure(project, path, gk.now)
    assert pm.consistent
    assert [(r.step, r.round, r.minutes) for r in pm.runs] == [(1, 1, 10.0), (2, 1, 180.0)]
    assert all(r.within_norm for r in pm.runs)
    assert pm.cycle is None  # not announced yet


def test_step_one_needs_mulai(project, add_post, gk):
    path = add_post("tanpa-mulai", [("disposisi", gk.w(2026, 11, 20, 15)), ("draf", gk.w(2026, 11, 20, 16))])
    _, pm = _measure(project, path, gk.now)
    assert [r.step for r in pm.runs] == [2]
    assert pm.runs[0].minutes == 60.0


def test_nyepi_and_idul_fitri_2026(project, add_post, gk):
    """Tue 17 Mar 15:00 → Thu 26 Mar 08:30: Nyepi (Thu 19), Idul Fitri (Sat-Sun 21-22) and the cuti bersama
    around them (Wed 18, Fri 20, Mon 23, Tue 24) are not worked."""
    id_holidays = holidays.country_holidays("ID", years=2026, categories=("public", "government"))
    assert date(2026, 3, 19) in id_holidays  # Hari Suci Nyepi
    assert date(2026, 3, 21) in id_holidays and date(2026, 3, 22) in id_holidays  # Idul Fitri 1447 H
    assert {date(2026, 3, d) for d in (18, 20, 23, 24)} <= set(id_holidays)  # cuti bersama
    path = add_post("lebaran", [("disposisi", gk.w(2026, 3, 17, 15)), ("draf", gk.w(2026, 3, 26, 8, 30))])
    _, pm = _measure(project, path, gk.now)
    # Tue 15:00-16:00 = 60; Wed 18 to Tue 24 off; Wed 25 = 450; Thu 07:30-08:30 = 60.
    (run,) = pm.runs
    assert run.minutes == 570.0
    assert not run.within_norm and run.overrun == 120.0


def test_natal_jadwal_and_perbaikan_rounds(semester2, gk):
    project = semester2
    _post, pm = _measure(project, project.content_dir / "2026/natal/index.md", gk.now)
    assert [(r.step, r.minutes) for r in pm.runs] == [(2, 60.0), (3, 30.0), (4, 30.0), (5, 10.0), (6, 90.0)]
    assert pm.runs[-1].start == gk.w(2026, 12, 23, 15)  # step 6 starts at jadwal, not at approval
    assert pm.cycle is not None and pm.cycle.minutes == 220.0 and pm.cycle.within_norm
    assert pm.rounds == 1 and pm.perbaikan == 0

    _, pm = _measure(project, project.content_dir / "2026/perbaikan/index.md", gk.now)
    assert [(r.step, r.round, r.minutes, r.ended_in) for r in pm.runs] == [
        (2, 1, 120.0, "draf"), (3, 1, 40.0, "sunting"), (4, 1, 20.0, "persetujuan"), (5, 1, 20.0, "perbaikan"),
        (3, 2, 10.0, "sunting"), (4, 2, 20.0, "persetujuan"), (5, 2, 15.0, "disetujui"), (6, 1, 25.0, "diumumkan"),
    ]
    assert pm.rounds == 2 and pm.perbaikan == 1
    assert pm.cycle is not None and pm.cycle.minutes == 270.0
    assert pm.cycle.start == gk.w(2026, 10, 5, 8) and pm.cycle.end == gk.w(2026, 10, 5, 13, 30)


def test_open_step_at_cutoff(semester2, gk):
    post = read_post(semester2.content_dir / "2026/menunggu/index.md", semester2.content_dir)
    (op,) = open_steps_at(post, semester2.sop, semester2.calendar, gk.w(2027, 1, 1, 0))
    assert (op.step, op.status, op.since, op.minutes, op.overdue) == (4, "sunting", gk.w(2026, 12, 30, 8), 870.0, True)
    # Before the draf was submitted the post waited on step 3 (and step 2 before that).
    (op,) = open_steps_at(post, semester2.sop, semester2.calendar, gk.w(2026, 12, 29, 11))
    assert (op.step, op.minutes) == (3, 60.0)
    assert open_steps_at(post, semester2.sop, semester2.calendar, gk.w(2026, 12, 1, 8)) == []


def test_scheduled_post_waiting_for_jadwal_is_not_late(project, add_post, gk):
    w = gk.w
    path = add_post("berjadwal", [
        ("disposisi", w(2026, 11, 16, 8)), ("draf", w(2026, 11, 16, 9)), ("sunting", w(2026, 11, 16, 9, 30)),
        ("persetujuan", w(2026, 11, 16, 10)), ("disetujui", w(2026, 11, 16, 10, 10)),
    ], jadwal=w(2026, 11, 30, 9))
    post = read_post(path, project.content_dir)
    (op,) = open_steps_at(post, project.sop, project.calendar, w(2026, 11, 24, 10))
    assert (op.step, op.waiting_schedule, op.minutes, op.overdue) == (6, True, 0.0, False)
    (op,) = open_steps_at(post, project.sop, project.calendar, w(2026, 11, 30, 9, 20))
    assert (op.waiting_schedule, op.minutes, op.overdue) == (False, 20.0, True)


def test_inconsistent_histories_are_reported_not_measured(semester2, gk):
    expected = {
        "status-beda": "status 'sunting' tidak sama dengan entri riwayat terakhir ('draf')",
        "urutan-kacau": "entri riwayat ke-2: waktu 2026-08-10T08:00:00+07:00 tidak sesudah entri sebelumnya "
                        "(2026-08-10T09:00:00+07:00); urutan riwayat kacau",
        "lompat": "entri riwayat ke-2: perpindahan 'disposisi' → 'disetujui' tidak diizinkan SOP",
        "tanpa-riwayat": "riwayat tidak ada: langkah SOP konten ini tidak dapat diukur",
    }
    for slug, message in expected.items():
        post, pm = _measure(semester2, semester2.content_dir / f"2026/{slug}/index.md", gk.now)
        assert [p.message for p in pm.problems] == [message]
        assert pm.runs == [] and pm.cycle is None
    post = read_post(semester2.content_dir / "2026/urutan-kacau/index.md", semester2.content_dir)
    (problem,) = history_problems(post, semester2.sop)
    assert problem.line == post.line("riwayat", 1, "waktu")
    assert problem.path.endswith("2026/urutan-kacau/index.md")


def test_future_entry_and_malformed_entry(project, add_post, gk):
    path = add_post("masa-depan", [("disposisi", gk.w(2026, 11, 16, 8)), ("draf", gk.w(2027, 2, 1, 8))])
    _, pm = _measure(project, path, gk.now)
    assert [p.message for p in pm.problems] == ["entri riwayat ke-2: waktu 2027-02-01T08:00:00+07:00 ada di masa depan"]
    path = add_post("rusak", [("disposisi", gk.w(2026, 11, 16, 8)), ("draf", "kemarin")])
    _, pm = _measure(project, path, gk.now)
    assert [p.message for p in pm.problems] == ["entri riwayat ke-2: 'waktu' tidak ada atau tanpa zona waktu"]


def test_performers_per_step(semester2):
    post = read_post(semester2.content_dir / "2026/perbaikan/index.md", semester2.content_dir)
    assert performers(post, semester2.sop) == {
        1: ["rahmat"], 2: ["siti"], 3: ["dwi"], 4: ["siti"], 5: ["rahmat"], 6: ["dwi"],
    }


def test_statistics_definitions():
    assert median([10, 10, 15, 20]) == 12.5
    assert median([]) is None
    assert percentile_nearest_rank([10, 20, 30, 40, 330], 90) == 330  # ceil(4.5) = 5th
    assert percentile_nearest_rank([60, 120, 120, 180], 90) == 180  # ceil(3.6) = 4th
    assert percentile_nearest_rank(list(range(1, 11)), 90) == 9  # ceil(9.0) = 9th
    assert percentile_nearest_rank([7], 90) == 7
    assert percentile_nearest_rank([], 90) is None


def test_office_calendar_equals_plain_datetime_arithmetic(project):
    """The cached OfficeCalendar gives the minutes of plain datetime arithmetic (Natal, Nyepi, weekends)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    import pytest
    from hypothesis import given, settings
    from hypothesis import strategies as st

    wib = ZoneInfo("Asia/Jakarta")
    base = datetime(2026, 3, 16, 0, 0, tzinfo=wib)
    clock = project.calendar

    def reference(a, b):
        # Straight datetime arithmetic over each day's office intervals: no caches, no epoch floats.
        total, day = 0.0, a.astimezone(wib).date()
        while day <= b.astimezone(wib).date():
            for lo, hi in clock._intervals(day):
                lo, hi = max(lo, a), min(hi, b)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            day += timedelta(days=1)
        return total

    @settings(max_examples=300, deadline=None)
    @given(st.integers(0, 60 * 24 * 300), st.integers(0, 60 * 24 * 20), st.booleans())
    def check(start_min, length_min, utc):
        a = base + timedelta(minutes=start_min)
        b = a + timedelta(minutes=length_min, seconds=length_min % 7)
        if utc:
            a = a.astimezone(ZoneInfo("UTC"))
        assert clock.working_minutes(a, b) == pytest.approx(reference(a, b), abs=1e-6)

    check()
    # One fixed case across Natal: Wed 23 Dec 15:00 → Mon 28 Dec 08:00 = 60 + 30 (Thu 24 is cuti bersama).
    assert clock.working_minutes(datetime(2026, 12, 23, 15, tzinfo=wib), datetime(2026, 12, 28, 8, tzinfo=wib)) == 90
