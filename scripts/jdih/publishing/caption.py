"""The caption sent to each platform, measured the way the platform counts it.

Caption = the post's ``teks.<platform>`` override or its body, plus the canonical link to the
post's page on the JDIH site (:func:`jdih.links.post_url`) on its own paragraph when the result
still fits the platform's limit (the link is also how a later run recognises the post on the
platform). A caption that does not fit even without the link is refused, never cut.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from ..errors import ChannelError
from ..platforms import PlatformSpec

_URL = re.compile(r"https?://\S+")


# How each `hitung` mode of sop/platform.yml is named to a user.
UNITS = {
    "karakter": "karakter",
    "x-berbobot": "karakter menurut hitungan X (tautan = 23, emoji = 2)",
    "grafem": "karakter (grafem)",
    "karakter-emoji-byte": "karakter (emoji dihitung per byte)",
}


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or unicodedata.category(ch) == "So"


# twitter-text v3 config: weight 100 (counts 1) for these code point ranges, 200 (counts 2) otherwise.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_URL_LENGTH = 23


def x_weighted_length(text: str) -> int:
    """X's weighted length (twitter-text v3): NFC; URLs count 23; an emoji (a grapheme with an
    emoji code point) counts 2; other code points 1 inside the light ranges, else 2.

    Implemented here from the published config instead of importing ``twitter-text-parser``,
    whose import compiles an emoji regex for ~2 s on every run.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for m in _URL.finditer(text):
        total += _weigh(text[pos : m.start()]) + _X_URL_LENGTH
        pos = m.end()
    return total + _weigh(text[pos:])


def _weigh(text: str) -> int:
    total = 0
    for grapheme in regex.findall(r"\X", text):
        if any(_is_emoji(ch) and ord(ch) > 0x2000 for ch in grapheme):
            total += 2
            continue
        for ch in grapheme:
            cp = ord(ch)
            total += 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2
    return total


def length(text: str, spec: PlatformSpec) -> int:
    """Length of ``text`` in ``spec``'s counting unit (``hitung`` in sop/platform.yml)."""
    counting = spec.counting
    if counting == "x-berbobot":
        return x_weighted_length(text)
    if counting == "grafem":
        return len(regex.findall(r"\X", text))
    if counting == "karakter-emoji-byte":
        return sum(len(ch.encode("utf-8")) if _is_emoji(ch) else 1 for ch in text)
    per_url = spec.teks.get("tautan_dihitung")
    if per_url:
        return len(_URL.sub("x" * int(per_url), text))
    return len(text)


def limit(spec: PlatformSpec, has_images: bool) -> int:
    """The text limit (a tighter one for captions of images where the platform has one)."""
    if has_images and spec.teks.get("maks_dengan_gambar"):
        return int(spec.teks["maks_dengan_gambar"])
    return spec.max_chars


def fits(text: str, spec: PlatformSpec, has_images: bool) -> bool:
    """True when ``text`` is within every text limit of ``spec``."""
    maks = limit(spec, has_images)
    if maks and length(text, spec) > maks:
        return False
    max_bytes = spec.teks.get("maks_byte")
    return not (max_bytes and len(text.encode("utf-8")) > int(max_bytes))


def compose(body: str, link: str | None, spec: PlatformSpec, has_images: bool) -> tuple[str, bool]:
    """(caption, link_included). Raises ChannelError(gagal) when even the bare body is too long."""
    body = body.strip()
    if link and link not in body:
        with_link = f"{body}\n\n{link}" if body else link
        if fits(with_link, spec, has_images):
            return with_link, True
    elif link and link in body and fits(body, spec, has_images):
        return body, True
    if fits(body, spec, has_images):
        return body, False
    unit = UNITS.get(spec.counting, "karakter")
    maks = limit(spec, has_images)
    n = length(body, spec)
    if maks and n > maks:
        why = f"teks terlalu panjang: {n} {unit}, batas {maks}" + (" untuk keterangan gambar" if has_images and
                                                                   maks != spec.max_chars else "")
    else:
        why = f"teks terlalu panjang: {len(body.encode('utf-8'))} byte, batas {spec.teks.get('maks_byte')} byte"
    raise ChannelError(
        f"{spec.nama}: {why}",
        kanal=spec.id,
        jenis="gagal",
        saran=f"Isi `teks.{spec.id}` yang lebih pendek di front matter pos (lewat pull request).",
    )
