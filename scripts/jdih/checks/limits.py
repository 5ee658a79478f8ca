"""Caption limits per platform, counted the way each platform counts (``sop/platform.yml``).

``teks.hitung`` names the counting rule:

- ``karakter``: Unicode code points; with ``tautan_dihitung: N`` every http(s) URL counts N.
- ``x-berbobot``: twitter-text v3 weighted length (``twitter-text-parser``): most Latin text
  weighs 1, CJK and emoji 2, every URL 23, after NFC normalisation. Validity follows
  twitter-text's ``parseTweet`` too: a text holding one of its invalid characters (U+FFFE,
  U+FEFF byte-order mark, U+FFFF; ``twitter_text.regexp.invalid_chars``) is refused by X
  whatever its length (finding ``TEKS-KARAKTER``).
- ``mastodon``: what Mastodon's ``StatusLengthValidator`` counts (mastodon/mastodon,
  ``app/validators/status_length_validator.rb``): extended grapheme clusters
  (``each_grapheme_cluster``: 🏳️‍⚧️ or 🇮🇩 is 1), after rewriting the entities Mastodon would
  link: every http(s) URL found by the twitter-text extractor (so not one glued to a word, as
  in ``lihathttps://…``) becomes ``tautan_dihitung`` characters (23, the instance's
  ``characters_reserved_per_url``), and a mention ``@user@instance`` counts as ``@user``
  (``Account::MENTION_RE``); overlapping entities keep the first.
- ``grafem``: user-perceived characters (Unicode grapheme clusters, ``regex`` ``\\X``), as
  Bluesky counts; ``maks_byte`` caps the UTF-8 size too.
- ``karakter-emoji-byte``: characters, with every emoji code point counted as its UTF-8
  bytes (Threads).

Counting is cached per (rule, text): the same caption usually goes to several platforms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from dataclasses import replace
from typing import Any

import regex

from ..findings import Finding, error
from ..platforms import PlatformSpec
from ..post import Post
from .context import CheckContext
from .messages import message

URL_RE = re.compile(r"https?://[^\s<>\"']+")
HASHTAG_RE = re.compile(r"(?<![\w#&])#\w+")
MENTION_RE = re.compile(r"(?<![\w@])@[\w.]+")
GRAPHEME_RE = regex.compile(r"\X")
# Mastodon's Account::MENTION_RE: @username, optionally @domain; not after "=", "/" or a word character.
MASTODON_MENTION_RE = regex.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\w.-]+\w+)?", regex.IGNORECASE)
EMOJI_CP_RE = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3]")

# No emoji exists below U+2000 except © and ®; keycaps need U+20E3. Texts without these
# cannot contain an emoji, so twitter-text's slow emoji scan can be skipped exactly.
_MAYBE_EMOJI_RE = re.compile("[\u00a9\u00ae\u2000-\U0010ffff]")
_LINE_END_RE = re.compile(r"\r\n|\r")

UNIT = {
    "karakter": "karakter",
    "x-berbobot": "karakter berbobot",
    "grafem": "grafem",
    "karakter-emoji-byte": "karakter (emoji dihitung per bita)",
    "mastodon": "karakter",
}


class _TwitterText:
    """twitter-text and the weights derived from its config, loaded on first use: importing it takes
    0.5–2 s, which a site build or a `jdih` command that counts no X text should not pay."""

    def __init__(self) -> None:
        with warnings.catch_warnings():
            # twitter-text-parser imports pkg_resources, which warns that it is deprecated: not the user's concern.
            warnings.filterwarnings("ignore", category=UserWarning, message=".*pkg_resources.*")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            from twitter_text import parse_tweet
            from twitter_text.config import config
            from twitter_text.extract_urls import extract_urls_with_indices
            from twitter_text.regexp.invalid_chars import invalid_chars
        self.parse_tweet = parse_tweet
        self.extract_urls_with_indices = extract_urls_with_indices
        self.invalid_re = invalid_chars
        tt = config["defaults"]
        scale = int(tt["scale"])
        self.url_length = int(tt["transformed_url_length"])
        # Characters twitter-text weighs more than 1 (outside its light ranges); built from its config.
        self.heavy_re = re.compile(
            "[^" + "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in tt["ranges"] if r["weight"] == scale) + "]"
        )
        self.heavy_weight = int(tt["default_weight"]) // scale


@functools.cache
def _tt() -> _TwitterText:
    return _TwitterText()


def x_weighted_length(text: str) -> int:
    """twitter-text v3 weighted length of ``text`` (exactly what ``parse_tweet`` returns).

    Texts that cannot contain emoji take a fast path (same URL extractor and weights,
    vectorised); others go through ``parse_tweet`` itself.
    """
    tt = _tt()
    normalized = _LINE_END_RE.sub("\n", unicodedata.normalize("NFC", text))
    if _MAYBE_EMOJI_RE.search(normalized) is None:
        urls = tt.extract_urls_with_indices(normalized)
        length = len(normalized)
        heavy = len(tt.heavy_re.findall(normalized))
        for u in urls:
            start, end = u["indices"]
            span = normalized[start:end]
            length -= len(span)
            heavy -= len(tt.heavy_re.findall(span))
        return length + heavy * (tt.heavy_weight - 1) + tt.url_length * len(urls)
    return int(tt.parse_tweet(text).weightedLength)


def x_invalid_characters(text: str) -> list[str]:
    """The characters of ``text`` that twitter-text (and so X) rejects, once each, in order."""
    return list(dict.fromkeys(_tt().invalid_re.findall(text)))


def mastodon_length(text: str, url_weight: int = 23) -> int:
    """Length as Mastodon's ``StatusLengthValidator`` counts it (see module docstring)."""
    entities = [(u["indices"][0], u["indices"][1], "x" * url_weight)
                for u in _tt().extract_urls_with_indices(text, extract_urls_without_protocol=False)]
    entities += [(m.start(), m.end(), "@" + m.group(1)) for m in MASTODON_MENTION_RE.finditer(text)]
    parts: list[str] = []
    pos = 0
    for start, end, replacement in sorted(entities):
        if start < pos:  # overlaps an entity already rewritten
            continue
        parts += [text[pos:start], replacement]
        pos = end
    parts.append(text[pos:])
    return grapheme_length("".join(parts))


def x_weighted_upper_bound(text: str) -> int | None:
    """A cheap upper bound of :func:`x_weighted_length`, or None when none is cheap.

    Without emoji, every code point weighs 1 or 2 and every URL 23; a URL holds at least
    one dot and four characters ("a.co"), so it adds at most 19 over its own length.
    """
    normalized = unicodedata.normalize("NFC", text)
    if _MAYBE_EMOJI_RE.search(normalized) is not None:
        return None
    tt = _tt()
    return len(normalized) + len(tt.heavy_re.findall(normalized)) + (tt.url_length - 4) * normalized.count(".")


def grapheme_length(text: str) -> int:
    """User-perceived characters (grapheme clusters)."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(GRAPHEME_RE.findall(text))


def emoji_byte_length(text: str) -> int:
    """Characters with every emoji code point counted as its UTF-8 bytes (Threads)."""
    if _MAYBE_EMOJI_RE.search(text) is None:
        return len(text)
    emoji = EMOJI_CP_RE.findall(text)
    return len(text) - len(emoji) + sum(len(e.encode("utf-8")) for e in emoji)


def char_length(text: str, url_weight: int | None) -> int:
    """Code points, each http(s) URL counted ``url_weight`` when given."""
    if url_weight is None:
        return len(text)
    urls = URL_RE.findall(text)
    return len(text) - sum(len(u) for u in urls) + url_weight * len(urls)


def text_length(spec: PlatformSpec, text: str) -> int:
    """Length of ``text`` by ``spec``'s counting rule: the one counter checks, preview and publishing share."""
    method = spec.counting
    if method == "x-berbobot":
        return x_weighted_length(text)
    if method == "grafem":
        return grapheme_length(text)
    if method == "karakter-emoji-byte":
        return emoji_byte_length(text)
    if method == "mastodon":
        return mastodon_length(text, int(spec.text.get("tautan_dihitung") or 23))
    url_weight = spec.text.get("tautan_dihitung")
    return char_length(text, int(url_weight) if url_weight else None)


def measure(ctx: CheckContext, spec: PlatformSpec, text: str) -> int:
    """:func:`text_length`, cached per rule and text for one run."""
    key = (f"{spec.counting}:{spec.text.get('tautan_dihitung')}", text)
    return int(ctx.cached(ctx.text_cache, key, lambda: text_length(spec, text)))


def check_limits(ctx: CheckContext, post: Post) -> list[Finding]:
    """Caption length, byte size, hashtag, mention and link caps for every listed platform."""
    out: list[Finding] = []
    f = str(post.path)
    texts = post.meta.get("teks")
    has_media = isinstance(post.meta.get("media"), list) and bool(post.meta["media"])
    # Before the draft exists (disposisi, draf) or once cancelled, an empty caption is no error.
    required = ctx.sop.content_required(ctx.status_of(post))
    for spec in ctx.listed_platforms(post):
        pid = spec.id
        own = isinstance(texts, dict) and isinstance(texts.get(pid), str)
        text = post.caption(pid)
        source = f"teks.{pid}" if own else "isi konten"
        found = _check_text(ctx, spec, text, has_media or not required, f, None, source)
        if found:  # line numbers cost a YAML walk: only look them up for a finding
            line = post.line("teks", pid) if own else _first_body_line(post)
            found = [replace(x, line=line) for x in found]
        out.extend(found)
    return out


def _first_body_line(post: Post) -> int:
    """Line of the caption's first non-blank line (the body starts after a blank line)."""
    body = post.body
    stripped = body.lstrip("\r\n")
    return post.body_line + body[: len(body) - len(stripped)].count("\n")


def _check_text(
    ctx: CheckContext, spec: PlatformSpec, text: str, has_media: bool, f: str, line: int | None, source: str
) -> list[Finding]:
    out: list[Finding] = []
    t: dict[str, Any] = spec.text
    if not text:
        if not has_media:
            out.append(error(f, line, "TEKS-KOSONG", message("TEKS-KOSONG", platform=spec.name, source=source)))
        return out
    if spec.counting == "x-berbobot":
        bad = x_invalid_characters(text)
        if bad:
            names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'tanpa nama')}" for c in bad)
            out.append(error(f, line, "TEKS-KARAKTER",
                             message("TEKS-KARAKTER", platform=spec.name, source=source, chars=names)))
    limit = int(t.get("maks_dengan_gambar", 0)) if has_media and t.get("maks_dengan_gambar") else spec.max_chars
    if limit and not (spec.counting == "x-berbobot" and (x_weighted_upper_bound(text) or limit + 1) <= limit):
        n = measure(ctx, spec, text)
        if n > limit:
            why = message("TEKS-PANJANG-gambar") if has_media and t.get("maks_dengan_gambar") else ""
            out.append(error(f, line, "TEKS-PANJANG",
                             message("TEKS-PANJANG", platform=spec.name, source=source, length=n,
                                     unit=UNIT.get(spec.counting, "karakter"), limit=limit, why=why)))
    max_bytes = t.get("maks_byte")
    if max_bytes:
        size = len(text.encode("utf-8"))
        if size > int(max_bytes):
            out.append(error(f, line, "TEKS-BITA",
                             message("TEKS-BITA", platform=spec.name, source=source, size=size, limit=max_bytes)))
    if t.get("maks_tagar") is not None:
        tags = HASHTAG_RE.findall(text)
        if len(tags) > int(t["maks_tagar"]):
            out.append(error(f, line, "TEKS-TAGAR", message("TEKS-TAGAR", platform=spec.name, source=source,
                                                            count=len(tags), limit=t["maks_tagar"])))
    if t.get("maks_sebutan") is not None:
        mentions = MENTION_RE.findall(text)
        if len(mentions) > int(t["maks_sebutan"]):
            out.append(error(f, line, "TEKS-SEBUTAN", message("TEKS-SEBUTAN", platform=spec.name, source=source,
                                                              count=len(mentions), limit=t["maks_sebutan"])))
    if t.get("maks_tautan") is not None:
        links = URL_RE.findall(text)
        if len(links) > int(t["maks_tautan"]):
            out.append(error(f, line, "TEKS-TAUTAN", message("TEKS-TAUTAN", platform=spec.name, source=source,
                                                             count=len(links), limit=t["maks_tautan"])))
    return out
