"""The one place that builds platform adapters from the environment.

Each platform module declares the variables it needs (``REQUIRED``, taken from
:mod:`jdih.channels.credentials`) and its adapter class has a ``from_env`` constructor. Every
secret declared there is registered with :func:`jdih.redact.register_secret` before any adapter
can use it (ids, handles and URLs are not secrets).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx

from ...errors import ConfigError
from .. import credentials
from ..base import Channel
from ..http import new_client

__all__ = ["PLATFORMS", "build", "configured", "missing_vars", "new_client", "register_env_secrets"]

PLATFORMS = ("facebook", "instagram", "x", "threads", "bluesky", "mastodon", "telegram", "tiktok", "youtube")
CLASSES = {
    "facebook": "FacebookChannel",
    "instagram": "InstagramChannel",
    "x": "XChannel",
    "threads": "ThreadsChannel",
    "bluesky": "BlueskyChannel",
    "mastodon": "MastodonChannel",
    "telegram": "TelegramChannel",
    "tiktok": "TikTokChannel",
    "youtube": "YouTubeChannel",
}


def register_env_secrets(env: Mapping[str, str]) -> None:
    """Register every credential value present in ``env`` as a secret."""
    for var in credentials.SECRETS:
        var.read(env)


def module(platform: str) -> ModuleType:
    """The adapter module of ``platform``."""
    if platform not in PLATFORMS:
        raise ConfigError(f"platform '{platform}' tidak dikenal (pilihan: {', '.join(PLATFORMS)})")
    return importlib.import_module(f"{__package__}.{platform}")


def missing_vars(platform: str, env: Mapping[str, str]) -> list[str]:
    """Required variables of ``platform`` that are not set."""
    return credentials.missing(env, module(platform).SERVICE.required)


def configured(env: Mapping[str, str]) -> list[str]:
    """Platforms whose credentials are all set."""
    return [p for p in PLATFORMS if not missing_vars(p, env)]


def build(
    platform: str,
    client: httpx.Client,
    env: Mapping[str, str],
    *,
    sleep: Any = time.sleep,
    clock: Any = time.time,
) -> Channel:
    """The adapter for ``platform`` or a ConfigError naming the missing variables."""
    register_env_secrets(env)
    lacking = missing_vars(platform, env)
    if lacking:
        raise ConfigError(
            f"kredensial {platform} belum diatur: {', '.join(lacking)}",
            hint="Isi variabel lingkungan tersebut (di GitHub: secret environment 'production'), "
            "atau gunakan `jdih terbitkan --ke berkas`.",
        )
    cls = getattr(module(platform), CLASSES[platform])
    channel: Channel = cls.from_env(client, env, sleep=sleep, clock=clock)
    return channel
