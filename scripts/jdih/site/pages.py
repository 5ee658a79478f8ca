"""Page building for the site, free of I/O: what each page says, as HTML fragments.

Fixed pages (home, indexes, Tentang, Cari, SOP) are handed to MkDocs as small generated
Markdown files whose bodies are replaced by the fragments made here; post pages and the
paginated listings are made here and later filled into a theme shell (:mod:`jdih.site.shell`).
Only the fragment templates of ``site_theme/jdih/`` are read (by Jinja).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.utils import get_relative_url

from ..links import media_path as _media_path
from ..office import JDIH_KPU_URL, JDIHN_URL, Office
from ..worktime import MONTH_NAMES
from .collect import SiteMedia, SitePost
from .media import CARD_WIDTH, THUMB_WIDTH, thumb_size
from .sanitize import link_hashtags
from .share import preview, tags, whatsapp_link

THEME_DIR = Path(__file__).resolve().parent.parent / "site_theme"
FRAGMENTS = THEME_DIR / "jdih"


@lru_cache(maxsize=65536)  # a few hundred tags and series, asked for once per post and listing
def slugify(text: str) -> str:
    """URL slug of a series or tag name (ASCII, lowercase, hyphens)."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x" + hashlib.sha1(text.encode()).hexdigest()[:8]


def media_path(m: SiteMedia) -> str:
    """Site path of a media file (content-addressed, see :mod:`jdih.links`)."""
    return _media_path(m.digest, m.ext)


def thumb_path(m: SiteMedia, target: int = THUMB_WIDTH) -> str:
    """Site path of a media file's small WebP copy (whole image, ``target`` pixels wide at most)."""
    return f"m/{m.digest[:32]}-{thumb_size(m.width, m.height, target)[0]}w.webp"


def tag_pages(posts: Iterable[SitePost]) -> frozenset[str]:
    """Slugs of the tags that have a listing page (``tag/<slug>/``, see :func:`listings`)."""
    return frozenset(slugify(t) for p in posts for t in p.tags)


def tag_href(pages: frozenset[str], url: Callable[[str], str]) -> Callable[[str], str | None]:
    """The link of a hashtag: ``url`` of its tag page's site path, None when the tag has no page."""

    def href(tag: str) -> str | None:
        slug = slugify(tag)
        return url(f"tag/{slug}/") if slug in pages else None

    return href


def linked_hashtags(p: SitePost, pages: frozenset[str]) -> str:
    """Which of the post's hashtags link to a tag page (part of its page's cache key)."""
    return ",".join(sorted({slugify(t) for t in p.hashtags} & pages))


@dataclass(frozen=True)
class Labels:
    """Names shown for ids: category labels (in SOP order) and platform names."""

    categories: dict[str, str]
    platforms: dict[str, str]

    def category(self, kid: str) -> str:
        """Label of a category id."""
        return self.categories.get(kid, kid)

    def platform(self, pid: str) -> str:
        """Display name of a platform id."""
        return self.platforms.get(pid, pid)


class Fragments:
    """Our own fragment templates, rendered with links relative to the page they land on."""

    def __init__(
        self,
        labels: Labels,
        tag_pages: frozenset[str] = frozenset(),
        bytecode_cache: jinja2.BytecodeCache | None = None,
    ) -> None:
        self.labels = labels
        self.tag_pages = tag_pages
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(FRAGMENTS)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=bytecode_cache,
        )

    def render(self, name: str, current: str, **ctx: Any) -> str:
        """Render template ``name`` for the page at site path ``current``."""

        def rel(target: str) -> str:
            return get_relative_url(target, current) if target else get_relative_url("", current) + "/"

        def caption(p: SitePost) -> str:
            return link_hashtags(p.caption_html, tag_href(self.tag_pages, rel))

        return self._env.get_template(name).render(
            rel=rel,
            caption=caption,
            slugify=slugify,
            category_label=self.labels.category,
            platform_name=self.labels.platform,
            media_path=media_path,
            thumb=thumb_path,
            thumb_size=lambda m, target=THUMB_WIDTH: thumb_size(m.width, m.height, target),
            card_width=CARD_WIDTH,
            month_name=lambda m: MONTH_NAMES[m - 1],
            **ctx,
        )


@dataclass(frozen=True)
class LegalDocument:
    """One legal product of the register, with the posts that discuss it (newest first)."""

    kind: str
    number: str
    year: str
    title: str
    link: str
    posts: tuple[SitePost, ...]


def legal_register(posts: list[SitePost]) -> list[LegalDocument]:
    """The legal documents the posts name (``dokumen_hukum``), newest year first, then by type and number."""
    found: dict[tuple[str, str, str, str], list[SitePost]] = defaultdict(list)
    links: dict[tuple[str, str, str, str], str] = {}
    for p in posts:
        d = p.legal_document
        if not d:
            continue
        key = (d.get("jenis", ""), d.get("nomor", ""), d.get("tahun", ""), d.get("judul", ""))
        found[key].append(p)
        links.setdefault(key, d.get("tautan", ""))

    def order(key: tuple[str, str, str, str]) -> tuple[int, str, int, str]:
        kind, number, year, title = key
        return (-int(year) if year.isdigit() else 0, kind, int(number) if number.isdigit() else 0, number + title)

    return [LegalDocument(*key, links[key] or "", tuple(found[key])) for key in sorted(found, key=order)]


@dataclass(frozen=True)
class FixedPage:
    """A page rendered through MkDocs: its generated Markdown, and the body that replaces its
    rendered Markdown (None: MkDocs' rendering of ``markdown`` is the body)."""

    markdown: str
    body: str | None


def _hidden(extra: str = "") -> str:
    return "hide: [navigation, toc]\n" + extra


def _stub(title: str, meta: str) -> str:
    return f"---\ntitle: {title}\n{meta}---\n\nJDIH\n"


def fixed_pages(
    posts: list[SitePost],
    office: Office,
    frag: Fragments,
    *,
    site_name: str,
    cari_csp: str,
    sop_markdown: str,
) -> dict[str, FixedPage]:
    """The fixed pages by source name (``index.md``, ``arsip/index.md`` ...)."""
    labels = frag.labels
    pages: dict[str, FixedPage] = {}

    def add(src: str, title: str, body_html: str, meta: str = "") -> None:
        pages[src] = FixedPage(_stub(title, _hidden(meta)), body_html)

    series_count = Counter(p.series for p in posts if p.series)
    category_count = Counter(p.category for p in posts)
    add(
        "index.md",
        "Beranda",
        frag.render(
            "beranda.html",
            "",
            posts=posts[: office.site.home],
            site_name=site_name,
            office=office.identity,
            jdihn=JDIHN_URL,
            jdih_kpu=JDIH_KPU_URL,
            series=sorted(series_count.items()),
            categories=[(k, category_count[k]) for k in labels.categories if category_count[k]],
        ),
    )
    by_month: dict[int, Counter[int]] = defaultdict(Counter)
    for p in posts:
        by_month[p.year][p.month] += 1
    groups = [
        (
            str(y),
            [
                (f"{MONTH_NAMES[m - 1]} {y}", f"arsip/{y}/{m:02d}/", n)
                for m, n in sorted(by_month[y].items(), reverse=True)
            ],
        )
        for y in sorted(by_month, reverse=True)
    ]
    add(
        "arsip/index.md",
        "Arsip",
        frag.render(
            "indeks.html",
            "arsip/",
            title="Arsip publikasi",
            description="Publikasi menurut tahun dan bulan unggah.",
            groups=groups,
        ),
    )
    cats = [(labels.category(k), f"kategori/{k}/", category_count[k]) for k in labels.categories if category_count[k]]
    add(
        "kategori/index.md",
        "Kategori",
        frag.render(
            "indeks.html",
            "kategori/",
            title="Kategori konten",
            description="Kategori menurut Keputusan KPU Nomor 10/HK.04/08/2022.",
            groups=[("", cats)] if cats else [],
        ),
    )
    series = [(name, f"seri/{slugify(name)}/", n) for name, n in sorted(series_count.items())]
    add(
        "seri/index.md",
        "Seri",
        frag.render(
            "indeks.html", "seri/", title="Seri konten", description="", groups=[("", series)] if series else []
        ),
    )
    tags = Counter(t for p in posts for t in p.tags)
    tag_items = [(f"#{t}", f"tag/{slugify(t)}/", n) for t, n in sorted(tags.items())]
    add(
        "tag/index.md",
        "Tag",
        frag.render("indeks.html", "tag/", title="Tag", description="", groups=[("", tag_items)] if tag_items else []),
    )
    register = legal_register(posts)
    add(
        "dokumen/index.md",
        "Dokumen Hukum",
        frag.render(
            "dokumen.html",
            "dokumen/",
            entries=register,
            kinds=sorted({d.kind for d in register if d.kind}),
            years=sorted({d.year for d in register if d.year}, reverse=True),
        ),
        "jdih_dokumen: true\n",
    )
    about = frag.render("tentang.html", "tentang/", office=office.identity, links=office.site.links)
    add("tentang/index.md", "Tentang JDIH", about)
    add("cari/index.md", "Cari", frag.render("cari.html", "cari/"), f'jdih_cari: true\njdih_csp: "{cari_csp}"\n')
    pages["sop/index.md"] = FixedPage(sop_markdown, None)
    return pages


@dataclass(frozen=True)
class Listing:
    """A paginated list of posts at ``base`` (page n>1 at ``base/n/``)."""

    base: str
    title: str
    description: str
    section: str
    posts: list[SitePost]


def listings(posts: list[SitePost], labels: Labels) -> Iterator[Listing]:
    """Month archives, categories, series and tags, each with its posts (newest first)."""
    month: dict[tuple[int, int], list[SitePost]] = defaultdict(list)
    cat: dict[str, list[SitePost]] = defaultdict(list)
    ser: dict[str, list[SitePost]] = defaultdict(list)
    tag: dict[str, list[SitePost]] = defaultdict(list)
    names: dict[str, str] = {}
    for p in posts:
        month[(p.year, p.month)].append(p)
        cat[p.category].append(p)
        if p.series:
            ser[slugify(p.series)].append(p)
            names["s:" + slugify(p.series)] = p.series
        for t in dict.fromkeys(slugify(t) for t in p.tags):
            tag[t].append(p)
        for t in p.tags:
            names["t:" + slugify(t)] = t
    for (y, m), items in month.items():
        yield Listing(f"arsip/{y}/{m:02d}/", f"Arsip {MONTH_NAMES[m - 1]} {y}", "", "arsip/", items)
    for k, items in cat.items():
        yield Listing(f"kategori/{k}/", f"Kategori: {labels.category(k)}", "", "kategori/", items)
    for k, items in ser.items():
        yield Listing(f"seri/{k}/", f"Seri: {names['s:' + k]}", "", "seri/", items)
    for k, items in tag.items():
        yield Listing(f"tag/{k}/", f"Tag: #{names['t:' + k]}", "", "tag/", items)


@dataclass(frozen=True)
class Part:
    """HTML of a generated page, made only when needed: ``render`` makes it, ``source`` names
    what it is made of (the same source, the same HTML), ``key`` is where a rendering is cached
    (empty: not cached, and ``source`` is the HTML itself)."""

    key: str
    source: str
    render: Callable[[], str]


def done(text: str) -> Part:
    """A part already made (not cached)."""
    return Part("", text, lambda: text)


@dataclass(frozen=True)
class GeneratedPage:
    """A page filled into a theme shell: site path, nav section, title, description, body and
    its link-preview tags."""

    path: str
    section: str
    title: str
    description: str
    body: Part
    share: Part


def _post_body(frag: Fragments, p: SitePost, base: str) -> str:
    url = base + p.id + "/"
    return frag.render("pos.html", p.id + "/", p=p, url=url, wa=whatsapp_link(p.title, url))


def _post_share(p: SitePost, site_url: str) -> str:
    image = preview(p.media[0], media_path(p.media[0])) if p.media else None
    return tags(site_url, image, article=True)


def generated_pages(
    posts: list[SitePost],
    frag: Fragments,
    *,
    per_page: int,
    site_url: str,
    site_description: str,
) -> Iterable[GeneratedPage]:
    """Post pages, paginated listings and year archives, their bodies not yet rendered (a cache
    of renderings must be keyed by ``site_url`` and the code too)."""
    base = site_url.rstrip("/") + "/"
    default_share = done(tags(site_url, None, article=False))
    for p in posts:
        body = Part(p.id, f"{p.key}|{linked_hashtags(p, frag.tag_pages)}", partial(_post_body, frag, p, base))
        share = Part("S:" + p.id, p.key, partial(_post_share, p, site_url))
        yield GeneratedPage(p.id + "/", "arsip/", p.title, p.summary or site_description, body, share)
    years: dict[int, Counter[int]] = defaultdict(Counter)
    for lst in listings(posts, frag.labels):
        if lst.section == "arsip/":
            y, m = (int(x) for x in lst.base.split("/")[1:3])
            years[y][m] = len(lst.posts)
        pages = max(1, -(-len(lst.posts) // per_page))
        for n in range(1, pages + 1):
            path = lst.base if n == 1 else f"{lst.base}{n}/"
            chunk = lst.posts[(n - 1) * per_page : n * per_page]
            # A listing page changes only when one of its posts (or the page count) does.
            source = f"{lst.title}|{n}|{pages}|" + "|".join(p.key for p in chunk)
            render = partial(
                frag.render,
                "daftar.html",
                path,
                title=lst.title,
                description=lst.description,
                posts=chunk,
                page=n,
                pages=pages,
                base=lst.base,
            )
            body = Part("L:" + path, source, render)
            title = lst.title if n == 1 else f"{lst.title} (halaman {n})"
            yield GeneratedPage(path, lst.section, title, site_description, body, default_share)
    for y, months in years.items():
        items = [
            (f"{MONTH_NAMES[m - 1]} {y}", f"arsip/{y}/{m:02d}/", n) for m, n in sorted(months.items(), reverse=True)
        ]
        index = frag.render("indeks.html", f"arsip/{y}/", title=f"Arsip {y}", description="", groups=[("", items)])
        yield GeneratedPage(f"arsip/{y}/", "arsip/", f"Arsip {y}", site_description, done(index), default_share)
