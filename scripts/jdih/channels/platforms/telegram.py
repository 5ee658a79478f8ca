"""Telegram channel adapter (Bot API ``sendMessage`` / ``sendPhoto`` / ``sendMediaGroup``).

The bot token is part of the URL path by Telegram's design (``/bot<TOKEN>/<method>``); it is
registered as a secret, scrubbed from any text, never put into a message, and the ``httpx``
logger is kept quiet. Telegram has no idempotency key and the Bot API offers no way to read a
channel message back (no history, no lookup by id), so neither an unknown outcome nor a
recorded id can be checked by the tool: ``reconcile`` always hands the question to a person,
whose advice says exactly that (``jdih terbitkan --selesaikan``); ``retry_after`` is honoured.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel, advice_settle, json_body, short

NAME = "telegram"
SERVICE = cred.Service(NAME, "Telegram", cred.TELEGRAM_URL, (cred.TELEGRAM_BOT_TOKEN, cred.TELEGRAM_CHAT_ID))
CAPTION_MAX = 1024
# Telegram cannot be asked, so the advice must not promise that the tool will check.
ADVICE_UNSURE = advice_settle(
    "Bot Telegram tidak dapat membaca kembali pesan kanal, jadi alat ini tidak dapat memeriksanya. Buka kanal Telegram",
    NAME,
)


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = json_body(resp)
    if not isinstance(data, dict) or data.get("ok") is not False:
        return None
    code = data.get("error_code") or resp.status_code
    desc = short(data.get("description") or "")
    retry = (data.get("parameters") or {}).get("retry_after")
    if code == 429 or retry is not None:
        wait = float(retry) if retry is not None else None
        return ChannelError(f"batas laju tercapai ({desc})", channel=NAME, kind="batas", retry_after=wait)
    advice = {401: f"Periksa {cred.TELEGRAM_BOT_TOKEN.name} (dari @BotFather).",
              403: f"Jadikan bot admin kanal dan periksa {cred.TELEGRAM_CHAT_ID.name}."}
    if code == 400 and "chat not found" in desc.lower():
        code = 403
    if code in advice:
        what = "token bot tidak sah" if code == 401 else "bot tidak dapat mengirim ke kanal"
        return ChannelError(f"{what} ({desc})", channel=NAME, hint=advice[code])
    return None  # the generic mapping of jdih.channels.http words the rest


@dataclass(eq=False, repr=False, kw_only=True)
class TelegramChannel(HttpChannel, service=SERVICE, credentials=("token", "chat_id")):
    """Posts to one Telegram channel through a bot that is its admin (``JDIH_TELEGRAM_*``)."""

    token: str
    chat_id: str
    channel: str | None = None  # public @username, for links

    def connect(self) -> Api:
        """The bot token in the path; Bot API errors."""
        self.channel = (self.channel or (self.chat_id if self.chat_id.startswith("@") else "")).lstrip("@") or None
        return Api.of(self.client, SERVICE, f"{self.base_url}/bot{self.token}", error_map=_error_map,
                      clock=self.clock, unsure_advice=ADVICE_UNSURE)

    @classmethod
    def env_options(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """``JDIH_TELEGRAM_CHANNEL``."""
        return {"channel": cred.TELEGRAM_CHANNEL.read(env)}

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
            raise ChannelError("Telegram: paling banyak 10 gambar per album", channel=NAME)
        if images and len(message.text) > CAPTION_MAX:
            raise ChannelError(
                f"Telegram: keterangan gambar paling banyak {CAPTION_MAX} karakter",
                channel=NAME,
                hint="Isi `teks.telegram` yang lebih pendek.",
            )
        progress({STAGE: STAGE_CREATE})
        body: dict[str, Any]
        with ExitStack() as stack:
            if not images:
                method, step = "sendMessage", "mengirim pesan"
                body = {"json": {"chat_id": self.chat_id, "text": message.text}}
            elif len(images) == 1:
                fh = stack.enter_context(images[0].path.open("rb"))
                method, step = "sendPhoto", "mengirim foto"
                body = {"data": {"chat_id": self.chat_id, "caption": message.text},
                        "files": {"photo": (images[0].path.name, fh, images[0].mime)}}
            else:
                files = {}
                media = []
                for i, img in enumerate(images):
                    files[f"foto{i}"] = (img.path.name, stack.enter_context(img.path.open("rb")), img.mime)
                    item = {"type": "photo", "media": f"attach://foto{i}"}
                    if i == 0:
                        item["caption"] = message.text
                    media.append(item)
                method, step = "sendMediaGroup", "mengirim album"
                body = {"data": {"chat_id": self.chat_id, "media": json.dumps(media)}, "files": files}
            resp = self.api.call("POST", method, step=step, create=True, **body)
        result = resp.json().get("result")
        first = result[0] if isinstance(result, list) else result
        mid = str(first["message_id"])
        progress({REMOTE_ID: mid})
        return Delivery(mid, self.permalink(mid))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Telegram cannot be asked (see module docstring): always ``tidak-pasti`` for a person."""
        if state.get(REMOTE_ID):
            link = self.permalink(str(state[REMOTE_ID]))
            what = f"pesan {state[REMOTE_ID]}" + (f" ({link})" if link else "")
            raise ChannelError(
                f"Telegram: {what} tercatat terkirim, tetapi bot tidak dapat memastikannya ke Telegram",
                channel=NAME,
                kind="tidak-pasti",
                hint=ADVICE_UNSURE,
            )
        raise ChannelError(
            "Telegram: hasil pengiriman sebelumnya tidak diketahui dan bot tidak dapat membaca pesan kanal",
            channel=NAME,
            kind="tidak-pasti",
            hint=ADVICE_UNSURE,
        )

