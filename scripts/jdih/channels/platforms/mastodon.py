"""Mastodon adapter (any instance: ``JDIH_MASTODON_URL``).

Limits come from ``GET /api/v2/instance`` (``configuration.statuses``). Media go through
``POST /api/v2/media`` (202 while processing; polled with ``GET /api/v1/media/:id``). The
status is created with ``Idempotency-Key = message.key``: the instance keeps keys for about
an hour, so a retry inside that window returns the original status instead of a new one;
after that window reconcile looks for our canonical link among the account's recent statuses.
A recorded id is confirmed with ``GET /api/v1/statuses/:id`` (404: it does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel, json_body, poll, short
from ._graph import text_matches

NAME = "mastodon"
SERVICE = cred.Service(NAME, "Mastodon", cred.MASTODON_URL, (cred.MASTODON_TOKEN, cred.MASTODON_URL.var))
IDEMPOTENCY_WINDOW = 50 * 60  # seconds; Mastodon keeps keys "up to 1 hour"


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = json_body(resp)
    msg = short(data.get("error")) if isinstance(data, dict) and data.get("error") else ""
    if resp.status_code == 401:
        return ChannelError(
            f"token tidak sah ({msg})",
            channel=NAME,
            hint=f"Buat token aplikasi baru (cakupan write:statuses write:media) di {cred.MASTODON_TOKEN.name}.",
        )
    if resp.status_code == 422:
        return ChannelError(f"isi ditolak ({msg})", channel=NAME)
    return None


@dataclass(eq=False, repr=False, kw_only=True)
class MastodonChannel(HttpChannel, service=SERVICE, credentials=("token", "base_url")):
    """Posts public statuses to one Mastodon account (``JDIH_MASTODON_TOKEN``, ``JDIH_MASTODON_URL``)."""

    token: str
    base_url: str = "https://mastodon.social"
    poll_interval: float = 2.0
    poll_attempts: int = 30
    _limits: dict[str, Any] | None = field(default=None, init=False)

    def connect(self) -> Api:
        """Bearer token; Mastodon's error bodies."""
        return Api.of(self.client, SERVICE, self.base_url, bearer=self.token, error_map=_error_map, clock=self.clock)

    def limits(self) -> dict[str, Any]:
        """``configuration.statuses`` of the instance (cached per run)."""
        if self._limits is None:
            resp = self.api.call("GET", "api/v2/instance", step="membaca batas instans")
            self._limits = dict(((resp.json().get("configuration") or {}).get("statuses")) or {})
        return self._limits

    def _upload(self, img: Any) -> str:
        with img.path.open("rb") as fh:
            resp = self.api.call(
                "POST",
                "api/v2/media",
                step="mengunggah gambar",
                ok=(200, 202),
                data={"description": img.alt},
                files={"file": (img.path.name, fh, img.mime)},
            )
        data = resp.json()
        mid = str(data["id"])
        if resp.status_code == 202 or not data.get("url"):

            def check() -> str:
                r = self.api.call("GET", f"api/v1/media/{mid}", step="memeriksa pemrosesan gambar", ok=(200, 206))
                return "ready" if r.status_code == 200 and r.json().get("url") else "pending"

            if poll(check, sleep=self.sleep, interval=self.poll_interval, attempts=self.poll_attempts) != "ready":
                raise ChannelError("Mastodon: gambar belum selesai diproses; coba lagi", channel=NAME, kind="ulang")
        return mid

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Upload media, then post with the idempotency key."""
        if state.get(REMOTE_ID):
            return self._delivery(str(state[REMOTE_ID]))
        lim = self.limits()
        max_chars = int(lim.get("max_characters") or 500)
        max_media = int(lim.get("max_media_attachments") or 4)
        if len(message.images) > max_media:
            raise ChannelError(
                f"Mastodon: instans ini menerima paling banyak {max_media} gambar", channel=NAME, kind="gagal"
            )
        if len(message.text) > max_chars:
            raise ChannelError(
                f"Mastodon: teks {len(message.text)} karakter melebihi batas instans ({max_chars})",
                channel=NAME,
                hint="Persingkat teks atau isi `teks.mastodon`.",
            )
        media: list[str] = list(state.get("media") or [])
        for img in message.images[len(media) :]:
            media.append(self._upload(img))
            progress({"media": list(media)})
        first = state.get("mulai_kirim")
        if not first:
            first = self.clock()
        progress({STAGE: STAGE_CREATE, "mulai_kirim": first})
        return self._post(message, media, progress)

    def _post(self, message: Outgoing, media: list[str], progress: ProgressFn) -> Delivery:
        form: dict[str, Any] = {"status": message.text, "visibility": "public", "language": "id"}
        if media:
            form["media_ids[]"] = media
        resp = self.api.call(
            "POST",
            "api/v1/statuses",
            step="menerbitkan status",
            create=True,
            data=form,
            headers={"Idempotency-Key": message.key},
        )
        data = resp.json()
        progress({REMOTE_ID: str(data["id"])})
        return Delivery(str(data["id"]), data.get("url"))

    def _delivery(self, status_id: str) -> Delivery:
        resp = self.api.call("GET", f"api/v1/statuses/{status_id}", step="mengambil tautan status")
        return Delivery(status_id, resp.json().get("url"))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Within the key window: re-post with the same Idempotency-Key (the instance returns the
        original when it exists); later: search the account's recent statuses for our link."""
        if state.get(REMOTE_ID):
            status_id = str(state[REMOTE_ID])
            resp = self.api.lookup(f"api/v1/statuses/{status_id}", step="memeriksa status menurut id")
            data = json_body(resp) if resp is not None else None
            return Delivery(status_id, data.get("url")) if isinstance(data, dict) else None
        first = state.get("mulai_kirim")
        if first and self.clock() - float(first) < IDEMPOTENCY_WINDOW:
            return self._post(message, list(state.get("media") or []), lambda _p: None)
        me = self.api.call("GET", "api/v1/accounts/verify_credentials", step="membaca akun").json()
        resp = self.api.call(
            "GET",
            f"api/v1/accounts/{me['id']}/statuses",
            step="memeriksa status terbaru",
            params={"limit": "20", "exclude_replies": "true"},
        )
        for st in resp.json() or []:
            if text_matches(st.get("content"), message.link, message.text):
                return Delivery(str(st["id"]), st.get("url"))
        return None

