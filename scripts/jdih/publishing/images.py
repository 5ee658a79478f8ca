"""Per-platform image conversion with Pillow, cached under ``.jdih/gambar/<platform>/``.

Every platform gets a JPEG (alpha flattened on white) within its limits: Instagram within
4:5..1.91:1 (padded, never cropped, so no text of an infographic is lost) and at most 1440 px
wide; Bluesky under 1,000,000 bytes; X under 5 MB; Telegram width+height ≤ 10,000; Facebook
under 4 MB. A file that already conforms is used *unchanged*, so its content address (and the
public URL the site serves it at, :func:`jdih.links.media_url`) stays that of the original.
Conversion is deterministic (same input, same bytes), so the site build can produce the same
variants for the platforms that pull images by URL (see :func:`public_variants`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..channels.base import Image
from ..errors import ChannelError
from ..links import file_digest, media_url
from ..post import MediaItem, Post, atomic_write

VIDEO_SUFFIXES = {".mp4": "video/mp4", ".mov": "video/quicktime"}
PULLS_BY_URL = ("instagram", "threads", "tiktok")


@dataclass(frozen=True)
class Rules:
    """Limits one platform puts on an image."""

    max_bytes: int = 5_000_000
    max_width: int = 4096
    max_side_sum: int = 0
    min_ratio: float = 0.0  # width / height
    max_ratio: float = 0.0


RULES = {
    "instagram": Rules(max_bytes=8_000_000, max_width=1440, min_ratio=0.8, max_ratio=1.91),
    "threads": Rules(max_bytes=8_000_000, max_width=1440, min_ratio=0.1, max_ratio=10.0),
    "facebook": Rules(max_bytes=4_000_000, max_width=2048),
    "x": Rules(max_bytes=5_000_000, max_width=4096),
    "bluesky": Rules(max_bytes=999_000, max_width=2000),
    "mastodon": Rules(max_bytes=8_000_000, max_width=4096),
    "telegram": Rules(max_bytes=10_000_000, max_width=4096, max_side_sum=10_000, min_ratio=0.05, max_ratio=20.0),
    "tiktok": Rules(max_bytes=20_000_000, max_width=1920),
}
DEFAULT_RULES = Rules()


def _conforms(data: bytes, rules: Rules) -> bool:
    from PIL import Image as PILImage

    if len(data) > rules.max_bytes:
        return False
    with PILImage.open(io.BytesIO(data)) as im:
        if im.format != "JPEG" or im.mode not in ("RGB", "L"):
            return False
        w, h = im.size
    ratio = w / h
    if w > rules.max_width or (rules.max_side_sum and w + h > rules.max_side_sum):
        return False
    too_tall = bool(rules.min_ratio) and ratio < rules.min_ratio
    too_wide = bool(rules.max_ratio) and ratio > rules.max_ratio
    return not (too_tall or too_wide)


def convert(data: bytes, rules: Rules) -> bytes:
    """The image as a JPEG within ``rules`` (``data`` itself when it already conforms)."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    if _conforms(data, rules):
        return data
    with PILImage.open(io.BytesIO(data)) as opened:
        src: PILImage.Image = ImageOps.exif_transpose(opened) or opened
        if src.mode in ("RGBA", "LA", "P"):
            rgba = src.convert("RGBA")
            img = PILImage.new("RGB", rgba.size, "white")
            img.paste(rgba, mask=rgba.getchannel("A"))
        else:
            img = src.convert("RGB")
    w, h = img.size
    # Pad to a ratio slightly inside the limit so rounding in the later resize cannot cross it.
    if rules.min_ratio and w / h < rules.min_ratio:  # too tall: pad left/right
        new_w = int(h * rules.min_ratio * 1.01 + 1)
        canvas = PILImage.new("RGB", (new_w, h), "white")
        canvas.paste(img, ((new_w - w) // 2, 0))
        img = canvas
    elif rules.max_ratio and w / h > rules.max_ratio:  # too wide: pad top/bottom
        new_h = int(w / (rules.max_ratio * 0.99) + 1)
        canvas = PILImage.new("RGB", (w, new_h), "white")
        canvas.paste(img, (0, (new_h - h) // 2))
        img = canvas
    w, h = img.size
    scale = min(1.0, rules.max_width / w)
    if rules.max_side_sum and (w + h) * scale > rules.max_side_sum:
        scale = rules.max_side_sum / (w + h)
    if scale < 1.0:
        img = img.resize((max(1, int(w * scale)), max(1, int(h * scale))), PILImage.Resampling.LANCZOS)
    quality = 90
    while True:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        out = buf.getvalue()
        if len(out) <= rules.max_bytes or quality <= 40:
            break
        quality -= 10
    while len(out) > rules.max_bytes:  # still too big at low quality: shrink
        img = img.resize((max(1, img.width * 3 // 4), max(1, img.height * 3 // 4)), PILImage.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        out = buf.getvalue()
    return out


def prepare(post: Post, platform: str, cache: Path, site_url: str, *, write: bool = True) -> tuple[Image, ...]:
    """The post's media ready for ``platform`` (converted and cached; videos as they are).

    With ``write=False`` (dry run) nothing is converted or written: the originals are described.
    """
    out: list[Image] = []
    rules = RULES.get(platform, DEFAULT_RULES)
    for item in post.media:
        src = _source(post, item, platform)
        alt = item.alt or ""
        suffix = src.suffix.lower()
        if suffix in VIDEO_SUFFIXES:
            out.append(Image(src, alt, None, VIDEO_SUFFIXES[suffix]))
            continue
        if platform == "youtube":
            continue  # YouTube takes videos only
        if not write:
            _readable(post, item, platform, src)  # a dry run must reveal what the real run would refuse
            out.append(Image(src, alt, None, "image/jpeg"))
            continue
        data = src.read_bytes()
        try:
            converted = convert(data, rules)
        except (OSError, ValueError) as exc:  # PIL: UnidentifiedImageError is an OSError; bombs are ValueErrors
            raise _media_error(post, item, platform, "bukan gambar yang dapat dibaca") from exc
        digest = hashlib.sha256(converted).hexdigest()
        if converted is data:
            path, ext = src, suffix
        else:
            ext = ".jpg"
            path = cache / platform / f"{digest[:32]}{ext}"
            if not _holds(path, converted):  # the cache is untrusted: a planted file is replaced
                atomic_write(path, converted)
        public = media_url(site_url, digest, ext) if platform in PULLS_BY_URL else None
        out.append(Image(path, alt, public, "image/jpeg"))
    return tuple(out)


def _holds(path: Path, data: bytes) -> bool:
    """True when ``path`` is a regular file (not a symlink) holding exactly ``data``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return False
        return fh.read(len(data) + 1) == data


def _where(post: Post, item: MediaItem) -> str:
    """``content/<tahun>/<slug>/index.md:<line>`` of a media entry, for messages."""
    path = post.path
    if post.content_root is not None:
        with contextlib.suppress(ValueError):  # outside the project: keep the absolute path
            path = path.relative_to(post.content_root.parent)
    line = post.line("media", item.index, "berkas")
    return f"{path.as_posix()}:{line}" if line else path.as_posix()


def _media_error(post: Post, item: MediaItem, platform: str, why: str) -> ChannelError:
    fix = (
        "ganti dengan gambar JPEG/PNG yang utuh"
        if why.startswith("bukan")
        else "berkas harus ada di folder pos yang sama"
    )
    return ChannelError(
        f"berkas media '{item.path}' {why}",
        channel=platform,
        kind="gagal",
        hint=f"Periksa daftar `media` di {_where(post, item)}: {fix}.",
    )


def _source(post: Post, item: MediaItem, platform: str) -> Path:
    """The media file, refused when missing or outside the post folder (``../`` must never make us
    upload an arbitrary file of the machine to a public account)."""
    src = post.media_path(item)
    try:
        src.resolve().relative_to(post.folder.resolve())
    except ValueError:
        raise _media_error(post, item, platform, "berada di luar folder pos") from None
    if not src.is_file():
        raise _media_error(post, item, platform, "tidak ditemukan")
    return src


def _readable(post: Post, item: MediaItem, platform: str, src: Path) -> None:
    """Refuse a file Pillow cannot identify (reads only the header)."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(src) as im:
            im.size  # noqa: B018 - forces the header to be parsed
    except (OSError, ValueError):
        raise _media_error(post, item, platform, "bukan gambar yang dapat dibaca") from None


def public_variants(post: Post) -> list[tuple[str, bytes]]:
    """(site-relative path, bytes) of converted images that platforms pull by URL and that differ
    from the originals; the site build serves them beside the originals under ``/m/``."""
    out: list[tuple[str, bytes]] = []
    for item in post.media:
        out.extend(file_variants(post.media_path(item)))
    return out


def file_variants(src: Path) -> list[tuple[str, bytes]]:
    """:func:`public_variants` for one image file (nothing for videos or missing files)."""
    from ..links import media_path

    if src.suffix.lower() in VIDEO_SUFFIXES or not src.is_file():
        return []
    data = src.read_bytes()
    out: list[tuple[str, bytes]] = []
    for platform in PULLS_BY_URL:
        converted = convert(data, RULES[platform])
        if converted is not data:
            out.append((media_path(hashlib.sha256(converted).hexdigest(), ".jpg"), converted))
    return out


__all__ = ["RULES", "Rules", "convert", "file_digest", "file_variants", "prepare", "public_variants"]
