"""Issue 15: a caption's hashtags link to their tag page, as the reader wrote them (real strict build)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import make_post
from jdih.site.build import build_site
from jdih.site.sanitize import link_hashtags, render_caption
from support.site_build import site_project

SITE_URL = "https://kpu-kotawaringin-timur.github.io/jdih-medsos/"
CAPTION = (
    "Ayo pahami aturan #Pemilu bersama @kpukotim.\n"
    "Naskah: https://jdih.kpu.go.id/peraturan#pemilu dan [pasal](https://jdih.kpu.go.id/pkpu#pemilu).\n"
    "Kode `#pemilu` tetap kode.\n\n"
    "#Pemilu #TanpaHalaman"
)
LINKED = '<a class="jdih-tagar" href="../../tag/pemilu/">#Pemilu</a>'


def _caption_of(page: Path) -> str:
    return page.read_text("utf-8").split('<div class="jdih-keterangan">', 1)[1].split("</div>", 1)[0]


def test_hashtags_link_to_their_tag_page_on_the_site_and_in_the_feeds(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    make_post(project, "tagar", "diunggah", body=CAPTION, tag=["pemilu"])
    site = build_site(project.root, tmp_path / "site")
    caption = _caption_of(site / "2026/tagar/index.html")
    assert caption.count(LINKED) == 2
    assert (site / "2026/tagar" / "../../tag/pemilu/index.html").resolve().is_file()
    assert "<p>" + LINKED + " #TanpaHalaman</p>" in caption  # no tag page: plain text
    assert "https://jdih.kpu.go.id/peraturan#pemilu dan" in caption  # a URL's fragment is no hashtag
    assert 'href="https://jdih.kpu.go.id/pkpu#pemilu"' in caption
    assert "<code>#pemilu</code>" in caption
    assert "@kpukotim.<br" in caption
    absolute = f'<a class="jdih-tagar" href="{SITE_URL}tag/pemilu/">#Pemilu</a>'
    rss = ET.parse(site / "feed.xml").getroot()
    description = next(rss.iter("item")).findtext("description") or ""
    assert description.count(absolute) == 2 and "#TanpaHalaman</p>" in description
    assert json.loads((site / "feed.json").read_text("utf-8"))["items"][0]["content_html"].count(absolute) == 2


def test_a_hashtag_link_follows_the_tag_pages_on_rebuild(tmp_path: Path) -> None:
    """The post itself did not change, only whether its hashtag has a page: the rebuild notices."""
    project = site_project(tmp_path / "proyek")
    make_post(project, "tagar", "diunggah", body="Simak #Sosialisasi hari ini.", tag=["pemilu"])
    other = make_post(project, "lain", "diunggah", tag=["sosialisasi"])
    site = build_site(project.root, tmp_path / "site")
    assert '<a class="jdih-tagar" href="../../tag/sosialisasi/">#Sosialisasi</a>' in _caption_of(
        site / "2026/tagar/index.html"
    )
    other.write_text(other.read_text("utf-8").replace("tag: [sosialisasi]", "tag: [lainnya]"), "utf-8")
    build_site(project.root, site)
    assert "<p>Simak #Sosialisasi hari ini.</p>" in _caption_of(site / "2026/tagar/index.html")
    assert not (site / "tag/sosialisasi").exists()


def test_only_running_text_hashtags_are_linked() -> None:
    def href(tag: str) -> str | None:
        return "/t/" + tag if tag != "Tanpa" else None

    html = render_caption('#Satu (#Dua) x#Tiga [#Lima](https://a.go.id/#Enam "judul #Tujuh") #Tanpa')
    linked = link_hashtags(html, href)
    assert '<a class="jdih-tagar" href="/t/Satu">#Satu</a>' in linked
    assert '(<a class="jdih-tagar" href="/t/Dua">#Dua</a>)' in linked
    for plain in ("x#Tiga", "#Lima</a>", 'href="https://a.go.id/#Enam"', 'title="judul #Tujuh"', " #Tanpa"):
        assert plain in linked
    assert linked.count("jdih-tagar") == 2
