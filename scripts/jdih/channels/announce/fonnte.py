"""Fonnte (api.fonnte.com), the Indonesian WhatsApp gateway most offices use, posting into a group.

Contract (docs.fonnte.com): ``POST /send`` with header ``Authorization: <device token>`` (no
"Bearer") and form fields ``target`` (numbers or a group id), ``message``, ``countryCode``.
Success *and* failure both come as HTTP 200: the body's ``status`` (true/false) and ``reason``
decide. Group ids: ``POST /fetch-group`` (refresh from the phone) then ``POST
/get-whatsapp-group``. Fonnte has no client idempotency key and its per-message status endpoint
is deprecated, so neither an uncertain send nor a recorded id can be checked: a person decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from .. import credentials as cred
from ..base import Delivery, Group, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK, Api, Reasons, explain, json_body

GATEWAY = "Fonnte"

REASONS: Reasons = (
    (
        "token",
        "token perangkat ditolak (token invalid)",
        f"Salin ulang token perangkat dari dashboard Fonnte (menu Device) ke {cred.FONNTE_TOKEN.name}.",
    ),
    (
        "target",
        "id grup/nomor tujuan tidak dikenal (target invalid)",
        "Periksa `tujuan` pengumuman di kantor.yml; lihat id grup yang benar dengan `jdih umumkan grup`.",
    ),
    (
        "quota",
        "kuota pesan habis (insufficient quota)",
        "Isi ulang kuota/paket di dashboard Fonnte lalu ulangi `jdih umumkan`.",
    ),
    (
        "disconnect",
        "perangkat WhatsApp terputus dari Fonnte (device disconnected)",
        "Buka dashboard Fonnte → Device → Connect dan pindai ulang kode QR dengan ponsel kantor.",
    ),
    (
        "input invalid",
        "isi permintaan ditolak (input invalid)",
        "Periksa teks pesan dan id grup; bila berulang, hubungi dukungan Fonnte.",
    ),
)


class FonnteChannel:
    """Announcement through Fonnte into a WhatsApp group."""

    name = "wa-fonnte"

    def __init__(
        self,
        client: httpx.Client,
        token: str,
        target: str,
        *,
        url: str = str(cred.FONNTE_URL.default),
        country_code: str = "62",
    ) -> None:
        self.target = target
        self.country_code = country_code
        self.api = Api(client, self.name, GATEWAY, url.rstrip("/"), cred.FONNTE_URL.var.name, cred.FONNTE_TOKEN.name,
                       headers={"Authorization": token}, unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> FonnteChannel:
        """Build from ``JDIH_FONNTE_TOKEN`` (and ``JDIH_FONNTE_URL``)."""
        token = cred.FONNTE_TOKEN.require(env, GATEWAY)
        return cls(client, token, target, url=cred.FONNTE_URL.read(env, GATEWAY))

    def _fail(self, body: dict[str, Any]) -> ChannelError:
        reason = str(body.get("reason") or body.get("detail") or "tanpa alasan")
        text, advice = explain(reason, REASONS)
        return ChannelError(f"{GATEWAY}: {text}", channel=self.name, kind="gagal", hint=advice)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Queue the message at Fonnte; ``status:false`` in a 200 body is a definite failure."""
        if not self.target:
            raise ChannelError(
                f"{GATEWAY}: id grup tujuan belum diisi",
                channel=self.name,
                hint="Isi `tujuan` pengumuman di kantor.yml; daftar grup: `jdih umumkan grup`.",
            )
        step = "mengirim pesan"
        r = self.api.send("POST", "send", step=step, create=True,
                          data={"target": self.target, "message": message.text, "countryCode": self.country_code})
        if r.status_code >= 500 or r.status_code == 429:
            raise self.api.status_error(r, step, True)
        body = json_body(r)
        if not isinstance(body, dict) or "status" not in body:
            if r.status_code >= 400:
                raise self.api.status_error(r, step, True)
            # A 2xx we cannot read: Fonnte may well have queued it.
            raise self.api.unsure(step, True, f"balasan tidak dapat dibaca (HTTP {r.status_code})")
        if body.get("status") is not True:
            raise self._fail(body)
        ids = body.get("id")
        remote = str(ids[0]) if isinstance(ids, list) and ids else str(body.get("requestid") or "")
        return Delivery(remote_id=remote or "fonnte")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Fonnte cannot be asked whether a message went out: a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="grup WhatsApp"))

    def list_groups(self) -> list[Group]:
        """Refresh and list the WhatsApp groups of the connected device."""
        r = self.api.send("POST", "fetch-group", step="menyegarkan daftar grup")
        body = json_body(r)
        if isinstance(body, dict) and body.get("status") is False:
            reason = str(body.get("reason") or "")
            # Fonnte refuses a refresh shortly after the previous one; the stored list is still good.
            if "token" in reason.lower() or "disconnect" in reason.lower():
                raise self._fail(body)
        r = self.api.send("POST", "get-whatsapp-group", step="mengambil daftar grup")
        if r.status_code >= 400:
            raise ChannelError(f"{GATEWAY}: daftar grup tidak dapat diambil (HTTP {r.status_code})", channel=self.name)
        body = json_body(r)
        if not isinstance(body, dict) or body.get("status") is not True:
            raise self._fail(body if isinstance(body, dict) else {"reason": "balasan tidak dikenal"})
        data = body.get("data") or []
        return [Group(str(g.get("id")), str(g.get("name") or "")) for g in data if isinstance(g, dict)]

