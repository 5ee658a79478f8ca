"""The search index: Pagefind over lean per-post HTML (only published posts), in parts.

Pagefind is run on a small source tree (``search_source``) rather than on the built site, so it
parses a few hundred bytes per post instead of a full Material page, and nothing but
published posts can ever enter the index. The posts are cut into parts (``search_parts``),
each indexed by its own Pagefind run into its own bundle, so memory is bounded by one part and
a change reindexes one part. The search page searches the newest part first and merges older
ones as it needs them (or all of them, for results by relevance). Finished bundles are kept in a
content-addressed store (``search_store``): a reindexed part adds only its few new files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from ..errors import JdihError
from .collect import SitePost
from .output import Output
from .search_bundle import canonicalize, is_engine
from .search_parts import PART_SIZE, filter_counts, plan_parts
from .search_source import filters, sync_source
from .search_store import BundleStore, clean_scratch, new_scratch, scratch_root

# Pagefind's options (part of each bundle's cache key). Words are indexed as written, without
# Pagefind's Indonesian stemmer ("und": a language it has no stemmer for): the stemmer strips
# prefixes (pemilu -> milu, penyuluhan -> suluh), so half a typed word ("pemil", "penyul") found
# nothing, whereas the public expects what the platforms it knows do: results while typing.
OPTIONS = ("--force-language", "und", "--silent")
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


def _die_with_parent() -> None:
    """In the Pagefind child (Linux): be killed when the build process dies, even by SIGKILL,
    so no orphan keeps writing into the cache that the next build uses."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _pagefind() -> list[str]:
    """The command of the Pagefind binary: the binary of ``pagefind_bin`` itself when it is
    installed (``python -m pagefind`` would start a Python only to exec it), else the module."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable().resolve())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def start_pagefind(source: Path, output: Path) -> subprocess.Popen[str]:
    """Start the Pagefind binary (PyPI ``pagefind[bin]``) in the background with :data:`OPTIONS`."""
    if output.exists():
        shutil.rmtree(output)
    cmd = [
        *_pagefind(),
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


@functools.cache
def _version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "?"


class SearchIndex:
    """The search index of one build, in parts (``search_parts``): each part's bundle is reused
    while its documents are unchanged, the others are rebuilt one after the other in the
    background (never two Pagefind processes at once, so peak memory is that of one part)."""

    def __init__(self, cache: Path, size: int | None = None, scratch: Path | None = None) -> None:
        self.cache = cache
        self.source = cache / "cari" / "sumber"
        self.store = BundleStore(cache / "cari")
        self.part_size = size or part_size()
        self.parts: list[tuple[str, str]] = []  # (part name, bundle key), primary first
        self.part_years: dict[str, list[str]] = {}  # part name -> the years of its posts
        self.counts: dict[str, dict[str, int]] = {}
        self._scratch_root = scratch or scratch_root(cache)
        # Where Pagefind writes: tmpfs first; the cache when that fails (a full tmpfs, such as a
        # container's 64 MB /dev/shm).
        self._scratches = [new_scratch(self._scratch_root, cache)]
        if self._scratch_root != cache:
            self._scratches.append(new_scratch(cache, cache))
        self._todo: queue.SimpleQueue[tuple[Path, str] | None] = queue.SimpleQueue()
        self._queued: set[str] = set()
        self._wanted: set[str] = set()  # the bundle keys of the parts, once start() has them
        self._planned = threading.Event()  # start() has set _wanted (or the build was cancelled)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._running = ""  # bundle key of the running Pagefind
        self._cancelled = False
        self.timings: dict[str, float] = {}  # seconds per step, summed over the parts (``--rinci``)

    def start(self, posts: list[SitePost], category_label: Callable[[str], str]) -> None:
        """Sync each part's source tree and start indexing the parts that have no bundle yet.

        A part's bundle is named after its documents, the Pagefind version and our options.
        Pagefind writes into a scratch folder; the bundle, made reproducible, is stored once
        finished (:class:`~jdih.site.search_store.BundleStore`), so a bundle of a killed build
        is never taken for a finished one. A part is indexed as soon as its source is in line,
        while the sources of the other parts are still being brought in line.
        """
        for old in ("cari-sumber", "cari-indeks"):  # layout before the index was cut in parts
            shutil.rmtree(self.cache / old, ignore_errors=True)
        clean_scratch(self._scratch_root, self.cache)
        clean_scratch(self.cache, self.cache)
        parts = plan_parts(posts, self.part_size)
        self.counts = filter_counts([filters(p, category_label) for p in posts])
        names = {part.name for part in parts}
        if self.source.exists():
            for stale in self.source.iterdir():
                if stale.name not in names:
                    shutil.rmtree(stale, ignore_errors=True)
        try:
            for part in parts:
                self.part_years[part.name] = sorted({str(p.year) for p in part.posts})
                digest = sync_source(list(part.posts), self.source / part.name, category_label)
                key = self.part_key(digest)
                self.parts.append((part.name, key))
                self.index(self.source / part.name, key)
            self._plan({key for _, key in self.parts})
        finally:
            self._todo.put(None)  # no more parts

    def part_key(self, digest: str) -> str:
        """The bundle key of a part whose source tree has digest ``digest`` (:func:`sync_source`):
        its documents, the Pagefind version and our options."""
        return hashlib.sha256(f"{digest}:{_version()}:{' '.join(OPTIONS)}".encode()).hexdigest()[:24]

    def index(self, source: Path, key: str) -> None:
        """Index the part in ``source`` as bundle ``key`` (in the background, after the parts
        queued before it), unless it is stored or queued already. Before :meth:`start` has the
        parts (``search_early``) this is a guess: the bundle is stored only if its key turns out
        to be one of the parts'."""
        if key in self._queued or self.store.has(key):
            return
        self._queued.add(key)
        self._todo.put((source, key))
        if self._thread is None:
            self._thread = threading.Thread(target=self._index_all, name="pagefind", daemon=True)
            self._thread.start()

    def _plan(self, keys: set[str]) -> None:
        """The parts are known: a guessed run that is not one of them is stopped."""
        with self._lock:
            self._wanted = keys
            self._planned.set()
            proc = self._proc if self._running not in keys else None
        if proc is not None and proc.poll() is None:
            proc.kill()

    def _unwanted(self, key: str) -> bool:
        return self._planned.is_set() and key not in self._wanted

    def _index_all(self) -> None:
        # Pagefind is started from this thread, which waits for it: PR_SET_PDEATHSIG (sent when
        # the creating thread ends) therefore only fires when the build process itself dies.
        try:
            while (item := self._todo.get()) is not None:
                source, key = item
                t = time.perf_counter()
                made = self._pagefind(source, key)
                if made is None:
                    if self._cancelled:
                        return
                    continue
                self._lap("pagefind", t)
                self._planned.wait()  # only a bundle of one of the parts is stored
                if self._cancelled or self._unwanted(key):
                    shutil.rmtree(made, ignore_errors=True)
                    continue
                t = time.perf_counter()
                canonicalize(made)
                self.store.add(key, made)
                shutil.rmtree(made, ignore_errors=True)
                self._lap("simpan_bundel", t)
        except BaseException as exc:  # reported by finish() in the build's thread
            self._error = exc

    def _pagefind(self, source: Path, key: str) -> Path | None:
        """Run Pagefind on ``source`` into a scratch folder (tmpfs; the cache when that fails);
        the folder, or None when the run was stopped (cancelled, or not one of the parts)."""
        for n, scratch in enumerate(self._scratches):
            made = scratch / key
            with self._lock:
                if self._cancelled or self._unwanted(key):
                    return None
                proc = self._proc = start_pagefind(source, made)
                self._running = key
            try:
                finish_pagefind(proc, made)
                return made
            except JdihError:
                shutil.rmtree(made, ignore_errors=True)
                if self._cancelled or self._unwanted(key):  # killed by cancel() or _plan()
                    return None
                if n == len(self._scratches) - 1:
                    raise
            finally:
                with self._lock:
                    self._proc = None
                    self._running = ""
        return None

    def _lap(self, step: str, since: float) -> None:
        self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - since

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        for scratch in self._scratches:
            shutil.rmtree(scratch, ignore_errors=True)

    def finish(self, output: Output, folder: str = "pagefind") -> None:
        """Wait for the indexing, then place the parts in ``folder`` of the output: the newest part
        with Pagefind's engine at the top, every other part in a folder of its name, and
        ``jdih-cari.json`` naming those folders (``bagian``), every part with its years
        (``rincian``) and the counts of each filter value (``saring``). A bundle
        never changes once stored, so its files' digests are read from its list."""
        t = time.perf_counter()
        self._wait()
        self._lap("tunggu", t)
        t = time.perf_counter()
        if self._error is not None:
            error, self._error = self._error, None
            if self._cancelled:
                return
            raise error
        top = f"{folder}/" if folder else ""
        (_, primary), *others = self.parts
        for rel, key in self.store.files_of(primary).items():
            output.place(top + rel, self.store.path(key), key)
        for name, bundle in others:
            for rel, key in self.store.files_of(bundle).items():
                if "/" in rel or not is_engine(rel):  # a merged part uses the primary's engine
                    output.place(f"{top}{name}/{rel}", self.store.path(key), key)
        listing = {
            "bagian": [f"{name}/" for name, _ in others],
            # every part, newest first: its name (the search page's ``bagian`` filter), folder and years
            "rincian": [
                {"nama": name, "folder": f"{name}/" if n else "", "tahun": self.part_years.get(name, [])}
                for n, (name, _) in enumerate(self.parts)
            ],
            "saring": self.counts,
        }
        output.write(top + "jdih-cari.json", json.dumps(listing, ensure_ascii=False, separators=(",", ":")).encode())
        self.store.prune({key for _, key in self.parts})
        self._lap("tempatkan", t)

    def cancel(self) -> None:
        """Stop a running Pagefind (the build failed or was interrupted)."""
        with self._lock:
            self._cancelled = True
            self._planned.set()
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
        self._wait()
