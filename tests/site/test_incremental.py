"""Issue 15: a rebuild after one post changed writes only the files whose bytes changed, skips
MkDocs when nothing it reads changed, and still gives exactly what a clean build of the same
project gives (a fresh copy without .jdih/ and site/)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from helpers import make_post
from jdih.project import Project
from jdih.site import quick
from jdih.site.build import build_site
from jdih.site.generator import SiteBuild
from jdih.site.output import JOURNAL, Output, aside, state_file
from jdih.site.shell import Shells
from support.site_build import add_public_posts, site_project

MARKER = ".jdih-situs"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != MARKER}


def _identity(root: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: a file written again gets a new pair."""
    out = {}
    for p in root.rglob("*"):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def _clean_build(project: Project, where: Path) -> dict[str, bytes]:
    """The site of a fresh copy of ``project`` (no cache, no previous output)."""
    copy = where / "salinan"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".jdih", "site", ".jdih-tmp-*"))
    return _snapshot(build_site(copy))


def _edit(project: Project, post: str, old: str, new: str) -> None:
    path = project.content_dir / post / "index.md"
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_rebuild_rewrites_only_changed_files(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    make_post(project, "akan-dihapus", "diunggah", judul="Pos yang akan dihapus", tag=["sekali"])
    site = build_site(project.root)
    before = _snapshot(site)
    ids = _identity(site)
    assert (site / "2026/akan-dihapus/index.html").is_file() and (site / "tag/sekali/index.html").is_file()

    _edit(project, "2026/pos-publik-11", "bagian 11.", "bagian sebelas yang diperbarui.")
    shutil.rmtree(project.content_dir / "2026/akan-dihapus")
    build_site(project.root)
    after = _snapshot(site)

    assert after == _clean_build(project, tmp_path / "bersih")
    assert not (site / "2026/akan-dihapus").exists() and not (site / "tag/sekali").exists()
    changed = {k for k in after if before.get(k) != after[k]}
    assert "2026/pos-publik-11/index.html" in changed
    now = _identity(site)
    # Every file whose bytes are the same was left alone (same inode, same mtime): theme files,
    # media, other posts' pages, unchanged parts of the search index.
    untouched = [k for k in after if k not in changed]
    assert len(untouched) > 3 * len(changed)
    assert [k for k in untouched if now[k] != ids[k]] == []
    assert not aside(site, "baru").exists()


def test_rebuild_without_mkdocs_until_its_inputs_change(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    site = build_site(project.root)
    mkdocs_out = project.root / ".jdih/situs-cache/mkdocs"
    theme_file = next(mkdocs_out.rglob("*.css"))
    made = theme_file.stat().st_ino

    # A post on the home page changed: the fixed pages change, MkDocs does not run (its own
    # folder is not rebuilt), the result is still that of a clean build.
    _edit(project, "2026/pos-publik-24", "bagian 24.", "bagian dua puluh empat, diperbarui.")
    build_site(project.root)
    assert theme_file.stat().st_ino == made
    assert "dua puluh empat, diperbarui" in (site / "2026/pos-publik-24/index.html").read_text("utf-8")
    assert _snapshot(site) == _clean_build(project, tmp_path / "bersih-1")

    # mkdocs.yml changed: MkDocs runs again and its change reaches every page.
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8") + "\ncopyright: Hak cipta diubah untuk uji\n", "utf-8")
    build_site(project.root)
    assert "Hak cipta diubah untuk uji" in (site / "2026/pos-publik-24/index.html").read_text("utf-8")
    assert "Hak cipta diubah untuk uji" in (site / "index.html").read_text("utf-8")
    assert _snapshot(site) == _clean_build(project, tmp_path / "bersih-2")


def test_commit_cut_short_is_completed_by_the_next_build(tmp_path: Path) -> None:
    """The state a SIGKILL in the middle of a commit leaves (journal saved, half the staged files
    moved into site/) is completed by the next build, whose result equals a clean build."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    root = project.root.resolve()
    site = build_site(root)
    old = _snapshot(site)
    for i in range(0, 25, 3):
        _edit(project, f"2026/pos-publik-{i:02d}", f"bagian {i}.", f"bagian {i} yang diperbarui.")
    cache_dir = root / ".jdih/situs-cache"
    run = quick.load_run(cache_dir, quick.inputs_key(root, root / "mkdocs.yml", None, True))
    assert run is not None
    building = SiteBuild()
    building.start("build")
    building.load(root)
    building.make_fixed(run.settings.site_name)
    output = Output(site, cache_dir)
    building.write_fixed(output, run)
    building.write_site(output, run.settings, Shells(run.shells), run.fixed_urls)
    building.stop()
    journal = output.prepare()
    moved = journal["tulis"][: len(journal["tulis"]) // 2]
    assert len(moved) >= 5
    for rel in moved:  # what the commit did before the kill
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(aside(site, "baru") / rel, site / rel)
    mixed = _snapshot(site)
    assert mixed != old

    build_site(root)
    assert _snapshot(site) == _clean_build(project, tmp_path / "bersih")
    assert not state_file(cache_dir, site, JOURNAL).exists()
    assert not aside(site, "baru").exists()
