"""`jdih ingatkan`'s core against the Fonnte fake on loopback, walking a fixed clock across a
national holiday, cuti bersama and a weekend: who gets what and when, exactly once, escalation."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import WIB, make_post
from jdih.delivery import ledger_for
from jdih.post import read_post, write_post
from jdih.project import Project
from jdih.reminders.service import EARLIER, NO_CONTACT, PREVIEW, SENT
from jdih.workflow import apply_transition
from support.reminders import NUMBERS, TOKEN, fonnte, outcome, run, set_contacts, set_default_channel

# The step 3 (pengelola, norm 30 minutes) of post "natal" starts Wednesday 23 December 2026 15:55:
# 5 working minutes that day; 24 December is cuti bersama, 25 December Natal, 26-27 a weekend.
START = datetime(2026, 12, 23, 15, 55, tzinfo=WIB)
POST = "2026/natal"


def _draft(project: Project, slug: str = "natal", start: datetime = START) -> None:
    make_post(project, slug, status="draf", start=start - timedelta(minutes=5), step_minutes=5)


def test_walk_across_holidays_and_weekend_each_person_once_then_escalation(project: Project) -> None:
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]},
                                "rahmat": {"kanal": "wa-fonnte", "tujuan": NUMBERS["rahmat"]}})
    _draft(project)
    with fonnte() as (fake, url):
        for quiet_day in (datetime(2026, 12, 23, 20, 0, tzinfo=WIB),  # night
                          datetime(2026, 12, 24, 10, 0, tzinfo=WIB),  # cuti bersama
                          datetime(2026, 12, 25, 10, 0, tzinfo=WIB),  # Natal
                          datetime(2026, 12, 26, 10, 0, tzinfo=WIB)):  # Saturday
            report = run(project, quiet_day, url)
            assert report.quiet is not None and report.results == []
        assert "Natal" in (run(project, datetime(2026, 12, 25, 10, 0, tzinfo=WIB), url).quiet or "")
        assert fake.delivered == [] and not (project.state_dir / "buku-besar").exists()

        early = run(project, datetime(2026, 12, 28, 7, 50, tzinfo=WIB), url)  # 25 of 30 working minutes
        assert early.quiet is None and outcome(early) == set()

        due = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url)
        assert outcome(due) == {("dwi", POST, 100, SENT), ("rizky", POST, 100, SENT)}
        assert [d["to"] for d in fake.delivered] == [NUMBERS["dwi"]]
        text = fake.texts()[0]
        assert "Judul natal (2026/natal)" in text and "langkah 3" in text
        assert "`jdih ajukan 2026/natal`" in text  # the command exactly as the workflow layer prints it
        # rizky has no contact of his own: the default, the outbox, needs none.
        files = list((project.state_dir / "kotak-keluar" / "pengingat" / "rizky").glob("*.txt"))
        assert len(files) == 1 and "Judul natal" in files[0].read_text(encoding="utf-8")

        again = run(project, datetime(2026, 12, 28, 8, 10, tzinfo=WIB), url)
        assert outcome(again) == {("dwi", POST, 100, EARLIER), ("rizky", POST, 100, EARLIER)}
        assert len(fake.delivered) == 1

        late = run(project, datetime(2026, 12, 28, 8, 26, tzinfo=WIB), url)  # 61 minutes: 200 %
        assert {(p, a, h) for p, _, a, h in outcome(late)} == {
            ("dwi", 200, SENT), ("rizky", 200, SENT), ("rahmat", 200, SENT)}
        assert [d["to"] for d in fake.delivered] == [NUMBERS["dwi"], NUMBERS["dwi"], NUMBERS["rahmat"]]
        copy = fake.texts()[2]
        assert "Tembusan" in copy and "jdih ajukan" not in copy  # the Kasubbag is told, not asked to act
        assert late.ok and late.record_file is not None


def test_a_step_finished_between_two_runs_is_not_reminded(project: Project) -> None:
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}})
    _draft(project)
    with fonnte() as (fake, url):
        first = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url)
        assert ("dwi", POST, 100, SENT) in outcome(first)
        path = project.content_dir / POST / "index.md"
        post = read_post(path, project.content_dir)
        meta = apply_transition(project.sop, project.people, post.meta, "sunting", "dwi",
                                datetime(2026, 12, 28, 8, 0, tzinfo=WIB), None)
        write_post(path, meta, post.body)
        # Step 4 (staf, 30 minutes) now runs from 08:00; at 08:26 step 3's 200 % would have been due.
        second = run(project, datetime(2026, 12, 28, 8, 26, tzinfo=WIB), url)
        assert outcome(second) == set()
        assert len(fake.delivered) == 1
    # The records of the finished run are dropped from the shared ledger; the day's summary stays.
    keys = {e.post_id for e in ledger_for(project.state_dir).entries()}
    assert keys == {"pengingat/ringkasan/2026-12-28"}


def test_a_person_without_contact_is_warned_and_the_others_served(project: Project) -> None:
    set_default_channel(project.root, "wa-fonnte")
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}, "rizky": None})
    _draft(project)
    with fonnte() as (fake, url):
        report = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url)
    results = {r.recipient: r for r in report.results if r.content}
    assert results["dwi"].outcome == SENT and len(fake.delivered) == 1
    assert results["rizky"].outcome == NO_CONTACT
    assert "Muhammad Rizky (rizky) tidak punya kontak untuk kanal wa-fonnte" in results["rizky"].message
    assert "sop/peran.yml" in results["rizky"].message
    assert not report.ok


def test_email_falls_back_to_the_persons_address(project: Project) -> None:
    from jdih.reminders.contacts import Choice, resolve

    rizky = project.people.get("rizky")
    assert rizky is not None
    found = resolve(rizky, Choice("email"), "kotak-keluar")
    assert not isinstance(found, str) and found.target == rizky.email


def test_uji_shows_who_gets_what_and_sends_nothing(project: Project) -> None:
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}})
    _draft(project)
    with fonnte() as (fake, url):
        report = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url, dry_run=True)
    assert outcome(report) == {("dwi", POST, 100, PREVIEW), ("rizky", POST, 100, PREVIEW)}
    assert all("Judul natal" in r.text for r in report.results if r.content)
    assert fake.delivered == [] and fake.requests == []
    assert not (project.state_dir / "buku-besar").exists()
    assert not (project.state_dir / "kotak-keluar").exists()
    assert report.record_file is None and not (project.root / "catatan").exists()


def test_daily_summary_once_a_day_into_the_outbox_by_default(project: Project) -> None:
    _draft(project)
    at = datetime(2026, 12, 28, 8, 5, tzinfo=WIB)
    first = run(project, at)
    summary = [r for r in first.results if not r.content]
    assert [(r.recipient, r.outcome) for r in summary] == [("grup-kantor", SENT)]
    files = list((project.state_dir / "kotak-keluar" / "pengingat" / "grup-kantor").glob("*.txt"))
    assert len(files) == 1 and "Judul natal" in files[0].read_text(encoding="utf-8")
    later = run(project, at + timedelta(hours=2))
    assert [r.outcome for r in later.results if not r.content] == [EARLIER]
    next_day = run(project, at + timedelta(days=1))
    assert [r.outcome for r in next_day.results if not r.content] == [SENT]


def test_the_gateway_token_never_lands_in_files(project: Project) -> None:
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}})
    _draft(project)
    with fonnte() as (fake, url):
        fake.fault("token invalid")
        report = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url)
    assert not report.ok
    for path in project.root.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_a_post_only_on_its_konten_branch_is_reminded_with_where_it_is(project: Project) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Uji", "-c", "user.email=uji@contoh.invalid", *args],
                       cwd=project.root, check=True, capture_output=True)

    (project.root / ".gitignore").write_text(".jdih/\n", encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "awal")
    git("switch", "-q", "-c", "konten/cabang")
    _draft(project, "cabang")
    git("add", "-A")
    git("commit", "-q", "-m", "draf")
    git("switch", "-q", "main")
    assert not (project.content_dir / "2026" / "cabang").exists()
    report = run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB))
    assert ("dwi", "2026/cabang", 100, SENT) in outcome(report)
    text = next(r.text for r in report.results if r.recipient == "dwi")
    assert "Lokasi: cabang konten/cabang" in text and "`jdih ajukan 2026/cabang`" in text


def test_a_post_not_seen_in_one_run_keeps_its_records_and_is_not_reminded_again(project: Project) -> None:
    import shutil

    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}})
    _draft(project)
    folder = project.content_dir / "2026" / "natal"
    aside = project.root / "di-luar"
    with fonnte() as (fake, url):
        run(project, datetime(2026, 12, 28, 7, 56, tzinfo=WIB), url)
        shutil.move(folder, aside)  # e.g. its branch not fetched in this run
        run(project, datetime(2026, 12, 28, 8, 0, tzinfo=WIB), url)
        shutil.move(aside, folder)
        back = run(project, datetime(2026, 12, 28, 8, 5, tzinfo=WIB), url)
    assert ("dwi", POST, 100, EARLIER) in outcome(back)
    assert len(fake.delivered) == 1
