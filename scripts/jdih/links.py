"""Public URLs on the JDIH site: the canonical page of a post and content-addressed media.

The post's own page is its canonical link (platform captions carry it; announcements send
it). Approved media are served at unguessable content-addressed URLs so platforms that pull
images (Instagram, Threads) can fetch them before the post page is public.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

MEDIA_DIR = "m"  # /m/<sha256 prefix><ext> on the site


def post_path(post_id: str) -> str:
    """Site-relative path of a post page: ``2026/mengenal-pkpu-8-2024/``."""
    return f"{post_id.strip('/')}/"


def post_url(site_url: str, post_id: str) -> str:
    """Absolute URL of a post page."""
    return site_url.rstrip("/") + "/" + post_path(post_id)


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def media_path(digest: str, suffix: str) -> str:
    """Site-relative path of a content-addressed media file: ``m/<32 hex><.jpg>``."""
    return f"{MEDIA_DIR}/{digest[:32]}{suffix.lower()}"


def media_url(site_url: str, digest: str, suffix: str) -> str:
    """Absolute URL of a content-addressed media file."""
    return site_url.rstrip("/") + "/" + media_path(digest, suffix)
