"""Issue 15, "Broken": what the public meets on the built site (real strict build)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from jdih.links import file_digest


def test_hashtag_line_stays_hashtags_with_mentions_and_line_breaks(built_site: dict) -> None:
    site: Path = built_site["site"]
    page = (site / "2026/pos-publik-06/index.html").read_text("utf-8")
    caption = page.split('<div class="jdih-keterangan">', 1)[1].split("</div>", 1)[0]
    assert "<p>#PojokJDIH #PKPU #Pemilu2029</p>" in caption
    assert "@kpu_ri dan @kpukotim.<br>" in caption
    assert "Baris kedua tetap di barisnya sendiri." in caption
    rss = ET.parse(site / "feed.xml").getroot()
    item = next(i for i in rss.iter("item") if (i.findtext("link") or "").endswith("/2026/pos-publik-06/"))
    assert "<p>#PojokJDIH #PKPU #Pemilu2029</p>" in (item.findtext("description") or "")


def test_home_thumbnails_keep_the_whole_image(built_site: dict) -> None:
    site: Path = built_site["site"]
    home = (site / "index.html").read_text("utf-8")
    thumbs = re.findall(r'<img src="(m/[0-9a-f]{32}-\d+w\.webp)"[^>]* width="(\d+)" height="(\d+)"', home)
    assert len(thumbs) == 8
    for rel, width, height in thumbs:
        with Image.open(site / rel) as img:
            assert img.size == (int(width), int(height))
            assert img.size == (320, 320)  # the 1080x1080 originals, scaled whole (no 4:5 crop)
    assert re.search(r'srcset="m/[0-9a-f]{32}-320w\.webp 320w, m/[0-9a-f]{32}-480w\.webp 480w"', home)


def test_thumbnail_of_a_portrait_image_is_not_cropped(tmp_path: Path) -> None:
    from helpers import make_image, make_post
    from jdih.site.build import build_site
    from support.site_build import site_project

    project = site_project(tmp_path / "proyek")
    path = make_post(project, "potret", "diunggah")
    make_image(path.parent / "gambar-1.jpg", size=(1000, 1500))
    site = build_site(project.root, tmp_path / "site")
    digest = file_digest(path.parent / "gambar-1.jpg")
    with Image.open(site / f"m/{digest[:32]}-480w.webp") as img:
        assert img.size == (480, 720)


def test_404_page_is_indonesian_with_ways_on(built_site: dict) -> None:
    text = (built_site["site"] / "404.html").read_text("utf-8")
    assert "Not found" not in text
    assert "<h1>Halaman tidak ditemukan</h1>" in text
    for target in ('href="/jdih-medsos/arsip/"', 'href="/jdih-medsos/kategori/"', 'action="/jdih-medsos/cari/"'):
        assert target in text


def test_landmarks_are_labelled_in_indonesian(built_site: dict) -> None:
    site: Path = built_site["site"]
    pages = ["index.html", "404.html", "sop/index.html", "2026/pos-publik-03/index.html", "tag/pemilu/index.html"]
    for rel in pages:
        text = (site / rel).read_text("utf-8")
        assert 'aria-label="Header"' not in text and 'aria-label="Footer"' not in text, rel
        assert 'aria-label="Kepala halaman"' in text, rel


def test_sop_tables_scroll_inside_their_own_region(built_site: dict) -> None:
    text = (built_site["site"] / "sop/index.html").read_text("utf-8")
    for cls in ("jdih-norma", "jdih-status"):
        assert re.search(
            r'<div class="jdih-gulir" role="region" tabindex="0" aria-label="[^"]+">\s*<table class="' + cls, text
        ), cls


SITE_URL = "https://kpu-kotawaringin-timur.github.io/jdih-medsos/"


def _meta(text: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', text))


def test_every_post_page_has_its_own_link_preview(built_site: dict) -> None:
    site: Path = built_site["site"]
    project = built_site["project"]
    text = (site / "2026/pos-publik-03/index.html").read_text("utf-8")
    meta = _meta(text)
    image = project.content_dir / "2026/pos-publik-03/gambar-1.jpg"
    assert meta["og:title"] == "Mengenal Aturan Pemilu Bagian 3"
    assert meta["og:description"] == f"Tahapan {'rekapitulasi'} suara pemilihan bagian 3."
    assert meta["og:url"] == SITE_URL + "2026/pos-publik-03/"
    assert meta["og:type"] == "article" and meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == SITE_URL + f"m/{file_digest(image)[:32]}.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1080", "1080")
    assert meta["og:image:alt"] == "Infografis pos-publik-03"
    for rel in ("index.html", "arsip/index.html", "tag/pemilu/index.html", "sop/index.html", "404.html"):
        other = _meta((site / rel).read_text("utf-8"))
        assert other["og:image"] == SITE_URL + "assets/jdih/kartu-bagikan.png", rel
        assert other["og:title"] and other["og:description"] and other["twitter:card"], rel
    assert (site / "assets/jdih/kartu-bagikan.png").is_file()


def test_share_row_on_post_pages(built_site: dict) -> None:
    from urllib.parse import parse_qs, urlparse

    text = (built_site["site"] / "2026/pos-publik-03/index.html").read_text("utf-8")
    row = text.split('<section class="jdih-bagikan"', 1)[1].split("</section>", 1)[0]
    wa = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', row)
    assert wa
    shared = parse_qs(urlparse(wa.group(1).replace("&amp;", "&")).query)["text"][0]
    assert shared == f"Mengenal Aturan Pemilu Bagian 3\n{SITE_URL}2026/pos-publik-03/"
    assert 'class="md-button jdih-salin" data-tautan="' + SITE_URL + '2026/pos-publik-03/"' in row
    assert 'href="https://contoh.invalid/instagram/pos-publik-03"' in row  # the post's own platform links


def test_heavy_first_image_gets_a_light_preview(tmp_path: Path) -> None:
    import os

    from helpers import make_post
    from jdih.site.build import build_site
    from support.site_build import site_project

    project = site_project(tmp_path / "proyek")
    path = make_post(project, "berat", "diunggah", image=False)
    Image.frombytes("RGB", (1600, 1600), os.urandom(1600 * 1600 * 3)).save(path.parent / "berat.png")
    text = path.read_text("utf-8").replace("platform:", "media:\n- berkas: berat.png\n  alt: Berat\nplatform:", 1)
    path.write_text(text, "utf-8")
    site = build_site(project.root, tmp_path / "site")
    meta = _meta((site / "2026/berat/index.html").read_text("utf-8"))
    rel = meta["og:image"].removeprefix(SITE_URL)
    assert rel.endswith("-pratinjau.jpg")
    data = (site / rel).read_bytes()
    assert len(data) <= 300_000 and data[:3] == b"\xff\xd8\xff"
    with Image.open(site / rel) as img:
        assert img.size == (800, 800) == (int(meta["og:image:width"]), int(meta["og:image:height"]))


def test_post_images_have_size_and_a_phone_sized_source(built_site: dict) -> None:
    site: Path = built_site["site"]
    text = (site / "2026/pos-publik-03/index.html").read_text("utf-8")
    img = re.search(r'<figure class="jdih-gambar">\s*(<img [^>]+>)', text)
    assert img
    tag = img.group(1)
    assert 'width="1080" height="1080"' in tag and 'loading="eager"' in tag
    small = re.search(
        r'srcset="\.\./\.\./(m/[0-9a-f]{32}-480w\.webp) 480w, \.\./\.\./(m/[0-9a-f]{32}\.jpg) 1080w"', tag
    )
    assert small and (site / small.group(1)).is_file()
    assert 'sizes="' in tag


def test_register_of_legal_documents(built_site: dict) -> None:
    text = (built_site["site"] / "dokumen/index.html").read_text("utf-8")
    row = re.search(r'<tr data-jenis="Peraturan KPU" data-tahun="2024">(.*?)</tr>', text, re.S)
    assert row, "the document named by pos-publik-03 is in the register"
    assert "<td>8</td>" in row.group(1) and "Pencalonan Peserta Pemilihan" in row.group(1)
    assert 'href="../2026/pos-publik-03/"' in row.group(1)
    assert '<option value="Peraturan KPU">' in text and '<option value="2024">' in text
    assert "XQRAHASIAX" not in text  # unpublished posts name documents too; never shown
    assert 'href="dokumen/"' in (built_site["site"] / "index.html").read_text("utf-8")  # in the navigation


def test_search_index_carries_filters(built_site: dict) -> None:
    project = built_site["project"]
    (doc_file,) = project.state_dir.glob("situs-cache/cari/sumber/*/2026/pos-publik-03/index.html")  # any part
    doc = doc_file.read_text("utf-8")
    for f in ('data-pagefind-filter="tahun">2026<', 'data-pagefind-filter="kategori">Rutin: Edukasi<'):
        assert f in doc
    (seri_file,) = project.state_dir.glob("situs-cache/cari/sumber/*/2026/pos-publik-00/index.html")
    seri = seri_file.read_text("utf-8")
    assert 'data-pagefind-filter="seri">Istilah Pemilu<' in seri


def test_printed_page_names_site_and_address(built_site: dict) -> None:
    text = (built_site["site"] / "2026/pos-publik-03/index.html").read_text("utf-8")
    assert (
        '<p class="jdih-cetak">Dicetak dari JDIH Medsos KPU Kabupaten Kotawaringin Timur: '
        f"{SITE_URL}2026/pos-publik-03/</p>"
    ) in text
    css = (built_site["site"] / "assets/jdih/jdih.css").read_text("utf-8")
    assert "@media print" in css and ".jdih-cetak { display: block;" in css


def test_contacts_come_from_the_office_settings(tmp_path: Path) -> None:
    from jdih.site.build import build_site
    from support.site_build import site_project

    project = site_project(tmp_path / "proyek")
    (project.root / "kantor.yml").write_text(
        "identitas:\n  nama: KPU Kabupaten Contoh\n  telepon: '0531-21000'\n  email: jdih@contoh.go.id\n", "utf-8"
    )
    text = (build_site(project.root, tmp_path / "site") / "tentang/index.html").read_text("utf-8")
    assert "<dd>0531-21000</dd>" in text and 'href="mailto:jdih@contoh.go.id"' in text
    assert "<dd>KPU Kabupaten Contoh</dd>" in text
