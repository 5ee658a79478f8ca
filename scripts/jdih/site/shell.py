"""Theme shells: a Material page rendered once per URL depth and nav section, with markers.

Post pages and listings (thousands at 10,000 posts) are not rendered by MkDocs one by one;
each is the shell of its depth and section with the markers replaced, which keeps a large
build within seconds. The markers are plain words, so no escaping in the theme touches them.
"""

from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # MkDocs is imported only when a shell is rendered (a rebuild may reuse them all)
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

MARK_TITLE = "JDIHPENANDAJUDUL"
MARK_DESC = "JDIHPENANDADESKRIPSI"
MARK_CANON = "https://jdih.invalid/JDIHPENANDAKANONIK"
MARK_BODY = "JDIHPENANDAISI<!--<h1>-->"  # the comment stops Material from adding its own <h1>
MARK_SHARE = "<!--JDIHPENANDABAGIKAN-->"  # the page's og:image/twitter tags (jdih.site.share)
MARKS = (MARK_TITLE, MARK_DESC, MARK_CANON, MARK_BODY, MARK_SHARE)
# The body of a fixed page whose own HTML has no <h1> (Material then adds the page title as one).
MARK_FIXED_BODY = "JDIHPENANDAISITETAP"


class MissingShell(LookupError):
    """A shell that the saved shells of the previous MkDocs run do not have."""


def fixed_body_mark(body: str) -> str:
    """The marker standing for ``body`` in a fixed page rendered by MkDocs: Material adds an
    ``<h1>`` only to content without one, so the marker has one exactly when the body does."""
    return MARK_BODY if "<h1" in body else MARK_FIXED_BODY


class Shells:
    """Shells of one build: rendered by MkDocs' theme environment (:class:`MkDocsShells`), or the
    ones saved from the previous MkDocs run (``made``; another one raises :class:`MissingShell`)."""

    def __init__(self, made: dict[tuple[int, str], str] | None = None) -> None:
        self.made: dict[tuple[int, str], str] = dict(made or {})
        self._digests: dict[tuple[int, str], str] = {}

    def get(self, depth: int, section: str) -> str:
        """The shell for a page ``depth`` folders deep whose nav tab is ``section``."""
        key = (depth, section)
        if key not in self.made:
            self.made[key] = self._render(depth, section)
        return self.made[key]

    def digest(self, depth: int, section: str) -> str:
        """A digest of :meth:`get`'s shell (a page made from it changes when it does)."""
        key = (depth, section)
        if key not in self._digests:
            self._digests[key] = hashlib.blake2b(self.get(depth, section).encode(), digest_size=16).hexdigest()
        return self._digests[key]

    def _render(self, depth: int, section: str) -> str:
        raise MissingShell(f"{depth}:{section}")


class MkDocsShells(Shells):
    """Shells rendered with MkDocs' theme environment, navigation and files."""

    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, nav: Navigation, files: Files) -> None:
        super().__init__()
        self.config = config
        self.env = env
        self.nav = nav
        self.files = files

    def _render(self, depth: int, section: str) -> str:
        from mkdocs.commands.build import get_context
        from mkdocs.exceptions import PluginError
        from mkdocs.structure.files import File, InclusionLevel
        from mkdocs.structure.pages import Page
        from mkdocs.utils import get_relative_url

        src = "/".join(["jdihkerangka"] * depth) + "/index.md"
        file = File.generated(self.config, src, content="", inclusion=InclusionLevel.INCLUDED)
        page = Page(MARK_TITLE, file, self.config)
        page.content = MARK_BODY
        page.meta = {"description": MARK_DESC, "hide": ["navigation", "toc"], "jdih_bagikan": MARK_SHARE}
        page.canonical_url = MARK_CANON
        active = next((p for p in self.nav.pages if p.url == section), None)
        if active is not None:
            active.active = True
        try:
            ctx = get_context(self.nav, self.files, self.config, page, get_relative_url(".", page.url))
            text = self.env.get_template("main.html").render(ctx)
        finally:
            if active is not None:
                active.active = False
        for mark in MARKS:
            if mark not in text:
                raise PluginError(f"templat tema tidak memuat penanda {mark}")
        return text


def fill(shell: str, *, title: str, description: str, canonical: str, body: str, share: str) -> str:
    """The shell with its markers replaced (``body`` and ``share`` are trusted HTML, the rest is escaped)."""
    return (
        shell.replace(MARK_SHARE, share)
        .replace(MARK_TITLE, html.escape(title, quote=True))
        .replace(MARK_DESC, html.escape(description, quote=True))
        .replace(MARK_CANON, html.escape(canonical, quote=True))
        .replace(MARK_BODY, body)
    )
