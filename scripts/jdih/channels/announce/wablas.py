"""Wablas (``https://{server}.wablas.com``), an Indonesian WhatsApp gateway, posting into a group.

Contract (wablas.com/documentation/api): ``POST /api/send-message`` with form fields ``phone``
(the group id), ``message`` and ``isGroup="true"`` (a string), header ``Authorization:
{token}.{secret_key}`` (newer accounts) or the token alone (older ones). The server subdomain
is per account, so ``JDIH_WABLAS_URL`` is required. Replies carry ``status`` true/false and a
``message``; like Fonnte, a refusal may come with HTTP 200. No way to check a past send.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import ambiguous, base_url, env_value, json_body, rate_limited, request, server_error, short
from ._types import cannot_check

GATEWAY = "Wablas"

_REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "token",
        "token ditolak (token invalid)",
        "Periksa JDIH_WABLAS_TOKEN dan JDIH_WABLAS_SECRET (menu Device → Settings di dashboard Wablas).",
    ),
    ("quota", "kuota pesan habis", "Perpanjang paket/kuota di dashboard Wablas lalu ulangi `jdih umumkan`."),
    (
        "disconnect",
        "perangkat WhatsApp terputus dari Wablas",
        "Buka dashboard Wablas → Device → Scan QR dan sambungkan ulang ponsel kantor.",
    ),
    (
        "not connect",
        "perangkat WhatsApp terputus dari Wablas",
        "Buka dashboard Wablas → Device → Scan QR dan sambungkan ulang ponsel kantor.",
    ),
    ("expired", "masa aktif perangkat/paket Wablas habis", "Perpanjang paket di dashboard Wablas."),
    ("phone", "id grup tujuan tidak sah", "Periksa `tujuan` di sop/pengumuman.yml (id grup Wablas)."),
)


def explain(reason: str) -> tuple[str, str | None]:
    """Indonesian explanation and advice for a Wablas refusal message."""
    low = reason.lower()
    for key, text, advice in _REASONS:
        if key in low:
            return text, advice
    return f"permintaan ditolak ({short(reason)})", None


class WablasChannel:
    """Announcement through Wablas into a WhatsApp group."""

    name = "wa-wablas"

    def __init__(self, client: httpx.Client, url: str, token: str, target: str, *, secret: str | None = None) -> None:
        self.client = client
        self.url = url.rstrip("/")
        self.token = token
        self.secret = secret
        self.target = target

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WablasChannel:
        """Build from ``JDIH_WABLAS_URL``, ``JDIH_WABLAS_TOKEN`` and optional ``JDIH_WABLAS_SECRET``."""
        token = env_value(env, "JDIH_WABLAS_TOKEN", secret=True, required=True, gateway=GATEWAY)
        secret = env_value(env, "JDIH_WABLAS_SECRET", secret=True)
        env_value(env, "JDIH_WABLAS_URL", required=True, gateway=GATEWAY)
        assert token is not None
        return cls(client, base_url(env, "JDIH_WABLAS_URL", ""), token, target, secret=secret)

    def _auth(self) -> str:
        return f"{self.token}.{self.secret}" if self.secret else self.token

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send to the group; ``status:false`` (whatever the HTTP code) is a definite refusal."""
        if not self.target:
            raise ChannelError(
                f"{GATEWAY}: id grup tujuan belum diisi", kanal=self.name, saran="Isi `tujuan` di sop/pengumuman.yml."
            )
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/api/send-message",
            create_call=True,
            headers={"Authorization": self._auth()},
            data={"phone": self.target, "message": message.text, "isGroup": "true"},
        )
        if r.status_code >= 500:
            raise server_error(self.name, GATEWAY, r, create_call=True)
        if r.status_code == 429:
            raise rate_limited(self.name, GATEWAY, r)
        body = json_body(r)
        if (isinstance(body, dict) and body.get("status") is False) or r.status_code >= 400:
            reason = str(body.get("message") or body.get("reason") or "") if isinstance(body, dict) else r.text
            if r.status_code == 401 and not reason:
                reason = "token invalid"
            text, advice = explain(reason or f"HTTP {r.status_code}")
            raise ChannelError(f"{GATEWAY}: {text}", kanal=self.name, saran=advice)
        if not isinstance(body, dict) or body.get("status") is not True:
            raise ambiguous(self.name, GATEWAY, f"balasan tidak dapat dibaca (HTTP {r.status_code})")
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        msgs = data.get("messages") if isinstance(data, dict) else None
        remote = str(msgs[0].get("id")) if isinstance(msgs, list) and msgs and isinstance(msgs[0], dict) else ""
        return Delivery(remote_id=remote or "wablas")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Wablas cannot be asked about a past send: a person decides."""
        raise cannot_check(self.name, GATEWAY)
