"""The real Decap CMS with its real GitHub backend, in Chromium, against the GitHub fake on loopback.

The site is built from a real project whose ``kantor.yml`` points ``meja.github`` (``oauth_url``,
``api_root``) at the fake; the fake serves GitHub's REST endpoints over the project's bare remote and
its OAuth popup. Three people sign in with the real "Masuk dengan GitHub" button and carry one
published entry (a post in ``draf``) through Decap's editorial workflow: the pengelola edits the
caption and saves twice (branch, commits, pull request with ``decap-cms/draft``) and hands it to
"Sunting" with the editor's status menu; his move on to "Menunggu persetujuan" (the staf's step) is
refused on screen before anything reaches GitHub (``tolak-langkah.js``). The same move made past the
desk (a direct API call with his token) is put back by CI (``jdih github papan``). The staf moves the
card on (her step); her drag back to "Sunting", her Publish and her new entry are refused on screen; the
Kasubbag's drag to the first column (tidak setuju, which needs a reason a label cannot carry) is refused
too, and he publishes (the merge). Then the remote, the front matter, the recorded webhooks fed through
the forge mapping, and ``jdih github catat-merge`` on the merge (reading the PR back from the fake)
are checked. Screenshots of each screen go to /tmp/decap_gh_shots/.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from desk.conftest import DECAP_DIST, no_english
from fakes.github import BOT_LOGIN, REPO, TOKEN, FakeGitHub
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
NEW_TITLE, NEW_SLUG = "Konten Tanpa Disposisi", "konten-tanpa-disposisi"  # the staf's refused new entry
REFUSAL = "#jdih-tolak"  # the desk's refusal on screen (tolak-langkah.js)
PROMPT = {"answer": ""}  # what the person types into the desk's question (the reason of a cancellation)


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
    # Decap's confirmations ("Setujui konten ini?") are accepted; the desk's question for a cancellation's
    # reason gets PROMPT["answer"].
    page.on("dialog", lambda dialog: dialog.accept(PROMPT["answer"]) if dialog.type == "prompt" else dialog.accept())
    page.goto(f"{base}/admin/")
    button = page.get_by_role("button", name="Masuk dengan GitHub")
    button.wait_for(timeout=60_000)
    shot(page, f"01-{who}-masuk")
    with page.expect_popup() as popup_info:
        button.click()
    popup = popup_info.value
    popup.locator("#login").fill(LOGINS.get(who, who))  # a person of sop/peran.yml, or a bare GitHub login
    shot(popup, f"02-{who}-otorisasi-github")
    popup.locator("#authorize").click()
    page.get_by_text("Papan SOP").first.wait_for(timeout=60_000)
    return page


def person_page(browser: Browser, base: str, who: str, errors: list[str]) -> Page:
    """A new browser context as on an office monitor (1366x768, Indonesian, WIB), signed in as ``who``."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(30_000)
    return sign_in(context, base, who, errors)


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


def writes(fake: FakeGitHub) -> list[tuple[str, str]]:
    """Every request that could change something on GitHub that reached the fake."""
    return [(method, path) for method, path, _headers in fake.requests if method not in ("GET", "HEAD", "OPTIONS")]


# Records the text of every Decap toast (they close by themselves after 8 s).
TOASTS = """() => { if (window.jdihToasts) return; window.jdihToasts = [];
  new MutationObserver(() => document.querySelectorAll('.Toastify__toast').forEach((t) => {
    if (!window.jdihToasts.includes(t.textContent)) window.jdihToasts.push(t.textContent); }))
    .observe(document.body, { childList: true, subtree: true, characterData: true }); }"""


def refused(page: Page, fake: FakeGitHub, action: Callable[[], None], name: str, toast: str | None) -> str:
    """Do ``action`` in the browser: the desk refuses it on screen and nothing reaches the fake (the request
    is answered in the browser, so once the message shows no request of it can still be on its way), and
    Decap's own toast starts with ``toast`` (Indonesian, no "API_ERROR"; None: a request Decap did not make);
    the message's text, after closing it."""
    before, hooks = writes(fake), len(fake.webhooks)
    page.evaluate(TOASTS)
    action()
    banner = page.locator(REFUSAL)
    banner.wait_for()
    text = banner.inner_text()
    shot(page, name)
    if toast is not None:
        page.wait_for_function("(start) => window.jdihToasts.some((t) => t.startsWith(start))", arg=toast)
    assert not [t for t in page.evaluate("window.jdihToasts") if "API_ERROR" in t]
    assert writes(fake) == before and len(fake.webhooks) == hooks
    banner.get_by_role("button", name="Tutup").click()
    banner.wait_for(state="detached")
    return text


def choose_status(page: Page, current: str, target: str) -> None:
    """Decap's status menu in the editor, without waiting for the move to land."""
    page.get_by_role("button", name=f"Status: {current}").click()
    page.get_by_role("menuitem", name=target).click()


def fill_new_entry(page: Page, base: str) -> None:
    """Decap's form of a new entry with the fields a save needs (title, category, platform, caption)."""
    page.goto(f"{base}/admin/#/collections/konten/new")
    # A fresh load: after a mere change of the address Decap shows the previous entry's form until its
    # empty draft is ready, which then replaces what was typed.
    page.reload()
    page.get_by_label("Judul", exact=True).wait_for(timeout=60_000)
    page.get_by_label("Judul", exact=True).fill(NEW_TITLE)
    for field, choice in (("Kategori", "Rutin: Edukasi"), ("Platform", "X (Twitter)")):
        page.get_by_label(field, exact=True).fill(choice)
        page.get_by_role("option", name=choice).wait_for()  # the choice is offered before Enter takes it
        page.keyboard.press("Enter")
    page.get_by_label(BODY).fill("Teks tanpa disposisi.")


def edit_caption(page: Page, fake: FakeGitHub, text: str, events: int) -> None:
    count = len(fake.webhooks)
    body = page.get_by_label(BODY)
    body.wait_for(timeout=60_000)
    body.fill(text)
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Konten tersimpan").first.wait_for(timeout=60_000)
    until(page, fake, count + events)


def ci_on_main(remote: Path, tmp_path: Path, fake: FakeGitHub, command: str, *options: str) -> Path:
    """CI on main: a fresh clone of the remote and ``jdih github <command>`` on the last recorded webhook,
    reading the pull request back from the fake through the forge client; the clone, after a clean exit."""
    ci = tmp_path / "ci"
    subprocess.run(["git", "clone", "-q", str(remote), str(ci)], check=True)
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(fake.webhooks[-1].payload), encoding="utf-8")
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url,
           "JDIH_SEKARANG": "2026-11-24T10:00:00+07:00"}
    r = CliRunner().invoke(cli, ["--proyek", str(ci), "github", command, "--event", str(event_file), *options],
                           env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return ci


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
            return person_page(browser, base, who, errors)

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
        # ... and on to "Menunggu persetujuan": the staf's step, not his. Refused on screen, nothing sent.
        text = refused(page, fake, lambda: choose_status(page, COLUMNS["review"], COLUMNS["ready"]), "06-dwi-ditolak",
                       "Langkah ditolak: langkah SOP 'sunting' hanya boleh dilakukan oleh Staf")
        assert "Pemindahan kartu ke kolom \u201cMenunggu persetujuan\u201d oleh @dwi-kpukotim ditolak" in text
        assert "hanya boleh dilakukan oleh Staf Sub Bagian Hukum dan SDM" in text
        assert "tidak ada langkah SOP yang dicatat" in text
        page.get_by_role("button", name=f"Status: {COLUMNS['review']}").wait_for()  # the card stayed
        no_english(page, "penolakan status (GitHub)")
        page.context.close()

        # The same move past the desk (GitHub's API with his token): CI puts the card back (workflow
        # papan.yml runs `jdih github papan` on the labeled event) with a comment; nothing is recorded.
        fake.add_account(BOT_LOGIN, BOT_LOGIN, "41898282+github-actions[bot]@users.noreply.github.com")
        count = len(fake.webhooks)
        put = httpx.put(f"{fake.url}/repos/{REPO}/issues/1/labels", json={"labels": ["decap-cms/pending_publish"]},
                        headers={"Authorization": f"token {fake.issue_token(LOGINS['dwi'])}"})
        assert put.status_code == 200 and len(fake.webhooks) == count + 2
        labeled_event = tmp_path / "labeled.json"
        labeled_event.write_text(json.dumps(fake.webhooks[-1].payload), encoding="utf-8")
        r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "papan", "--event", str(labeled_event)],
                               env={"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url},
                               catch_exceptions=False)
        assert r.exit_code == 0 and "ditolak" in r.output, r.output
        assert [lab["name"] for lab in fake.pulls[1]["labels"]] == ["decap-cms/pending_review"]
        assert "tidak ada langkah SOP yang dicatat" in fake.comments[1][-1]["body"]

        # The staf: on to "Menunggu persetujuan" (her step); back to "Sunting" (the pengelola's), Publish (the
        # Kasubbag's) and a new entry (the disposisi, the Kasubbag's) are refused on screen.
        page = person("siti")
        page.goto(f"{base}/admin/{ENTRY}")
        page.get_by_label(BODY).wait_for(timeout=60_000)
        set_status(page, fake, COLUMNS["review"], COLUMNS["ready"])
        page.goto(f"{base}/admin/#/workflow")
        card = page.get_by_text("Pemilih Pemula, Kenali Hak Pilihmu").first
        card.wait_for(timeout=60_000)
        shot(page, "07-siti-papan")
        text = refused(page, fake, lambda: card.drag_to(page.get_by_text(COLUMNS["review"], exact=True).first),
                       "08-siti-papan-ditolak", "Langkah ditolak: langkah SOP 'ajukan'")  # a drag on the board
        assert "kolom \u201cSunting\u201d oleh @siti-kpukotim ditolak: langkah SOP 'ajukan' hanya boleh " \
               "dilakukan oleh Pelaksana/Pengelola JDIH" in text
        page.goto(f"{base}/admin/{ENTRY}")
        page.get_by_label(BODY).wait_for(timeout=60_000)
        main_now = git(remote, "rev-parse", "main")

        def publish() -> None:
            page.get_by_role("button", name="Setujui").first.click()
            page.get_by_role("menuitem", name="Setujui sekarang").click()

        text = refused(page, fake, publish, "09-siti-setujui-ditolak", "Persetujuan ditolak: langkah SOP 'setujui'")
        assert "Persetujuan (merge ke main) oleh @siti-kpukotim ditolak: langkah SOP 'setujui' hanya boleh " \
               "dilakukan oleh Kasubbag Hukum dan SDM" in text and "Tidak ada yang di-merge" in text
        assert git(remote, "rev-parse", "main") == main_now
        fill_new_entry(page, base)
        text = refused(page, fake, lambda: page.get_by_role("button", name="Simpan").first.click(),
                       "10-siti-konten-baru-ditolak", "Gagal menyimpan: langkah SOP 'disposisi'")
        assert "Konten baru (disposisi) oleh @siti-kpukotim ditolak: langkah SOP 'disposisi' hanya boleh " \
               "dilakukan oleh Kasubbag Hukum dan SDM" in text and "Tidak ada yang disimpan" in text
        page.context.close()

        # The Kasubbag: a drag back to the first column (tidak setuju) needs a reason, which a label cannot
        # carry (a "Request changes" review does): refused even to him, as CI would. Then Publish (the merge).
        page = person("rahmat")
        page.goto(f"{base}/admin/#/workflow")
        card = page.get_by_text("Pemilih Pemula, Kenali Hak Pilihmu").first
        card.wait_for(timeout=60_000)
        text = refused(page, fake, lambda: card.drag_to(page.get_by_text("Disposisi / Draf / Perbaikan").first),
                       "11-rahmat-tolak-tanpa-alasan", "Langkah ditolak: langkah SOP 'tolak' memerlukan alasan")
        assert "oleh @rahmat-kpukotim ditolak: langkah SOP 'tolak' memerlukan alasan" in text
        assert 'review "Request changes"' in text
        page = from_board(page, base, "12-rahmat-papan")
        page.get_by_role("button", name="Setujui").first.click()
        page.get_by_role("menuitem", name="Setujui sekarang").click()
        page.get_by_text("Konten disetujui").first.wait_for(timeout=60_000)
        until(page, fake, 12)
        page.get_by_label(BODY).wait_for(timeout=60_000)  # the entry again, now from main
        shot(page, "13-rahmat-disetujui")
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
        ("unlabeled", "decap-cms/pending_publish", BOT_LOGIN),
        ("labeled", "decap-cms/pending_review", BOT_LOGIN),
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
    # The wrong-role move past the desk is refused, by name, and records nothing; CI's putting the card back
    # is no move for the SOP (the refused move never took the card out of "Sunting").
    assert any("dwi-kpukotim" in n and "pending_publish" in n for n in notes), notes
    assert not any("siti-kpukotim" in n or BOT_LOGIN in n for n in notes), notes
    # CI's rule on each of those labels (`jdih github papan`, run above): after the pengelola's label the card
    # goes back to "Sunting" with a comment; once the staf has moved it on, the board is right.
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
    # Decap asked only for what the fake serves (a 404 would be an endpoint it lacks, or a missing file), but
    # for the refused new entry's folder: Decap looks it up to see that the slug is free.
    assert fake.not_found == [("GET", f"/repos/{REPO}/git/trees/main:content%2F2026%2F{NEW_SLUG}")]

    # CI on main: `jdih github catat-merge` with the recorded `closed` webhook, reading the pull request
    # and its timeline back from the fake through the forge client.
    ci = ci_on_main(remote, tmp_path, fake, "catat-merge", "--nama-event", "pull_request")
    recorded = (ci / POST).read_text(encoding="utf-8")
    # Only what the SOP step machinery adds: the new status and the new riwayat entries after the old ones.
    changes = [op for op in difflib.SequenceMatcher(None, merged.splitlines(), recorded.splitlines(),
                                                    autojunk=False).get_opcodes() if op[0] != "equal"]
    assert [op[0] for op in changes] == ["replace", "insert"], changes
    assert merged.splitlines()[changes[0][1]:changes[0][2]] == ["status: draf"]
    assert recorded.splitlines()[changes[0][3]:changes[0][4]] == ["status: disetujui"]
    assert parse_post(Path(POST), recorded).meta["riwayat"] == applied.meta["riwayat"]


@pytest.mark.browser
@pytest.mark.slow
def test_the_kasubbag_cancels_a_new_entry_from_the_desk_with_a_reason(office: tuple[Project, Path, FakeGitHub],
                                                                       tmp_path: Path) -> None:
    """Batal in GitHub mode, from the desk: the Kasubbag's new entry (the disposisi), the staf's "Batalkan
    konten" refused on screen, the Kasubbag's refused without a reason, then done with one: the reason is his
    comment on the pull request, which is closed; `jdih github catat-batal` records the post as cancelled."""
    project, remote, fake = office
    site = build_site(project.root, tmp_path / "site", strict=False)
    errors: list[str] = []
    entry = f"{{base}}/admin/#/collections/konten/entries/2026/{NEW_SLUG}/index"
    reason = "Materi digabung dengan konten DPT pekan depan."
    with serve_site(site) as root, sync_playwright() as pw:
        base = root.rstrip("/")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
        page = person_page(browser, base, "rahmat", errors)
        fill_new_entry(page, base)
        page.get_by_label("Catatan disposisi").fill("Buat konten hari pemungutan suara")
        page.get_by_role("button", name="Simpan").first.click()
        page.get_by_text("Konten tersimpan").first.wait_for(timeout=60_000)
        until(page, fake, 2)  # opened, labeled decap-cms/draft
        page.context.close()

        def open_new(page: Page) -> None:
            page.goto(entry.format(base=base))
            page.reload()
            page.get_by_label(BODY).wait_for(timeout=60_000)

        def cancel(page: Page) -> None:
            page.get_by_role("button", name="Batalkan konten").click()

        page = person_page(browser, base, "siti", errors)
        open_new(page)
        text = refused(page, fake, lambda: cancel(page), "16-siti-batal-ditolak", None)
        assert "Pembatalan konten oleh @siti-kpukotim ditolak: langkah SOP 'batalkan' hanya boleh dilakukan oleh " \
               "Kasubbag" in text, text
        page.context.close()

        page = person_page(browser, base, "rahmat", errors)
        open_new(page)
        PROMPT["answer"] = ""
        text = refused(page, fake, lambda: cancel(page), "17-rahmat-batal-tanpa-alasan", None)
        assert "ditolak: pembatalan memerlukan alasan" in text
        PROMPT["answer"] = reason
        open_new(page)  # Decap leaves the editor after a failed cancellation; the card is still there
        cancel(page)
        until(page, fake, 3)  # closed
        page.get_by_text("Konten dibatalkan").first.wait_for(timeout=60_000)
        shot(page, "18-rahmat-dibatalkan")
        PROMPT["answer"] = ""
        browser.close()
    assert not errors
    assert [(w.payload["action"], w.actor) for w in fake.webhooks] == [
        ("opened", "rahmat-kpukotim"), ("labeled", "rahmat-kpukotim"), ("closed", "rahmat-kpukotim")]
    assert [(c["user"]["login"], c["body"]) for c in fake.comments[1]] == [("rahmat-kpukotim", reason)]
    assert not git(remote, "for-each-ref", f"refs/heads/cms/konten/2026/{NEW_SLUG}/index")

    # CI: `jdih github catat-batal` on the `closed` webhook records the post on main as cancelled.
    fake.add_account(BOT_LOGIN, BOT_LOGIN, "41898282+github-actions[bot]@users.noreply.github.com")
    ci = ci_on_main(remote, tmp_path, fake, "catat-batal")
    post = parse_post(ci / f"content/2026/{NEW_SLUG}/index.md",
                      (ci / f"content/2026/{NEW_SLUG}/index.md").read_text(encoding="utf-8"))
    assert post.meta["status"] == "dibatalkan"
    assert [(h["status"], h["oleh"], h.get("catatan")) for h in post.meta["riwayat"]] == [
        ("disposisi", "rahmat", "Buat konten hari pemungutan suara"), ("dibatalkan", "rahmat", reason)]
    assert fake.comments[1][1:] == []  # CI had nothing to ask


@pytest.mark.browser
@pytest.mark.slow
def test_an_account_missing_from_peran_is_refused_every_sop_step(office: tuple[Project, Path, FakeGitHub],
                                                                  tmp_path: Path) -> None:
    """A GitHub account with write access that ``sop/peran.yml`` does not name: its new entry (disposisi) and
    a label on a pull request are refused on screen, saying the account is not registered; nothing is sent."""
    project, _remote, fake = office
    fake.add_account("tamu-kpukotim", "Tamu", "tamu@contoh.invalid")
    site = build_site(project.root, tmp_path / "site", strict=False)
    errors: list[str] = []
    with serve_site(site) as root, sync_playwright() as pw:
        base = root.rstrip("/")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
        page = person_page(browser, base, "tamu-kpukotim", errors)
        fill_new_entry(page, base)
        text = refused(page, fake, lambda: page.get_by_role("button", name="Simpan").first.click(),
                       "14-tamu-konten-baru-ditolak", "Gagal menyimpan: akun GitHub @tamu-kpukotim tidak terdaftar")
        assert "Konten baru (disposisi) oleh @tamu-kpukotim ditolak: akun GitHub @tamu-kpukotim tidak terdaftar " \
               "di sop/peran.yml" in text
        # A label put on a pull request with the page's fetch, as Decap's board does it.
        answer: list[Any] = []
        label = """([api, repo]) => fetch(`${api}/repos/${repo}/issues/1/labels`, {method: 'PUT', body:
            JSON.stringify({labels: ['decap-cms/pending_review']}), headers: {Authorization:
            `token ${JSON.parse(localStorage.getItem('decap-cms-user')).token}`}})
            .then(async (r) => [r.status, (await r.json()).message])"""
        text = refused(page, fake, lambda: answer.extend(page.evaluate(label, [fake.url, REPO])),
                       "15-tamu-label-ditolak", None)
        assert answer == [403, "akun GitHub @tamu-kpukotim tidak terdaftar di sop/peran.yml, jadi tidak dapat "
                          "melakukan langkah SOP (minta admin menambahkannya)"]
        assert "Pemindahan kartu ke kolom \u201cSunting\u201d oleh @tamu-kpukotim ditolak" in text
        browser.close()
    assert not errors
    assert writes(fake) == [] and fake.webhooks == []


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
