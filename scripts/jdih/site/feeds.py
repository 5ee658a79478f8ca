"""RSS 2.0, JSON Feed 1.1 and sitemap.xml of the published site (absolute URLs).

A caption's hashtags link to their tag page here too, by absolute URL: a feed reader shows the
caption away from the site, where a relative link would lead nowhere.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import format_datetime

from .collect import SitePost
from .pages import media_path, tag_href
from .sanitize import link_hashtags


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (``html.escape`` without quotes, as ``xml.sax.saxutils.escape``
    does; that module imports ``urllib``, which a rebuild does not otherwise need)."""
    return html.escape(text, quote=False)


def _abs(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class FeedSite:
    """What a feed says about the site: its URL, title, description and which tags have a page."""

    url: str
    title: str
    description: str
    tag_pages: frozenset[str] = frozenset()

    def caption(self, p: SitePost) -> str:
        """The post's caption with each hashtag that has a tag page linked to it (absolute URL)."""
        return link_hashtags(p.caption_html, tag_href(self.tag_pages, lambda path: _abs(self.url, path)))


def rss(posts: list[SitePost], feed: FeedSite) -> str:
    """RSS 2.0 document of ``posts`` (already newest first and limited)."""
    site_url, title, description = feed.url, feed.title, feed.description
    items = []
    for p in posts:
        link = _abs(site_url, p.id + "/")
        enclosure = ""
        if p.media:
            m = p.media[0]
            mime = "image/png" if m.ext == ".png" else "image/jpeg"
            url = _abs(site_url, media_path(m))
            enclosure = f'<enclosure url="{escape(url)}" length="0" type="{mime}"/>'
        items.append(
            "<item>"
            f"<title>{escape(p.title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="true">{escape(link)}</guid>'
            f"<pubDate>{format_datetime(p.published)}</pubDate>"
            f"<category>{escape(p.category)}</category>"
            f"<description>{escape(feed.caption(p))}</description>{enclosure}"
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


def json_feed(posts: list[SitePost], feed: FeedSite) -> str:
    """JSON Feed 1.1 document of ``posts``."""
    site_url, title, description = feed.url, feed.title, feed.description
    items = []
    for p in posts:
        link = _abs(site_url, p.id + "/")
        item: dict[str, object] = {
            "id": link,
            "url": link,
            "title": p.title,
            "content_html": feed.caption(p),
            "summary": p.summary,
            "date_published": p.published.isoformat(),
            "tags": [*p.tags, *([p.series] if p.series else [])],
        }
        if p.media:
            item["image"] = _abs(site_url, media_path(p.media[0]))
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
