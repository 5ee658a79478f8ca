"""The caption sent to each platform, measured the way the platform counts it.

Caption = the post's ``teks.<platform>`` override or its body, plus the canonical link to the
post's page on the JDIH site (:func:`jdih.links.post_url`) on its own paragraph when the result
still fits the platform's limit (the link is also how a later run recognises the post on the
platform). A caption that does not fit even without the link is refused, never cut.
"""

from __future__ import annotations

from ..checks.limits import text_length, x_weighted_length
from ..errors import ChannelError
from ..platforms import PlatformSpec

# How each `hitung` mode of sop/platform.yml is named to a user.
UNITS = {
    "karakter": "karakter",
    "x-berbobot": "karakter menurut hitungan X (tautan = 23, emoji = 2)",
    "grafem": "karakter (grafem)",
    "karakter-emoji-byte": "karakter (emoji dihitung per byte)",
}


def length(text: str, spec: PlatformSpec) -> int:
    """Length of ``text`` in ``spec``'s counting unit: the same counter ``jdih periksa`` uses."""
    return text_length(spec, text)


def limit(spec: PlatformSpec, has_images: bool) -> int:
    """The text limit (a tighter one for captions of images where the platform has one)."""
    if has_images and spec.text.get("maks_dengan_gambar"):
        return int(spec.text["maks_dengan_gambar"])
    return spec.max_chars


def fits(text: str, spec: PlatformSpec, has_images: bool) -> bool:
    """True when ``text`` is within every text limit of ``spec``."""
    max_length = limit(spec, has_images)
    if max_length and length(text, spec) > max_length:
        return False
    max_bytes = spec.text.get("maks_byte")
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
    max_length = limit(spec, has_images)
    n = length(body, spec)
    if max_length and n > max_length:
        why = f"teks terlalu panjang: {n} {unit}, batas {max_length}" + (" untuk keterangan gambar" if has_images and
                                                                   max_length != spec.max_chars else "")
    else:
        why = f"teks terlalu panjang: {len(body.encode('utf-8'))} byte, batas {spec.text.get('maks_byte')} byte"
    raise ChannelError(
        f"{spec.name}: {why}",
        channel=spec.id,
        kind="gagal",
        hint=f"Isi `teks.{spec.id}` yang lebih pendek di front matter pos (lewat pull request).",
    )


__all__ = ["UNITS", "compose", "fits", "length", "limit", "x_weighted_length"]
