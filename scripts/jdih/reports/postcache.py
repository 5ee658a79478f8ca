"""Reading all posts for a report, with a local cache of parsed files.

Parsing the YAML front matter of 10,000 posts costs ~0.7 ms each (7 s); unchanged files are
taken from a pickle in ``.jdih/cache/`` keyed by path, modification time and size. The cache
is local working state (never committed, safe to delete) and is dropped whenever the parser
code (``post.py``, ``yamlsrc.py``) or the Python version changes. Errors are never cached:
an unreadable file is parsed (and reported) again on every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

from .. import post as post_module
from .. import yamlsrc
from ..errors import PostFormatError
from ..files import atomic_write
from ..post import Post, iter_post_files, read_post

CACHE_FILE = "konten-terurai.pickle"


def _code_version() -> str:
    h = hashlib.sha256(sys.version.encode())
    for mod in (post_module, yamlsrc):
        src = getattr(mod, "__file__", None)
        if src:
            h.update(Path(src).read_bytes())
    return h.hexdigest()


def load_posts_cached(content_root: Path, cache_dir: Path | None) -> tuple[list[Post], list[PostFormatError]]:
    """Like :func:`jdih.post.load_posts`, re-using parsed posts whose file did not change."""
    version = _code_version()
    root_key = str(content_root.resolve())
    cached: dict[str, tuple[int, int, Post]] = {}
    path = cache_dir / CACHE_FILE if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                # Our own cache file in .jdih/ (local, never committed): trusted like the checkout.
                data: Any = pickle.load(fh)
            if isinstance(data, dict) and data.get("versi") == version and data.get("root") == root_key:
                cached = data["posts"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, KeyError):
            cached = {}
    posts: list[Post] = []
    errors: list[PostFormatError] = []
    fresh: dict[str, tuple[int, int, Post]] = {}
    changed = False
    listed: list[tuple[Path, int, int, Post | None]] = []
    for file in iter_post_files(content_root):
        try:
            st = file.stat()
        except OSError:
            continue
        hit = cached.get(str(file))
        ok = hit is not None and hit[0] == st.st_mtime_ns and hit[1] == st.st_size
        listed.append((file, st.st_mtime_ns, st.st_size, hit[2] if ok and hit is not None else None))
    misses = [file for file, _m, _s, post in listed if post is None]
    parsed = _parse_all(misses, content_root)
    for file, mtime, size, post in listed:
        if post is None:
            changed = True
            result = parsed[str(file)]
            if isinstance(result, PostFormatError):
                errors.append(result)
                continue
            post = result
        fresh[str(file)] = (mtime, size, post)
        posts.append(post)
    if path is not None and (changed or len(fresh) != len(cached)):
        with contextlib.suppress(OSError):  # the cache only saves time
            atomic_write(path, pickle.dumps({"versi": version, "root": root_key, "posts": fresh},
                                            protocol=pickle.HIGHEST_PROTOCOL))
    return posts, errors



def _parse_all(files: list[Path], content_root: Path) -> dict[str, Post | PostFormatError]:
    """Parse ``files`` in this process. (A second worker process was measured: on a first run the
    ``git log`` started in the background is the longer path, and shipping 10,000 parsed posts back
    costs ~1.4 s of pickling, so it made the report slower, not faster; see bench/reports/README.md.)"""
    out: dict[str, Post | PostFormatError] = {}
    for file in files:
        try:
            out[str(file)] = read_post(file, content_root)
        except PostFormatError as exc:
            out[str(file)] = exc
    return out
