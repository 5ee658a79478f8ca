"""Norm times in working time: a finished step over its norm, and an overdue running step."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import NOW, WIB, make_post
from jdih.checks.norms import running_step, short_name, step_runs
from jdih.post import read_post
from support.checking import edit, run


def _times(path, times):
    def change(m):
        for entry, t in zip(m["riwayat"], times, strict=False):
            entry["waktu"] = t
    edit(path, change)


def test_step_over_its_norm_is_a_warning_with_measured_and_norm(project):
    path = make_post(project, "lama", status="diumumkan")
    # Step 2: Monday 08:00 → Tuesday 10:00 = 420 + 150 working minutes = 1 hari 2 jam.
    _times(path, [datetime(2026, 11, 16, 8, 0, tzinfo=WIB), datetime(2026, 11, 17, 10, 0, tzinfo=WIB)]
           + [datetime(2026, 11, 17, 10, 5 * i, tzinfo=WIB) for i in range(1, 6)])
    (f,) = run(project, path)
    assert (f.code, f.level) == ("NORMA-LEWAT", "PERINGATAN")
    assert f.message == ("langkah 2 (Menghimpun bahan konten media...) memakan 1 hari 2 jam, melebihi norma 1 hari")
    assert "status: draf" in path.read_text().splitlines()[f.line - 1]


def test_weekend_and_christmas_do_not_count(project):
    path = make_post(project, "natal", status="diumumkan")
    # Wednesday 23 Dec 2026 15:00 → Monday 28 Dec 08:30: Thursday 24 Dec is cuti bersama, Friday 25 Dec
    # Christmas, then a weekend.
    _times(path, [datetime(2026, 12, 23, 15, 0, tzinfo=WIB), datetime(2026, 12, 28, 8, 30, tzinfo=WIB)]
           + [datetime(2026, 12, 28, 8, 30 + 5 * i, tzinfo=WIB) for i in range(1, 6)])
    post = read_post(path)
    runs = step_runs(project.sop, project.calendar, post, datetime(2027, 1, 4, 9, 0, tzinfo=WIB))
    assert (runs[0].step.number, runs[0].minutes) == (2, 60 + 60)
    assert run(project, path, now=datetime(2027, 1, 4, 9, 0, tzinfo=WIB)) == []


def test_idul_fitri_does_not_count(project):
    path = make_post(project, "lebaran", status="diumumkan", year=2025)
    # Thursday 27 Mar 2025 15:00 → Tuesday 8 Apr 08:30: cuti bersama Nyepi on Fri 28 Mar, Idul Fitri on
    # Mon 31 Mar and Tue 1 Apr, cuti bersama Idul Fitri from Wed 2 to Mon 7 Apr.
    _times(path, [datetime(2025, 3, 27, 15, 0, tzinfo=WIB), datetime(2025, 4, 8, 8, 30, tzinfo=WIB)]
           + [datetime(2025, 4, 8, 8, 30 + 5 * i, tzinfo=WIB) for i in range(1, 6)])
    runs = step_runs(project.sop, project.calendar, read_post(path), NOW)
    assert runs[0].minutes == 60 + 60


def test_running_step_overdue_is_a_warning(project):
    path = make_post(project, "tertahan", status="persetujuan", start=NOW - timedelta(hours=1))
    (f,) = run(project, path)
    assert (f.code, f.line) == ("NORMA-TERLAMBAT", 3)
    assert f.message == "langkah 5 (Menerima dan memberikan...) sedang berjalan 45 menit, melebihi norma 10 menit"


def test_running_step_within_norm_is_quiet(project):
    path = make_post(project, "segar", status="persetujuan", start=NOW - timedelta(minutes=20))
    assert run(project, path) == []


def test_step_six_starts_at_the_schedule(project):
    scheduled_at = NOW - timedelta(minutes=10)
    path = make_post(project, "terjadwal", status="disetujui", start=NOW - timedelta(days=2), jadwal=scheduled_at)
    runs = step_runs(project.sop, project.calendar, read_post(path), NOW)
    current = running_step(runs)
    assert current is not None and current.step.number == 6 and current.start == scheduled_at
    assert current.minutes == 10
    assert [f.code for f in run(project, path)] == []
    # Before the schedule nothing runs at all.
    later = make_post(project, "nanti", status="disetujui", start=NOW - timedelta(hours=2),
                      jadwal=NOW + timedelta(days=1))
    assert running_step(step_runs(project.sop, project.calendar, read_post(later), NOW)) is None


def test_step_one_is_measured_from_mulai(project):
    path = make_post(project, "disposisi-lambat", status="diumumkan")
    edit(path, lambda m: m["riwayat"][0].update(mulai=datetime(2026, 11, 13, 15, 0, tzinfo=WIB)))  # Friday
    (f,) = run(project, path)
    assert f.message == ("langkah 1 (Memberikan disposisi/petunjuk...) memakan 2 jam, melebihi norma 10 menit")


def test_rejection_loop_measures_each_round(project):
    states = ["disposisi", "draf", "sunting", "persetujuan", "perbaikan", "sunting", "persetujuan", "disetujui",
              "diunggah", "diumumkan"]
    path = make_post(project, "ulang", states=states)
    runs = step_runs(project.sop, project.calendar, read_post(path), NOW)
    assert [r.step.number for r in runs] == [2, 3, 4, 5, 3, 4, 5, 6]
    assert runs[-1].minutes == 10  # disetujui → diumumkan over diunggah


def test_short_names():
    from helpers import REPO
    from jdih.sop_model import load_sop

    sop = load_sop(REPO / "sop" / "alur.yml")
    assert short_name(sop.step(2)) == "Menghimpun bahan konten media..."
    assert short_name(sop.step(4), 80).startswith("Memperbaiki, mengoreksi atau menyunting")
