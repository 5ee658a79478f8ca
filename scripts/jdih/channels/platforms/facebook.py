"""Facebook Page adapter (Graph API ``/{page-id}/feed`` and ``/{page-id}/photos``).

- No image: ``POST /{page-id}/feed`` with ``message``.
- One image: ``POST /{page-id}/photos`` (multipart ``source`` + ``caption``): the create call.
- Several: each photo uploaded with ``published=false`` (creates nothing public; ids saved as
  progress and reused), then ``POST /{page-id}/feed`` with ``attached_media[i]``.
- Permalink: ``GET /{post-id}?fields=permalink_url`` after the id is recorded.
- Reconcile: the recorded id fetched by id (``permalink_url``), else the page's recent posts
  holding our canonical link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel
from ._graph import fetch, graph_error, text_matches

NAME = "facebook"
SERVICE = cred.Service(NAME, "Facebook", cred.FACEBOOK_URL, (cred.FACEBOOK_TOKEN, cred.FACEBOOK_PAGE_ID))


@dataclass(eq=False, repr=False, kw_only=True)
class FacebookChannel(HttpChannel, service=SERVICE, credentials=("token", "page_id")):
    """Posts to one Facebook Page with a Page access token (``JDIH_FACEBOOK_*``)."""

    token: str
    page_id: str

    def connect(self) -> Api:
        """Bearer token; Graph API errors."""
        errors = graph_error(NAME, cred.FACEBOOK_TOKEN.name)
        return Api.of(self.client, SERVICE, self.base_url, bearer=self.token, error_map=errors, clock=self.clock)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Publish the post (see module docstring)."""
        if state.get(REMOTE_ID):
            return self._delivery(str(state[REMOTE_ID]))
        images = message.images
        if len(images) == 1:
            progress({STAGE: STAGE_CREATE})
            with images[0].path.open("rb") as fh:
                resp = self.api.call(
                    "POST",
                    f"{self.page_id}/photos",
                    step="menerbitkan foto",
                    create=True,
                    data={"caption": message.text, "published": "true"},
                    files={"source": (images[0].path.name, fh, images[0].mime)},
                )
            data = resp.json()
            post_id = str(data.get("post_id") or data.get("id"))
        else:
            photo_ids: list[str] = list(state.get("foto") or [])
            for img in images[len(photo_ids) :]:
                with img.path.open("rb") as fh:
                    resp = self.api.call(
                        "POST",
                        f"{self.page_id}/photos",
                        step="mengunggah foto (belum terbit)",
                        data={"published": "false", "caption": img.alt},
                        files={"source": (img.path.name, fh, img.mime)},
                    )
                photo_ids.append(str(resp.json()["id"]))
                progress({"foto": list(photo_ids)})
            form: dict[str, str] = {"message": message.text}
            for i, pid in enumerate(photo_ids):
                form[f"attached_media[{i}]"] = json.dumps({"media_fbid": pid})
            progress({STAGE: STAGE_CREATE})
            resp = self.api.call("POST", f"{self.page_id}/feed", step="menerbitkan kiriman", create=True, data=form)
            post_id = str(resp.json()["id"])
        progress({REMOTE_ID: post_id})
        return self._delivery(post_id)

    def _delivery(self, post_id: str) -> Delivery:
        resp = self.api.call("GET", post_id, step="mengambil tautan kiriman", params={"fields": "permalink_url"})
        url = resp.json().get("permalink_url")
        return Delivery(post_id, str(url) if url else f"https://www.facebook.com/{post_id}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """The recorded id fetched by id, else the page's recent posts holding our link; None when absent."""
        if state.get(REMOTE_ID):
            post_id = str(state[REMOTE_ID])
            found = fetch(self.api, post_id, "id,permalink_url", "memeriksa kiriman menurut id")
            if found is None:
                return None
            return Delivery(post_id, str(found.get("permalink_url") or f"https://www.facebook.com/{post_id}"))
        resp = self.api.call(
            "GET",
            f"{self.page_id}/published_posts",
            step="memeriksa kiriman terbaru halaman",
            params={"fields": "id,message,permalink_url", "limit": "25"},
        )
        for item in resp.json().get("data") or []:
            if text_matches(item.get("message"), message.link, message.text):
                url = item.get("permalink_url") or f"https://www.facebook.com/{item['id']}"
                return Delivery(str(item["id"]), str(url))
        return None

