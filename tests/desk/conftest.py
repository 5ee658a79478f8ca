"""Fixtures of the desk tests: an office (bare remote + clones) and ``jdih meja`` over it."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from helpers import REPO
from jdih.desk.server import DeskApp
from jdih.desk.service import ENV_DECAP, make_desk
from support.office import START, Office

PASSWORDS = {"rahmat": "sandi-kasubbag-01", "siti": "sandi-staf-0001", "dwi": "sandi-pengelola-1"}
DECAP_DIST = REPO / "desk" / "node_modules" / "decap-cms" / "dist"
SHOTS = REPO / "artefak-uji" / "meja"
# English interface words of the Decap screens used; none may be visible.
ENGLISH = re.compile(
    r"\b(Contents|Workflow|Quick add|Collections|Sort by|No Entries|Loading|Save|Saving|Publish|Published|"
    r"Unpublished|Draft|Drafts|In review|In Review|Ready|Delete|Status:|Choose an image|Add|Remove|Log Out|"
    r"Entry|entries|Changes saved|Unsaved Changes|optional|is required|Editorial Workflow|New Post|View as|"
    r"Toggle|Failed|Back|Upload|Close|Search|API_ERROR|Error)\b"
)


class StepClock:
    """Office time that moves 20 seconds on every reading (steps need strictly increasing times)."""

    def __init__(self, start: datetime) -> None:
        self._ticks = itertools.count()
        self.start = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.start + timedelta(seconds=20 * next(self._ticks))


@dataclass
class DeskOffice:
    """The office and the desk serving it."""

    office: Office
    desk: DeskApp
    local: Path


@pytest.fixture
def desk_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DeskOffice]:
    """An office with the desk running on the server's own clone; every person has a password."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        pytest.fail("Decap CMS belum terpasang: jalankan bash scripts/setup_env.sh")
    monkeypatch.setenv(ENV_DECAP, str(DECAP_DIST))
    office = Office(tmp_path)
    server = office.clone("server", "server@contoh.invalid")
    # The project's .gitignore ignores /.jdih/ (the desk's clone and password file); the seed has none.
    (server.root / ".git" / "info" / "exclude").write_text("/.jdih/\n")
    desk = make_desk(server.root, StepClock(START), rebuild_site=False)  # test_site_preview.py turns it on
    for who, password in PASSWORDS.items():
        desk.passwords.set(who, password)
    yield DeskOffice(office, desk, server.root)


class RunningServer:
    """``jdih meja``'s application served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, desk: DeskApp) -> None:
        import uvicorn

        from jdih.desk.server import build_app

        config = uvicorn.Config(build_app(desk), host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            threading.Event().wait(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def desk_url(desk_office: DeskOffice) -> Iterator[str]:
    """Base URL of the running desk."""
    with RunningServer(desk_office.desk) as url:
        yield url


class Browserless:
    """A signed-in HTTP client of the desk (Starlette's test client), for protocol-level tests."""

    def __init__(self, desk: DeskApp, who: str) -> None:
        import re
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        from jdih.desk.server import build_app

        self.client = TestClient(build_app(desk), base_url="http://127.0.0.1:8080")
        page = self.client.get("/masuk").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = self.client.post(
            "/masuk", data={"token": token, "orang": who, "sandi": PASSWORDS[who], "lanjut": "/admin/"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        admin = self.client.get("/admin/").text
        self.csrf = re.search(r'name="jdih-csrf" content="([^"]+)"', admin).group(1)  # type: ignore[union-attr]

    def decap(self, action: str, **params: object) -> tuple[int, object]:
        """One proxy-backend call."""
        r = self.client.post(
            "/api/decap", json={"action": action, "params": {"branch": "main", **params}},
            headers={"X-Jdih-Csrf": self.csrf},
        )
        return r.status_code, r.json()

    def post(self, path: str, payload: dict) -> tuple[int, object]:
        """A call to the desk's own API."""
        r = self.client.post(path, json=payload, headers={"X-Jdih-Csrf": self.csrf})
        return r.status_code, r.json()


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        page.on("dialog", lambda dialog: dialog.accept())  # Decap's "Setujui konten ini?" confirmation
        yield page
        browser.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def no_english(page: Page, screen: str) -> None:
    text = page.inner_text("body")
    found = sorted(set(ENGLISH.findall(text)))
    assert not found, f"layar {screen} memuat teks Inggris: {found}"


def sign_in(page: Page, url: str, who: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/masuk?lanjut=/admin/")
    no_english(page, "masuk")
    page.select_option("#orang", who)
    page.fill("#sandi", PASSWORDS[who])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/"))
    page.get_by_text("Papan SOP").first.wait_for()
