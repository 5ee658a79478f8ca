"""The lasting record of sent reminders and the report's numbers made from it."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import WIB, make_post
from jdih.post import load_posts, read_post, write_post
from jdih.project import Project
from jdih.reminders.record import RECORD_DIR, SentReminder, append_records, read_records
from jdih.reminders.stats import format_reminder_stats, reminder_stats
from jdih.reports.periods import parse_period
from jdih.workflow import apply_transition
from support.reminders import run

START = datetime(2026, 12, 23, 15, 55, tzinfo=WIB)


def test_sent_reminders_are_recorded_once_and_counted_per_step_with_time_to_done(project: Project) -> None:
    make_post(project, "natal", status="draf", start=START - timedelta(minutes=5), step_minutes=5)
    run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB))  # 100 %: dwi and rizky (outbox)
    run(project, datetime(2026, 12, 28, 8, 0, tzinfo=WIB))  # nothing new: nothing recorded twice
    run(project, datetime(2026, 12, 28, 8, 26, tzinfo=WIB))  # 200 %: dwi, rizky, rahmat
    records, bad = read_records(project.root)
    assert bad == []
    assert sorted((r.person, r.threshold, r.holder) for r in records) == [
        ("dwi", 100, True), ("dwi", 200, True), ("rahmat", 200, False), ("rizky", 100, True), ("rizky", 200, True)]
    path = project.content_dir / "2026" / "natal" / "index.md"
    post = read_post(path, project.content_dir)
    done_at = datetime(2026, 12, 28, 9, 26, tzinfo=WIB)  # an hour of working time after the first reminder
    write_post(path, apply_transition(project.sop, project.people, post.meta, "sunting", "dwi", done_at, None),
               post.body)
    posts, _ = load_posts(project.content_dir)
    now = datetime(2026, 12, 30, 10, 0, tzinfo=WIB)
    stats = reminder_stats(records, posts, parse_period("2026-S2"), sop=project.sop, calendar=project.calendar,
                           now=now)
    assert [(s.number, s.sent, s.escalations, s.runs, s.finished) for s in stats] == [(3, 5, 1, 1, 1)]
    assert stats[0].median_minutes == 90  # 07:56 -> 09:26 on one working morning
    text = format_reminder_stats(stats, project.sop.office.minutes_per_day)
    assert text == ["Langkah 3: 5 pengingat (1 tembusan) untuk 1 kejadian; 1 selesai, median 1 jam 30 menit kerja "
                    "setelah pengingat pertama."]
    # Another period counts nothing.
    assert reminder_stats(records, posts, parse_period("2026-S1"), sop=project.sop, calendar=project.calendar,
                          now=now) == []


def test_a_cut_line_is_skipped_and_the_next_append_starts_fresh(project: Project) -> None:
    rec = SentReminder("pengingat/2026/a/langkah-3/20261228T005600Z/100/dwi", "2026/a", 3, 100, "dwi", True,
                       "kotak-keluar", START, START + timedelta(days=5))
    folder = project.root / RECORD_DIR
    folder.mkdir(parents=True)
    (folder / "2026-12.jsonl").write_text('{"kunci": "pengingat/2026/a', encoding="utf-8")  # killed mid-line
    append_records(project.root, [rec])
    (folder / "2026-11.jsonl").write_text('{"kunci": 1}\n', encoding="utf-8")  # untrusted: wrong types
    records, bad = read_records(project.root)
    assert records == [rec]
    assert bad == ["catatan/pengingat/2026-11.jsonl:1: baris catatan pengingat tidak sah, dilewati",
                   "catatan/pengingat/2026-12.jsonl:1: baris catatan pengingat tidak sah, dilewati"]


def test_table_rows_for_the_report(project: Project) -> None:
    from jdih.reminders.stats import TABLE_COLUMNS, StepReminders, reminder_rows

    rows = reminder_rows([StepReminders(3, "Membuat konsep", 5, 1, 2, [30.0, 90.0])], 450)
    assert rows == [[3, "Membuat konsep", 5, 1, 2, 2, "1 jam"]]
    assert len(rows[0]) == len(TABLE_COLUMNS)


def test_the_semester_report_has_a_reminders_section(project: Project) -> None:
    from click.testing import CliRunner

    from jdih.cli import cli

    make_post(project, "natal", status="draf", start=START - timedelta(minutes=5), step_minutes=5)
    run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB))
    result = CliRunner().invoke(cli, ["--proyek", str(project.root), "laporan", "--periode", "2026-S2"],
                                env={"JDIH_SEKARANG": "2026-12-30T10:00:00+07:00"})
    assert result.exit_code == 0, result.output
    section = result.output.split("## Pengingat norma waktu (jdih ingatkan)", 1)[1].split("\n## ", 1)[0]
    assert "| Langkah | Kegiatan | Pengingat terkirim |" in section
    assert "| 3 | " in section and "| 2 | 0 | 1 | 0 | - |" in section  # 2 sent, 0 copies, 1 run, none done
