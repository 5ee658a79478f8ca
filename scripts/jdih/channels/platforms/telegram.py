"""Telegram channel adapter (Bot API ``sendMessage`` / ``sendPhoto`` / ``sendMediaGroup``).

The bot token is part of the URL path by Telegram's design (``/bot<TOKEN>/<method>``); it is
registered as a secret, scrubbed from any text, never put into a message, and the ``httpx``
logger is kept quiet. Telegram has no idempotency key and a bot cannot read its channel's
history, so a create call with an unknown outcome is reported for a human to check
(``jdih terbitkan --selesaikan``); ``retry_after`` is honoured.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from . import REMOTE_ID, STAGE, STAGE_CREATE
from ._http import Api, Clock, Sleep, body_json, env_url, short

NAME = "telegram"
DEFAULT_URL = "https://api.telegram.org"
ENV = {"token": "JDIH_TELEGRAM_BOT_TOKEN", "chat_id": "JDIH_TELEGRAM_CHAT_ID"}
ENV_CHANNEL = "JDIH_TELEGRAM_CHANNEL"  # public @username (for links); optional for private channels
CAPTION_MAX = 1024


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = body_json(resp)
    if not isinstance(data, dict) or data.get("ok") is not False:
        return None
    code = data.get("error_code") or resp.status_code
    desc = short(data.get("description") or "")
    retry = (data.get("parameters") or {}).get("retry_after")
    if code == 429 or retry is not None:
        return ChannelError(
            f"batas laju tercapai ({desc})",
            kanal=NAME,
            jenis="batas",
            tunggu=float(retry) if retry is not None else None,
        )
    if code == 401:
        return ChannelError(
            f"token bot tidak sah ({desc})",
            kanal=NAME,
            jenis="gagal",
            saran="Periksa JDIH_TELEGRAM_BOT_TOKEN (dari @BotFather).",
        )
    if code == 403 or (code == 400 and "chat not found" in desc.lower()):
        return ChannelError(
            f"bot tidak dapat mengirim ke kanal ({desc})",
            kanal=NAME,
            jenis="gagal",
            saran="Jadikan bot admin kanal dan periksa JDIH_TELEGRAM_CHAT_ID.",
        )
    if resp.status_code >= 500:
        return None
    return ChannelError(f"permintaan ditolak ({code}: {desc})", kanal=NAME, jenis="gagal")


class TelegramChannel:
    """Posts to one Telegram channel through a bot that is its admin."""

    name = NAME

    def __init__(
        self,
        client: httpx.Client,
        *,
        token: str,
        chat_id: str,
        channel: str | None = None,
        base_url: str = DEFAULT_URL,
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
    ) -> None:
        self.chat_id = chat_id
        self.channel = (channel or (chat_id if chat_id.startswith("@") else "")).lstrip("@") or None
        self.api = Api(
            client,
            NAME,
            "Telegram",
            f"{base_url.rstrip('/')}/bot{token}",
            error_map=_error_map,
            clock=clock,
            env_hint="JDIH_TELEGRAM_BOT_TOKEN",
        )

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], **kw: Any) -> TelegramChannel:
        """Build from ``JDIH_TELEGRAM_*``."""
        return cls(
            client,
            token=env[ENV["token"]],
            chat_id=env[ENV["chat_id"]],
            channel=env.get(ENV_CHANNEL),
            base_url=env_url(env, NAME, DEFAULT_URL),
            **kw,
        )

    def permalink(self, message_id: str) -> str | None:
        """``t.me/<channel>/<id>`` or ``t.me/c/<id without -100>/<id>`` for a private channel."""
        if self.channel:
            return f"https://t.me/{self.channel}/{message_id}"
        if self.chat_id.startswith("-100"):
            return f"https://t.me/c/{self.chat_id[4:]}/{message_id}"
        return None

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """One create call: sendMessage, sendPhoto or sendMediaGroup."""
        if state.get(REMOTE_ID):
            return Delivery(str(state[REMOTE_ID]), self.permalink(str(state[REMOTE_ID])))
        images = message.images
        if len(images) > 10:
            raise ChannelError("Telegram: paling banyak 10 gambar per album", kanal=NAME, jenis="gagal")
        if images and len(message.text) > CAPTION_MAX:
            raise ChannelError(
                f"Telegram: keterangan gambar paling banyak {CAPTION_MAX} karakter",
                kanal=NAME,
                jenis="gagal",
                saran="Isi `teks.telegram` yang lebih pendek.",
            )
        progress({STAGE: STAGE_CREATE})
        with ExitStack() as stack:
            if not images:
                resp = self.api.call(
                    "POST",
                    "sendMessage",
                    step="mengirim pesan",
                    create=True,
                    json={"chat_id": self.chat_id, "text": message.text},
                )
            elif len(images) == 1:
                fh = stack.enter_context(images[0].path.open("rb"))
                resp = self.api.call(
                    "POST",
                    "sendPhoto",
                    step="mengirim foto",
                    create=True,
                    data={"chat_id": self.chat_id, "caption": message.text},
                    files={"photo": (images[0].path.name, fh, images[0].mime)},
                )
            else:
                files = {}
                media = []
                for i, img in enumerate(images):
                    files[f"foto{i}"] = (img.path.name, stack.enter_context(img.path.open("rb")), img.mime)
                    item = {"type": "photo", "media": f"attach://foto{i}"}
                    if i == 0:
                        item["caption"] = message.text
                    media.append(item)
                resp = self.api.call(
                    "POST",
                    "sendMediaGroup",
                    step="mengirim album",
                    create=True,
                    data={"chat_id": self.chat_id, "media": json.dumps(media)},
                    files=files,
                )
        result = resp.json().get("result")
        first = result[0] if isinstance(result, list) else result
        mid = str(first["message_id"])
        progress({REMOTE_ID: mid})
        return Delivery(mid, self.permalink(mid))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Only a recorded id can be confirmed; otherwise a human must check the channel."""
        if state.get(REMOTE_ID):
            return Delivery(str(state[REMOTE_ID]), self.permalink(str(state[REMOTE_ID])))
        raise ChannelError(
            "Telegram: hasil pengiriman sebelumnya tidak diketahui dan bot tidak dapat membaca riwayat kanal",
            kanal=NAME,
            jenis="tidak-pasti",
            saran="Buka kanal Telegram: bila pos sudah ada, jalankan `jdih terbitkan --selesaikan <pos> telegram "
            "--tautan <tautan>`; bila belum, `jdih terbitkan --selesaikan <pos> telegram --belum-terbit`.",
        )


def missing(env: Mapping[str, str]) -> list[str]:
    """Names of required variables that are unset."""
    return [v for v in ENV.values() if not env.get(v)]
