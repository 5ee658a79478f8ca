"""The output folder of ``jdih situs bangun``, updated in place: only files whose bytes changed are written.

A manifest in ``.jdih/situs-cache/keluaran-<folder>.pickle`` holds, for each file of the output, a key
that changes whenever its bytes do (a digest of the bytes, or of what they are made of: a
page's body and shell, a media file's content digest, a search bundle's name). A build
compares each file it makes with the manifest in memory and writes only the files whose key
changed, into a staging folder beside the output (``.jdih-tmp-<name>.baru``). Then it
commits: a journal naming the staged files and the files to delete is saved, each staged file
is renamed over its place in the output (one ``rename`` per file: no reader sees half a file),
removed files are deleted, the new manifest is saved and the journal removed. Ctrl-C (SIGINT,
SIGTERM, SIGHUP) waits until the commit is done, so the output is always the previous or the
new whole site; a SIGKILL during the commit leaves the journal, and the next build completes
the commit before anything else (:func:`recover`).

Without a manifest that describes the output (first build, or the output was made by
something else: the marker file ``.jdih-situs`` in the output names the manifest's token),
every file is staged and the staging folder replaces the output as a whole
(:mod:`jdih.site.build` swaps the two folders).

Under ``mkdocs serve`` and a plain ``mkdocs build`` (no manifest given) files are written
straight into the folder MkDocs has just emptied.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..files import TEMP_PREFIX
from . import cache

MARKER = ".jdih-situs"  # in the output: token of the manifest that describes it
MANIFEST = "keluaran"  # in .jdih/situs-cache/: keluaran-<output folder digest>.pickle
JOURNAL = "keluaran-jurnal"  # likewise, only while a commit is under way


def state_file(cache_dir: Path, final: Path, kind: str) -> Path:
    """The manifest (``MANIFEST``) or journal (``JOURNAL``) of output folder ``final``: one per
    folder, so building into another folder (``--keluaran``) leaves site/'s intact."""
    tag = hashlib.blake2b(str(final.resolve()).encode(), digest_size=4).hexdigest()
    return cache_dir / f"{kind}-{tag}.pickle"


def aside(final: Path, what: str) -> Path:
    """The folder beside ``final`` used while building (``baru``) or while swapping (``lama``)."""
    return final.parent / f"{TEMP_PREFIX}{final.name}.{what}"


def digest(data: bytes) -> str:
    """The manifest key of a file given by its bytes."""
    return "b:" + hashlib.blake2b(data, digest_size=16).hexdigest()


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and termination requests until the block ends (they are delivered then)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    if threading.current_thread() is not threading.main_thread():
        yield  # signals go to the main thread anyway
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _prune(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents below ``top`` while they are empty."""
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _apply(final: Path, staging: Path, delete: list[str], staged: list[str]) -> bool:
    """Carry out a commit: deletions, then moving each staged file still in ``staging``.
    False when a staged file is in neither place (someone removed it): the output is then not
    what the manifest says."""
    for rel in delete:
        target = final / rel
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _prune(target.parent, final)
    whole = True
    for rel in staged:
        src = staging / rel
        dest = final / rel
        try:
            os.replace(src, dest)
        except FileNotFoundError:
            if not src.exists():
                whole = whole and dest.exists()  # moved before an interruption, or lost
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
    return whole


def recover(final: Path, cache_dir: Path) -> None:
    """Finish a commit that a SIGKILL cut short (its journal is still there)."""
    journal_file = state_file(cache_dir, final, JOURNAL)
    manifest_file = state_file(cache_dir, final, MANIFEST)
    key = str(final.resolve())
    journal = cache.load(journal_file, key)
    if journal:
        if _apply(final, aside(final, "baru"), journal["hapus"], journal["tulis"]):
            cache.save(manifest_file, key, {"penanda": journal["penanda"], "berkas": journal["berkas"]})
        else:  # the next build stages every file and replaces the whole folder
            manifest_file.unlink(missing_ok=True)
    journal_file.unlink(missing_ok=True)


class Output:
    """The files of one build. With ``cache_dir`` they are compared with the manifest of ``final``
    and staged (see the module docstring); without it they go straight into ``final``."""

    def __init__(self, final: Path, cache_dir: Path | None = None) -> None:
        self.final = final
        self.cache_dir = cache_dir
        self.staging = aside(final, "baru") if cache_dir is not None else final
        self.full = True  # every file is staged: the staging folder replaces the output
        self.new: dict[str, str] = {}
        self.staged: dict[str, None] = {}  # in staging order
        self._old: dict[str, str] = {}
        self._token = secrets.token_hex(16)
        if cache_dir is None:
            (final / MARKER).unlink(missing_ok=True)  # this folder is no longer what a manifest says
            return
        (cache_dir / "keluaran.pickle").unlink(missing_ok=True)  # the manifest before there was one per folder
        old = cache.load(state_file(cache_dir, final, MANIFEST), str(final.resolve()))
        try:
            token = (final / MARKER).read_text("utf-8")
        except OSError:
            token = None
        if token and old.get("penanda") == token:
            self._old = dict(old["berkas"])
            self._token = token
            self.full = False

    def _due(self, rel: str, key: str) -> Path | None:
        """Record ``rel`` with ``key``; the path to write it to, or None when the output has it."""
        self.new[rel] = key
        if self.cache_dir is not None and self._old.get(rel) == key:
            if rel in self.staged:  # made twice in one build, the output already has the last
                del self.staged[rel]
                (self.staging / rel).unlink()
            return None
        dest = self.staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.staged[rel] = None
        return dest

    def write(self, rel: str, data: bytes) -> None:
        """File ``rel`` (``2026/slug/index.html``) with ``data``."""
        dest = self._due(rel, digest(data))
        if dest is not None:
            dest.write_bytes(data)

    def write_made(self, rel: str, key: str, make: Callable[[], bytes]) -> None:
        """File ``rel`` whose bytes ``make`` returns; ``key`` must change whenever they do (and
        differ from keys of other kinds: a prefix), so ``make`` is called only when the output
        does not have them yet."""
        dest = self._due(rel, key)
        if dest is not None:
            dest.write_bytes(make())

    def place(self, rel: str, src: Path | str, key: str) -> None:
        """File ``rel`` with the bytes of ``src`` (a hard link when possible, else a copy); ``key``
        names those bytes (a content digest or an immutable bundle's name)."""
        dest = self._due(rel, "f:" + key)
        if dest is None:
            return
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()  # placed twice in one build
        try:
            os.link(src, dest)
        except OSError:
            shutil.copyfile(src, dest)

    def discard(self) -> None:
        """The build failed: forget the staged files."""
        if self.cache_dir is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, swap: Callable[[Path, Path], None]) -> None:
        """Make the output what this build made. ``swap(new, final)`` replaces the whole folder
        (first build or an output no manifest describes)."""
        if self.cache_dir is None:
            return
        key = str(self.final.resolve())
        manifest = {"penanda": self._token, "berkas": self.new}
        manifest_file = state_file(self.cache_dir, self.final, MANIFEST)
        if self.full:
            self.staging.mkdir(parents=True, exist_ok=True)
            (self.staging / MARKER).write_text(self._token, "utf-8")
            swap(self.staging, self.final)
            cache.save(manifest_file, key, manifest)
            return
        if not self.staged and not self.removed:
            return
        journal = self.prepare()
        with _signals_deferred():
            if _apply(self.final, self.staging, journal["hapus"], journal["tulis"]):
                cache.save(manifest_file, key, manifest)
            else:
                manifest_file.unlink(missing_ok=True)
            state_file(self.cache_dir, self.final, JOURNAL).unlink()
            shutil.rmtree(self.staging, ignore_errors=True)  # only emptied folders are left

    @property
    def removed(self) -> list[str]:
        """Files of the previous output that this build did not make."""
        return sorted(self._old.keys() - self.new.keys())

    def prepare(self) -> dict[str, Any]:
        """Save the journal of the commit (first step of :meth:`commit` for an output updated in
        place): from here on, an interrupted commit is completed by :func:`recover`."""
        assert self.cache_dir is not None
        journal = {"penanda": self._token, "berkas": self.new, "tulis": list(self.staged), "hapus": self.removed}
        cache.save(state_file(self.cache_dir, self.final, JOURNAL), str(self.final.resolve()), journal)
        return journal
