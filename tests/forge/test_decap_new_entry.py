"""SOP steps 1 and 2 from the web desk on GitHub: a new Decap entry's pull request, from opening to merge.

The Kasubbag creates the entry in Decap (its pull request = the disposisi, with the note and request
time typed in the form), the staf's first save after it = bahan/arahan (the first push to the branch by the
staf's GitHub account, from GitHub's activity list), the board's labels and the Kasubbag's merge as before;
`jdih github catat-merge` writes the whole record on main.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import git
import pytest
from click.testing import CliRunner, Result

from fakes.github import REPO, TOKEN, FakeGitHub, fixture
from helpers import WIB, new_project
from jdih.cli import cli
from jdih.forge.events import PullRequest
from jdih.forge.mapping import apply_steps, timeline_steps
from jdih.forge.pushes import Push, parse_pushes
from jdih.post import read_post, render_post
from jdih.project import Project

BRANCH = "cms/konten/2026/pemilih-pemula/index"
POST = "content/2026/pemilih-pemula/index.md"
NOW = "2026-11-23T11:00:00+07:00"


def new_pr(**changes: Any) -> dict[str, Any]:
    pr: dict[str, Any] = fixture("decap_new_entry_pull_request_closed_merged.json")["pull_request"]
    pr.update(changes)
    return pr


def timeline(drop_logins: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The new entry's timeline; commits whose author's name or e-mail mentions ``drop_logins`` left out."""
    events: list[dict[str, Any]] = fixture("decap_new_entry_timeline.json")
    return [e for e in events if not (e.get("event") == "committed" and any(
        d in json.dumps(e.get("author")) for d in drop_logins))]


# Who pushed each commit of the fixture timeline (GitHub's activity list): the staf's two saves, a few
# seconds after their commits, then the pengelola's draft.
SITI, DWI = "siti-kpukotim", "dwi-kpukotim"
HONEST = [(SITI, "2026-11-23T01:30:05Z", "2" * 40), (SITI, "2026-11-23T01:40:05Z", "3" * 40),
          (DWI, "2026-11-23T02:30:05Z", "4" * 40)]


def activity(rows: list[tuple[str, str, str]], kind: str = "push") -> list[dict[str, Any]]:
    """Activity items in GitHub's shape for (login, timestamp, after) rows on the new entry's branch."""
    return [{"id": i, "node_id": f"RA_{i}", "before": "0" * 40, "after": after, "ref": f"refs/heads/{BRANCH}",
             "timestamp": at, "activity_type": kind, "actor": {"login": login, "id": i, "type": "User"}}
            for i, (login, at, after) in enumerate(rows, 1)]


def pushes(rows: list[tuple[str, str, str]] = HONEST) -> list[Push]:
    return parse_pushes(activity(rows))


def test_the_opening_and_the_staf_first_push_are_steps_1_and_2(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    pr = PullRequest.from_api(new_pr(merge_commit_sha="a" * 40))
    steps, notes = timeline_steps(project.sop, project.people, pr, timeline(), pushes())
    assert [(s.command, s.actor, s.at) for s in steps] == [
        ("disposisi", "rahmat", datetime(2026, 11, 23, 8, 0, tzinfo=WIB)),
        ("draf", "siti", datetime(2026, 11, 23, 8, 30, 5, tzinfo=WIB)),  # her push, at the push time
        ("ajukan", "dwi", datetime(2026, 11, 23, 9, 35, tzinfo=WIB)),
        ("sunting", "siti", datetime(2026, 11, 23, 10, 0, tzinfo=WIB)),
        ("setujui", "rahmat", datetime(2026, 11, 23, 10, 30, tzinfo=WIB)),
    ]
    assert notes == []  # Decap's first label (its column for a new entry) is nobody's move
    assert steps[1].note is None and steps[1].source == "push pertama siti-kpukotim ke PR #15 (bahan/arahan)"
    applied = apply_steps(project.sop, project.people, {"judul": "x"}, steps)
    assert [h["status"] for h in applied.meta["riwayat"]] == [
        "disposisi", "draf", "sunting", "persetujuan", "disetujui"]
    assert not applied.skipped


def test_the_new_entry_hints_never_move_a_post_that_has_a_record(tmp_path: Path) -> None:
    from helpers import history_meta

    project = new_project(tmp_path / "proyek")
    pr = PullRequest.from_api(new_pr(merged=False, merged_at=None, merged_by=None))
    steps, _ = timeline_steps(project.sop, project.people, pr, timeline(), pushes())
    meta = history_meta(project, ["disposisi", "draf"], start=datetime(2026, 11, 23, 7, 0, tzinfo=WIB),
                        step_minutes=10)
    applied = apply_steps(project.sop, project.people, meta, steps)
    assert [h["status"] for h in applied.meta["riwayat"]] == ["disposisi", "draf", "sunting", "persetujuan"]
    assert not applied.skipped  # the disposisi and bahan hints are dropped silently


# -- the whole flow on a real repository, `jdih github catat-merge` against the GitHub fake --------------

FORM: dict[str, Any] = {"judul": "Pemilih Pemula", "kategori": "rutin-edukasi", "platform": ["x"]}
INPUTS = {"catatan": "Buat konten DPT untuk pemilih pemula", "mulai": datetime(2026, 11, 23, 7, 45, tzinfo=WIB)}


def merged_repo(project: Project, first_meta: dict[str, Any], later_meta: dict[str, Any] | None = None
                ) -> tuple[git.Repo, str]:
    """main + the Decap branch (Kasubbag creates, staf and pengelola save ``later_meta``, by default the
    same front matter), merged like GitHub does."""
    later_meta = later_meta or first_meta
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "ci@contoh.invalid")
        cw.set_value("user", "name", "CI")

    def commit(msg: str, when: str, email: str) -> None:
        repo.git.add("-A")
        repo.git.commit("-m", msg, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
                                        "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_EMAIL": email})

    (project.root / "content" / ".gitkeep").write_text("")
    commit("seed", "2026-11-20T08:00:00+07:00", "ci@contoh.invalid")
    repo.git.checkout("-b", BRANCH)
    path = project.root / POST
    path.parent.mkdir(parents=True)
    # What format-konten.js writes for a new entry (tests/desk/test_github_format.py proves it is this).
    path.write_text(render_post(first_meta, ""), encoding="utf-8")
    created, updated = "Create Konten “2026/pemilih-pemula/index”", "Update Konten “2026/pemilih-pemula/index”"
    commit(created, "2026-11-23T07:59:58+07:00", "rahmat.hidayat@kpu-kotimkab.go.id")
    path.write_text(render_post(later_meta, "Bahan: data DPT pemilih pemula.\n"), encoding="utf-8")
    commit(updated, "2026-11-23T08:30:00+07:00", "siti.nurhaliza@kpu-kotimkab.go.id")
    path.write_text(render_post(later_meta, "Sudah cek DPT? #PemilihPemula\n"), encoding="utf-8")
    commit(updated, "2026-11-23T09:30:00+07:00", "dwi.lestari@kpu-kotimkab.go.id")
    repo.git.checkout("main")
    at = "2026-11-23T10:30:00+07:00"
    repo.git.merge("--no-ff", BRANCH, "-m", "Automatically generated. Merged on Decap CMS.",
                   env={"GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at})
    return repo, repo.head.commit.hexsha


def catat_merge(project: Project, tmp: Path, merge_sha: str, pr: dict[str, Any],
                events: list[dict[str, Any]], pushed: list[tuple[str, str, str]] = HONEST) -> Result:
    payload = fixture("decap_new_entry_pull_request_closed_merged.json", MERGE_SHA=merge_sha)
    payload["pull_request"] = {**pr, "merge_commit_sha": merge_sha}
    event = tmp / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    with FakeGitHub() as fake:
        fake.pulls[15] = payload["pull_request"]
        fake.timelines[15] = json.loads(json.dumps(events).replace("MERGE_SHA", merge_sha))
        fake.activities.extend(activity(pushed))
        env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url, "JDIH_SEKARANG": NOW}
        return CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-merge", "--event", str(event),
                                        "--nama-event", "pull_request"], env=env)


def periksa(project: Project, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "periksa", *args],
                              env={"JDIH_SEKARANG": NOW, "GITHUB_HEAD_REF": "", **(env or {})})


def test_kasubbag_creates_staf_gathers_board_moves_and_merge_give_the_whole_riwayat(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    _repo, sha = merged_repo(project, {**FORM, "langkah": INPUTS})
    result = catat_merge(project, tmp_path, sha, new_pr(), timeline())
    assert result.exit_code == 0, result.output
    post = read_post(project.root / POST)
    assert [(h.status, h.actor, h.at) for h in post.history] == [
        ("disposisi", "rahmat", datetime(2026, 11, 23, 8, 0, tzinfo=WIB)),
        ("draf", "siti", datetime(2026, 11, 23, 8, 30, 5, tzinfo=WIB)),
        ("sunting", "dwi", datetime(2026, 11, 23, 9, 35, tzinfo=WIB)),
        ("persetujuan", "siti", datetime(2026, 11, 23, 10, 0, tzinfo=WIB)),
        ("disetujui", "rahmat", datetime(2026, 11, 23, 10, 30, tzinfo=WIB)),
    ]
    first = post.meta["riwayat"][0]
    assert first["catatan"] == INPUTS["catatan"] and first["mulai"] == INPUTS["mulai"]
    assert post.meta["riwayat"][-1]["pr"] == 15 and post.status == "disetujui"
    assert "langkah" not in post.meta  # read once into the record, then gone
    clean = periksa(project)
    assert clean.exit_code == 0, clean.output
    # Run again (CI retried): nothing changes.
    text = (project.root / POST).read_text(encoding="utf-8")
    again = catat_merge(project, tmp_path, sha, new_pr(), timeline())
    assert again.exit_code == 0, again.output
    assert (project.root / POST).read_text(encoding="utf-8") == text


def test_a_new_entry_opened_by_someone_not_allowed_to_give_disposisi_is_refused(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    _repo, sha = merged_repo(project, {**FORM, "langkah": INPUTS})
    before = (project.root / POST).read_text(encoding="utf-8")
    pr = new_pr(user={"login": "dwi-kpukotim", "id": 3003, "type": "User"})
    result = catat_merge(project, tmp_path, sha, pr, timeline())
    assert result.exit_code == 1, result.output
    assert "PR #15 membuat konten baru" in result.output and "dwi-kpukotim" in result.output
    assert "bukan Kasubbag" in result.output and "Traceback" not in result.output
    assert (project.root / POST).read_text(encoding="utf-8") == before  # nothing recorded


def test_without_the_staf_first_commit_the_post_stays_at_disposisi_and_says_why(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    _repo, sha = merged_repo(project, {**FORM, "langkah": INPUTS})
    result = catat_merge(project, tmp_path, sha, new_pr(), timeline(drop_logins=("siti",)), pushed=HONEST[2:])
    assert result.exit_code == 0, result.output
    post = read_post(project.root / POST)
    assert [(h.status, h.actor) for h in post.history] == [("disposisi", "rahmat")]
    assert "bahan/arahan (langkah 'draf') tidak tercatat" in result.output
    assert "PERINGATAN" in result.output and "tidak berlaku dari status 'disposisi'" in result.output


def test_forged_riwayat_in_the_new_file_is_ignored(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    forged = {**FORM, "status": "persetujuan", "riwayat": [
        {"status": "disposisi", "oleh": "rahmat", "waktu": datetime(2026, 11, 23, 7, 0, tzinfo=WIB)},
        {"status": "draf", "oleh": "siti", "waktu": datetime(2026, 11, 23, 7, 1, tzinfo=WIB)},
        {"status": "sunting", "oleh": "dwi", "waktu": datetime(2026, 11, 23, 7, 2, tzinfo=WIB)},
        {"status": "persetujuan", "oleh": "siti", "waktu": datetime(2026, 11, 23, 7, 3, tzinfo=WIB)},
    ], "langkah": {"catatan": "x" * 1500, "mulai": "2026-11-24T08:00:00+07:00"}}
    _repo, sha = merged_repo(project, forged)
    result = catat_merge(project, tmp_path, sha, new_pr(), timeline())
    assert result.exit_code == 0, result.output
    assert "status, riwayat di berkas baru diabaikan" in result.output
    assert "'mulai'" in result.output and "dipotong" in result.output
    post = read_post(project.root / POST)
    assert [(h.status, h.actor, h.at.hour, h.at.minute) for h in post.history] == [
        ("disposisi", "rahmat", 8, 0), ("draf", "siti", 8, 30), ("sunting", "dwi", 9, 35),
        ("persetujuan", "siti", 10, 0), ("disetujui", "rahmat", 10, 30),
    ]
    assert len(post.meta["riwayat"][0]["catatan"]) == 1000 and "mulai" not in post.meta["riwayat"][0]


def test_the_disposisi_inputs_are_those_of_the_first_save(tmp_path: Path) -> None:
    """A later hand edit of the disposisi group (by whoever commits to the branch) is not what is recorded."""
    project = new_project(tmp_path / "proyek")
    changed = {**FORM, "langkah": {"catatan": "ditulis ulang staf", "mulai": datetime(2026, 11, 20, 7, 0, tzinfo=WIB)}}
    _repo, sha = merged_repo(project, {**FORM, "langkah": INPUTS}, later_meta=changed)
    result = catat_merge(project, tmp_path, sha, new_pr(), timeline())
    assert result.exit_code == 0, result.output
    assert "isian 'langkah' diubah setelah konten dibuat" in result.output
    first = read_post(project.root / POST).meta["riwayat"][0]
    assert first["catatan"] == INPUTS["catatan"] and first["mulai"] == INPUTS["mulai"]


# -- `jdih periksa` on the Decap branch and on main -------------------------------------------------------

def branch_with_new_post(project: Project, meta: dict[str, Any]) -> git.Repo:
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "rahmat.hidayat@kpu-kotimkab.go.id")
        cw.set_value("user", "name", "Rahmat")
    (project.root / "content" / ".gitkeep").write_text("")
    repo.git.add("-A")
    repo.git.commit("-m", "seed", env={"GIT_AUTHOR_DATE": "2026-11-20T08:00:00+07:00",
                                       "GIT_COMMITTER_DATE": "2026-11-20T08:00:00+07:00"})
    repo.git.checkout("-b", BRANCH)
    path = project.root / POST
    path.parent.mkdir(parents=True)
    path.write_text(render_post(meta, "Sudah cek DPT? #PemilihPemula\n"), encoding="utf-8")
    repo.git.add("-A")
    repo.git.commit("-m", "Create Konten “2026/pemilih-pemula/index”",
                    env={"GIT_AUTHOR_DATE": "2026-11-23T08:00:00+07:00",
                         "GIT_COMMITTER_DATE": "2026-11-23T08:00:00+07:00"})
    return repo


def test_periksa_accepts_an_unrecorded_new_entry_only_on_a_decap_branch(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    repo = branch_with_new_post(project, {**FORM, "langkah": {**INPUTS, "mulai": "2026-11-23T07:45:00+07:00"}})
    on_branch = periksa(project)
    assert on_branch.exit_code == 0, on_branch.output
    assert "SKEMA" not in on_branch.output
    assert periksa(project, "--dasar", "main").exit_code == 0
    # In PR CI GitHub checks the merge out detached and names the branch in GITHUB_HEAD_REF.
    repo.git.checkout("--detach")
    assert periksa(project, env={"GITHUB_HEAD_REF": BRANCH}).exit_code == 0
    strict = periksa(project)
    assert strict.exit_code == 1 and "kunci wajib 'riwayat' tidak ada" in strict.output
    assert "kunci 'langkah' tidak dikenal" in strict.output
    # Everything else is still checked on the branch: an unknown category and a bad time are errors.
    repo.git.checkout(BRANCH)
    (project.root / POST).write_text(render_post({**FORM, "kategori": "tidak-ada", "langkah": {"mulai": "kemarin"}},
                                                 "Teks\n"), encoding="utf-8")
    bad = periksa(project)
    assert bad.exit_code == 1 and "SKEMA-KATEGORI" in bad.output and "'langkah.mulai'" in bad.output


def test_periksa_dasar_refuses_sop_fields_typed_into_a_new_decap_entry(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    forged = {**FORM, "status": "disposisi", "riwayat": [
        {"status": "disposisi", "oleh": "rahmat", "waktu": datetime(2026, 11, 23, 8, 0, tzinfo=WIB)}]}
    branch_with_new_post(project, forged)
    result = periksa(project, "--dasar", "main")
    assert result.exit_code == 1, result.output
    assert "PERUBAHAN-BARU-SOP" in result.output and "'riwayat'" in result.output


@pytest.mark.parametrize("email", ["4004+siti-kpukotim@users.noreply.github.com",
                                   "siti-kpukotim@users.noreply.github.com"])
def test_a_private_github_address_is_recognised_by_its_login(tmp_path: Path, email: str) -> None:
    from jdih.forge.decap import commit_person

    project = new_project(tmp_path / "proyek")
    person, _ = commit_person(project.people, {"author": {"email": email, "name": "Siti"}})
    assert person is not None and person.id == "siti"
    nobody, label = commit_person(project.people, {"author": {"email": "4004+orang-lain@users.noreply.github.com"}})
    assert nobody is None and label.startswith("4004+")


def test_periksa_dasar_in_pr_ci_refuses_a_new_entry_opened_by_someone_else(tmp_path: Path) -> None:
    """The red check on the pull request comes before the merge: only the Kasubbag's PR is a disposisi."""
    project = new_project(tmp_path / "proyek")
    branch_with_new_post(project, FORM)
    event = tmp_path / "event.json"
    for login, code in (("dwi-kpukotim", 1), ("rahmat-kpukotim", 0)):
        payload = fixture("decap_new_entry_pull_request_closed_merged.json")
        payload["action"] = "synchronize"
        payload["pull_request"].update(user={"login": login, "id": 1, "type": "User"}, merged=False, merged_at=None)
        event.write_text(json.dumps(payload), encoding="utf-8")
        result = periksa(project, "--dasar", "main", env={"GITHUB_EVENT_PATH": str(event)})
        assert result.exit_code == code, result.output
        assert ("PERUBAHAN-BARU-PEMBUKA" in result.output) is (code == 1)
    missing = periksa(project, "--dasar", "main", env={"GITHUB_EVENT_PATH": str(tmp_path / "tidak-ada.json")})
    assert missing.exit_code == 0, missing.output  # no readable event: no opener known, nothing claimed
