"""Two-phase container publishing shared by Instagram and Threads.

1. quota check (``content_publishing_limit`` / ``threads_publishing_limit``);
2. containers (one per image, then a carousel, or one text/image container): create nothing
   public, so they are retried freely; their ids are saved as progress and reused;
3. ``status_code``/``status`` polled until ``FINISHED`` (injected ``sleep``);
4. ``media_publish``/``threads_publish``: the create call; its id recorded at once;
5. permalink fetched.

Reconcile: with a media id, that media is fetched by id (``permalink``); without one, a container
that is ``PUBLISHED`` did land (found in the account's recent media by our canonical link) and
``FINISHED``/``IN_PROGRESS`` did not (the retry reuses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ...errors import ChannelError
from .. import credentials as cred
from ..base import REMOTE_ID, STAGE, STAGE_CREATE, Delivery, Outgoing, ProgressFn
from ..http import Api, HttpChannel, poll
from ._graph import fetch, graph_error, text_matches


@dataclass(frozen=True)
class Flavor:
    """What differs between Instagram and Threads."""

    service: cred.Service  # required: (token, user id)
    create_path: str  # "media" | "threads"
    publish_path: str  # "media_publish" | "threads_publish"
    quota_path: str
    status_field: str  # "status_code" | "status"
    text_field: str  # "caption" | "text"
    max_items: int
    list_path: str  # recent posts of the account
    list_text_field: str

    @property
    def channel(self) -> str:
        """The channel name."""
        return self.service.channel

    @property
    def name(self) -> str:
        """The platform as users know it."""
        return self.service.name


INSTAGRAM = Flavor(
    service=cred.Service("instagram", "Instagram", cred.INSTAGRAM_URL, (cred.INSTAGRAM_TOKEN, cred.INSTAGRAM_USER_ID)),
    create_path="media", publish_path="media_publish", quota_path="content_publishing_limit",
    status_field="status_code", text_field="caption", max_items=10, list_path="media", list_text_field="caption",
)
THREADS = Flavor(
    service=cred.Service("threads", "Threads", cred.THREADS_URL, (cred.THREADS_TOKEN, cred.THREADS_USER_ID)),
    create_path="threads", publish_path="threads_publish", quota_path="threads_publishing_limit",
    status_field="status", text_field="text", max_items=20, list_path="threads", list_text_field="text",
)


@dataclass(eq=False, repr=False, kw_only=True)
class ContainerChannel(HttpChannel, credentials=("token", "user_id")):
    """Common implementation; see :mod:`.instagram` and :mod:`.threads` (``JDIH_<PLATFORM>_*``)."""

    flavor: ClassVar[Flavor]
    token: str
    user_id: str
    poll_interval: float = 5.0
    poll_attempts: int = 60

    def connect(self) -> Api:
        """Bearer token; Graph API errors naming the flavour's token."""
        f = self.flavor
        return Api.of(self.client, f.service, self.base_url, bearer=self.token,
                      error_map=graph_error(f.channel, f.service.required[0].name), clock=self.clock)

    # -- steps -----------------------------------------------------------------------------
    def check_quota(self) -> None:
        """Refuse (``batas``) when the 24-hour publishing quota is used up."""
        resp = self.api.call(
            "GET",
            f"{self.user_id}/{self.flavor.quota_path}",
            step="memeriksa kuota publikasi",
            params={"fields": "quota_usage,config"},
        )
        data = (resp.json().get("data") or [{}])[0]
        usage = int(data.get("quota_usage") or 0)
        total = int((data.get("config") or {}).get("quota_total") or 0)
        if total and usage >= total:
            raise ChannelError(
                f"{self.flavor.name}: kuota publikasi habis ({usage}/{total} dalam 24 jam)",
                channel=self.name,
                kind="batas",
                retry_after=3600.0,
                hint="Pos akan dikirim otomatis pada jalankan berikutnya setelah kuota pulih.",
            )

    def _container(self, params: dict[str, str], step: str) -> str:
        resp = self.api.call("POST", f"{self.user_id}/{self.flavor.create_path}", step=step, data=params)
        return str(resp.json()["id"])

    def status(self, container: str) -> str:
        """The container's status (FINISHED, IN_PROGRESS, PUBLISHED, ERROR, EXPIRED)."""
        f = self.flavor
        resp = self.api.call("GET", container, step="memeriksa status kontainer", params={"fields": f.status_field})
        return str(resp.json().get(f.status_field) or "")

    def _wait_finished(self, container: str) -> str:
        def check() -> str:
            s = self.status(container)
            return "pending" if s == "IN_PROGRESS" else s

        result = poll(check, sleep=self.sleep, interval=self.poll_interval, attempts=self.poll_attempts)
        return "IN_PROGRESS" if result == "pending" else result

    def _build(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> str:
        f = self.flavor
        images = message.images
        if len(images) > f.max_items:
            raise ChannelError(
                f"{f.name}: paling banyak {f.max_items} gambar per pos (ada {len(images)})",
                channel=self.name,
            )
        for img in images:
            if not img.public_url:
                raise ChannelError(
                    f"{f.name}: gambar harus punya URL publik di situs JDIH",
                    channel=self.name,
                    hint="Pastikan site_url di mkdocs.yml benar dan situs sudah terbit.",
                )
        if len(images) <= 1:
            params = {f.text_field: message.text}
            if images:
                params.update({"image_url": str(images[0].public_url), "alt_text": images[0].alt})
                if f.channel == "threads":
                    params["media_type"] = "IMAGE"
            elif f.channel == "threads":
                params["media_type"] = "TEXT"
            else:
                raise ChannelError("Instagram: pos wajib memiliki gambar", channel=self.name)
            cid = self._container(params, "membuat kontainer")
            progress({"kontainer": cid})
            return cid
        children: list[str] = list(state.get("anak") or [])
        for img in images[len(children) :]:
            params = {"image_url": str(img.public_url), "is_carousel_item": "true", "alt_text": img.alt}
            if f.channel == "threads":
                params["media_type"] = "IMAGE"
            children.append(self._container(params, "membuat kontainer gambar"))
            progress({"anak": list(children)})
        for child in children:
            if self._wait_finished(child) != "FINISHED":
                progress({"anak": []})
                raise ChannelError(
                    f"{f.name}: kontainer gambar gagal diproses; akan dibuat ulang", channel=self.name, kind="ulang"
                )
        cid = self._container(
            {"media_type": "CAROUSEL", "children": ",".join(children), f.text_field: message.text},
            "membuat kontainer carousel",
        )
        progress({"kontainer": cid})
        return cid

    # -- Channel ---------------------------------------------------------------------------
    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Containers, wait, publish once, permalink."""
        f = self.flavor
        if state.get(REMOTE_ID):
            return self._delivery(str(state[REMOTE_ID]))
        local = dict(state)
        cid = state.get("kontainer")
        if cid:
            st = self.status(str(cid))
            if st == "PUBLISHED":
                raise ChannelError(
                    f"{f.name}: kontainer sudah terbit sebelumnya; dicocokkan dulu",
                    channel=self.name,
                    kind="tidak-pasti",
                )
            if st in ("ERROR", "EXPIRED", ""):
                cid = None
                local.update({"kontainer": None, "anak": []})
                progress({"kontainer": None, "anak": []})
        self.check_quota()
        if not cid:
            cid = self._build(message, progress, local)
        st = self._wait_finished(str(cid))
        if st in ("ERROR", "EXPIRED"):
            progress({"kontainer": None, "anak": []})
            raise ChannelError(f"{f.name}: kontainer berstatus {st}; akan dibuat ulang", channel=self.name,
                               kind="ulang")
        if st != "FINISHED":
            raise ChannelError(
                f"{f.name}: kontainer belum selesai diproses ({st}); coba lagi nanti", channel=self.name, kind="ulang"
            )
        progress({STAGE: STAGE_CREATE})
        resp = self.api.call(
            "POST", f"{self.user_id}/{f.publish_path}", step="menerbitkan", create=True, data={"creation_id": str(cid)}
        )
        media_id = str(resp.json()["id"])
        progress({REMOTE_ID: media_id})
        return self._delivery(media_id)

    def _delivery(self, media_id: str) -> Delivery:
        resp = self.api.call("GET", media_id, step="mengambil tautan", params={"fields": "permalink"})
        url = resp.json().get("permalink")
        return Delivery(media_id, str(url) if url else None)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """See module docstring."""
        f = self.flavor
        if state.get(REMOTE_ID):
            media_id = str(state[REMOTE_ID])
            found = fetch(self.api, media_id, "id,permalink", "memeriksa pos menurut id")
            if found is None:
                return None
            url = found.get("permalink")
            return Delivery(media_id, str(url) if url else None)
        cid = state.get("kontainer")
        if not cid:
            # The create call cannot have happened without a container.
            return None
        if self.status(str(cid)) != "PUBLISHED":
            return None
        resp = self.api.call(
            "GET",
            f"{self.user_id}/{f.list_path}",
            step="mencari pos terbaru akun",
            params={"fields": f"id,{f.list_text_field},permalink", "limit": "25"},
        )
        for item in resp.json().get("data") or []:
            if text_matches(item.get(f.list_text_field), message.link, message.text):
                return Delivery(str(item["id"]), item.get("permalink"))
        raise ChannelError(
            f"{f.name}: kontainer sudah terbit tetapi posnya tidak ditemukan di daftar terbaru akun",
            channel=self.name,
            kind="tidak-pasti",
            hint="Periksa akun secara manual lalu jalankan `jdih terbitkan --selesaikan`.",
        )
