"""The publishing service: exactly-once ledger, retries, rate limits, finalisation, dry run, human resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fakes.platforms import (
    FakeTelegram,
    graph_error,
)
from fakes.world import ALL, FakeSleep, World, approved
from helpers import NOW, make_image
from jdih.ledger import DONE, SENDING, UNKNOWN
from jdih.links import post_url
from jdih.post import read_post
from jdih.project import Project
from jdih.publishing import publish_all, resolve
from jdih.publishing.service import ledger_for


@pytest.fixture
def world() -> World:
    return World()


def run(project: Project, world: World, sleeper: FakeSleep, **kw: Any) -> Any:
    return publish_all(
        project,
        world.factory(sleeper),
        kw.pop("now", NOW),
        kw.pop("dry_run", False),
        kw.pop("only", None),
        actor="dwi",
        sleep=sleeper,
        **kw,
    )


def test_publishes_everything_once_and_records_links(project: Project, world: World, sleeper: FakeSleep) -> None:
    a = approved(project, "satu", ALL, images=2)
    b = approved(project, "dua", ["x", "mastodon"], images=0)
    report = run(project, world, sleeper)
    assert report.ok and sorted(report.uploaded) == ["2026/dua", "2026/satu"]
    for path, platforms in ((a, ALL), (b, ["x", "mastodon"])):
        post = read_post(path, project.content_dir)
        assert post.status == "diunggah" and sorted(post.links) == sorted(platforms)
        last = post.history[-1]
        assert (last.status, last.actor, last.at) == ("diunggah", "dwi", NOW)
        counts = world.counts(post_url(project.site_url, post.id))
        assert all(counts[p] == 1 for p in platforms), counts
    assert {e.status for e in ledger_for(project).entries()} == {DONE}  # kept until the next run
    # Instagram got a public URL of the converted image on the site
    ig = next(r for r in world.instagram.requests if r.method == "POST" and r.path.endswith("/media"))
    assert ig.form()["image_url"].startswith(project.site_url + "m/")
    # Re-running does nothing more.
    before = world.requests()
    again = run(project, world, sleeper)
    assert again.ok and not again.results and world.requests() == before
    assert list(ledger_for(project).entries()) == []  # forgotten once the post is seen as diunggah


def test_front_matter_lost_after_publish_does_not_resend(project: Project, world: World, sleeper: FakeSleep) -> None:
    """CI: the commit of the front matter to main failed; the next run starts from the old file."""
    path = approved(project, "satu", ["mastodon", "bluesky"], images=0)
    original = path.read_text()
    first = run(project, world, sleeper)
    assert first.uploaded == ["2026/satu"]
    path.write_text(original)  # the checkout still has `disetujui`
    again = run(project, world, sleeper)
    assert again.ok and again.uploaded == ["2026/satu"]
    assert len(world.mastodon.created) == len(world.bluesky.created) == 1
    # The `selesai` records were only hints: each platform confirmed its object by id first.
    assert {r.platform: r.link for r in again.results} == {r.platform: r.link for r in first.results}
    assert any(r.method == "GET" and "getRecord" in r.path for r in world.bluesky.requests)


def test_retries_only_what_creates_nothing(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ["facebook", "telegram"], images=2)
    world.facebook.fault("POST", "/photos", resp=graph_error(500, 2, "Service temporarily unavailable", transient=True))
    world.telegram.fault("POST", "sendMediaGroup", resp=FakeTelegram.err(429, "Too Many Requests", retry_after=7))
    report = run(project, world, sleeper)
    assert report.ok, report.results
    assert sleeper.calls == [2.0, 7.0]  # backoff for the upload, retry_after for Telegram
    assert len(world.facebook.created) == 1 and len(world.telegram.created) == 1


def test_long_rate_limit_is_not_waited_and_next_run_finishes(
    project: Project, world: World, sleeper: FakeSleep
) -> None:
    approved(project, "satu", ["telegram", "mastodon"], images=0)
    world.telegram.fault("POST", "sendMessage", resp=FakeTelegram.err(429, "Too Many Requests", retry_after=3600))
    report = run(project, world, sleeper, max_wait=120)
    by = {r.platform: r for r in report.results}
    assert by["telegram"].status == "gagal" and by["mastodon"].status == "selesai" and not report.ok
    assert sleeper.calls == [] and not report.uploaded
    report2 = run(project, world, sleeper)
    assert report2.ok and report2.uploaded == ["2026/satu"]
    assert len(world.telegram.created) == 1 and len(world.mastodon.created) == 1


def test_unknown_create_is_reconciled_not_resent(project: Project, world: World, sleeper: FakeSleep) -> None:
    path = approved(project, "satu", ["x", "bluesky", "instagram", "facebook"], images=1)
    world.x.fault("POST", "/2/tweets", kind="stall")
    world.bluesky.fault("POST", "createRecord", kind="drop")
    world.instagram.fault("POST", "media_publish", kind="error-after")
    world.facebook.fault("POST", "/photos", kind="stall")
    report = run(project, world, sleeper)
    assert {r.platform: r.status for r in report.results} == dict.fromkeys(
        ["x", "bluesky", "instagram", "facebook"], "tidak-pasti"
    )
    assert not report.ok and read_post(path).status == "disetujui"
    assert {e.channel: e.status for e in ledger_for(project).entries()} == dict.fromkeys(
        ["x", "bluesky", "instagram", "facebook"], UNKNOWN
    )
    report2 = run(project, world, sleeper)
    assert report2.ok and report2.uploaded == ["2026/satu"]
    link = post_url(project.site_url, "2026/satu")
    assert world.counts(link) == {
        "facebook": 1,
        "instagram": 1,
        "threads": 0,
        "x": 1,
        "bluesky": 1,
        "mastodon": 0,
        "telegram": 0,
    }


def test_one_platform_failing_does_not_stop_the_others(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ["facebook", "mastodon", "bluesky"], images=1)
    world.env["JDIH_FACEBOOK_TOKEN"] = "token-kedaluwarsa"
    report = run(project, world, sleeper)
    by = {r.platform: r for r in report.results}
    assert by["facebook"].status == "gagal" and "190" in (by["facebook"].reason or "")
    assert "JDIH_FACEBOOK_TOKEN" in (by["facebook"].hint or "")
    assert by["mastodon"].status == by["bluesky"].status == "selesai"
    world.env["JDIH_FACEBOOK_TOKEN"] = world.facebook.token
    world2 = run(project, world, sleeper)
    assert world2.ok
    assert len(world.mastodon.created) == len(world.bluesky.created) == len(world.facebook.created) == 1


def test_missing_credentials_reported_per_platform(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ["mastodon", "tiktok"], images=1)
    report = run(project, world, sleeper)
    by = {r.platform: r for r in report.results}
    assert by["tiktok"].status == "gagal" and "JDIH_TIKTOK_TOKEN" in (by["tiktok"].reason or "")
    assert by["mastodon"].status == "selesai" and not report.uploaded


def test_telegram_unknown_needs_a_human(project: Project, world: World, sleeper: FakeSleep) -> None:
    path = approved(project, "satu", ["telegram", "mastodon"], images=0)
    world.telegram.fault("POST", "sendMessage", kind="drop")
    r1 = run(project, world, sleeper)
    assert {r.platform: r.status for r in r1.results} == {"telegram": "tidak-pasti", "mastodon": "selesai"}
    r2 = run(project, world, sleeper)
    tg = next(r for r in r2.results if r.platform == "telegram")
    assert tg.status == "tidak-pasti" and "--selesaikan" in (tg.hint or "")
    assert len(world.telegram.created) == 1  # never resent blindly
    # The pengelola checks the channel and finds the message there.
    resolve(project, "2026/satu", "telegram", NOW, actor="dwi", link="https://t.me/jdihkotim/501")
    r3 = run(project, world, sleeper)
    assert r3.ok and r3.uploaded == ["2026/satu"] and len(world.telegram.created) == 1
    assert read_post(path).links["telegram"] == "https://t.me/jdihkotim/501"


def test_resolve_not_published_sends_again(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ["telegram"], images=0)
    world.telegram.fault("POST", "sendMessage", kind="error", resp=FakeTelegram.err(502, "Bad Gateway"))
    assert run(project, world, sleeper).results[0].status == "tidak-pasti"
    with pytest.raises(Exception, match="tepat satu"):
        resolve(project, "2026/satu", "telegram", NOW, actor="dwi", link=None)
    resolve(project, "2026/satu", "telegram", NOW, actor="dwi", link=None, not_published=True)
    assert run(project, world, sleeper).ok and len(world.telegram.created) == 1


def test_sending_record_from_a_killed_run_is_reconciled(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ["bluesky"], images=0)
    ledger = ledger_for(project)
    # A previous run died right after recording `mengirim` (before any request went out).
    ledger.update("2026/satu", "bluesky", NOW, status=SENDING, progress={"rkey": "3kabcdefghijk", "dibuat": "2026"})
    report = run(project, world, sleeper)
    assert report.ok and len(world.bluesky.created) == 1
    get = [r for r in world.bluesky.requests if r.path.endswith("getRecord")]
    assert len(get) == 1  # checked with the platform before sending


def test_dry_run_sends_and_writes_nothing(project: Project, world: World, sleeper: FakeSleep) -> None:
    approved(project, "satu", ALL, images=1)
    before = sorted((p, p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file())
    report = run(project, world, sleeper, dry_run=True)
    assert world.requests() == 0
    assert sorted((p, p.stat().st_mtime_ns) for p in project.root.rglob("*") if p.is_file()) == before
    assert not (project.state_dir).exists()
    assert {r.status for r in report.results} == {"akan-dikirim"}
    assert all(post_url(project.site_url, "2026/satu") in r.detail["teks"] for r in report.results)


def test_schedule_and_only(project: Project, world: World, sleeper: FakeSleep) -> None:
    from datetime import timedelta

    approved(project, "nanti", ["mastodon"], images=0, jadwal=NOW + timedelta(hours=2))
    approved(project, "sekarang", ["mastodon"], images=0, jadwal=NOW - timedelta(minutes=1))
    approved(project, "lain", ["mastodon"], images=0)
    report = run(project, world, sleeper, only=["sekarang", "nanti"])
    assert report.uploaded == ["2026/sekarang"] and [p for p, _ in report.waiting] == ["2026/nanti"]
    assert len(world.mastodon.created) == 1
    later = run(project, world, sleeper, now=NOW + timedelta(hours=3))
    assert sorted(later.uploaded) == ["2026/lain", "2026/nanti"]


def test_caption_link_omitted_when_it_does_not_fit_and_too_long_fails(
    project: Project, world: World, sleeper: FakeSleep
) -> None:
    approved(project, "pas", ["x"], images=0, body="a" * 270)
    approved(project, "panjang", ["x", "mastodon"], images=0, body="kata " * 120)
    report = run(project, world, sleeper)
    by = {(r.post_id, r.platform): r for r in report.results}
    assert by[("2026/pas", "x")].status == "selesai"
    assert world.x.created[0]["text"] == "a" * 270  # 270 + link would exceed 280 weighted
    assert by[("2026/panjang", "x")].status == "gagal" and "280" in (by[("2026/panjang", "x")].reason or "")
    assert by[("2026/panjang", "mastodon")].status == "gagal"
    assert "teks.x" in (by[("2026/panjang", "x")].hint or "")


def test_images_converted_per_platform(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from jdih.publishing.images import RULES, convert

    tall = make_image(tmp_path / "tinggi.png", size=(1080, 1920), fmt="PNG").read_bytes()
    out = convert(tall, RULES["instagram"])
    with Image.open(io.BytesIO(out)) as im:
        assert im.format == "JPEG" and 0.8 <= im.width / im.height <= 1.91 and im.width <= 1440
    noise = Image.effect_noise((2500, 2500), 120).convert("RGB")
    buf = io.BytesIO()
    noise.save(buf, "PNG")
    small = convert(buf.getvalue(), RULES["bluesky"])
    assert len(small) < 1_000_000
    ok = make_image(tmp_path / "pas.jpg", size=(1080, 1080)).read_bytes()
    assert convert(ok, RULES["instagram"]) is ok  # conforming files stay byte-identical
    with Image.open(
        io.BytesIO(convert(make_image(tmp_path / "p.jpg", size=(9000, 300)).read_bytes(), RULES["telegram"]))
    ) as im:
        assert im.width + im.height <= 10_000 and im.width / im.height <= 20


def test_outbox_mode_renders_files(project: Project, sleeper: FakeSleep) -> None:
    from jdih.channels.outbox import OutboxChannel

    path = approved(project, "satu", ["instagram", "telegram"], images=2)
    root = project.state_dir / "kotak-keluar"
    report = publish_all(project, lambda p: OutboxChannel(p, root), NOW, False, None, actor="dwi", sleep=sleeper)
    assert report.ok
    post = read_post(path)
    assert post.links["instagram"] == post_url(project.site_url, "2026/satu") + "#kotak-keluar-instagram"
    folder = root / "instagram" / "2026__satu"
    assert (folder / "teks.txt").read_text().startswith("Mari mengenal")
    assert sorted(p.name for p in folder.iterdir()) == ["PETUNJUK.txt", "gambar-1.jpg", "gambar-2.jpg", "teks.txt"]
    assert ledger_for(project).get("2026/satu", "instagram").status == DONE


@pytest.mark.parametrize(
    "text",
    [
        "Halo https://example.com/a 😀",
        "Pemilu 2024 — “kutipan” …",
        "日本語テキスト",
        "👨‍👩‍👧 keluarga",
        "a" * 270,
        "é́ café",
        "Tanggal: 24–11 • info ✅ ❤️ #Pemilu2024 @kpu_ri",
    ],
)
def test_x_weighted_length_matches_twitter_text(text: str) -> None:
    from twitter_text import parse_tweet

    from jdih.publishing.caption import x_weighted_length

    assert x_weighted_length(text) == parse_tweet(text).weightedLength
