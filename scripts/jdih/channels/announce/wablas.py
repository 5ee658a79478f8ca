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
from .. import credentials as cred
from ..base import Delivery, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK, Api, Reasons, explain, json_body

GATEWAY = "Wablas"
_RECONNECT = "Buka dashboard Wablas → Device → Scan QR dan sambungkan ulang ponsel kantor."

REASONS: Reasons = (
    (
        "token",
        "token ditolak (token invalid)",
        f"Periksa {cred.names(cred.WABLAS_TOKEN, cred.WABLAS_SECRET)} (menu Device → Settings di dashboard Wablas).",
    ),
    ("quota", "kuota pesan habis", "Perpanjang paket/kuota di dashboard Wablas lalu ulangi `jdih umumkan`."),
    ("disconnect", "perangkat WhatsApp terputus dari Wablas", _RECONNECT),
    ("not connect", "perangkat WhatsApp terputus dari Wablas", _RECONNECT),
    ("expired", "masa aktif perangkat/paket Wablas habis", "Perpanjang paket di dashboard Wablas."),
    ("phone", "id grup tujuan tidak sah", "Periksa `tujuan` pengumuman di kantor.yml (id grup Wablas)."),
)


class WablasChannel:
    """Announcement through Wablas into a WhatsApp group."""

    name = "wa-wablas"

    def __init__(self, client: httpx.Client, url: str, token: str, target: str, *, secret: str | None = None) -> None:
        self.target = target
        auth = f"{token}.{secret}" if secret else token
        self.api = Api(client, self.name, GATEWAY, url.rstrip("/"), cred.WABLAS_URL.var.name,
                       cred.names(cred.WABLAS_TOKEN, cred.WABLAS_SECRET), headers={"Authorization": auth},
                       unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WablasChannel:
        """Build from ``JDIH_WABLAS_URL``, ``JDIH_WABLAS_TOKEN`` and optional ``JDIH_WABLAS_SECRET``."""
        token = cred.WABLAS_TOKEN.require(env, GATEWAY)
        secret = cred.WABLAS_SECRET.read(env)
        return cls(client, cred.WABLAS_URL.read(env, GATEWAY), token, target, secret=secret)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send to the group; ``status:false`` (whatever the HTTP code) is a definite refusal."""
        if not self.target:
            raise ChannelError(
                f"{GATEWAY}: id grup tujuan belum diisi", channel=self.name,
                hint="Isi `tujuan` pengumuman di kantor.yml.",
            )
        step = "mengirim pesan"
        r = self.api.send("POST", "api/send-message", step=step, create=True,
                          data={"phone": self.target, "message": message.text, "isGroup": "true"})
        if r.status_code >= 500 or r.status_code == 429:
            raise self.api.status_error(r, step, True)
        body = json_body(r)
        if (isinstance(body, dict) and body.get("status") is False) or r.status_code >= 400:
            reason = str(body.get("message") or body.get("reason") or "") if isinstance(body, dict) else r.text
            if r.status_code == 401 and not reason:
                reason = "token invalid"
            text, advice = explain(reason or f"HTTP {r.status_code}", REASONS)
            raise ChannelError(f"{GATEWAY}: {text}", channel=self.name, hint=advice)
        if not isinstance(body, dict) or body.get("status") is not True:
            raise self.api.unsure(step, True, f"balasan tidak dapat dibaca (HTTP {r.status_code})")
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        msgs = data.get("messages") if isinstance(data, dict) else None
        remote = str(msgs[0].get("id")) if isinstance(msgs, list) and msgs and isinstance(msgs[0], dict) else ""
        return Delivery(remote_id=remote or "wablas")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Wablas cannot be asked about a past send: a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="grup WhatsApp"))
