"""Finished Pagefind bundles, stored once per file content, and the scratch folder Pagefind writes into.

A part's bundle is about 2,050 files (one fragment per post, index and filter chunks, metadata),
and Pagefind names them after their content, so the bundle of a part made again after one post
changed shares all but a handful of files with the bundle before. A bundle is therefore kept
as a list (``cari/indeks/<bundle key>.json``: path in the bundle -> digest of its bytes) over
one file per distinct content (``cari/berkas/<digest>``): storing a new bundle writes only its
new files, and dropping a stale one deletes only the files no kept bundle uses. On this
project's ext4 disk, creating and later deleting 2,050 files per reindexed part cost more than
Pagefind's indexing itself (bench/site/README.md).

Pagefind writes its output into a scratch folder on tmpfs (``/dev/shm``) when the system has
one, else in the cache. Scratch folders carry the build's process id: a build killed with
SIGKILL (its Pagefind child dies with it) leaves one, removed by the next build of the same
project (:func:`clean_scratch`).

Kill safety: a stored file is written under a temporary name and renamed, and a bundle's list
is written (atomically) only after all its files, so a list always names whole stored files.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from pathlib import Path

from ..files import atomic_write
from .output import digest

LISTS = "indeks"  # in cari/: one list per bundle
FILES = "berkas"  # in cari/: the bundles' files, by digest
SCRATCH_PREFIX = "jdih-cari-"
TMPFS = Path("/dev/shm")


def _name(key: str) -> str:
    """A stored file's name: its digest without the manifest's kind prefix."""
    return key.removeprefix("b:")


class BundleStore:
    """The finished bundles of one project (``folder`` is ``.jdih/situs-cache/cari``)."""

    def __init__(self, folder: Path) -> None:
        self.lists = folder / LISTS
        self.files = folder / FILES
        self._read: dict[str, dict[str, str]] = {}  # lists already read (a list never changes)

    def list_file(self, key: str) -> Path:
        """The list of bundle ``key``."""
        return self.lists / f"{key}.json"

    def has(self, key: str) -> bool:
        """Is bundle ``key`` stored (finished)?"""
        return self.list_file(key).is_file()

    def files_of(self, key: str) -> dict[str, str]:
        """Bundle ``key``: each file's path in the bundle -> its digest (a manifest key)."""
        listing = self._read.get(key)
        if listing is None:
            listing = json.loads(self.list_file(key).read_text("utf-8"))
            assert isinstance(listing, dict)
            self._read[key] = listing
        return listing

    def path(self, file_key: str) -> str:
        """Where the file of digest ``file_key`` is stored (a string: asked for every file of
        every bundle at each build, where a ``Path`` costs more than the rest)."""
        return f"{self.files}{os.sep}{_name(file_key)}"

    def add(self, key: str, bundle: Path) -> None:
        """Store the finished bundle folder ``bundle`` as ``key``: its files not stored yet, then its list."""
        self.files.mkdir(parents=True, exist_ok=True)
        listing: dict[str, str] = {}
        for folder, _, names in os.walk(bundle):
            rel = os.path.relpath(folder, bundle)
            for name in names:
                data = Path(folder, name).read_bytes()
                file_key = digest(data)
                listing[name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")] = file_key
                dest = self.path(file_key)
                if not os.path.exists(dest):
                    tmp = f"{dest}.tmp-{os.getpid()}"
                    Path(tmp).write_bytes(data)
                    os.replace(tmp, dest)
        atomic_write(self.list_file(key), json.dumps(listing, sort_keys=True))
        self._read[key] = listing

    def prune(self, keep: set[str]) -> None:
        """Drop every bundle but ``keep``, the files no kept bundle uses and what killed builds
        left (temporary files, folders of the layout before this store)."""
        used = {_name(k) for key in keep for k in self.files_of(key).values()}
        wanted = {self.list_file(key).name for key in keep}
        for folder, names in ((self.lists, wanted), (self.files, used)):
            if not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                if entry.name in names:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    Path(entry.path).unlink(missing_ok=True)


def scratch_root(cache: Path) -> Path:
    """Where Pagefind writes: tmpfs when there is one (thousands of short-lived files need no disk
    journal), else the cache folder ``cache``."""
    if TMPFS.is_dir() and os.access(TMPFS, os.W_OK | os.X_OK):
        return TMPFS
    return cache


def _tag(cache: Path) -> str:
    """The project's part of its scratch folders' names (from its cache folder)."""
    return hashlib.blake2b(str(cache.resolve()).encode(), digest_size=4).hexdigest()


def scratch_glob(cache: Path) -> str:
    """The names of the scratch folders of the project of ``cache`` (a glob pattern)."""
    return f"{SCRATCH_PREFIX}{_tag(cache)}-*"


def new_scratch(root: Path, cache: Path) -> Path:
    """A new scratch folder name in ``root`` for this process's build of the project of ``cache``."""
    return root / f"{SCRATCH_PREFIX}{_tag(cache)}-{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_scratch(root: Path, cache: Path) -> None:
    """Remove the scratch folders that builds of this project killed earlier left in ``root``."""
    for folder in root.glob(scratch_glob(cache)):
        pid = folder.name.split("-")[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
