"""X (Twitter) adapter: API v2 ``POST /2/tweets`` and ``POST /2/media/upload``.

Auth: OAuth 1.0a user context, signed by ``oauthlib`` (no hand-rolled crypto); the four
credentials never leave the ``Authorization`` header. Rate limits: ``x-rate-limit-reset``
(unix seconds; X sends no Retry-After). The duplicate-content 403 means an identical post
exists, most likely ours from an interrupted run: it is ``tidak-pasti`` and the next run looks
for the post on the account's timeline (by our canonical link) before sending again. A recorded
id is confirmed with ``GET /2/tweets/:id`` (a missing post answers 200 with a
``resource-not-found`` problem in ``errors``, or 404).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from oauthlib.oauth1 import Client as OAuth1Client

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, Clock, HttpChannel, json_body, short
from ._graph import text_matches

NAME = "x"
SERVICE = cred.Service(
    NAME, "X", cred.X_URL, (cred.X_API_KEY, cred.X_API_SECRET, cred.X_ACCESS_TOKEN, cred.X_ACCESS_SECRET)
)
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"


def _error_map(clock: Clock) -> Any:
    def mapper(resp: httpx.Response, create: bool) -> ChannelError | None:
        data = json_body(resp)
        detail = ""
        if isinstance(data, dict):
            detail = str(data.get("detail") or data.get("title") or "")
            errs = data.get("errors")
            if not detail and isinstance(errs, list) and errs and isinstance(errs[0], dict):
                detail = str(errs[0].get("message") or errs[0].get("detail") or "")
        if resp.status_code == 429:
            reset = resp.headers.get("x-rate-limit-reset")
            wait = None
            if reset and reset.strip().isdigit():
                wait = max(0.0, float(reset) - clock())
            return ChannelError(
                f"batas laju tercapai (HTTP 429: {short(detail)})", channel=NAME, kind="batas", retry_after=wait
            )
        if resp.status_code == 403 and "duplicate" in detail.lower():
            return ChannelError(
                f"menolak teks duplikat ({short(detail)}); kemungkinan pos ini sudah terbit",
                channel=NAME,
                kind="tidak-pasti",
                hint="Jalankan ulang: pos akan dicari di linimasa akun sebelum dikirim lagi.",
            )
        if resp.status_code in (401, 403):
            return ChannelError(
                f"akses ditolak (HTTP {resp.status_code}: {short(detail)})",
                channel=NAME,
                hint=f"Periksa {cred.names(*SERVICE.required)} dan izin Read+Write aplikasi.",
            )
        return None

    return mapper


@dataclass(eq=False, repr=False, kw_only=True)
class XChannel(HttpChannel, service=SERVICE, credentials=("api_key", "api_secret", "access_token", "access_secret")):
    """Posts to one X account with OAuth 1.0a user-context credentials (``JDIH_X_*``)."""

    api_key: str
    api_secret: str
    access_token: str
    access_secret: str
    username: str | None = None

    def connect(self) -> Api:
        """Requests are signed per call (:meth:`_sign`); X's error bodies."""
        self._oauth = OAuth1Client(self.api_key, client_secret=self.api_secret, resource_owner_key=self.access_token,
                                   resource_owner_secret=self.access_secret)
        return Api.of(self.client, SERVICE, self.base_url, error_map=_error_map(self.clock), clock=self.clock)

    @classmethod
    def env_options(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """``JDIH_X_USERNAME`` (for links)."""
        return {"username": cred.X_USERNAME.read(env)}

    def _sign(self, request: httpx.Request) -> httpx.Request:
        # Only form-encoded bodies take part in the OAuth 1.0a signature; JSON and multipart don't.
        ctype = request.headers.get("content-type", "")
        body = request.content.decode() if ctype.startswith("application/x-www-form-urlencoded") else None
        sign_headers = {"Content-Type": ctype} if body is not None else {}
        _, headers, _ = self._oauth.sign(str(request.url), http_method=request.method, body=body, headers=sign_headers)
        request.headers["Authorization"] = headers["Authorization"]
        return request

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Upload media (reused on retry), then create the post once."""
        if state.get(REMOTE_ID):
            return self._delivery(str(state[REMOTE_ID]))
        if len(message.images) > 4:
            raise ChannelError("X: paling banyak 4 gambar per pos", channel=NAME)
        media_ids: list[str] = list(state.get("media") or [])
        for img in message.images[len(media_ids) :]:
            with img.path.open("rb") as fh:
                resp = self.api.call(
                    "POST",
                    "2/media/upload",
                    step="mengunggah gambar",
                    auth=self._sign,
                    data={"media_category": "tweet_image"},
                    files={"media": (img.path.name, fh, img.mime)},
                )
            mid = str((resp.json().get("data") or {}).get("id") or resp.json().get("media_id_string"))
            if img.alt:
                self.api.call(
                    "POST",
                    "2/media/metadata",
                    step="menambahkan teks alternatif",
                    auth=self._sign,
                    json={"id": mid, "metadata": {"alt_text": {"text": img.alt[:1000]}}},
                    ok=(200, 201, 204),
                )
            # Saved only once its alt text is attached, so a retry never posts an image without it.
            media_ids.append(mid)
            progress({"media": list(media_ids)})
        payload: dict[str, Any] = {"text": message.text}
        if media_ids:
            payload["media"] = {"media_ids": media_ids}
        progress({STAGE: STAGE_CREATE})
        resp = self.api.call(
            "POST",
            "2/tweets",
            step="menerbitkan pos",
            create=True,
            auth=self._sign,
            content=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        tweet_id = str(resp.json()["data"]["id"])
        progress({REMOTE_ID: tweet_id})
        return self._delivery(tweet_id)

    def _delivery(self, tweet_id: str) -> Delivery:
        user = self.username or "i/web"
        return Delivery(tweet_id, f"https://x.com/{user}/status/{tweet_id}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """The recorded id fetched by id, else the account's recent posts holding our link (expanded URLs)."""
        if state.get(REMOTE_ID):
            return self._lookup(str(state[REMOTE_ID]))
        me = self.api.call("GET", "2/users/me", step="membaca akun", auth=self._sign).json()["data"]
        if not self.username and me.get("username"):
            self.username = str(me["username"])
        resp = self.api.call(
            "GET",
            f"2/users/{me['id']}/tweets",
            step="memeriksa pos terbaru akun",
            auth=self._sign,
            params={"max_results": "20", "tweet.fields": "entities,text"},
        )
        for tw in resp.json().get("data") or []:
            urls = [u.get("expanded_url", "") for u in ((tw.get("entities") or {}).get("urls") or [])]
            if (message.link and message.link in urls) or text_matches(tw.get("text"), message.link, message.text):
                return self._delivery(str(tw["id"]))
        return None


    def _lookup(self, tweet_id: str) -> Delivery | None:
        resp = self.api.lookup(
            f"2/tweets/{tweet_id}",
            step="memeriksa pos menurut id",
            missing=_missing,
            auth=self._sign,
            params={"expansions": "author_id", "user.fields": "username"},
        )
        if resp is None:
            return None
        data = json_body(resp)
        if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
            raise ChannelError(
                f"X: jawaban pemeriksaan pos {tweet_id} tidak dapat dibaca ({short(data)})",
                channel=NAME,
                kind="tidak-pasti",
                hint=f"Buka https://x.com/i/web/status/{tweet_id}: bila pos ada, catat tautannya dengan "
                "`jdih terbitkan --selesaikan`.",
            )
        users = (data.get("includes") or {}).get("users") or []
        if users and isinstance(users[0], dict) and users[0].get("username") and not self.username:
            self.username = str(users[0]["username"])
        return self._delivery(str(data["data"].get("id") or tweet_id))


def _missing(resp: httpx.Response) -> bool:
    """404, or X's "200 with a resource-not-found problem" answer for a post that does not exist."""
    data = json_body(resp)
    errors = data.get("errors") if isinstance(data, dict) else None
    return resp.status_code == 404 or (
        isinstance(errors, list) and any(isinstance(e, dict) and e.get("type") == NOT_FOUND for e in errors)
    )
