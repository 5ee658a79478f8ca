"""HTTP helpers shared by the announcement adapters.

The one rule they enforce: a failure is only retryable (``ulang``) when the request cannot
have reached the gateway (connection refused, connect timeout, no free connection). Once the
request may have been sent (read/write timeout, dropped connection, 5xx), the outcome is
``tidak-pasti`` and a human or a reconciliation decides; nothing is resent silently.
Exception text from httpx is never copied into messages, because it can hold the URL (and
for Telegram the URL holds the bot token).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError, ConfigError
from ...redact import register_secret, scrub

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def env_value(
    env: Mapping[str, str],
    name: str,
    *,
    secret: bool = False,
    required: bool = False,
    gateway: str = "",
    default: str | None = None,
) -> str | None:
    """Read one setting from ``env``; secrets are registered for redaction before anything else."""
    value = (env.get(name) or "").strip() or None
    if secret:
        register_secret(value)
    if value is None and required:
        raise ConfigError(
            f"{gateway}: variabel lingkungan {name} belum diisi",
            saran=f"Isi {name} (di GitHub: Settings → Environments → secrets) lalu ulangi.",
        )
    return value if value is not None else default


def base_url(env: Mapping[str, str], name: str, default: str) -> str:
    """API base URL, overridable with ``name`` (a proxy, a self-hosted gateway or a test server)."""
    return (env.get(name) or default).strip().rstrip("/")


def where(url: str) -> str:
    """Host and path of a URL without query or secrets, for messages."""
    try:
        u = httpx.URL(url)
    except httpx.InvalidURL:
        return "(alamat tidak sah)"
    return scrub(f"{u.host}{u.path}")


def request(
    client: httpx.Client,
    kanal: str,
    gateway: str,
    method: str,
    url: str,
    *,
    create_call: bool,
    **kwargs: Any,
) -> httpx.Response:
    """Send one request, turning transport failures into ChannelError by what the gateway may know.

    ``create_call`` marks requests that deliver a message: after they may have reached the
    gateway, a failure is ``tidak-pasti``; for read-only calls it is ``ulang``.
    """
    try:
        return client.request(method, url, **kwargs)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL):
        # Rejected before any connection: nothing was sent, and retrying cannot help.
        raise ChannelError(
            f"{gateway}: alamat server tidak sah ({where(url)}); pesan belum terkirim",
            kanal=kanal,
            jenis="gagal",
            saran=f"Periksa variabel alamat {gateway} (mis. JDIH_WEBHOOK_URL, JDIH_WAHA_URL): harus lengkap "
            "diawali https:// atau http://.",
        ) from None
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        # The TCP connection was never made: the gateway cannot have received anything.
        reason = "waktu tunggu koneksi habis" if isinstance(exc, httpx.TimeoutException) else "koneksi ditolak"
        raise ChannelError(
            f"{gateway} tidak dapat dihubungi ({reason}: {where(url)})",
            kanal=kanal,
            jenis="ulang",
            saran=f"Periksa jaringan dan alamat server {gateway}; pesan belum terkirim, aman untuk diulang.",
        ) from None
    except httpx.TransportError as exc:
        if not create_call:
            raise ChannelError(
                f"{gateway}: koneksi terputus saat membaca ({type(exc).__name__})", kanal=kanal, jenis="ulang"
            ) from None
        raise ambiguous(
            kanal, gateway, f"koneksi terputus/waktu habis setelah permintaan dikirim ({type(exc).__name__})"
        ) from None


def ambiguous(kanal: str, gateway: str, why: str) -> ChannelError:
    """The message may or may not have been delivered: a human must check the group."""
    return ChannelError(
        f"{gateway}: status pengiriman tidak pasti: {why}",
        kanal=kanal,
        jenis="tidak-pasti",
        saran="Periksa grup tujuan. Bila pesan sudah masuk jalankan `jdih umumkan --terkirim <pos>`; "
        "bila belum, `jdih umumkan --belum-terkirim <pos>` lalu `jdih umumkan` lagi.",
    )


def json_body(response: httpx.Response) -> Any:
    """The JSON body, or None when empty or not JSON."""
    if not response.content.strip():
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def short(text: Any, limit: int = 200) -> str:
    """A short, scrubbed excerpt of a response body for an error message."""
    s = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    s = " ".join(s.split())
    return scrub(s[:limit] + ("…" if len(s) > limit else ""))


def server_error(kanal: str, gateway: str, response: httpx.Response, *, create_call: bool) -> ChannelError:
    """5xx: ambiguous after a delivery call (the gateway may have queued it before failing)."""
    if create_call:
        return ambiguous(kanal, gateway, f"server membalas HTTP {response.status_code}")
    return ChannelError(f"{gateway}: server bermasalah (HTTP {response.status_code})", kanal=kanal, jenis="ulang")


def environ() -> Mapping[str, str]:
    """The process environment (the shell passes it; tests pass their own mapping)."""
    return os.environ


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header (None when absent or not a number)."""
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def rate_limited(kanal: str, gateway: str, response: httpx.Response, wait: float | None = None) -> ChannelError:
    """429: nothing was delivered; retry after the gateway's wait."""
    wait = wait if wait is not None else retry_after(response)
    return ChannelError(f"{gateway}: terlalu banyak permintaan (HTTP 429)", kanal=kanal, jenis="batas", tunggu=wait)
