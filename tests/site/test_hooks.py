"""The MkDocs side: mkdocs.yml says what is used, and `mkdocs serve` (only) relaxes the CSP."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdih.errors import ConfigError
from jdih.project import Project
from jdih.site.build import build_site
from support.site_build import add_public_posts, site_project


def test_other_docs_dir_is_refused_clearly(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("docs_dir: sop", "docs_dir: content"), "utf-8")
    with pytest.raises(ConfigError) as err:
        build_site(project.root, tmp_path / "site")
    assert "docs_dir di mkdocs.yml harus 'sop'" in err.value.message
    assert err.value.location().endswith("mkdocs.yml")
    assert not (tmp_path / "site").exists()


def test_mkdocs_yml_names_the_folder_used(tmp_path: Path) -> None:
    """The repository's mkdocs.yml is what the build uses: no setting is replaced behind its back."""
    from mkdocs.config import load_config

    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    cfg = load_config(str(project.root / "mkdocs.yml"))
    assert Path(cfg.docs_dir).resolve() == (project.root / "sop").resolve()
    site = build_site(project.root, tmp_path / "site")
    assert not (site / "alur.yml").exists() and not (site / "sop.md").exists()  # nothing of docs_dir is copied
    for asset in ("assets/jdih/jdih.css", "assets/jdih/cari.js", "assets/jdih/md-scope.js"):
        assert (site / asset).is_file(), asset  # the theme's files are


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _preview(root: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`jdih situs pratinjau` of the project at ``root`` on a free port."""
    port = _free_port()
    jdih = Path(sys.executable).with_name("jdih")
    proc = subprocess.Popen(
        [str(jdih), "--proyek", str(root), "situs", "pratinjau", "--alamat", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return proc, port


def _wait_for(url: str, text: str, proc: subprocess.Popen[bytes], limit: float = 180.0) -> str:
    """The page at ``url`` once it contains ``text`` (the server rebuilds in the background)."""
    end = time.monotonic() + limit
    body = ""
    while time.monotonic() < end:
        assert proc.poll() is None, "server pratinjau berhenti"
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                body = resp.read().decode("utf-8")
            if text in body:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} tidak muncul di {url}: {body[:300]}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Project, subprocess.Popen[bytes], int]]:
    """`jdih situs pratinjau` over a project with public posts; stopped with Ctrl+C (SIGINT) afterwards."""
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    proc, port = _preview(project.root)
    try:
        yield project, proc, port
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
def test_preview_allows_live_reload_and_build_does_not(
    preview: tuple[Project, subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    project, proc, port = preview
    url = f"http://127.0.0.1:{port}/jdih-medsos/2026/pos-publik-01/"
    page = _wait_for(url, "Mengenal Aturan Pemilu Bagian 1", proc)
    assert "script-src &#39;self&#39; &#39;unsafe-inline&#39;" in page
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    # a build in a process that ran a preview before is strict again (the mode comes from on_startup)
    site = build_site(project.root, tmp_path / "site")
    assert "unsafe-inline&#39;; style" not in (site / "2026/pos-publik-01/index.html").read_text("utf-8")


@pytest.mark.slow
def test_preview_serves_a_changed_post_again(preview: tuple[Project, subprocess.Popen[bytes], int]) -> None:
    """Live reload: after a post changed, the preview serves its new text (issue 15 left it working)."""
    project, proc, _ = preview
    assert proc.stdout is not None
    first = proc.stdout.readline().decode()
    base = re.search(r"http://\S+", first)
    assert base, first
    page = base.group(0) + "2026/pos-publik-07/"
    html = _wait_for(page, "bagian 7.", proc)
    assert "livereload" in html  # MkDocs' reload script is in the page (and the CSP lets it run)
    home = _wait_for(base.group(0), "Beranda", proc)
    assert "<h1" in home
    post = project.content_dir / "2026/pos-publik-07/index.md"
    post.write_text(post.read_text("utf-8").replace("bagian 7.", "bagian tujuh, diubah saat pratinjau."), "utf-8")
    _wait_for(page, "bagian tujuh, diubah saat pratinjau.", proc)
