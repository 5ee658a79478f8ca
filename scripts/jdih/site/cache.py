"""Pickled caches of the site build in ``.jdih/situs-cache/`` (posts, fragments, output manifest).

A cache is a hint: a missing, damaged or foreign file (other key) reads as empty, and a write
is atomic, so a build killed at any point never leaves a cache that later builds trust wrongly.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path
from typing import Any

from ..files import atomic_write

CACHE_DIR = "situs-cache"  # in .jdih/
MKDOCS_DIR = "mkdocs"  # in CACHE_DIR: what MkDocs itself builds under `jdih situs bangun`


def load(path: Path, key: str) -> dict[str, Any]:
    """The cached mapping stored under ``key``, or ``{}``."""
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, dict) and data.get("kunci") == key:
            return dict(data["isi"])
    except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError, TypeError, ValueError, ImportError):
        pass
    return {}


def save(path: Path, key: str, value: dict[str, Any]) -> None:
    """Store ``value`` under ``key`` (atomically)."""
    atomic_write(path, pickle.dumps({"kunci": key, "isi": value}, protocol=5))


def tree_digest(folder: Path) -> str:
    """A digest of the names, sizes and modification times of the files under ``folder``."""
    import hashlib

    entries = sorted(
        (str(p.relative_to(folder)), st.st_size, st.st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and (st := p.stat())
    )
    return hashlib.blake2b(repr(entries).encode(), digest_size=16).hexdigest()


class Shards:
    """A cached mapping kept in ``count`` pickles in ``folder`` (split by key), each loaded when
    first used and saved only when it changed: a rebuild after one change rewrites one small
    file instead of the whole cache (80 MB of page bodies at 10,000 posts)."""

    def __init__(self, folder: Path, key: str, count: int = 64) -> None:
        self.folder = folder
        self.key = key
        self.count = count
        self._loaded: dict[int, dict[str, Any]] = {}
        self._changed: set[int] = set()

    def _shard(self, name: str) -> tuple[int, dict[str, Any]]:
        n = zlib.crc32(name.encode()) % self.count
        if n not in self._loaded:
            self._loaded[n] = load(self.folder / f"{n:02d}.pickle", self.key)
        return n, self._loaded[n]

    def get(self, name: str) -> Any:
        """The cached value of ``name``, or None."""
        return self._shard(name)[1].get(name)

    def put(self, name: str, value: Any) -> None:
        """Cache ``value`` as ``name``."""
        n, shard = self._shard(name)
        shard[name] = value
        self._changed.add(n)

    @property
    def changed(self) -> bool:
        """Has an entry been put or forgotten since the last :meth:`save`?"""
        return bool(self._changed)

    def load_all(self) -> dict[str, Any]:
        """Every cached entry (every shard loaded)."""
        out: dict[str, Any] = {}
        for n in range(self.count):
            if n not in self._loaded:
                self._loaded[n] = load(self.folder / f"{n:02d}.pickle", self.key)
            out.update(self._loaded[n])
        return out

    def save(self, keep: set[str] | frozenset[str] | None = None) -> None:
        """Write the shards that changed, without the entries not in ``keep`` (if given). An entry
        gone from ``keep`` whose shard did not change stays until that shard next does."""
        for n in sorted(self._changed):
            shard = self._loaded[n]
            if keep is not None:
                shard = {k: v for k, v in shard.items() if k in keep}
            save(self.folder / f"{n:02d}.pickle", self.key, shard)
        self._changed.clear()

    def forget(self, names: set[str]) -> None:
        """Drop ``names`` (their shards are loaded and saved at the next :meth:`save`)."""
        for name in names:
            n, shard = self._shard(name)
            if shard.pop(name, None) is not None:
                self._changed.add(n)
