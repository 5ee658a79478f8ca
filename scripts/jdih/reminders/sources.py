"""The posts in progress a reminder run looks at: ``main``'s ``content/``, ``konten/`` branches, open PRs.

The branch posts come from the workflow layer (:func:`jdih.gitflow.branch_posts.branch_posts`, the
same list ``jdih status`` shows); open pull requests (head branch -> number) are read by the caller
when it has a GitHub token, and give the post its pull-request link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..post import load_posts
from ..project import Project
from .plan import TrackedPost

PullUrl = Callable[[int], str]


def tracked_posts(project: Project, pulls: Mapping[str, int] | None = None, pull_url: PullUrl | None = None
                  ) -> tuple[list[TrackedPost], list[str]]:
    """Every post of the working tree and of unmerged ``konten/`` branches, and a warning per unreadable file."""
    from ..gitflow.branch_posts import branch_posts

    posts, broken = load_posts(project.content_dir)
    found, errors = branch_posts(project.root, project.content_dir, project.state_dir, lambda: {p.id for p in posts})
    out = [TrackedPost(p) for p in posts]
    for b in found:
        number = (pulls or {}).get(b.branch)
        origin = f"cabang {b.branch}" + (f", pull request #{number}" if number else "")
        link = pull_url(number) if number and pull_url else None
        out.append(TrackedPost(b.post, origin=origin, link=link))
    warnings = [f"{e.location() or 'konten'}: {e.message} (konten ini tidak dapat dibaca sehingga tidak diingatkan)"
                for e in [*broken, *errors]]
    return out, warnings
