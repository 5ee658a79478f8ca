"""Media files: inside the post folder, real images of an allowed type, alt text, each platform's limits.

Media are an allow-list (``jenis_media`` in ``sop/platform.yml``): the file's content (what
Pillow recognises) and its extension must both be listed, and must agree, so neither an
``.svg``/``.html`` nor a JPEG named ``.html`` can reach the site, where the extension decides
how the browser treats the file.

Images are opened lazily with Pillow: ``Image.open`` reads only the header (format and
size) and ``verify()`` checks the file's structure without decoding every pixel, so a
10,000-post check stays cheap. Results are cached per resolved file.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath, PureWindowsPath

from PIL import Image

from ..findings import Finding, error, warning
from ..platforms import DEFAULT_MEDIA_TYPES, PlatformSpec, load_media_types
from ..post import Post
from ..project import PLATFORM_FILE, SOP_DIR
from .context import CheckContext
from .messages import message


@dataclass(frozen=True)
class ImageInfo:
    """What the checks need to know about one image file."""

    format: str
    width: int
    height: int
    size: int


def path_problem(name: str) -> str | None:
    """Why a media path may not be used (absolute, ``..``, empty), or None."""
    if not name.strip():
        return message("jalur-kosong")
    if "\x00" in name:
        return message("jalur-nul")
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or name.startswith("\\"):
        return message("jalur-mutlak", name=name)
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return message("jalur-keluar", name=name)
    return None


def media_type_problem(name: str, fmt: str | None, allowed: Mapping[str, Sequence[str]]) -> str | None:
    """Why ``berkas`` is outside the media allow-list, or None.

    Checks the extension always, and the content too when its format (Pillow's name) is known:
    the format must be allowed and the extension must be one of that format's.
    """
    ext = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    every = sorted({e for exts in allowed.values() for e in exts})
    if ext not in every:
        shown = message("jenis-akhiran-ada", ext=ext) if ext else message("jenis-akhiran-tidak-ada")
        return message("jenis-akhiran", shown=shown, every=", ".join(every))
    if fmt is None:
        return None
    exts = allowed.get(fmt.upper())
    if exts is None:
        return message("jenis-isi", format=fmt, allowed=", ".join(allowed))
    if ext not in exts:
        return message("jenis-isi-akhiran", format=fmt, ext=ext, exts=" atau ".join(exts))
    return None


def allowed_media(ctx: CheckContext) -> Mapping[str, Sequence[str]]:
    """The project's media allow-list (``jenis_media`` in ``sop/platform.yml``)."""
    return media_types(ctx.project.root)


def media_types(root: Path) -> Mapping[str, Sequence[str]]:
    """The media allow-list of the project at ``root`` (``jenis_media`` in ``sop/platform.yml``, re-read
    when the file changes; the defaults without the file)."""
    path = root / SOP_DIR / PLATFORM_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return DEFAULT_MEDIA_TYPES
    return _media_types(path, stamp)


@lru_cache(maxsize=8)
def _media_types(path: Path, _stamp: int) -> Mapping[str, Sequence[str]]:
    return load_media_types(path)


def inspect_image(ctx: CheckContext, path: Path) -> ImageInfo | str:
    """Format, size and byte size of an image, or an Indonesian reason it is not one (once per run)."""
    result: ImageInfo | str = ctx.cached(ctx.image_cache, path, lambda: _inspect(path))
    return result


def servable_image(path: Path, allowed: Mapping[str, Sequence[str]]) -> ImageInfo | str:
    """``path`` as an image inside the allow-list ``allowed`` (content and extension agree), or an
    Indonesian reason it is not one. The site serves only files this accepts (:mod:`jdih.site.media`)."""
    info = _inspect(path)
    if isinstance(info, str):
        return info
    return media_type_problem(path.name, info.format, allowed) or info


def _format_name(pillow_format: str | None) -> str:
    """The media format of Pillow's ``format``. A multi-picture JPEG (Pillow's "MPO", what many phone cameras
    save as ``.jpg``) is a JPEG file: browsers and platforms show its first picture, and publishing re-encodes
    it (:mod:`jdih.publishing.images`), so it counts as JPEG rather than an unknown format."""
    name = str(pillow_format or "?")
    return "JPEG" if name == "MPO" else name


def _inspect(path: Path) -> ImageInfo | str:
    try:
        size = path.stat().st_size
        with warnings.catch_warnings():
            # A decompression-bomb warning is a finding of ours, not noise on stderr.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                fmt, (w, h) = _format_name(img.format), img.size
                img.verify()
        return ImageInfo(fmt, int(w), int(h), size)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return message("rusak-besar")
    except Exception as exc:  # Pillow raises many types for junk; each means "not an image"
        return message("rusak-bukan-gambar", error=type(exc).__name__)


def check_media(ctx: CheckContext, post: Post) -> list[Finding]:
    """Every media problem of ``post`` for the platforms it lists."""
    out: list[Finding] = []
    f = str(post.path)
    raw = post.meta.get("media")
    items = raw if isinstance(raw, list) else []
    platforms = ctx.listed_platforms(post)

    required = ctx.sop.content_required(ctx.status_of(post))
    for spec in platforms:
        if spec.image_required and not items and required:
            out.append(error(f, post.line("media") or post.line("platform"), "MEDIA-WAJIB",
                             message("MEDIA-WAJIB", platform=spec.name)))
        max_n = spec.media.get("maks_gambar")
        if items and max_n is not None and len(items) > int(max_n):
            what = message("MEDIA-JUMLAH-nol") if int(max_n) == 0 else message("MEDIA-JUMLAH-maks", limit=max_n)
            out.append(error(f, post.line("media"), "MEDIA-JUMLAH",
                             message("MEDIA-JUMLAH", platform=spec.name, what=what, count=len(items))))

    if not items:
        return out
    try:
        folder = post.folder.resolve()
    except (OSError, RuntimeError):
        return out
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue  # shape reported by checks.schema
        n = i + 1
        alt = item.get("alt")
        if alt is None or (isinstance(alt, str) and not alt.strip()):
            out.append(error(f, post.line("media", i), "MEDIA-ALT", message("MEDIA-ALT", n=n)))
        name = item.get("berkas")
        if not isinstance(name, str):
            continue
        line = partial(post.line, "media", i, "berkas")  # looked up only for a finding
        problem = path_problem(name)
        if problem:
            out.append(error(f, line(), "MEDIA-JALUR", message("MEDIA-JALUR", n=n, problem=problem)))
            continue
        allowed = allowed_media(ctx)
        problem = media_type_problem(name, None, allowed)
        if problem:
            out.append(error(f, line(), "MEDIA-JENIS", message("MEDIA-JENIS", n=n, name=name, problem=problem)))
            continue
        target = post.folder / name
        try:
            resolved = target.resolve()
            st = os.stat(resolved)
        except RuntimeError:
            out.append(error(f, line(), "MEDIA-JALUR",
                             f"media ke-{n}: '{name}' adalah tautan simbolik yang berputar"))
            continue
        except OSError:
            if target.is_symlink():
                out.append(error(f, line(), "MEDIA-HILANG",
                                 f"media ke-{n}: '{name}' adalah tautan simbolik ke berkas yang tidak ada"))
            else:
                out.append(error(f, line(), "MEDIA-HILANG", message("MEDIA-HILANG", n=n, name=name)))
            continue
        if resolved != folder and folder not in resolved.parents:
            out.append(error(f, line(), "MEDIA-JALUR",
                             f"media ke-{n}: '{name}' menunjuk ke luar folder konten (tautan simbolik)"))
            continue
        if not stat.S_ISREG(st.st_mode):
            out.append(error(f, line(), "MEDIA-HILANG", f"media ke-{n}: '{name}' bukan berkas biasa"))
            continue
        info = inspect_image(ctx, resolved)
        if isinstance(info, str):
            out.append(error(f, line(), "MEDIA-RUSAK", message("MEDIA-RUSAK", n=n, name=name, problem=info)))
            continue
        problem = media_type_problem(name, info.format, allowed)
        if problem:
            out.append(error(f, line(), "MEDIA-JENIS", message("MEDIA-JENIS", n=n, name=name, problem=problem)))
            continue
        for spec in platforms:
            out.extend(_platform_limits(spec, info, name, n, f, line))
    return out


def _platform_limits(
    spec: PlatformSpec, info: ImageInfo, name: str, n: int, f: str, line: Callable[[], int | None]
) -> list[Finding]:
    out: list[Finding] = []
    m = spec.media
    who = message("media-siapa", platform=spec.name, n=n, name=name)
    formats = [str(x).upper() for x in m.get("format") or []]
    if int(m.get("maks_gambar", 1) or 0) == 0:
        return out  # the platform takes no images at all: MEDIA-JUMLAH already says so
    if formats and info.format.upper() not in formats:
        out.append(error(f, line(), "MEDIA-FORMAT",
                         message("MEDIA-FORMAT", who=who, format=info.format, formats=", ".join(formats))))
    max_bytes = m.get("maks_byte")
    if max_bytes and info.size > int(max_bytes):
        # Platforms marked `dikompres` get a recompressed copy when publishing: only a warning.
        make = warning if m.get("dikompres") else error
        out.append(make(f, line(), "MEDIA-UKURAN",
                        message("MEDIA-UKURAN", who=who, size=_mb(info.size), limit=_mb(int(max_bytes)),
                                why=message("MEDIA-UKURAN-kompres") if m.get("dikompres") else "")))
    ratio = info.width / info.height if info.height else 0.0
    lo, hi = m.get("rasio_min"), m.get("rasio_maks")
    if lo is not None:
        # An explicit minimum means a width:height range (Instagram 4:5 .. 1.91:1).
        if ratio < float(lo) or (hi is not None and ratio > float(hi)):
            out.append(error(f, line(), "MEDIA-RASIO",
                             message("MEDIA-RASIO-rentang", who=who, width=info.width, height=info.height,
                                     ratio=f"{ratio:.2f}", lo=f"{float(lo):.2f}", hi=f"{float(hi):.2f}")
                             if hi is not None else
                             message("MEDIA-RASIO-min", who=who, ratio=f"{ratio:.2f}", lo=f"{float(lo):.2f}")))
    elif hi is not None:
        # Only a maximum: the longer side over the shorter one (Threads 10:1, Telegram 20:1).
        stretch = max(info.width, info.height) / max(1, min(info.width, info.height))
        if stretch > float(hi):
            out.append(error(f, line(), "MEDIA-RASIO",
                             message("MEDIA-RASIO-maks", who=who, stretch=f"{stretch:.1f}", hi=f"{float(hi):g}")))
    if m.get("lebar_min") and info.width < int(m["lebar_min"]):
        out.append(error(f, line(), "MEDIA-DIMENSI",
                         message("MEDIA-DIMENSI-lebar", who=who, width=info.width, limit=m["lebar_min"])))
    if m.get("sisi_jumlah_maks") and info.width + info.height > int(m["sisi_jumlah_maks"]):
        out.append(error(f, line(), "MEDIA-DIMENSI",
                         message("MEDIA-DIMENSI-sisi", who=who, sum=info.width + info.height,
                                 limit=m["sisi_jumlah_maks"])))
    return out


def _mb(n: int) -> str:
    return message("media-mb", mb=f"{n / 1_000_000:.1f}".replace(".", ","))
