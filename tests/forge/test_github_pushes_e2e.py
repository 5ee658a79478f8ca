"""Step 2 of a new web-desk entry is whoever GitHub says pushed, end to end: Decap-style saves through the
GitHub fake's REST API over a real bare repository (the fake records each branch update in its activity
list with the token's account), the Kasubbag's merge, then `jdih github catat-merge` on a CI clone."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from fakes.github import BOT_LOGIN, REPO, TOKEN, FakeGitHub
from helpers import new_project
from jdih.cli import cli
from jdih.forge.client import GitHubClient
from jdih.forge.errors import GitHubAuthError, GitHubError, GitHubNotFound
from jdih.forge.events import parse_github_time
from jdih.forge.pushes import UNVERIFIED
from jdih.post import read_post, render_post
from jdih.project import Project

BRANCH = "cms/konten/2026/pemilih-pemula/index"
POST = "content/2026/pemilih-pemula/index.md"
FORM: dict[str, Any] = {"judul": "Pemilih Pemula", "kategori": "rutin-edukasi", "platform": ["x"],
                        "langkah": {"catatan": "Buat konten DPT untuk pemilih pemula"}}
NOW = "2026-11-24T12:00:00+07:00"  # after everything the fake's clock (from 08:00 WIB) stamps
API = f"/repos/{REPO}"


def git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Admin", "GIT_AUTHOR_EMAIL": "admin@contoh.invalid", "GIT_COMMITTER_NAME": "Admin",
           "GIT_COMMITTER_EMAIL": "admin@contoh.invalid", "GIT_AUTHOR_DATE": "2026-11-20T08:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-11-20T08:00:00+07:00", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


class Office:
    """The project pushed to a bare remote, the fake over it, and one API session per person."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.project = new_project(tmp / "proyek")
        (self.project.root / "content" / ".gitkeep").write_text("")
        self.remote = tmp / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.remote)], check=True)
        git(self.project.root, "init", "-q", "-b", "main")
        git(self.project.root, "add", "-A")
        git(self.project.root, "commit", "-qm", "seed")
        git(self.project.root, "push", "-q", str(self.remote), "main:main")
        self.fake = FakeGitHub(git_dir=self.remote)
        self.fake.add_account(BOT_LOGIN, BOT_LOGIN, "41898282+github-actions[bot]@users.noreply.github.com")
        self.tokens: dict[str, str] = {}
        for person in self.project.people.by_id.values():
            if person.github:
                self.fake.add_account(person.github, person.name, str(person.email))
                self.tokens[person.id] = self.fake.issue_token(person.github)

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        with httpx.Client(base_url=self.fake.url, timeout=30) as http:
            r = http.request(method, path, headers={"Authorization": f"token {self.tokens[who]}"}, **kw)
        assert r.status_code < 300, (method, path, r.status_code, r.text)
        return r.json() if r.content else None

    def save(self, who: str, body: str, author: str | None = None, meta: dict[str, Any] = FORM) -> str:
        """What Decap's save does: blob, tree, commit on the branch head, then the branch moves (created on the
        first save). ``author``: the person whose name and e-mail the commit claims (git does not check it)."""
        head = self.call(who, "GET", f"{API}/branches/main")["commit"]["sha"] if not self.branch_exists() \
            else self.call(who, "GET", f"{API}/git/ref/heads/{BRANCH}")["object"]["sha"]
        blob = self.call(who, "POST", f"{API}/git/blobs", json={
            "content": base64.b64encode(render_post(meta, body).encode()).decode(), "encoding": "base64"})["sha"]
        tree = self.call(who, "POST", f"{API}/git/trees", json={
            "base_tree": self.call(who, "GET", f"{API}/git/trees/{head}")["sha"],
            "tree": [{"path": POST, "mode": "100644", "type": "blob", "sha": blob}]})["sha"]
        claimed = self.project.people.by_id[author] if author else None
        commit: dict[str, Any] = {"message": "Update Konten", "tree": tree, "parents": [head]}
        if claimed is not None:
            commit["author"] = commit["committer"] = {"name": claimed.name, "email": str(claimed.email)}
        sha = self.call(who, "POST", f"{API}/git/commits", json=commit)["sha"]
        if self.branch_exists():
            self.call(who, "PATCH", f"{API}/git/refs/heads/{BRANCH}", json={"sha": sha, "force": True})
        else:
            self.call(who, "POST", f"{API}/git/refs", json={"ref": f"refs/heads/{BRANCH}", "sha": sha})
        return str(sha)

    def branch_exists(self) -> bool:
        return bool(git(self.remote, "for-each-ref", f"refs/heads/{BRANCH}"))

    def label(self, who: str, name: str) -> None:
        self.call(who, "PUT", f"{API}/issues/1/labels", json={"labels": [f"decap-cms/{name}"]})

    def new_entry(self, staf_saves: bool) -> None:
        """Kasubbag creates the entry (PR #1), the pengelola pushes a commit claiming to be the staf's, the staf
        saves (gathers, later edits) only when ``staf_saves``; the pengelola drafts, the staf moves the card to
        "ready", the Kasubbag merges."""
        self.save("rahmat", "")
        self.call("rahmat", "POST", f"{API}/pulls", json={"title": "Buat Konten", "head": BRANCH, "base": "main"})
        self.label("rahmat", "draft")
        self.save("dwi", "Bahan: data DPT pemilih pemula.\n", author="siti")
        if staf_saves:
            self.save("siti", "Bahan: data DPT pemilih pemula (sumber KPU RI).\n")
        self.save("dwi", "Sudah cek DPT? #PemilihPemula\n")
        self.label("dwi", "pending_review")
        if staf_saves:
            self.save("siti", "Sudah cek DPT pemilih pemula? #PemilihPemula\n")
        self.label("siti", "pending_publish")
        head = self.call("rahmat", "GET", f"{API}/pulls/1")["head"]["sha"]
        self.call("rahmat", "PUT", f"{API}/pulls/1/merge", json={"sha": head})

    def catat_merge(self, name: str) -> tuple[Result, Project]:
        """CI on main after the merge: a fresh clone, the ``closed`` webhook, ``jdih github catat-merge``."""
        ci = self.tmp / name
        subprocess.run(["git", "clone", "-q", str(self.remote), str(ci)], check=True)
        event = self.tmp / f"{name}.json"
        event.write_text(json.dumps(self.fake.webhooks[-1].payload), encoding="utf-8")
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": self.fake.url, "JDIH_SEKARANG": NOW}
        result = CliRunner().invoke(cli, ["--proyek", str(ci), "github", "catat-merge", "--event", str(event),
                                          "--nama-event", "pull_request"], env=env, catch_exceptions=False)
        return result, Project(ci)

    def pushed_at(self, login: str, nth: int = 0) -> Any:
        mine = [a for a in self.fake.activities if (a.get("actor") or {}).get("login") == login
                and a["ref"] == f"refs/heads/{BRANCH}" and a["activity_type"] in ("push", "force_push")]
        return parse_github_time(mine[nth]["timestamp"])


@pytest.fixture
def office(tmp_path: Path) -> Any:
    o = Office(tmp_path)
    with o.fake:
        yield o


def test_the_fake_records_who_updated_each_branch(office: Office) -> None:
    office.new_entry(staf_saves=True)
    kinds = [(a["activity_type"], a["actor"]["login"], a["ref"].removeprefix("refs/heads/")) for a in
             office.fake.activities]
    assert kinds == [("branch_creation", "rahmat-kpukotim", BRANCH), ("push", "dwi-kpukotim", BRANCH),
                     ("push", "siti-kpukotim", BRANCH), ("push", "dwi-kpukotim", BRANCH),
                     ("push", "siti-kpukotim", BRANCH), ("pr_merge", "rahmat-kpukotim", "main")]
    merged = office.fake.pulls[1]
    assert office.fake.activities[-1]["after"] == merged["merge_commit_sha"]
    assert office.fake.activities[-2]["after"] == merged["head"]["sha"]
    assert office.fake.activities[0]["before"] == "0" * 40


def test_step_2_is_the_staf_own_push_not_a_commit_claiming_her_email(office: Office) -> None:
    office.new_entry(staf_saves=True)
    result, ci = office.catat_merge("ci")
    assert result.exit_code == 0, result.output
    post = read_post(ci.root / POST)
    assert [(h.status, h.actor) for h in post.history] == [
        ("disposisi", "rahmat"), ("draf", "siti"), ("sunting", "dwi"), ("persetujuan", "siti"),
        ("disetujui", "rahmat")]
    # her own first push, not the pengelola's earlier commit bearing her e-mail
    assert post.history[1].at == office.pushed_at("siti-kpukotim")
    assert post.history[1].at > office.pushed_at("dwi-kpukotim") and post.history[1].note is None
    assert "push pertama siti-kpukotim ke PR #1 (bahan/arahan)" in result.output
    assert "tidak terverifikasi" not in result.output
    checked = CliRunner().invoke(cli, ["--proyek", str(ci.root), "periksa"], env={"JDIH_SEKARANG": NOW,
                                                                                 "GITHUB_HEAD_REF": ""})
    assert checked.exit_code == 0, checked.output


def test_a_commit_claiming_the_staf_email_pushed_by_the_pengelola_is_no_step_2(office: Office) -> None:
    office.new_entry(staf_saves=False)
    result, ci = office.catat_merge("ci")
    assert result.exit_code == 0, result.output
    post = read_post(ci.root / POST)
    assert [(h.status, h.actor) for h in post.history] == [("disposisi", "rahmat")]
    assert "bahan/arahan (langkah 'draf') tidak tercatat" in result.output


@pytest.mark.parametrize("status", [404, 403])
def test_without_the_activity_list_the_email_stands_in_and_says_it_is_unverified(office: Office,
                                                                                 status: int) -> None:
    """A GitHub Enterprise Server without the endpoint, or a token that may not read it: the old rule, marked
    in the record and in the output, so nobody mistakes it for GitHub's word."""
    office.new_entry(staf_saves=False)
    office.fake.activity_status = status
    result, ci = office.catat_merge("ci")
    assert result.exit_code == 0, result.output
    post = read_post(ci.root / POST)
    assert [(h.status, h.actor) for h in post.history][:2] == [("disposisi", "rahmat"), ("draf", "siti")]
    assert post.history[1].note == UNVERIFIED
    assert f"Catatan: PR #1: {UNVERIFIED}" in result.output and "e-mail commit, tidak terverifikasi" in result.output
    assert any(m == "GET" and p.split("?")[0] == f"{API}/activity" for m, p, _ in office.fake.requests)


def test_the_client_pages_through_the_fake_activity_list(tmp_path: Path) -> None:
    with FakeGitHub() as fake:
        for n in range(250):
            fake.record_push(BRANCH, None, f"{n:040x}", "siti-kpukotim" if n % 2 else "dwi-kpukotim")
        fake.record_push("lain", None, "f" * 40, "siti-kpukotim")
        with httpx.Client(timeout=30) as http:
            client = GitHubClient(http, REPO, TOKEN, fake.url)
            pushes = client.branch_pushes(BRANCH)
            assert pushes is not None and [int(p.after, 16) for p in pushes] == list(range(250))
            assert [p.at for p in pushes] == sorted(p.at for p in pushes)
            pages = [p for m, p, _ in fake.requests if "/activity" in p]
            assert len(pages) == 3 and "after=" not in pages[0] and all("after=" in p for p in pages[1:])
            assert all("direction=asc" in p and "ref=refs%2Fheads%2Fcms" in p for p in pages)
            assert len(client.activities("lain", "push")) == 1 and client.activities(BRANCH, "force_push") == []
            with pytest.raises(GitHubError, match="422"):
                client.activities(BRANCH, "dorong")
            with pytest.raises(GitHubNotFound):
                GitHubClient(http, "kpu-kotim/lain", TOKEN, fake.url).activities(BRANCH)
            with pytest.raises(GitHubAuthError):
                GitHubClient(http, REPO, "ghs_salah", fake.url).branch_pushes(BRANCH)
            newest = http.get(f"{fake.url}{API}/activity", params={"per_page": 2, "actor": "dwi-kpukotim"},
                              headers={"Authorization": f"Bearer {TOKEN}"})
            assert [int(a["after"], 16) for a in newest.json()] == [248, 246]  # newest first by default
            assert 'rel="next"' in newest.headers["link"] and "actor=dwi-kpukotim" in newest.headers["link"]
