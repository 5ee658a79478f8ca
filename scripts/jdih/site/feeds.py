"""RSS 2.0, JSON Feed 1.1 and sitemap.xml of the published site (absolute URLs)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .collect import SitePost


def _abs(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def rss(posts: list[SitePost], site_url: str, title: str, description: str, media_path: object) -> str:
    """RSS 2.0 document of ``posts`` (already newest first and limited)."""
    items = []
    for p in posts:
        link = _abs(site_url, p.id + "/")
        enclosure = ""
        if p.media:
            m = p.media[0]
            mime = "image/png" if m.ext == ".png" else "image/jpeg"
            url = _abs(site_url, media_path(m))  # type: ignore[operator]
            enclosure = f'<enclosure url="{escape(url)}" length="0" type="{mime}"/>'
        items.append(
            "<item>"
            f"<title>{escape(p.judul)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="true">{escape(link)}</guid>'
            f"<pubDate>{format_datetime(p.terbit)}</pubDate>"
            f"<category>{escape(p.kategori)}</category>"
            f"<description>{escape(p.caption_html)}</description>{enclosure}"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{escape(title)}</title><link>{escape(site_url)}</link>"
        f"<description>{escape(description)}</description><language>id</language>"
        f'<atom:link href="{escape(_abs(site_url, "feed.xml"))}" rel="self" type="application/rss+xml"/>'
        + "".join(items)
        + "</channel></rss>\n"
    )


def json_feed(posts: list[SitePost], site_url: str, title: str, description: str, media_path: object) -> str:
    """JSON Feed 1.1 document of ``posts``."""
    items = []
    for p in posts:
        link = _abs(site_url, p.id + "/")
        item: dict[str, object] = {
            "id": link,
            "url": link,
            "title": p.judul,
            "content_html": p.caption_html,
            "summary": p.ringkasan,
            "date_published": p.terbit.isoformat(),
            "tags": [*p.tags, *([p.seri] if p.seri else [])],
        }
        if p.media:
            item["image"] = _abs(site_url, media_path(p.media[0]))  # type: ignore[operator]
        items.append(item)
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": site_url,
        "feed_url": _abs(site_url, "feed.json"),
        "description": description,
        "language": "id",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


SITEMAP_PAGES = "sitemap-halaman.xml"


def sitemap_index(site_url: str) -> str:
    """sitemap.xml as a sitemap index pointing at the full list.

    Material's JavaScript downloads sitemap.xml on every first visit; at 10,000 posts the full
    list is over 1 MB, so the file it fetches stays tiny and crawlers follow the index.
    """
    loc = escape(_abs(site_url, SITEMAP_PAGES))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{loc}</loc></sitemap>'
        "</sitemapindex>\n"
    )


def sitemap(paths: Iterable[str], site_url: str) -> str:
    """The full list of every public page path (``sitemap-halaman.xml``)."""
    urls = "".join(f"<url><loc>{escape(_abs(site_url, p))}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
