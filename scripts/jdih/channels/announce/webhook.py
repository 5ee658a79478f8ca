"""Generic JSON webhook (e.g. an office chat bot, n8n, or a Google Apps Script).

``POST JDIH_WEBHOOK_URL`` with a JSON body; when ``JDIH_WEBHOOK_SECRET`` is set the raw body
is signed with HMAC-SHA256 in ``X-JDIH-Signature: sha256=<hex>`` (GitHub's scheme), so the
receiver can verify it came from us. ``Idempotency-Key`` carries the message's deterministic
key so a receiver may drop a repeat; we still never resend an uncertain delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import env_value, json_body, rate_limited, request, server_error, short
from ._types import cannot_check

GATEWAY = "Webhook"
SIGNATURE_HEADER = "X-JDIH-Signature"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` HMAC of the raw body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    """Announcement as a JSON POST to a configured URL."""

    name = "webhook"

    def __init__(self, client: httpx.Client, url: str, *, secret: str | None = None, target: str = "") -> None:
        self.client = client
        self.url = url
        self.secret = secret
        self.target = target

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WebhookChannel:
        """Build from ``JDIH_WEBHOOK_URL`` and optional ``JDIH_WEBHOOK_SECRET``."""
        secret = env_value(env, "JDIH_WEBHOOK_SECRET", secret=True)
        url = env_value(env, "JDIH_WEBHOOK_URL", required=True, gateway=GATEWAY)
        assert url is not None
        return cls(client, url, secret=secret, target=target)

    def payload(self, message: Outgoing) -> dict[str, Any]:
        """The JSON document sent."""
        return {
            "jenis": "pengumuman-jdih",
            "kunci": message.key,
            "pos": message.extra.get("posts") or [message.post_id],
            "judul": message.title,
            "teks": message.text,
            "tautan_situs": message.link,
            "tujuan": self.target or None,
        }

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """POST the message; 2xx is delivered, 4xx refused, 5xx/timeouts uncertain."""
        body = json.dumps(self.payload(message), ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"Content-Type": "application/json", "Idempotency-Key": message.key}
        if self.secret:
            headers[SIGNATURE_HEADER] = signature(self.secret, body)
        r = request(self.client, self.name, GATEWAY, "POST", self.url, create_call=True, headers=headers, content=body)
        if r.is_success:
            data = json_body(r)
            rid = data.get("id") if isinstance(data, dict) else None
            return Delivery(remote_id=str(rid) if rid else message.key)
        if r.status_code == 429:
            raise rate_limited(self.name, GATEWAY, r)
        if r.status_code >= 500:
            raise server_error(self.name, GATEWAY, r, create_call=True)
        raise ChannelError(
            f"{GATEWAY}: ditolak penerima (HTTP {r.status_code}: {short(r.text)})",
            kanal=self.name,
            saran="Periksa JDIH_WEBHOOK_URL dan JDIH_WEBHOOK_SECRET di sisi penerima.",
        )

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """A generic receiver cannot be asked: a person decides."""
        raise cannot_check(self.name, GATEWAY)
