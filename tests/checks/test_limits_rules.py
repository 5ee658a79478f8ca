"""Caption limits per platform, counted as each platform counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from helpers import make_post
from jdih.checks.limits import (
    emoji_byte_length,
    grapheme_length,
    mastodon_length,
    x_weighted_length,
    x_weighted_upper_bound,
)
from support.checking import codes, run


def test_x_counts_urls_as_23(project):
    url = "https://jdih.kpu-kotimkab.go.id/" + "a" * 200
    ok = "b" * 256 + " " + url  # 256 + 1 + 23 = 280
    path = make_post(project, "x-pas", status="diumumkan", platform=["x"], image=False, teks={"x": ok})
    assert run(project, path) == []
    path = make_post(project, "x-lebih", status="diumumkan", platform=["x"], image=False, teks={"x": "c" + ok})
    (f,) = run(project, path)
    assert f.code == "TEKS-PANJANG"
    assert f.message == "X (Twitter): teks.x sepanjang 281 karakter berbobot, melebihi batas 280"
    assert path.read_text().splitlines()[f.line - 1].lstrip().startswith("x:")


def test_x_counts_cjk_and_emoji_double(project):
    assert x_weighted_length("日本" + "😀") == parse_tweet("日本😀").weightedLength == 6
    path = make_post(project, "cjk", status="diumumkan", platform=["x"], image=False, teks={"x": "日" * 141})
    assert codes(project, path) == ["TEKS-PANJANG"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"abc .:/\n\r#@日é", "https://kpu.go.id/x", "😀", "©", "ab.com", "e\u0301"]),
                max_size=40).map("".join))
def test_fast_x_count_equals_twitter_text(text):
    exact = parse_tweet(text).weightedLength
    assert x_weighted_length(text) == exact
    bound = x_weighted_upper_bound(text)
    assert bound is None or bound >= exact


def test_body_caption_over_instagram_and_facebook_ok(project):
    body = "kata " * 500  # 2,500 characters
    path = make_post(project, "ig", status="diumumkan", platform=["instagram", "facebook"], body=body)
    (f,) = run(project, path)
    assert (f.code, f.message) == ("TEKS-PANJANG", "Instagram: isi konten sepanjang 2499 karakter, melebihi batas 2200")
    assert path.read_text().splitlines()[f.line - 1].startswith("kata")


def test_instagram_hashtag_and_mention_caps(project):
    body = "Ayo! " + " ".join(f"#tag{i}" for i in range(6)) + " " + " ".join(f"@akun{i}" for i in range(21))
    body += " surel@contoh.id C#"  # neither an e-mail nor C# counts
    path = make_post(project, "tagar", status="diumumkan", platform=["instagram"], body=body)
    by = {f.code: f.message for f in run(project, path)}
    assert by["TEKS-TAGAR"] == "Instagram: isi konten memuat 6 tagar, melebihi batas 5"
    assert by["TEKS-SEBUTAN"] == "Instagram: isi konten menyebut 21 akun (@), melebihi batas 20"


def test_threads_counts_emoji_bytes_and_links(project):
    text = "a" * 490 + "😀😀😀"  # 490 + 3*4 bytes = 502
    assert emoji_byte_length(text) == 502
    path = make_post(project, "threads", status="diumumkan", platform=["threads"], image=False, teks={"threads": text})
    assert codes(project, path) == ["TEKS-PANJANG"]
    links = " ".join(f"https://kpu.go.id/{i}" for i in range(6))
    path = make_post(project, "threads-tautan", status="diumumkan", platform=["threads"], image=False,
                     teks={"threads": links})
    assert [f.message for f in run(project, path)] == ["Threads: teks.threads memuat 6 tautan, melebihi batas 5"]


def test_bluesky_counts_graphemes_and_bytes(project):
    family = "👨‍👩‍👧"  # one grapheme, 18 bytes
    assert grapheme_length(family * 300) == 300
    path = make_post(project, "bsky", status="diumumkan", platform=["bluesky"], image=False,
                     teks={"bluesky": family * 300})
    assert [f.code for f in run(project, path)] == ["TEKS-BITA"]
    path = make_post(project, "bsky2", status="diumumkan", platform=["bluesky"], image=False,
                     teks={"bluesky": "é" * 301})
    assert [f.message for f in run(project, path)] == ["Bluesky: teks.bluesky sepanjang 301 grafem, melebihi batas 300"]


def test_mastodon_counts_every_url_as_23(project):
    text = "a" * 476 + " https://jdih.kpu-kotimkab.go.id/" + "x" * 300  # 476 + 1 + 23 = 500
    path = make_post(project, "masto", status="diumumkan", platform=["mastodon"], image=False, teks={"mastodon": text})
    assert run(project, path) == []
    path = make_post(project, "masto2", status="diumumkan", platform=["mastodon"], image=False,
                     teks={"mastodon": "a" + text})
    assert codes(project, path) == ["TEKS-PANJANG"]


def test_telegram_caption_limit_only_with_images(project):
    body = "k" * 2000
    with_image = make_post(project, "tg-gambar", status="diumumkan", platform=["telegram"], body=body)
    (f,) = run(project, with_image)
    assert f.message == "Telegram: isi konten sepanjang 2000 karakter, melebihi batas 1024 (keterangan gambar)"
    without = make_post(project, "tg-teks", status="diumumkan", platform=["telegram"], body=body, image=False)
    assert run(project, without) == []


def test_nothing_to_post(project):
    path = make_post(project, "hampa", status="diumumkan", platform=["x"], body="", image=False)
    (f,) = run(project, path)
    assert (f.code, f.message) == ("TEKS-KOSONG", "X (Twitter): tidak ada teks maupun gambar untuk diunggah "
                                                "(isi konten kosong)")


# -- issue 13: counting and validity checked against the platforms' own rules -----------------


@pytest.mark.parametrize("bad", ["\ufeff", "\ufffe", "\uffff"])
def test_x_refuses_what_twitter_text_calls_invalid(project, bad):
    text = f"Konten baru{bad} JDIH"
    assert parse_tweet(text).valid is False  # the reference says so
    path = make_post(project, f"x-{ord(bad):x}", status="diumumkan", platform=["x"], image=False, teks={"x": text})
    (f,) = run(project, path)
    assert f.code == "TEKS-KARAKTER" and f"U+{ord(bad):04X}" in f.message
    assert path.read_text().splitlines()[f.line - 1].lstrip().startswith("x:")


def test_x_valid_text_with_a_directional_mark_is_fine(project):
    text = "Konten \u200f baru JDIH"
    assert parse_tweet(text).valid is True
    path = make_post(project, "x-rlm", status="diumumkan", platform=["x"], image=False, teks={"x": text})
    assert run(project, path) == []


@pytest.mark.parametrize("text, n", [
    ("🏳️‍⚧️", 1),  # a flag of 5 code points is one grapheme
    ("🇮🇩", 1),
    ("e\u0301", 1),
    ("https://jdih.kpu-kotimkab.go.id/" + "a" * 100, 23),
    ("lihathttps://a.id", len("lihathttps://a.id")),  # glued to a word: Mastodon does not link it
    ("@jdih@mastodon.social", len("@jdih")),
    ("surel humas@kpu.go.id", len("surel humas@kpu.go.id")),  # not a mention
])
def test_mastodon_counts_like_mastodon(text, n):
    assert mastodon_length(text) == n


def test_mastodon_post_near_500_with_flags_and_remote_mentions(project):
    ok = "🇮🇩" * 470 + " @jdih@mastodon.social"  # 470 + 1 + 5 = 476 as Mastodon counts
    path = make_post(project, "masto-bendera", status="diumumkan", platform=["mastodon"], image=False,
                     teks={"mastodon": ok})
    assert run(project, path) == []
    glued = "a" * 440 + "lihathttps://jdih.kpu-kotimkab.go.id/" + "x" * 60  # 537: the URL is not linked
    path = make_post(project, "masto-lekat", status="diumumkan", platform=["mastodon"], image=False,
                     teks={"mastodon": glued})
    assert codes(project, path) == ["TEKS-PANJANG"]
