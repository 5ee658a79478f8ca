"""Generic JSON webhook (e.g. an office chat bot, n8n, or a Google Apps Script).

``POST JDIH_WEBHOOK_URL`` with a JSON body, always signed (an unsigned request could be forged
by anyone who learns the URL, so a webhook without ``JDIH_WEBHOOK_SECRET`` is refused):

- ``X-JDIH-Timestamp: <unix seconds>``, the time of sending;
- ``X-JDIH-Signature: sha256=<hex>``, HMAC-SHA256 with the secret over ``"<timestamp>." + body``
  (the raw body bytes), so a captured request cannot be replayed later with a new time.

A receiver recomputes the HMAC, compares it in constant time, and rejects a timestamp more than
5 minutes from its clock (:data:`TOLERANCE`) and any ``Idempotency-Key`` it has already seen
(the message's deterministic key). We still never resend an uncertain delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ConfigError
from .. import credentials as cred
from ..base import Delivery, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK, Api, Clock, json_body

GATEWAY = "Webhook"
SIGNATURE_HEADER = "X-JDIH-Signature"
TIMESTAMP_HEADER = "X-JDIH-Timestamp"
TOLERANCE = 300  # seconds a receiver should accept between the timestamp and its clock


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` HMAC of ``"<timestamp>." + body``."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, given: str, now: float) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > TOLERANCE:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), given)


class WebhookChannel:
    """Announcement as a signed JSON POST to a configured URL."""

    name = "webhook"

    def __init__(self, client: httpx.Client, url: str, *, secret: str, target: str = "",
                 clock: Clock = time.time) -> None:
        if not secret:
            raise ConfigError(
                f"{GATEWAY}: {cred.WEBHOOK_SECRET.name} belum diisi; webhook tanpa tanda tangan tidak dikirim",
                hint=f"Isi {cred.WEBHOOK_SECRET.name} dengan rahasia acak yang sama di pengirim dan penerima.",
            )
        self.secret = secret
        self.target = target
        self.clock = clock
        self.api = Api(client, self.name, GATEWAY, url, cred.WEBHOOK_URL.var.name, cred.WEBHOOK_SECRET.name,
                       unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WebhookChannel:
        """Build from ``JDIH_WEBHOOK_URL`` and ``JDIH_WEBHOOK_SECRET`` (both required)."""
        secret = cred.WEBHOOK_SECRET.require(env, GATEWAY)
        return cls(client, cred.WEBHOOK_URL.read(env, GATEWAY), secret=secret, target=target)

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
        timestamp = str(int(self.clock()))
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": message.key,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(self.secret, timestamp, body),
        }
        step = "mengirim pesan"
        r = self.api.send("POST", "", step=step, create=True, headers=headers, content=body)
        if r.is_success:
            data = json_body(r)
            rid = data.get("id") if isinstance(data, dict) else None
            return Delivery(remote_id=str(rid) if rid else message.key)
        err = self.api.status_error(r, step, True)
        if err.kind == "gagal":
            err.hint = f"Periksa {cred.WEBHOOK_URL.var.name} dan {cred.WEBHOOK_SECRET.name} di sisi penerima."
        raise err

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """A generic receiver cannot be asked: a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="penerima webhook"))
