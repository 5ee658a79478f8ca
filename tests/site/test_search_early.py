"""Issue 15: after a post changed, its search part is reindexed before the other posts are read
(``jdih.site.search_early``), and the output is what a clean build gives whether that guess of
the part was right or not."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from jdih.errors import JdihError
from jdih.project import Project
from jdih.site.build import build_site
from jdih.site.collect import Collector
from jdih.site.output import Output
from jdih.site.search import SearchIndex
from jdih.site.search_early import LIMIT, start_early
from support.site_build import add_public_posts, site_project

PART = 6  # posts per part: 25 posts make 5 parts


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _project(tmp_path: Path) -> tuple[Project, Collector]:
    """A project indexed once, read again after the racy-stat window so every stat is trusted."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    collector = Collector(project, "uji")
    index = SearchIndex(project.state_dir / "situs-cache", size=PART, scratch=tmp_path)
    index.start(collector.collect().posts, str.upper)
    index.finish(Output(tmp_path / "awal"), "")
    time.sleep(2.1)  # a file changed within 2 s of its reading may keep its stat: read once more
    collector.collect()
    return project, collector


def _edit(project: Project, slug: str, extra: str) -> None:
    path = project.content_dir / "2026" / slug / "index.md"
    path.write_text(path.read_text("utf-8") + f"\n{extra}\n", "utf-8")


def _clean_index(project: Project, where: Path) -> dict[str, bytes]:
    posts = Collector(project, "uji-bersih").collect().posts
    index = SearchIndex(where / "cache", size=PART, scratch=where)
    index.start(posts, str.upper)
    index.finish(Output(where / "keluaran"), "")
    return _snapshot(where / "keluaran")


def test_changed_posts_are_read_without_the_others(tmp_path: Path) -> None:
    project, collector = _project(tmp_path)
    assert collector.changed(collector.scan(), LIMIT) == []
    _edit(project, "pos-publik-02", "kata tambahan")
    changed = collector.changed(collector.scan(), LIMIT)
    assert changed is not None and [p.id for p in changed] == ["2026/pos-publik-02"]
    assert "kata tambahan" in changed[0].caption_html
    assert collector.changed(collector.scan(), 0) is None  # over the limit: no guess
    (project.content_dir / "2026/pos-publik-02/index.md").rename(project.content_dir / "2026/pos-publik-02/lama.md")
    assert collector.changed(collector.scan(), LIMIT) is None  # a post left: the parts move


def test_right_guess_reindexes_the_part_once_and_equals_a_clean_index(tmp_path: Path) -> None:
    project, collector = _project(tmp_path)
    _edit(project, "pos-publik-02", "rekapitulasi tambahan")
    changed = collector.changed(collector.scan(), LIMIT)
    assert changed is not None
    index = SearchIndex(project.state_dir / "situs-cache", size=PART, scratch=tmp_path)
    assert start_early(index, changed, str.upper)
    (guess,) = index._queued
    index.start(collector.collect().posts, str.upper)
    assert index._queued == {guess} and guess in {key for _, key in index.parts}
    index.finish(Output(tmp_path / "keluaran"), "")
    assert index.store.has(guess)
    assert _snapshot(tmp_path / "keluaran") == _clean_index(project, tmp_path / "bersih")


def test_wrong_guess_is_stopped_and_never_stored(tmp_path: Path) -> None:
    project, collector = _project(tmp_path)
    _edit(project, "pos-publik-02", "rekapitulasi tambahan")
    changed = collector.changed(collector.scan(), LIMIT)
    assert changed is not None
    wrong = [dataclasses.replace(p, title=p.title + " tebakan") for p in changed]  # not what the build reads
    index = SearchIndex(project.state_dir / "situs-cache", size=PART, scratch=tmp_path)
    assert start_early(index, wrong, str.upper)
    (guess,) = index._queued
    index.start(collector.collect().posts, str.upper)
    assert guess not in {key for _, key in index.parts}
    index.finish(Output(tmp_path / "keluaran"), "")
    assert not index.store.has(guess)
    assert _snapshot(tmp_path / "keluaran") == _clean_index(project, tmp_path / "bersih")


def test_a_broken_changed_post_is_reported_as_without_the_early_start(tmp_path: Path) -> None:
    """The early start is a guess: a changed post it cannot read is reported by the build as ever
    (Indonesian error naming the file), and the output is left as it was."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    site = build_site(project.root)
    time.sleep(2.1)
    build_site(project.root)  # every stat now trusted: the next build looks for changed posts early
    before = _snapshot(site)
    post = project.content_dir / "2026/pos-publik-02/index.md"
    post.write_text(post.read_text("utf-8").replace("judul:", "judul: [rusak", 1), "utf-8")
    with pytest.raises(JdihError) as err:
        build_site(project.root)
    assert err.value.file is not None and Path(err.value.file).resolve() == post.resolve()
    assert _snapshot(site) == before
