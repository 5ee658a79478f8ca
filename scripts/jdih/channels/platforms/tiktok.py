"""TikTok adapter (Content Posting API, photo posts pulled from the JDIH site's public URLs).

``POST /v2/post/publish/content/init/`` (``media_type=PHOTO``, ``post_mode=DIRECT_POST``,
``source=PULL_FROM_URL``) is the create call; its ``publish_id`` is recorded at once and
``POST /v2/post/publish/status/fetch/`` tells whether it landed.

Audit limits (documented by TikTok): an *unaudited* client may only post with
``privacy_level=SELF_ONLY`` (visible to the account owner only) and to at most 5 users a day;
public posting needs TikTok's app audit. The privacy level is therefore ``SELF_ONLY`` unless
``JDIH_TIKTOK_PRIVASI`` says otherwise (e.g. ``PUBLIC_TO_EVERYONE`` after the audit). TikTok
does not accept PNG photos (the publishing service converts to JPEG). 6 init calls/minute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel, advice_settle, json_body, poll, short

NAME = "tiktok"
SERVICE = cred.Service(NAME, "TikTok", cred.TIKTOK_URL, (cred.TIKTOK_TOKEN,))
# Without the publish id TikTok cannot be asked, so the advice promises no check.
ADVICE_UNSURE = advice_settle("TikTok tidak dapat ditanya tanpa id unggahan. Periksa akun TikTok", NAME)


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = json_body(resp)
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return None
    code, msg = str(err.get("code") or ""), short(err.get("message") or "")
    if code == "rate_limit_exceeded" or resp.status_code == 429:
        return ChannelError(f"batas laju tercapai ({msg})", channel=NAME, kind="batas", retry_after=60.0)
    if code in ("access_token_invalid", "scope_not_authorized", "token_not_authorized_for_specified_scope"):
        return ChannelError(
            f"token ditolak ({code}: {msg})",
            channel=NAME,
            hint=f"Perbarui token (cakupan video.publish) di {cred.TIKTOK_TOKEN.name}.",
        )
    if code == "unaudited_client_can_only_post_to_private_accounts":
        return ChannelError(
            f"aplikasi belum diaudit TikTok ({msg})",
            channel=NAME,
            hint=f"Gunakan {cred.TIKTOK_PRIVACY.name}=SELF_ONLY atau ajukan audit aplikasi ke TikTok.",
        )
    return None  # the generic mapping of jdih.channels.http words the rest


@dataclass(eq=False, repr=False, kw_only=True)
class TikTokChannel(HttpChannel, service=SERVICE, credentials=("token",)):
    """Photo posts to one TikTok account (user access token, ``JDIH_TIKTOK_*``)."""

    token: str
    privacy: str = "SELF_ONLY"
    username: str | None = None
    poll_interval: float = 5.0
    poll_attempts: int = 24

    def connect(self) -> Api:
        """Bearer token, JSON bodies; TikTok's error codes."""
        return Api.of(self.client, SERVICE, self.base_url, bearer=self.token, error_map=_error_map, clock=self.clock,
                      headers={"Content-Type": "application/json; charset=UTF-8"}, unsure_advice=ADVICE_UNSURE)

    @classmethod
    def env_options(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """``JDIH_TIKTOK_PRIVASI`` (default SELF_ONLY) and ``JDIH_TIKTOK_USERNAME``."""
        return {"privacy": cred.TIKTOK_PRIVACY.read(env, "SELF_ONLY") or "SELF_ONLY",
                "username": cred.TIKTOK_USERNAME.read(env)}

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Init the photo post once, then wait for its status."""
        if state.get(REMOTE_ID):
            return self._sent(str(state[REMOTE_ID]))
        urls = [i.public_url for i in message.images if i.public_url]
        if not urls:
            raise ChannelError("TikTok: pos foto wajib memiliki gambar dengan URL publik", channel=NAME)
        body = {
            "post_info": {
                "title": message.title[:90],
                "description": message.text[:4000],
                "privacy_level": self.privacy,
            },
            "source_info": {"source": "PULL_FROM_URL", "photo_images": urls, "photo_cover_index": 0},
            "post_mode": "DIRECT_POST",
            "media_type": "PHOTO",
        }
        progress({STAGE: STAGE_CREATE})
        resp = self.api.call(
            "POST", "v2/post/publish/content/init/", step="memulai unggahan foto", create=True, json=body
        )
        publish_id = str(resp.json()["data"]["publish_id"])
        progress({REMOTE_ID: publish_id})
        return self._sent(publish_id)

    def _poll(self, publish_id: str) -> tuple[str, dict[str, Any]] | None:
        """The publish's last status and data, None when TikTok does not know that publish id."""
        result: dict[str, Any] = {}

        def check() -> str:
            step = "memeriksa status unggahan"
            r = self.api.send("POST", "v2/post/publish/status/fetch/", step=step, json={"publish_id": publish_id})
            if _unknown_publish(r):
                return "UNKNOWN"
            if r.status_code != 200:
                raise self.api.error(r, step, False)
            result.update(r.json().get("data") or {})
            st = str(result.get("status") or "")
            return "pending" if st in ("PROCESSING_DOWNLOAD", "PROCESSING_UPLOAD", "SEND_TO_USER_INBOX", "") else st

        st = poll(check, sleep=self.sleep, interval=self.poll_interval, attempts=self.poll_attempts)
        return None if st == "UNKNOWN" else (st, result)

    def _status(self, publish_id: str) -> Delivery | None:
        """The delivery once published; None when it surely failed or TikTok does not know it."""
        polled = self._poll(publish_id)
        if polled is None:
            return None
        st, result = polled
        if st == "FAILED":
            return None
        ids = result.get("publicaly_available_post_id") or []
        url = None
        if ids and self.username:
            url = f"https://www.tiktok.com/@{self.username}/photo/{ids[0]}"
        if st != "PUBLISH_COMPLETE":
            raise ChannelError(
                "TikTok: unggahan masih diproses; status akan diperiksa lagi pada jalankan berikutnya",
                channel=NAME,
                kind="tidak-pasti",
            )
        return Delivery(publish_id, url)

    def _sent(self, publish_id: str) -> Delivery:
        found = self._status(publish_id)
        if found is None:
            raise ChannelError(f"TikTok: unggahan {publish_id} gagal diproses TikTok", channel=NAME)
        return found

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """The recorded publish id's status; without one a human must check the account."""
        if state.get(REMOTE_ID):
            return self._status(str(state[REMOTE_ID]))
        raise ChannelError(
            "TikTok: hasil pengiriman sebelumnya tidak diketahui",
            channel=NAME,
            kind="tidak-pasti",
            hint=ADVICE_UNSURE,
        )


def _unknown_publish(resp: httpx.Response) -> bool:
    data = json_body(resp)
    err = data.get("error") if isinstance(data, dict) else None
    return isinstance(err, dict) and err.get("code") == "invalid_publish_id"
