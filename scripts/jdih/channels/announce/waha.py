"""WAHA (devlikeapro/waha), a self-hosted WhatsApp Web gateway, posting into a group.

Contract: ``POST {url}/api/sendText`` with JSON ``{session, chatId: "<id>@g.us", text}`` and
header ``X-Api-Key``; success is 200/201 and the body depends on the engine:

- WEBJS: ``{"_data": ..., "id": {"_serialized": "true_<chat>@g.us_<msgid>", ...}}``
- NOWEB: ``{"key": {"remoteJid", "fromMe", "id"}, "message": ..., "status": "PENDING"}``
- some 2025 versions: an empty body.

Unauthenticated: 401 ``{"message": "Unauthorized", "statusCode": 401}``. A session that is not
connected answers 422 with its ``status`` (e.g. ``SCAN_QR_CODE``). Groups: ``GET
/api/{session}/groups``.

Reconciliation (WAHA can read a chat, unlike the hosted gateways):

- a recorded message id is fetched by id (``GET /api/{session}/chats/{chat}/messages/{id}``):
  200 → it exists; 404 for that message → it does not; anything else → ``tidak-pasti``;
- otherwise our own message with the same text is looked for among the chat's last
  :data:`RECONCILE_WINDOW` messages (``timestamp`` in unix seconds). Found → delivered. Not
  found is proof of "not sent" **only when the window provably reaches back before the send
  started**: the send time is recorded (``mulai_kirim``) before the create call, and some message
  in the window is older than it by more than :data:`CLOCK_SKEW`. A short window (a busy group)
  or an empty list proves nothing: ``tidak-pasti``, a person looks at the group.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ...errors import ChannelError, ConfigError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Group, Outgoing, ProgressFn
from ..http import ADVICE_LOOK, Api, Clock, json_body, short

GATEWAY = "WAHA"
RECONCILE_WINDOW = 50  # recent messages inspected when reconciling
CLOCK_SKEW = 300.0  # seconds our clock and the phone's may disagree
SENT_AT = "mulai_kirim"  # progress key: unix time just before the create call
PLACEHOLDER = "waha"  # remote id when the engine answered with an empty body


def message_id(body: Any) -> str:
    """The message id from either engine's response shape ('' for an empty body)."""
    if not isinstance(body, dict):
        return ""
    ident = body.get("id")
    if isinstance(ident, dict) and ident.get("_serialized"):
        return str(ident["_serialized"])  # WEBJS
    if isinstance(ident, str) and ident:
        return ident
    key = body.get("key")
    if isinstance(key, dict) and key.get("id"):
        return str(key["id"])  # NOWEB
    return ""


def _text(item: dict[str, Any]) -> str | None:
    text = item.get("body")
    if text is None and isinstance(item.get("_data"), dict):
        text = item["_data"].get("body")
    return text if isinstance(text, str) else None


def _timestamp(item: dict[str, Any]) -> float | None:
    ts = item.get("timestamp")
    return float(ts) if isinstance(ts, int | float) and not isinstance(ts, bool) else None


class WahaChannel:
    """Announcement through a WAHA server into a WhatsApp group."""

    name = "wa-waha"

    def __init__(
        self,
        client: httpx.Client,
        target: str,
        *,
        url: str = "http://localhost:3000",
        api_key: str | None = None,
        session: str = "default",
        clock: Clock = time.time,
    ) -> None:
        self.target = target
        self.session = session
        self.clock = clock
        self.api = Api(client, self.name, GATEWAY, url.rstrip("/"), cred.WAHA_URL.var.name, cred.WAHA_API_KEY.name,
                       headers={"X-Api-Key": api_key} if api_key else {}, error_map=self._refused,
                       clock=clock, unsure_advice=ADVICE_LOOK)

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], target: str) -> WahaChannel:
        """Build from ``JDIH_WAHA_URL`` (required), ``JDIH_WAHA_API_KEY``, ``JDIH_WAHA_SESSION`` (``default``)."""
        key = cred.WAHA_API_KEY.read(env)
        url = cred.WAHA_URL.read(env, GATEWAY)
        session = cred.WAHA_SESSION.read(env, "default") or "default"
        return cls(client, target, url=url, api_key=key, session=session)

    def _check_target(self) -> None:
        if not self.target.endswith(("@g.us", "@c.us")):
            raise ConfigError(
                f"{GATEWAY}: tujuan '{self.target}' bukan id obrolan WhatsApp (harus berakhiran @g.us untuk grup)",
                hint="Lihat id grup dengan `jdih umumkan grup` lalu isi `tujuan` pengumuman di kantor.yml.",
            )

    def _refused(self, r: httpx.Response, create: bool) -> ChannelError | None:
        body = json_body(r)
        if r.status_code == 401:
            return ChannelError(
                "kunci API ditolak (HTTP 401 Unauthorized)",
                channel=self.name,
                hint=f"Samakan {cred.WAHA_API_KEY.name} dengan WAHA_API_KEY di server WAHA.",
            )
        if r.status_code == 422 and isinstance(body, dict) and body.get("status"):
            return ChannelError(
                f"sesi '{self.session}' belum tersambung ke WhatsApp (status {short(body['status'])})",
                channel=self.name,
                hint="Buka dasbor WAHA, mulai sesi dan pindai kode QR dengan ponsel kantor.",
            )
        if r.status_code == 404:
            return ChannelError(
                f"sesi atau obrolan tidak ditemukan (HTTP 404: {short(r.text)})",
                channel=self.name,
                hint=f"Periksa {cred.WAHA_SESSION.name} (WAHA Core hanya mendukung sesi 'default') dan id grup.",
            )
        return None

    def _chat(self) -> str:
        return f"api/{quote(self.session, safe='')}/chats/{quote(self.target, safe='')}/messages"

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Send the text; any 2xx (whatever the engine's body) means WAHA accepted it."""
        self._check_target()
        payload = {"session": self.session, "chatId": self.target, "text": message.text}
        # The earliest start of any attempt: the window must reach back before every one of them.
        earlier = state.get(SENT_AT)
        now = self.clock()
        progress({STAGE: STAGE_CREATE, SENT_AT: min(now, float(earlier)) if isinstance(earlier, int | float) else now})
        r = self.api.call("POST", "api/sendText", step="mengirim pesan", create=True, ok=(200, 201), json=payload)
        return Delivery(remote_id=message_id(json_body(r)) or PLACEHOLDER)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """See the module docstring: by id when one is recorded, else by text within a covering window."""
        self._check_target()
        remote = str(state.get(REMOTE_ID) or "")
        if remote and remote != PLACEHOLDER:
            return self._by_id(remote)
        return self._by_text(message, state)

    def _by_id(self, remote: str) -> Delivery | None:
        step = "memeriksa pesan menurut id"
        r = self.api.send("GET", f"{self._chat()}/{quote(remote, safe='')}", step=step,
                          params={"downloadMedia": "false"})
        body = json_body(r)
        if r.status_code == 200 and isinstance(body, dict):
            return Delivery(remote_id=message_id(body) or remote)
        if r.status_code == 404 and "Cannot GET" not in r.text:  # that message, not an unknown route
            return None
        raise self._unsure(f"pesan {remote} tidak dapat diperiksa (HTTP {r.status_code})")

    def _by_text(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        step = "memeriksa riwayat obrolan"
        r = self.api.send("GET", self._chat(), step=step,
                          params={"limit": RECONCILE_WINDOW, "downloadMedia": "false"})
        body = json_body(r)
        if not r.is_success or not isinstance(body, list):
            err = self._refused(r, False) or self.api.status_error(r, step, False)
            raise self._unsure(f"riwayat obrolan tidak dapat diperiksa ({err.message})")
        items = [i for i in body if isinstance(i, dict)]
        want = message.text.strip()
        for item in items:
            if item.get("fromMe") and (_text(item) or "").strip() == want:
                return Delivery(remote_id=message_id(item) or PLACEHOLDER)
        started = state.get(SENT_AT)
        stamps = [t for t in (_timestamp(i) for i in items) if t is not None]
        if isinstance(started, int | float) and stamps and min(stamps) < float(started) - CLOCK_SKEW:
            return None  # the window reaches back before the send began: absence is proof
        raise self._unsure(
            f"pesan tidak ada di {len(items)} pesan terakhir grup, tetapi jendela itu tidak mencakup "
            "waktu pengiriman, jadi belum terbukti tidak terkirim"
        )

    def _unsure(self, why: str) -> ChannelError:
        return ChannelError(f"{GATEWAY}: status pengiriman tidak pasti: {why}", channel=self.name,
                            kind="tidak-pasti", hint=ADVICE_LOOK.format(name="grup WhatsApp"))

    def list_groups(self) -> list[Group]:
        """The session's groups (id and subject)."""
        r = self.api.call("GET", f"api/{quote(self.session, safe='')}/groups", step="mengambil daftar grup",
                          ok=(200,))
        body = json_body(r)
        items = body.values() if isinstance(body, dict) else body if isinstance(body, list) else []
        out = []
        for g in items:
            if not isinstance(g, dict):
                continue
            gid = g.get("id")
            if isinstance(gid, dict):
                gid = gid.get("_serialized")
            name = g.get("subject") or g.get("name") or (g.get("groupMetadata") or {}).get("subject") or ""
            if gid:
                out.append(Group(str(gid), str(name)))
        return out
