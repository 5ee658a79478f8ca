"""WAHA (devlikeapro/waha), a self-hosted WhatsApp Web gateway, posting into a group.

Contract: ``POST {url}/api/sendText`` with JSON ``{session, chatId: "<id>@g.us", text}`` and
header ``X-Api-Key``; success is 200/201 and the body depends on the engine:

- WEBJS: ``{"_data": ..., "id": {"_serialized": "true_<chat>@g.us_<msgid>", ...}}``
- NOWEB: ``{"key": {"remoteJid", "fromMe", "id"}, "message": ..., "status": "PENDING"}``
- some 2025 versions: an empty body.

Unauthenticated: 401 ``{"message": "Unauthorized", "statusCode": 401}``. A session that is not
connected answers 422 with its ``status`` (e.g. ``SCAN_QR_CODE``). Groups: ``GET
/api/{session}/groups``. Unlike the hosted gateways, WAHA can list a chat's recent messages
(``GET /api/{session}/chats/{chatId}/messages``), so an uncertain send is reconciled by
looking for our own message with the same text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ...errors import ChannelError, ConfigError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import (
    ambiguous,
    base_url,
    env_value,
    json_body,
    rate_limited,
    request,
    server_error,
    short,
)
from ._types import Group

GATEWAY = "WAHA"
DEFAULT_URL = "http://localhost:3000"
RECONCILE_WINDOW = 50  # recent messages inspected when reconciling


def message_id(body: Any) -> str:
    """The message id from either engine's response shape ('' for an empty body)."""
    if not isinstance(body, dict):
        return ""
    ident = body.get("id")
    if isinstance(ident, dict) and ident.get("_serialized"):
        return str(ident["_serialized"])  # WEBJS
    if isinstance(ident, str) and ident:
        return ident
    key = body.get("key")
    if isinstance(key, dict) and key.get("id"):
        return str(key["id"])  # NOWEB
    return ""


class WahaChannel:
    """Announcement through a WAHA server into a WhatsApp group."""

    name = "wa-waha"

    def __init__(
        self,
        client: httpx.Client,
        target: str,
        *,
        url: str = DEFAULT_URL,
        api_key: str | None = None,
        session: str = "default",
    ) -> None:
        self.client = client
        self.target = target
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.session = session

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WahaChannel:
        """Build from ``JDIH_WAHA_URL`` (required), ``JDIH_WAHA_API_KEY``, ``JDIH_WAHA_SESSION`` (``default``)."""
        key = env_value(env, "JDIH_WAHA_API_KEY", secret=True)
        # Self-hosted: there is no public default, so the address must be given.
        env_value(env, "JDIH_WAHA_URL", required=True, gateway=GATEWAY)
        url = base_url(env, "JDIH_WAHA_URL", DEFAULT_URL)
        session = env_value(env, "JDIH_WAHA_SESSION", default="default") or "default"
        return cls(client, target, url=url, api_key=key, session=session)

    def _headers(self) -> dict[str, str]:
        return {"X-Api-Key": self.api_key} if self.api_key else {}

    def _check_target(self) -> None:
        if not self.target.endswith(("@g.us", "@c.us")):
            raise ConfigError(
                f"{GATEWAY}: tujuan '{self.target}' bukan id obrolan WhatsApp (harus berakhiran @g.us untuk grup)",
                saran="Lihat id grup dengan `jdih umumkan grup` lalu isi `tujuan` di sop/pengumuman.yml.",
            )

    def _refused(self, r: httpx.Response, create_call: bool) -> ChannelError:
        body = json_body(r)
        if r.status_code == 401:
            return ChannelError(
                f"{GATEWAY}: kunci API ditolak (HTTP 401 Unauthorized)",
                kanal=self.name,
                saran="Samakan JDIH_WAHA_API_KEY dengan WAHA_API_KEY di server WAHA.",
            )
        if r.status_code == 422 and isinstance(body, dict) and body.get("status"):
            return ChannelError(
                f"{GATEWAY}: sesi '{self.session}' belum tersambung ke WhatsApp (status {short(body['status'])})",
                kanal=self.name,
                saran="Buka dasbor WAHA, mulai sesi dan pindai kode QR dengan ponsel kantor.",
            )
        if r.status_code == 404:
            return ChannelError(
                f"{GATEWAY}: sesi atau obrolan tidak ditemukan (HTTP 404: {short(r.text)})",
                kanal=self.name,
                saran="Periksa JDIH_WAHA_SESSION (WAHA Core hanya mendukung sesi 'default') dan id grup.",
            )
        if r.status_code == 429:
            return rate_limited(self.name, GATEWAY, r)
        if r.status_code >= 500:
            return server_error(self.name, GATEWAY, r, create_call=create_call)
        return ChannelError(f"{GATEWAY}: permintaan ditolak (HTTP {r.status_code}: {short(r.text)})", kanal=self.name)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send the text; any 2xx (whatever the engine's body) means WAHA accepted it."""
        self._check_target()
        payload = {"session": self.session, "chatId": self.target, "text": message.text}
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/api/sendText",
            create_call=True,
            headers=self._headers(),
            json=payload,
        )
        if not r.is_success:
            raise self._refused(r, create_call=True)
        return Delivery(remote_id=message_id(json_body(r)) or "waha")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Look for our own message with this exact text among the group's recent messages."""
        self._check_target()
        url = f"{self.url}/api/{quote(self.session, safe='')}/chats/{quote(self.target, safe='')}/messages"
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "GET",
            url,
            create_call=False,
            headers=self._headers(),
            params={"limit": RECONCILE_WINDOW, "downloadMedia": "false"},
        )
        if not r.is_success:
            err = self._refused(r, create_call=False)
            raise ambiguous(self.name, GATEWAY, f"riwayat obrolan tidak dapat diperiksa ({err.pesan})")
        body = json_body(r)
        if not isinstance(body, list):
            raise ambiguous(self.name, GATEWAY, "riwayat obrolan tidak dapat dibaca")
        want = message.text.strip()
        for item in body:
            if not isinstance(item, dict) or not item.get("fromMe"):
                continue
            text = item.get("body")
            if text is None and isinstance(item.get("_data"), dict):
                text = item["_data"].get("body")
            if isinstance(text, str) and text.strip() == want:
                return Delivery(remote_id=message_id(item) or "waha")
        return None

    def list_groups(self) -> list[Group]:
        """The session's groups (id and subject)."""
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "GET",
            f"{self.url}/api/{quote(self.session, safe='')}/groups",
            create_call=False,
            headers=self._headers(),
        )
        if not r.is_success:
            raise self._refused(r, create_call=False)
        body = json_body(r)
        items = body.values() if isinstance(body, dict) else body if isinstance(body, list) else []
        out = []
        for g in items:
            if not isinstance(g, dict):
                continue
            gid = g.get("id")
            if isinstance(gid, dict):
                gid = gid.get("_serialized")
            name = g.get("subject") or g.get("name") or (g.get("groupMetadata") or {}).get("subject") or ""
            if gid:
                out.append(Group(str(gid), str(name)))
        return out
