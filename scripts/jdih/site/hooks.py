"""MkDocs hooks file (``hooks:`` in mkdocs.yml): the MkDocs events of the JDIH site, and nothing else.

Each event hands over to the one :class:`~jdih.site.generator.SiteBuild` of this process.
Our Indonesian errors become MkDocs ``PluginError`` (a clean message under plain ``mkdocs
build``); :func:`on_build_error` stops the background indexer. MkDocs loads this file by
path, so it only imports the installed package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from jdih.errors import JdihError
from jdih.site.generator import SiteBuild

T = TypeVar("T")
_site = SiteBuild()


def _guarded(fn: Callable[..., T], *args: Any) -> T:
    try:
        return fn(*args)
    except JdihError as exc:
        where = exc.location()
        raise PluginError(f"{where}: {exc.message}" if where else exc.message) from exc
    except OSError as exc:
        raise PluginError(f"situs tidak dapat ditulis: {exc}") from exc


def on_startup(command: str, dirty: bool) -> None:
    """``build``, ``gh-deploy`` or ``serve``: decides whether this is a local preview."""
    _site.start(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check and complete the configuration; read content/."""
    return _guarded(_site.configure, config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Replace the files of docs_dir with the generated fixed pages."""
    return _guarded(_site.add_fixed_pages, files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Keep the navigation for the theme shells."""
    _site.nav = nav
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Keep the theme environment for the theme shells (its compiled templates cached)."""
    return _site.use_env(env)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fixed pages whose body we render ourselves get it here (not through Markdown)."""
    return _site.body_of(page.file.src_uri, html)


def on_post_build(config: MkDocsConfig) -> None:
    """Write everything MkDocs does not: post pages, listings, media, feeds, search index."""
    _guarded(_site.write_generated, config)


def on_build_error(error: Exception) -> None:
    """The build failed: stop the background indexer."""
    _site.stop()


def on_shutdown() -> None:
    """End of the MkDocs command (also after Ctrl-C under ``mkdocs serve``)."""
    _site.stop()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """A fixed page with our body: keep its shell, put the body in."""
    return _site.fill_fixed(output, page.file.src_uri, page.file.dest_uri)
