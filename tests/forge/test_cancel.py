"""Batal from the web desk on GitHub: the Kasubbag closes a new post's pull request without merging it
(with a comment giving the reason); `jdih github catat-batal` records the post on main as cancelled,
with the steps its pull request carried. Run against the GitHub fake over a real bare repository."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from fakes.github import BOT_LOGIN, REPO, TOKEN, FakeGitHub, fixture
from helpers import new_project
from jdih.cli import cli
from jdih.post import read_post, render_post
from jdih.project import Project

BRANCH = "cms/konten/2026/pemilih-pemula/index"
POST = "content/2026/pemilih-pemula/index.md"
IMAGE = "content/2026/pemilih-pemula/dpt.png"
NOW = "2026-11-23T12:00:00+07:00"
FORM: dict[str, Any] = {"judul": "Pemilih Pemula", "kategori": "rutin-edukasi", "platform": ["x"],
                        "langkah": {"catatan": "Buat konten DPT untuk pemilih pemula"}}


def git(cwd: Path, *args: str, when: str = "2026-11-20T08:00:00+07:00", email: str = "ci@contoh.invalid") -> str:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "x", "GIT_COMMITTER_NAME": "x",
           "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_EMAIL": email, "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def office_remote(tmp: Path) -> tuple[Path, str, str]:
    """A bare remote with main and the Decap branch of a new post (Kasubbag creates, staf saves)."""
    remote, work = tmp / "remote.git", tmp / "kerja"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    (work / "content").mkdir()
    (work / "content" / ".gitkeep").write_text("")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "seed")
    base = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-qb", BRANCH)
    post = work / POST
    post.parent.mkdir(parents=True)
    post.write_text(render_post(FORM, ""), encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "Create Konten", when="2026-11-23T07:59:58+07:00",
        email="rahmat.hidayat@kpu-kotimkab.go.id")
    post.write_text(render_post(FORM, "Bahan: data DPT pemilih pemula.\n"), encoding="utf-8")
    (work / IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    git(work, "add", "-A")
    git(work, "commit", "-qm", "Update Konten", when="2026-11-23T08:30:00+07:00",
        email="siti.nurhaliza@kpu-kotimkab.go.id")
    head = git(work, "rev-parse", "HEAD")
    git(work, "push", "-q", str(remote), "main", BRANCH)
    return remote, base, head


def closed_pr(base: str, head: str) -> dict[str, Any]:
    pr: dict[str, Any] = fixture("decap_new_entry_pull_request_closed_merged.json")["pull_request"]
    pr.update(merged=False, merged_at=None, merged_by=None, merge_commit_sha=None, state="closed",
              closed_at="2026-11-23T03:00:00Z")
    pr["head"] = {**pr["head"], "ref": BRANCH, "sha": head}
    pr["base"] = {**pr["base"], "ref": "main", "sha": base}
    return pr


def timeline(closer: str = "rahmat-kpukotim", reason: str | None = "Materi digabung dengan konten DPT pekan depan.",
             ) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        e for e in fixture("decap_new_entry_timeline.json")
        if e.get("created_at", "") < "2026-11-23T02:00:00Z" or e.get("event") == "committed"]
    if reason is not None:
        events.append({"event": "commented", "actor": {"login": closer}, "body": reason,
                       "created_at": "2026-11-23T02:59:00Z"})
    events.append({"event": "closed", "actor": {"login": closer}, "created_at": "2026-11-23T03:00:00Z"})
    return events


def run(project: Project, fake: FakeGitHub, event: Path) -> Result:
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url, "JDIH_SEKARANG": NOW}
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-batal", "--event", str(event)],
                              env=env, catch_exceptions=False)


def setup(tmp: Path, fake: FakeGitHub, pr: dict[str, Any], events: list[dict[str, Any]]) -> Path:
    fake.add_account(BOT_LOGIN, BOT_LOGIN, "41898282+github-actions[bot]@users.noreply.github.com")
    fake.pulls[pr["number"]] = pr
    fake.timelines[pr["number"]] = events
    # Who pushed (GitHub's activity list): the staf's save after the Kasubbag opened the pull request.
    fake.record_push(BRANCH, "1" * 40, "2" * 40, "siti-kpukotim", at=datetime(2026, 11, 23, 1, 30, tzinfo=UTC))
    event = tmp / "event.json"
    event.write_text(json.dumps({"action": "closed", "pull_request": pr, "sender": {"login": "rahmat-kpukotim"}}),
                     encoding="utf-8")
    return event


def test_closing_a_new_post_pr_with_a_reason_records_it_cancelled_on_main(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    remote, base, head = office_remote(tmp_path)
    with FakeGitHub(git_dir=remote) as fake:
        event = setup(tmp_path, fake, closed_pr(base, head), timeline())
        result = run(project, fake, event)
        assert result.exit_code == 0, result.output
        post = read_post(project.root / POST)
        assert [(h.status, h.actor) for h in post.history] == [
            ("disposisi", "rahmat"), ("draf", "siti"), ("dibatalkan", "rahmat")]
        assert post.history[-1].note == "Materi digabung dengan konten DPT pekan depan."
        # The staf's step comes from GitHub's record of who pushed, not from a commit e-mail.
        assert post.history[1].at.isoformat() == "2026-11-23T08:30:00+07:00"
        assert "tidak terverifikasi" not in (post.history[1].note or "")
        assert post.history[0].note == "Buat konten DPT untuk pemilih pemula" and "langkah" not in post.meta
        assert (project.root / IMAGE).read_bytes().startswith(b"\x89PNG")
        assert not fake.comments.get(15)
        checked = CliRunner().invoke(cli, ["--proyek", str(project.root), "periksa"],
                                     env={"JDIH_SEKARANG": NOW, "GITHUB_HEAD_REF": ""})
        assert checked.exit_code == 0, checked.output
        # CI ran again (a comment on the closed PR): nothing changes
        text = (project.root / POST).read_text(encoding="utf-8")
        again = run(project, fake, event)
        assert again.exit_code == 0 and "sudah ada di main" in again.output
        assert (project.root / POST).read_text(encoding="utf-8") == text


def test_without_a_reason_or_by_someone_else_nothing_is_recorded_and_the_pr_says_why(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    remote, base, head = office_remote(tmp_path)
    with FakeGitHub(git_dir=remote) as fake:
        event = setup(tmp_path, fake, closed_pr(base, head), timeline(reason=None))
        result = run(project, fake, event)
        assert result.exit_code == 0, result.output
        assert not (project.root / POST).exists()
        (said,) = fake.comments[15]
        assert "memerlukan alasan" in said["body"] and "komentar" in said["body"]
        fake.timelines[15] = timeline(closer="dwi-kpukotim")
        result = run(project, fake, event)
        assert not (project.root / POST).exists()
        assert "ditutup oleh @dwi-kpukotim, bukan Kasubbag" in fake.comments[15][-1]["body"]
        # the Kasubbag writes the reason, then runs what the first comment says, with the PR number
        assert "nomor PR 15" in said["body"]
        fake.timelines[15] = timeline()
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url, "JDIH_SEKARANG": NOW}
        done = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-batal", "--pr", "15"],
                                  env=env, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        assert read_post(project.root / POST).status == "dibatalkan"
        wrong = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-batal"], env=env)
        assert wrong.exit_code == 2 and "--event BERKAS atau --pr NOMOR" in wrong.output
