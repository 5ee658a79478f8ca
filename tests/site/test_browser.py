"""A real Chromium (Debian's) over the built site on 127.0.0.1: pages render, search works, nothing leaves."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpers import REPO
from support.site_build import SEARCH_WORD

CHROMIUM = "/usr/bin/chromium"
ARTEFAK = REPO / "artefak-uji" / "situs"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: dict) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_site["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium Debian (/usr/bin/chromium) belum terpasang")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("profil-chromium")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            viewport={"width": 1280, "height": 900},
            locale="id-ID",
        )
        try:
            yield ctx
        finally:
            ctx.close()


@pytest.mark.browser
@pytest.mark.slow
def test_pages_search_and_no_outside_requests(server: str, browser: object, built_site: dict) -> None:
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith(("data:", "blob:"))
            else None
        ),
    )

    page.goto(server, wait_until="networkidle")
    assert page.locator("h1").first.inner_text().startswith("JDIH Medsos")
    assert page.locator(".jdih-kartu li").count() == 8
    page.screenshot(path=str(ARTEFAK / "beranda.png"), full_page=True)

    page.goto(server + "2026/pos-publik-03/", wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "Mengenal Aturan Pemilu Bagian 3"
    assert page.locator(".jdih-dokumen").is_visible()
    assert page.locator("figure img").evaluate("i => i.complete && i.naturalWidth > 0")
    page.screenshot(path=str(ARTEFAK / "pos.png"), full_page=True)

    page.goto(server + "arsip/", wait_until="networkidle")
    page.locator("a", has_text="2026").first.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTEFAK / "arsip.png"), full_page=True)

    page.goto(server + "sop/", wait_until="networkidle")
    page.wait_for_selector(".mermaid svg, div.mermaid", timeout=20000)
    page.screenshot(path=str(ARTEFAK / "sop.png"), full_page=True)

    page.goto(server + "xss-00/".join(["2026/", ""]), wait_until="networkidle")
    page.screenshot(path=str(ARTEFAK / "xss.png"), full_page=True)

    page.goto(server + "cari/", wait_until="networkidle")
    page.fill("#jdih-cari-kata", SEARCH_WORD)
    page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
    hits = page.locator("#jdih-cari-hasil li a").all_inner_texts()
    assert hits == ["Mengenal Aturan Pemilu Bagian 3"]
    page.screenshot(path=str(ARTEFAK / "cari.png"), full_page=True)
    page.locator("#jdih-cari-hasil li a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/2026/pos-publik-03/")

    # a search from the home page form
    page.goto(server, wait_until="networkidle")
    page.fill("input[name=q]", "kepemiluan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
    assert page.locator("#jdih-cari-hasil li").count() >= 10

    assert outside == []
    assert errors == []
    page.close()
