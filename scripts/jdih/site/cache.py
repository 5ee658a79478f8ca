"""Pickled caches of the site build in ``.jdih/situs-cache/`` (posts, fragments, output manifest).

A cache is a hint: a missing, damaged or foreign file (other key) reads as empty, and a write
is atomic, so a build killed at any point never leaves a cache that later builds trust wrongly.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from ..files import atomic_write


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
