"""The search index: Pagefind over lean per-post HTML (only published posts), chunked on the wire.

Pagefind is run on a small source tree written here rather than on the built site, so it
parses a few hundred bytes per post instead of a full Material page, and nothing but
published posts can ever enter the index.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import JdihError
from .collect import SitePost


def _doc(p: SitePost, kategori_label: Callable[[str], str]) -> str:
    extra = " ".join([kategori_label(p.kategori), p.seri or "", *p.tags, *(m.alt for m in p.media)])
    # Filters of the search page (Pagefind counts them per value): year, category, series.
    filters = [("tahun", str(p.tahun)), ("kategori", kategori_label(p.kategori))]
    if p.seri:
        filters.append(("seri", p.seri))
    marks = "".join(f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>' for k, v in filters)
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{html.escape(p.judul)}</title></head><body><main data-pagefind-body>"
        f'<h1 data-pagefind-meta="title">{html.escape(p.judul)}</h1>'
        f'<div data-pagefind-meta="tanggal:{html.escape(p.tanggal)}"></div>'
        f"{p.caption_html}<p>{html.escape(extra)}</p><div hidden>{marks}</div></main></body></html>"
    )


def sync_source(posts: list[SitePost], source: Path, kategori_label: Callable[[str], str]) -> str:
    """Bring the lean source tree in line with ``posts``; returns a digest of the whole tree.

    Only changed documents are rewritten and documents of posts that left the published set
    are deleted, so a rebuild after one change touches one file.
    """
    manifest_file = source / ".manifest.json"
    try:
        old: dict[str, str] = json.loads(manifest_file.read_text("utf-8"))
    except (OSError, ValueError):
        if source.exists():
            shutil.rmtree(source)
        old = {}
    new: dict[str, str] = {}
    for p in posts:
        doc = _doc(p, kategori_label)
        digest = hashlib.sha256(doc.encode()).hexdigest()
        new[p.id] = digest
        if old.get(p.id) != digest:
            dest = source / p.id / "index.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(doc, encoding="utf-8")
    for pid in old.keys() - new.keys():
        shutil.rmtree(source / pid, ignore_errors=True)
    source.mkdir(parents=True, exist_ok=True)
    manifest_file.write_text(json.dumps(new), "utf-8")
    return hashlib.sha256(json.dumps(sorted(new.items())).encode()).hexdigest()[:24]


def _die_with_parent() -> None:
    """In the Pagefind child (Linux): be killed when the build process dies, even by SIGKILL,
    so no orphan keeps writing into the cache that the next build uses."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_pagefind(source: Path, output: Path) -> subprocess.Popen[str]:
    """Start the Pagefind binary (PyPI ``pagefind[bin]``) in the background, Indonesian language."""
    if output.exists():
        shutil.rmtree(output)
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(source),
        "--output-path",
        str(output),
        "--force-language",
        "id",
        "--silent",
    ]
    try:
        return subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_die_with_parent
        )
    except OSError as exc:
        raise JdihError(
            f"Pagefind tidak dapat dijalankan ({exc})", saran="Pasang paket 'pagefind[bin]' di lingkungan Python ini."
        ) from None


def finish_pagefind(proc: subprocess.Popen[str], output: Path) -> None:
    """Wait for Pagefind and check that it produced a bundle."""
    try:
        out, err = proc.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise JdihError("Pagefind tidak selesai dalam 15 menit") from None
    if proc.returncode != 0 or not (output / "pagefind.js").is_file():
        detail = (err or out).strip().splitlines()[-1:] or ["tanpa keterangan"]
        raise JdihError(
            f"indeks pencarian gagal dibuat oleh Pagefind: {detail[0]}",
            saran="Pastikan paket 'pagefind[bin]' terpasang (pip install 'pagefind[bin]').",
        )


def link_tree(src: Path, dest: Path) -> None:
    """Place a finished bundle into the site: hard links when possible (instant), else copies."""
    if dest.exists():
        shutil.rmtree(dest)
    try:
        shutil.copytree(src, dest, copy_function=os.link)
    except OSError:
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(src, dest)


class SearchIndex:
    """The search index of one build: reused when no document changed, else rebuilt in the background."""

    def __init__(self, cache: Path) -> None:
        self.source = cache / "cari-sumber"
        self.bundles = cache / "cari-indeks"
        self.proc: subprocess.Popen[str] | None = None
        self.bundle: Path | None = None

    def start(self, posts: list[SitePost], kategori_label: Callable[[str], str]) -> None:
        """Sync the source tree and start Pagefind unless an identical bundle already exists.

        Pagefind writes into ``<digest>.baru-<pid>`` which is renamed when it succeeded, so a bundle
        of a killed build is never taken for a finished one.
        """
        digest = sync_source(posts, self.source, kategori_label)
        self.bundle = self.bundles / digest
        if (self.bundle / "pagefind.js").is_file():
            return
        if self.bundles.exists():
            shutil.rmtree(self.bundles)  # keep only the bundle of the current content
        self.proc = start_pagefind(self.source, self._partial())

    def _partial(self) -> Path:
        assert self.bundle is not None
        return self.bundle.with_name(f"{self.bundle.name}.baru-{os.getpid()}")

    def finish(self, site_pagefind: Path) -> None:
        """Wait for Pagefind (if running) and link the bundle into ``site/pagefind``."""
        assert self.bundle is not None
        if self.proc is not None:
            proc, self.proc = self.proc, None
            finish_pagefind(proc, self._partial())
            os.replace(self._partial(), self.bundle)
        link_tree(self.bundle, site_pagefind)

    def cancel(self) -> None:
        """Stop a running Pagefind (the build failed or was interrupted)."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
