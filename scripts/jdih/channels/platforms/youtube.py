"""YouTube adapter (Data API v3 resumable upload of a video file of the post).

1. ``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the
   metadata opens an upload session (creates nothing; its URL is saved as progress);
2. ``PUT <session>`` with the bytes is the create call; the video id is recorded at once.
Reconcile asks the session for its state (``Content-Range: bytes */<size>``): 200/201 carries
the created video, 308 means the upload did not complete (nothing was created). A recorded
video id is confirmed with ``GET /youtube/v3/videos?id=`` (no item: it does not exist).

Audit limits (documented by Google): videos uploaded by an *unaudited* API project created after
2020-07-28 are locked to ``private``; public uploads need the YouTube API audit. So
``privacyStatus`` is ``private`` unless ``JDIH_YOUTUBE_PRIVASI`` says otherwise. Quota: an
upload costs 1,600 of 10,000 daily units (newer docs: its own bucket of 100 calls/day). Posts
without a video file fail for YouTube with a clear message (images are not accepted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel, json_body, short

NAME = "youtube"
SERVICE = cred.Service(NAME, "YouTube", cred.YOUTUBE_URL, (cred.YOUTUBE_TOKEN,))


def _error_map(resp: httpx.Response, create: bool) -> ChannelError | None:
    data = json_body(resp)
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return None
    reasons = [e.get("reason") for e in err.get("errors") or [] if isinstance(e, dict)]
    msg = short(err.get("message") or "")
    if "quotaExceeded" in reasons or "uploadLimitExceeded" in reasons:
        return ChannelError(f"kuota harian habis ({msg})", channel=NAME, kind="batas", retry_after=None)
    if resp.status_code == 401:
        return ChannelError(
            f"token ditolak ({msg})",
            channel=NAME,
            hint=f"Perbarui token OAuth (cakupan youtube.upload) di {cred.YOUTUBE_TOKEN.name}.",
        )
    return None


@dataclass(eq=False, repr=False, kw_only=True)
class YouTubeChannel(HttpChannel, service=SERVICE, credentials=("token",)):
    """Uploads the post's video to one YouTube channel (``JDIH_YOUTUBE_*``)."""

    token: str
    privacy: str = "private"

    def connect(self) -> Api:
        """Bearer token; Google API errors."""
        return Api.of(self.client, SERVICE, self.base_url, bearer=self.token, error_map=_error_map, clock=self.clock)

    @classmethod
    def env_options(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """``JDIH_YOUTUBE_PRIVASI`` (default private)."""
        return {"privacy": cred.YOUTUBE_PRIVACY.read(env, "private") or "private"}

    @staticmethod
    def _video(message: Outgoing) -> Any:
        for m in message.images:
            if m.mime.startswith("video/"):
                return m
        raise ChannelError(
            "YouTube hanya menerima video; pos ini tidak memiliki berkas video (.mp4)",
            channel=NAME,
            hint="Hapus youtube dari `platform` atau lampirkan video.",
        )

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Open a session (reused), then upload the bytes once."""
        if state.get(REMOTE_ID):
            return Delivery(str(state[REMOTE_ID]), f"https://www.youtube.com/watch?v={state[REMOTE_ID]}")
        video = self._video(message)
        session = state.get("sesi")
        if not session:
            meta = {
                "snippet": {
                    "title": message.title[:100] or message.text[:100],
                    "description": message.text[:5000],
                    "categoryId": "25",
                    "defaultLanguage": "id",
                },
                "status": {"privacyStatus": self.privacy, "selfDeclaredMadeForKids": False},
            }
            resp = self.api.call(
                "POST",
                "upload/youtube/v3/videos",
                step="membuka sesi unggah",
                params={"uploadType": "resumable", "part": "snippet,status"},
                json=meta,
                headers={"X-Upload-Content-Type": video.mime},
            )
            session = resp.headers.get("location")
            if not session:
                raise ChannelError("YouTube: sesi unggah tidak diberikan server", channel=NAME, kind="ulang")
            progress({"sesi": session})
        progress({STAGE: STAGE_CREATE})
        resp = self.api.call(
            "PUT",
            str(session),
            step="mengunggah video",
            create=True,
            content=video.path.read_bytes(),
            headers={"Content-Type": video.mime},
        )
        vid = str(resp.json()["id"])
        progress({REMOTE_ID: vid})
        return Delivery(vid, f"https://www.youtube.com/watch?v={vid}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """The recorded video fetched by id; else ask the upload session whether the video was created."""
        if state.get(REMOTE_ID):
            vid = str(state[REMOTE_ID])
            resp = self.api.lookup("youtube/v3/videos", step="memeriksa video menurut id",
                                   params={"id": vid, "part": "id,status"})
            items = (json_body(resp) or {}).get("items") if resp is not None else None
            return Delivery(vid, f"https://www.youtube.com/watch?v={vid}") if items else None
        session = state.get("sesi")
        if not session:
            return None
        size = self._video(message).path.stat().st_size
        resp = self.api.call(
            "PUT",
            str(session),
            step="memeriksa sesi unggah",
            ok=(200, 201, 308, 404),
            headers={"Content-Range": f"bytes */{size}"},
        )
        if resp.status_code in (200, 201):
            vid = str(resp.json()["id"])
            return Delivery(vid, f"https://www.youtube.com/watch?v={vid}")
        if resp.status_code == 404:
            raise ChannelError(
                f"YouTube: sesi unggah kedaluwarsa ({short(json_body(resp))})",
                channel=NAME,
                kind="tidak-pasti",
                hint="Periksa kanal YouTube lalu jalankan `jdih terbitkan --selesaikan`.",
            )
        return None

