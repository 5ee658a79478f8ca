"""The MkDocs side of the JDIH site: generates every page from content/ and sop/ during the build.

MkDocs itself renders only the handful of fixed pages (home, archive index, category/series/
tag indexes, SOP, Tentang, Cari) from Markdown generated here; ``content/`` is the docs_dir
but none of its files reach MkDocs. Post pages and paginated listings (thousands at 10,000
posts) are filled into a Material "shell" page rendered once per URL depth and section, which
is what keeps a 10,000-post build within seconds instead of minutes. Only posts in a published
state are ever read into the output; approved posts contribute only their media, at
content-addressed URLs that no page references.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import pickle
import re
import shutil
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..errors import JdihError
from ..links import media_path as _media_path
from ..project import Project
from ..worktime import BULAN
from . import feeds, search
from .collect import Collection, Collector, SiteMedia, SitePost
from .config import JDIH_KPU_URL, JDIHN_URL, SiteSettings, load_settings
from .sop_page import sop_markdown

log = logging.getLogger("mkdocs.plugins.jdih")

THEME_DIR = Path(__file__).resolve().parent.parent / "site_theme"
FRAGMENTS = THEME_DIR / "jdih"
THUMB = (480, 600)  # 4:5, the usual portrait infographic of Instagram
MARKER = ".jdih-situs"  # in site/: which build wrote it (see _previous_output)

# Markers filled per page into a shell rendered once by Material; plain words so no escaping touches them.
MARK_TITLE = "JDIHPENANDAJUDUL"
MARK_DESC = "JDIHPENANDADESKRIPSI"
MARK_CANON = "https://jdih.invalid/JDIHPENANDAKANONIK"
MARK_BODY = "JDIHPENANDAISI<!--<h1>-->"  # the comment stops Material from adding its own <h1>

# security.md §4, adapted: no upgrade-insecure-requests (all URLs are relative; it would break
# http://127.0.0.1 previews), form-action 'self' for the GET search form, data: images for
# Material's CSS icons. Pages that need more say so in their front matter (jdih_csp).
CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def csp(**extra: str) -> str:
    """The policy string, with extra sources appended per directive (``script_src="'x'"``)."""
    parts = []
    for key, value in CSP.items():
        more = extra.get(key.replace("-", "_"))
        parts.append(f"{key} {value} {more}" if more else f"{key} {value}")
    return "; ".join(parts)


def slugify(text: str) -> str:
    """URL slug of a series or tag name (ASCII, lowercase, hyphens)."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x" + hashlib.sha1(text.encode()).hexdigest()[:8]


def media_path(m: SiteMedia) -> str:
    """Site path of a media file (content-addressed, see :mod:`jdih.links`)."""
    return _media_path(m.digest, m.ext)


def thumb_path(m: SiteMedia) -> str:
    """Site path of a media file's small home-page thumbnail."""
    return f"m/{m.digest[:32]}-{THUMB[0]}x{THUMB[1]}.webp"


@dataclass
class Listing:
    """A paginated list of posts at ``base`` (page n>1 at ``base/n/``)."""

    base: str
    judul: str
    keterangan: str
    section: str
    posts: list[SitePost]


class JdihSite:
    """State of one build; the MkDocs event methods are called from :mod:`jdih.site.hooks`."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.settings = SiteSettings()
        self.collection = Collection([], [])
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.env: jinja2.Environment | None = None
        self.timings: dict[str, float] = {}
        self._fragments = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(FRAGMENTS)), autoescape=True, trim_blocks=True, lstrip_blocks=True
        )
        self._shells: dict[tuple[int, str], str] = {}
        self._fixed: dict[str, str] = {}
        self.search: search.SearchIndex | None = None
        self._media_names: set[str] = set()
        self._old_media: set[str] = set()

    # -- helpers ----------------------------------------------------------------------
    @property
    def proj(self) -> Project:
        assert self.project is not None
        return self.project

    def kategori_label(self, kid: str) -> str:
        cat = self.proj.sop.categories.get(kid)
        return cat.label if cat else kid

    def platform_name(self, pid: str) -> str:
        try:
            spec = self.proj.platforms.get(pid)
        except JdihError:
            spec = None
        return spec.nama if spec else pid

    def fragment(self, name: str, current: str, **ctx: Any) -> str:
        """Render one of our own fragment templates with links relative to page path ``current``."""

        def rel(target: str) -> str:
            return get_relative_url(target, current) if target else get_relative_url("", current) + "/"

        return self._fragments.get_template(name).render(
            rel=rel,
            slugify=slugify,
            kategori_label=self.kategori_label,
            platform_name=self.platform_name,
            media_path=media_path,
            thumb=thumb_path,
            bulan=lambda m: BULAN[m - 1],
            **ctx,
        )

    def _render_key(self) -> str:
        # Cached post data depends on our code version and the fragment templates, not on other posts.
        # Cached entries hold rendered captions and the published/approved decision: they depend on
        # the code that makes them and on which states the SOP calls published.
        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for path in [here / "collect.py", here / "sanitize.py", *sorted(FRAGMENTS.glob("*.html"))]:
            h.update(path.read_bytes())
        sop = self.proj.sop
        h.update(repr(sorted((s.id, s.terbit) for s in sop.states.values())).encode())
        h.update(repr(sorted((t.dari or "", t.ke) for t in sop.transitions)).encode())
        h.update(sop.office.zona_waktu.encode())
        h.update(str(self.proj.root.resolve()).encode())  # cached entries hold absolute media paths
        return h.hexdigest()[:16]

    def _labels_key(self) -> str:
        # Rendered post fragments also show category labels and platform names.
        cats = sorted((c.id, c.label) for c in self.proj.sop.categories.values())
        try:
            names = sorted((k, v.nama) for k, v in self.proj.platforms.items())
        except JdihError:
            names = []
        return hashlib.sha256(repr((cats, names)).encode()).hexdigest()[:16]

    # -- MkDocs events ----------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Put our theme layer first, add our CSS, decide the CSP, load office settings."""
        root = Path(config.config_file_path).resolve().parent
        self.project = Project(root)
        self.settings = load_settings(root)
        self._shells.clear()
        self._fixed.clear()
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        settings_file = root / "situs.yml"
        if settings_file.is_file() and str(settings_file) not in config.watch:
            config.watch.append(str(settings_file))
        if "assets/jdih/jdih.css" not in [str(c) for c in config.extra_css]:
            config.extra_css.append("assets/jdih/jdih.css")
        preview = os.environ.get("JDIH_SITUS_PRATINJAU") == "1"
        # mkdocs serve injects an inline live-reload script: allow inline scripts only in a local preview.
        base = csp(script_src="'unsafe-inline'") if preview else csp()
        config.extra["jdih_csp"] = base
        config.extra["jdih_csp_sop"] = (
            csp(script_src="'unsafe-inline'", style_src="'unsafe-inline'")
            if preview
            else csp(style_src="'unsafe-inline'")
        )
        config.extra["jdih_csp_cari"] = (
            csp(script_src="'unsafe-inline' 'wasm-unsafe-eval'") if preview else csp(script_src="'wasm-unsafe-eval'")
        )
        # content/ is read by the Collector, never by MkDocs: point MkDocs at an empty folder so it
        # does not walk 20,000 files only for on_files to drop them (serve still watches content/).
        empty = self.proj.state_dir / "situs-cache" / "dokumen-kosong"
        empty.mkdir(parents=True, exist_ok=True)
        for stray in empty.iterdir():
            if stray.is_file():
                stray.unlink()
        if str(self.proj.content_dir) not in config.watch:
            config.watch.append(str(self.proj.content_dir))
        config.docs_dir = str(empty)
        t = time.perf_counter()
        self.collection = Collector(self.proj, self._render_key()).collect()
        self.timings["baca_konten"] = time.perf_counter() - t
        t = time.perf_counter()
        # Read content/ first thing and start Pagefind at once: it runs in the background while
        # MkDocs lists files and we write pages, so a rebuild waits only for whatever ends last.
        self.search = search.SearchIndex(self.proj.state_dir / "situs-cache")
        if self.collection.posts:
            self.search.start(self.collection.posts, self.kategori_label)
        self.timings["sumber_cari"] = time.perf_counter() - t
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Drop every file of content/ and add the generated fixed pages."""
        docs_prefix = os.path.abspath(config.docs_dir) + os.sep
        kept = [f for f in files if not (f.abs_src_path and f.abs_src_path.startswith(docs_prefix))]
        out = Files(kept)
        for src, text in self._fixed_pages(config).items():
            out.append(File.generated(config, src, content=text, inclusion=InclusionLevel.INCLUDED))
        self.files = out
        return out

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation for rendering shells later."""
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Keep the theme environment for rendering shells later."""
        self.env = env
        return env

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Fixed pages whose body we render ourselves get it here (not through Markdown)."""
        return self._fixed.get(page.file.src_uri, html_text)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write post pages, listings, media, feeds, sitemap and the search index."""
        try:
            self._post_build(config)
        except JdihError:
            raise
        except OSError as exc:
            raise PluginError(f"situs tidak dapat ditulis: {exc}") from exc

    # -- fixed pages (through MkDocs) --------------------------------------------------
    def _fixed_pages(self, config: MkDocsConfig) -> dict[str, str]:
        posts = self.collection.posts
        s = self.settings
        pages: dict[str, str] = {}

        def add(src: str, title: str, body_html: str, extra_meta: str = "") -> None:
            pages[src] = f"---\ntitle: {title}\n{extra_meta}---\n\nJDIH\n"
            self._fixed[src] = body_html

        seri = Counter(p.seri for p in posts if p.seri)
        kategori = Counter(p.kategori for p in posts)
        add(
            "index.md",
            "Beranda",
            self.fragment(
                "beranda.html",
                "",
                posts=posts[: s.beranda],
                site_name=config.site_name,
                kantor=s.kantor,
                jdihn=JDIHN_URL,
                jdih_kpu=JDIH_KPU_URL,
                seri=sorted(seri.items()),
                kategori=[(k, kategori[k]) for k in self.proj.sop.categories if kategori[k]],
            ),
            "hide: [navigation, toc]\n",
        )
        by_month: dict[int, Counter[int]] = defaultdict(Counter)
        for p in posts:
            by_month[p.tahun][p.bulan] += 1
        groups = [
            (
                str(y),
                [
                    (f"{BULAN[m - 1]} {y}", f"arsip/{y}/{m:02d}/", n)
                    for m, n in sorted(by_month[y].items(), reverse=True)
                ],
            )
            for y in sorted(by_month, reverse=True)
        ]
        add(
            "arsip/index.md",
            "Arsip",
            self.fragment(
                "indeks.html",
                "arsip/",
                judul="Arsip publikasi",
                keterangan="Publikasi menurut tahun dan bulan unggah.",
                grup_list=groups,
            ),
            "hide: [navigation, toc]\n",
        )
        cats = [
            (self.kategori_label(k), f"kategori/{k}/", kategori[k]) for k in self.proj.sop.categories if kategori[k]
        ]
        add(
            "kategori/index.md",
            "Kategori",
            self.fragment(
                "indeks.html",
                "kategori/",
                judul="Kategori konten",
                keterangan="Kategori menurut Keputusan KPU Nomor 10/HK.04/08/2022.",
                grup_list=[("", cats)] if cats else [],
            ),
            "hide: [navigation, toc]\n",
        )
        series = [(name, f"seri/{slugify(name)}/", n) for name, n in sorted(seri.items())]
        add(
            "seri/index.md",
            "Seri",
            self.fragment(
                "indeks.html", "seri/", judul="Seri konten", keterangan="", grup_list=[("", series)] if series else []
            ),
            "hide: [navigation, toc]\n",
        )
        tags = Counter(t for p in posts for t in p.tags)
        tag_items = [(f"#{t}", f"tag/{slugify(t)}/", n) for t, n in sorted(tags.items())]
        add(
            "tag/index.md",
            "Tag",
            self.fragment(
                "indeks.html", "tag/", judul="Tag", keterangan="", grup_list=[("", tag_items)] if tag_items else []
            ),
            "hide: [navigation, toc]\n",
        )
        kontak = {k: getattr(s, k) for k in ("kantor", "unit", "alamat", "telepon", "email", "jam_layanan")}
        add(
            "tentang/index.md",
            "Tentang JDIH",
            self.fragment("tentang.html", "tentang/", tautan=s.tautan, **kontak),
            "hide: [navigation, toc]\n",
        )
        add(
            "cari/index.md",
            "Cari",
            self.fragment("cari.html", "cari/"),
            'hide: [navigation, toc]\njdih_cari: true\njdih_csp: "' + config.extra["jdih_csp_cari"] + '"\n',
        )
        sop_md = sop_markdown(self.proj.sop, self.proj.root / "sop")
        sop_md = sop_md.replace(
            "jdih_mermaid: true\n",
            'jdih_mermaid: true\nhide: [navigation]\njdih_csp: "' + config.extra["jdih_csp_sop"] + '"\n',
            1,
        )
        pages["sop/index.md"] = sop_md
        return pages

    # -- shells and generated pages ----------------------------------------------------
    def _shell(self, config: MkDocsConfig, depth: int, section: str) -> str:
        key = (depth, section)
        if key in self._shells:
            return self._shells[key]
        assert self.env is not None and self.nav is not None and self.files is not None
        src = "/".join(["jdihkerangka"] * depth) + "/index.md"
        file = File.generated(config, src, content="", inclusion=InclusionLevel.INCLUDED)
        page = Page(MARK_TITLE, file, config)
        page.content = MARK_BODY
        page.meta = {"description": MARK_DESC, "hide": ["navigation", "toc"]}
        page.canonical_url = MARK_CANON
        active = next((p for p in self.nav.pages if p.url == section), None)
        if active is not None:
            active.active = True
        try:
            ctx = get_context(self.nav, self.files, config, page, get_relative_url(".", page.url))
            text = self.env.get_template("main.html").render(ctx)
        finally:
            if active is not None:
                active.active = False
        for mark in (MARK_TITLE, MARK_DESC, MARK_CANON, MARK_BODY):
            if mark not in text:
                raise PluginError(f"templat tema tidak memuat penanda {mark}")
        self._shells[key] = text
        return text

    def _write_page(self, config: MkDocsConfig, path: str, section: str, title: str, desc: str, body: str) -> None:
        shell = self._shell(config, path.count("/"), section)
        canon = (config.site_url or "").rstrip("/") + "/" + path
        out = (
            shell.replace(MARK_TITLE, html.escape(title, quote=True))
            .replace(MARK_DESC, html.escape(desc, quote=True))
            .replace(MARK_CANON, html.escape(canon, quote=True))
            .replace(MARK_BODY, body)
        )
        data = out.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        self._written.append(path)
        self._out_new[path] = digest
        if self._out_old.get(path) == digest:
            return  # identical page already in site/ from the previous build (kept by a dirty build)
        dest = Path(config.site_dir) / path / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)

    def _listings(self) -> Iterable[Listing]:
        posts = self.collection.posts
        month: dict[tuple[int, int], list[SitePost]] = defaultdict(list)
        cat: dict[str, list[SitePost]] = defaultdict(list)
        ser: dict[str, list[SitePost]] = defaultdict(list)
        tag: dict[str, list[SitePost]] = defaultdict(list)
        names: dict[str, str] = {}
        for p in posts:
            month[(p.tahun, p.bulan)].append(p)
            cat[p.kategori].append(p)
            if p.seri:
                ser[slugify(p.seri)].append(p)
                names["s:" + slugify(p.seri)] = p.seri
            for t in dict.fromkeys(slugify(t) for t in p.tags):
                tag[t].append(p)
            for t in p.tags:
                names["t:" + slugify(t)] = t
        for (y, m), items in month.items():
            yield Listing(f"arsip/{y}/{m:02d}/", f"Arsip {BULAN[m - 1]} {y}", "", "arsip/", items)
        for k, items in cat.items():
            yield Listing(f"kategori/{k}/", f"Kategori: {self.kategori_label(k)}", "", "kategori/", items)
        for k, items in ser.items():
            yield Listing(f"seri/{k}/", f"Seri: {names['s:' + k]}", "", "seri/", items)
        for k, items in tag.items():
            yield Listing(f"tag/{k}/", f"Tag: #{names['t:' + k]}", "", "tag/", items)
        years: dict[int, Counter[int]] = defaultdict(Counter)
        for (y, m), items in month.items():
            years[y][m] = len(items)
        self._years = years

    def _post_build(self, config: MkDocsConfig) -> None:
        t0 = time.perf_counter()
        site = Path(config.site_dir)
        self._written: list[str] = []
        self._out_new: dict[str, str] = {}
        self._out_old = self._previous_output(site)
        self._shells.clear()
        posts = self.collection.posts
        s = self.settings
        desc_site = config.site_description or config.site_name
        frag_file = self.proj.state_dir / "situs-cache" / "halaman.pickle"
        frag_key = self._render_key() + self._labels_key()
        old = _load_pickle(frag_file, frag_key)
        frags: dict[str, tuple[str, str]] = {}
        for p in posts:
            hit = old.get(p.id)
            if hit is not None and hit[0] == p.kunci and p.kunci:
                body = hit[1]
            else:
                body = self.fragment("pos.html", p.id + "/", p=p)
            frags[p.id] = (p.kunci, body)
            self._write_page(config, p.id + "/", "arsip/", p.judul, p.ringkasan or desc_site, body)
        self.timings["halaman_pos"] = time.perf_counter() - t0
        t = time.perf_counter()
        for lst in self._listings():
            pages = max(1, -(-len(lst.posts) // s.per_halaman))
            for n in range(1, pages + 1):
                path = lst.base if n == 1 else f"{lst.base}{n}/"
                chunk = lst.posts[(n - 1) * s.per_halaman : n * s.per_halaman]
                # A listing page changes only when one of its posts (or the page count) does.
                lkey = f"{lst.judul}|{n}|{pages}|" + "|".join(p.kunci for p in chunk)
                hit = old.get("L:" + path)
                if hit is not None and hit[0] == lkey:
                    body = hit[1]
                else:
                    body = self.fragment(
                        "daftar.html",
                        path,
                        judul=lst.judul,
                        keterangan=lst.keterangan,
                        posts=chunk,
                        page=n,
                        pages=pages,
                        base=lst.base,
                    )
                frags["L:" + path] = (lkey, body)
                title = lst.judul if n == 1 else f"{lst.judul} (halaman {n})"
                self._write_page(config, path, lst.section, title, desc_site, body)
        for y, months in self._years.items():
            items = [(f"{BULAN[m - 1]} {y}", f"arsip/{y}/{m:02d}/", n) for m, n in sorted(months.items(), reverse=True)]
            body = self.fragment(
                "indeks.html", f"arsip/{y}/", judul=f"Arsip {y}", keterangan="", grup_list=[("", items)]
            )
            self._write_page(config, f"arsip/{y}/", "arsip/", f"Arsip {y}", desc_site, body)
        _save_pickle(frag_file, frag_key, frags)
        self.timings["halaman_daftar"] = time.perf_counter() - t
        t = time.perf_counter()
        self._copy_media(site)
        self.timings["media"] = time.perf_counter() - t
        t = time.perf_counter()
        site_url = config.site_url or ""
        recent = posts[: s.umpan]
        (site / "feed.xml").write_text(feeds.rss(recent, site_url, config.site_name, desc_site, media_path), "utf-8")
        (site / "feed.json").write_text(
            feeds.json_feed(recent, site_url, config.site_name, desc_site, media_path), "utf-8"
        )
        assert self.nav is not None
        fixed = [pg.url for pg in self.nav.pages] + [
            f.url
            for f in (self.files or [])
            if f.is_documentation_page() and f.url not in {pg.url for pg in self.nav.pages}
        ]
        (site / feeds.SITEMAP_PAGES).write_text(feeds.sitemap([*fixed, *self._written], site_url), "utf-8")
        (site / "sitemap.xml").write_text(feeds.sitemap_index(site_url), "utf-8")
        gz = site / "sitemap.xml.gz"
        if gz.exists():
            gz.unlink()  # MkDocs' own copy lists only the fixed pages
        self._remove_stale(site)
        self.timings["umpan_sitemap"] = time.perf_counter() - t
        t = time.perf_counter()
        if posts and self.search is not None:  # Pagefind refuses an empty site
            self.search.finish(site / "pagefind")
        elif (site / "pagefind").exists():
            shutil.rmtree(site / "pagefind")
        self.timings["indeks_cari"] = time.perf_counter() - t
        self.timings["post_build"] = time.perf_counter() - t0
        log.info(
            "JDIH: %d pos terbit, %d halaman dibuat; waktu: %s",
            len(posts),
            len(self._written),
            ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()),
        )

    # -- output kept between builds -----------------------------------------------------
    def _manifest_file(self) -> Path:
        return self.proj.state_dir / "situs-cache" / "keluaran.pickle"

    def _previous_output(self, site: Path) -> dict[str, str]:
        """Pages written by the previous build into this same site/, when MkDocs did not clean it.

        ``jdih situs bangun`` builds with MkDocs' dirty flag when site/ holds our marker, so the
        thousands of unchanged pages are not rewritten; our manifest says what is there.
        """
        marker = site / MARKER
        self._old_media = set()
        old = _load_pickle(self._manifest_file(), str(site.resolve()))
        if not marker.is_file() or old.get("penanda") != marker.read_text("utf-8"):
            return {}
        # Until this build finishes, site/ no longer matches any manifest: a crash now means the
        # next build starts clean instead of trusting half-written pages.
        marker.unlink()
        self._old_media = set(old.get("media", []))
        return dict(old.get("halaman", {}))

    def _remove_stale(self, site: Path) -> None:
        """Delete pages and media of the previous build that this build did not produce."""
        for path in self._out_old.keys() - self._out_new.keys():
            page = site / path / "index.html"
            if page.is_file():
                page.unlink()
            folder = page.parent
            while folder != site and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        for name in getattr(self, "_old_media", set()) - self._media_names:
            (site / "m" / name).unlink(missing_ok=True)
        token = hashlib.sha256(f"{time.time_ns()}{os.getpid()}".encode()).hexdigest()[:16]
        (site / MARKER).write_text(token, "utf-8")
        _save_pickle(
            self._manifest_file(),
            str(site.resolve()),
            {"penanda": token, "halaman": self._out_new, "media": sorted(self._media_names)},
        )

    def _copy_media(self, site: Path) -> None:
        out = site / "m"
        out.mkdir(parents=True, exist_ok=True)
        done: set[str] = set()

        def put(src: str, dest: Path) -> None:
            if dest.name in done:
                return
            done.add(dest.name)
            if dest.exists():
                return  # content-addressed: same name, same bytes
            try:
                os.link(src, dest)
            except OSError:
                shutil.copyfile(src, dest)

        for p in self.collection.posts:
            for m in p.media:
                put(m.src, site / media_path(m))
        from ..publishing.images import file_variants

        for m in self.collection.approved_media:
            put(m.src, site / media_path(m))
            # Instagram/Threads/TikTok fetch the converted JPEG (4:5..1.91:1 ...) by its own URL.
            for rel, data in file_variants(Path(m.src)):
                dest = site / rel
                if dest.name not in done:
                    done.add(dest.name)
                    if not dest.exists():
                        dest.write_bytes(data)
        thumbs = self.proj.state_dir / "situs-cache" / "thumb"
        for p in self.collection.posts[: self.settings.beranda]:
            if p.media:
                m = p.media[0]
                cached = thumbs / Path(thumb_path(m)).name
                if not cached.exists():
                    _make_thumb(Path(m.src), cached)
                put(str(cached), site / thumb_path(m))
        self._media_names = done


def _load_pickle(path: Path, key: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, dict) and data.get("kunci") == key:
            return dict(data["isi"])
    except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError, TypeError, ValueError):
        pass
    return {}


def _save_pickle(path: Path, key: str, value: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"kunci": key, "isi": value}, fh, protocol=5)
    os.replace(tmp, path)


def _make_thumb(src: Path, dest: Path) -> None:
    from PIL import Image, ImageOps

    dest.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(src) as img:
        small = ImageOps.fit(img.convert("RGB"), THUMB, centering=(0.5, 0.0))
        tmp = dest.with_suffix(".tmp")
        small.save(tmp, "WEBP", quality=70, method=4)
    os.replace(tmp, dest)


LAST_ERROR: list[JdihError] = []  # MkDocs turns a PluginError into a bare Abort; build.py reads this


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our Indonesian errors into MkDocs PluginError (a clean message under plain ``mkdocs build``)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except JdihError as exc:
            LAST_ERROR[:] = [exc]
            where = exc.lokasi()
            raise PluginError(f"{where}: {exc.pesan}" if where else exc.pesan) from exc

    wrapper.__doc__ = fn.__doc__
    return wrapper
