"""Each announcement adapter against a fake of its gateway (httpx.MockTransport)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from fakes.clock import FakeClock
from fakes.gateways import FakeCloud, FakeFonnte, FakeTelegram, FakeWablas, FakeWaha, FakeWebhook, mock_client
from jdih.channels.announce import build_channel
from jdih.channels.announce.fonnte import FonnteChannel
from jdih.channels.announce.telegram import TelegramGroupChannel
from jdih.channels.announce.wablas import WablasChannel
from jdih.channels.announce.waha import WahaChannel, message_id
from jdih.channels.announce.webhook import WebhookChannel, signature, verify
from jdih.channels.announce.whatsapp_cloud import WhatsAppCloudChannel
from jdih.channels.base import Outgoing
from jdih.channels.outbox import OutboxChannel, wa_me_link
from jdih.errors import ChannelError, ConfigError

GROUP = "120363025246125486@g.us"
TOKEN = "fonnte-SENTINEL-token-0001"
TEXT = "*JDIH KPU Kabupaten Kotawaringin Timur*\nKonten baru: Mengenal PKPU 8/2024\nhttps://contoh.invalid/x"


def msg(text: str = TEXT) -> Outgoing:
    return Outgoing(post_id="2026/contoh", channel="wa", text=text, title="Mengenal PKPU",
                    extra={"posts": ["2026/contoh"]})


def no_progress(data: dict) -> None:
    pass


def err(fn) -> ChannelError:
    with pytest.raises(ChannelError) as info:
        fn()
    return info.value


# -- Fonnte ---------------------------------------------------------------------------------


def fonnte(fake: FakeFonnte, token: str = TOKEN, target: str = GROUP) -> FonnteChannel:
    return FonnteChannel(mock_client(fake), token, target)


def test_fonnte_sends_form_with_raw_token_header_and_reads_status():
    fake = FakeFonnte(TOKEN, {GROUP: "Grup JDIH"})
    d = fonnte(fake).send(msg(), no_progress, {})
    req = fake.requests[0]
    assert req.url == "https://api.fonnte.com/send"
    assert req.headers["Authorization"] == TOKEN  # no "Bearer"
    form = parse_qs(req.content.decode())
    assert form["target"] == [GROUP] and form["message"] == [TEXT] and form["countryCode"] == ["62"]
    assert d.remote_id.isdigit()
    assert fake.texts() == [TEXT]


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("token invalid", ["Fonnte", "token", "JDIH_FONNTE_TOKEN"]),
        ("target invalid", ["Fonnte", "grup", "jdih umumkan grup"]),
        ("insufficient quota", ["Fonnte", "kuota", "Isi ulang"]),
        ("device disconnected", ["Fonnte", "terputus", "QR"]),
        ("input invalid", ["Fonnte", "ditolak"]),
        ("something new", ["Fonnte", "something new"]),
    ],
)
def test_fonnte_http_200_status_false_is_a_definite_failure_with_advice(reason, words):
    fake = FakeFonnte(TOKEN, {GROUP: "g"})
    fake.fault(reason)
    e = err(lambda: fonnte(fake).send(msg(), no_progress, {}))
    assert e.kind == "gagal"
    text = e.message + " " + (e.hint or "")
    for w in words:
        assert w in text
    assert fake.delivered == []


def test_fonnte_wrong_token_and_unknown_group_come_from_the_fake_contract():
    fake = FakeFonnte(TOKEN, {GROUP: "g"})
    assert "token" in err(lambda: fonnte(fake, token="salah-token-xyz").send(msg(), no_progress, {})).message
    assert "target invalid" in err(lambda: fonnte(fake, target="999@g.us").send(msg(), no_progress, {})).message


@pytest.mark.parametrize(("fault", "kind", "delivered"), [
    ("refuse", "ulang", 0), ("timeout-before", "tidak-pasti", 0), ("timeout-after", "tidak-pasti", 1),
    ("500-before", "tidak-pasti", 0), ("500-after", "tidak-pasti", 1),
])
def test_fonnte_transport_failures_are_retryable_only_when_nothing_was_sent(fault, kind, delivered):
    fake = FakeFonnte(TOKEN, {GROUP: "g"})
    fake.fault(fault)
    e = err(lambda: fonnte(fake).send(msg(), no_progress, {}))
    assert e.kind == kind
    assert len(fake.delivered) == delivered
    assert TOKEN not in e.message
    if kind == "tidak-pasti":
        assert "--terkirim" in (e.hint or "")


def test_fonnte_reconcile_stops_for_a_human():
    e = err(lambda: fonnte(FakeFonnte(TOKEN, {})).reconcile(msg(), {}))
    assert e.kind == "tidak-pasti" and "--terkirim" in (e.hint or "")


def test_fonnte_lists_groups_after_refresh():
    fake = FakeFonnte(TOKEN, {GROUP: "Grup JDIH KPU Kotim", "12036@g.us": "Lain"})
    groups = fonnte(fake).list_groups()
    assert [r.url.path for r in fake.requests] == ["/fetch-group", "/get-whatsapp-group"]
    assert {(g.id, g.name) for g in groups} == {(GROUP, "Grup JDIH KPU Kotim"), ("12036@g.us", "Lain")}
    assert "token" in err(lambda: fonnte(fake, token="salah-token-xyz").list_groups()).message


def test_fonnte_from_env_requires_token_and_honours_url_override():
    fake = FakeFonnte(TOKEN, {GROUP: "g"})
    with pytest.raises(ConfigError, match="JDIH_FONNTE_TOKEN"):
        FonnteChannel.from_env(mock_client(fake), {}, GROUP)
    ch = FonnteChannel.from_env(mock_client(fake), {"JDIH_FONNTE_TOKEN": TOKEN,
                                                    "JDIH_FONNTE_URL": "http://127.0.0.1:9/"}, GROUP)
    assert ch.api.base_url == "http://127.0.0.1:9"


# -- WAHA -----------------------------------------------------------------------------------

KEY = "waha-SENTINEL-key-0002"


@pytest.mark.parametrize("engine", ["WEBJS", "NOWEB", "EMPTY"])
def test_waha_accepts_every_engine_response_shape(engine):
    fake = FakeWaha(KEY, {GROUP: "g"}, engine=engine)
    d = WahaChannel(mock_client(fake), GROUP, api_key=KEY).send(msg(), no_progress, {})
    req = fake.requests[0]
    assert req.url.path == "/api/sendText" and req.headers["X-Api-Key"] == KEY
    assert json.loads(req.content) == {"session": "default", "chatId": GROUP, "text": TEXT}
    expected = {"WEBJS": f"true_{GROUP}_", "NOWEB": "3EB0", "EMPTY": "waha"}[engine]
    assert d.remote_id.startswith(expected)
    assert fake.texts() == [TEXT]


def test_waha_message_id_shapes():
    assert message_id({"id": {"_serialized": "true_x@g.us_A"}}) == "true_x@g.us_A"
    assert message_id({"key": {"id": "B"}}) == "B"
    assert message_id(None) == "" and message_id({}) == ""


def test_waha_401_and_stopped_session_and_bad_chat_id():
    fake = FakeWaha(KEY, {GROUP: "g"})
    e = err(lambda: WahaChannel(mock_client(fake), GROUP, api_key="salah-kunci").send(msg(), no_progress, {}))
    assert e.kind == "gagal" and "401" in e.message and "JDIH_WAHA_API_KEY" in (e.hint or "")
    fake.session_status = "SCAN_QR_CODE"
    e = err(lambda: WahaChannel(mock_client(fake), GROUP, api_key=KEY).send(msg(), no_progress, {}))
    assert "SCAN_QR_CODE" in e.message and "QR" in (e.hint or "")
    with pytest.raises(ConfigError, match=r"@g\.us"):
        WahaChannel(mock_client(fake), "Grup JDIH", api_key=KEY).send(msg(), no_progress, {})
    e = err(lambda: WahaChannel(mock_client(fake), GROUP, api_key=KEY, session="lain").send(msg(), no_progress, {}))
    assert "404" in e.message


def test_waha_reconcile_finds_the_message_or_reports_it_absent():
    clock = FakeClock()
    fake = FakeWaha(KEY, {GROUP: "g"}, clock=clock)
    ch = WahaChannel(mock_client(fake), GROUP, api_key=KEY, clock=clock)
    started = {"mulai_kirim": clock()}
    assert ch.reconcile(msg(), started) is None  # never delivered, and the window reaches back a day
    fake.fault("timeout-after")
    saved: dict = {}
    assert err(lambda: ch.send(msg(), saved.update, {})).kind == "tidak-pasti"
    assert saved["mulai_kirim"] == clock() and saved["tahap"] == "membuat"  # recorded before the send
    found = ch.reconcile(msg(), saved)
    assert found is not None and found.remote_id.startswith("true_")
    assert ch.reconcile(msg("teks lain"), started) is None


def test_waha_absence_from_a_window_that_does_not_cover_the_send_is_not_proof():
    """Issue 13: "not among the last N own messages" (or an empty list) proves nothing."""
    clock = FakeClock()
    fake = FakeWaha(KEY, {GROUP: "g"}, clock=clock, history=0)
    ch = WahaChannel(mock_client(fake), GROUP, api_key=KEY, clock=clock)
    started = {"mulai_kirim": clock()}
    e = err(lambda: ch.reconcile(msg(), started))  # an empty chat listing
    assert e.kind == "tidak-pasti" and "--terkirim" in (e.hint or "")
    busy = FakeWaha(KEY, {GROUP: "g"}, clock=clock, history=3)
    busy.chatter(60)  # more new messages than the window holds, all after the send began
    ch = WahaChannel(mock_client(busy), GROUP, api_key=KEY, clock=clock)
    assert err(lambda: ch.reconcile(msg(), started)).kind == "tidak-pasti"
    assert err(lambda: ch.reconcile(msg(), {})).kind == "tidak-pasti"  # send time unknown
    assert busy.delivered == []


def test_waha_reconcile_by_recorded_id_asks_for_that_message():
    """Issue 12: a recorded id is looked up by id; a missing message is None."""
    clock = FakeClock()
    fake = FakeWaha(KEY, {GROUP: "g"}, clock=clock, engine="NOWEB")
    ch = WahaChannel(mock_client(fake), GROUP, api_key=KEY, clock=clock)
    d = ch.send(msg(), no_progress, {})
    found = ch.reconcile(msg(), {"remote_id": d.remote_id})
    assert found is not None and found.remote_id.endswith(d.remote_id)
    assert fake.requests[-1].url.path.endswith("/messages/" + d.remote_id)
    fake.delivered.clear()
    assert ch.reconcile(msg(), {"remote_id": d.remote_id}) is None


def test_waha_lists_groups():
    fake = FakeWaha(KEY, {GROUP: "Grup JDIH"})
    assert [(g.id, g.name) for g in WahaChannel(mock_client(fake), GROUP, api_key=KEY).list_groups()] == [
        (GROUP, "Grup JDIH")]


# -- Wablas ---------------------------------------------------------------------------------

WTOK, WSEC = "wablas-SENTINEL-tok-0003", "wablas-SENTINEL-sec-0004"


def test_wablas_sends_token_dot_secret_and_isgroup_string():
    fake = FakeWablas(WTOK, WSEC, {"120363@g.us"})
    ch = WablasChannel(mock_client(fake), "https://jogja.wablas.com", WTOK, "120363@g.us", secret=WSEC)
    d = ch.send(msg(), no_progress, {})
    req = fake.requests[0]
    assert req.url == "https://jogja.wablas.com/api/send-message"
    assert req.headers["Authorization"] == f"{WTOK}.{WSEC}"
    assert parse_qs(req.content.decode())["isGroup"] == ["true"]
    assert d.remote_id == "wb-1"


def test_wablas_refusals():
    fake = FakeWablas(WTOK, None, {"g1"})
    ch = WablasChannel(mock_client(fake), "https://solo.wablas.com", WTOK, "g1")
    fake.fault("device not connected")
    e = err(lambda: ch.send(msg(), no_progress, {}))
    assert e.kind == "gagal" and "terputus" in e.message and "Wablas" in e.message
    fake.fault("quota is not enough")
    assert "kuota" in err(lambda: ch.send(msg(), no_progress, {})).message
    bad = WablasChannel(mock_client(fake), "https://solo.wablas.com", "salah-token-xx", "g1")
    e = err(lambda: bad.send(msg(), no_progress, {}))
    assert "token" in e.message and "JDIH_WABLAS_TOKEN" in (e.hint or "")
    assert fake.delivered == []
    with pytest.raises(ConfigError, match="JDIH_WABLAS_URL"):
        WablasChannel.from_env(mock_client(fake), {"JDIH_WABLAS_TOKEN": WTOK}, "g1")


# -- Cloud API ------------------------------------------------------------------------------

CTOK = "EAAB-SENTINEL-cloud-0005"


def test_cloud_api_group_message_and_graph_errors():
    fake = FakeCloud(CTOK, "1098765", {"GRP-1"})
    ch = WhatsAppCloudChannel(mock_client(fake), CTOK, "1098765", "GRP-1")
    d = ch.send(msg(), no_progress, {})
    body = json.loads(fake.requests[0].content)
    assert body["recipient_type"] == "group" and body["to"] == "GRP-1" and body["text"]["body"] == TEXT
    assert fake.requests[0].headers["Authorization"] == f"Bearer {CTOK}"
    assert d.remote_id.startswith("wamid.")
    e = err(lambda: WhatsAppCloudChannel(mock_client(fake), "kadaluarsa-tok", "1098765", "GRP-1")
            .send(msg(), no_progress, {}))
    assert "190" in e.message and e.kind == "gagal"
    e = err(lambda: WhatsAppCloudChannel(mock_client(fake), CTOK, "1098765", "grup-biasa").send(msg(), no_progress, {}))
    assert "Groups API" in (e.hint or "") and "8" in (e.hint or "")
    fake.fault("rate")
    assert err(lambda: ch.send(msg(), no_progress, {})).kind == "batas"


# -- Telegram -------------------------------------------------------------------------------

TTOK = "123456:SENTINEL-telegram-0006"


def test_telegram_group_send_retry_after_and_errors():
    fake = FakeTelegram(TTOK, {"-1001234"})
    ch = TelegramGroupChannel(mock_client(fake), TTOK, "-1001234")
    assert ch.send(msg(), no_progress, {}).remote_id == "501"
    fake.fault("flood:7")
    e = err(lambda: ch.send(msg(), no_progress, {}))
    assert e.kind == "batas" and e.retry_after == 7
    fake.fault("kicked")
    e = err(lambda: ch.send(msg(), no_progress, {}))
    assert e.kind == "gagal" and "bot" in e.message
    assert "grup tidak ditemukan" in err(lambda: TelegramGroupChannel(mock_client(fake), TTOK, "-1009")
                                         .send(msg(), no_progress, {})).message
    e = err(lambda: TelegramGroupChannel(mock_client(fake), "999:salah", "-1001234").send(msg(), no_progress, {}))
    assert "token bot" in e.message
    fake.fault("timeout-before")
    e = err(lambda: ch.send(msg(), no_progress, {}))
    assert TTOK not in e.message and e.kind == "tidak-pasti"
    assert len(err(lambda: ch.send(msg("x" * 5000), no_progress, {})).message) < 200


# -- webhook --------------------------------------------------------------------------------


def test_webhook_signs_body_and_sends_idempotency_key():
    fake = FakeWebhook("whsec-SENTINEL-0007")
    ch = WebhookChannel(mock_client(fake), "https://hook.invalid/jdih", secret="whsec-SENTINEL-0007")
    m = msg()
    d = ch.send(m, no_progress, {})
    req = fake.requests[0]
    stamp = req.headers["X-JDIH-Timestamp"]
    assert req.headers["X-JDIH-Signature"] == signature("whsec-SENTINEL-0007", stamp, req.content)
    assert verify("whsec-SENTINEL-0007", stamp, req.content, req.headers["X-JDIH-Signature"], float(stamp))
    assert req.headers["Idempotency-Key"] == m.key
    assert d.remote_id == "wh-1"
    e = err(lambda: WebhookChannel(mock_client(fake), "https://hook.invalid/jdih", secret="lain-rahasia")
            .send(m, no_progress, {}))
    assert e.kind == "gagal" and "401" in e.message
    fake.fault("500-after")
    assert err(lambda: ch.send(m, no_progress, {})).kind == "tidak-pasti"


# -- outbox ---------------------------------------------------------------------------------


def test_outbox_writes_file_and_waits_for_a_person(tmp_path: Path):
    ch = OutboxChannel.whatsapp(tmp_path / "kotak")
    saved: dict = {}
    e = err(lambda: ch.send(msg(), saved.update, {}))
    assert e.kind == "manual" and "--terkirim 2026/contoh" in (e.hint or "")
    path = tmp_path / "kotak" / "whatsapp" / "2026__contoh.txt"
    assert path.read_text().startswith(TEXT)
    assert saved["wa_me"] == wa_me_link(TEXT) and saved["wa_me"].startswith("https://wa.me/?text=%2AJDIH")
    path.unlink()
    assert err(lambda: ch.reconcile(msg(), {})).kind == "manual"
    assert path.exists()


def test_unknown_channel_name_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="tidak dikenal"):
        build_channel("wa-lain", "", env={}, client=httpx.Client(), state_dir=tmp_path)


def test_waha_reconcile_that_cannot_read_history_is_uncertain():
    fake = FakeWaha(KEY, {GROUP: "g"})
    ch = WahaChannel(mock_client(fake), GROUP, api_key="kunci-salah")
    e = err(lambda: ch.reconcile(msg(), {}))
    assert e.kind == "tidak-pasti" and "401" in e.message


def test_waha_from_env_requires_the_server_address():
    fake = FakeWaha(None, {GROUP: "g"})
    with pytest.raises(ConfigError, match="JDIH_WAHA_URL"):
        WahaChannel.from_env(mock_client(fake), {"JDIH_WAHA_API_KEY": KEY}, GROUP)
    ch = WahaChannel.from_env(mock_client(fake), {"JDIH_WAHA_URL": "http://waha.lan:3000/"}, GROUP)
    assert (ch.api.base_url, ch.session, ch.api.headers) == ("http://waha.lan:3000", "default", {})
    ch.send(msg(), no_progress, {})
    assert "X-Api-Key" not in fake.requests[0].headers


# -- issue 12, smaller: malformed addresses and unsigned webhooks ---------------------------


@pytest.mark.parametrize("name, env", [
    ("webhook", {"JDIH_WEBHOOK_URL": "http://a..b", "JDIH_WEBHOOK_SECRET": "whsec-SENTINEL-0008"}),
    ("wa-waha", {"JDIH_WAHA_URL": "http://a..b"}),
    ("wa-fonnte", {"JDIH_FONNTE_URL": "http://a..b/", "JDIH_FONNTE_TOKEN": TOKEN}),
    ("wa-wablas", {"JDIH_WABLAS_URL": "htp://jkt.wablas.com", "JDIH_WABLAS_TOKEN": "wablas-tok-123456"}),
    ("telegram-grup", {"JDIH_TELEGRAM_URL": "http://a..b", "JDIH_TELEGRAM_BOT_TOKEN": "123:SENTINEL-tg-0009"}),
])
def test_malformed_gateway_url_is_a_clear_definite_failure(tmp_path: Path, name: str, env: dict[str, str]):
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    ch = build_channel(name, GROUP, env=env, client=httpx.Client(transport=httpx.MockTransport(record)),
                       state_dir=tmp_path)
    e = err(lambda: ch.send(msg(), no_progress, {}))
    var = next(k for k in env if k.endswith("_URL"))
    assert e.kind == "gagal" and "tidak sah" in e.message and "belum ada yang terkirim" in e.message
    assert var in (e.hint or "") and sent == []
    assert "SENTINEL" not in e.message + (e.hint or "")


def test_webhook_without_a_secret_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError, match="JDIH_WEBHOOK_SECRET"):
        build_channel("webhook", "", env={"JDIH_WEBHOOK_URL": "https://hook.invalid/x"}, client=httpx.Client(),
                      state_dir=tmp_path)
    with pytest.raises(ConfigError, match="tanpa tanda tangan"):
        WebhookChannel(httpx.Client(), "https://hook.invalid/x", secret="")


def test_webhook_signature_covers_the_timestamp_so_a_replay_is_refused():
    clock = FakeClock()
    fake = FakeWebhook("whsec-SENTINEL-0007", clock=clock)
    ch = WebhookChannel(mock_client(fake), "https://hook.invalid/jdih", secret="whsec-SENTINEL-0007", clock=clock)
    ch.send(msg(), no_progress, {})
    captured = fake.requests[0]
    clock.t += 600  # an attacker replays the captured request ten minutes later
    replay = mock_client(fake).post("https://hook.invalid/jdih", content=captured.content,
                                    headers=dict(captured.headers))
    assert replay.status_code == 401 and len(fake.delivered) == 1
    forged = dict(captured.headers) | {"X-JDIH-Timestamp": str(int(clock()))}  # a fresh time, old signature
    assert mock_client(fake).post("https://hook.invalid/jdih", content=captured.content,
                                  headers=forged).status_code == 401
