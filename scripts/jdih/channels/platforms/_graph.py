"""Meta Graph API (Facebook, Instagram, Threads): error body mapping, lookups and text matching.

Graph errors come as ``{"error": {"message", "type", "code", "error_subcode", "is_transient",
"error_user_msg", "fbtrace_id"}}``. The token travels in ``Authorization: Bearer`` (accepted by
graph.facebook.com), never in the URL, so httpx can never log it. An object that does not
exist answers code 100 with subcode 33 ("Unsupported get request. Object with ID ... does not
exist") or HTTP 404.
"""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from ...errors import ChannelError
from ..http import Api, json_body, retry_after, short

THROTTLING = {4, 17, 32, 613, 80001, 80002, 80004}
DEFAULT_THROTTLE_WAIT = 60.0


def _error(resp: httpx.Response) -> dict[str, Any] | None:
    data = json_body(resp)
    err = data.get("error") if isinstance(data, dict) else None
    return err if isinstance(err, dict) else None


def graph_missing(resp: httpx.Response) -> bool:
    """True when Graph says the requested object does not exist."""
    err = _error(resp)
    return resp.status_code == 404 or (err is not None and err.get("code") == 100 and err.get("error_subcode") == 33)


def fetch(api: Api, object_id: str, fields: str, step: str) -> dict[str, Any] | None:
    """``GET /{object_id}?fields=...``: the object, or None when it surely does not exist."""
    resp = api.lookup(object_id, step=step, missing=graph_missing, params={"fields": fields})
    if resp is None:
        return None
    data = json_body(resp)
    return data if isinstance(data, dict) else {}


def graph_error(channel: str, env_token: str) -> Any:
    """An ``error_map`` for :class:`~jdih.channels.http.Api` that reads the Graph error body."""

    def mapper(resp: httpx.Response, create: bool) -> ChannelError | None:
        err = _error(resp)
        if err is None:
            return None
        code = err.get("code")
        sub = err.get("error_subcode")
        msg = short(err.get("error_user_msg") or err.get("message") or "")
        if code == 190:
            return ChannelError(
                f"token akses tidak sah atau kedaluwarsa (kode 190: {msg})",
                channel=channel,
                hint=f"Buat token baru yang berlaku lama dan simpan di {env_token}.",
            )
        if code == 506:
            # A consecutive duplicate: most likely an earlier attempt of ours did land.
            return ChannelError(
                f"menolak pos duplikat (kode 506: {msg}); kemungkinan pos ini sudah terbit",
                channel=channel,
                kind="tidak-pasti",
                hint="Jalankan ulang: pos akan dicari di kiriman terbaru halaman sebelum dikirim lagi.",
            )
        if code == 9 or sub == 2207042:
            return ChannelError(
                f"kuota publikasi 24 jam habis (kode {code}/{sub}: {msg})",
                channel=channel,
                kind="batas",
                retry_after=3600.0,
                hint="Tunggu kuota pulih (jendela 24 jam); pos akan dikirim pada jalankan berikutnya.",
            )
        if code == 9007 or sub == 2207027:
            return ChannelError(f"media belum siap (kode {code}/{sub}: {msg})", channel=channel, kind="ulang")
        if code in THROTTLING:
            wait = retry_after(resp.headers.get("retry-after"), lambda: 0.0)
            return ChannelError(
                f"terlalu banyak permintaan (kode {code}: {msg})",
                channel=channel,
                kind="batas",
                retry_after=wait if wait is not None else DEFAULT_THROTTLE_WAIT,
            )
        if code == 368:
            return ChannelError(
                f"akun diblokir sementara karena pelanggaran kebijakan (kode 368: {msg})",
                channel=channel,
                hint="Buka akun di aplikasi resminya, selesaikan peringatan kebijakan, lalu jalankan ulang.",
            )
        if code == 200 or code == 10:
            return ChannelError(
                f"izin aplikasi tidak cukup (kode {code}: {msg})",
                channel=channel,
                hint="Pastikan token memiliki izin penerbitan (pages_manage_posts, "
                "instagram_content_publish atau threads_content_publish).",
            )
        if sub in (2207052, 2207003):
            return ChannelError(
                f"gagal mengambil gambar dari situs (kode {code}/{sub}: {msg})", channel=channel, kind="ulang"
            )
        if resp.status_code >= 500 or err.get("is_transient"):
            kind = "tidak-pasti" if create else "ulang"
            return ChannelError(f"galat sementara di server (kode {code}: {msg})", channel=channel, kind=kind)
        return ChannelError(f"permintaan ditolak (kode {code}/{sub}: {msg})", channel=channel)

    return mapper


_TAG = re.compile(r"<[^>]+>")


def text_matches(remote_text: str | None, link: str | None, text: str) -> bool:
    """True when a post's text found on the platform is ours: it holds our canonical link,
    or equals our text (whitespace-normalised, HTML stripped)."""
    if not remote_text:
        return False
    plain = html.unescape(_TAG.sub(" ", remote_text))
    if link and (link in remote_text or link in plain or link.rstrip("/") in plain):
        return True
    norm = " ".join(plain.split())
    return bool(text) and norm == " ".join(text.split())
