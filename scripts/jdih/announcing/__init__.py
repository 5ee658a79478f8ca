"""Announcing published posts (SOP step 6b): message templates, config and the exactly-once service."""

from __future__ import annotations

from .config import AnnounceConfig, load_config
from .decisions import confirm_sent, mark_not_sent
from .message import Rendered
from .service import (
    AnnounceReport,
    AnnounceResult,
    announce_all,
)

__all__ = [
    "AnnounceConfig",
    "AnnounceReport",
    "AnnounceResult",
    "Rendered",
    "announce_all",
    "confirm_sent",
    "load_config",
    "mark_not_sent",
]
