"""The GitHub desk's preview counts (``hitung-teks.js``) agree with ``jdih periksa``/``jdih pratinjau``.

In GitHub mode there is no server: the preview pane counts in the browser. The counter runs here in
node, loaded from the files the admin page serves (the twitter-text bundle and ``hitung-teks.js``),
over every sample post and a list of tricky texts on every platform of ``sop/platform.yml``, and each
length must equal :func:`jdih.checks.limits.text_length`; the composed caption (override or body, site
link when it fits) must equal :func:`jdih.preview.compose_caption`. One Chromium check reads the
number off the preview pane of the built admin page.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
from PIL import Image

from desk import test_github_admin
from desk.conftest import DECAP_DIST, shot
from desk.test_github_admin import chromium_on, open_entry, with_test_backend
from helpers import REPO
from jdih.checks.browser import browser_rules
from jdih.checks.codes import CODES
from jdih.checks.context import CheckContext
from jdih.checks.limits import UNIT, check_limits, text_length, x_invalid_characters
from jdih.checks.media import check_media, inspect_image, media_types
from jdih.checks.messages import MESSAGES
from jdih.desk.github_admin import TWITTER_TEXT, page_settings
from jdih.links import post_url
from jdih.platforms import PlatformSpec
from jdih.post import Post, parse_post
from jdih.preview import compose_caption
from jdih.project import Project

HITUNG = REPO / "scripts" / "jdih" / "desk_assets" / "hitung-teks.js"
BUNDLE = DECAP_DIST.parent.parent / TWITTER_TEXT
HARNESS = Path(__file__).parent / "js" / "counts_harness.js"
SAMPLES = sorted((REPO / "content").glob("*/*/index.md"))
SITE = "https://kpu-kotawaringin-timur.github.io/jdih-medsos/"
built = test_github_admin.built  # the fixture: a real site build with the GitHub admin page

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
TRANS_FLAG = "\U0001f3f3\ufe0f\u200d\u26a7\ufe0f"  # 🏳️‍⚧️
TRICKY = [
    "",
    "Halo semua",
    f"Keluarga {FAMILY} datang ke TPS",
    FAMILY * 3,
    "Bendera \U0001f1ee\U0001f1e9 berkibar \U0001f1ee\U0001f1e9\U0001f1ee\U0001f1e9",  # 🇮🇩
    "Jempol \U0001f44d\U0001f3fd dan \U0001f44b\U0001f3ff dan \U0001f469\U0001f3fb\u200d\U0001f4bb",  # skin tones
    "Nomor 1\ufe0f\u20e3 2\ufe0f\u20e3 #\ufe0f\u20e3 *\ufe0f\u20e3",  # keycaps
    f"Bendera {TRANS_FLAG} dan \U0001f3f3\ufe0f\u200d\U0001f308",
    "Emoji baru \U0001faea \U0001fac6 \U0001f642\u200d\u2194\ufe0f \U0001f426\u200d\U0001f525",  # Unicode 15.1/16
    "選挙管理委員会のお知らせ 日本語テキスト",
    "한국어 선거 안내 및 중국어 选举",
    "Ca\u0301fe\u0301 e\u0301lite\u0300 na\u0303o",  # combining marks (NFD)
    "Caf\u00e9 \u00e9lit\u00e8 n\u00e3o",  # the same in NFC
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0915\u094d\u0937\u093f",  # Devanagari conjuncts
    "Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o",
    "Cek https://jdih.kpu.go.id/kalteng/kotim/ sekarang",
    "Cek http://jdih.kpu.go.id sekarang",
    "Cek jdih.kpu.go.id dan www.kpu.go.id/berita sekarang",
    "lihathttps://jdih.kpu.go.id/dokumen/123 ini",
    "Baca https://jdih.kpu.go.id/a/b. Lalu https://kpu.go.id/x, dan (https://kpu.go.id/y)!",
    "Tautan panjang https://example.com/" + "a" * 200 + "?q=1&r=2#bagian",
    "https://kpu.go.id/\u00e9l\u00e8ve?x=\u65e5\u672c",
    "HTTPS://KPU.GO.ID/BESAR dan Http://kpu.go.id",
    "Salam @jdihkpukotim dan @kpu_ri@mastodon.social serta @kpu.ri@kpu.go.id.",
    "email admin@kpu.go.id bukan sebutan; a=@nama juga; /@jalur",
    "/@kpu_ri@mastodon.social =@kpu_ri@mastodon.social x@kpu_ri@mastodon.social \u00e9@kpu_ri@mastodon.social",
    "@kpu_ri@mastodon.social. @kpu-ri@a.b @kpu..ri@x.y @KPU_RI@Mastodon.Social @\u212a@x.y",
    "Sebut @\u00e9l\u00e8ve@inst\u00e2nce.example dan @A_b-c.d@x.y",
    "#PemilihPemula #JDIHKPU #Pemilu2029 a#bukan &#123; ##ganda",
    "#\u30cf\u30c3\u30b7\u30e5\u30bf\u30b0 #Tag\u00e9",
    "Baris satu\r\nBaris dua\r\n\r\nBaris empat",
    "Baris satu\rBaris dua",
    "Baris \U0001f600\r\ndengan emoji\r\n",
    "\ufeffAwal dengan BOM dan di tengah \ufeff juga",
    "Karakter \ufffe dan \uffff ditolak X",
    "Spasi\u00a0tak\u2009putus\u3000dan\u200btanpa lebar\u2028baris",
    "Tab\tdan\x0bvertikal\x0cdan\x1cpemisah\x85NEL",
    "\u00a9 KPU \u00ae 2026 \u2122",
    "\u2764 \u2764\ufe0f \u263a \u263a\ufe0f \u2600",
    "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1 \U0001f46b "
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag sequence flag
    "\u0627\u0644\u0627\u0646\u062a\u062e\u0627\u0628\u0627\u062a \u200f\u0639\u0631\u0628\u064a",
    "\U0001d400\U0001d401 \U00020000\U0002a6d6",  # astral letters, CJK extension B
    "a\u0308\u0301\u20dd \u1100\u1161\u11a8 \u0e01\u0e33",  # enclosing mark, jamo, Thai sara am
    "x" * 279 + FAMILY,
    "Pemilu \U0001f5f3\ufe0f 2029: cek DPT di https://cekdptonline.kpu.go.id \U0001f50e #CekDPT @kpu_ri",
]


@cache
def project() -> Project:
    return Project(REPO)


@cache
def settings() -> dict[str, Any]:
    """The page settings exactly as the admin page's config.json carries them."""
    data: dict[str, Any] = json.loads(json.dumps(page_settings(project()), ensure_ascii=False))
    return data


def platforms() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = settings()["platform"]
    return data


def specs() -> dict[str, PlatformSpec]:
    return dict(project().platforms)


def run_js(cases: list[dict[str, str]], posts: list[dict[str, Any]], codepoints: bool = False,
           unassigned: list[int] | None = None, checks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The counter in node, loaded like the page loads it (bundle, then hitung-teks.js)."""
    node = shutil.which("node")
    if node is None or not BUNDLE.is_file():
        pytest.fail("node dan desk/node_modules/.jdih/twitter-text.js diperlukan: jalankan bash scripts/setup_env.sh")
    payload = json.dumps({"scripts": [str(BUNDLE), str(HITUNG)], "settings": settings(), "cases": cases,
                          "posts": posts, "codepoints": codepoints, "unassigned": unassigned,
                          "checks": checks or []}, default=str)
    done = subprocess.run([node, str(HARNESS)], input=payload, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def sample_texts() -> list[str]:
    """Every caption of every sample post: the body and each override, bare and as composed for each platform."""
    out: list[str] = []
    for path in SAMPLES:
        post = parse_post(path, path.read_text(encoding="utf-8"), REPO / "content")
        for spec in specs().values():
            out += [post.caption(spec.id), compose_caption(post, spec, SITE)]
    return list(dict.fromkeys(out))


# (text, platform) pairs where the browser's Unicode data and Python's disagree: none known.
# A pair listed here must really disagree (strict), so the list cannot go stale silently.
KNOWN_DISAGREEMENTS: set[tuple[str, str]] = set()


def test_every_text_counts_the_same_on_every_platform() -> None:
    texts = list(dict.fromkeys(TRICKY + [unicodedata.normalize("NFD", t) for t in TRICKY] + sample_texts()))
    cases = [{"platform": pid, "text": t} for t in texts for pid in specs()]
    result = run_js(cases, [])
    assert len(texts) >= 100 and len(cases) == len(texts) * len(specs())
    wrong = []
    for case, got in zip(cases, result["lengths"], strict=True):
        want = text_length(specs()[case["platform"]], case["text"])
        if got != want and (case["text"], case["platform"]) not in KNOWN_DISAGREEMENTS:
            wrong.append((case["platform"], case["text"][:60], want, got))
    assert not wrong, wrong
    for case, got in zip(cases, result["invalid"], strict=True):
        assert got == x_invalid_characters(case["text"]), case


def emoji_list() -> list[str]:
    """Every emoji of twitter-text-parser's list (emoji-test.txt, Emoji 12.0): fully, minimally and unqualified."""
    import twitter_text

    path = Path(twitter_text.__file__).parent / "regexp" / "emoji-test.txt"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if ";" in line and not line.startswith("#"):
            out.append("".join(chr(int(c, 16)) for c in line.split(";")[0].split()))
    return out


def test_every_emoji_of_the_checkers_list_counts_the_same() -> None:
    """The npm twitter-text's own parseTweet disagrees with the checker on about one emoji in five (twemoji-parser
    11 against the checker's Emoji 12.0 list); hitung-teks.js weighs by the checker's list."""
    emoji = emoji_list()
    assert len(emoji) > 3800
    texts = [f"a{e}" for e in emoji] + ["".join(emoji[i:i + 40]) for i in range(0, len(emoji), 40)]
    cases = [{"platform": pid, "text": t} for t in texts for pid in specs()]
    result = run_js(cases, [])
    wrong = [(c["platform"], c["text"], got) for c, got in zip(cases, result["lengths"], strict=True)
             if got != text_length(specs()[c["platform"]], c["text"])]
    assert not wrong, wrong[:20]


def test_the_rules_tell_the_tricky_texts_apart() -> None:
    """The tricky texts really exercise each rule: the platforms' counts of them differ where the rules do."""
    by_rule = {
        rule: [text_length(spec, t) for t in TRICKY]
        for rule, spec in {s.counting + str(s.text.get("tautan_dihitung")): s for s in specs().values()}.items()
    }
    counts = list(by_rule.values())
    assert len(counts) >= 4
    assert all(a != b for i, a in enumerate(counts) for b in counts[i + 1:])
    assert text_length(specs()["bluesky"], FAMILY) == 1 and text_length(specs()["threads"], FAMILY) > 20
    assert text_length(specs()["mastodon"], "@kpu_ri@mastodon.social https://kpu.go.id/" + "a" * 40) == 7 + 1 + 23
    people = "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1"  # Emoji 12.0, unknown to twemoji-parser 11
    assert text_length(specs()["x"], f"\u00a9 1\ufe0f\u20e3 {people}") == 2 + 1 + 2 + 1 + 2


def composed_post(body: str, teks: dict[str, str] | None = None, media: bool = False) -> Post:
    meta: dict[str, Any] = {"judul": "Uji", "platform": list(specs())}
    if teks is not None:
        meta["teks"] = teks
    if media:
        meta["media"] = [{"berkas": "a.jpg", "alt": "Gambar"}]
    text = "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n" + body + "\n"
    return parse_post(REPO / "content" / "2026" / "uji-hitung" / "index.md", text, REPO / "content")


def boundary_posts() -> list[Post]:
    """Bodies around each platform's limit minus the site link: the link goes in or stays out."""
    link = post_url(SITE, "2026/uji-hitung")
    posts = []
    for spec in specs().values():
        for media in (False, True):
            limit = int(spec.text.get("maks_dengan_gambar") or 0) if media else 0
            limit = limit or spec.max_chars
            room = limit - text_length(spec, "\n\n" + link)
            # twitter-text's URL extractor is quadratic on long runs of non-ASCII letters before a URL
            # (in both languages, seconds per text): the long limits are tried with ASCII only.
            units = ("a", "\u00e9", "\U0001f600", FAMILY, "\u65e5") if limit <= 1100 else ("a",)
            for unit in units:
                n = room // text_length(spec, unit)
                for k in (n, n + 1):
                    posts.append(composed_post(unit * max(k, 0) + " #Uji", media=media))
    posts.append(composed_post(FAMILY * 119, media=False))  # Bluesky: 119 graphemes, 2975 bytes
    posts.append(composed_post("Isi umum", {"x": "  Teks X khusus  ", "bluesky": ""}))
    posts.append(composed_post(f"Sudah ada tautannya: {link}", {"mastodon": f"Di sini {link} juga"}))
    posts.append(composed_post("   \n\n  "))
    return posts


def test_captions_are_composed_as_pratinjau_composes_them() -> None:
    posts = [parse_post(p, p.read_text(encoding="utf-8"), REPO / "content") for p in SAMPLES] + boundary_posts()
    data = [{"data": {"teks": p.meta.get("teks"), "media": p.meta.get("media"), "body": p.body},
             "link": post_url(SITE, p.id)} for p in posts]
    result = run_js([], data)
    linked = unlinked = 0
    for post, views in zip(posts, result["captions"], strict=True):
        for spec, got in zip(specs().values(), views, strict=True):
            want = compose_caption(post, spec, SITE)
            limit = (int(spec.text.get("maks_dengan_gambar") or 0) if post.media else 0) or spec.max_chars
            own = isinstance(post.meta.get("teks"), dict) and isinstance(post.meta["teks"].get(spec.id), str)
            assert got == {"text": want, "source": f"teks.{spec.id}" if own else "isi konten",
                           "length": text_length(spec, want), "limit": limit}, (post.id, spec.id)
            linked += want.endswith(post_url(SITE, post.id))
            unlinked += not want.endswith(post_url(SITE, post.id))
    assert linked > 50 and unlinked > 50  # both outcomes of "does the link still fit" are covered


def test_the_character_classes_match_python_on_every_code_point() -> None:
    """hitung-teks.js spells Python's \\s (str.isspace) and regex's \\w as Unicode classes."""
    result = run_js([], [], codepoints=True)
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert result["space"] == [ord(c) for c in chars if c.isspace()]
    word = regex.compile(r"\w")
    python_word = [ord(c) for c in chars if word.match(c)]
    # The regex module knows a newer Unicode than V8's ICU: its new letters are word characters only in
    # Python. Every difference must be a code point the JS engine has not assigned yet (and only those).
    differ = sorted(set(result["word"]) ^ set(python_word))
    assert set(differ) <= set(python_word)
    assert run_js([], [], unassigned=differ)["unassigned"] == differ


def test_the_page_settings_carry_the_rules_and_units() -> None:
    for item in platforms():
        spec = specs()[item["id"]]
        assert item["teks"] == spec.text and item["satuan"] == UNIT.get(spec.counting, "karakter")
    assert page_settings(project())["situs"] == project().site_url
    assert not re.search(r"\b(280|300|500|2200|63206|4096|1024|3000)\b", HITUNG.read_text(encoding="utf-8"))


BROWSER_BODY = (
    f"Keluarga {FAMILY} di TPS \U0001f1ee\U0001f1e9 1\ufe0f\u20e3 {TRANS_FLAG} \u00a9 \u2122 cek jdih.kpu.go.id dan "
    "https://kpu.go.id/x, lihathttps://kpu.go.id/y @kpu_ri@mastodon.social #Pemilu \u9078\u6319 Cafe\u0301"
)


def test_the_preview_pane_in_chromium_shows_the_checkers_counts(built: Path) -> None:
    """The built GitHub admin page (Decap's in-browser test backend instead of GitHub's API) opens a post with
    a tricky caption: each platform card shows the caption and the number `jdih pratinjau` computes."""
    rel = "content/2026/uji-hitung/index.md"
    text = ("---\njudul: Uji hitung\nkategori: pengumuman\nplatform: [x, threads, bluesky, mastodon, instagram]\n"
            f"---\n\n{BROWSER_BODY}\n")
    config = with_test_backend(built)
    tree = {"content": {"2026": {"uji-hitung": {"index.md": {"content": text, "path": rel}}}}}
    project_site = config["situs"]
    post = parse_post(REPO / rel, text, REPO / "content")
    want = {}
    for pid in post.platforms:
        caption = compose_caption(post, specs()[pid], project_site)
        want[pid] = (str(text_length(specs()[pid], caption)), caption)
    assert len({n for n, _ in want.values()}) >= 4  # the rules really differ on this text
    with chromium_on(built) as (page, base, errors):
        open_entry(page, base, config, tree, "2026/uji-hitung/index")
        pane = page.frame_locator("iframe").first
        pane.locator("[data-platform=x] .angka").wait_for(timeout=60_000)
        got = {pid: (pane.locator(f"[data-platform={pid}] .angka").inner_text(),
                     pane.locator(f"[data-platform={pid}] pre").inner_text()) for pid in want}
        units = {pid: pane.locator(f"[data-platform={pid}] .hitung").inner_text() for pid in want}
        page.set_viewport_size({"width": 1366, "height": 768})
        shot(page, "github-pratinjau-hitungan")
    assert not errors
    assert got == want
    for pid, line in units.items():
        assert f"/ {specs()[pid].max_chars} {UNIT.get(specs()[pid].counting, 'karakter')}" in line
        assert "perkiraan" not in line


# ---- periksa's caption and media findings in the browser (hitung-teks.js `check`) ----------------------------


def python_findings(post: Post, ctx: CheckContext) -> list[tuple[str, str, str]]:
    """What `jdih periksa` reports for the caption and the media of ``post`` (level, code, message)."""
    return sorted((f.level, f.code, f.message) for f in check_limits(ctx, post) + check_media(ctx, post))


def js_check_input(post: Post) -> dict[str, Any]:
    """The form's data as the pane has it (front matter keys and the body) and each media file's bytes."""
    files: dict[str, str | None] = {}
    for item in post.meta.get("media") or [] if isinstance(post.meta.get("media"), list) else []:
        name = item.get("berkas") if isinstance(item, dict) else None
        if isinstance(name, str) and name.strip() and "\x00" not in name:
            target = post.folder / name
            files[name] = base64.b64encode(target.read_bytes()).decode() if target.is_file() else None
    return {"data": {**post.meta, "body": post.body}, "files": files}


def tricky_images(folder: Path) -> dict[str, str]:
    """Real image files (Pillow) that trip each media check, and non-images: name -> what it trips."""
    folder.mkdir(parents=True, exist_ok=True)

    def save(name: str, size: tuple[int, int], fmt: str, mode: str = "RGB", **kw: Any) -> None:
        Image.new(mode, size, "white" if mode != "1" else 1).save(folder / name, fmt, **kw)

    save("foto.jpg", (1080, 1080), "JPEG")
    save("progresif.jpg", (800, 600), "JPEG", progressive=True)
    save("tinggi.png", (1080, 1350), "JPEG")  # JPEG bytes named .png
    save("lebar.jpg", (1000, 300), "JPEG")
    save("sempit.jpg", (1000, 8000), "JPEG")  # ratio exactly 0.125: periksa prints 0.12 (ties to even)
    save("panjang.png", (2200, 100), "PNG")
    save("kecil.png", (200, 250), "PNG")
    save("raksasa.png", (6000, 4500), "PNG", mode="1")
    save("bom.png", (10000, 9000), "PNG", mode="1")  # over Pillow's decompression-bomb limit
    save("animasi.gif", (400, 400), "GIF", mode="P")
    save("foto.webp", (500, 400), "WEBP")
    save("alfa.webp", (300, 301), "WEBP", mode="RGBA", lossless=True)
    save("pindai.tif", (640, 480), "TIFF")
    save("lama.bmp", (320, 200), "BMP")
    exif = Image.Exif()
    exif[0x010F] = "Kamera Kantor"  # Make: an APP1 segment before the frame
    save("exif.jpg", (640, 480), "JPEG", exif=exif)
    two = Image.new("RGB", (640, 480), "blue")
    save("kamera.jpg", (640, 480), "MPO", save_all=True, append_images=[two])  # a phone's photo: still a JPEG
    save("kamera-satu.jpg", (640, 480), "MPO")  # one picture: Pillow reads a JPEG
    noise = Image.frombytes("RGB", (1400, 1300), os.urandom(1400 * 1300 * 3))
    noise.save(folder / "besar.png", "PNG")  # ~5.5 MB: over X's 5 MB and Facebook's 4 MB; Bluesky compresses
    (folder / "rusak.jpg").write_bytes(b"bukan gambar, hanya teks")
    (folder / "gambar.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (folder / "salah.html").write_bytes((folder / "foto.jpg").read_bytes())
    return {p.name: p.name for p in folder.iterdir()}


def tricky_posts(root: Path) -> list[Post]:
    """Posts written to ``root``/content that trip every caption cap and media check periksa has."""
    content = root / "content"
    every = list(specs())
    names = sorted(tricky_images(content / "2026" / "uji-media"))
    fine = {"berkas": "foto.jpg", "alt": "Foto kegiatan"}
    tags = " ".join(f"#Tagar{i}" for i in range(6))
    people = " ".join(f"@akun{i}" for i in range(21))
    links = " ".join(f"https://kpu.go.id/{i}" for i in range(6))
    edge_tags = "#satu #dua #tiga #empat #lima #Cafe\u0301 #\u0663\u0664 a#b &#x ##c #_ #\u00e9t\u00e9"
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("uji-media", {"status": "sunting", "platform": every,
                       "media": [{"berkas": n, "alt": f"Gambar {n}"} for n in names]}, "Keterangan gambar."),
        ("uji-media", {"status": "sunting", "platform": ["instagram", "threads", "x"], "media": [fine]},
         f"{tags} {people} {links}"),
        ("uji-media", {"status": "sunting", "platform": ["instagram"], "teks": {"instagram": edge_tags}}, "Isi"),
        ("uji-media", {"status": "persetujuan", "platform": ["x", "bluesky"],
                       "media": [fine, {"berkas": "foto.jpg"}, {"berkas": "foto.webp", "alt": "  "},
                                 {"berkas": "lama.bmp", "alt": None}, {"berkas": "animasi.gif", "alt": 5}]},
         "Lima gambar untuk X."),
        ("uji-media", {"status": "sunting", "platform": ["x", "threads"],
                       "media": [{"berkas": n, "alt": "a"} for n in ("/mutlak.jpg", "../luar.jpg", "", "  ",
                                                                    "C:\\gambar.jpg", "sub/../x.jpg", "\\\\srv\\a.jpg",
                                                                    "tidak-ada.jpg", "FOTO.JPG", "tanpa-akhiran",
                                                                    "titik.", "sub/.", "a.JPG/")]
                                + [{"alt": "tanpa berkas"}, "bukan pemetaan", {"berkas": 7, "alt": "angka"}]},
         "Jalur."),
        ("uji-kosong", {"status": "sunting", "platform": ["instagram", "x", "tiktok"]}, ""),
        ("uji-kosong", {"status": "draf", "platform": ["instagram", "x"]}, ""),
        ("uji-kosong", {"platform": ["telegram", "instagram"]}, "a" * 1100),  # new desk entry: disposisi
        ("uji-kosong", {"status": "sunting", "platform": ["telegram"], "media": [fine]}, "a" * 1100),
        ("uji-kosong", {"status": "sunting", "platform": ["telegram"]}, "a" * 1100),
        ("uji-kosong", {"status": "tidak-dikenal", "platform": "x"}, "Karakter \ufeff dan \ufffe ditolak"),
        ("uji-kosong", {"status": "sunting", "platform": ["bluesky", "mastodon", "x", "tidak-ada"],
                        "teks": {"x": "   ", "mastodon": FAMILY * 600}}, FAMILY * 130),
        ("uji-kosong", {"status": "sunting", "platform": ["youtube", "x"], "media": "bukan daftar"}, "Video"),
    ]
    posts = []
    for slug, meta, body in cases:
        path = content / "2026" / slug / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "---\n" + json.dumps({"judul": "Uji", **meta}, ensure_ascii=False) + "\n---\n\n" + body + "\n"
        posts.append(parse_post(path, text, content))
    return posts


def test_periksa_findings_are_the_same_in_the_browser(tmp_path: Path) -> None:
    """For every sample post and every tricky case, hitung-teks.js `check` (the files read from their bytes)
    reports exactly the caption and media findings of `jdih periksa`: level, code and message."""
    ctx = CheckContext(project(), datetime(2026, 12, 1, tzinfo=UTC), decap_branch=True)
    samples = [parse_post(p, p.read_text(encoding="utf-8"), REPO / "content") for p in SAMPLES]
    posts = samples + tricky_posts(tmp_path)
    result = run_js([], [], checks=[js_check_input(p) for p in posts])
    codes: set[str] = set()
    for post, got in zip(posts, result["checks"], strict=True):
        want = python_findings(post, ctx)
        assert sorted((f["level"], f["code"], f["message"]) for f in got["findings"]) == want, post.path
        assert got["pending"] == []
        codes |= {code for _level, code, _message in want}
    # The cases really trip every caption cap and media check the browser can see (MEDIA-JALUR's symbolic
    # links and MEDIA-HILANG's "not a regular file" have no form in an upload).
    assert codes >= {c for c in CODES if c.startswith(("TEKS-", "MEDIA-"))}
    assert sum(len(got["findings"]) for got in result["checks"]) > 90


def test_the_browser_reads_each_image_format_as_pillow_does(tmp_path: Path) -> None:
    """Format and size from the bytes (the pane's reading of an upload) equal Pillow's, for every format of
    `jenis_media`."""
    folder = tmp_path / "gambar"
    tricky_images(folder)
    files = sorted(p for p in folder.iterdir())
    data = {"platform": [], "media": [{"berkas": p.name, "alt": "a"} for p in files]}
    result = run_js([], [], checks=[{"data": data, "files": {
        p.name: base64.b64encode(p.read_bytes()).decode() for p in files}}])
    got = result["checks"][0]["images"]
    formats = set()
    for p in files:
        info = inspect_image(CheckContext(project(), datetime(2026, 12, 1, tzinfo=UTC)), p)
        if isinstance(info, str):
            assert got[p.name] == info, p.name
        else:
            assert got[p.name] == {"format": info.format, "width": info.width, "height": info.height,
                                   "size": info.size}, p.name
            formats.add(info.format)
    assert formats == set(browser_rules(project())["jenisMedia"])


def test_the_hashtag_class_matches_python_re_on_every_code_point() -> None:
    """The hashtag and mention expressions use Python `re`'s \\w (str.isalnum() or "_"), spelled as a Unicode
    class: equal on every code point both Unicode versions know."""
    result = run_js([], [], codepoints=True)
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    python_word = {ord(c) for c in chars if re.match(r"\w", c)}
    differ = sorted(set(result["reWord"]) ^ python_word)
    # node's ICU knows a newer Unicode than this Python: its new letters are word characters only in JS.
    assert set(differ) <= set(result["reWord"])
    assert all(unicodedata.category(chr(c)) == "Cn" for c in differ), [hex(c) for c in differ[:10]]


def test_the_page_settings_carry_the_media_rules() -> None:
    rules = settings()["periksa"]
    assert rules == json.loads(json.dumps(browser_rules(project()), ensure_ascii=False))
    assert rules["jenisMedia"] == {k: list(v) for k, v in media_types(REPO).items()}
    for item in platforms():
        assert item["media"] == specs()[item["id"]].media
    script = HITUNG.read_text(encoding="utf-8")
    assert not re.search(r"\b(8388608|5242880|1\.91|0\.8|320|10000)\b", script)
    # The wording too comes from periksa's templates (jdih.checks.messages), not from the script.
    assert rules["pesan"] == MESSAGES
    assert not [w for w in ("melebihi batas", "teks alternatif", "folder konten", "berformat", "piksel")
                if w in script]
