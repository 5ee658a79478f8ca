"""Which reminders are due, walking a fixed clock across office hours, a weekend and holidays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers import REPO, T0, WIB, make_post
from jdih.post import read_post
from jdih.project import Project
from jdih.reminders.config import load_reminder_config
from jdih.reminders.message import reminder_text, summary_text
from jdih.reminders.plan import TrackedPost, next_reminder, plan_reminders, quiet_reason


def _plan(project: Project, paths: list, now: datetime):
    config = load_reminder_config(project.root / "sop" / "pengingat.yml", project.sop)
    posts = [TrackedPost(read_post(p, project.content_dir)) for p in paths]
    return plan_reminders(project.sop, project.calendar, project.people, config, posts, now)


def _who(plan) -> set[tuple[str, int, bool]]:
    return {(r.person.id, r.threshold.percent, r.as_holder) for r in plan.reminders}


def test_nothing_before_the_norm_then_the_holder_then_the_escalation(project: Project) -> None:
    # disposisi 08:00 (rahmat), draf 08:05 (siti): step 3 (pengelola, 30 minutes) runs from 08:05.
    path = make_post(project, "a", status="draf", start=T0, step_minutes=5)
    assert _plan(project, [path], T0 + timedelta(minutes=30)).reminders == []
    at_100 = _plan(project, [path], T0 + timedelta(minutes=40))
    assert _who(at_100) == {("dwi", 100, True), ("rizky", 100, True)}
    at_200 = _plan(project, [path], T0 + timedelta(minutes=70))
    # Only the highest threshold reached; the Kasubbag gets a copy, not the action.
    assert _who(at_200) == {("dwi", 200, True), ("rizky", 200, True), ("rahmat", 200, False)}
    copy = next(r for r in at_200.reminders if not r.as_holder)
    assert copy.moves == ()
    assert len({r.key for r in at_200.reminders}) == 3
    assert {r.key for r in at_100.reminders}.isdisjoint({r.key for r in at_200.reminders})


def test_the_person_who_already_acted_is_the_one_reminded(project: Project) -> None:
    # After a rejection the post is back with the pengelola who drafted it (perbaikan).
    path = make_post(project, "b", status="perbaikan", start=T0, step_minutes=5)
    post = read_post(path, project.content_dir)
    drafted_by = next(h.actor for h in post.history if h.status == "sunting")
    plan = _plan(project, [path], T0 + timedelta(hours=3))
    holders = {r.person.id for r in plan.reminders if r.as_holder}
    assert holders == {drafted_by}


def test_nights_weekends_and_holidays_are_quiet_and_not_counted(project: Project) -> None:
    friday = datetime(2026, 11, 20, 16, 20, tzinfo=WIB)  # the office closes 16:30 on Fridays
    path = make_post(project, "c", status="draf", start=friday - timedelta(minutes=5), step_minutes=5)
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=WIB)
    plan = _plan(project, [path], saturday)
    assert plan.quiet is not None and "bukan hari kerja" in plan.quiet
    assert plan.reminders == []  # 10 working minutes only: the weekend does not count
    night = datetime(2026, 11, 23, 6, 0, tzinfo=WIB)
    assert "di luar jam kerja" in (quiet_reason(project.calendar, night) or "")
    monday = datetime(2026, 11, 23, 7, 50, tzinfo=WIB)  # 10 minutes Friday + 20 minutes Monday = norm
    plan = _plan(project, [path], monday)
    assert plan.quiet is None
    assert {r.threshold.percent for r in plan.reminders} == {100}
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=WIB)
    reason = quiet_reason(project.calendar, christmas) or ""
    assert "libur" in reason and "Natal" in reason


def test_cuti_bersama_is_not_working_time(project: Project) -> None:
    # 24 December 2026 is cuti bersama (holidays' "government" category), 25 December is Christmas.
    start = datetime(2026, 12, 23, 15, 55, tzinfo=WIB)
    path = make_post(project, "d", status="draf", start=start - timedelta(minutes=5), step_minutes=5)
    config = load_reminder_config(project.root / "sop" / "pengingat.yml", project.sop)
    post = read_post(path, project.content_dir)
    found = next_reminder(project.sop, project.calendar, config, post, start)
    assert found is not None
    threshold, due = found
    assert threshold.percent == 100
    # 5 minutes on the 23rd; the 24th (cuti bersama), 25th (Natal), weekend skipped: Monday 28th 07:55.
    assert due == datetime(2026, 12, 28, 7, 55, tzinfo=WIB)
    assert quiet_reason(project.calendar, datetime(2026, 12, 24, 9, 0, tzinfo=WIB)) is not None


def test_a_finished_step_is_not_reminded_and_summary_once_a_day(project: Project) -> None:
    late = make_post(project, "e", status="draf", start=T0, step_minutes=5)
    done = make_post(project, "f", status="diumumkan", start=T0, step_minutes=5)
    now = T0 + timedelta(hours=2)
    plan = _plan(project, [late, done], now)
    assert {r.tracked.post.slug for r in plan.reminders} == {"e"}
    assert plan.summary is not None and plan.summary.key.endswith(now.date().isoformat())
    text = summary_text(project.sop, plan.summary)
    assert "Judul e" in text and "TERLAMBAT" in text and "Judul f" not in text
    early = _plan(project, [late], T0.replace(hour=7, minute=45))
    assert early.summary is None  # before the summary time set in sop/pengingat.yml


def test_message_names_the_post_the_wait_and_the_action(project: Project) -> None:
    path = make_post(project, "g", status="draf", start=T0, step_minutes=5)
    plan = _plan(project, [path], T0 + timedelta(minutes=40))
    reminder = next(r for r in plan.reminders if r.person.id == "dwi")
    text = reminder_text(project.sop, reminder, lambda pid, status: f"jdih ajukan {pid}")
    assert "Judul g (2026/g)" in text
    assert "langkah 3" in text and "norma 30 Menit" in text.replace("menit", "Menit")
    assert "jdih ajukan 2026/g" in text


def test_bad_threshold_names_file_and_line(project: Project) -> None:
    from jdih.errors import SopDataError

    path = project.root / "sop" / "pengingat.yml"
    path.write_text("ambang:\n  - persen: 100\n    kepada: [bupati]\n", encoding="utf-8")
    with pytest.raises(SopDataError) as err:
        load_reminder_config(path, project.sop)
    assert err.value.line == 3 and "bupati" in err.value.message


def test_repository_policy_file_loads() -> None:
    from jdih.project import open_project

    project = open_project(REPO)
    config = load_reminder_config(REPO / "sop" / "pengingat.yml", project.sop)
    assert [t.percent for t in config.thresholds] == [100, 200]
