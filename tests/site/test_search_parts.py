"""The search index in parts: real Pagefind runs, real MkDocs builds."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jdih.errors import JdihError
from jdih.project import Project
from jdih.site.build import build_site
from jdih.site.collect import Collector
from jdih.site.output import Output
from jdih.site.search import PART_SIZE_ENV, SearchIndex, part_size
from jdih.site.search_bundle import canonicalize
from jdih.site.search_parts import plan_parts
from support.site_build import SEARCH_WORD, add_public_posts, site_project
from support.static_site import serve_site


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _bundles(project: Project) -> set[str]:
    return {p.name for p in (project.root / ".jdih/situs-cache/cari/indeks").iterdir()}


def test_parts_are_consecutive_posts_in_publication_order(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    posts = Collector(project, "uji").collect().posts
    parts = plan_parts(posts, 4)
    assert [p.name for p in parts] == [f"{n:03d}" for n in range(7, 0, -1)]  # 25 posts, newest part first
    assert [len(p.posts) for p in parts] == [1, 4, 4, 4, 4, 4, 4]
    flat = [post for part in reversed(parts) for post in part.posts]
    assert flat == sorted(posts, key=lambda p: (p.published, p.id))
    assert [p.name for p in plan_parts(posts, 1000)] == ["001"]


def test_part_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PART_SIZE_ENV, "7")
    assert part_size() == 7
    monkeypatch.setenv(PART_SIZE_ENV, "nol")
    with pytest.raises(JdihError, match="JDIH_CARI_PER_BAGIAN harus bilangan bulat positif"):
        part_size()


def test_site_holds_every_part_and_the_filter_counts(built_site: dict) -> None:
    """The shared build uses parts of 4 posts: the newest at the top, the rest in folders."""
    site: Path = built_site["site"]
    listing = json.loads((site / "pagefind/jdih-cari.json").read_text("utf-8"))
    parts = listing["bagian"]
    assert len(parts) >= 2 and parts == sorted(parts, reverse=True)
    assert (site / "pagefind/pagefind.js").is_file() and any((site / "pagefind").glob("wasm.*.pagefind"))
    for name in parts:
        folder = site / "pagefind" / name
        assert (folder / "pagefind-entry.json").is_file()
        assert not (folder / "pagefind.js").exists() and not list(folder.glob("wasm.*"))  # one engine only
    assert not (site / "pagefind/pagefind-ui.js").exists()
    # counts as Pagefind would give them: every published post has a year and a category
    published = len(built_site["public"]) + len(built_site["xss"])
    assert sum(listing["saring"]["tahun"].values()) == published
    assert sum(listing["saring"]["kategori"].values()) == published
    assert listing["saring"]["seri"]["Istilah Pemilu"] == 9  # posts 0, 3, ..., 24


def test_one_change_reindexes_one_part_and_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PART_SIZE_ENV, "6")
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    site = build_site(project.root, tmp_path / "site")
    before = _bundles(project)
    assert len(before) == 5  # 25 posts, 6 per part
    post = project.content_dir / "2026/pos-publik-02/index.md"
    post.write_text(post.read_text("utf-8").replace("bagian 2.", f"bagian 2 {SEARCH_WORD}baru."), "utf-8")
    build_site(project.root, site)
    after = _bundles(project)
    assert len(after - before) == 1 and len(before - after) == 1  # only the edited post's part
    # a clean build (no site, no cache) of the same content gives the same bytes, search index included
    clean_project = tmp_path / "bersih"
    shutil.copytree(project.root, clean_project, ignore=shutil.ignore_patterns(".jdih", "site"))
    clean = build_site(clean_project, tmp_path / "site-bersih")
    a, b = _snapshot(site), _snapshot(clean)
    a.pop(".jdih-situs", None), b.pop(".jdih-situs", None)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_pagefind_output_made_reproducible(tmp_path: Path) -> None:
    """Two Pagefind runs over the same documents differ (filter values in hash-map order) until
    canonicalized; then they are identical."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    posts = Collector(project, "uji").collect().posts
    runs = []
    for n in range(3):
        index = SearchIndex(tmp_path / f"cache-{n}", size=1000)
        index.start(posts, str.upper)
        index.finish(Output(tmp_path / f"out-{n}"), "")
        runs.append(_snapshot(tmp_path / f"out-{n}"))
    assert runs[0] == runs[1] == runs[2]
    assert any(k.startswith("filter/") for k in runs[0])
    canonicalize(tmp_path / "out-0")  # idempotent
    assert _snapshot(tmp_path / "out-0") == runs[0]


def test_cancelled_indexing_is_completed_by_the_next_build(tmp_path: Path) -> None:
    """A build stopped while the parts are indexed keeps no half bundle; the next one finishes the
    missing parts and gives what an uninterrupted index gives."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    posts = Collector(project, "uji").collect().posts
    cache = tmp_path / "cache"
    scratch = tmp_path / "tmpfs"
    scratch.mkdir()
    stopped = SearchIndex(cache, size=5, scratch=scratch)
    stopped.start(posts, str.upper)
    stopped.cancel()  # five Pagefind runs, one after the other: stopped long before the last
    done = [key for _, key in stopped.parts if stopped.store.has(key)]
    assert len(done) < len(stopped.parts) == 5
    assert not list(scratch.iterdir())  # Pagefind's half-written output is gone
    again = SearchIndex(cache, size=5, scratch=scratch)
    again.start(posts, str.upper)
    again.finish(Output(tmp_path / "lanjut"), "")
    assert sorted(p.name for p in (cache / "cari/indeks").iterdir()) == sorted(f"{k}.json" for _, k in again.parts)
    assert not list(scratch.iterdir())
    whole = SearchIndex(tmp_path / "cache-utuh", size=5)
    whole.start(posts, str.upper)
    whole.finish(Output(tmp_path / "utuh"), "")
    assert _snapshot(tmp_path / "lanjut") == _snapshot(tmp_path / "utuh")


BASE = "/jdih-medsos/"


@pytest.fixture()
def served(built_site: dict) -> Iterator[str]:
    """The shared build served under the GitHub Pages base path."""
    with serve_site(built_site["site"], BASE) as url:
        yield url


def _parts_fetched(fetched: list[str]) -> set[str]:
    """The merged parts (folders ``pagefind/NNN/``) the browser fetched anything from."""
    return {m.group(1) for u in fetched if (m := re.search(r"/pagefind/(\d{3})/", u))}


def _browser(pw: Any) -> Any:
    return pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])


def test_search_documents_carry_their_sort_key(built_site: dict) -> None:
    """Every lean document carries its publication time as a text sort key, in the order the
    parts are cut in; the listing names every part, newest first, with its years."""
    from jdih.site.search_source import sort_key

    project: Project = built_site["project"]
    posts = Collector(project, "uji").collect().posts
    source = project.root / ".jdih/situs-cache/cari/sumber"
    for part in plan_parts(posts, 4):
        for post in part.posts:
            doc = (source / part.name / post.id / "index.html").read_text("utf-8")
            assert f'<span data-pagefind-sort="terbit">{sort_key(post)}</span>' in doc
    keys = [sort_key(p) for p in sorted(posts, key=lambda p: (p.published, p.id))]
    assert keys == sorted(keys)
    public = [p for p in posts if p.slug.startswith("pos-publik-")]
    assert len({sort_key(p) for p in public}) == len(public) == 25  # the order checked below is strict
    listing = json.loads((built_site["site"] / "pagefind/jdih-cari.json").read_text("utf-8"))
    assert [p["nama"] for p in listing["rincian"]] == [p.name for p in plan_parts(posts, 4)]
    assert [p["folder"] for p in listing["rincian"]] == ["", *listing["bagian"]]
    assert all(p["tahun"] == ["2026"] for p in listing["rincian"])


@pytest.mark.browser
@pytest.mark.slow
def test_search_newest_first_fetches_older_parts_only_when_needed(served: str, built_site: dict) -> None:
    """The default order: newest first across the parts, one engine, a first search that
    downloads only the parts its first ten results come from, older parts on "more", and a
    result from an older part links to its post under the base path."""
    from playwright.sync_api import expect, sync_playwright

    site: Path = built_site["site"]
    project: Project = built_site["project"]
    listing = json.loads((site / "pagefind/jdih-cari.json").read_text("utf-8"))
    newest_first = sorted(Collector(project, "uji").collect().posts, key=lambda p: (p.published, p.id), reverse=True)
    expected = [served + p.id + "/" for p in newest_first if "kepemiluan" in p.text]
    assert len(expected) == 24
    # the searched post's document lives in an older part, not in the primary one
    holders = {
        p.relative_to(site / "pagefind").parts[0]
        for p in (site / "pagefind").rglob("*.pf_fragment")
        if SEARCH_WORD.encode() in gzip.decompress(p.read_bytes())
    }
    assert holders and "fragment" not in holders
    with sync_playwright() as pw:
        browser = _browser(pw)
        page = browser.new_page()
        fetched: list[str] = []
        errors: list[str] = []
        page.on("requestfinished", lambda r: fetched.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served + "cari/", wait_until="networkidle")
        assert page.locator("select[name=tahun] option").count() == 2  # "Semua" + 2026, from jdih-cari.json
        assert page.locator("#jdih-cari-urut").input_value() == "terbaru"
        assert not [u for u in fetched if "/pagefind/" in u and not u.endswith("jdih-cari.json")]
        page.fill("#jdih-cari-kata", "kepemiluan")
        expect(page.locator("#jdih-cari-hasil li")).to_have_count(10, timeout=20000)
        page.wait_for_load_state("networkidle")
        expect(page.locator("#jdih-cari-status")).to_contain_text("hasil terbaru untuk")
        hrefs = page.locator("#jdih-cari-hasil li h2 a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs == expected[:10]
        # only the newest parts the first ten results need: parts of 4 posts, the newest holds 1
        folders = [p["folder"].rstrip("/") for p in listing["rincian"][1:]]
        used = _parts_fetched(fetched)
        assert used == set(folders[: len(used)]) and 0 < len(used) < len(folders)
        while page.locator(".jdih-cari-lagi").is_visible():
            before = page.locator("#jdih-cari-hasil li").count()
            page.locator(".jdih-cari-lagi").click()
            expect(page.locator("#jdih-cari-hasil li")).not_to_have_count(before, timeout=20000)
        hrefs = page.locator("#jdih-cari-hasil li h2 a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs == expected
        status = page.locator("#jdih-cari-status").inner_text()
        assert status.startswith("24 hasil untuk \u201ckepemiluan\u201d, terbaru")
        assert len([u for u in fetched if "/wasm." in u]) == 1
        # half a word already finds what the whole word finds, newest first (words are indexed as
        # written: Pagefind's Indonesian stemmer made "kepemil" find nothing)
        page.fill("#jdih-cari-kata", "kepemil")
        expect(page.locator("#jdih-cari-status")).to_contain_text("\u201ckepemil\u201d", timeout=20000)
        hrefs = page.locator("#jdih-cari-hasil li h2 a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs == expected[:10]
        page.fill("#jdih-cari-kata", SEARCH_WORD)
        expect(page.locator("#jdih-cari-hasil li")).to_have_count(1, timeout=20000)
        page.locator("#jdih-cari-hasil li a").click()
        page.wait_for_load_state("networkidle")
        assert page.url == served + "2026/pos-publik-03/"
        browser.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_search_most_relevant_merges_every_part(served: str, built_site: dict) -> None:
    """"Paling relevan" merges every part into one engine and counts every match at once."""
    from playwright.sync_api import expect, sync_playwright

    listing = json.loads((built_site["site"] / "pagefind/jdih-cari.json").read_text("utf-8"))
    with sync_playwright() as pw:
        browser = _browser(pw)
        page = browser.new_page()
        fetched: list[str] = []
        page.on("requestfinished", lambda r: fetched.append(r.url))
        page.goto(served + "cari/?q=kepemiluan&urut=relevan", wait_until="networkidle")
        expect(page.locator("#jdih-cari-hasil li")).to_have_count(10, timeout=20000)
        assert page.locator("#jdih-cari-urut").input_value() == "relevan"
        status = page.locator("#jdih-cari-status").inner_text()
        assert status.startswith("24 hasil untuk \u201ckepemiluan\u201d, paling relevan lebih dulu (10 pertama")
        assert _parts_fetched(fetched) == {f.rstrip("/") for f in listing["bagian"]}
        assert len([u for u in fetched if "/wasm." in u]) == 1
        # back to newest first on the same page: the parts already merged are searched one by one
        page.select_option("#jdih-cari-urut", "terbaru")
        expect(page.locator("#jdih-cari-status")).to_contain_text("hasil terbaru untuk", timeout=20000)
        expect(page.locator("#jdih-cari-hasil li")).to_have_count(10)
        browser.close()
