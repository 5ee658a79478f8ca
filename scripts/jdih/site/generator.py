"""One build of the JDIH site: reads content/ and sop/, hands MkDocs its fixed pages, writes the rest.

MkDocs itself renders only the handful of fixed pages (home, archive index, category/series/
tag indexes, SOP, Tentang, Cari); post pages, listings, media, feeds, sitemap and the search
index are written after MkDocs' own pages (:meth:`SiteBuild.write_generated`). Only posts in a
published state are ever read into the output; approved posts contribute only their media, at
content-addressed URLs that no page references. The MkDocs events that drive this are in
:mod:`jdih.site.hooks`.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..errors import ConfigError, JdihError
from ..files import atomic_write
from ..office import OFFICE_FILE, Office, load_office
from ..project import Project
from . import cache, feeds, search, share
from .collect import Collection, Collector
from .csp import policies
from .media import CARD_WIDTH, THUMB_WIDTH, make_preview, make_thumb, place
from .output import Output
from .pages import (
    FRAGMENTS,
    THEME_DIR,
    FixedPage,
    Fragments,
    Labels,
    fixed_pages,
    generated_pages,
    media_path,
    tag_pages,
    thumb_path,
)
from .shell import Shells, fill
from .sop_page import sop_markdown

log = logging.getLogger("mkdocs.plugins.jdih")

FINAL_DIR_KEY = "jdih_keluaran"  # config.extra: where the output ends up (set by jdih.site.build)


class SiteBuild:
    """State of one build (and, under ``mkdocs serve``, of the rebuilds that follow)."""

    def __init__(self) -> None:
        self.preview = False
        self.project: Project | None = None
        self.office = Office()
        self.collection = Collection([], [])
        self.labels = Labels({}, {})
        self.fixed: dict[str, FixedPage] = {}
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.env: jinja2.Environment | None = None
        self.search: search.SearchIndex | None = None
        self.timings: dict[str, float] = {}

    @property
    def proj(self) -> Project:
        """The project being built (set by :meth:`configure`)."""
        assert self.project is not None
        return self.project

    @property
    def cache_dir(self) -> Path:
        """``.jdih/situs-cache/`` of the project."""
        return self.proj.state_dir / "situs-cache"

    def start(self, command: str) -> None:
        """A new ``mkdocs`` command: ``serve`` is a local preview (relaxed CSP for live reload)."""
        self.preview = command == "serve"

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check mkdocs.yml, put our theme layer first, decide the CSP, read content/ and start
        the search index in the background."""
        root = Path(config.config_file_path).resolve().parent
        self.project = Project(root)
        self.office = load_office(root)
        sop_dir = (root / "sop").resolve()
        if Path(config.docs_dir).resolve() != sop_dir:
            # Every page is generated from content/ and sop/; MkDocs must not walk content/
            # (20,000 files at 10,000 posts) only for us to drop what it found.
            raise ConfigError(
                f"docs_dir di mkdocs.yml harus 'sop' (tertulis: '{config.docs_dir}')",
                file=Path(config.config_file_path),
                hint="Tulis 'docs_dir: sop': semua halaman situs dibuat dari content/ dan sop/ oleh hooks JDIH.",
            )
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        for watched in (root / OFFICE_FILE, self.proj.content_dir):
            if watched.exists() and str(watched) not in config.watch:
                config.watch.append(str(watched))
        if "assets/jdih/jdih.css" not in [str(c) for c in config.extra_css]:
            config.extra_css.append("assets/jdih/jdih.css")
        csp = policies(self.preview)
        config.extra["jdih_csp"] = csp.base
        config.extra["jdih_csp_sop"] = csp.sop
        config.extra["jdih_csp_cari"] = csp.cari
        config.extra["jdih_bagikan"] = share.tags(config.site_url or "", None, article=False)
        self.labels = self._labels()
        t = time.perf_counter()
        self.collection = Collector(self.proj, self._render_key()).collect()
        for line in self.collection.skipped:
            log.info("JDIH: media tidak disalin ke situs: %s", line)
        self.timings["baca_konten"] = time.perf_counter() - t
        t = time.perf_counter()
        # Start Pagefind at once: it runs while MkDocs lists files and we write pages.
        self.search = search.SearchIndex(self.cache_dir)
        if self.collection.posts:
            self.search.start(self.collection.posts, self.labels.category)
        self.timings["sumber_cari"] = time.perf_counter() - t
        return config

    def add_fixed_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Drop every file of docs_dir and add the generated fixed pages."""
        docs = Path(config.docs_dir).resolve()
        kept = [f for f in files if not (f.abs_src_path and docs in Path(f.abs_src_path).resolve().parents)]
        frag = Fragments(self.labels, bytecode_cache=self.bytecode_cache())
        sop_md = sop_markdown(self.proj.sop, self.proj.root / "sop", config.extra["jdih_csp_sop"])
        self.fixed = fixed_pages(
            self.collection.posts,
            self.office,
            frag,
            site_name=config.site_name,
            cari_csp=config.extra["jdih_csp_cari"],
            sop_markdown=sop_md,
        )
        out = Files(kept)
        for src, page in self.fixed.items():
            out.append(File.generated(config, src, content=page.markdown, inclusion=InclusionLevel.INCLUDED))
        self.files = out
        return out

    def body_of(self, src_uri: str, rendered: str) -> str:
        """The body of a fixed page: ours, or MkDocs' rendering when we have none."""
        page = self.fixed.get(src_uri)
        return page.body if page is not None and page.body is not None else rendered

    def use_env(self, env: jinja2.Environment) -> jinja2.Environment:
        """Keep the theme environment for the shells; its compiled templates are cached."""
        env.bytecode_cache = self.bytecode_cache()
        self.env = env
        return env

    def bytecode_cache(self) -> jinja2.BytecodeCache:
        """Compiled templates in ``.jdih/situs-cache/jinja/``: a new process need not compile the
        theme again (Jinja checks each entry against its template's source)."""
        folder = self.cache_dir / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def write_generated(self, config: MkDocsConfig) -> None:
        """Write post pages, listings, media, feeds, sitemap and the search index."""
        t0 = time.perf_counter()
        site = Path(config.site_dir)
        final = Path(config.extra.get(FINAL_DIR_KEY) or site)
        output = Output(site, final, self.cache_dir / "keluaran.pickle")
        assert self.env is not None and self.nav is not None and self.files is not None
        shells = Shells(config, self.env, self.nav, self.files)
        posts = self.collection.posts
        desc_site = config.site_description or config.site_name
        frag_file = self.cache_dir / "halaman.pickle"
        # Cached bodies and link-preview tags also depend on the code that makes them.
        here = Path(__file__).resolve().parent
        code = hashlib.sha256(b"".join((here / f).read_bytes() for f in ("pages.py", "share.py"))).hexdigest()[:16]
        frag_key = self._render_key() + self._labels_key() + code + (config.site_url or "")
        old = cache.load(frag_file, frag_key)
        frags: dict[str, tuple[str, str]] = {}
        base_url = (config.site_url or "").rstrip("/") + "/"
        for page in generated_pages(
            posts,
            Fragments(self.labels, tag_pages(posts), self.bytecode_cache()),
            per_page=self.office.site.per_page,
            site_url=config.site_url or "",
            site_description=desc_site,
            old=old,
            new=frags,
        ):
            shell = shells.get(page.path.count("/"), page.section)
            text = fill(
                shell,
                title=page.title,
                description=page.description,
                canonical=base_url + page.path,
                body=page.body,
                share=page.share,
            )
            output.write(page.path, text)
        cache.save(frag_file, frag_key, frags)
        self.timings["halaman"] = time.perf_counter() - t0
        t = time.perf_counter()
        self._copy_media(site)
        if self.office.desk_github is not None:  # /admin/ (Decap on GitHub) only with meja.github in kantor.yml
            # Imported here: the desk pulls in its web server and password hashing (~1 s) that a site
            # build without the GitHub desk never needs.
            from ..desk.github_admin import write_github_admin

            write_github_admin(self.proj.root, site, office=self.office, project=self.proj)
        self.timings["media"] = time.perf_counter() - t
        t = time.perf_counter()
        self._write_feeds(config, site, output.written)
        self.timings["umpan_sitemap"] = time.perf_counter() - t
        t = time.perf_counter()
        if posts and self.search is not None:  # Pagefind refuses an empty site
            self.search.finish(site / "pagefind")
        elif (site / "pagefind").exists():
            shutil.rmtree(site / "pagefind")
        self.timings["indeks_cari"] = time.perf_counter() - t
        output.finish()
        self.timings["post_build"] = time.perf_counter() - t0
        log.info(
            "JDIH: %d pos terbit, %d halaman dibuat; waktu: %s",
            len(posts),
            len(output.written),
            ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()),
        )

    def stop(self) -> None:
        """The build failed or was interrupted: stop the background indexer."""
        if self.search is not None:
            self.search.cancel()

    # -- parts --------------------------------------------------------------------------
    def _labels(self) -> Labels:
        cats = {c.id: c.label for c in self.proj.sop.categories.values()}
        try:
            names = {k: v.name for k, v in self.proj.platforms.items()}
        except JdihError:
            names = {}
        return Labels(cats, names)

    def _render_key(self) -> str:
        # Cached entries hold rendered captions, checked media and the published/approved
        # decision: they depend on the code that makes them and on which states are published.
        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for path in [
            here / "collect.py",
            here / "sanitize.py",
            here / "media.py",
            *sorted(FRAGMENTS.glob("*.html")),
        ]:
            h.update(path.read_bytes())
        sop = self.proj.sop
        h.update(repr(sorted((s.id, s.published) for s in sop.states.values())).encode())
        h.update(repr(sorted((t.source or "", t.target) for t in sop.transitions)).encode())
        h.update(sop.office.timezone.encode())
        h.update(str(self.proj.root.resolve()).encode())  # cached entries hold absolute media paths
        return h.hexdigest()[:16]

    def _labels_key(self) -> str:
        # Rendered post fragments also show category labels and platform names.
        return hashlib.sha256(repr(self.labels).encode()).hexdigest()[:16]

    def _copy_media(self, site: Path) -> None:
        for p in self.collection.posts:
            for m in p.media:
                place(Path(m.src), site / media_path(m))
        self._place_variants(site)
        thumbs = self.cache_dir / "thumb"
        # The small WebP of every image wider than it: home cards and the srcset of post pages.
        home = {p.media[0].digest for p in self.collection.posts[: self.office.site.home] if p.media}
        for m in {m.digest: m for p in self.collection.posts for m in p.media}.values():
            targets = ([CARD_WIDTH, THUMB_WIDTH] if m.digest in home else []) + (
                [THUMB_WIDTH] if m.width > THUMB_WIDTH else []
            )
            for target in dict.fromkeys(targets):
                cached = thumbs / Path(thumb_path(m, target)).name
                if not cached.exists():
                    make_thumb(Path(m.src), cached, target)
                place(cached, site / thumb_path(m, target))
        for p in self.collection.posts:  # link previews whose original image does not fit
            if p.media and share.needs_conversion(p.media[0]):
                m = p.media[0]
                cached = thumbs / Path(share.preview_path(m)).name
                if not cached.exists():
                    make_preview(Path(m.src), cached, share.preview_size(m.width, m.height))
                place(cached, site / share.preview_path(m))

    def _place_variants(self, site: Path) -> None:
        """Approved media and their converted JPEGs: Instagram/Threads/TikTok fetch the converted
        image (4:5..1.91:1 ...) by its own URL. Conversions are kept in the cache by media digest,
        so a rebuild neither converts again nor loads the publishing code."""
        index_file = self.cache_dir / "varian.pickle"
        rules = Path(__file__).resolve().parent.parent / "publishing" / "images.py"
        key = hashlib.sha256(rules.read_bytes()).hexdigest()[:16]  # the conversion rules
        old: dict[str, list[str]] = cache.load(index_file, key)
        known: dict[str, list[str]] = {}
        folder = self.cache_dir / "varian"
        for m in self.collection.approved_media:
            place(Path(m.src), site / media_path(m))
            rels = old.get(m.digest)
            if rels is None or not all((folder / Path(rel).name).is_file() for rel in rels):
                from ..publishing.images import file_variants

                rels = []
                for rel, data in file_variants(Path(m.src)):
                    atomic_write(folder / Path(rel).name, data)
                    rels.append(rel)
            known[m.digest] = rels
            for rel in rels:
                place(folder / Path(rel).name, site / rel)
        if known != old:
            cache.save(index_file, key, known)

    def _write_feeds(self, config: MkDocsConfig, site: Path, written: list[str]) -> None:
        posts = self.collection.posts
        site_url = config.site_url or ""
        desc_site = config.site_description or config.site_name
        recent = posts[: self.office.site.feed]
        feed = feeds.FeedSite(site_url, config.site_name, desc_site, tag_pages(posts))
        (site / "feed.xml").write_text(feeds.rss(recent, feed), "utf-8")
        (site / "feed.json").write_text(feeds.json_feed(recent, feed), "utf-8")
        assert self.nav is not None
        nav_urls = {pg.url for pg in self.nav.pages}
        fixed = [pg.url for pg in self.nav.pages] + [
            f.url for f in (self.files or []) if f.is_documentation_page() and f.url not in nav_urls
        ]
        (site / feeds.SITEMAP_PAGES).write_text(feeds.sitemap([*fixed, *written], site_url), "utf-8")
        (site / "sitemap.xml").write_text(feeds.sitemap_index(site_url), "utf-8")
        (site / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own copy lists only the fixed pages
