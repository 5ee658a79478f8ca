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
from .. import credentials as cred
from ..base import Delivery, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK, Api, json_body, short

GATEWAY = "Telegram"
MAX_TEXT = 4096


class TelegramGroupChannel:
    """Announcement into a Telegram group by a bot."""

    name = "telegram-grup"

    def __init__(
        self, client: httpx.Client, token: str, chat_id: str, *, url: str = str(cred.TELEGRAM_URL.default)
    ) -> None:
        self.chat_id = chat_id
        self.api = Api(client, self.name, GATEWAY, f"{url.rstrip('/')}/bot{token}", cred.TELEGRAM_URL.var.name,
                       cred.TELEGRAM_BOT_TOKEN.name, error_map=self._error, unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> TelegramGroupChannel:
        """Build from ``JDIH_TELEGRAM_BOT_TOKEN`` (and ``JDIH_TELEGRAM_URL``)."""
        token = cred.TELEGRAM_BOT_TOKEN.require(env, GATEWAY)
        return cls(client, token, target, url=cred.TELEGRAM_URL.read(env, GATEWAY))

    def _error(self, r: httpx.Response, create: bool) -> ChannelError | None:
        body = json_body(r)
        desc = short(body.get("description") or "") if isinstance(body, dict) else short(r.text)
        params = body.get("parameters") if isinstance(body, dict) else None
        params = params if isinstance(params, dict) else {}
        code = r.status_code
        if code == 429 or params.get("retry_after") is not None:
            wait = params.get("retry_after")
            return ChannelError(
                f"batas laju tercapai, tunggu {wait} detik ({desc})",
                channel=self.name,
                kind="batas",
                retry_after=float(wait) if isinstance(wait, int | float) else None,
            )
        if code >= 500:
            return None
        if code == 401:
            return ChannelError(
                f"token bot ditolak ({desc})",
                channel=self.name,
                hint=f"Periksa {cred.TELEGRAM_BOT_TOKEN.name} (dari @BotFather).",
            )
        if params.get("migrate_to_chat_id") is not None:
            return ChannelError(
                f"grup sudah menjadi supergrup dengan id baru {params['migrate_to_chat_id']}",
                channel=self.name,
                hint="Ganti `tujuan` pengumuman di kantor.yml dengan id baru tersebut.",
            )
        if code == 403:
            return ChannelError(
                f"bot tidak boleh mengirim ke grup ini ({desc})",
                channel=self.name,
                hint="Tambahkan bot ke grup dan izinkan mengirim pesan.",
            )
        if code == 400 and "chat not found" in desc.lower():
            return ChannelError(
                f"grup tidak ditemukan ({desc})",
                channel=self.name,
                hint="Periksa `tujuan` pengumuman (id grup, mis. -100…) di kantor.yml.",
            )
        return ChannelError(f"pesan ditolak (HTTP {code}: {desc})", channel=self.name)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """sendMessage to the group; ``retry_after`` becomes a ``batas`` error the caller honours."""
        if len(message.text) > MAX_TEXT:
            raise ChannelError(f"{GATEWAY}: teks melebihi {MAX_TEXT} karakter", channel=self.name)
        step = "mengirim pesan"
        r = self.api.send("POST", "sendMessage", step=step, create=True,
                          json={"chat_id": self.chat_id, "text": message.text})
        body = json_body(r)
        if r.is_success and isinstance(body, dict) and body.get("ok") is True:
            result = body.get("result")
            mid = result.get("message_id", "") if isinstance(result, dict) else ""
            return Delivery(remote_id=str(mid) or "telegram")
        if r.is_success:
            raise self.api.unsure(step, True, "balasan tidak dapat dibaca")
        raise self.api.error(r, step, True)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Bots cannot read past group messages back (no history, no lookup by id): a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="grup Telegram"))
