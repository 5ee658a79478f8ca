"""The real Decap CMS with its real GitHub backend, in Chromium, against the GitHub fake on loopback.

The site is built from a real project whose ``kantor.yml`` points ``meja.github`` (``oauth_url``,
``api_root``) at the fake; the fake serves GitHub's REST endpoints over the project's bare remote and
its OAuth popup. Three people sign in with the real "Masuk dengan GitHub" button and carry one
published entry (a post in ``draf``) through Decap's editorial workflow: the pengelola edits the
caption and saves twice (branch, commits, pull request with ``decap-cms/draft``) and hands it to
"Sunting" with the editor's status menu; he also moves it on to "Menunggu persetujuan", which is not
his step; the staf drags the card back on the board (not her step either) and moves it on (hers); the
Kasubbag publishes (the merge). Then the remote, the front matter, the recorded webhooks fed through
the forge mapping, and ``jdih github catat-merge`` on the merge (reading the PR back from the fake)
are checked. Screenshots of each screen go to /tmp/decap_gh_shots/.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext, Page, sync_playwright

from desk.conftest import DECAP_DIST
from fakes.github import REPO, TOKEN, FakeGitHub
from fakes.github_git import github_time
from helpers import make_post
from jdih.cli import cli
from jdih.desk.config import column_labels
from jdih.desk.service import ENV_DECAP
from jdih.forge.board import correct_board
from jdih.forge.events import MergeEvent, parse_event
from jdih.forge.mapping import apply_steps, timeline_steps, verify_merger
from jdih.post import parse_post
from jdih.project import Project
from jdih.site.build import build_site
from support.site_build import site_project
from support.static_site import serve_site

SHOTS = Path("/tmp/decap_gh_shots")
SLUG = "pemilih-pemula-kenali-hak-pilihmu"
POST = f"content/2026/{SLUG}/index.md"
ENTRY = f"#/collections/konten/entries/2026/{SLUG}/index"
BRANCH = f"cms/konten/2026/{SLUG}/index"
CAPTION = "Cek namamu di DPT sebelum hari pemungutan suara. #PemilihPemula"
EDITED = "Cek namamu di DPT lewat cekdptonline.kpu.go.id sebelum hari pemungutan suara! #PemilihPemula #JDIH"
EDITED_AGAIN = EDITED + " @kpukotim"
LOGINS = {"rahmat": "rahmat-kpukotim", "siti": "siti-kpukotim", "dwi": "dwi-kpukotim"}
COLUMNS = {"review": "Sunting", "ready": "Menunggu persetujuan"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_DATE": "2026-11-20T08:00:00+07:00", "GIT_COMMITTER_DATE":
                               "2026-11-20T08:00:00+07:00", "PATH": "/usr/bin:/bin", "HOME": str(cwd)})
    return done.stdout.strip()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Project, Path, FakeGitHub]]:
    """A project with one post in ``draf`` on main, its bare remote, the fake over that remote."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        pytest.fail("Decap CMS belum terpasang: jalankan bash scripts/setup_env.sh")
    monkeypatch.setenv(ENV_DECAP, str(DECAP_DIST))
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    fake = FakeGitHub(git_dir=remote)
    project = site_project(tmp_path / "proyek")
    for who, login in LOGINS.items():
        person = project.people.by_github(login)
        assert person is not None and person.id == who
        fake.add_account(login, person.name, str(person.email))
    make_post(project, SLUG, "draf", judul="Pemilih Pemula, Kenali Hak Pilihmu", body=CAPTION + "\n", platform=["x"])
    with (project.root / "kantor.yml").open("a", encoding="utf-8") as f:
        f.write(f"\nmeja:\n  github:\n    repo: {REPO}\n    oauth_url: {fake.url}\n    api_root: {fake.url}\n")
    root = project.root
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=Admin", "-c", "user.email=admin@contoh.invalid", "add", "-A")
    git(root, "-c", "user.name=Admin", "-c", "user.email=admin@contoh.invalid", "commit", "-q", "-m", "seed")
    git(root, "push", "-q", str(remote), "main:main")
    with fake:
        yield project, remote, fake


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def sign_in(context: BrowserContext, base: str, who: str, errors: list[str]) -> Page:
    """The real button: Decap opens the OAuth client's popup, GitHub's page authorizes, the token comes back."""
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())  # Decap's confirmations ("Setujui konten ini?")
    page.goto(f"{base}/admin/")
    button = page.get_by_role("button", name="Masuk dengan GitHub")
    button.wait_for(timeout=60_000)
    shot(page, f"01-{who}-masuk")
    with page.expect_popup() as popup_info:
        button.click()
    popup = popup_info.value
    popup.locator("#login").fill(LOGINS[who])
    shot(popup, f"02-{who}-otorisasi-github")
    popup.locator("#authorize").click()
    page.get_by_text("Papan SOP").first.wait_for(timeout=60_000)
    return page


BODY = re.compile(r"^Isi \(keterangan unggahan\)")


def until(page: Page, fake: FakeGitHub, count: int) -> None:
    """Wait until the fake has recorded ``count`` webhooks (the browser's requests are asynchronous)."""
    for _ in range(300):
        if len(fake.webhooks) >= count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"GitHub tiruan hanya menerima {[w.payload['action'] for w in fake.webhooks]}")


def set_status(page: Page, fake: FakeGitHub, current: str, target: str) -> None:
    """Decap's status menu in the editor (the same move as a drag on the board): one label change."""
    count = len(fake.webhooks)
    page.get_by_role("button", name=f"Status: {current}").click()
    page.get_by_role("menuitem", name=target).click()
    page.get_by_role("button", name=f"Status: {target}").wait_for()
    until(page, fake, count + 2)  # unlabeled + labeled


def edit_caption(page: Page, fake: FakeGitHub, text: str, events: int) -> None:
    count = len(fake.webhooks)
    body = page.get_by_label(BODY)
    body.wait_for(timeout=60_000)
    body.fill(text)
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Konten tersimpan").first.wait_for(timeout=60_000)
    until(page, fake, count + events)


def from_board(page: Page, base: str, name: str) -> Page:
    """The board (Decap's "Workflow") with the card, then the entry's editor."""
    page.goto(f"{base}/admin/#/workflow")
    page.get_by_text("Pemilih Pemula, Kenali Hak Pilihmu").first.wait_for(timeout=60_000)
    shot(page, name)
    page.goto(f"{base}/admin/{ENTRY}")
    page.get_by_label(BODY).wait_for(timeout=60_000)
    return page


@pytest.mark.browser
@pytest.mark.slow
def test_decap_on_the_github_fake_carries_a_post_to_its_merge(office: tuple[Project, Path, FakeGitHub],
                                                              tmp_path: Path) -> None:
    project, remote, fake = office
    original = (project.root / POST).read_text(encoding="utf-8")
    main_before = git(remote, "rev-parse", "main")
    site = build_site(project.root, tmp_path / "site", strict=False)
    page_html = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert f"connect-src 'self' blob: data: {fake.url};" in page_html and "*" not in page_html.split("connect-src")[1]
    errors: list[str] = []
    with serve_site(site) as root, sync_playwright() as pw:
        base = root.rstrip("/")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])

        def person(who: str) -> Page:
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                                          timezone_id="Asia/Jakarta")
            context.set_default_timeout(30_000)
            return sign_in(context, base, who, errors)

        # The pengelola: edit the caption of the published entry, save twice, hand it to "Sunting".
        page = person("dwi")
        page.get_by_text("Pemilih Pemula, Kenali Hak Pilihmu").first.wait_for(timeout=60_000)  # the listing
        shot(page, "03-dwi-koleksi")
        page.goto(f"{base}/admin/{ENTRY}")
        page.get_by_label(BODY).wait_for(timeout=60_000)
        shot(page, "04-dwi-konten")
        edit_caption(page, fake, EDITED, 2)  # opened, labeled decap-cms/draft
        page.get_by_label(BODY).wait_for(timeout=60_000)  # Decap reloads the entry, now from its branch
        shot(page, "05-dwi-tersimpan")
        page.get_by_text("Konten tersimpan").first.wait_for(state="hidden", timeout=60_000)
        edit_caption(page, fake, EDITED_AGAIN, 1)  # synchronize
        set_status(page, fake, "Disposisi / Draf / Perbaikan", COLUMNS["review"])
        # ... and on to "Menunggu persetujuan": the staf's step, not his (recorded as refused, below).
        set_status(page, fake, COLUMNS["review"], COLUMNS["ready"])
        shot(page, "06-dwi-status")
        page.context.close()

        # The staf: back to "Sunting" (not her step either) and on to "Menunggu persetujuan" (hers).
        page = person("siti")
        page.goto(f"{base}/admin/#/workflow")
        card = page.get_by_text("Pemilih Pemula, Kenali Hak Pilihmu").first
        card.wait_for(timeout=60_000)
        shot(page, "07-siti-papan")
        count = len(fake.webhooks)
        card.drag_to(page.get_by_text(COLUMNS["review"], exact=True).first)  # a drag on the board
        until(page, fake, count + 2)
        page.get_by_text("Status konten diperbarui").first.wait_for()
        shot(page, "08-siti-papan-dipindah")
        page.goto(f"{base}/admin/{ENTRY}")
        page.get_by_label(BODY).wait_for(timeout=60_000)
        set_status(page, fake, COLUMNS["review"], COLUMNS["ready"])
        page.context.close()

        # The Kasubbag: Publish (the merge).
        page = from_board(person("rahmat"), base, "09-rahmat-papan")
        page.get_by_role("button", name="Setujui").first.click()
        page.get_by_role("menuitem", name="Setujui sekarang").click()
        page.get_by_text("Konten disetujui").first.wait_for(timeout=60_000)
        until(page, fake, 12)
        page.get_by_label(BODY).wait_for(timeout=60_000)  # the entry again, now from main
        shot(page, "10-rahmat-disetujui")
        browser.close()
    assert not errors

    # The remote: main is GitHub's merge of the Decap branch, the branch is gone.
    main_after = git(remote, "rev-parse", "main")
    parents = git(remote, "rev-list", "--parents", "-n", "1", main_after).split()[1:]
    assert parents[0] == main_before and len(parents) == 2
    assert git(remote, "log", "-1", "--format=%s", main_after) == f"Merge pull request #1 from kpu-kotim/{BRANCH}"
    assert not git(remote, "for-each-ref", f"refs/heads/{BRANCH}")
    merged = subprocess.run(["git", "--git-dir", str(remote), "show", f"main:{POST}"], capture_output=True,
                            check=True).stdout.decode("utf-8")
    # Byte for byte the same file but the caption: status, riwayat, tautan and the key order untouched.
    assert merged == original.replace(CAPTION, EDITED_AGAIN)

    # The webhooks GitHub would have sent, in order, each with its actor.
    moves = [(w.payload["action"], (w.payload.get("label") or {}).get("name", ""), w.actor) for w in fake.webhooks]
    assert moves == [
        ("opened", "", "dwi-kpukotim"),
        ("labeled", "decap-cms/draft", "dwi-kpukotim"),
        ("synchronize", "", "dwi-kpukotim"),
        ("unlabeled", "decap-cms/draft", "dwi-kpukotim"),
        ("labeled", "decap-cms/pending_review", "dwi-kpukotim"),
        ("unlabeled", "decap-cms/pending_review", "dwi-kpukotim"),
        ("labeled", "decap-cms/pending_publish", "dwi-kpukotim"),
        ("unlabeled", "decap-cms/pending_publish", "siti-kpukotim"),
        ("labeled", "decap-cms/pending_review", "siti-kpukotim"),
        ("unlabeled", "decap-cms/pending_review", "siti-kpukotim"),
        ("labeled", "decap-cms/pending_publish", "siti-kpukotim"),
        ("closed", "", "rahmat-kpukotim"),
    ]

    # Through the forge mapping: the merge event, the PR's timeline, the steps, the riwayat.
    event = parse_event(fake.webhooks[-1].payload, "pull_request")
    assert isinstance(event, MergeEvent) and event.pr.merge_commit_sha == main_after
    assert verify_merger(project.sop, project.people, event.pr).id == "rahmat"
    steps, notes = timeline_steps(project.sop, project.people, event.pr, fake.timelines[1])
    labeled = {(w.payload["label"]["name"], w.actor): w.at for w in fake.webhooks if w.payload["action"] == "labeled"}
    assert [(s.command, s.actor, s.at) for s in steps] == [
        ("ajukan", "dwi", labeled[("decap-cms/pending_review", "dwi-kpukotim")]),
        ("sunting", "siti", labeled[("decap-cms/pending_publish", "siti-kpukotim")]),
        ("setujui", "rahmat", fake.webhooks[-1].at),
    ]
    # The wrong-role move is refused, by name, and records nothing. The staf's drag back to "Sunting" is
    # no move for the SOP: the refused move never took the card out of that column.
    assert any("dwi-kpukotim" in n and "pending_publish" in n for n in notes), notes
    assert not any("siti-kpukotim" in n for n in notes), notes
    # What CI does on each of those labels (`jdih github papan`): after the pengelola's drag the card goes
    # back to "Sunting" with a comment; once the staf has moved it on, the board is right.
    titles = column_labels(project)
    up_to = [i for i, w in enumerate(fake.webhooks) if w.payload["action"] == "labeled"]
    wrong = next(i for i in up_to if fake.webhooks[i].payload["label"]["name"] == "decap-cms/pending_publish")
    seen = [ev for ev in fake.timelines[1] if ev.get("created_at", "") <= github_time(fake.webhooks[wrong].at)]
    fix = correct_board(project.sop, project.people, event.pr, ["decap-cms/pending_publish"], seen, titles)
    assert fix is not None and fix.labels == ["decap-cms/pending_review"] and "ditolak" in fix.message
    assert correct_board(project.sop, project.people, event.pr, ["decap-cms/pending_publish"],
                         fake.timelines[1], titles) is None
    meta = parse_post(Path(POST), merged).meta
    applied = apply_steps(project.sop, project.people, meta, steps)
    assert not applied.skipped
    assert [(h["status"], h["oleh"]) for h in applied.meta["riwayat"][len(meta["riwayat"]):]] == [
        ("sunting", "dwi"), ("persetujuan", "siti"), ("disetujui", "rahmat"),
    ]
    # Decap asked only for what the fake serves (a 404 would be an endpoint it lacks, or a missing file).
    assert fake.not_found == []

    # CI on main: `jdih github catat-merge` with the recorded `closed` webhook, reading the pull request
    # and its timeline back from the fake through the forge client.
    ci = tmp_path / "ci"
    subprocess.run(["git", "clone", "-q", str(remote), str(ci)], check=True)
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(fake.webhooks[-1].payload), encoding="utf-8")
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url,
           "JDIH_SEKARANG": "2026-11-24T10:00:00+07:00"}
    r = CliRunner().invoke(cli, ["--proyek", str(ci), "github", "catat-merge", "--event", str(event_file),
                                 "--nama-event", "pull_request"], env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    recorded = (ci / POST).read_text(encoding="utf-8")
    # Only what the SOP step machinery adds: the new status and the new riwayat entries after the old ones.
    changes = [op for op in difflib.SequenceMatcher(None, merged.splitlines(), recorded.splitlines(),
                                                    autojunk=False).get_opcodes() if op[0] != "equal"]
    assert [op[0] for op in changes] == ["replace", "insert"], changes
    assert merged.splitlines()[changes[0][1]:changes[0][2]] == ["status: draf"]
    assert recorded.splitlines()[changes[0][3]:changes[0][4]] == ["status: disetujui"]
    assert parse_post(Path(POST), recorded).meta["riwayat"] == applied.meta["riwayat"]


def test_the_fake_answers_errors_as_github_documents(office: tuple[Project, Path, FakeGitHub]) -> None:
    """What Decap relies on when things go wrong: 401/404/409/422 with ``message`` + ``documentation_url``,
    ``token`` and ``Bearer`` both accepted, 204 without a body, a preflight answered for any origin."""
    _project, remote, fake = office
    token = fake.issue_token("dwi-kpukotim")
    api = f"/repos/{REPO}"
    with httpx.Client(transport=httpx.MockTransport(fake), base_url="https://api.github.test") as http:
        def call(method: str, path: str, auth: str = f"token {token}", **kw: Any) -> httpx.Response:
            return http.request(method, path, headers={"Authorization": auth}, **kw)

        assert call("GET", "/user", auth="").json()["message"] == "Requires authentication"
        bad = call("GET", "/user", auth="token gho_wrong")
        assert bad.status_code == 401 and set(bad.json()) == {"message", "documentation_url"}
        assert call("GET", "/user", auth=f"Bearer {token}").json()["login"] == "dwi-kpukotim"
        main = call("GET", f"{api}/branches/main").json()["commit"]["sha"]
        assert call("GET", f"{api}/branches/tidak-ada").json()["message"] == "Branch not found"
        assert call("GET", f"{api}/git/trees/main:tidak-ada").status_code == 404
        made = call("POST", f"{api}/git/refs", json={"ref": "refs/heads/cms/x", "sha": main})
        assert made.status_code == 201 and made.json()["object"]["sha"] == main
        again = call("POST", f"{api}/git/refs", json={"ref": "refs/heads/cms/x", "sha": main})
        assert again.status_code == 422 and again.json()["message"] == "Reference already exists"
        no_pr = call("POST", f"{api}/pulls", json={"title": "t", "head": "kpu-kotim:cms/x", "base": "main"})
        assert no_pr.status_code == 422 and "No commits between" in no_pr.json()["errors"][0]["message"]
        gone = call("DELETE", f"{api}/git/refs/heads/cms%2Fx")
        assert gone.status_code == 204 and gone.content == b"" and "content-type" not in gone.headers
        assert call("DELETE", f"{api}/git/refs/heads/cms%2Fx").json()["message"] == "Reference does not exist"
        assert call("PUT", f"{api}/pulls/9/merge", json={"sha": main}).status_code == 404
        pre = http.options(f"{api}/git/blobs", headers={"Origin": "http://127.0.0.1:1",
                                                          "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 204 and "Authorization" in pre.headers["Access-Control-Allow-Headers"]
    assert git(remote, "rev-parse", "main") == main and fake.webhooks == []


def test_api_root_is_https_or_loopback_and_reaches_the_config_and_the_policy(tmp_path: Path) -> None:
    """``meja.github.api_root`` (GitHub Enterprise Server): Decap's ``backend.api_root``, its origin in the
    admin page's ``connect-src`` instead of api.github.com; plain http only on the loopback address."""
    from jdih.desk.github_admin import github_config, index_html
    from jdih.errors import ConfigError
    from jdih.office import load_office

    project = site_project(tmp_path / "proyek")
    text = (project.root / "kantor.yml").read_text(encoding="utf-8")
    section = ("\nmeja:\n  github:\n    repo: kpu-kotim/jdih-medsos\n    oauth_url: https://oauth.contoh.go.id\n"
               "    api_root: https://github.contoh.go.id/api/v3/\n")
    (project.root / "kantor.yml").write_text(text + section, encoding="utf-8")
    settings = load_office(project.root).desk_github
    assert settings is not None and settings.api_root == "https://github.contoh.go.id/api/v3"
    backend = github_config(project, settings.repo, settings.oauth_url, settings.site_domain, settings.api_root)
    assert backend["backend"]["api_root"] == "https://github.contoh.go.id/api/v3"
    page = index_html(settings.api_root)
    assert "connect-src 'self' blob: data: https://github.contoh.go.id;" in page and "api.github.com" not in page
    assert "https://api.github.com" in index_html(None)
    (project.root / "kantor.yml").write_text(text + section.replace("https://github", "http://github"), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_office(project.root)
    assert "api_root" in caught.value.message and caught.value.line == text.count("\n") + 6
