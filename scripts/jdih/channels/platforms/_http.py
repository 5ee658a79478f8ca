"""HTTP plumbing shared by the platform adapters: one request helper that turns transport
failures and HTTP errors into :class:`ChannelError` with the right ``jenis``.

Rules (the exactly-once contract depends on them):

- A connection that was never made (refused, DNS, connect timeout) created nothing: ``ulang``.
- Any other failure of a *create* call (read timeout, dropped connection, 5xx) is ambiguous:
  ``tidak-pasti``. For calls that create nothing public it is ``ulang``.
- Messages never contain the URL nor ``str(exc)`` of httpx (both may hold a token); they name
  the platform, the step and what to do, and are scrubbed anyway.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ...errors import ChannelError
from ...redact import scrub

Sleep = Callable[[float], None]
Clock = Callable[[], float]
ErrorMap = Callable[[httpx.Response, bool], ChannelError | None]

TOKEN_SARAN = "Periksa token/kredensial {env} (mungkin kedaluwarsa atau dicabut) dan izin akunnya, lalu jalankan ulang."


def retry_after_seconds(value: str | None, clock: Clock) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, dt.timestamp() - clock())


def body_json(resp: httpx.Response) -> Any:
    """The JSON body, or None when the body is not JSON."""
    try:
        return resp.json()
    except ValueError:
        return None


def short(text: Any, limit: int = 200) -> str:
    """A scrubbed, single-line, bounded excerpt of remote text for messages."""
    s = " ".join(str(text).split())
    return scrub(s[:limit] + ("…" if len(s) > limit else ""))


@dataclass
class Api:
    """A platform's HTTP API: base URL, auth headers and its error mapping."""

    client: httpx.Client
    kanal: str
    nama: str
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    error_map: ErrorMap | None = None
    clock: Clock = time.time
    env_hint: str = ""

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (already absolute URLs pass through)."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def call(
        self,
        method: str,
        path: str,
        *,
        step: str,
        create: bool = False,
        ok: tuple[int, ...] = (200, 201),
        headers: Mapping[str, str] | None = None,
        auth: Callable[[httpx.Request], httpx.Request] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request; return the response when its status is in ``ok``.

        ``step`` is an Indonesian name of the step for messages ("mengunggah gambar").
        ``create`` marks the one call that creates the public post.
        """
        hdrs = {**self.headers, **(headers or {})}
        try:
            request = self.client.build_request(method, self.url(path), headers=hdrs, **kwargs)
            if auth is not None:
                request = auth(request)
            resp = self.client.send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
            raise ChannelError(
                f"{self.nama}: tidak dapat terhubung ke server saat {step} ({type(exc).__name__}); "
                "belum ada yang terkirim",
                kanal=self.kanal,
                jenis="ulang",
                saran=f"Periksa jaringan dan alamat API ({self.env_hint or 'JDIH_<PLATFORM>_URL'}).",
            ) from None
        except httpx.TimeoutException as exc:
            raise self._ambiguous(step, create, f"waktu habis ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise self._ambiguous(step, create, f"sambungan terputus ({type(exc).__name__})") from None
        if resp.status_code in ok:
            return resp
        raise self.error(resp, step, create)

    def _ambiguous(self, step: str, create: bool, why: str) -> ChannelError:
        if create:
            return ChannelError(
                f"{self.nama}: {why} saat {step}; tidak dapat dipastikan apakah pos sudah terbit",
                kanal=self.kanal,
                jenis="tidak-pasti",
                saran="Jalankan ulang `jdih terbitkan`: pos akan dicocokkan dengan platform sebelum dikirim lagi.",
            )
        return ChannelError(f"{self.nama}: {why} saat {step}; aman untuk diulang", kanal=self.kanal, jenis="ulang")

    def error(self, resp: httpx.Response, step: str, create: bool) -> ChannelError:
        """Translate an error response (platform mapping first, then the generic one)."""
        if self.error_map is not None:
            mapped = self.error_map(resp, create)
            if mapped is not None:
                mapped.pesan = scrub(f"{self.nama}: {mapped.pesan} (saat {step})")
                mapped.args = (mapped.pesan,)
                return mapped
        status = resp.status_code
        detail = short(resp.text or resp.reason_phrase)
        if status == 429:
            return ChannelError(
                f"{self.nama}: batas laju tercapai saat {step} (HTTP 429)",
                kanal=self.kanal,
                jenis="batas",
                tunggu=retry_after_seconds(resp.headers.get("retry-after"), self.clock),
            )
        if status >= 500:
            return self._ambiguous(step, create, f"server bermasalah (HTTP {status})")
        if status in (401, 403):
            return ChannelError(
                f"{self.nama}: akses ditolak saat {step} (HTTP {status}: {detail})",
                kanal=self.kanal,
                jenis="gagal",
                saran=TOKEN_SARAN.format(env=self.env_hint or "di variabel lingkungan"),
            )
        return ChannelError(
            f"{self.nama}: permintaan ditolak saat {step} (HTTP {status}: {detail})", kanal=self.kanal, jenis="gagal"
        )


def poll(check: Callable[[], str], *, sleep: Sleep, interval: float, attempts: int) -> str:
    """Call ``check`` while it returns "pending", at most ``attempts`` times; return the last status."""
    status = check()
    n = 1
    while status == "pending" and n < attempts:
        sleep(interval)
        status = check()
        n += 1
    return status


def env_url(env: Mapping[str, str], platform: str, default: str) -> str:
    """Base URL of ``platform``'s API: ``JDIH_<PLATFORM>_URL`` or the documented default."""
    return env.get(f"JDIH_{platform.upper()}_URL", "").strip() or default
