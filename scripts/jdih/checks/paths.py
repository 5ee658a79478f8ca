"""Which post files ``jdih periksa`` checks, from its PATH arguments.

No argument: every ``index.md`` under ``content/`` (at any depth, so a post in the wrong
place is still checked and reported). A folder: every ``index.md`` inside it. A file: that
file if it is Markdown, else the post whose folder holds it (a changed image checks its
post). A PATH that does not exist is a usage error (exit 2), not a finding: it is a typo
on the command line, not a problem of the content. Symbolic links to folders are not
followed, so a link loop cannot hang the walk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import UsageError
from ..findings import Finding, warning
from ..post import POST_FILE

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR_RE = re.compile(r"^\d{4}$")


def walk_posts(folder: Path) -> Iterator[Path]:
    """Every ``index.md`` below ``folder`` (sorted, symlinked folders not followed)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames.sort()
        if POST_FILE in filenames:
            found.append(Path(dirpath) / POST_FILE)
    yield from sorted(found)


def collect_files(content_dir: Path, paths: Iterable[Path]) -> list[Path]:
    """The post files to check; raises UsageError for a PATH that is not there."""
    paths = list(paths)
    out: dict[Path, None] = {}
    if not paths:
        if not content_dir.is_dir():
            raise UsageError(
                f"folder konten tidak ditemukan: {content_dir}",
                hint="Buat folder content/ atau sebutkan berkas/folder yang akan diperiksa.",
            )
        return list(walk_posts(content_dir))
    for p in paths:
        if not p.exists():
            raise UsageError(f"jalur tidak ditemukan: {p}")
        if p.is_dir():
            out.update(dict.fromkeys(walk_posts(p)))
        elif p.suffix.lower() in (".md", ".markdown"):
            out[p] = None
        else:
            post = _owning_post(p)
            if post is None:
                raise UsageError(f"{p} bukan berkas konten dan tidak berada di folder konten (tidak ada {POST_FILE})")
            out[post] = None
    return list(out)


def _owning_post(p: Path) -> Path | None:
    for parent in p.parents:
        candidate = parent / POST_FILE
        if candidate.is_file():
            return candidate
    return None


def location_findings(path: Path, content_dir: Path) -> list[Finding]:
    """Warnings for a post outside ``content/<tahun>/<slug>/index.md`` or with an unsafe slug.

    ``content_dir`` should be absolute; paths are compared lexically (no symlink resolution).
    """
    try:
        rel = Path(os.path.abspath(path)).relative_to(content_dir)
    except ValueError:
        return []  # outside content/: checked as given, no layout rules
    parts = rel.parts
    if len(parts) != 3 or parts[-1] != POST_FILE or not YEAR_RE.match(parts[0]):
        return [warning(path, None, "LOKASI",
                        f"konten harus berada di content/<tahun>/<slug>/{POST_FILE}; berkas ini di "
                        f"content/{rel.as_posix()} sehingga tidak ikut diterbitkan")]
    if not SLUG_RE.match(parts[1]):
        return [warning(path, None, "LOKASI-SLUG",
                        f"nama folder '{parts[1]}' sebaiknya hanya huruf kecil, angka dan tanda hubung "
                        f"(dipakai di alamat situs)")]
    return []
