"""How the search index is cut into parts, each indexed by its own Pagefind run.

Pagefind's memory grows with the number of documents it indexes at once (about 0.1 MB per post)
and it has no incremental mode. Cutting the posts into parts of at most ``PART_SIZE`` bounds
the memory of one run whatever the number of posts, and a change reindexes only its part.

A part holds ``PART_SIZE`` consecutive posts in publication order: editing a post touches only
its part, and a new post (usually the newest) touches only the last part. Parts are not cut
per year: every part costs the first search its own index chunk (about 20 KB for a common
word) and metadata, so there are as few parts as memory allows (one up to ``PART_SIZE``
posts). Names are ``001``, ``002``...; the newest part comes first and is the search page's
primary index, the others are merged into it in the browser (Pagefind's ``mergeIndex``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .collect import SitePost

# About 200 MB and 3 s of Pagefind per part (0.09 MB per post measured at 2,176 posts).
PART_SIZE = 2000


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
