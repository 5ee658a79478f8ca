"""Start reindexing the part of a changed post before the rest of content/ is read.

After one post changed, a rebuild lasts as long as Pagefind reindexing that post's part (1,000
posts at 10,000), and that run could start only once every post had been read from the cache
(0.6 s at 10,000 posts). Here the posts whose ``index.md`` changed
(:meth:`~jdih.site.collect.Collector.changed`) go into the source tree of the part that held them
in the last build (its manifest names its posts) and that part's Pagefind run starts at once.

This is a guess: the build then brings every part in line as usual
(:meth:`~jdih.site.search.SearchIndex.start`), and a guessed run whose documents are not those of
one of the parts is stopped and never stored (a bundle's key names its documents), so the output
is the same whether the guess was right or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .collect import SitePost
from .search import SearchIndex
from .search_source import SOURCE_MANIFEST, doc_digest, make_doc, tree_digest, write_docs

# More changed posts than this: the rebuild reads them all anyway, the guess is not worth it.
LIMIT = 20


def start_early(index: SearchIndex, posts: list[SitePost], category_label: Callable[[str], str]) -> bool:
    """Write the documents of ``posts`` (changed, published) into the parts that held them and
    start indexing those parts; False (nothing done) when a post was in no part."""
    if not index.source.is_dir():
        return False
    saved: dict[str, dict] = {}
    owner: dict[str, str] = {}  # post id -> part name
    for folder in sorted(index.source.iterdir()):
        try:
            manifest = json.loads((folder / SOURCE_MANIFEST).read_text("utf-8"))
            listed = manifest["dokumen"]
            # A cache file of an earlier build: anything unexpected means no guess for that part.
            if not all(isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
                       for v in listed.values()):
                continue
            owner.update(dict.fromkeys(listed, folder.name))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        saved[folder.name] = manifest
    if not posts or any(p.id not in owner for p in posts):
        return False
    for name in sorted({owner[p.id] for p in posts}):
        docs: dict[str, list[str]] = saved[name]["dokumen"]
        changed = {p.id: make_doc(p, category_label) for p in posts if owner[p.id] == name}
        changed = {pid: doc for pid, doc in changed.items() if docs[pid][1] != doc_digest(doc)}
        # The source key is left unknown: the build's own sync makes (and finds equal) the document again.
        docs.update({pid: ["", doc_digest(doc)] for pid, doc in changed.items()})
        write_docs(index.source / name, saved[name]["versi"], docs, changed)
        index.index(index.source / name, index.part_key(tree_digest(docs)))
    return True
