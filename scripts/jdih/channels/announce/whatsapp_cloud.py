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
from .. import credentials as cred
from ..base import Delivery, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK, Api, json_body, retry_after, short

GATEWAY = "WhatsApp Cloud API"
MAX_TEXT = 4096

_RATE_CODES = {4, 80007, 130429, 131048, 131056}


class WhatsAppCloudChannel:
    """Announcement into an API-created WhatsApp group through Meta's Cloud API."""

    name = "wa-cloud"

    def __init__(
        self,
        client: httpx.Client,
        token: str,
        phone_id: str,
        target: str,
        *,
        url: str = str(cred.WHATSAPP_CLOUD_URL.default),
    ) -> None:
        self.phone_id = phone_id
        self.target = target
        self.api = Api(client, self.name, GATEWAY, url.rstrip("/"), cred.WHATSAPP_CLOUD_URL.var.name,
                       cred.WHATSAPP_CLOUD_TOKEN.name, headers={"Authorization": f"Bearer {token}"},
                       error_map=self._graph_error, unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WhatsAppCloudChannel:
        """Build from ``JDIH_WHATSAPP_CLOUD_TOKEN`` and ``JDIH_WHATSAPP_CLOUD_PHONE_ID``."""
        token = cred.WHATSAPP_CLOUD_TOKEN.require(env, GATEWAY)
        phone = cred.WHATSAPP_CLOUD_PHONE_ID.require(env, GATEWAY)
        return cls(client, token, phone, target, url=cred.WHATSAPP_CLOUD_URL.read(env, GATEWAY))

    def _graph_error(self, r: httpx.Response, create: bool) -> ChannelError | None:
        body = json_body(r)
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            return None
        code = err.get("code")
        text = short(err.get("message") or "")
        if code == 190 or r.status_code == 401:
            return ChannelError(
                f"token akses tidak sah atau kedaluwarsa (kode 190: {text})",
                channel=self.name,
                hint=f"Buat token System User permanen di Meta Business lalu isi {cred.WHATSAPP_CLOUD_TOKEN.name}.",
            )
        if code in _RATE_CODES or r.status_code == 429:
            return ChannelError(f"terlalu banyak permintaan (kode {code})", channel=self.name, kind="batas",
                                retry_after=retry_after(r.headers.get("retry-after"), self.api.clock))
        if r.status_code >= 500 or err.get("is_transient"):
            kind = "tidak-pasti" if create else "ulang"
            return ChannelError(f"galat sementara dari Meta (kode {code}: {text})", channel=self.name, kind=kind)
        if code == 100 or code == 131009:
            return ChannelError(
                f"parameter ditolak (kode {code}: {text})",
                channel=self.name,
                hint="Grup harus dibuat lewat Groups API (maks. 8 anggota); grup WhatsApp biasa tidak dapat "
                f"dipakai. Periksa `tujuan` dan {cred.WHATSAPP_CLOUD_PHONE_ID.name}.",
            )
        return ChannelError(f"pesan ditolak (kode {code}: {text})", channel=self.name)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send a text message to the API-created group."""
        if len(message.text) > MAX_TEXT:
            raise ChannelError(f"{GATEWAY}: teks melebihi {MAX_TEXT} karakter", channel=self.name)
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "group",
            "to": self.target,
            "type": "text",
            "text": {"body": message.text, "preview_url": True},
        }
        step = "mengirim pesan"
        r = self.api.call("POST", f"{self.phone_id}/messages", step=step, create=True, ok=(200, 201, 202),
                          json=payload)
        body = json_body(r)
        msgs = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(msgs, list) or not msgs or not isinstance(msgs[0], dict) or not msgs[0].get("id"):
            raise self.api.unsure(step, True, "balasan tanpa id pesan")
        return Delivery(remote_id=str(msgs[0]["id"]))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Delivery status only comes by webhook: a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="grup WhatsApp"))
