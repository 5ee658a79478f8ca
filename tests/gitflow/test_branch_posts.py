"""From main, posts still on their konten/ branches are seen by every command that lists posts, marked."""

from __future__ import annotations

import json

from support.office import PEOPLE, SLUG, Office, walk_to_persetujuan

ID = f"2026/{SLUG}"
MARK = f"di cabang konten/{SLUG} (belum digabung ke main)"


def _on_main(office: Office, who: str) -> None:
    repo = office[who].repo
    repo.git.checkout("main")
    repo.git.pull("--ff-only")


def test_status_agenda_report_trail_and_preview_see_a_post_waiting_on_its_branch(office: Office) -> None:
    walk_to_persetujuan(office)
    _on_main(office, "rahmat")  # rahmat's local konten/ branch is stale: origin/ holds the newer record
    assert not (office["rahmat"].root / "content" / "2026" / SLUG).exists()

    r = office.run("rahmat", "status")
    assert r.exit_code == 0, r.output
    assert ID in r.output and f"Catatan: {ID} {MARK}." in r.output
    r = office.run("rahmat", "status", "--format", "json")
    row = next(k for k in json.loads(r.output)["konten"] if k["id"] == ID)
    assert row["status"] == "persetujuan" and row["cabang"] == MARK  # the newer remote-tracking record

    r = office.run("rahmat", "agenda", "--format", "csv")
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if ID in x)
    assert MARK in line

    r = office.run("rahmat", "laporan", "--periode", "2026-11")
    assert r.exit_code == 0, r.output
    assert f"[{MARK}]" in r.output

    r = office.run("rahmat", "riwayat", ID)
    assert r.exit_code == 0, r.output
    assert f"Tempat: {MARK}" in r.output and "persetujuan" in r.output and "sop(sunting)" in r.output

    r = office.run("rahmat", "pratinjau")
    assert r.exit_code == 0, r.output
    assert f"Catatan: {ID} {MARK}." in r.output and "Mengenal PKPU Nomor 8 Tahun 2024" in r.output
    r = office.run("rahmat", "pratinjau", SLUG)
    assert r.exit_code == 0 and f"Catatan: {ID} {MARK}." in r.output, r.output

    # Listing wrote nothing git sees: the approval still runs from main.
    assert not office["rahmat"].repo.is_dirty(untracked_files=True)
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    r = office.run("rahmat", "status")
    assert MARK not in r.output  # landed: read from main, no longer marked


def test_a_fresh_clone_sees_branch_posts_through_its_remote_tracking_refs(office: Office) -> None:
    walk_to_persetujuan(office)
    office.clones["baru"] = office.clone("baru", PEOPLE["rahmat"])
    assert not office["baru"].repo.git.branch("--list", "konten/*")
    r = office.run("baru", "status", "--format", "json")
    assert r.exit_code == 0, r.output
    row = next(k for k in json.loads(r.output)["konten"] if k["id"] == ID)
    assert row["status"] == "persetujuan" and row["cabang"] == MARK


def test_with_a_github_token_an_open_pull_request_is_named_in_the_mark(office: Office) -> None:
    from click.testing import CliRunner

    from fakes.github import REPO, TOKEN, FakeGitHub
    from jdih.cli import cli

    walk_to_persetujuan(office)
    _on_main(office, "rahmat")
    fake = FakeGitHub()
    fake.pulls[7] = {"number": 7, "state": "open", "head": {"ref": f"konten/{SLUG}", "repo": {"full_name": REPO}}}
    fake.pulls[8] = {"number": 8, "state": "open", "head": {"ref": f"konten/{SLUG}", "repo": {"full_name": "x/fork"}}}
    fake.start()
    try:
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url,
               "JDIH_SEKARANG": office.tick().isoformat()}
        r = CliRunner().invoke(cli, ["--proyek", str(office["rahmat"].root), "status"], env=env,
                               catch_exceptions=False)
    finally:
        fake.stop()
    assert r.exit_code == 0, r.output
    assert f"Catatan: {ID} di cabang konten/{SLUG} (belum digabung ke main, pull request #7)." in r.output
    assert any("/pulls?" in path and "state=open" in path for _, path, _ in fake.requests), fake.requests
