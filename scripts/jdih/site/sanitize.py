"""Captions are untrusted: Markdown is rendered, then the HTML is cleaned with an nh3 allowlist.

Python-Markdown passes raw HTML and ``javascript:`` links through, so sanitizing happens
after rendering (security.md §4). Only plain text structure and https/mailto links survive.

Captions are social-media text first: a line break is a line break (``nl2br``), and a
``#Tag`` at the start of a line is a hashtag, not a heading (Python-Markdown would read it as
one; a heading needs a space after the ``#``, as in CommonMark).
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3", "h4", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_md = markdown.Markdown(extensions=["nl2br"], output_format="html")
_TAG = re.compile(r"<[^>]*>")
# "#" directly followed by a word character (not a space, not another "#") at a line start,
# also after a blockquote or list marker.
_HASHTAG_AT_LINE_START = re.compile(r"(?m)^((?:[ \t]{0,3}>[ \t]?|[ \t]*(?:[-*+]|\d+[.)])[ \t]+)*[ \t]{0,3})#(?=[^\s#])")


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
    _md.reset()
    return clean_html(_md.convert(_HASHTAG_AT_LINE_START.sub(r"\1\\#", text)))


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
