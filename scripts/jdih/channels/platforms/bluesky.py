"""Bluesky adapter (AT Protocol XRPC on the account's PDS).

``createSession`` (lazily, once per run: the endpoint allows about 100 logins a day),
``uploadBlob`` (creates nothing visible; blobs saved as progress), ``createRecord`` with link
facets in UTF-8 *byte* offsets and our own ``rkey``: a TID chosen once and saved *before* the
create call, so a later run asks ``getRecord`` whether the post exists instead of guessing.
A recorded ``at://`` uri is confirmed the same way (``RecordNotFound``: it does not exist).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from ...errors import ChannelError
from ...redact import register_secret
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, Clock, HttpChannel, json_body, retry_after, short

NAME = "bluesky"
SERVICE = cred.Service(NAME, "Bluesky", cred.BLUESKY_URL, (cred.BLUESKY_HANDLE, cred.BLUESKY_APP_PASSWORD))
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def tid(micros: int, clock_id: int) -> str:
    """A record key in TID syntax (13 base32-sortable chars: 53-bit µs timestamp + 10-bit clock id)."""
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    out = []
    for _ in range(13):
        out.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


def link_facets(text: str) -> list[dict[str, Any]]:
    """Link facets for every http(s) URL in ``text``, with UTF-8 byte offsets (not characters)."""
    facets = []
    for m in _URL.finditer(text):
        start = len(text[: m.start()].encode("utf-8"))
        end = start + len(m.group(0).encode("utf-8"))
        facets.append(
            {
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": m.group(0)}],
            }
        )
    return facets


def _error_map(clock: Clock) -> Any:
    def mapper(resp: httpx.Response, create: bool) -> ChannelError | None:
        data = json_body(resp)
        if not isinstance(data, dict):
            return None
        err, msg = str(data.get("error") or ""), short(data.get("message") or "")
        if resp.status_code == 429 or err == "RateLimitExceeded":
            wait = retry_after(resp.headers.get("retry-after"), clock)
            reset = resp.headers.get("ratelimit-reset")
            if wait is None and reset and reset.isdigit():
                wait = max(0.0, float(reset) - clock())
            return ChannelError(f"batas laju tercapai ({msg})", channel=NAME, kind="batas", retry_after=wait)
        if (
            err in ("ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown")
            or resp.status_code == 401
        ):
            return ChannelError(
                f"login ditolak ({err}: {msg})",
                channel=NAME,
                hint=f"Buat App Password baru di Bluesky dan simpan di {cred.BLUESKY_APP_PASSWORD.name}.",
            )
        if resp.status_code >= 500:
            return None
        return ChannelError(f"permintaan ditolak ({err or resp.status_code}: {msg})", channel=NAME)

    return mapper


@dataclass(eq=False, repr=False, kw_only=True)
class BlueskyChannel(HttpChannel, service=SERVICE, credentials=("handle", "app_password")):
    """Posts to one Bluesky account with an App Password (``JDIH_BLUESKY_*``)."""

    handle: str
    app_password: str
    did: str | None = field(default=None, init=False)

    def connect(self) -> Api:
        """No auth until :meth:`_login`; XRPC errors."""
        return Api.of(self.client, SERVICE, self.base_url, error_map=_error_map(self.clock), clock=self.clock)

    def _login(self) -> str:
        if self.did is None:
            resp = self.api.call(
                "POST",
                "xrpc/com.atproto.server.createSession",
                step="login",
                json={"identifier": self.handle, "password": self.app_password},
            )
            data = resp.json()
            register_secret(data.get("accessJwt"))
            register_secret(data.get("refreshJwt"))
            self.api.headers["Authorization"] = f"Bearer {data['accessJwt']}"
            self.did = str(data["did"])
            self.handle = str(data.get("handle") or self.handle)
        return self.did

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Upload blobs, then ``createRecord`` with the saved rkey."""
        if state.get(REMOTE_ID):
            return self._delivery(str(state[REMOTE_ID]))
        if len(message.images) > 4:
            raise ChannelError("Bluesky: paling banyak 4 gambar per pos", channel=NAME)
        did = self._login()
        blobs: list[dict[str, Any]] = list(state.get("blob") or [])
        for img in message.images[len(blobs) :]:
            resp = self.api.call(
                "POST",
                "xrpc/com.atproto.repo.uploadBlob",
                step="mengunggah gambar",
                content=img.path.read_bytes(),
                headers={"Content-Type": img.mime},
            )
            blobs.append(resp.json()["blob"])
            progress({"blob": list(blobs)})
        rkey = state.get("rkey")
        created = state.get("dibuat")
        if not rkey:
            now_us = int(self.clock() * 1_000_000)
            clock_id = int(hashlib.sha256(message.key.encode()).hexdigest(), 16) % 1024
            rkey = tid(now_us, clock_id)
            created = datetime.fromtimestamp(now_us / 1_000_000, UTC).isoformat().replace("+00:00", "Z")
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": message.text,
            "createdAt": created,
            "langs": ["id"],
        }
        facets = link_facets(message.text)
        if facets:
            record["facets"] = facets
        if blobs:
            images = []
            for img, blob in zip(message.images, blobs, strict=False):
                item: dict[str, Any] = {"image": blob, "alt": img.alt}
                size = state.get("ukuran", {}).get(img.path.name) if isinstance(state.get("ukuran"), dict) else None
                size = size or _image_size(img.path)
                if size:
                    item["aspectRatio"] = {"width": size[0], "height": size[1]}
                images.append(item)
            record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
        progress({STAGE: STAGE_CREATE, "rkey": rkey, "dibuat": created})
        resp = self.api.call(
            "POST",
            "xrpc/com.atproto.repo.createRecord",
            step="menerbitkan pos",
            create=True,
            json={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey, "record": record},
        )
        uri = str(resp.json()["uri"])
        progress({REMOTE_ID: uri})
        return self._delivery(uri)

    def _delivery(self, uri: str) -> Delivery:
        return Delivery(uri, f"https://bsky.app/profile/{self.handle}/post/{uri.rsplit('/', 1)[-1]}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """``getRecord`` of the recorded uri or the saved rkey: the post if it exists, None if it surely does not."""
        uri = str(state.get(REMOTE_ID) or "")
        rkey = uri.rsplit("/", 1)[-1] if uri else state.get("rkey")
        if not rkey:
            return None
        did = self._login()
        resp = self.api.lookup(
            "xrpc/com.atproto.repo.getRecord",
            step="memeriksa pos",
            missing=_record_missing,
            params={"repo": did, "collection": "app.bsky.feed.post", "rkey": str(rkey)},
        )
        return self._delivery(str(resp.json()["uri"])) if resp is not None else None


def _record_missing(resp: httpx.Response) -> bool:
    """XRPC's answer for a record that does not exist (400 ``RecordNotFound``)."""
    data = json_body(resp)
    if not isinstance(data, dict):
        return False
    return data.get("error") == "RecordNotFound" or "Could not locate record" in str(data.get("message") or "")


def _image_size(path: Any) -> tuple[int, int] | None:
    try:
        from PIL import Image

        with Image.open(path) as im:
            return im.size
    except Exception:  # an unreadable image simply gets no aspect ratio
        return None

