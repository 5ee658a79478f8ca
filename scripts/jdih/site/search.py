"""The search index: Pagefind over lean per-post HTML (only published posts), in parts.

Pagefind is run on a small source tree written here rather than on the built site, so it
parses a few hundred bytes per post instead of a full Material page, and nothing but
published posts can ever enter the index. The posts are cut into parts (``search_parts``),
each indexed by its own Pagefind run into its own bundle and merged by the search page, so
memory is bounded by one part and a change reindexes one part.
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
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from ..errors import JdihError
from ..files import atomic_write, is_temp
from .collect import SitePost
from .output import Output, digest
from .search_bundle import canonicalize, is_engine
from .search_parts import PART_SIZE, filter_counts, plan_parts

DIGESTS = ".jdih-berkas.json"  # in a finished bundle: its files and their digests
# Pagefind's options (part of each bundle's cache key).
OPTIONS = ("--force-language", "id", "--silent")
# Posts per part when the default does not suit the machine (fewer: less memory per Pagefind run).
PART_SIZE_ENV = "JDIH_CARI_PER_BAGIAN"


def part_size() -> int:
    """Posts per Pagefind part: ``JDIH_CARI_PER_BAGIAN`` when set, else ``PART_SIZE``."""
    raw = os.environ.get(PART_SIZE_ENV, "").strip()
    if not raw:
        return PART_SIZE
    if not raw.isdigit() or int(raw) < 1:
        raise JdihError(
            f"{PART_SIZE_ENV} harus bilangan bulat positif (tertulis: '{raw}')",
            hint=f"Hapus {PART_SIZE_ENV} untuk memakai bawaan ({PART_SIZE} pos per bagian indeks).",
        )
    return int(raw)


def _filters(p: SitePost, category_label: Callable[[str], str]) -> list[tuple[str, str]]:
    """Filters of the search page (Pagefind counts them per value): year, category, series."""
    filters = [("tahun", str(p.year)), ("kategori", category_label(p.category))]
    if p.series:
        filters.append(("seri", p.series))
    return filters


def _doc(p: SitePost, category_label: Callable[[str], str]) -> str:
    extra = " ".join([category_label(p.category), p.series or "", *p.tags, *(m.alt for m in p.media)])
    marks = "".join(f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>' for k, v in _filters(p, category_label))
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{html.escape(p.title)}</title></head><body><main data-pagefind-body>"
        f'<h1 data-pagefind-meta="title">{html.escape(p.title)}</h1>'
        f'<div data-pagefind-meta="tanggal:{html.escape(p.date_label)}"></div>'
        f"{p.caption_html}<p>{html.escape(extra)}</p><div hidden>{marks}</div></main></body></html>"
    )


def _doc_version(category_label: Callable[[str], str], posts: list[SitePost]) -> str:
    """What a document depends on besides its post: this code and the category labels."""
    labels = sorted({(p.category, category_label(p.category)) for p in posts})
    return hashlib.sha256(Path(__file__).read_bytes() + repr(labels).encode()).hexdigest()[:16]


def sync_source(posts: list[SitePost], source: Path, category_label: Callable[[str], str]) -> str:
    """Bring the lean source tree in line with ``posts``; returns a digest of the whole tree.

    Only changed documents are made and rewritten (a post whose source key is unchanged keeps its
    document) and documents of posts that left the published set are deleted, so a rebuild after
    one change touches one file.
    """
    manifest_file = source / ".manifest.json"
    version = _doc_version(category_label, posts)
    try:
        saved = json.loads(manifest_file.read_text("utf-8"))
        old: dict[str, list[str]] = saved["dokumen"]
        if saved["versi"] != version:
            raise ValueError("another version")
    except (OSError, ValueError, KeyError, TypeError):
        # Unknown documents: start again, so that no document of an unpublished post remains.
        if source.exists():
            shutil.rmtree(source)
        old = {}
    new: dict[str, list[str]] = {}
    for p in posts:
        prev = old.get(p.id)
        if prev is not None and prev[0] == p.key:
            new[p.id] = prev
            continue
        doc = _doc(p, category_label)
        digest = hashlib.sha256(doc.encode()).hexdigest()
        new[p.id] = [p.key, digest]
        if prev is None or prev[1] != digest:
            dest = source / p.id / "index.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(doc, encoding="utf-8")
    for pid in old.keys() - new.keys():
        shutil.rmtree(source / pid, ignore_errors=True)
    source.mkdir(parents=True, exist_ok=True)
    manifest_file.write_text(json.dumps({"versi": version, "dokumen": new}), "utf-8")
    return hashlib.sha256(json.dumps(sorted((k, v[1]) for k, v in new.items())).encode()).hexdigest()[:24]


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
        *OPTIONS,
    ]
    try:
        return subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_die_with_parent
        )
    except OSError as exc:
        raise JdihError(
            f"Pagefind tidak dapat dijalankan ({exc})", hint="Pasang paket 'pagefind[bin]' di lingkungan Python ini."
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
            hint="Pastikan paket 'pagefind[bin]' terpasang (pip install 'pagefind[bin]').",
        )


def bundle_files(bundle: Path) -> dict[str, str]:
    """Each file of a finished bundle (path relative to it) with the digest of its bytes.

    A bundle never changes once finished, so the digests are kept in it (``DIGESTS``): the
    output's manifest then knows which of its files changed without reading any. Pagefind names
    most files after their content, so a bundle made again after one post changed shares all but
    a handful of files with the one before."""
    kept = bundle / DIGESTS
    try:
        known = json.loads(kept.read_text("utf-8"))
        if isinstance(known, dict):
            return known
    except (OSError, ValueError):
        pass
    out: dict[str, str] = {}
    for folder, _, names in os.walk(bundle):
        rel = os.path.relpath(folder, bundle)
        for name in names:
            path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            if path != DIGESTS and not is_temp(name):
                out[path] = digest((Path(folder) / name).read_bytes())
    atomic_write(kept, json.dumps(out, sort_keys=True))
    return out


def _version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "?"


class SearchIndex:
    """The search index of one build, in parts (``search_parts``): each part's bundle is reused
    while its documents are unchanged, the others are rebuilt one after the other in the
    background (never two Pagefind processes at once, so peak memory is that of one part)."""

    def __init__(self, cache: Path, size: int | None = None) -> None:
        self.cache = cache
        self.source = cache / "cari" / "sumber"
        self.bundles = cache / "cari" / "indeks"
        self.part_size = size or part_size()
        self.parts: list[tuple[str, Path]] = []  # (part name, bundle), primary first
        self.counts: dict[str, dict[str, int]] = {}
        self._todo: list[tuple[Path, Path]] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._cancelled = False

    def start(self, posts: list[SitePost], category_label: Callable[[str], str]) -> None:
        """Sync each part's source tree and start indexing the parts that have no bundle yet.

        A part's bundle is named after its documents, the Pagefind version and our options;
        Pagefind writes into ``<key>.baru-<pid>``, renamed once finished and made reproducible,
        so a bundle of a killed build is never taken for a finished one.
        """
        for old in ("cari-sumber", "cari-indeks"):  # layout before the index was cut in parts
            shutil.rmtree(self.cache / old, ignore_errors=True)
        parts = plan_parts(posts, self.part_size)
        self.counts = filter_counts([_filters(p, category_label) for p in posts])
        names = {part.name for part in parts}
        settings = f"{_version()}:{' '.join(OPTIONS)}"  # the same for every part
        if self.source.exists():
            for stale in self.source.iterdir():
                if stale.name not in names:
                    shutil.rmtree(stale, ignore_errors=True)
        for part in parts:
            digest = sync_source(list(part.posts), self.source / part.name, category_label)
            key = hashlib.sha256(f"{digest}:{settings}".encode()).hexdigest()[:24]
            bundle = self.bundles / key
            self.parts.append((part.name, bundle))
            if not (bundle / "pagefind-entry.json").is_file():
                self._todo.append((self.source / part.name, bundle))
        if self._todo:
            self._thread = threading.Thread(target=self._index_all, name="pagefind", daemon=True)
            self._thread.start()
        # Stale bundles (and partial ones of killed builds) go once Pagefind is under way.
        keep = {bundle.name for _, bundle in self.parts} | {self._partial(bundle).name for _, bundle in self._todo}
        if self.bundles.exists():
            for stale in self.bundles.iterdir():
                if stale.name not in keep:
                    shutil.rmtree(stale, ignore_errors=True)

    def _partial(self, bundle: Path) -> Path:
        return bundle.with_name(f"{bundle.name}.baru-{os.getpid()}")

    def _index_all(self) -> None:
        # Pagefind is started from this thread, which waits for it: PR_SET_PDEATHSIG (sent when
        # the creating thread ends) therefore only fires when the build process itself dies.
        try:
            for source, bundle in self._todo:
                with self._lock:
                    if self._cancelled:
                        return
                    proc = self._proc = start_pagefind(source, self._partial(bundle))
                finish_pagefind(proc, self._partial(bundle))
                with self._lock:
                    self._proc = None
                    if self._cancelled:
                        return
                canonicalize(self._partial(bundle))
                bundle_files(self._partial(bundle))  # the digests, while the build does other work
                os.replace(self._partial(bundle), bundle)
        except BaseException as exc:  # reported by finish() in the build's thread
            self._error = exc

    def finish(self, output: Output, folder: str = "pagefind") -> None:
        """Wait for the indexing, then place the parts in ``folder`` of the output: the newest part
        with Pagefind's engine at the top, every other part in a folder of its name, and
        ``jdih-cari.json`` naming those folders with the counts of each filter value. A bundle
        never changes once finished, so its files' digests are read from it (:func:`bundle_files`)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            if self._cancelled:
                return
            raise error
        top = f"{folder}/" if folder else ""
        (_, primary), *others = self.parts
        for rel, key in bundle_files(primary).items():
            output.place(top + rel, primary / rel, key)
        for name, bundle in others:
            for rel, key in bundle_files(bundle).items():
                if "/" in rel or not is_engine(rel):  # a merged part uses the primary's engine
                    output.place(f"{top}{name}/{rel}", bundle / rel, key)
        listing = {"bagian": [f"{name}/" for name, _ in others], "saring": self.counts}
        output.write(top + "jdih-cari.json", json.dumps(listing, ensure_ascii=False, separators=(",", ":")).encode())

    def cancel(self) -> None:
        """Stop a running Pagefind (the build failed or was interrupted)."""
        with self._lock:
            self._cancelled = True
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
