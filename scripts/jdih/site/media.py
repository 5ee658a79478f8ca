"""Media on the site: which files may be served, under which name, and the home-page thumbnails.

Media files come from untrusted content. A file is served only when its bytes are a JPEG,
PNG, WebP or GIF image (checked by signature and by Pillow) AND its extension is one of that
format's own extensions; the site name then keeps that extension, so a file is always served
with the type its content has (a JPEG named ``infografis.html`` is never served, and SVG/HTML
never are). The copying itself is :func:`place`; thumbnails are cached by content hash.
"""

from __future__ import annotations

import io
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_write

# Format (as Pillow names it) -> extensions that format may carry. Each of them is served by
# GitHub Pages (and any static server) as the image type of that format.
ALLOWED: dict[str, tuple[str, ...]] = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
THUMB_WIDTH = 480  # small copy for phones (srcset) and home cards; whole image, height follows the ratio
CARD_WIDTH = 320  # home cards at ordinary screen density


@dataclass(frozen=True)
class Checked:
    """An image that may be served: its site extension and pixel size."""

    ext: str
    width: int
    height: int


def sniff(head: bytes) -> str | None:
    """Format of an image from its first bytes (JPEG, PNG, WEBP, GIF), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def check(path: Path) -> Checked | str:
    """The file as a servable image, or an Indonesian reason why it may not be served."""
    ext = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"tidak dapat dibaca ({exc.strerror})"
    fmt = sniff(head)
    if fmt is None:
        return "bukan gambar JPEG, PNG, WebP atau GIF"
    if ext not in ALLOWED[fmt]:
        return f"isinya {fmt} tetapi ekstensinya '{ext or '(tanpa ekstensi)'}'"
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.format != fmt:
                    return f"isinya tidak dikenali sebagai {fmt}"
                width, height = img.size
    except Exception:  # Pillow raises many types for junk; each means "not a servable image"
        return "bukan gambar yang dapat dibuka"
    return Checked(ext, int(width), int(height))


def place(src: Path, dest: Path) -> None:
    """Put ``src`` at ``dest`` in the output: a hard link when possible (instant), else a copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except FileExistsError:
        return  # content-addressed: same name, same bytes
    except OSError:
        tmp = dest.with_name(dest.name + ".tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)


def thumb_size(width: int, height: int, target: int = THUMB_WIDTH) -> tuple[int, int]:
    """Size of the ``target``-wide WebP copy of a ``width`` x ``height`` image (never enlarged)."""
    w = min(target, width)
    return w, max(1, round(height * w / width))


def make_thumb(src: Path, dest: Path, target: int = THUMB_WIDTH) -> None:
    """Write the WebP copy of ``src`` (whole image, scaled to ``target`` pixels wide)."""
    from PIL import Image

    with Image.open(src) as img:
        rgb = img.convert("RGB")
        small = rgb.resize(thumb_size(*rgb.size, target), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, "WEBP", quality=70, method=4)
    atomic_write(dest, buf.getvalue())


def make_preview(src: Path, dest: Path, size: tuple[int, int]) -> None:
    """Write the link-preview JPEG of ``src`` at ``size`` (whole image; JPEG is what every
    messenger's preview takes)."""
    from PIL import Image

    with Image.open(src) as img:
        small = img.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=80, optimize=True, progressive=True)
    atomic_write(dest, buf.getvalue())
