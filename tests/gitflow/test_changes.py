"""``check_changes``: what a branch must not do to posts, found from real git history."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import make_post
from jdih.errors import RepositoryError
from jdih.gitflow.changes import check_changes
from jdih.post import read_post, write_post
from support.office import POST, SLUG, Office, walk_to_persetujuan


def commit_all(clone, message: str, when: datetime) -> None:  # type: ignore[no-untyped-def]
    env = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    clone.repo.git.add("-A")
    clone.repo.git.commit("-m", message, env=env)


def edit(path: Path, fn) -> None:  # type: ignore[no-untyped-def]
    post = read_post(path)
    meta = fn(post.meta)
    write_post(path, meta if meta is not None else post.meta, post.body)


def codes(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in findings]


@pytest.fixture
def branch(office: Office):  # type: ignore[no-untyped-def]
    """The pengelola's clone on the post's branch at 'persetujuan'."""
    walk_to_persetujuan(office)
    dwi = office["dwi"]
    dwi.repo.git.pull("--ff-only")
    return dwi


def test_legitimate_branch_is_clean(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    assert check_changes(branch.project, "origin/main", [], office.now) == []


def test_rewritten_entry_is_caught_with_its_line(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    # against a base that already holds the history, a rewrite is a rewrite
    office.run("rahmat", "setujui", SLUG)
    rahmat = office["rahmat"]
    rahmat.repo.git.checkout("-b", "konten/ubah-riwayat")
    p = rahmat.root / POST

    def rewrite(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"][2]["waktu"] = meta["riwayat"][2]["waktu"] - timedelta(hours=3)

    edit(p, rewrite)
    commit_all(rahmat, "fix dates", office.tick())
    found = check_changes(rahmat.project, "origin/main", [], office.now)
    assert codes(found) == ["PERUBAHAN-RIWAYAT-UBAH"]
    line = found[0].line
    assert line is not None
    assert (rahmat.root / POST).read_text().splitlines()[line - 1].strip().startswith("waktu:")
    assert found[0].path == POST


def test_state_jump_and_ci_only_states(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    path = branch.root / POST
    t = office.tick()

    def approve_myself(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"].append({"status": "disetujui", "oleh": "rahmat", "waktu": t})
        meta["status"] = "disetujui"

    edit(path, approve_myself)
    commit_all(branch, "approve", t)
    found = check_changes(branch.project, "origin/main", [], office.now)
    assert "PERUBAHAN-KHUSUS-CI" in codes(found)
    assert any("hanya dicatat oleh merge Kasubbag atau CI" in f.message for f in found)


def test_jump_from_draf(office: Office) -> None:
    office.run("rahmat", "disposisi", "Loncat", "--kategori", "pengumuman", "--platform", "x", "--slug", "loncat")
    siti = office["siti"]
    siti.repo.git.fetch()
    siti.repo.git.checkout("konten/loncat")
    path = siti.root / "content/2026/loncat/index.md"
    t = office.tick()

    def jump(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"].append({"status": "persetujuan", "oleh": "siti", "waktu": t})
        meta["status"] = "persetujuan"

    edit(path, jump)
    commit_all(siti, "jump", t)
    found = check_changes(siti.project, "origin/main", [], office.now)
    assert codes(found) == ["PERUBAHAN-LONCAT"]
    assert "'disposisi' → 'persetujuan'" in found[0].message


def test_backdated_entry_is_caught(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    office.run("rahmat", "tolak", SLUG, "--catatan", "perbaiki")
    branch.repo.git.pull("--ff-only")
    path = branch.root / POST
    late = office.tick(60 * 24)  # a day later, the pengelola pretends to have re-submitted in time
    backdated = late - timedelta(hours=23)

    def resubmit(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"].append({"status": "sunting", "oleh": "dwi", "waktu": backdated})
        meta["status"] = "sunting"

    edit(path, resubmit)
    commit_all(branch, "resubmit", late)
    found = check_changes(branch.project, "origin/main", [], office.now)
    assert codes(found) == ["PERUBAHAN-WAKTU"]
    assert "ditambahkan oleh commit" in found[0].message


def test_uncommitted_entry_is_checked_against_now(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    path = branch.root / POST
    t = office.tick()

    def reject_myself(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"].append({"status": "perbaikan", "oleh": "rahmat", "waktu": t - timedelta(days=2)})
        meta["status"] = "perbaikan"

    edit(path, reject_myself)
    found = check_changes(branch.project, "origin/main", [], office.now)
    # the pengelola typed a Kasubbag step: an error for the date, a warning for the actor
    assert codes(found) == ["PERUBAHAN-PELAKU", "PERUBAHAN-WAKTU"]
    assert found[0].level == "PERINGATAN" and "Dwi Lestari" in found[0].message
    assert found[1].level == "GALAT" and "belum di-commit" in found[1].message
    # a path filter that excludes the post sees nothing
    assert check_changes(branch.project, "origin/main", [str(branch.root / "content/2025")], office.now) == []
    assert "PERUBAHAN-WAKTU" in codes(check_changes(branch.project, "origin/main", [str(path.parent)], office.now))


def test_links_and_deleting_published_posts(office: Office) -> None:
    rahmat = office["rahmat"]
    make_post(rahmat.project, "terbit", status="diumumkan")
    commit_all(rahmat, "published", office.tick())
    rahmat.repo.git.push("origin", "main")
    rahmat.repo.git.checkout("-b", "konten/rusak")
    path = rahmat.root / "content/2026/terbit/index.md"

    def relink(meta):  # type: ignore[no-untyped-def]
        meta["tautan"]["x"] = "https://contoh.invalid/palsu"

    edit(path, relink)
    found = check_changes(rahmat.project, "origin/main", [], office.now)
    assert codes(found) == ["PERUBAHAN-TAUTAN"]
    assert found[0].line is not None
    rahmat.repo.git.checkout("--", ".")
    rahmat.repo.git.rm("-r", "-q", "content/2026/terbit")
    commit_all(rahmat, "delete", office.tick())
    found = check_changes(rahmat.project, "origin/main", [], office.now)
    assert codes(found) == ["PERUBAHAN-HAPUS-TERBIT"]


def test_unknown_base_is_a_clear_error(office: Office) -> None:
    with pytest.raises(RepositoryError) as exc:
        check_changes(office["dwi"].project, "origin/tidak-ada", [], office.now)
    assert "tidak ditemukan" in exc.value.message and "fetch-depth" in (exc.value.hint or "")


def test_never_writes(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    before = {p: p.read_bytes() for p in branch.root.rglob("*") if p.is_file() and ".git" not in p.parts}
    check_changes(branch.project, "origin/main", [], office.now)
    after = {p: p.read_bytes() for p in branch.root.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert before == after


def test_rebase_keeps_author_date_and_passes(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    # GitHub's "Update branch (rebase)" re-dates the committer two days later; the author and date stay.
    later = (office.now + timedelta(days=2)).isoformat()
    branch.repo.git.commit("--amend", "--no-edit", env={"GIT_COMMITTER_DATE": later})
    assert branch.repo.head.commit.committed_datetime > office.now + timedelta(days=1)
    assert check_changes(branch.project, "origin/main", [], office.now) == []


def test_periksa_dasar_cli_fails_on_forgery(office: Office, branch) -> None:  # type: ignore[no-untyped-def]
    path = branch.root / POST
    t = office.tick()

    def approve_myself(meta):  # type: ignore[no-untyped-def]
        meta["riwayat"].append({"status": "disetujui", "oleh": "rahmat", "waktu": t})
        meta["status"] = "disetujui"

    edit(path, approve_myself)
    commit_all(branch, "approve", t)
    r = office.run("dwi", "periksa", "--dasar", "origin/main", minutes=1)
    assert r.exit_code == 1
    assert "GALAT PERUBAHAN-KHUSUS-CI" in r.output
    assert f"{POST}:" in r.output


def test_read_blobs_handles_missing_and_trees(office: Office) -> None:
    from jdih.gitflow.objects import read_blobs

    out = read_blobs(office["rahmat"].root, ["HEAD:README.md", "HEAD:tidak-ada.md", "HEAD:sop", "HEAD:sop/alur.yml"])
    assert out["HEAD:README.md"] == "# JDIH\n"
    assert out["HEAD:tidak-ada.md"] is None and out["HEAD:sop"] is None
    assert (out["HEAD:sop/alur.yml"] or "").startswith("# Alur kerja SOP")
