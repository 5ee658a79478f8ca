"""Fonnte (api.fonnte.com), the Indonesian WhatsApp gateway most offices use, posting into a group.

Contract (docs.fonnte.com): ``POST /send`` with header ``Authorization: <device token>`` (no
"Bearer") and form fields ``target`` (numbers or a group id), ``message``, ``countryCode``.
Success *and* failure both come as HTTP 200: the body's ``status`` (true/false) and ``reason``
decide. Group ids: ``POST /fetch-group`` (refresh from the phone) then ``POST
/get-whatsapp-group``. Fonnte has no client idempotency key and its per-message status endpoint
is deprecated, so an uncertain send can only be settled by a person looking at the group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import ambiguous, base_url, env_value, json_body, rate_limited, request, server_error, short
from ._types import Group, cannot_check

GATEWAY = "Fonnte"
DEFAULT_URL = "https://api.fonnte.com"

# reason (lower-case substring) -> (Indonesian explanation, what to do)
_REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "token",
        "token perangkat ditolak (token invalid)",
        "Salin ulang token perangkat dari dashboard Fonnte (menu Device) ke JDIH_FONNTE_TOKEN.",
    ),
    (
        "target",
        "id grup/nomor tujuan tidak dikenal (target invalid)",
        "Periksa `tujuan` di sop/pengumuman.yml; lihat id grup yang benar dengan `jdih umumkan grup`.",
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


def explain(reason: str) -> tuple[str, str | None]:
    """Indonesian explanation and advice for a Fonnte ``reason``."""
    low = reason.lower()
    for key, text, advice in _REASONS:
        if key in low:
            return text, advice
    return f"permintaan ditolak ({short(reason)})", None


class FonnteChannel:
    """Announcement through Fonnte into a WhatsApp group."""

    name = "wa-fonnte"

    def __init__(
        self, client: httpx.Client, token: str, target: str, *, url: str = DEFAULT_URL, country_code: str = "62"
    ) -> None:
        self.client = client
        self.token = token
        self.target = target
        self.url = url.rstrip("/")
        self.country_code = country_code

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> FonnteChannel:
        """Build from ``JDIH_FONNTE_TOKEN`` (and ``JDIH_FONNTE_URL``)."""
        token = env_value(env, "JDIH_FONNTE_TOKEN", secret=True, required=True, gateway=GATEWAY)
        assert token is not None
        return cls(client, token, target, url=base_url(env, "JDIH_FONNTE_URL", DEFAULT_URL))

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self.token}

    def _fail(self, body: dict[str, Any]) -> ChannelError:
        reason = str(body.get("reason") or body.get("detail") or "tanpa alasan")
        text, advice = explain(reason)
        return ChannelError(f"{GATEWAY}: {text}", kanal=self.name, jenis="gagal", saran=advice)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Queue the message at Fonnte; ``status:false`` in a 200 body is a definite failure."""
        if not self.target:
            raise ChannelError(
                f"{GATEWAY}: id grup tujuan belum diisi",
                kanal=self.name,
                saran="Isi `tujuan` di sop/pengumuman.yml; daftar grup: `jdih umumkan grup`.",
            )
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/send",
            create_call=True,
            headers=self._headers(),
            data={"target": self.target, "message": message.text, "countryCode": self.country_code},
        )
        if r.status_code >= 500:
            raise server_error(self.name, GATEWAY, r, create_call=True)
        if r.status_code == 429:
            raise rate_limited(self.name, GATEWAY, r)
        body = json_body(r)
        if not isinstance(body, dict) or "status" not in body:
            if r.status_code >= 400:
                raise ChannelError(
                    f"{GATEWAY}: permintaan ditolak (HTTP {r.status_code}: {short(r.text)})", kanal=self.name
                )
            # A 2xx we cannot read: Fonnte may well have queued it.
            raise ambiguous(self.name, GATEWAY, f"balasan tidak dapat dibaca (HTTP {r.status_code})")
        if body.get("status") is not True:
            raise self._fail(body)
        ids = body.get("id")
        remote = str(ids[0]) if isinstance(ids, list) and ids else str(body.get("requestid") or "")
        return Delivery(remote_id=remote or "fonnte")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Fonnte cannot be asked whether a message went out: a person decides."""
        raise cannot_check(self.name, GATEWAY)

    def list_groups(self) -> list[Group]:
        """Refresh and list the WhatsApp groups of the connected device."""
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/fetch-group",
            create_call=False,
            headers=self._headers(),
        )
        body = json_body(r)
        if isinstance(body, dict) and body.get("status") is False:
            reason = str(body.get("reason") or "")
            # Fonnte refuses a refresh shortly after the previous one; the stored list is still good.
            if "token" in reason.lower() or "disconnect" in reason.lower():
                raise self._fail(body)
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/get-whatsapp-group",
            create_call=False,
            headers=self._headers(),
        )
        if r.status_code >= 400:
            raise ChannelError(f"{GATEWAY}: daftar grup tidak dapat diambil (HTTP {r.status_code})", kanal=self.name)
        body = json_body(r)
        if not isinstance(body, dict) or body.get("status") is not True:
            raise self._fail(body if isinstance(body, dict) else {"reason": "balasan tidak dikenal"})
        data = body.get("data") or []
        return [Group(str(g.get("id")), str(g.get("name") or "")) for g in data if isinstance(g, dict)]
