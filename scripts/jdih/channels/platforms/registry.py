"""The one place that builds platform adapters from the environment.

Each platform module declares its required variables (``ENV``) and a ``from_env``
constructor. Secret values are registered with :func:`jdih.redact.register_secret` before
any adapter can use them (ids, handles and URLs are not secrets).
"""

from __future__ import annotations

import importlib
import socket
import time
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx

from ...errors import ConfigError
from ...redact import register_secret
from ..base import Channel

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
SECRET_VARS = (
    "JDIH_FACEBOOK_TOKEN",
    "JDIH_INSTAGRAM_TOKEN",
    "JDIH_THREADS_TOKEN",
    "JDIH_X_API_KEY",
    "JDIH_X_API_SECRET",
    "JDIH_X_ACCESS_TOKEN",
    "JDIH_X_ACCESS_SECRET",
    "JDIH_BLUESKY_APP_PASSWORD",
    "JDIH_MASTODON_TOKEN",
    "JDIH_TELEGRAM_BOT_TOKEN",
    "JDIH_TIKTOK_TOKEN",
    "JDIH_YOUTUBE_TOKEN",
)


def register_env_secrets(env: Mapping[str, str]) -> None:
    """Register every credential value present in ``env`` as a secret."""
    for var in SECRET_VARS:
        register_secret(env.get(var))


def module(platform: str) -> ModuleType:
    """The adapter module of ``platform``."""
    if platform not in PLATFORMS:
        raise ConfigError(f"platform '{platform}' tidak dikenal (pilihan: {', '.join(PLATFORMS)})")
    return importlib.import_module(f"{__package__}.{platform}")


def missing_vars(platform: str, env: Mapping[str, str]) -> list[str]:
    """Required variables of ``platform`` that are not set."""
    result: list[str] = module(platform).missing(env)
    return result


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
            saran="Isi variabel lingkungan tersebut (di GitHub: secret environment 'production'), "
            "atau gunakan `jdih terbitkan --ke berkas`.",
        )
    cls = getattr(module(platform), CLASSES[platform])
    channel: Channel = cls.from_env(client, env, sleep=sleep, clock=clock)
    return channel


def new_client(env: Mapping[str, str]) -> httpx.Client:
    """The shared HTTP client: explicit timeouts (``JDIH_HTTP_TIMEOUT`` seconds, default 30), no redirects."""
    try:
        timeout = float(env.get("JDIH_HTTP_TIMEOUT") or 30)
    except ValueError:
        raise ConfigError("JDIH_HTTP_TIMEOUT harus berupa angka detik") from None
    # TCP_NODELAY: small request bodies are not held back by Nagle's algorithm (saves a
    # delayed-ACK round trip, ~40 ms, per POST).
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        headers={"User-Agent": "jdih-medsos (JDIH KPU Kabupaten Kotawaringin Timur)"},
    )
