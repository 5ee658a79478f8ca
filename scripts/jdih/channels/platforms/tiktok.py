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

import time
from collections.abc import Mapping
from typing import Any

import httpx

from ...errors import ChannelError
from ..base import Delivery, Outgoing, ProgressFn
from . import REMOTE_ID, STAGE, STAGE_CREATE
from ._http import Api, Clock, Sleep, body_json, env_url, poll, short

NAME = "tiktok"
DEFAULT_URL = "https://open.tiktokapis.com"
ENV = {"token": "JDIH_TIKTOK_TOKEN"}
ENV_PRIVACY = "JDIH_TIKTOK_PRIVASI"
ENV_USERNAME = "JDIH_TIKTOK_USERNAME"


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = body_json(resp)
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return None
    code, msg = str(err.get("code") or ""), short(err.get("message") or "")
    if code == "rate_limit_exceeded" or resp.status_code == 429:
        return ChannelError(f"batas laju tercapai ({msg})", kanal=NAME, jenis="batas", tunggu=60.0)
    if code in ("access_token_invalid", "scope_not_authorized", "token_not_authorized_for_specified_scope"):
        return ChannelError(
            f"token ditolak ({code}: {msg})",
            kanal=NAME,
            jenis="gagal",
            saran="Perbarui token (cakupan video.publish) di JDIH_TIKTOK_TOKEN.",
        )
    if code == "unaudited_client_can_only_post_to_private_accounts":
        return ChannelError(
            f"aplikasi belum diaudit TikTok ({msg})",
            kanal=NAME,
            jenis="gagal",
            saran="Gunakan JDIH_TIKTOK_PRIVASI=SELF_ONLY atau ajukan audit aplikasi ke TikTok.",
        )
    if resp.status_code >= 500:
        return None
    return ChannelError(f"permintaan ditolak ({code}: {msg})", kanal=NAME, jenis="gagal")


class TikTokChannel:
    """Photo posts to one TikTok account (user access token)."""

    name = NAME

    def __init__(
        self,
        client: httpx.Client,
        *,
        token: str,
        privacy: str = "SELF_ONLY",
        username: str | None = None,
        base_url: str = DEFAULT_URL,
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
        poll_interval: float = 5.0,
        poll_attempts: int = 24,
    ) -> None:
        self.privacy = privacy
        self.username = username
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.poll_attempts = poll_attempts
        self.api = Api(
            client,
            NAME,
            "TikTok",
            base_url,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"},
            error_map=_error_map,
            clock=clock,
            env_hint="JDIH_TIKTOK_TOKEN",
        )

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], **kw: Any) -> TikTokChannel:
        """Build from ``JDIH_TIKTOK_*``."""
        return cls(
            client,
            token=env[ENV["token"]],
            privacy=env.get(ENV_PRIVACY) or "SELF_ONLY",
            username=env.get(ENV_USERNAME) or None,
            base_url=env_url(env, NAME, DEFAULT_URL),
            **kw,
        )

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Init the photo post once, then wait for its status."""
        if state.get(REMOTE_ID):
            return self._status(str(state[REMOTE_ID]))
        urls = [i.public_url for i in message.images if i.public_url]
        if not urls:
            raise ChannelError("TikTok: pos foto wajib memiliki gambar dengan URL publik", kanal=NAME, jenis="gagal")
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
        return self._status(publish_id)

    def _status(self, publish_id: str) -> Delivery:
        result: dict[str, Any] = {}

        def check() -> str:
            r = self.api.call(
                "POST",
                "v2/post/publish/status/fetch/",
                step="memeriksa status unggahan",
                json={"publish_id": publish_id},
            )
            result.update(r.json().get("data") or {})
            st = str(result.get("status") or "")
            return "pending" if st in ("PROCESSING_DOWNLOAD", "PROCESSING_UPLOAD", "SEND_TO_USER_INBOX", "") else st

        st = poll(check, sleep=self.sleep, interval=self.poll_interval, attempts=self.poll_attempts)
        if st == "FAILED":
            raise ChannelError(
                f"TikTok: unggahan gagal ({short(result.get('fail_reason'))})", kanal=NAME, jenis="gagal"
            )
        ids = result.get("publicaly_available_post_id") or []
        url = None
        if ids and self.username:
            url = f"https://www.tiktok.com/@{self.username}/photo/{ids[0]}"
        if st != "PUBLISH_COMPLETE":
            raise ChannelError(
                "TikTok: unggahan masih diproses; status akan diperiksa lagi pada jalankan berikutnya",
                kanal=NAME,
                jenis="tidak-pasti",
            )
        return Delivery(publish_id, url)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """The recorded publish id's status; without one a human must check the account."""
        if state.get(REMOTE_ID):
            return self._status(str(state[REMOTE_ID]))
        raise ChannelError(
            "TikTok: hasil pengiriman sebelumnya tidak diketahui",
            kanal=NAME,
            jenis="tidak-pasti",
            saran="Periksa akun TikTok lalu jalankan `jdih terbitkan --selesaikan <pos> tiktok ...`.",
        )


def missing(env: Mapping[str, str]) -> list[str]:
    """Names of required variables that are unset."""
    return [v for v in ENV.values() if not env.get(v)]
