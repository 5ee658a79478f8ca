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
        return "nama berkas kosong"
    if "\x00" in name:
        return "nama berkas memuat karakter NUL"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or name.startswith("\\"):
        return f"jalur mutlak '{name}' tidak boleh; tulis nama berkas relatif terhadap folder konten"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return f"jalur '{name}' keluar dari folder konten ('..' tidak boleh)"
    return None


def media_type_problem(name: str, fmt: str | None, allowed: Mapping[str, Sequence[str]]) -> str | None:
    """Why ``berkas`` is outside the media allow-list, or None.

    Checks the extension always, and the content too when its format (Pillow's name) is known:
    the format must be allowed and the extension must be one of that format's.
    """
    ext = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    every = sorted({e for exts in allowed.values() for e in exts})
    if ext not in every:
        shown = f"akhiran '{ext}'" if ext else "berkas tanpa akhiran"
        return f"{shown} tidak diizinkan; gunakan gambar {', '.join(every)}"
    if fmt is None:
        return None
    exts = allowed.get(fmt.upper())
    if exts is None:
        return f"isinya berformat {fmt}, yang tidak diizinkan; yang diizinkan: {', '.join(allowed)}"
    if ext not in exts:
        return f"isinya berformat {fmt} tetapi berakhiran '{ext}'; ganti akhirannya menjadi {' atau '.join(exts)}"
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


def _inspect(path: Path) -> ImageInfo | str:
    try:
        size = path.stat().st_size
        with warnings.catch_warnings():
            # A decompression-bomb warning is a finding of ours, not noise on stderr.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                fmt, (w, h) = str(img.format or "?"), img.size
                img.verify()
        return ImageInfo(fmt, int(w), int(h), size)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "gambar terlalu besar (dimensi melebihi batas aman Pillow)"
    except Exception as exc:  # Pillow raises many types for junk; each means "not an image"
        return f"bukan gambar yang dapat dibuka ({type(exc).__name__})"


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
                             f"{spec.name} membutuhkan minimal satu gambar, tetapi 'media' kosong"))
        max_n = spec.media.get("maks_gambar")
        if items and max_n is not None and len(items) > int(max_n):
            what = "tidak menerima gambar" if int(max_n) == 0 else f"menerima paling banyak {max_n} gambar"
            out.append(error(f, post.line("media"), "MEDIA-JUMLAH",
                             f"{spec.name} {what}, tetapi ada {len(items)}"))

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
            out.append(error(f, post.line("media", i), "MEDIA-ALT",
                             f"media ke-{n} tidak memiliki teks alternatif ('alt') untuk pembaca layar"))
        name = item.get("berkas")
        if not isinstance(name, str):
            continue
        line = partial(post.line, "media", i, "berkas")  # looked up only for a finding
        problem = path_problem(name)
        if problem:
            out.append(error(f, line(), "MEDIA-JALUR", f"media ke-{n}: {problem}"))
            continue
        allowed = allowed_media(ctx)
        problem = media_type_problem(name, None, allowed)
        if problem:
            out.append(error(f, line(), "MEDIA-JENIS", f"media ke-{n} '{name}': {problem}"))
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
                out.append(error(f, line(), "MEDIA-HILANG",
                                 f"media ke-{n}: berkas '{name}' tidak ada di folder konten"))
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
            out.append(error(f, line(), "MEDIA-RUSAK", f"media ke-{n}: '{name}' {info}"))
            continue
        problem = media_type_problem(name, info.format, allowed)
        if problem:
            out.append(error(f, line(), "MEDIA-JENIS", f"media ke-{n} '{name}': {problem}"))
            continue
        for spec in platforms:
            out.extend(_platform_limits(spec, info, name, n, f, line))
    return out


def _platform_limits(
    spec: PlatformSpec, info: ImageInfo, name: str, n: int, f: str, line: Callable[[], int | None]
) -> list[Finding]:
    out: list[Finding] = []
    m = spec.media
    who = f"{spec.name}: media ke-{n} '{name}'"
    formats = [str(x).upper() for x in m.get("format") or []]
    if int(m.get("maks_gambar", 1) or 0) == 0:
        return out  # the platform takes no images at all: MEDIA-JUMLAH already says so
    if formats and info.format.upper() not in formats:
        out.append(error(f, line(), "MEDIA-FORMAT",
                         f"{who} berformat {info.format}, sedangkan yang diterima: {', '.join(formats)}"))
    max_bytes = m.get("maks_byte")
    if max_bytes and info.size > int(max_bytes):
        # Platforms marked `dikompres` get a recompressed copy when publishing: only a warning.
        make = warning if m.get("dikompres") else error
        out.append(make(f, line(), "MEDIA-UKURAN",
                        f"{who} berukuran {_mb(info.size)}, melebihi batas {_mb(int(max_bytes))}"
                        + (" (akan dikompres saat diunggah)" if m.get("dikompres") else "")))
    ratio = info.width / info.height if info.height else 0.0
    lo, hi = m.get("rasio_min"), m.get("rasio_maks")
    if lo is not None:
        # An explicit minimum means a width:height range (Instagram 4:5 .. 1.91:1).
        if ratio < float(lo) or (hi is not None and ratio > float(hi)):
            out.append(error(f, line(), "MEDIA-RASIO",
                             f"{who} berasio {info.width}x{info.height} ({ratio:.2f}:1), di luar rentang "
                             f"{float(lo):.2f}:1 sampai {float(hi):.2f}:1" if hi is not None else
                             f"{who} berasio {ratio:.2f}:1, kurang dari {float(lo):.2f}:1"))
    elif hi is not None:
        # Only a maximum: the longer side over the shorter one (Threads 10:1, Telegram 20:1).
        stretch = max(info.width, info.height) / max(1, min(info.width, info.height))
        if stretch > float(hi):
            out.append(error(f, line(), "MEDIA-RASIO",
                             f"{who} berasio {stretch:.1f}:1, melebihi batas {float(hi):g}:1"))
    if m.get("lebar_min") and info.width < int(m["lebar_min"]):
        out.append(error(f, line(), "MEDIA-DIMENSI",
                         f"{who} lebarnya {info.width} piksel, kurang dari minimum {m['lebar_min']} piksel"))
    if m.get("sisi_jumlah_maks") and info.width + info.height > int(m["sisi_jumlah_maks"]):
        out.append(error(f, line(), "MEDIA-DIMENSI",
                         f"{who} lebar + tinggi {info.width + info.height} piksel, melebihi batas "
                         f"{m['sisi_jumlah_maks']} piksel"))
    return out


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")
