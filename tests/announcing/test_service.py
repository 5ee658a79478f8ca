"""announce_all: exactly once through the ledger, reconciliation, fallback, digest, dry run."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from fakes.clock import FakeSleep as Sleeps
from fakes.gateways import FakeFonnte, FakeTelegram, FakeWaha, FakeWebhook, mock_client
from helpers import NOW, make_post, write_announce_settings
from jdih.announcing import announce_all, confirm_sent, load_config, mark_not_sent
from jdih.announcing.service import AnnounceLedger
from jdih.channels.announce.fonnte import FonnteChannel
from jdih.channels.announce.telegram import TelegramGroupChannel
from jdih.channels.announce.waha import WahaChannel
from jdih.channels.announce.webhook import WebhookChannel
from jdih.channels.outbox import OutboxChannel
from jdih.errors import ConfigError, UsageError
from jdih.ledger import DONE, Ledger, LedgerEntry
from jdih.post import read_post

GROUP = "120363025246125486@g.us"
TOKEN = "fonnte-SENTINEL-svc-0001"


def cfg(project, **kw):
    return dataclasses.replace(load_config(project.root / "sop"), **kw)


def status(project, post_id: str) -> str:
    return read_post(project.content_dir / post_id / "index.md").status


def fonnte_setup(project, **kw):
    fake = FakeFonnte(TOKEN, {GROUP: "Grup JDIH"})
    channels = {"wa-fonnte": FonnteChannel(mock_client(fake), TOKEN, GROUP)}
    return fake, channels, cfg(project, channel="wa-fonnte", target=GROUP, **kw)


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_each_uploaded_post_is_announced_once_and_recorded_in_riwayat(project):
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024", seri="Istilah Pemilu")
    make_post(project, "dua", judul="Tahapan Kampanye")
    make_post(project, "draf-saja", status="draf")
    make_post(project, "lama", status="diumumkan")
    fake, channels, config = fonnte_setup(project)
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert report.ok
    assert sorted(r.post_id for r in report.results) == ["2026/dua", "2026/satu"]
    assert len(fake.delivered) == 2
    text = next(t for t in fake.texts() if "PKPU" in t)
    assert "JDIH KPU Kabupaten Kotawaringin Timur" in text
    assert "Seri: Istilah Pemilu" in text and "Rutin: Edukasi" in text
    assert "- Instagram: https://contoh.invalid/instagram/satu" in text
    assert f"- Situs JDIH: {project.site_url}2026/satu/" in text
    post = read_post(project.content_dir / "2026/satu/index.md")
    last = post.history[-1]
    assert (post.status, last.status, last.actor, last.at) == ("diumumkan", "diumumkan", "dwi", NOW)
    assert "Fonnte" in (last.note or "")
    assert list(Ledger(project.state_dir / "buku-besar").entries()) == []  # forgotten once recorded
    again = announce_all(project, channels, NOW + timedelta(minutes=5), config=config, sleep=Sleeps())
    assert again.results == [] and len(fake.delivered) == 2


def test_uncertain_send_is_never_resent_and_a_person_confirms(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    fake.fault("timeout-after")
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert not report.ok
    (r,) = report.results
    assert r.outcome == "tidak-pasti" and "--terkirim" in (r.hint or "")
    assert status(project, "2026/satu") == "diunggah"
    entry = AnnounceLedger(project.state_dir / "buku-besar", "umumkan").get("2026/satu", "wa-fonnte")
    assert entry.status == "tidak-pasti" and entry.progress["teks"] == fake.texts()[0]
    # The re-run asks Fonnte (it cannot tell) and stops again: still exactly one message.
    rerun = announce_all(project, channels, NOW + timedelta(minutes=1), config=config, sleep=Sleeps())
    assert [x.outcome for x in rerun.results] == ["tidak-pasti"] and len(fake.delivered) == 1
    done = confirm_sent(project, ["satu"], NOW + timedelta(minutes=2), config=config)
    assert [x.outcome for x in done.results] == ["dikonfirmasi"]
    post = read_post(project.content_dir / "2026/satu/index.md")
    assert post.status == "diumumkan" and "dikonfirmasi" in (post.history[-1].note or "")
    assert announce_all(project, channels, NOW + timedelta(minutes=3), config=config, sleep=Sleeps()).results == []
    assert len(fake.delivered) == 1


def test_person_says_not_sent_then_the_next_run_sends(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    fake.fault("timeout-before")
    assert announce_all(project, channels, NOW, config=config, sleep=Sleeps()).results[0].outcome == "tidak-pasti"
    assert fake.delivered == []
    mark_not_sent(project, ["2026/satu"], NOW + timedelta(minutes=1), config=config)
    report = announce_all(project, channels, NOW + timedelta(minutes=2), config=config, sleep=Sleeps())
    assert [x.outcome for x in report.results] == ["terkirim"] and len(fake.delivered) == 1
    with pytest.raises(UsageError, match="bukan 'diunggah'"):
        confirm_sent(project, ["satu"], NOW + timedelta(minutes=3), config=config)


def test_retry_only_when_nothing_reached_the_gateway(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    fake.fault("refuse", "refuse")
    sleeps = Sleeps()
    report = announce_all(project, channels, NOW, config=config, sleep=sleeps)
    assert [x.outcome for x in report.results] == ["terkirim"]
    assert sleeps == [2.0, 5.0] and len(fake.delivered) == 1


def test_retries_exhausted_is_a_definite_failure(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project, max_attempts=2)
    fake.fault("refuse", "refuse")
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert [x.outcome for x in report.results] == ["gagal"] and not report.ok
    assert AnnounceLedger(project.state_dir / "buku-besar", "umumkan").get("2026/satu", "wa-fonnte").status == "gagal"
    # A definite failure is safe to send again on the next run.
    assert announce_all(project, channels, NOW + timedelta(minutes=1), config=config,
                        sleep=Sleeps()).results[0].outcome == "terkirim"


def test_telegram_retry_after_is_honoured(project):
    make_post(project, "satu")
    fake = FakeTelegram("123:SENTINEL-tg", {"-1001"})
    fake.fault("flood:7")
    channels = {"telegram-grup": TelegramGroupChannel(mock_client(fake), "123:SENTINEL-tg", "-1001")}
    sleeps = Sleeps()
    report = announce_all(project, channels, NOW, config=cfg(project, channel="telegram-grup", target="-1001"),
                          sleep=sleeps)
    assert [x.outcome for x in report.results] == ["terkirim"] and sleeps == [7.0] and len(fake.delivered) == 1


@pytest.mark.parametrize("reason", ["device disconnected", "insufficient quota", "token invalid"])
def test_fallback_after_a_definite_failure(project, reason):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project, fallback="webhook")
    hook = FakeWebhook("whsec-SENTINEL")
    channels["webhook"] = WebhookChannel(mock_client(hook), "https://hook.invalid/x", secret="whsec-SENTINEL")
    fake.fault(reason)
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    (r,) = report.results
    assert r.outcome == "terkirim-cadangan" and r.fallback_from == "wa-fonnte" and r.channel == "webhook"
    assert "Fonnte" in r.message
    assert fake.delivered == [] and len(hook.delivered) == 1
    post = read_post(project.content_dir / "2026/satu/index.md")
    assert post.status == "diumumkan" and "cadangan" in (post.history[-1].note or "")


def test_no_fallback_when_the_primary_is_uncertain(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project, fallback="webhook")
    hook = FakeWebhook("whsec-SENTINEL")
    channels["webhook"] = WebhookChannel(mock_client(hook), "https://hook.invalid/x", secret="whsec-SENTINEL")
    fake.fault("500-after")
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert [x.outcome for x in report.results] == ["tidak-pasti"] and hook.delivered == []


def test_waha_uncertain_send_is_reconciled_automatically(project):
    make_post(project, "satu")
    make_post(project, "dua")
    fake = FakeWaha("waha-key-SENTINEL", {GROUP: "g"}, engine="NOWEB")
    channels = {"wa-waha": WahaChannel(mock_client(fake), GROUP, api_key="waha-key-SENTINEL")}
    config = cfg(project, channel="wa-waha", target=GROUP)
    fake.fault("timeout-after", "timeout-before")  # satu/dua order is by upload time, then id
    first = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert [x.outcome for x in first.results] == ["tidak-pasti", "tidak-pasti"] and len(fake.delivered) == 1
    second = announce_all(project, channels, NOW + timedelta(minutes=1), config=config, sleep=Sleeps())
    assert sorted(x.outcome for x in second.results) == ["terkirim", "terkirim"]
    assert len(fake.delivered) == 2 and len(set(fake.texts())) == 2
    assert {status(project, "2026/satu"), status(project, "2026/dua")} == {"diumumkan"}


def test_kill_after_the_done_record_finishes_without_resending(project):
    """The state a kill leaves between the ledger's `selesai` and the front-matter write."""
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    AnnounceLedger(project.state_dir / "buku-besar", "umumkan").update("2026/satu", "wa-fonnte", NOW, status=DONE,
                                                           remote_id="80367171")
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert [x.outcome for x in report.results] == ["sudah-terkirim"] and fake.requests == []
    assert status(project, "2026/satu") == "diumumkan"


def test_a_lagging_clock_does_not_block_the_record(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    last = read_post(project.content_dir / "2026/satu/index.md").history[-1].at
    report = announce_all(project, channels, last - timedelta(minutes=1), config=config, sleep=Sleeps())
    assert [x.outcome for x in report.results] == ["terkirim"] and len(fake.delivered) == 1
    post = read_post(project.content_dir / "2026/satu/index.md")
    assert post.status == "diumumkan" and post.history[-1].at == last + timedelta(seconds=1)


def test_digest_sends_one_message_for_several_posts(project):
    for slug in ("satu", "dua", "tiga"):
        make_post(project, slug, judul=f"Konten {slug}")
    fake, channels, config = fonnte_setup(project, summary=True)
    report = announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert len(fake.delivered) == 1 and len(report.results) == 3 and report.ok
    text = fake.texts()[0]
    assert "3 konten baru" in text and all(f"Konten {s}" in text for s in ("satu", "dua", "tiga"))
    assert {status(project, f"2026/{s}") for s in ("satu", "dua", "tiga")} == {"diumumkan"}


def test_uncertain_digest_is_confirmed_for_all_its_posts(project):
    for slug in ("satu", "dua"):
        make_post(project, slug)
    fake, channels, config = fonnte_setup(project, summary=True)
    fake.fault("500-after")
    announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    report = confirm_sent(project, ["2026/dua"], NOW + timedelta(minutes=1), config=config)
    assert sorted(r.post_id for r in report.results) == ["2026/dua", "2026/satu"]
    assert {status(project, "2026/satu"), status(project, "2026/dua")} == {"diumumkan"}
    assert len(fake.delivered) == 1


def test_dry_run_touches_nothing(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    before = snapshot(project.root)
    report = announce_all(project, channels, NOW, dry_run=True, config=config)
    assert [r.outcome for r in report.results] == ["pratinjau"] and len(report.messages) == 1
    assert fake.requests == [] and snapshot(project.root) == before


def test_manual_outbox_is_the_default_and_waits_for_confirmation(project):
    make_post(project, "satu")
    channels = {"wa-manual": OutboxChannel.whatsapp(project.state_dir / "kotak-keluar")}
    report = announce_all(project, channels, NOW, sleep=Sleeps())
    (r,) = report.results
    assert (r.outcome, r.channel) == ("menunggu-manual", "wa-manual") and report.ok
    assert r.wa_me and r.wa_me.startswith("https://wa.me/?text=")
    assert (project.state_dir / "kotak-keluar/whatsapp/2026__satu.txt").is_file()
    again = announce_all(project, channels, NOW + timedelta(minutes=1), sleep=Sleeps())
    assert [x.outcome for x in again.results] == ["menunggu-manual"] and again.results[0].wa_me == r.wa_me
    confirm_sent(project, ["satu"], NOW + timedelta(minutes=2))
    assert status(project, "2026/satu") == "diumumkan"


def test_template_errors_name_file_and_line_and_send_nothing(project):
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    tpl = project.root / "sop/templat/pengumuman.txt.j2"
    tpl.write_text("*{{ kantor }}*\n{{ judul }}\n{{ tautan_salah }}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert info.value.file == str(tpl) and info.value.line == 3 and "tautan_salah" in info.value.message
    tpl.write_text("baris satu\n{% for t in tautan %}\n{{ t.url }\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    assert info.value.file == str(tpl) and info.value.line == 3
    assert fake.requests == []


def test_config_errors_name_the_line(project):
    path = write_announce_settings(project.root, "kanal: wa-fonnte\ntujuan: x@g.us\ncadangan: merpati\n")
    with pytest.raises(ConfigError) as info:
        load_config(project.root / "sop")
    assert (info.value.file, info.value.line) == (str(path), 4) and "merpati" in info.value.message
    write_announce_settings(project.root, "kanal: wa-fonnte\npengumum: rahmat\n")
    make_post(project, "satu")
    with pytest.raises(ConfigError) as info:
        announce_all(project, {}, NOW, sleep=Sleeps())
    assert info.value.line == 3 and "rahmat" in info.value.message
    write_announce_settings(project.root, "kanal: [1, 2\n")
    with pytest.raises(ConfigError) as info:
        load_config(project.root / "sop")
    assert info.value.file == str(path) and info.value.line


def test_unusable_fallback_is_reported_not_crashed(project):
    from jdih.channels.announce.email import EmailChannel

    make_post(project, "satu")
    make_post(project, "dua")
    fake, channels, config = fonnte_setup(project, fallback="email")

    class NoEmail(dict):
        def __getitem__(self, name):
            if name == "email":
                return EmailChannel.from_env({}, "", ssl_context=None)  # JDIH_SMTP_HOST missing
            return super().__getitem__(name)

    fake.fault("insufficient quota", "insufficient quota")
    report = announce_all(project, NoEmail(channels), NOW, config=config, sleep=Sleeps())
    assert [r.outcome for r in report.results] == ["gagal", "gagal"]
    assert all("JDIH_SMTP_HOST" in r.message and "kuota" in r.message for r in report.results)


def test_publisher_records_and_cleanup_never_touch_announcement_records(project):
    """The publisher shares .jdih/buku-besar and forgets per-post records of posts past disetujui."""
    make_post(project, "satu")
    fake, channels, config = fonnte_setup(project)
    fake.fault("timeout-after")
    announce_all(project, channels, NOW, config=config, sleep=Sleeps())
    shared = Ledger(project.state_dir / "buku-besar")
    shared.forget("2026/satu")  # what `jdih terbitkan` does for every post already uploaded
    shared.put(LedgerEntry("2026/satu", "instagram", status=DONE, remote_id="ig-1"), NOW)
    rerun = announce_all(project, channels, NOW + timedelta(minutes=1), config=config, sleep=Sleeps())
    assert [r.outcome for r in rerun.results] == ["tidak-pasti"] and len(fake.delivered) == 1
    assert shared.get("2026/satu", "instagram").status == DONE


def test_outbox_links_are_not_announced_as_platform_posts(project):
    """After `terbitkan --ke berkas`, tautan point at the JDIH page: the message must not label them as posts."""
    from helpers import make_post
    from jdih.announcing.config import load_config
    from jdih.announcing.message import post_context
    from jdih.post import read_post

    site = project.site_url
    path = make_post(project, "manual", status="diunggah", platform=["instagram", "x"],
                     tautan={"instagram": f"{site}2026/manual/#kotak-keluar-instagram",
                             "x": "https://x.com/jdih/status/1"})
    ctx = post_context(project, load_config(project.root / "sop"), read_post(path, project.content_dir))
    assert [t["platform"] for t in ctx["tautan"]] == ["x"]
    assert ctx["manual"] == ["Instagram"]
