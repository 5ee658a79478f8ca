"""The publishing world: every platform fake plus the env and adapter factory that reach them,
approved posts and outgoing messages (the fake sleep and clock live in :mod:`fakes.clock`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakes.clock import FakeClock, FakeSleep
from fakes.platforms import FakeBluesky, FakeContainers, FakeFacebook, FakeMastodon, FakeTelegram, FakeX, mock_client
from helpers import make_image, make_post
from jdih.channels.base import Channel, Image, Outgoing
from jdih.channels.platforms import registry
from jdih.project import Project


def approved(project: Project, slug: str, platform: list[str], images: int = 1, **kw: Any) -> Path:
    """An approved post with ``images`` JPEG images."""
    path = make_post(project, slug, status="disetujui", platform=platform, image=images > 0, **kw)
    if images > 1:
        from jdih.post import read_post, write_post

        post = read_post(path)
        media = list(post.meta.get("media") or [])
        for i in range(2, images + 1):
            make_image(path.parent / f"gambar-{i}.jpg")
            media.append({"berkas": f"gambar-{i}.jpg", "alt": f"Gambar {i} {slug}"})
        post.meta["media"] = media
        write_post(path, post.meta, post.body)
    return path


def outgoing(
    tmp_path: Path,
    channel: str,
    text: str = "Halo JDIH https://jdih.test/2026/a/",
    images: int = 0,
    link: str | None = "https://jdih.test/2026/a/",
    public: bool = False,
) -> Outgoing:
    """An :class:`Outgoing` with real image files."""
    imgs = []
    for i in range(images):
        p = make_image(tmp_path / f"img{i}.jpg", size=(800, 800))
        imgs.append(Image(p, f"Alt {i}", f"https://jdih.test/m/{i:032d}.jpg" if public else None))
    return Outgoing("2026/a", channel, text, tuple(imgs), link, "Judul A")


class Progress:
    """Collects progress updates like the service does (merged state)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.state: dict[str, Any] = {}

    def __call__(self, changes: dict[str, Any]) -> None:
        self.calls.append(dict(changes))
        self.state.update(changes)


ALL = ["facebook", "instagram", "threads", "x", "bluesky", "mastodon", "telegram"]


class World:
    """All fakes plus the env and a factory building real adapters against them."""

    def __init__(self, secret: str = "") -> None:
        """``secret``: a marker put into every credential (the sentinel test)."""
        s = secret
        self.facebook = FakeFacebook(token=f"fb-token-{s}123456")
        self.instagram = FakeContainers(token=f"ig-token-{s}123456")
        self.threads = FakeContainers(kind="threads", token=f"th-token-{s}123456", user_id="555")
        self.x = FakeX(f"xkey-{s}1", f"xsecret-{s}2", f"xtoken-{s}3", f"xasecret-{s}4")
        self.bluesky = FakeBluesky(password=f"app-pass-{s}123456")
        self.bluesky.jwt = f"jwt-access-{s}abcdef"
        self.mastodon = FakeMastodon(token=f"masto-token-{s}123456")
        self.telegram = FakeTelegram(token=f"123456:AA{s}telegram-token")
        self.apps = [self.facebook, self.instagram, self.threads, self.x, self.bluesky, self.mastodon, self.telegram]
        self.env = {
            "JDIH_FACEBOOK_TOKEN": self.facebook.token,
            "JDIH_FACEBOOK_PAGE_ID": self.facebook.page_id,
            "JDIH_INSTAGRAM_TOKEN": self.instagram.token,
            "JDIH_INSTAGRAM_USER_ID": self.instagram.user_id,
            "JDIH_THREADS_TOKEN": self.threads.token,
            "JDIH_THREADS_USER_ID": self.threads.user_id,
            "JDIH_X_API_KEY": self.x.keys[0],
            "JDIH_X_API_SECRET": self.x.keys[1],
            "JDIH_X_ACCESS_TOKEN": self.x.keys[2],
            "JDIH_X_ACCESS_SECRET": self.x.keys[3],
            "JDIH_X_USERNAME": "jdihkotim",
            "JDIH_BLUESKY_HANDLE": self.bluesky.account,
            "JDIH_BLUESKY_APP_PASSWORD": self.bluesky.password,
            "JDIH_MASTODON_TOKEN": self.mastodon.token,
            "JDIH_TELEGRAM_BOT_TOKEN": self.telegram.token,
            "JDIH_TELEGRAM_CHAT_ID": self.telegram.chat_id,
        }
        for app in self.apps:
            self.env[f"JDIH_{app.name.upper()}_URL"] = f"https://{app.name}.test"
        self.client = mock_client(*self.apps)
        self.clock = FakeClock()

    def factory(self, sleep: FakeSleep) -> Any:
        def build(platform: str) -> Channel:
            return registry.build(platform, self.client, self.env, sleep=sleep, clock=self.clock)

        return build

    def requests(self) -> int:
        return sum(len(a.requests) for a in self.apps)

    def counts(self, link: str) -> dict[str, int]:
        return {a.name: a.count_for(link) for a in self.apps}
