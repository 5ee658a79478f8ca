"""An approval is a verified fact (issue 12): forged entries, a push that adds a Kasubbag, content
changed after approval, and local (signed) merges, against real git repositories and the GitHub
fake on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import git
import httpx
import pytest
from click.testing import CliRunner

from fakes.github import REPO, TOKEN, FakeGitHub, fixture
from helpers import WIB, history_meta, make_image
from jdih.approval import Verdict, verify_approvals
from jdih.cli import cli
from jdih.forge.client import GitHubClient
from jdih.gitflow.approval_git import ApprovalGit
from jdih.post import read_post, write_post
from jdih.project import Project
from jdih.workflow import apply_transition

POST = "content/2026/mengenal-pkpu/index.md"
T = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)
KASUBBAG = ("Rahmat Hidayat", "rahmat.hidayat@kpu-kotimkab.go.id")
STAF = ("Siti Nurhaliza", "siti.nurhaliza@kpu-kotimkab.go.id")


def commit(repo: git.Repo, msg: str, when: str, who: tuple[str, str] = ("CI", "ci@contoh.invalid"),
           *extra: str) -> str:
    """Commit everything as ``who`` (author and committer) at ``when``."""
    repo.git.add("-A")
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": who[0],
           "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0], "GIT_COMMITTER_EMAIL": who[1]}
    repo.git.commit("-m", msg, *extra, env=env)
    return repo.head.commit.hexsha


def merge(repo: git.Repo, branch: str, msg: str, when: str, who: tuple[str, str] = KASUBBAG) -> str:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": who[0],
           "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0], "GIT_COMMITTER_EMAIL": who[1]}
    repo.git.merge("--no-ff", branch, "-m", msg, env=env)
    return repo.head.commit.hexsha


def draft(project: Project, repo: git.Repo, branch: str = "konten/mengenal-pkpu", rel: str = POST) -> None:
    """A post proposed on its branch, reviewed (``persetujuan``), with one image."""
    repo.git.checkout("-b", branch)
    meta = history_meta(project, ["disposisi", "draf", "sunting", "persetujuan"], start=T, step_minutes=30)
    meta.update(judul="Mengenal PKPU Nomor 8 Tahun 2024", kategori="rutin-edukasi", platform=["x"],
                media=[{"berkas": "gambar-1.jpg", "alt": "Infografis"}])
    write_post(project.root / rel, meta, "Yuk kenali PKPU 8/2024!")
    make_image(project.root / rel.replace("index.md", "gambar-1.jpg"))
    commit(repo, "draft", "2026-11-23T10:00:00+07:00", STAF)
    repo.git.checkout("main")


@pytest.fixture
def repo(project: Project) -> git.Repo:
    """main with the SOP files committed (so roles can be read as of any commit)."""
    r = git.Repo.init(project.root, initial_branch="main")
    (project.root / "content" / ".gitkeep").write_text("")
    commit(r, "seed", "2026-11-20T08:00:00+07:00")
    return r


@pytest.fixture
def github(fake_github: FakeGitHub) -> Iterator[GitHubClient]:
    with httpx.Client(timeout=5) as http:
        yield GitHubClient(http, REPO, TOKEN, api_url=fake_github.url)


def serve_pr(fake: FakeGitHub, number: int, merge_sha: str, merged_by: str = "rahmat-kpukotim") -> None:
    pr = fixture("pull_request_closed_merged.json", MERGE_SHA=merge_sha)["pull_request"]
    pr["number"] = number
    pr["merged_by"] = {"login": merged_by}
    fake.pulls[number] = pr
    fake.commit_pulls[merge_sha] = [{"number": number, "merged_at": pr["merged_at"], "merge_commit_sha": merge_sha}]
    fake.timelines[number] = [] if number != 7 else fixture("timeline_pr7.json", MERGE_SHA=merge_sha)


def catat_merge(project: Project, fake: FakeGitHub, tmp: Path, before: str, after: str) -> None:
    """Run the real ``jdih github catat-merge`` (as CI does after a merge), then commit its record."""
    event = tmp / "event.json"
    event.write_text(json.dumps(fixture("push_main.json", BEFORE_SHA=before, MERGE_SHA=after)))
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url,
           "JDIH_SEKARANG": "2026-11-23T11:15:00+07:00"}
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-merge", "--event", str(event)],
                           env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output


def verify(project: Project, github: GitHubClient | None, rel: str = POST) -> Verdict:
    fresh = Project(project.root)
    (verdict,) = verify_approvals(fresh, [read_post(project.root / rel, fresh.content_dir)],
                                  git=ApprovalGit(project.root), github=github)
    return verdict


@pytest.fixture
def merged(project: Project, repo: git.Repo, fake_github: FakeGitHub, tmp_path: Path) -> tuple[str, str]:
    """PR #7 merged by the Kasubbag and recorded by CI; returns (merge sha, record sha)."""
    before = repo.head.commit.hexsha
    draft(project, repo)
    sha = merge(repo, "konten/mengenal-pkpu", "Merge pull request #7", "2026-11-23T11:10:00+07:00")
    serve_pr(fake_github, 7, sha)
    catat_merge(project, fake_github, tmp_path, before, sha)
    return sha, commit(repo, "catat merge PR #7", "2026-11-23T11:16:00+07:00")


# --- GitHub mode --------------------------------------------------------------------------------


def test_merge_record_names_its_pr_and_merge_commit_and_verifies(project, merged, github):
    sha, _record = merged
    entry = read_post(project.root / POST).history[-1]
    assert (entry.status, entry.actor, entry.extra) == (project.sop.approval.target, "rahmat", {"pr": 7, "commit": sha})
    v = verify(project, github)
    assert (v.valid, v.pr, v.commit, v.approver) == (True, 7, sha, "rahmat")
    assert v.reason == f"disetujui lewat PR #7 (merge {sha[:12]}) oleh Rahmat Hidayat, S.H."


def test_ci_fields_written_after_approval_do_not_break_it(project, repo, merged, github):
    path = project.root / POST
    post = read_post(path)
    meta = dict(post.meta, tautan={"x": "https://x.com/kpu/status/1"})
    write_post(path, meta, post.body)
    commit(repo, "tautan", "2026-11-23T12:00:00+07:00")
    assert verify(project, github).valid


def _forge_approval(project: Project, rel: str, extra: dict[str, Any] | None = None) -> None:
    path = project.root / rel
    post = read_post(path)
    last = post.history[-1].at
    meta = apply_transition(project.sop, project.people, post.meta, project.sop.approval.target, "rahmat",
                            last + timedelta(minutes=5), None, extra)
    write_post(path, meta, post.body)


def test_forged_entry_committed_straight_to_main_is_refused(project, repo, merged, github):
    rel = "content/2026/palsu/index.md"
    draft(project, repo, "konten/palsu", rel)
    repo.git.merge("konten/palsu")  # fast-forward: the staff member's own commits land on main
    _forge_approval(project, rel)
    commit(repo, "setujui (palsu)", "2026-11-23T12:00:00+07:00", STAF)
    v = verify(project, github, rel)
    assert not v.valid
    assert v.reason == ("persetujuan tanpa nomor PR dan commit merge tidak dapat diverifikasi lewat GitHub "
                        "(persetujuan harus berupa merge PR oleh Kasubbag)")


def test_forged_entry_naming_a_real_pr_of_another_post_is_refused(project, repo, merged, github):
    sha, _ = merged
    rel = "content/2026/palsu/index.md"
    draft(project, repo, "konten/palsu", rel)
    repo.git.merge("konten/palsu")
    _forge_approval(project, rel, {"pr": 7, "commit": sha})
    commit(repo, "setujui (palsu)", "2026-11-23T12:00:00+07:00", STAF)
    v = verify(project, github, rel)
    assert (v.valid, v.reason) == (False, f"PR #7 tidak mengubah {rel}; isinya tidak disetujui lewat PR itu")


def test_merge_by_someone_made_kasubbag_in_the_same_push_is_refused(project, repo, fake_github, github, tmp_path):
    before = repo.head.commit.hexsha
    draft(project, repo)
    repo.git.checkout("konten/mengenal-pkpu")
    roles_file = project.root / "sop" / "peran.yml"
    roles_file.write_text(roles_file.read_text().replace("peran: [staf]\n    github: siti", "peran: [staf, kasubbag]\n"
                                                                                  "    github: siti"))
    commit(repo, "tambah peran", "2026-11-23T10:30:00+07:00", STAF)
    repo.git.checkout("main")
    sha = merge(repo, "konten/mengenal-pkpu", "Merge pull request #8", "2026-11-23T11:10:00+07:00", STAF)
    serve_pr(fake_github, 8, sha, merged_by="siti-kpukotim")
    # CI's record as catat-merge would write it with the roles *after* the push
    _forge_approval(project, POST, {"pr": 8, "commit": sha})
    path = project.root / POST
    post = read_post(path)
    meta = dict(post.meta)
    meta["riwayat"] = [*meta["riwayat"][:-1], {**meta["riwayat"][-1], "oleh": "siti"}]
    write_post(path, meta, post.body)
    commit(repo, "catat merge PR #8", "2026-11-23T11:16:00+07:00")
    assert Project(project.root).people.get("siti").has_role("kasubbag")  # today's roles would accept it
    v = verify(project, github)
    assert not v.valid
    assert v.reason == ("PR #8 di-merge oleh 'siti-kpukotim', yang sebelum merge itu tidak memegang peran "
                        "Kasubbag Hukum dan SDM di sop/peran.yml; persetujuan tidak sah")
    del before


@pytest.mark.parametrize("what", ["caption", "media", "platform", "image"])
def test_content_changed_after_approval_is_refused(project, repo, merged, github, what):
    path = project.root / POST
    post = read_post(path)
    meta = dict(post.meta)
    body = post.body
    if what == "caption":
        body = body + "\nTambahan yang tidak disetujui."
    elif what == "media":
        meta["media"] = [{"berkas": "gambar-1.jpg", "alt": "Lain"}]
    elif what == "platform":
        meta["platform"] = ["x", "facebook"]
    else:
        make_image(path.parent / "gambar-1.jpg", color="#000000")
    write_post(path, meta, body)
    commit(repo, "ubah", "2026-11-23T12:00:00+07:00", STAF)
    v = verify(project, github)
    assert not v.valid
    sha = merged[0][:12]
    expected = {
        "caption": f"isi yang akan diterbitkan berbeda dari yang disetujui pada commit {sha}: isi tulisan",
        "media": f"isi yang akan diterbitkan berbeda dari yang disetujui pada commit {sha}: media",
        "platform": f"isi yang akan diterbitkan berbeda dari yang disetujui pada commit {sha}: platform",
        "image": f"berkas media berbeda dari yang disetujui pada commit {sha}: gambar-1.jpg",
    }
    assert v.reason == expected[what]


def test_merge_sha_that_github_does_not_confirm_is_refused(project, merged, fake_github, github):
    sha, record = merged
    fake_github.pulls[7]["merge_commit_sha"] = record
    v = verify(project, github)
    assert v.reason == (f"menurut GitHub, commit merge PR #7 adalah {record[:12]}, bukan {sha[:12]} seperti "
                        "tertulis di riwayat")
    fake_github.pulls[7].update(merged=False, merged_at=None, merged_by=None)
    assert verify(project, github).reason == "menurut GitHub, PR #7 belum di-merge; persetujuan tidak sah"


def test_pr_approval_without_github_access_is_not_verified(project, merged):
    v = verify(project, None)
    assert (v.valid, v.reason) == (False, "persetujuan lewat PR #7 hanya dapat diverifikasi dengan akses GitHub")


def test_post_without_approval_is_refused(project, repo, github):
    draft(project, repo)
    repo.git.merge("konten/mengenal-pkpu")
    assert verify(project, github).reason == "riwayat tidak memuat persetujuan ('disetujui'); tidak diterbitkan"


# --- local mode ---------------------------------------------------------------------------------


def _local_approval(project: Project, repo: git.Repo, who: tuple[str, str], *extra: str) -> str:
    """The approval written in the merge commit of the post's branch (as ``jdih setujui`` does)."""
    draft(project, repo)
    env = {"GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0],
           "GIT_COMMITTER_EMAIL": who[1], "GIT_AUTHOR_DATE": "2026-11-23T11:10:00+07:00",
           "GIT_COMMITTER_DATE": "2026-11-23T11:10:00+07:00"}
    repo.git.merge("--no-ff", "--no-commit", "konten/mengenal-pkpu", env=env)
    _forge_approval(project, POST)
    return commit(repo, "setujui", "2026-11-23T11:10:00+07:00", who, *extra)


def test_local_merge_by_the_kasubbag_is_verified(project, repo):
    sha = _local_approval(project, repo, KASUBBAG)
    v = verify(project, None)
    assert (v.valid, v.commit, v.approver) == (True, sha, "rahmat")


def test_local_approval_committed_by_staff_is_refused(project, repo):
    sha = _local_approval(project, repo, STAF)
    v = verify(project, None)
    assert v.reason == (f"penulis commit {sha[:12]} ({STAF[1]}) tidak memegang peran Kasubbag Hukum dan SDM "
                        "sebelum commit itu; persetujuan tidak sah")


def _require_signatures(project: Project, repo: git.Repo) -> None:
    flow_file = project.root / "sop" / "alur.yml"
    flow_file.write_text(flow_file.read_text() + "\npersetujuan_bertanda_tangan: true\n")
    commit(repo, "wajib tanda tangan", "2026-11-21T08:00:00+07:00", KASUBBAG)


def test_unsigned_local_approval_is_refused_when_the_sop_requires_signatures(project, repo):
    _require_signatures(project, repo)
    sha = _local_approval(project, repo, KASUBBAG)  # the e-mail alone can be typed by anyone
    v = verify(project, None)
    assert v.reason == (f"tanda tangan commit {sha[:12]} tidak dapat diverifikasi (git verify-commit), padahal "
                        "sop/alur.yml mewajibkan persetujuan bertanda tangan")


def test_ssh_signed_local_approval_is_verified_even_in_ci(project, repo, github, tmp_path):
    key = tmp_path / "kunci"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rahmat", "-f", str(key)], check=True)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{KASUBBAG[1]} {(tmp_path / 'kunci.pub').read_text()}")
    with repo.config_writer() as cw:
        cw.set_value("gpg", "format", "ssh")
        cw.set_value("user", "signingkey", str(key))
        cw.set_value("gpg.ssh", "allowedSignersFile", str(allowed))
    _require_signatures(project, repo)
    _local_approval(project, repo, KASUBBAG, "-S")
    assert verify(project, github).valid


# --- periksa --dasar: changes outside content/ and to approved posts -----------------------------

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=WIB)


def test_dasar_lists_code_and_sop_changes_for_the_kasubbag(project, repo):
    from jdih.gitflow.changes import check_changes

    repo.git.checkout("-b", "fitur")
    (project.root / "scripts").mkdir()
    (project.root / "scripts" / "redact.py").write_text("SCRUB = False\n")
    roles_file = project.root / "sop" / "peran.yml"
    roles_file.write_text(roles_file.read_text().replace("peran: [staf]\n    github: siti", "peran: [kasubbag]\n"
                                                                                  "    github: siti"))
    commit(repo, "matikan penyaring rahasia", "2026-11-24T09:00:00+07:00", STAF)
    found = check_changes(project, "main", [], NOW)
    assert [(f.code, f.path, f.level) for f in found] == [
        ("PERUBAHAN-LUAR-KONTEN", "scripts/redact.py", "PERINGATAN"),
        ("PERUBAHAN-LUAR-KONTEN", "sop/peran.yml", "PERINGATAN"),
    ]
    assert found[1].message == (
        "SOP (alur, peran, platform) berubah: sop/peran.yml. Perubahan di luar content/ menentukan cara kerja "
        "sistem dan berjalan dengan semua kunci rahasia saat menerbitkan; wajib ditinjau Kasubbag sebelum merge")
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "periksa", "--dasar", "main"],
                           env={"JDIH_SEKARANG": NOW.isoformat()}, catch_exceptions=False)
    assert "sop/peran.yml: PERINGATAN PERUBAHAN-LUAR-KONTEN: SOP (alur, peran, platform) berubah" in r.output


@pytest.mark.parametrize("what", ["caption", "platform", "media", "image"])
def test_dasar_flags_changes_to_an_approved_post(project, repo, merged, what):
    from jdih.gitflow.changes import check_changes

    repo.git.checkout("-b", "ubah")
    path = project.root / POST
    post = read_post(path)
    meta, body = dict(post.meta), post.body
    if what == "caption":
        body += "\nKalimat baru."
    elif what == "platform":
        meta["platform"] = ["x", "facebook"]
    elif what == "media":
        meta["media"] = []
    else:
        make_image(path.parent / "gambar-1.jpg", color="#000000")
    write_post(path, meta, body)
    commit(repo, "ubah", "2026-11-24T09:00:00+07:00", STAF)
    found = [f for f in check_changes(project, "main", [], NOW) if f.code == "PERUBAHAN-DISETUJUI"]
    assert [f.level for f in found] == ["GALAT"]
    expected = {"caption": "keterangan (isi tulisan)", "platform": "platform", "media": "media"}
    if what in expected:
        assert found[0].message.startswith(f"konten yang sudah disetujui diubah ({expected[what]});")
    else:
        assert found[0].message.startswith("berkas media konten yang sudah disetujui diubah (gambar-1.jpg);")


def test_verifikasi_cli_refuses_a_forged_approval_and_names_it(project, repo, merged, fake_github):
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake_github.url}
    args = ["--proyek", str(project.root), "github", "verifikasi"]
    r = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert f"{POST}: SAH: disetujui lewat PR #7" in r.output
    rel = "content/2026/palsu/index.md"
    draft(project, repo, "konten/palsu", rel)
    repo.git.merge("konten/palsu")
    _forge_approval(project, rel)
    commit(repo, "setujui (palsu)", "2026-11-23T12:00:00+07:00", STAF)
    r = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert r.exit_code == 1
    assert f"{rel}: DITOLAK: persetujuan tanpa nomor PR dan commit merge" in r.output
    assert "1 persetujuan tidak dapat diverifikasi; konten itu tidak boleh diterbitkan." in r.output


def test_approval_made_by_jdih_setujui_is_verified_in_local_mode(tmp_path):
    """The real local workflow (bare remote, one clone per person): the Kasubbag's `jdih setujui`."""
    from support.office import POST as OFFICE_POST
    from support.office import SLUG, Office, walk_to_persetujuan

    office = Office(tmp_path)
    walk_to_persetujuan(office)
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    root = office["rahmat"].root
    fresh = Project(root)
    (v,) = verify_approvals(fresh, [read_post(root / OFFICE_POST, fresh.content_dir)], git=ApprovalGit(root))
    assert (v.valid, v.approver) == (True, "rahmat"), v.reason


def test_publisher_sends_only_verified_approvals(project, repo, merged, fake_github):
    """`jdih terbitkan` as terbit.yml runs it (JDIH_VERIFIKASI_PERSETUJUAN=github): the forged post is not
    published and the run says why; the approved one is."""
    rel = "content/2026/palsu/index.md"
    draft(project, repo, "konten/palsu", rel)
    repo.git.merge("konten/palsu")
    _forge_approval(project, rel)
    commit(repo, "setujui (palsu)", "2026-11-23T12:00:00+07:00", STAF)
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake_github.url,
           "JDIH_VERIFIKASI_PERSETUJUAN": "github", "JDIH_SEKARANG": "2026-11-24T10:00:00+07:00",
           "JDIH_PENGUNGGAH": "dwi"}
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "terbitkan", "--ke", "berkas"], env=env,
                           catch_exceptions=False)
    assert "2026/palsu: tidak diterbitkan: persetujuan tanpa nomor PR dan commit merge" in r.output
    assert r.exit_code == 1
    assert read_post(project.root / rel).status == project.sop.approval.target
    assert read_post(project.root / POST).status == project.sop.upload.target, r.output


def test_catat_merge_reads_the_roles_as_of_the_merges_first_parent(project, repo, fake_github, tmp_path):
    before = repo.head.commit.hexsha
    draft(project, repo)
    repo.git.checkout("konten/mengenal-pkpu")
    roles_file = project.root / "sop" / "peran.yml"
    roles_file.write_text(roles_file.read_text().replace("peran: [staf]\n    github: siti", "peran: [kasubbag]\n"
                                                                                  "    github: siti"))
    commit(repo, "tambah peran", "2026-11-23T10:30:00+07:00", STAF)
    repo.git.checkout("main")
    sha = merge(repo, "konten/mengenal-pkpu", "Merge pull request #8", "2026-11-23T11:10:00+07:00", STAF)
    serve_pr(fake_github, 8, sha, merged_by="siti-kpukotim")
    event = tmp_path / "event.json"
    event.write_text(json.dumps(fixture("push_main.json", BEFORE_SHA=before, MERGE_SHA=sha)))
    fake_github.commit_pulls[sha] = [{"number": 8, "merged_at": "2026-11-23T04:10:00Z", "merge_commit_sha": sha}]
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake_github.url,
           "JDIH_SEKARANG": "2026-11-23T11:15:00+07:00"}
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-merge", "--event", str(event)],
                           env=env, catch_exceptions=False)
    assert r.exit_code != 0
    assert "PR #8 di-merge oleh Siti Nurhaliza, S.H. (siti-kpukotim) yang tidak memegang peran" in r.output
    assert read_post(project.root / POST).status != project.sop.approval.target
