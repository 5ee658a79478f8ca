"""A real Chromium (Debian's) over the built site on 127.0.0.1: pages render, search works, nothing leaves.

The site is served under ``/jdih-medsos/``, the path GitHub Pages gives it, so every link
(search results included) is followed as the public follows it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from helpers import REPO
from support.site_build import SEARCH_WORD
from support.static_site import serve_site

CHROMIUM = "/usr/bin/chromium"
ARTEFAK = REPO / "artefak-uji" / "situs"
BASE = "/jdih-medsos/"  # the path of site_url in mkdocs.yml, as on GitHub Pages
AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.11.4"  # the same pin as ./uji


@pytest.fixture(scope="module")
def server(built_site: dict) -> Iterator[str]:
    with serve_site(built_site["site"], BASE) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core from npm (installed here when ./uji has not done it yet)."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm belum terpasang: axe-core tidak dapat dipasang")
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(AXE.parents[2]),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
    return AXE.read_text("utf-8")


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
    assert page.locator(".jdih-alur-langkah > li").count() == 6  # drawn at build time, no script
    page.screenshot(path=str(ARTEFAK / "sop.png"), full_page=True)

    page.goto(server + "xss-00/".join(["2026/", ""]), wait_until="networkidle")
    page.screenshot(path=str(ARTEFAK / "xss.png"), full_page=True)

    page.goto(server + "cari/", wait_until="networkidle")
    page.fill("#jdih-cari-kata", SEARCH_WORD)
    page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
    hits = page.locator("#jdih-cari-hasil li a").all_inner_texts()
    assert hits == ["Mengenal Aturan Pemilu Bagian 3"]
    page.screenshot(path=str(ARTEFAK / "cari.png"), full_page=True)
    # follow the result: it must land on the post under the base path, not a 404
    page.locator("#jdih-cari-hasil li a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == server + "2026/pos-publik-03/"
    assert page.locator("article h1").inner_text() == "Mengenal Aturan Pemilu Bagian 3"

    # narrow by a filter (series): only posts of that series remain
    page.goto(server + "cari/?q=kepemiluan", wait_until="networkidle")
    page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
    page.select_option("select[name=seri]", "Istilah Pemilu")
    expect(page.locator("#jdih-cari-status")).to_have_text(re.compile(r"^8 hasil"), timeout=20000)

    # share a post: the WhatsApp link carries the post's canonical address, whose page has its own card
    page.goto(server + "2026/pos-publik-03/", wait_until="networkidle")
    wa = page.locator(".jdih-bagikan a", has_text="WhatsApp").get_attribute("href") or ""
    text = parse_qs(urlparse(wa).query)["text"][0]
    assert wa.startswith("https://wa.me/?text=") and text.startswith("Mengenal Aturan Pemilu Bagian 3\n")
    shared = text.split("\n")[1]
    assert shared == "https://kpu-kotawaringin-timur.github.io" + BASE + "2026/pos-publik-03/"
    page.goto(server + shared.split(BASE, 1)[1], wait_until="networkidle")
    og = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('meta[property^=\"og:\"]')]"
        ".map(m => [m.getAttribute('property'), m.content]))"
    )
    assert og["og:url"] == shared and og["og:title"] == "Mengenal Aturan Pemilu Bagian 3"
    image = page.request.get(server + og["og:image"].split(BASE, 1)[1])
    assert image.ok and image.headers["content-type"] == "image/jpeg"
    assert page.locator(".jdih-salin").is_visible()  # the copy button shows where copying works

    # the register of legal documents filters by year
    page.goto(server + "dokumen/", wait_until="networkidle")
    assert page.locator(".jdih-dokumen-daftar tbody tr:visible").count() == 2  # the XSS corpus names one too
    page.select_option("select[name=tahun]", "2024")
    assert page.locator(".jdih-dokumen-daftar tbody tr:visible").count() == 1
    page.locator(".jdih-dokumen-daftar tbody tr a", has_text="Mengenal Aturan Pemilu Bagian 3").click()
    page.wait_for_load_state("networkidle")
    assert page.url == server + "2026/pos-publik-03/"

    # a search from the home page form
    page.goto(server, wait_until="networkidle")
    page.fill("input[name=q]", "kepemiluan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
    assert page.locator("#jdih-cari-hasil li").count() >= 10

    assert outside == []
    assert errors == []
    page.close()


def _page_types(built_site: dict) -> dict[str, str]:
    """One URL (relative to the base) of every kind of page the site has."""
    return {
        "beranda": "",
        "pos": "2026/pos-publik-03/",
        "pos-judul-panjang": "2026/pos-publik-05/",
        "pos-tagar": "2026/pos-publik-06/",
        "arsip": "arsip/",
        "arsip-tahun": "arsip/2026/",
        "arsip-bulan": "arsip/2026/11/",
        "kategori": "kategori/",
        "kategori-daftar": "kategori/pengumuman/",
        "seri": "seri/",
        "seri-daftar": "seri/istilah-pemilu/",
        "tag": "tag/",
        "tag-daftar-halaman-2": "tag/pemilu/2/",
        "sop": "sop/",
        "tentang": "tentang/",
        "dokumen": "dokumen/",
        "cari": f"cari/?q={SEARCH_WORD}",
        "404": "tidak-ada/sama-sekali/",
    }


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_is_wider_than_a_phone(server: str, browser: object, built_site: dict) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    for name, url in _page_types(built_site).items():
        page.goto(server + url, wait_until="networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[name] = width
            page.screenshot(path=str(ARTEFAK / f"ponsel-{name}.png"), full_page=True)
    page.close()
    assert wide == {}


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_nothing_on_any_page_type(server: str, browser: object, built_site: dict, axe_source: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for name, url in _page_types(built_site).items():
        page.goto(server + url, wait_until="networkidle")
        if name == "cari":
            page.wait_for_selector("#jdih-cari-hasil li a", timeout=20000)
        # evaluated through the DevTools protocol: the page's CSP (no inline scripts) still holds
        page.evaluate(axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        if violations:
            found[name] = violations
    page.close()
    assert found == {}
