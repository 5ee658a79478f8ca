"""`jdih github catat-merge` and `jdih github komentar` against a real git repo and a GitHub fake on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import git
import pytest
from click.testing import CliRunner, Result

from fakes.github import REPO, TOKEN, FakeGitHub, fixture
from helpers import WIB, history_meta
from jdih.cli import cli
from jdih.forge.events import parse_github_time
from jdih.post import read_post, write_post
from jdih.preview import MARKER
from jdih.project import Project

POST = "content/2026/mengenal-pkpu/index.md"


def _commit(repo: git.Repo, msg: str, when: str) -> str:
    repo.git.add("-A")
    repo.git.commit("-m", msg, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    return repo.head.commit.hexsha


@pytest.fixture
def merged_repo(project: Project) -> tuple[Project, str, str]:
    """main with a GitHub-style merge commit of a PR whose post is still in 'draf' (as proposed)."""
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "ci@contoh.invalid")
        cw.set_value("user", "name", "CI")
    (project.root / "content" / ".gitkeep").write_text("")
    before = _commit(repo, "seed", "2026-11-20T08:00:00+07:00")
    repo.git.checkout("-b", "konten/mengenal-pkpu")
    meta = history_meta(project, ["disposisi", "draf"], start=datetime(2026, 11, 23, 8, 0, tzinfo=WIB), step_minutes=30)
    meta.update(judul="Mengenal PKPU Nomor 8 Tahun 2024", kategori="rutin-edukasi", platform=["x"])
    write_post(project.root / POST, meta, "Yuk kenali PKPU 8/2024!")
    _commit(repo, "draft", "2026-11-23T08:55:00+07:00")
    repo.git.checkout("main")
    repo.git.merge(
        "--no-ff",
        "konten/mengenal-pkpu",
        "-m",
        "Merge pull request #7",
        env={"GIT_AUTHOR_DATE": "2026-11-23T11:10:00+07:00", "GIT_COMMITTER_DATE": "2026-11-23T11:10:00+07:00"},
    )
    return project, before, repo.head.commit.hexsha


def run(project: Project, fake: FakeGitHub, *args: str, stdin: str | None = None) -> Result:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": fake.url,
        "JDIH_SEKARANG": "2026-11-23T11:15:00+07:00",
    }
    return CliRunner().invoke(cli, ["--proyek", str(project.root), *args], env=env, input=stdin, catch_exceptions=False)


def serve_pr7(fake: FakeGitHub, merge_sha: str, merged_by: str = "rahmat-kpukotim") -> None:
    pr = fixture("pull_request_closed_merged.json", MERGE_SHA=merge_sha)["pull_request"]
    pr["merged_by"] = {"login": merged_by}
    fake.pulls[7] = pr
    fake.commit_pulls[merge_sha] = [{"number": 7, "merged_at": pr["merged_at"], "merge_commit_sha": merge_sha}]
    fake.timelines[7] = fixture("timeline_pr7.json", MERGE_SHA=merge_sha)
    # The pengelola pushed each commit of the timeline herself (GitHub's activity list says who pushed).
    for after, at in (("1" * 40, "2026-11-23T01:55:10Z"), ("2" * 40, "2026-11-23T03:00:10Z"),
                      ("3" * 40, "2026-11-23T03:05:10Z")):
        fake.record_push(pr["head"]["ref"], None, after, "dwi-kpukotim", at=parse_github_time(at))


def write_event(tmp: Path, before: str, after: str) -> Path:
    path = tmp / "event.json"
    path.write_text(json.dumps(fixture("push_main.json", BEFORE_SHA=before, MERGE_SHA=after)))
    return path


def test_catat_merge_records_the_whole_pr(merged_repo, fake_github: FakeGitHub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, before, after = merged_repo
    serve_pr7(fake_github, after)
    event = write_event(tmp_path, before, after)
    r = run(project, fake_github, "github", "catat-merge", "--event", str(event))
    assert r.exit_code == 0, r.output
    assert "persetujuan oleh rahmat diverifikasi" in r.output
    post = read_post(project.root / POST)
    assert [(h.status, h.actor) for h in post.history][-6:] == [
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("perbaikan", "rahmat"),
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("disetujui", "rahmat"),
    ]
    assert post.history[-1].at == datetime(2026, 11, 23, 11, 10, tzinfo=WIB)
    assert post.status == "disetujui"
    # the timeline has 11 events; the client paged it with per_page=100 and sent the token only as a header
    assert all(TOKEN not in path for _, path, _ in fake_github.requests)
    text = (project.root / POST).read_text()
    r = run(project, fake_github, "github", "catat-merge", "--event", str(event))
    assert r.exit_code == 0 and "sudah tercatat" in r.output
    assert (project.root / POST).read_text() == text, "re-running must not add entries twice"


def test_merge_by_non_kasubbag_refuses_to_publish(merged_repo, fake_github: FakeGitHub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, before, after = merged_repo
    serve_pr7(fake_github, after, merged_by="siti-kpukotim")
    original = (project.root / POST).read_text()
    r = run(project, fake_github, "github", "catat-merge", "--event", str(write_event(tmp_path, before, after)))
    assert r.exit_code == 1
    assert "tidak memegang peran Kasubbag" in r.output and "Penerbitan ditolak" in r.output
    assert "Traceback" not in r.output
    assert (project.root / POST).read_text() == original


def test_pull_request_closed_event_is_supported(merged_repo, fake_github: FakeGitHub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, _, after = merged_repo
    serve_pr7(fake_github, after)
    path = tmp_path / "pr.json"
    path.write_text(json.dumps(fixture("pull_request_closed_merged.json", MERGE_SHA=after)))
    r = run(project, fake_github, "github", "catat-merge", "--event", str(path))
    assert r.exit_code == 0, r.output
    assert read_post(project.root / POST).status == "disetujui"


def test_direct_push_without_pr_by_non_kasubbag_is_refused(
    merged_repo, fake_github: FakeGitHub, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    project, _, after = merged_repo
    repo = git.Repo(project.root)
    post = read_post(project.root / POST)
    meta = post.meta
    for status, actor, hh in (("sunting", "dwi", 9), ("persetujuan", "siti", 10)):
        meta["riwayat"].append({"status": status, "oleh": actor, "waktu": datetime(2026, 11, 23, hh, 0, tzinfo=WIB)})
    meta["riwayat"].append(
        {"status": "disetujui", "oleh": "rahmat", "waktu": datetime(2026, 11, 23, 11, 0, tzinfo=WIB)}
    )
    meta["status"] = "disetujui"
    write_post(project.root / POST, meta, post.body)
    head = _commit(repo, "approve", "2026-11-23T11:00:00+07:00")
    payload = fixture("push_main.json", BEFORE_SHA=after, MERGE_SHA=head)
    payload["pusher"] = {"name": "siti-kpukotim"}
    (tmp_path / "e.json").write_text(json.dumps(payload))
    r = run(project, fake_github, "github", "catat-merge", "--event", str(tmp_path / "e.json"))
    assert r.exit_code == 1 and "push langsung ke main" in r.output
    payload["pusher"] = {"name": "rahmat-kpukotim"}
    (tmp_path / "e.json").write_text(json.dumps(payload))
    r = run(project, fake_github, "github", "catat-merge", "--event", str(tmp_path / "e.json"))
    assert r.exit_code == 0 and "sah" in r.output


def test_preview_comment_is_updated_not_duplicated(project: Project, fake_github: FakeGitHub, tmp_path: Path) -> None:
    # 130 earlier comments (two pages), one by a human quoting the marker: never edited
    fake_github.comments[7] = [
        {"id": i, "body": f"komentar {i}", "user": {"login": "dwi-kpukotim", "type": "User"}} for i in range(1, 130)
    ] + [{"id": 500, "body": f"kutipan {MARKER}", "user": {"login": "dwi-kpukotim", "type": "User"}}]
    body = tmp_path / "p.md"
    body.write_text("## Pratinjau konten JDIH\nversi 1\n")
    r = run(project, fake_github, "github", "komentar", "--pr", "7", "--berkas", str(body))
    assert r.exit_code == 0, r.output
    assert "dibuat" in r.output
    body.write_text("## Pratinjau konten JDIH\nversi 2\n")
    r = run(project, fake_github, "github", "komentar", "--pr", "7", "--berkas", str(body))
    assert r.exit_code == 0 and "diperbarui" in r.output
    r = run(project, fake_github, "github", "komentar", "--pr", "7", "--berkas", str(body))
    assert "tidak berubah" in r.output
    ours = [c for c in fake_github.comments[7] if c["user"]["login"] == "github-actions[bot]"]
    assert len(ours) == 1 and "versi 2" in ours[0]["body"] and ours[0]["body"].startswith(MARKER)
    assert fake_github.comments[7][-2]["body"] == f"kutipan {MARKER}"
    assert len(fake_github.comments[7]) == 131
    pages = [p for m, p, _ in fake_github.requests if m == "GET" and "comments" in p]
    assert any("page=2" in p for p in pages)


def test_missing_token_is_a_clear_error(project: Project) -> None:
    r = CliRunner().invoke(
        cli,
        ["--proyek", str(project.root), "github", "komentar", "--pr", "1"],
        env={"GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": ""},
        input="x",
    )
    assert r.exit_code == 1 and "GITHUB_TOKEN belum diatur" in r.output


def test_wrong_token_is_reported_without_leaking(project: Project, fake_github: FakeGitHub) -> None:
    env = {"GITHUB_TOKEN": "ghs_WRONG_SENTINEL", "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake_github.url}
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "komentar", "--pr", "1"], env=env, input="x")
    assert r.exit_code == 1 and "401" in r.output
    assert "ghs_WRONG_SENTINEL" not in r.output


def test_sinkron_pr_shows_the_steps(merged_repo, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    project, _, after = merged_repo
    serve_pr7(fake_github, after)
    r = run(project, fake_github, "github", "sinkron-pr", "--pr", "7")
    assert r.exit_code == 0, r.output
    lines = [ln.split()[1] for ln in r.output.splitlines() if ln[:4] == "2026"]
    assert lines == ["ajukan", "sunting", "tolak", "ajukan", "ajukan", "sunting", "setujui"]
    r = run(project, fake_github, "github", "sinkron-pr", "--pr", "404")
    assert r.exit_code == 1 and "404" in r.output


def test_sinkron_pr_does_not_write_on_a_web_desk_branch(merged_repo, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    """A Decap PR is recorded at its merge; --tulis on its branch is refused and writes nothing, and the
    command it suggests instead runs."""
    project, _, after = merged_repo
    serve_pr7(fake_github, after)
    fake_github.pulls[7]["head"]["ref"] = "cms/konten/2026/contoh/index"
    before = read_post(project.root / POST).meta
    r = run(project, fake_github, "github", "sinkron-pr", "--pr", "7", "--tulis")
    assert r.exit_code == 1 and "dicatat otomatis saat merge" in r.output and "Traceback" not in r.output
    assert read_post(project.root / POST).meta == before
    suggested = r.output.split("jdih ", 2)[-1].split()
    assert suggested[:2] == ["github", "sinkron-pr"]
    again = run(project, fake_github, *suggested)
    assert again.exit_code == 0 and "setujui" in again.output


def _shallow_ci_checkout(project: Project, tmp_path: Path) -> Project:
    """What CI has with `fetch-depth: 1`: a bare remote holding main, and a one-commit-deep clone of it."""
    import shutil
    import subprocess

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(project.root), str(remote)], check=True)
    ci = tmp_path / "ci"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "main", f"file://{remote}", str(ci)],
                   check=True)
    for name in ("sop", "mkdocs.yml", "kantor.yml", "aset"):  # untracked in the fixture repository
        src = project.root / name
        if src.is_dir():
            shutil.copytree(src, ci / name, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy(src, ci / name)
    return Project(ci)


def test_catat_merge_fetches_commits_a_shallow_checkout_lacks(merged_repo, fake_github: FakeGitHub,
                                                              tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, before, after = merged_repo
    ci = _shallow_ci_checkout(project, tmp_path)
    with pytest.raises(ValueError):
        git.Repo(ci.root).commit(before).tree  # noqa: B018 - not in the checkout
    serve_pr7(fake_github, after)
    r = run(ci, fake_github, "github", "catat-merge", "--event", str(write_event(tmp_path, before, after)))
    assert r.exit_code == 0, r.output
    assert read_post(ci.root / POST).status == "disetujui"


def test_catat_merge_on_a_push_whose_before_is_gone_stops_with_a_clear_message(
    merged_repo, fake_github: FakeGitHub, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    project, _, after = merged_repo
    ci = _shallow_ci_checkout(project, tmp_path)
    gone = "1234567" * 5 + "89abc"  # the old main a force-push replaced: no remote has it
    payload = fixture("push_main.json", BEFORE_SHA=gone, MERGE_SHA=after)
    payload["forced"] = True
    (tmp_path / "e.json").write_text(json.dumps(payload))
    original = (ci.root / POST).read_text()
    r = run(ci, fake_github, "github", "catat-merge", "--event", str(tmp_path / "e.json"))
    assert r.exit_code == 1, r.output
    assert f"commit sebelum push (before) {gone[:12]} tidak ada di salinan ini" in r.output
    assert "Traceback" not in r.output and "ValueError" not in r.output
    assert (ci.root / POST).read_text() == original
