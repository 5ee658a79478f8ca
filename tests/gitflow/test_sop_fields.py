"""``periksa --dasar``: ``status``, ``riwayat`` and ``tautan`` are written only by SOP steps, as written.

Decap on GitHub commits an editor's save from the browser; a save that rewrote the SOP's own fields
(reordered, requoted, refolded: what Decap's own front matter writer does) or changed them at all
outside a step commit is an error naming the file and the field's line. Real git repositories.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import git
import pytest
import yaml

from helpers import WIB, make_post, new_project
from jdih.gitflow.changes import check_changes
from jdih.post import read_post, render_post, write_post
from jdih.project import Project

START = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)
DWI = "dwi.lestari@kpu-kotimkab.go.id"
DECAP_SUBJECT = "Update Konten \u201c2026/pemilih-pemula/index\u201d"


class Repo:
    """A project in a git repository: ``main`` holds a post at 'draf', HEAD is Decap's branch."""

    def __init__(self, root: Path) -> None:
        self.project: Project = new_project(root)
        self.git = git.Repo.init(root, initial_branch="main")
        with self.git.config_writer() as cw:
            cw.set_value("user", "name", "Dwi Lestari")
            cw.set_value("user", "email", DWI)
        self.path = make_post(self.project, "pemilih-pemula", status="draf", start=START, step_minutes=20)
        post = read_post(self.path)
        long_note = "Catatan yang cukup panjang untuk dilipat oleh penulis YAML lain, " * 2
        history = [{**e, "catatan": long_note.strip()} for e in post.meta["riwayat"]]
        write_post(self.path, {**post.meta, "riwayat": history}, post.body)
        self.commit("awal", START + timedelta(hours=1))
        self.git.git.checkout("-b", "cms/konten/2026/pemilih-pemula/index")

    def commit(self, message: str, when: datetime) -> None:
        env = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
        self.git.git.add("-A")
        self.git.git.commit("-m", message, env=env)

    def check(self, now: datetime) -> list:  # type: ignore[type-arg]
        return check_changes(self.project, "main", [], now)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "proyek")


def line_of(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


def test_a_save_that_reformats_the_riwayat_is_an_error_with_its_line(repo: Repo) -> None:
    # Decap's own writer: block lists, long strings folded at 80 columns, its own time style.
    text = repo.path.read_text("utf-8")
    front = yaml.safe_dump(read_post(repo.path).meta, allow_unicode=True, sort_keys=False, width=80)
    repo.path.write_text(f"---\n{front}---\n\n{read_post(repo.path).body}", encoding="utf-8")
    repo.commit(DECAP_SUBJECT, START + timedelta(hours=1, minutes=10))
    assert repo.path.read_text("utf-8") != text
    found = repo.check(START + timedelta(hours=2))
    format_findings = [f for f in found if f.code == "PERUBAHAN-FORMAT-SOP"]
    assert len(format_findings) == 1, found
    assert format_findings[0].path == "content/2026/pemilih-pemula/index.md"
    assert format_findings[0].line == line_of(repo.path, "riwayat")
    assert format_findings[0].level == "GALAT"
    assert "'riwayat' ditulis ulang tanpa perubahan isi" in format_findings[0].message


def hand_in(repo: Repo, subject: str) -> datetime:
    """The pengelola's hand-in (draf -> sunting) written into the post and committed as ``subject``."""
    post = read_post(repo.path)
    when = START + timedelta(hours=1, minutes=30)
    meta = dict(post.meta)
    meta["riwayat"] = [*meta["riwayat"], {"status": "sunting", "oleh": "dwi", "waktu": when}]
    meta["status"] = "sunting"
    write_post(repo.path, meta, post.body)
    repo.commit(subject, when)
    return when


def test_a_save_that_records_a_step_is_an_error_naming_the_commit(repo: Repo) -> None:
    when = hand_in(repo, DECAP_SUBJECT)
    found = repo.check(when + timedelta(minutes=5))
    assert [(f.code, f.level) for f in found] == [("PERUBAHAN-BIDANG-SOP", "GALAT")] * 2
    assert {f.line for f in found} == {line_of(repo.path, "status"), line_of(repo.path, "riwayat")}
    assert all(DECAP_SUBJECT in f.message and "bukan commit langkah SOP" in f.message for f in found)


def test_the_same_change_as_an_sop_step_commit_passes(repo: Repo) -> None:
    when = hand_in(repo, "sop(ajukan): 2026/pemilih-pemula\n\nstatus: draf -> sunting\nby: dwi\n")
    assert repo.check(when + timedelta(minutes=5)) == []


def test_an_editor_save_of_its_own_fields_passes_and_uncommitted_edits_are_caught(repo: Repo) -> None:
    post = read_post(repo.path)
    write_post(repo.path, {**post.meta, "judul": "Judul baru dari Decap", "tag": ["pemilu"]}, post.body + "#Pemilu\n")
    repo.commit(DECAP_SUBJECT, START + timedelta(hours=1, minutes=10))
    assert repo.check(START + timedelta(hours=2)) == []
    # an uncommitted hand edit of the status (with no new entry) is still one finding per field
    text = repo.path.read_text("utf-8")
    repo.path.write_text(text.replace("status: draf", "status: 'draf'", 1), encoding="utf-8")
    found = repo.check(START + timedelta(hours=2))
    assert [(f.code, f.line) for f in found] == [("PERUBAHAN-FORMAT-SOP", line_of(repo.path, "status"))]
    assert render_post(read_post(repo.path).meta, post.body)  # still a readable post
