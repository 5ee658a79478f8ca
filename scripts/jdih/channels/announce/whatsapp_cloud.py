"""Meta WhatsApp Cloud API, Groups API (``recipient_type: group``).

Supported for completeness, with limits that make it unsuitable for the office's existing
group (developers.facebook.com, business-messaging/whatsapp/groups):

- only groups **created through the API** (members join by invite link) can be targeted;
  an existing ordinary WhatsApp group cannot;
- **at most 8 participants** per group and one Cloud API business per group;
- the number must belong to an Official Business Account (green tick); a WhatsApp Business
  app number cannot use it; interactive messages are not supported.

Contract: ``POST {base}/{phone-number-id}/messages`` with ``Authorization: Bearer <token>``
and JSON ``{messaging_product: "whatsapp", recipient_type: "group", to: <group id>, type:
"text", text: {body}}``; success ``{"messages": [{"id": "wamid..."}]}``; errors are Graph
``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``. Delivery status
only arrives by webhook, so an uncertain send is settled by a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import ambiguous, base_url, env_value, json_body, rate_limited, request, server_error, short
from ._types import cannot_check

GATEWAY = "WhatsApp Cloud API"
DEFAULT_URL = "https://graph.facebook.com/v21.0"
MAX_TEXT = 4096

_RATE_CODES = {4, 80007, 130429, 131048, 131056}


class WhatsAppCloudChannel:
    """Announcement into an API-created WhatsApp group through Meta's Cloud API."""

    name = "wa-cloud"

    def __init__(self, client: httpx.Client, token: str, phone_id: str, target: str, *, url: str = DEFAULT_URL) -> None:
        self.client = client
        self.token = token
        self.phone_id = phone_id
        self.target = target
        self.url = url.rstrip("/")

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WhatsAppCloudChannel:
        """Build from ``JDIH_WHATSAPP_CLOUD_TOKEN`` and ``JDIH_WHATSAPP_CLOUD_PHONE_ID``."""
        token = env_value(env, "JDIH_WHATSAPP_CLOUD_TOKEN", secret=True, required=True, gateway=GATEWAY)
        phone = env_value(env, "JDIH_WHATSAPP_CLOUD_PHONE_ID", required=True, gateway=GATEWAY)
        assert token is not None and phone is not None
        return cls(client, token, phone, target, url=base_url(env, "JDIH_WHATSAPP_CLOUD_URL", DEFAULT_URL))

    def _graph_error(self, r: httpx.Response) -> ChannelError:
        body = json_body(r)
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            if r.status_code >= 500:
                return server_error(self.name, GATEWAY, r, create_call=True)
            return ChannelError(
                f"{GATEWAY}: permintaan ditolak (HTTP {r.status_code}: {short(r.text)})", kanal=self.name
            )
        code = err.get("code")
        text = short(err.get("message") or "")
        if code == 190 or r.status_code == 401:
            return ChannelError(
                f"{GATEWAY}: token akses tidak sah atau kedaluwarsa (kode 190: {text})",
                kanal=self.name,
                saran="Buat token System User permanen di Meta Business lalu isi JDIH_WHATSAPP_CLOUD_TOKEN.",
            )
        if code in _RATE_CODES or r.status_code == 429:
            return rate_limited(self.name, GATEWAY, r)
        if r.status_code >= 500 or err.get("is_transient"):
            return ambiguous(self.name, GATEWAY, f"galat sementara dari Meta (kode {code}: {text})")
        if code == 100 or code == 131009:
            return ChannelError(
                f"{GATEWAY}: parameter ditolak (kode {code}: {text})",
                kanal=self.name,
                saran="Grup harus dibuat lewat Groups API (maks. 8 anggota); grup WhatsApp biasa tidak dapat "
                "dipakai. Periksa `tujuan` dan JDIH_WHATSAPP_CLOUD_PHONE_ID.",
            )
        return ChannelError(f"{GATEWAY}: pesan ditolak (kode {code}: {text})", kanal=self.name)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send a text message to the API-created group."""
        if len(message.text) > MAX_TEXT:
            raise ChannelError(f"{GATEWAY}: teks melebihi {MAX_TEXT} karakter", kanal=self.name)
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "group",
            "to": self.target,
            "type": "text",
            "text": {"body": message.text, "preview_url": True},
        }
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/{self.phone_id}/messages",
            create_call=True,
            headers={"Authorization": f"Bearer {self.token}"},
            json=payload,
        )
        if not r.is_success:
            raise self._graph_error(r)
        body = json_body(r)
        msgs = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(msgs, list) or not msgs or not isinstance(msgs[0], dict) or not msgs[0].get("id"):
            raise ambiguous(self.name, GATEWAY, "balasan tanpa id pesan")
        return Delivery(remote_id=str(msgs[0]["id"]))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Delivery status only comes by webhook: a person decides."""
        raise cannot_check(self.name, GATEWAY)
