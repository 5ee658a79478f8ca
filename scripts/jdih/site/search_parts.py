"""How the search index is cut into parts, each indexed by its own Pagefind run.

Pagefind's memory grows with the number of documents it indexes at once (about 0.1 MB per post)
and it has no incremental mode. Cutting the posts into parts of at most ``PART_SIZE`` bounds
the memory of one run whatever the number of posts, and a change reindexes only its part.

A part holds ``PART_SIZE`` consecutive posts in publication order: editing a post touches only
its part, and a new post (usually the newest) touches only the last part. Names are ``001``,
``002``...; the newest part comes first and is the search page's primary index. Because the
parts follow time, the search page lists results newest first by searching the newest part
alone (each document carries its publication time as Pagefind's sort key) and merges an older
part (Pagefind's ``mergeIndex``) only when it needs more results: a first search downloads one
part's metadata and word chunk whatever the number of posts. Listing by relevance merges every
part. Parts of 1,000 posts cost a first search no more than parts of 2,000 did (191.7 against
194.6 KB at 10,000 posts: Pagefind puts more words in each chunk of a smaller index) and halve
what a rebuild after one change reindexes; listing by relevance merges twice as many parts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .collect import SitePost

# About 100 MB and 1 s of Pagefind per part (0.09 MB per post measured at 2,176 posts).
PART_SIZE = 1000


@dataclass(frozen=True)
class Part:
    """One Pagefind run's documents."""

    name: str
    posts: tuple[SitePost, ...]


def plan_parts(posts: list[SitePost], size: int = PART_SIZE) -> list[Part]:
    """Cut ``posts`` into parts of at most ``size`` posts, newest part first."""
    ordered = sorted(posts, key=lambda p: (p.published, p.id))
    parts = [
        Part(f"{n:03d}", tuple(ordered[start : start + size]))
        for n, start in enumerate(range(0, len(ordered), size), start=1)
    ]
    return parts[::-1]


def filter_counts(filters: list[list[tuple[str, str]]]) -> dict[str, dict[str, int]]:
    """Count every value of every filter, as Pagefind would, from the filters of each post.

    The search page shows these counts without downloading Pagefind's filter chunks (tens of
    kilobytes at 10,000 posts); Pagefind loads a filter's chunk only when it is used.
    """
    counts: dict[str, Counter[str]] = {}
    for marks in filters:
        for key, value in marks:
            counts.setdefault(key, Counter())[value] += 1
    return {k: dict(sorted(c.items())) for k, c in sorted(counts.items())}
