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
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ..errors import ConfigError, JdihError
from ..files import atomic_write
from ..office import OFFICE_FILE, Office, load_office
from ..project import Project
from . import cache, feeds, search, search_early, share
from .collect import Collection, Collector
from .csp import policies
from .media import CARD_WIDTH, THUMB_WIDTH, make_preview, make_thumb
from .output import Output
from .pages import (
    FRAGMENTS,
    THEME_DIR,
    FixedPage,
    Fragments,
    GeneratedPage,
    Labels,
    Part,
    fixed_pages,
    generated_pages,
    media_path,
    tag_pages,
    thumb_path,
)
from .shell import MkDocsShells, Shells, fill, fixed_body_mark
from .sop_page import sop_markdown

if TYPE_CHECKING:  # a rebuild without MkDocs (jdih.site.quick) never imports it
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.plugins.jdih")

FINAL_DIR_KEY = "jdih_keluaran"  # config.extra: where the output ends up (set by jdih.site.build)
OUTPUT_KEY = "jdih_keluaran_berkas"  # config.extra: the Output to commit (read by jdih.site.build)
RUN_KEY = "jdih_jalan_mkdocs"  # config.extra: the MkDocsRun of this build (read by jdih.site.build)
# MkDocs' sitemap lists only the fixed pages: ours replaces it, and its gzip copy is dropped.
MKDOCS_REPLACED = ("sitemap.xml", "sitemap.xml.gz")


def import_tree(output: Output, folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under ``folder`` into ``output`` at the same relative path (``skip``: names at
    the top); returns each file's manifest key."""
    keys: dict[str, str] = {}
    for here, _, names in os.walk(folder):
        rel = os.path.relpath(here, folder)
        for name in names:
            if rel == "." and name in skip:
                continue
            path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            output.write(path, (Path(here) / name).read_bytes())
            keys[path] = output.new[path]
    return keys


@dataclass(frozen=True)
class Settings:
    """The MkDocs settings that pages made outside MkDocs use."""

    site_url: str
    site_name: str
    site_description: str  # mkdocs.yml's, else the site name


@dataclass(frozen=True)
class MkDocsRun:
    """What one MkDocs run made, kept so that a rebuild whose MkDocs inputs did not change need
    not run MkDocs (:mod:`jdih.site.quick`): its files in ``.jdih/situs-cache/mkdocs/`` (manifest
    keys), the fixed pages as shells around their body (source name -> output path, marker,
    shell), the shells of generated pages, the fixed pages' URLs for the sitemap, and a digest
    of the fixed pages' Markdown (part of MkDocs' input)."""

    final: str
    settings: Settings
    files: dict[str, str]
    fixed_shells: dict[str, tuple[str, str, str]]
    shells: dict[tuple[int, str], str]
    fixed_urls: list[str]
    fixed_digest: str
    theme_dirs: dict[str, str]  # theme folders other than ours and the installed packages' -> tree digest


def _other_theme_dirs(dirs: list[str]) -> dict[str, str]:
    """Theme folders of mkdocs.yml (``custom_dir``) with a digest of their files; ours and those of
    the installed MkDocs and Material are covered by the code and the package versions."""
    import material
    import mkdocs

    own = [THEME_DIR, Path(material.__file__).resolve().parent, Path(mkdocs.__file__).resolve().parent]
    out: dict[str, str] = {}
    for d in dirs:
        path = Path(d).resolve()
        if not any(path == o or o in path.parents for o in own):
            out[str(path)] = cache.tree_digest(path)
    return out


def fixed_digest(fixed: dict[str, FixedPage]) -> str:
    """A digest of what MkDocs reads of the fixed pages (their Markdown, and whether it renders it)."""
    items = sorted((src, page.markdown, page.body is None) for src, page in fixed.items())
    return hashlib.blake2b(repr(items).encode(), digest_size=16).hexdigest()


class SiteBuild:
    """State of one build (and, under ``mkdocs serve``, of the rebuilds that follow)."""

    def __init__(self) -> None:
        self.preview = False
        self.project: Project | None = None
        self.office = Office()
        self.collection = Collection([], [])
        self.labels = Labels({}, {})
        self.fixed: dict[str, FixedPage] = {}
        self.fixed_shells: dict[str, tuple[str, str, str]] = {}
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
        return self.proj.state_dir / cache.CACHE_DIR

    def start(self, command: str) -> None:
        """A new ``mkdocs`` command: ``serve`` is a local preview (relaxed CSP for live reload)."""
        self.preview = command == "serve"

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check mkdocs.yml, put our theme layer first, decide the CSP, read content/ and start
        the search index in the background."""
        root = Path(config.config_file_path).resolve().parent
        self.project = Project(root)
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
        self.load(root)
        return config

    def load(self, root: Path) -> None:
        """Read the office settings and content/, and start the search index in the background."""
        self.project = Project(root)
        self.office = load_office(root)
        self.labels = self._labels()
        t = time.perf_counter()
        collector = Collector(self.proj, self._render_key())
        files = collector.scan()
        self.search = search.SearchIndex(self.cache_dir)
        self._start_early(collector, files)
        self.timings["cari_awal"] = time.perf_counter() - t
        t = time.perf_counter()
        self.collection = collector.collect(files)
        for line in self.collection.skipped:
            log.info("JDIH: media tidak disalin ke situs: %s", line)
        self.timings["baca_konten"] = time.perf_counter() - t
        t = time.perf_counter()
        # Start Pagefind at once: it runs while MkDocs lists files and we write pages.
        if self.collection.posts:
            self.search.start(self.collection.posts, self.labels.category)
        self.timings["sumber_cari"] = time.perf_counter() - t

    def _start_early(self, collector: Collector, files: list[tuple[str, str, os.stat_result]]) -> None:
        """Start reindexing the parts of the posts changed since the last build before reading
        the others (:mod:`jdih.site.search_early`); a post that cannot be read is left to
        :meth:`Collector.collect`, which says why."""
        assert self.search is not None
        try:
            changed = collector.changed(files, search_early.LIMIT)
        except Exception:  # a guess only: whatever stops it, collect() reads the post and reports it
            return
        if changed:
            search_early.start_early(self.search, changed, self.labels.category)

    def make_fixed(self, site_name: str) -> dict[str, FixedPage]:
        """The fixed pages (home, indexes, SOP, Tentang, Cari) of the content read by :meth:`load`."""
        csp = policies(self.preview)
        frag = Fragments(self.labels, bytecode_cache=self.bytecode_cache())
        self.fixed = fixed_pages(
            self.collection.posts,
            self.office,
            frag,
            site_name=site_name,
            cari_csp=csp.cari,
            sop_markdown=sop_markdown(self.proj.sop, self.proj.root / "sop", csp.sop),
        )
        return self.fixed

    def add_fixed_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Drop every file of docs_dir and add the generated fixed pages."""
        from mkdocs.structure.files import File, Files, InclusionLevel

        docs = Path(config.docs_dir).resolve()
        kept = [f for f in files if not (f.abs_src_path and docs in Path(f.abs_src_path).resolve().parents)]
        self.make_fixed(config.site_name)
        out = Files(kept)
        for src, page in self.fixed.items():
            out.append(File.generated(config, src, content=page.markdown, inclusion=InclusionLevel.INCLUDED))
        self.files = out
        return out

    def body_of(self, src_uri: str, rendered: str) -> str:
        """The body of a fixed page as MkDocs renders it: a marker standing for ours (filled in by
        :meth:`fill_fixed`), or MkDocs' rendering when we have none."""
        page = self.fixed.get(src_uri)
        return fixed_body_mark(page.body) if page is not None and page.body is not None else rendered

    def fill_fixed(self, html: str, src_uri: str, dest_uri: str) -> str:
        """A fixed page rendered by MkDocs with our body in place of its marker; the page with the
        marker is kept as that page's shell."""
        page = self.fixed.get(src_uri)
        if page is None or page.body is None:
            return html
        mark = fixed_body_mark(page.body)
        self.fixed_shells[src_uri] = (dest_uri, mark, html)
        return html.replace(mark, page.body)

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
        """Write post pages, listings, media, feeds, sitemap and the search index.

        Under ``jdih situs bangun`` (``FINAL_DIR_KEY`` set) MkDocs has built into a folder of
        the cache; its files and ours are compared with the output's manifest and only changed
        files are staged, committed by :mod:`jdih.site.build` (:class:`Output`). Otherwise
        (``mkdocs serve``, plain ``mkdocs build``) everything goes straight into MkDocs' folder.
        """
        site = Path(config.site_dir)
        final = config.extra.get(FINAL_DIR_KEY)
        mkdocs_files: dict[str, str] = {}
        if final:
            output = Output(Path(final), self.cache_dir)
            config.extra[OUTPUT_KEY] = output
            mkdocs_files = import_tree(output, site, skip=MKDOCS_REPLACED)
        else:
            output = Output(site)
            for name in MKDOCS_REPLACED:
                (site / name).unlink(missing_ok=True)
        assert self.env is not None and self.nav is not None and self.files is not None
        shells = MkDocsShells(config, self.env, self.nav, self.files)
        settings = Settings(config.site_url or "", config.site_name, config.site_description or config.site_name)
        nav_urls = {pg.url for pg in self.nav.pages}
        fixed_urls = [pg.url for pg in self.nav.pages] + [
            f.url for f in self.files if f.is_documentation_page() and f.url not in nav_urls
        ]
        self.write_site(output, settings, shells, fixed_urls)
        if final:
            filled = {dest for dest, _, _ in self.fixed_shells.values()}
            config.extra[RUN_KEY] = MkDocsRun(
                final=str(final),
                settings=settings,
                files={rel: key for rel, key in mkdocs_files.items() if rel not in filled},
                fixed_shells=dict(self.fixed_shells),
                shells=dict(shells.made),
                fixed_urls=fixed_urls,
                fixed_digest=fixed_digest(self.fixed),
                theme_dirs=_other_theme_dirs(config.theme.dirs),
            )

    def write_fixed(self, output: Output, run: MkDocsRun) -> None:
        """The fixed pages and MkDocs' other files as the MkDocs run ``run`` made them, with the
        bodies of :meth:`make_fixed` (for a rebuild without MkDocs)."""
        mkdocs_dir = self.cache_dir / cache.MKDOCS_DIR
        for rel, key in run.files.items():
            output.write_made(rel, key, (mkdocs_dir / rel).read_bytes)
        for src, (dest, mark, shell) in run.fixed_shells.items():
            body = self.fixed[src].body
            assert body is not None
            output.write(dest, shell.replace(mark, body).encode())

    def write_site(self, output: Output, settings: Settings, shells: Shells, fixed_urls: list[str]) -> None:
        """Everything of the site but MkDocs' own files: post pages and listings in their shells,
        media, the GitHub desk's /admin/, feeds, sitemap and the search index."""
        t0 = time.perf_counter()
        posts = self.collection.posts
        desc_site = settings.site_description
        # Cached bodies and link-preview tags also depend on the code that makes them.
        here = Path(__file__).resolve().parent
        code = hashlib.sha256(b"".join((here / f).read_bytes() for f in ("pages.py", "share.py"))).hexdigest()[:16]
        frag_key = self._render_key() + self._labels_key() + code + settings.site_url
        (self.cache_dir / "halaman.pickle").unlink(missing_ok=True)  # the cache before it was split
        store = cache.Shards(self.cache_dir / "halaman", frag_key)
        used: set[str] = set()

        def part_html(part: Part) -> str:
            if not part.key:
                return part.render()
            hit = store.get(part.key)
            if hit is not None and hit[0] == part.source and part.source:
                return str(hit[1])
            text = part.render()
            store.put(part.key, (part.source, text))
            return text

        base_url = settings.site_url.rstrip("/") + "/"
        written: list[str] = []
        for page in generated_pages(
            posts,
            Fragments(self.labels, tag_pages(posts), self.bytecode_cache()),
            per_page=self.office.site.per_page,
            site_url=settings.site_url,
            site_description=desc_site,
        ):
            depth, section = page.path.count("/"), page.section
            canonical = base_url + page.path
            # A page is made (its body and tags rendered or read from the cache) only when its
            # shell or what its parts are made of changed: the output's manifest has this key.
            key = hashlib.blake2b(
                "\0".join(
                    [
                        shells.digest(depth, section),
                        frag_key,
                        page.title,
                        page.description,
                        canonical,
                        page.body.key,
                        page.body.source,
                        page.share.key,
                        page.share.source,
                    ]
                ).encode(),
                digest_size=16,
            ).hexdigest()
            used.update((page.body.key, page.share.key))

            def make(p: GeneratedPage = page, d: int = depth, c: str = canonical) -> bytes:
                shell = shells.get(d, p.section)
                text = fill(
                    shell,
                    title=p.title,
                    description=p.description,
                    canonical=c,
                    body=part_html(p.body),
                    share=part_html(p.share),
                )
                return text.encode()

            output.write_made(page.path + "index.html", "p:" + key, make)
            written.append(page.path)
        store.save(keep=used)
        self.timings["halaman"] = time.perf_counter() - t0
        t = time.perf_counter()
        self._copy_media(output)
        if self.office.desk_github is not None:  # /admin/ (Decap on GitHub) only with meja.github in kantor.yml
            # Imported here: the desk pulls in its web server and password hashing (~1 s) that a site
            # build without the GitHub desk never needs.
            from ..desk.github_admin import write_github_admin

            made = self.cache_dir / "admin-sementara"
            shutil.rmtree(made, ignore_errors=True)
            write_github_admin(self.proj.root, made, office=self.office, project=self.proj)
            import_tree(output, made)
            shutil.rmtree(made, ignore_errors=True)
        self.timings["media"] = time.perf_counter() - t
        t = time.perf_counter()
        self._write_feeds(settings, output, [*fixed_urls, *written])
        self.timings["umpan_sitemap"] = time.perf_counter() - t
        t = time.perf_counter()
        if posts and self.search is not None:  # Pagefind refuses an empty site
            self.search.finish(output)
            self.timings.update({f"cari_{k}": v for k, v in self.search.timings.items()})
        self.timings["indeks_cari"] = time.perf_counter() - t
        self.timings["post_build"] = time.perf_counter() - t0
        log.info(
            "JDIH: %d pos terbit, %d halaman dibuat, %d berkas ditulis; waktu: %s",
            len(posts),
            len(written),
            len(output.staged),
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

    def _copy_media(self, output: Output) -> None:
        for p in self.collection.posts:
            for m in p.media:
                output.place(media_path(m), m.src, m.digest)
        self._place_variants(output)
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
                output.place(thumb_path(m, target), cached, thumb_path(m, target))
        for p in self.collection.posts:  # link previews whose original image does not fit
            if p.media and share.needs_conversion(p.media[0]):
                m = p.media[0]
                cached = thumbs / Path(share.preview_path(m)).name
                if not cached.exists():
                    make_preview(Path(m.src), cached, share.preview_size(m.width, m.height))
                output.place(share.preview_path(m), cached, share.preview_path(m))

    def _place_variants(self, output: Output) -> None:
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
            output.place(media_path(m), m.src, m.digest)
            rels = old.get(m.digest)
            if rels is None or not all((folder / Path(rel).name).is_file() for rel in rels):
                from ..publishing.images import file_variants

                rels = []
                for rel, data in file_variants(Path(m.src)):
                    atomic_write(folder / Path(rel).name, data)
                    rels.append(rel)
            known[m.digest] = rels
            for rel in rels:
                output.place(rel, folder / Path(rel).name, rel)  # content-addressed
        if known != old:
            cache.save(index_file, key, known)

    def _write_feeds(self, settings: Settings, output: Output, urls: list[str]) -> None:
        posts = self.collection.posts
        site_url = settings.site_url
        recent = posts[: self.office.site.feed]
        feed = feeds.FeedSite(site_url, settings.site_name, settings.site_description, tag_pages(posts))
        output.write("feed.xml", feeds.rss(recent, feed).encode())
        output.write("feed.json", feeds.json_feed(recent, feed).encode())
        output.write(feeds.SITEMAP_PAGES, feeds.sitemap(urls, site_url).encode())
        output.write("sitemap.xml", feeds.sitemap_index(site_url).encode())
