"""Each platform adapter against its fake (documented request shapes, auth, errors, reconcile)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.platforms import (
    FakeBluesky,
    FakeContainers,
    FakeFacebook,
    FakeMastodon,
    FakeTelegram,
    FakeTikTok,
    FakeX,
    FakeYouTube,
    graph_error,
    jresp,
    mock_client,
    problem,
)
from fakes.world import FakeClock, FakeSleep, Progress, outgoing
from jdih.channels.base import Image, Outgoing
from jdih.channels.http import Api
from jdih.channels.platforms import REMOTE_ID, STAGE, STAGE_CREATE
from jdih.channels.platforms.bluesky import BlueskyChannel, link_facets, tid
from jdih.channels.platforms.facebook import FacebookChannel
from jdih.channels.platforms.instagram import InstagramChannel
from jdih.channels.platforms.mastodon import MastodonChannel
from jdih.channels.platforms.telegram import TelegramChannel
from jdih.channels.platforms.threads import ThreadsChannel
from jdih.channels.platforms.tiktok import TikTokChannel
from jdih.channels.platforms.x import XChannel
from jdih.channels.platforms.youtube import YouTubeChannel
from jdih.errors import ChannelError


def create_marked_before_create_call(progress: Progress) -> None:
    """The ``membuat`` stage is announced before the remote id arrives."""
    stages = [i for i, c in enumerate(progress.calls) if c.get(STAGE) == STAGE_CREATE]
    ids = [i for i, c in enumerate(progress.calls) if REMOTE_ID in c]
    assert stages and ids and stages[0] < ids[0]


# ---------------------------------------------------------------------------------------- facebook


def facebook(app: FakeFacebook, **kw: object) -> FacebookChannel:
    return FacebookChannel(
        mock_client(app), token=app.token, page_id=app.page_id, base_url="https://facebook.test/v21.0"
    )


def test_facebook_text_single_and_multi_photo(tmp_path: Path) -> None:
    app = FakeFacebook()
    ch = facebook(app)
    p = Progress()
    d = ch.send(outgoing(tmp_path, "facebook"), p, {})
    assert d.url and d.url.startswith("https://www.facebook.com/111222/posts/")
    create_marked_before_create_call(p)
    d1 = ch.send(outgoing(tmp_path, "facebook", text="Satu foto https://jdih.test/2026/b/", images=1), Progress(), {})
    p3 = Progress()
    d3 = ch.send(outgoing(tmp_path, "facebook", text="Tiga foto https://jdih.test/2026/c/", images=3), p3, {})
    assert len(app.created) == 3 and d1.remote_id != d3.remote_id
    assert len(app.created[2]["media"]) == 3 and len(p3.state["foto"]) == 3
    unpublished = [ph for ph in app.photos.values() if not ph["published"]]
    assert len(unpublished) == 3
    assert all(r.headers["authorization"] == f"Bearer {app.token}" for r in app.requests)
    assert not app.violations and all(app.token not in r.url for r in app.requests)


def test_facebook_reuses_uploaded_photos_on_retry(tmp_path: Path) -> None:
    app = FakeFacebook()
    app.fault("POST", "/feed", kind="error", resp=jresp(503, {"error": "unavailable"}))
    ch = facebook(app)
    msg = outgoing(tmp_path, "facebook", images=2)
    p = Progress()
    with pytest.raises(ChannelError) as e:
        ch.send(msg, p, {})
    assert e.value.kind == "tidak-pasti"  # a 5xx on the create call is ambiguous
    assert ch.reconcile(msg, p.state) is None  # not on the page
    ch.send(msg, Progress(), p.state)
    uploads = [r for r in app.requests if r.path.endswith("/photos")]
    assert len(uploads) == 2 and len(app.created) == 1


@pytest.mark.parametrize(
    ("resp", "kind", "retry_after"),
    [
        (graph_error(400, 190, "Error validating access token"), "gagal", None),
        (graph_error(400, 506, "Duplicate status message"), "tidak-pasti", None),
        (graph_error(400, 4, "Application request limit reached"), "batas", 60.0),
        (graph_error(400, 32, "Page request limit reached"), "batas", 60.0),
        (graph_error(400, 613, "Calls to this api have exceeded the rate limit"), "batas", 60.0),
        (graph_error(400, 368, "Temporarily blocked for policies violations"), "gagal", None),
    ],
)
def test_facebook_graph_errors(tmp_path: Path, resp: object, kind: str, retry_after: float | None) -> None:
    app = FakeFacebook()
    app.fault("POST", "/feed", resp=resp)
    with pytest.raises(ChannelError) as e:
        facebook(app).send(outgoing(tmp_path, "facebook"), Progress(), {})
    assert e.value.kind == kind and e.value.retry_after == retry_after
    assert e.value.message.startswith("Facebook:") and not app.created
    if kind == "gagal" and "190" in e.value.message:
        assert "JDIH_FACEBOOK_TOKEN" in (e.value.hint or "")


def test_facebook_reconcile_finds_post_by_link(tmp_path: Path) -> None:
    app = FakeFacebook()
    app.fault("POST", "/feed", kind="drop")
    ch = facebook(app)
    msg = outgoing(tmp_path, "facebook")
    with pytest.raises(ChannelError) as e:
        ch.send(msg, Progress(), {})
    assert e.value.kind == "tidak-pasti" and len(app.created) == 1
    found = ch.reconcile(msg, {})
    assert found is not None and found.remote_id == app.created[0]["id"] and found.url == app.created[0]["url"]


# ---------------------------------------------------------------------------------------- instagram / threads


def instagram(app: FakeContainers, sleep: FakeSleep) -> InstagramChannel:
    return InstagramChannel(
        mock_client(app), token=app.token, user_id=app.user_id, base_url="https://instagram.test/v21.0", sleep=sleep
    )


def test_instagram_single_image_polls_until_finished(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeContainers(processing_polls=2)
    p = Progress()
    d = instagram(app, sleeper).send(outgoing(tmp_path, "instagram", images=1, public=True), p, {})
    assert d.url == app.created[0]["permalink"]
    assert sleeper.calls == [5.0, 5.0]
    create_marked_before_create_call(p)
    kinds = [(r.method, r.path.split("/")[-1]) for r in app.requests]
    assert kinds[0] == ("GET", "content_publishing_limit")
    assert ("POST", "media_publish") in kinds
    assert not app.violations


def test_instagram_carousel_and_limit(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeContainers()
    p = Progress()
    instagram(app, sleeper).send(outgoing(tmp_path, "instagram", images=3, public=True), p, {})
    assert len(p.state["anak"]) == 3 and len(app.created) == 1
    with pytest.raises(ChannelError) as e:
        instagram(app, sleeper).send(outgoing(tmp_path, "instagram", images=11, public=True), Progress(), {})
    assert e.value.kind == "gagal" and "10" in e.value.message


def test_instagram_quota_exhausted_is_batas_and_creates_nothing(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeContainers(quota_total=2)
    app.created.extend([{"id": "1", "text": "a"}, {"id": "2", "text": "b"}])
    with pytest.raises(ChannelError) as e:
        instagram(app, sleeper).send(outgoing(tmp_path, "instagram", images=1, public=True), Progress(), {})
    assert e.value.kind == "batas" and e.value.retry_after == 3600.0 and not app.containers and len(app.created) == 2


@pytest.mark.parametrize(
    ("resp", "kind"),
    [
        (graph_error(400, 9007, "Media ID is not available", 2207027), "ulang"),
        (graph_error(400, 9, "Application request limit reached", 2207042), "batas"),
        (graph_error(400, 190, "Invalid OAuth access token"), "gagal"),
    ],
)
def test_instagram_publish_errors(tmp_path: Path, sleeper: FakeSleep, resp: object, kind: str) -> None:
    app = FakeContainers()
    app.fault("POST", "media_publish", resp=resp)
    ch = instagram(app, sleeper)
    msg = outgoing(tmp_path, "instagram", images=1, public=True)
    p = Progress()
    with pytest.raises(ChannelError) as e:
        ch.send(msg, p, {})
    assert e.value.kind == kind and not app.created
    if kind == "ulang":  # the retry reuses the container
        ch.send(msg, Progress(), p.state)
        assert len(app.containers) == 1 and len(app.created) == 1


def test_instagram_reconcile_by_container_status(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeContainers()
    app.fault("POST", "media_publish", kind="stall")
    ch = instagram(app, sleeper)
    msg = outgoing(tmp_path, "instagram", images=1, public=True)
    p = Progress()
    with pytest.raises(ChannelError) as e:
        ch.send(msg, p, {})
    assert e.value.kind == "tidak-pasti"
    found = ch.reconcile(msg, p.state)
    assert found is not None and found.remote_id == app.created[0]["id"]
    # A container that never got published: reconcile says "did not land".
    other = FakeContainers()
    ch2 = instagram(other, sleeper)
    other.fault("POST", "media_publish", kind="error", resp=jresp(500, {}))
    p2 = Progress()
    with pytest.raises(ChannelError):
        ch2.send(msg, p2, {})
    assert ch2.reconcile(msg, p2.state) is None
    assert ch2.reconcile(msg, {}) is None
    # send() refuses to publish a container that is already published
    with pytest.raises(ChannelError) as e2:
        ch.send(msg, Progress(), p.state)
    assert e2.value.kind == "tidak-pasti" and len(app.created) == 1


def test_threads_text_post(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeContainers(kind="threads", token="th-token-123456", user_id="555")
    ch = ThreadsChannel(
        mock_client(app), token=app.token, user_id="555", base_url="https://threads.test/v1.0", sleep=sleeper
    )
    d = ch.send(outgoing(tmp_path, "threads"), Progress(), {})
    assert d.url and "threads.net" in d.url
    create = next(r for r in app.requests if r.path.endswith("/threads") and r.method == "POST")
    assert create.form()["media_type"] == "TEXT" and "text" in create.form()


# ---------------------------------------------------------------------------------------- x


def x(app: FakeX, clock: FakeClock | None = None, **kw: str) -> XChannel:
    keys = dict(zip(("api_key", "api_secret", "access_token", "access_secret"), app.keys, strict=True))
    keys.update(kw)
    return XChannel(
        mock_client(app), **keys, username="jdihkotim", base_url="https://x.test", clock=clock or FakeClock()
    )


def test_x_signed_post_with_media(tmp_path: Path) -> None:
    app = FakeX()
    p = Progress()
    d = x(app).send(outgoing(tmp_path, "x", images=2), p, {})
    assert d.url == f"https://x.com/jdihkotim/status/{app.created[0]['id']}"
    assert len(p.state["media"]) == 2
    create_marked_before_create_call(p)
    assert all(r.headers["authorization"].startswith("OAuth ") for r in app.requests)
    assert not any(k in r.url for r in app.requests for k in app.keys)


def test_x_bad_signature_is_rejected(tmp_path: Path) -> None:
    app = FakeX()
    with pytest.raises(ChannelError) as e:
        x(app, api_secret="salah-rahasia").send(outgoing(tmp_path, "x"), Progress(), {})
    assert e.value.kind == "gagal" and "JDIH_X_API_KEY" in (e.value.hint or "") and not app.created


def test_x_duplicate_and_rate_limit(tmp_path: Path) -> None:
    app = FakeX()
    clock = FakeClock(1000.0)
    ch = x(app, clock)
    msg = outgoing(tmp_path, "x")
    ch.send(msg, Progress(), {})
    with pytest.raises(ChannelError) as e:
        ch.send(msg, Progress(), {})
    assert e.value.kind == "tidak-pasti" and "duplikat" in e.value.message
    app.fault(
        "POST",
        "/2/tweets",
        resp=problem(
            429, "Too Many Requests", "Too Many Requests", {"x-rate-limit-reset": "1090", "x-rate-limit-remaining": "0"}
        ),
    )
    with pytest.raises(ChannelError) as e2:
        ch.send(outgoing(tmp_path, "x", text="lain"), Progress(), {})
    assert e2.value.kind == "batas" and e2.value.retry_after == 90.0


def test_x_reconcile_by_expanded_url(tmp_path: Path) -> None:
    app = FakeX()
    app.fault("POST", "/2/tweets", kind="stall")
    ch = x(app)
    msg = outgoing(tmp_path, "x")
    with pytest.raises(ChannelError) as e:
        ch.send(msg, Progress(), {})
    assert e.value.kind == "tidak-pasti"
    found = ch.reconcile(msg, {})
    assert found is not None and found.remote_id == app.created[0]["id"]
    assert ch.reconcile(outgoing(tmp_path, "x", text="x", link="https://jdih.test/lain/"), {}) is None


# ---------------------------------------------------------------------------------------- bluesky


def test_bluesky_facets_are_utf8_byte_offsets() -> None:
    text = "Pemilu ✅ café 😀 https://jdih.test/2026/a/ dan https://jdih.test/b"
    facets = link_facets(text)
    raw = text.encode()
    assert [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets] == [
        "https://jdih.test/2026/a/",
        "https://jdih.test/b",
    ]
    assert facets[0]["index"]["byteStart"] != text.index("https")  # bytes, not characters
    assert len(tid(1_700_000_000_000_000, 5)) == 13 and tid(1, 1) < tid(2, 1)


def test_bluesky_post_then_reconcile_with_get_record(tmp_path: Path, clock: FakeClock) -> None:
    app = FakeBluesky()
    ch = BlueskyChannel(
        mock_client(app), handle=app.account, app_password=app.password, base_url="https://bluesky.test", clock=clock
    )
    msg = outgoing(tmp_path, "bluesky", text="Café 😀 https://jdih.test/2026/a/", images=1)
    p = Progress()
    d = ch.send(msg, p, {})
    rkey = p.state["rkey"]
    assert d.url == f"https://bsky.app/profile/{app.account}/post/{rkey}"
    assert app.records[rkey]["value"]["embed"]["images"][0]["aspectRatio"] == {"width": 800, "height": 800}
    assert ch.reconcile(msg, {k: v for k, v in p.state.items() if k != REMOTE_ID}) is not None
    assert ch.reconcile(msg, {"rkey": tid(123, 4)}) is None
    ch.send(outgoing(tmp_path, "bluesky", text="dua"), Progress(), {})
    assert app.sessions == 1  # one login per run


def test_bluesky_lost_response_reconciles_same_rkey(tmp_path: Path, clock: FakeClock) -> None:
    app = FakeBluesky()
    app.fault("POST", "createRecord", kind="drop")
    ch = BlueskyChannel(
        mock_client(app), handle=app.account, app_password=app.password, base_url="https://bluesky.test", clock=clock
    )
    msg = outgoing(tmp_path, "bluesky")
    p = Progress()
    with pytest.raises(ChannelError) as e:
        ch.send(msg, p, {})
    assert e.value.kind == "tidak-pasti" and p.state["rkey"] in app.records
    found = ch.reconcile(msg, p.state)
    assert found is not None and found.remote_id.endswith(p.state["rkey"]) and len(app.created) == 1


def test_bluesky_bad_password(tmp_path: Path) -> None:
    app = FakeBluesky()
    ch = BlueskyChannel(
        mock_client(app), handle=app.account, app_password="salah-sandi", base_url="https://bluesky.test"
    )
    with pytest.raises(ChannelError) as e:
        ch.send(outgoing(tmp_path, "bluesky"), Progress(), {})
    assert e.value.kind == "gagal" and "JDIH_BLUESKY_APP_PASSWORD" in (e.value.hint or "")


# ---------------------------------------------------------------------------------------- mastodon


def mastodon(app: FakeMastodon, sleep: FakeSleep, clock: FakeClock) -> MastodonChannel:
    return MastodonChannel(
        mock_client(app), token=app.token, base_url="https://mastodon.test", sleep=sleep, clock=clock
    )


def test_mastodon_media_polling_and_idempotency_key(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> None:
    app = FakeMastodon(processing_polls=2)
    msg = outgoing(tmp_path, "mastodon", images=2)
    p = Progress()
    d = mastodon(app, sleeper, clock).send(msg, p, {})
    assert d.url == app.statuses[d.remote_id]["url"]
    assert sleeper.calls == [2.0, 2.0]  # 202, then one 206 per image
    post = next(r for r in app.requests if r.path == "/api/v1/statuses")
    assert post.headers["idempotency-key"] == msg.key
    assert post.form()["media_ids[]"] == p.state["media"]


def test_mastodon_timeout_then_reconcile_returns_original(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> None:
    app = FakeMastodon(processing_polls=0)
    app.fault("POST", "/api/v1/statuses", kind="stall")
    ch = mastodon(app, sleeper, clock)
    msg = outgoing(tmp_path, "mastodon")
    p = Progress()
    with pytest.raises(ChannelError) as e:
        ch.send(msg, p, {})
    assert e.value.kind == "tidak-pasti"
    found = ch.reconcile(msg, p.state)
    assert found is not None and len(app.created) == 1
    clock.t += 2 * 3600  # key window over: reconcile searches the account instead
    found2 = ch.reconcile(msg, p.state)
    assert found2 is not None and found2.remote_id == found.remote_id and len(app.created) == 1


def test_mastodon_instance_limit_and_bad_token(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> None:
    app = FakeMastodon(max_characters=20)
    with pytest.raises(ChannelError) as e:
        mastodon(app, sleeper, clock).send(outgoing(tmp_path, "mastodon"), Progress(), {})
    assert e.value.kind == "gagal" and "20" in e.value.message and not app.created
    bad = MastodonChannel(mock_client(app), token="salah-token", base_url="https://mastodon.test")
    with pytest.raises(ChannelError) as e2:
        bad.send(outgoing(tmp_path, "mastodon"), Progress(), {})
    assert e2.value.kind == "gagal" and "JDIH_MASTODON_TOKEN" in (e2.value.hint or "")


# ---------------------------------------------------------------------------------------- telegram


def telegram(app: FakeTelegram) -> TelegramChannel:
    return TelegramChannel(mock_client(app), token=app.token, chat_id=app.chat_id, base_url="https://telegram.test")


def test_telegram_message_photo_album(tmp_path: Path) -> None:
    app = FakeTelegram()
    ch = telegram(app)
    d0 = ch.send(outgoing(tmp_path, "telegram"), Progress(), {})
    d1 = ch.send(outgoing(tmp_path, "telegram", images=1), Progress(), {})
    d3 = ch.send(outgoing(tmp_path, "telegram", images=3), Progress(), {})
    assert d0.url == "https://t.me/jdihkotim/501" and d1.url == "https://t.me/jdihkotim/502"
    assert d3.remote_id == "503" and [c["photos"] for c in app.created] == [0, 1, 3]
    priv = TelegramChannel(mock_client(app), token=app.token, chat_id="-1001234567", base_url="https://telegram.test")
    assert priv.permalink("7") == "https://t.me/c/1234567/7"


def test_telegram_retry_after_and_unknown_needs_human(tmp_path: Path) -> None:
    app = FakeTelegram()
    app.fault("POST", "sendMessage", resp=FakeTelegram.err(429, "Too Many Requests: retry after 7", retry_after=7))
    ch = telegram(app)
    msg = outgoing(tmp_path, "telegram")
    with pytest.raises(ChannelError) as e:
        ch.send(msg, Progress(), {})
    assert e.value.kind == "batas" and e.value.retry_after == 7.0
    with pytest.raises(ChannelError) as e2:
        ch.reconcile(msg, {})
    assert e2.value.kind == "tidak-pasti" and "--selesaikan" in (e2.value.hint or "")
    # Issue 12: a recorded id is no proof, and a bot cannot read a channel message back.
    with pytest.raises(ChannelError) as e3:
        ch.reconcile(msg, {REMOTE_ID: "9"})
    assert e3.value.kind == "tidak-pasti" and "t.me/jdihkotim/9" in e3.value.message


def test_telegram_timeout_advice_promises_no_check(tmp_path: Path) -> None:
    """Issue 13: the advice after an unknown outcome must not promise a match Telegram cannot make."""
    app = FakeTelegram()
    app.fault("POST", "sendMessage", kind="drop")
    with pytest.raises(ChannelError) as e:
        telegram(app).send(outgoing(tmp_path, "telegram"), Progress(), {})
    hint = e.value.hint or ""
    assert e.value.kind == "tidak-pasti" and "--selesaikan" in hint
    assert "dicocokkan" not in hint and "akan ditanya" not in hint and "tidak dapat" in hint


def test_telegram_bad_token_message_has_no_token(tmp_path: Path) -> None:
    from jdih.redact import register_secret

    app = FakeTelegram()
    secret = "999999:SENTINEL-bad-telegram-token"
    register_secret(secret)
    ch = TelegramChannel(mock_client(app), token=secret, chat_id=app.chat_id, base_url="https://telegram.test")
    with pytest.raises(ChannelError) as e:
        ch.send(outgoing(tmp_path, "telegram"), Progress(), {})
    assert e.value.kind == "gagal"
    assert secret not in str(e.value) and secret not in (e.value.hint or "") and "SENTINEL" not in repr(e.value.args)


# ---------------------------------------------------------------------------------------- tiktok / youtube


def test_tiktok_unaudited_posts_self_only(tmp_path: Path, sleeper: FakeSleep) -> None:
    app = FakeTikTok()
    ch = TikTokChannel(
        mock_client(app), token=app.token, username="jdihkotim", base_url="https://tiktok.test", sleep=sleeper
    )
    d = ch.send(outgoing(tmp_path, "tiktok", images=1, public=True), Progress(), {})
    assert d.url and d.url.startswith("https://www.tiktok.com/@jdihkotim/photo/")
    public = TikTokChannel(
        mock_client(app), token=app.token, privacy="PUBLIC_TO_EVERYONE", base_url="https://tiktok.test", sleep=sleeper
    )
    with pytest.raises(ChannelError) as e:
        public.send(outgoing(tmp_path, "tiktok", text="lain", images=1, public=True), Progress(), {})
    assert e.value.kind == "gagal" and "SELF_ONLY" in (e.value.hint or "") and len(app.created) == 1


def test_youtube_private_video_and_session_reconcile(tmp_path: Path) -> None:
    app = FakeYouTube()
    ch = YouTubeChannel(mock_client(app), token=app.token, base_url="https://youtube.test")
    with pytest.raises(ChannelError) as e:
        ch.send(outgoing(tmp_path, "youtube", images=1), Progress(), {})
    assert e.value.kind == "gagal" and "video" in e.value.message
    video = tmp_path / "klip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"0" * 1000)
    msg = Outgoing("2026/a", "youtube", "Video JDIH", (Image(video, "klip", None, "video/mp4"),), None, "Video")
    app.fault("PUT", "/upload/youtube/v3/videos", kind="drop")
    p = Progress()
    with pytest.raises(ChannelError) as e2:
        ch.send(msg, p, {})
    assert e2.value.kind == "tidak-pasti"
    found = ch.reconcile(msg, p.state)
    assert found is not None and found.url == f"https://www.youtube.com/watch?v={app.created[0]['id']}"
    assert app.created[0]["privacy"] == "private" and len(app.created) == 1


# ---------------------------------------------------------------------------------------- transport


def test_connection_refused_is_safe_to_retry_and_read_timeout_is_not() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    for handler, create, kind in ((refuse, True, "ulang"), (slow, True, "tidak-pasti"), (slow, False, "ulang")):
        api = Api(httpx.Client(transport=httpx.MockTransport(handler)), "x", "X", "https://x.test", "JDIH_X_URL")
        with pytest.raises(ChannelError) as e:
            api.call("POST", "a", step="uji", create=create)
        assert e.value.kind == kind, (handler, create)


def test_http_date_retry_after() -> None:
    from jdih.channels.http import retry_after

    assert retry_after("12", lambda: 0.0) == 12.0
    assert retry_after("Wed, 21 Oct 2015 07:28:10 GMT", lambda: 1445412480.0) == 10.0
    assert retry_after("nonsense", lambda: 0.0) is None
    assert json.loads(jresp(200, {"a": 1}).body) == {"a": 1}


# ---------------------------------------------------------------------------------------- reconcile by id


def _by_id_cases(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> list[tuple[Any, Any, Outgoing, Any]]:
    """(fake, adapter, message, forget) per platform whose API can fetch a post by its id."""
    fb = FakeFacebook()
    ig = FakeContainers()
    th = FakeContainers(kind="threads", token="th-token-123456", user_id="555")
    xa = FakeX()
    bs = FakeBluesky()
    ma = FakeMastodon(processing_polls=0)
    tt = FakeTikTok()
    yt = FakeYouTube()
    video = tmp_path / "klip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"0" * 100)
    return [
        (fb, facebook(fb), outgoing(tmp_path, "facebook"), lambda d: fb.posts.pop(d.remote_id)),
        (ig, instagram(ig, sleeper), outgoing(tmp_path, "instagram", images=1, public=True),
         lambda d: ig.media.pop(d.remote_id)),
        (th, ThreadsChannel(mock_client(th), token=th.token, user_id="555", base_url="https://threads.test/v1.0",
                            sleep=sleeper), outgoing(tmp_path, "threads"), lambda d: th.media.pop(d.remote_id)),
        (xa, x(xa), outgoing(tmp_path, "x"), lambda d: xa.created.clear()),
        (bs, BlueskyChannel(mock_client(bs), handle=bs.account, app_password=bs.password,
                            base_url="https://bluesky.test", clock=clock), outgoing(tmp_path, "bluesky"),
         lambda d: bs.records.clear()),
        (ma, mastodon(ma, sleeper, clock), outgoing(tmp_path, "mastodon"), lambda d: ma.statuses.clear()),
        (tt, TikTokChannel(mock_client(tt), token=tt.token, username="jdihkotim", base_url="https://tiktok.test",
                           sleep=sleeper), outgoing(tmp_path, "tiktok", images=1, public=True),
         lambda d: tt.publishes.clear()),
        (yt, YouTubeChannel(mock_client(yt), token=yt.token, base_url="https://youtube.test"),
         Outgoing("2026/a", "youtube", "Video JDIH", (Image(video, "klip", None, "video/mp4"),), None, "Video"),
         lambda d: yt.created.clear()),
    ]


def test_reconcile_by_id_asks_the_platform(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> None:
    """Issue 12: a recorded id is a hint: the object is fetched by id; a deleted one is None."""
    for app, ch, msg, forget in _by_id_cases(tmp_path, sleeper, clock):
        d = ch.send(msg, Progress(), {})
        before = len(app.requests)
        found = ch.reconcile(msg, {REMOTE_ID: d.remote_id})
        assert found is not None and found.remote_id == d.remote_id and found.url == d.url, app.name
        assert len(app.requests) > before, app.name  # it did ask
        forget(d)
        assert ch.reconcile(msg, {REMOTE_ID: d.remote_id}) is None, app.name
        assert len(app.created) <= 1, app.name  # reconciling never posts


def test_reconcile_by_id_that_cannot_tell_is_not_none(tmp_path: Path, sleeper: FakeSleep, clock: FakeClock) -> None:
    """A server error while looking the object up is never taken as "it does not exist"."""
    for app, ch, msg, _forget in _by_id_cases(tmp_path, sleeper, clock):
        d = ch.send(msg, Progress(), {})
        app.faults.clear()
        app.fault("GET", "/", kind="error", resp=jresp(503, {"error": "unavailable"}), times=99)
        app.fault("POST", "status/fetch", kind="error", resp=jresp(503, {"error": "unavailable"}), times=99)
        with pytest.raises(ChannelError) as e:
            ch.reconcile(msg, {REMOTE_ID: d.remote_id})
        assert e.value.kind in ("ulang", "tidak-pasti"), app.name


def test_malformed_platform_url_is_a_definite_failure_naming_the_url_variable(tmp_path: Path) -> None:
    """Issue 12/13: `http://a..b` sends nothing (gagal, not TIDAK PASTI) and names JDIH_<X>_URL."""
    app = FakeContainers()
    ch = InstagramChannel(mock_client(app), token=app.token, user_id=app.user_id, base_url="http://a..b/v21.0")
    with pytest.raises(ChannelError) as e:
        ch.send(outgoing(tmp_path, "instagram", images=1, public=True), Progress(), {})
    assert e.value.kind == "gagal" and "JDIH_INSTAGRAM_URL" in (e.value.hint or "")
    assert "TOKEN" not in (e.value.hint or "") and app.requests == []


def test_connection_refused_names_the_url_variable_not_the_token(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    ch = InstagramChannel(httpx.Client(transport=httpx.MockTransport(refuse)), token="t" * 10, user_id="1",
                          base_url="https://instagram.test/v21.0")
    with pytest.raises(ChannelError) as e:
        ch.send(outgoing(tmp_path, "instagram", images=1, public=True), Progress(), {})
    assert e.value.kind == "ulang" and "JDIH_INSTAGRAM_URL" in (e.value.hint or "")
    assert "JDIH_INSTAGRAM_TOKEN" not in (e.value.hint or "")


def test_pool_timeout_is_safe_and_write_timeout_is_unknown() -> None:
    from jdih.channels.http import may_have_arrived

    req = httpx.Request("POST", "https://x.test/a")
    assert not may_have_arrived(httpx.PoolTimeout("pool", request=req))
    assert not may_have_arrived(httpx.ConnectTimeout("connect", request=req))
    assert may_have_arrived(httpx.WriteTimeout("write", request=req))
    assert may_have_arrived(httpx.RemoteProtocolError("dropped", request=req))


def test_retry_after_rfc9110_forms() -> None:
    from jdih.channels.http import retry_after

    now = 784111777.0  # Sun, 06 Nov 1994 08:49:37 GMT
    assert retry_after("120", lambda: now) == 120.0
    assert retry_after("Sun, 06 Nov 1994 08:51:37 GMT", lambda: now) == 120.0  # IMF-fixdate
    assert retry_after("Sunday, 06-Nov-94 08:51:37 GMT", lambda: now) == 120.0  # obsolete RFC 850
    assert retry_after("Sun Nov  6 08:51:37 1994", lambda: now) == 120.0  # obsolete asctime
    assert retry_after("Sun, 06 Nov 1994 08:00:00 GMT", lambda: now) == 0.0  # past: now
    assert retry_after("-5", lambda: now) is None and retry_after("1.5", lambda: now) is None


def test_url_problems_and_status_mapping() -> None:
    from jdih.channels.http import url_problem

    assert url_problem("https://graph.facebook.com/v21.0") is None and url_problem("http://[::1]:3000") is None
    for bad in ("http://a..b", "hooks.kantor.lokal/x", "ftp://x.id", "https://", "http://" + "a" * 64 + ".id"):
        assert url_problem(bad) is not None, bad

    def answer(status: int, headers: dict[str, str]) -> ChannelError:
        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(status, headers=headers, text="x")

        api = Api(httpx.Client(transport=httpx.MockTransport(handler)), "x", "X", "https://x.test", "JDIH_X_URL",
                  "JDIH_X_API_KEY", clock=lambda: 784111777.0)
        with pytest.raises(ChannelError) as e:
            api.call("POST", "a", step="uji", create=True)
        return e.value

    assert answer(408, {}).kind == "ulang"
    limited = answer(429, {"Retry-After": "Sun, 06 Nov 1994 08:50:37 GMT"})
    assert limited.kind == "batas" and limited.retry_after == 60.0
    assert answer(503, {}).kind == "tidak-pasti"
    refused = answer(401, {})
    assert refused.kind == "gagal" and "JDIH_X_API_KEY" in (refused.hint or "")
