"""Captions are untrusted: Markdown is rendered, then the HTML is cleaned with an nh3 allowlist.

Python-Markdown passes raw HTML and ``javascript:`` links through, so sanitizing happens
after rendering (security.md §4). Only plain text structure and https/mailto links survive.

Captions are social-media text first: a line break is a line break (``nl2br``), and a
``#Tag`` at the start of a line is a hashtag, not a heading (Python-Markdown would read it as
one; a heading needs a space after the ``#``, as in CommonMark). A hashtag may link to its tag
page (:func:`link_hashtags`, applied when a page is rendered, since which tags have a page is a
property of the whole site).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:  # a rebuild that renders no caption never imports Python-Markdown
    import markdown

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3", "h4", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    import markdown

    return markdown.Markdown(extensions=["nl2br"], output_format="html")


_TAG = re.compile(r"<[^>]*>")
# "#" directly followed by a word character (not a space, not another "#") at a line start,
# also after a blockquote or list marker.
_HASHTAG_AT_LINE_START = re.compile(r"(?m)^((?:[ \t]{0,3}>[ \t]?|[ \t]*(?:[-*+]|\d+[.)])[ \t]+)*[ \t]{0,3})#(?=[^\s#])")
# A tag of sanitized HTML (quoted attribute values may hold ">"), or a run of text between tags.
_HTML_TOKEN = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+""")
# A hashtag as social media read it: "#" at the start of a text or after a space or an opening
# bracket (so the fragment of "https://x.go.id/#bagian" is no hashtag), then word characters.
_HASHTAG = re.compile(r"(?<![^\s(\[])#(\w+)")
_NO_LINKS_INSIDE = frozenset({"a", "code", "pre"})  # no link in a link; code is shown as written


def clean_html(raw: str) -> str:
    """Sanitize an HTML fragment with the allowlist (scripts, handlers, styles, iframes removed)."""
    return str(
        nh3.clean(
            raw,
            tags=set(ALLOWED_TAGS),
            attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        )
    )


def render_caption(text: str) -> str:
    """Caption Markdown → safe HTML."""
    md = _markdown()
    md.reset()
    return clean_html(md.convert(_HASHTAG_AT_LINE_START.sub(r"\1\\#", text)))


def _text_runs(safe_html: str) -> list[tuple[str, bool]]:
    """``safe_html`` as (piece, is text where a hashtag may become a link) in order."""
    out: list[tuple[str, bool]] = []
    inside = 0
    for m in _HTML_TOKEN.finditer(safe_html):
        piece = m.group(0)
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _NO_LINKS_INSIDE and not piece.endswith("/>"):
                inside += -1 if piece.startswith("</") else 1
            out.append((piece, False))
        else:
            out.append((piece, inside <= 0))
    return out


def hashtags(safe_html: str) -> list[str]:
    """The hashtags (without "#") a reader sees in the running text of a caption, in order."""
    return [t for piece, text in _text_runs(safe_html) if text for t in _HASHTAG.findall(piece)]


def link_hashtags(safe_html: str, href: Callable[[str], str | None]) -> str:
    """``safe_html`` with each hashtag of its running text linked to ``href(tag)``; a hashtag whose
    ``href`` is None (no tag page) stays plain text. ``href`` must return a safe URL."""

    def link(m: re.Match[str]) -> str:
        target = href(m.group(1))
        if target is None:
            return m.group(0)
        return f'<a class="jdih-tagar" href="{html.escape(target, quote=True)}">{m.group(0)}</a>'

    return "".join(_HASHTAG.sub(link, piece) if text else piece for piece, text in _text_runs(safe_html))


def plain_text(safe_html: str) -> str:
    """Visible text of sanitized HTML (for excerpts, feeds' summaries, the search source)."""
    return " ".join(html.unescape(_TAG.sub(" ", safe_html)).split())


def excerpt(safe_html: str, limit: int = 180) -> str:
    """A short plain-text excerpt, cut on a word boundary."""
    text = plain_text(safe_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
