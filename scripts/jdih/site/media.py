"""Media on the site: which files may be served, under which name, and the home-page thumbnails.

Media files come from untrusted content. A file is served only when it passes the one media
allow-list of :func:`jdih.checks.media.servable_image` (``jenis_media`` in ``sop/platform.yml``,
the same list `jdih periksa` enforces): its bytes are an image of a listed format (Pillow) AND its
extension is one of that format's own extensions; the site name then keeps that extension, so a
file is always served with the type its content has (a JPEG named ``infografis.html`` is never
served, and SVG/HTML never are). The copying itself is :func:`place`; thumbnails are cached by
content hash.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..files import atomic_write
from ..platforms import DEFAULT_MEDIA_TYPES
from ..project import SOP_DIR, WORKFLOW_FILE

THUMB_WIDTH = 480  # small copy for phones (srcset) and home cards; whole image, height follows the ratio
CARD_WIDTH = 320  # home cards at ordinary screen density


@dataclass(frozen=True)
class Checked:
    """An image that may be served: its site extension and pixel size."""

    ext: str
    width: int
    height: int


def check(path: Path) -> Checked | str:
    """The file as a servable image, or an Indonesian reason why it may not be served (the allow-list
    of the project the file belongs to)."""
    # Imported here: the checks package (~0.1 s) is needed only for posts read anew.
    from ..checks.media import servable_image

    info = servable_image(path, _allowed_for(path))
    if isinstance(info, str):
        return info
    return Checked(path.suffix.lower(), info.width, info.height)


def _allowed_for(path: Path) -> Mapping[str, Sequence[str]]:
    from ..checks.media import media_types

    root = _project_root(path.parent.absolute())
    return DEFAULT_MEDIA_TYPES if root is None else media_types(root)  # outside a project: the built-in list


@lru_cache(maxsize=4096)
def _project_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding ``sop/alur.yml`` (each folder asked once: a build
    checks thousands of media files below the same few folders)."""
    if (folder / SOP_DIR / WORKFLOW_FILE).is_file():
        return folder
    return None if folder.parent == folder else _project_root(folder.parent)


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
