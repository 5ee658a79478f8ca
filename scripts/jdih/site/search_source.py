"""The lean source tree Pagefind indexes: one small HTML document per published post, per part.

Each part's folder holds a manifest (post id -> [source key of the post, digest of its
document]); a post whose source key is unchanged keeps its document, so a rebuild after one
change writes one file, and the digest of the whole tree names the part's bundle.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from collections.abc import Callable, Iterable
from datetime import UTC
from pathlib import Path

from .collect import SitePost

SOURCE_MANIFEST = ".manifest.json"  # in a part's source tree: post id -> [source key, document digest]


def filters(p: SitePost, category_label: Callable[[str], str]) -> list[tuple[str, str]]:
    """Filters of the search page (Pagefind counts them per value): year, category, series."""
    filters = [("tahun", str(p.year)), ("kategori", category_label(p.category))]
    if p.series:
        filters.append(("seri", p.series))
    return filters


# Pagefind's sort key of publication time: the search page lists results newest first by
# searching one part at a time, each sorted by it.
TIME_SORT = "terbit"


def sort_key(p: SitePost) -> str:
    """Pagefind's sort value of a post: its publication time in UTC as ISO 8601 text, which sorts
    in the order the parts are cut in (:func:`~jdih.site.search_parts.plan_parts`; posts of the
    same second keep Pagefind's order). A value Pagefind can read as a number is compared as a
    32-bit float, which cannot tell apart two timestamps written as digits; a longer value (the
    post id after the time) made Pagefind 10 % slower on a part of 2,000 posts."""
    return f"{p.published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def make_doc(p: SitePost, category_label: Callable[[str], str]) -> str:
    """The lean search document of one post (what Pagefind indexes)."""
    extra = " ".join([category_label(p.category), p.series or "", *p.tags, *(m.alt for m in p.media)])
    marks = "".join(f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>' for k, v in filters(p, category_label))
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{html.escape(p.title)}</title></head><body><main data-pagefind-body>"
        f'<h1 data-pagefind-meta="title">{html.escape(p.title)}</h1>'
        f'<div data-pagefind-meta="tanggal:{html.escape(p.date_label)}"></div>'
        f"{p.caption_html}<p>{html.escape(extra)}</p><div hidden>{marks}"
        f'<span data-pagefind-sort="{TIME_SORT}">{html.escape(sort_key(p))}</span></div></main></body></html>'
    )


def _doc_version(category_label: Callable[[str], str], posts: list[SitePost]) -> str:
    """What a document depends on besides its post: this code and the category labels."""
    labels = sorted({(p.category, category_label(p.category)) for p in posts})
    return hashlib.sha256(Path(__file__).read_bytes() + repr(labels).encode()).hexdigest()[:16]


def sync_source(posts: list[SitePost], source: Path, category_label: Callable[[str], str]) -> str:
    """Bring the lean source tree in line with ``posts``; returns a digest of the whole tree.

    Only changed documents are made and rewritten (a post whose source key is unchanged keeps its
    document) and documents of posts that left the published set are deleted, so a rebuild after
    one change touches one file.
    """
    manifest_file = source / SOURCE_MANIFEST
    version = _doc_version(category_label, posts)
    try:
        saved = json.loads(manifest_file.read_text("utf-8"))
        old: dict[str, list[str]] = saved["dokumen"]
        if saved["versi"] != version:
            raise ValueError("another version")
    except (OSError, ValueError, KeyError, TypeError):
        # Unknown documents: start again, so that no document of an unpublished post remains.
        if source.exists():
            shutil.rmtree(source)
        old = {}
    new: dict[str, list[str]] = {}
    changed: dict[str, str] = {}
    for p in posts:
        prev = old.get(p.id)
        if prev is not None and prev[0] == p.key:
            new[p.id] = prev
            continue
        doc = make_doc(p, category_label)
        digest = hashlib.sha256(doc.encode()).hexdigest()
        new[p.id] = [p.key, digest]
        if prev is None or prev[1] != digest:
            changed[p.id] = doc
    if new != old:  # else the manifest on disk is this one already
        write_docs(source, version, new, changed, removed=old.keys() - new.keys())
    return tree_digest(new)


def doc_digest(doc: str) -> str:
    """The digest of one document, as the source manifest holds it."""
    return hashlib.sha256(doc.encode()).hexdigest()


def tree_digest(docs: dict[str, list[str]]) -> str:
    """A digest of a part's source tree from its manifest (post id -> [source key, document digest])."""
    return hashlib.sha256(json.dumps(sorted((k, v[1]) for k, v in docs.items())).encode()).hexdigest()[:24]


def write_docs(
    source: Path, version: str, docs: dict[str, list[str]], changed: dict[str, str], removed: Iterable[str] = ()
) -> None:
    """Save the manifest ``docs`` of the source tree ``source`` with the documents ``changed``
    (post id -> document) written and the folders of ``removed`` deleted. While files change the
    manifest names those documents unknown, so a build killed in between never leaves a document
    under another one's digest."""
    manifest_file = source / SOURCE_MANIFEST
    source.mkdir(parents=True, exist_ok=True)
    removed = list(removed)
    if changed or removed:
        unknown = {**docs, **{pid: ["", ""] for pid in changed}}
        manifest_file.write_text(json.dumps({"versi": version, "dokumen": unknown}), "utf-8")
        for pid in removed:
            shutil.rmtree(source / pid, ignore_errors=True)
        for pid, doc in changed.items():
            dest = source / pid / "index.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(doc, encoding="utf-8")
    manifest_file.write_text(json.dumps({"versi": version, "dokumen": docs}), "utf-8")
