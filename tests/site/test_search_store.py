"""The store of finished Pagefind bundles (one file per distinct content) and Pagefind's scratch folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jdih.site.collect import Collector
from jdih.site.output import Output
from jdih.site.search import SearchIndex
from jdih.site.search_store import BundleStore, clean_scratch, new_scratch
from support.site_build import add_public_posts, site_project


def _bundle(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def test_bundles_share_stored_files_and_prune_keeps_only_what_kept_bundles_use(tmp_path: Path) -> None:
    store = BundleStore(tmp_path / "cari")
    store.add("satu", _bundle(tmp_path / "a", {"pagefind.js": b"mesin", "fragment/x.pf_fragment": b"lama"}))
    store.add("dua", _bundle(tmp_path / "b", {"pagefind.js": b"mesin", "fragment/y.pf_fragment": b"baru"}))
    assert store.has("satu") and store.has("dua") and not store.has("tiga")
    assert len(list(store.files.iterdir())) == 3  # the engine is stored once
    two = store.files_of("dua")
    assert sorted(two) == ["fragment/y.pf_fragment", "pagefind.js"]
    assert Path(store.path(two["fragment/y.pf_fragment"])).read_bytes() == b"baru"
    (store.files / "sisa.tmp-1").write_bytes(b"x")  # a killed write
    (store.lists / "kunci-lama").mkdir()  # a bundle folder of the layout before the store
    store.prune({"dua"})
    assert not store.has("satu") and sorted(p.name for p in store.lists.iterdir()) == ["dua.json"]
    assert sorted(p.read_bytes() for p in store.files.iterdir()) == [b"baru", b"mesin"]


def test_scratch_of_a_killed_build_is_removed_and_a_running_ones_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    mine = new_scratch(tmp_path, cache)
    killed = tmp_path / mine.name.replace(f"-{os.getpid()}-", f"-{dead_pid}-")
    other_project = new_scratch(tmp_path, tmp_path / "lain")
    other_killed = tmp_path / other_project.name.replace(f"-{os.getpid()}-", f"-{dead_pid}-")
    for folder in (mine, killed, other_killed):
        (folder / "fragment").mkdir(parents=True)
    clean_scratch(tmp_path, cache)
    assert mine.exists() and not killed.exists()
    assert other_killed.exists()  # another project's: left to its own builds


def test_pagefind_falls_back_to_the_cache_when_tmpfs_cannot_be_written(tmp_path: Path) -> None:
    """A tmpfs that cannot take Pagefind's output (full, as a container's small /dev/shm may be)
    only moves the scratch folder into the cache; the index is the same."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    posts = Collector(project, "uji").collect().posts
    not_a_folder = tmp_path / "shm"
    not_a_folder.write_bytes(b"")  # Pagefind cannot create its output below it
    fallen = SearchIndex(tmp_path / "cache-a", size=1000, scratch=not_a_folder)
    fallen.start(posts, str.upper)
    fallen.finish(Output(tmp_path / "a"), "")
    scratch = tmp_path / "tmpfs"
    scratch.mkdir()
    usual = SearchIndex(tmp_path / "cache-b", size=1000, scratch=scratch)
    usual.start(posts, str.upper)
    usual.finish(Output(tmp_path / "b"), "")
    assert (tmp_path / "a/pagefind-entry.json").is_file()
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b
    assert not list((tmp_path / "cache-a").glob("jdih-cari-*")) and not list(scratch.iterdir())
