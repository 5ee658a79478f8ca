"""Telegram group chat announcement (a bot that is a member of the office's group).

Separate from the Telegram *channel* publisher under ``channels/platforms``: this one posts
the announcement text into a group. Contract (core.telegram.org/bots/api): ``POST
{base}/bot<TOKEN>/sendMessage`` with JSON ``{chat_id, text}``; success ``{"ok": true,
"result": {"message_id": ...}}``; errors ``{"ok": false, "error_code", "description",
"parameters": {"retry_after" | "migrate_to_chat_id"}}``. The token is part of the URL path
(Telegram allows nothing else), so URLs never reach a message: only host and method do, and
the redactor masks ``/bot<token>`` anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from ._http import ambiguous, base_url, env_value, json_body, request, server_error, short
from ._types import cannot_check

GATEWAY = "Telegram"
DEFAULT_URL = "https://api.telegram.org"
MAX_TEXT = 4096


class TelegramGroupChannel:
    """Announcement into a Telegram group by a bot."""

    name = "telegram-grup"

    def __init__(self, client: httpx.Client, token: str, chat_id: str, *, url: str = DEFAULT_URL) -> None:
        self.client = client
        self.token = token
        self.chat_id = chat_id
        self.url = url.rstrip("/")

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> TelegramGroupChannel:
        """Build from ``JDIH_TELEGRAM_BOT_TOKEN`` (and ``JDIH_TELEGRAM_URL``)."""
        token = env_value(env, "JDIH_TELEGRAM_BOT_TOKEN", secret=True, required=True, gateway=GATEWAY)
        assert token is not None
        return cls(client, token, target, url=base_url(env, "JDIH_TELEGRAM_URL", DEFAULT_URL))

    def _error(self, r: httpx.Response) -> ChannelError:
        body = json_body(r)
        desc = short(body.get("description") or "") if isinstance(body, dict) else short(r.text)
        params = body.get("parameters") if isinstance(body, dict) else None
        params = params if isinstance(params, dict) else {}
        code = r.status_code
        if code == 429 or params.get("retry_after") is not None:
            wait = params.get("retry_after")
            return ChannelError(
                f"{GATEWAY}: batas laju tercapai, tunggu {wait} detik ({desc})",
                kanal=self.name,
                jenis="batas",
                tunggu=float(wait) if isinstance(wait, int | float) else None,
            )
        if code >= 500:
            return server_error(self.name, GATEWAY, r, create_call=True)
        if code == 401:
            return ChannelError(
                f"{GATEWAY}: token bot ditolak ({desc})",
                kanal=self.name,
                saran="Periksa JDIH_TELEGRAM_BOT_TOKEN (dari @BotFather).",
            )
        if params.get("migrate_to_chat_id") is not None:
            return ChannelError(
                f"{GATEWAY}: grup sudah menjadi supergrup dengan id baru {params['migrate_to_chat_id']}",
                kanal=self.name,
                saran="Ganti `tujuan` di sop/pengumuman.yml dengan id baru tersebut.",
            )
        if code == 403:
            return ChannelError(
                f"{GATEWAY}: bot tidak boleh mengirim ke grup ini ({desc})",
                kanal=self.name,
                saran="Tambahkan bot ke grup dan izinkan mengirim pesan.",
            )
        if code == 400 and "chat not found" in desc.lower():
            return ChannelError(
                f"{GATEWAY}: grup tidak ditemukan ({desc})",
                kanal=self.name,
                saran="Periksa `tujuan` (id grup, mis. -100…) di sop/pengumuman.yml.",
            )
        return ChannelError(f"{GATEWAY}: pesan ditolak (HTTP {code}: {desc})", kanal=self.name)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """sendMessage to the group; ``retry_after`` becomes a ``batas`` error the caller honours."""
        if len(message.text) > MAX_TEXT:
            raise ChannelError(f"{GATEWAY}: teks melebihi {MAX_TEXT} karakter", kanal=self.name)
        r = request(
            self.client,
            self.name,
            GATEWAY,
            "POST",
            f"{self.url}/bot{self.token}/sendMessage",
            create_call=True,
            json={"chat_id": self.chat_id, "text": message.text},
        )
        body = json_body(r)
        if r.is_success and isinstance(body, dict) and body.get("ok") is True:
            result = body.get("result")
            mid = result.get("message_id", "") if isinstance(result, dict) else ""
            return Delivery(remote_id=str(mid) or "telegram")
        if r.is_success:
            raise ambiguous(self.name, GATEWAY, "balasan tidak dapat dibaca")
        raise self._error(r)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Bots cannot read their own past group messages: a person decides."""
        raise cannot_check(self.name, GATEWAY)
