"""Real strict MkDocs builds: only published posts reach the output, and captions come out inert."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import make_post
from jdih.links import file_digest, media_path, post_url
from jdih.site.build import build_site
from support.site_build import SEARCH_WORD, SENTINEL, add_public_posts, site_project


def _files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]


def _texts(path: Path) -> list[bytes]:
    """The file's bytes, plus the inflated bytes when it is gzip (Pagefind's index and fragments)."""
    raw = path.read_bytes()
    out = [raw]
    if raw[:2] == b"\x1f\x8b":
        out.append(gzip.decompress(raw))
    return out


def test_no_unpublished_text_anywhere(built_site: dict) -> None:
    site: Path = built_site["site"]
    hits = [
        str(p.relative_to(site))
        for p in _files(site)
        if any(SENTINEL.lower().encode() in t.lower() for t in _texts(p))
        and not p.relative_to(site).as_posix().startswith("m/")
    ]
    assert hits == []
    # the index really is searchable text once inflated: a published word is found in it
    assert any(any(SEARCH_WORD.encode() in t for t in _texts(p)) for p in (site / "pagefind").rglob("*.pf_fragment"))


def test_unpublished_media_only_for_approved_and_never_referenced(built_site: dict) -> None:
    project = built_site["project"]
    site: Path = built_site["site"]
    approved = {"disetujui"}
    for pid in built_site["secret"]:
        img = project.content_dir / pid / "gambar-1.jpg"
        name = media_path(file_digest(img), ".jpg")
        state = pid.split("rahasia-")[1]
        holders = [p.relative_to(site).as_posix() for p in _files(site) if img.read_bytes() in p.read_bytes()]
        if state in approved:
            assert holders == [name], state
        else:
            assert holders == [], state
        digest_prefix = name.split("/")[1].split(".")[0].encode()
        refs = [
            p
            for p in _files(site)
            if p.relative_to(site).as_posix() != name and any(digest_prefix in t for t in _texts(p))
        ]
        assert refs == [], (state, refs)


def test_no_page_folder_for_unpublished(built_site: dict) -> None:
    site: Path = built_site["site"]
    for pid in built_site["secret"]:
        assert not (site / pid).exists()
    for pid in built_site["public"]:
        assert (site / pid / "index.html").is_file()


class _Audit(HTMLParser):
    """Collects anything that could run code or style from an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict[str, str] | None = None
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in {"iframe", "object", "embed", "frame", "base", "form"} and tag != "form":
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self.problems.append("<style>")
        for k, v in a.items():
            if k.startswith("on"):
                self.problems.append(f"{tag} {k}=")
            if k == "style":
                self.problems.append(f"{tag} style=")
            if k in {"href", "src", "action", "data", "formaction", "xlink:href"}:
                value = re.sub(r"[\s\x00-\x1f]", "", v).lower()
                if value.startswith(("javascript:", "data:text", "vbscript:")):
                    self.problems.append(f"{tag} {k}={v}")
        if tag == "script":
            self._script = a
            if a.get("src", "").startswith(("http:", "https:", "//")):
                self.problems.append(f"script src={a['src']}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None and data.strip() and self._script.get("type") != "application/json":
            self.problems.append(f"inline script: {data.strip()[:60]}")


def test_xss_corpus_is_inert(built_site: dict) -> None:
    site: Path = built_site["site"]
    checked = 0
    for page in site.rglob("*.html"):
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        problems = audit.problems
        if page.relative_to(site).as_posix() == "sop/index.html":
            # the SOP text is trusted repo content whose Markdown tables carry align styles
            problems = [p for p in problems if not p.endswith(" style=")]
        assert problems == [], (page, problems)
        checked += 1
    assert checked > 50
    post = (site / built_site["xss"][0] / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;judul0&#39;)&lt;/script&gt;" in post  # the title is shown as text
    assert "Teks aman satu." in post
    bold = (site / built_site["xss"][-1] / "index.html").read_text(encoding="utf-8")
    assert "<strong>tebal</strong>" in bold and "<code>&lt;script&gt;</code>" in bold


def test_csp_meta_is_first_in_head(built_site: dict) -> None:
    site: Path = built_site["site"]
    for rel in [
        "index.html",
        f"{built_site['public'][0]}/index.html",
        "sop/index.html",
        "cari/index.html",
        "arsip/index.html",
        "kategori/pengumuman/index.html",
    ]:
        text = (site / rel).read_text(encoding="utf-8")
        head = text.split("<head>", 1)[1].lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy"'), rel
        policy = re.search(r'content="([^"]*)"', head)
        assert policy is not None
        assert "default-src &#39;none&#39;" in policy.group(1)
        assert "unsafe-inline&#39;; style" not in policy.group(1)  # no inline scripts outside preview
    assert not re.search(
        r"https?://(?!kpu-kotawaringin-timur\.github\.io|jdih\.kpu\.go\.id|jdihn\.go\.id|contoh\.invalid"
        r"|www\.w3\.org|jdih\.invalid)[a-z0-9.-]+/",
        "\n".join(re.findall(r'(?:src|href)="([^"]+)"', (site / "index.html").read_text("utf-8"))),
    )


def test_post_page_content(built_site: dict) -> None:
    site: Path = built_site["site"]
    text = (site / "2026/pos-publik-03/index.html").read_text(encoding="utf-8")
    assert "Mengenal Aturan Pemilu Bagian 3" in text
    assert re.search(r"\d{1,2} November 2026", text)
    assert "Seri <a" in text and "Istilah Pemilu" in text
    assert 'alt="Infografis pos-publik-03"' in text
    assert "Pencalonan Peserta Pemilihan" in text and "Peraturan KPU" in text  # JDIHN box
    for platform in ("Instagram", "Facebook", "X (Twitter)"):
        assert f">{platform}</a>" in text
    assert 'href="https://contoh.invalid/instagram/pos-publik-03"' in text
    canonical = post_url(built_site["project"].site_url, "2026/pos-publik-03")
    assert f'<link rel="canonical" href="{canonical}">' in text  # the link captions and announcements carry
    img = re.search(r'<img src="\.\./\.\./(m/[0-9a-f]{32}\.jpg)"', text)
    assert img and (site / img.group(1)).is_file()


def test_listings_feeds_and_sitemap(built_site: dict) -> None:
    site: Path = built_site["site"]
    n_public = len(built_site["public"]) + len(built_site["xss"])
    # archive month pages with pagination (20 per page)
    months = [p for p in (site / "arsip/2026").iterdir() if p.is_dir()]
    assert months
    listed = set()
    for month in months:
        for page in month.rglob("index.html"):
            listed |= set(re.findall(r'<h2><a href="[./]*(2026/[a-z0-9-]+)/"', page.read_text("utf-8")))
    assert len(listed) == n_public
    assert (site / "tag/pemilu/2/index.html").is_file()  # 36 posts tagged → 2 pages
    assert (site / "seri/istilah-pemilu/index.html").is_file()
    assert (site / "kategori/rutin-edukasi/index.html").is_file()
    rss = ET.parse(site / "feed.xml").getroot()
    links = [i.findtext("link") for i in rss.iter("item")]
    assert len(links) == n_public and all(link and link.endswith("/") for link in links)
    feed = json.loads((site / "feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and len(feed["items"]) == n_public
    index = ET.parse(site / "sitemap.xml").getroot()
    assert [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")] == [
        "https://kpu-kotawaringin-timur.github.io/jdih-medsos/sitemap-halaman.xml"
    ]
    sm = ET.parse(site / "sitemap-halaman.xml").getroot()
    locs = {e.text for e in sm.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    base = "https://kpu-kotawaringin-timur.github.io/jdih-medsos/"
    assert {base + pid + "/" for pid in built_site["public"]} <= locs
    assert not any("rahasia" in (loc or "") for loc in locs)


def test_sop_page_follows_sop_data(built_site: dict) -> None:
    site: Path = built_site["site"]
    text = (site / "sop/index.html").read_text(encoding="utf-8")
    assert '<div class="jdih-alur jdih-alur-3-lajur">' in text  # one lane per role, drawn at build time
    lanes = re.findall(r'<div class="jdih-lajur-(\d)">([^<]+)</div>', text)
    assert [name for _, name in lanes] == [
        "Kasubbag Hukum dan SDM",
        "Staf Sub Bagian Hukum dan SDM",
        "Pelaksana/Pengelola JDIH",
    ]
    steps = re.findall(
        r'<li class="jdih-lajur-(\d)[^"]*"><div class="jdih-alur-kotak"><span class="jdih-alur-no">(\d)</span>', text
    )
    assert steps == [("1", "1"), ("2", "2"), ("3", "3"), ("2", "4"), ("1", "5"), ("3", "6")]
    assert "<li>Perbaikan, lalu kembali ke langkah 3</li>" in text  # the decision of step 5
    assert "1 hari 95 menit" in text
    assert "mermaid" not in text.lower() and not (site / "assets/jdih/vendor").exists()
    assert "Catatan transkripsi" not in text and "RITRIANNOOR" not in text  # internal notes stay internal
    assert "<th></th>" not in text


def test_changing_sop_changes_page(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    alur = project.root / "sop" / "alur.yml"
    alur.write_text(
        alur.read_text("utf-8").replace("norma: {menit: 10}\n    mulai: []", "norma: {menit: 20}\n    mulai: []"),
        "utf-8",
    )
    site = build_site(project.root, tmp_path / "site")
    assert "1 hari 105 menit" in (site / "sop/index.html").read_text("utf-8")


def test_rebuild_after_change_is_complete(tmp_path: Path) -> None:
    """The cache never serves stale data: unpublishing and editing show up in every output."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    site = build_site(project.root, tmp_path / "site")
    assert (site / "2026/pos-publik-05/index.html").is_file()
    # edit one caption, and turn another post back into a draft-like state (a new unpublished post)
    post = project.content_dir / "2026/pos-publik-07/index.md"
    post.write_text(post.read_text("utf-8").replace("bagian 7.", f"bagian 7 {SEARCH_WORD}baru."), "utf-8")
    make_post(project, "pos-publik-05", "persetujuan", judul=f"Judul {SENTINEL}")
    site = build_site(project.root, tmp_path / "site")
    assert not (site / "2026/pos-publik-05").exists()
    assert f"{SEARCH_WORD}baru" in (site / "2026/pos-publik-07/index.html").read_text("utf-8")
    assert "pos-publik-05" not in (site / "feed.xml").read_text("utf-8")
    assert not any(
        any(SENTINEL.lower().encode() in t.lower() for t in _texts(p)) for p in site.rglob("*") if p.is_file()
    )
    frag = b"".join(t for p in (site / "pagefind").rglob("*.pf_fragment") for t in _texts(p))
    assert f"{SEARCH_WORD}baru".encode() in frag and b"pos-publik-05" not in frag


def test_plain_mkdocs_build_strict(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    assert (tmp_path / "out/2026/pos-publik-01/index.html").is_file()
    assert (tmp_path / "out/pagefind/pagefind.js").is_file()


@pytest.mark.parametrize("broken", ["mkdocs", "post"])
def test_cli_errors_are_indonesian(tmp_path: Path, broken: str) -> None:
    from click.testing import CliRunner

    from jdih.cli import cli

    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    if broken == "mkdocs":
        (project.root / "mkdocs.yml").write_text("site_name: [tidak ditutup\n", "utf-8")
    else:
        bad = project.content_dir / "2026/pos-publik-02/index.md"
        bad.write_text("---\njudul: [rusak\nstatus: diunggah\n---\nteks\n", "utf-8")
    result = CliRunner().invoke(cli, ["--proyek", str(project.root), "situs", "bangun", "-k", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("galat: ")
    if broken == "post":
        assert "pos-publik-02/index.md:" in result.output


def test_cli_builds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jdih.cli import cli

    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    result = CliRunner().invoke(cli, ["--proyek", str(project.root), "situs", "bangun"])
    assert result.exit_code == 0, result.output
    assert "Situs selesai dibangun" in result.output
    assert (project.root / "site/index.html").is_file()


def test_pratinjau_rejects_bad_address(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jdih.cli import cli

    project = site_project(tmp_path / "proyek")
    result = CliRunner().invoke(cli, ["--proyek", str(project.root), "situs", "pratinjau", "--alamat", "bukan alamat"])
    assert result.exit_code == 2
    assert "HOST:PORT" in result.output and "Traceback" not in result.output


def test_incremental_rebuild_equals_clean_build(tmp_path: Path) -> None:
    """A rebuild in place (only changed pages written, stale ones deleted) gives exactly a clean build."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    make_post(project, "akan-ditarik", "diunggah", judul="Pos yang akan berubah status", tag=["sekali"])
    site = build_site(project.root, tmp_path / "site")
    assert (site / "tag/sekali/index.html").is_file()
    # one caption edited, one post gone from the published set (folder deleted), one new post
    post = project.content_dir / "2026/pos-publik-11/index.md"
    post.write_text(post.read_text("utf-8").replace("bagian 11.", "bagian sebelas."), "utf-8")
    shutil.rmtree(project.content_dir / "2026/akan-ditarik")
    make_post(project, "pos-baru", "diumumkan", judul="Pos baru")
    build_site(project.root, site)
    clean = build_site(project.root, tmp_path / "bersih")

    def snapshot(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.name != ".jdih-situs"
        }

    a, b = snapshot(site), snapshot(clean)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    assert not (site / "tag/sekali").exists()
