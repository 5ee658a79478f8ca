"""Issue 13, issue 15: Ctrl-C or a kill during `jdih situs bangun` never leaves a partial site in
site/, and running the command again completes the work.

A real `jdih situs bangun` rebuild after a post changed is interrupted (SIGINT, SIGKILL) at each
phase, seen from outside by what appears beside site/ (the staging folder of changed files, the
commit's journal). site/ must then be exactly the previous whole site or the new whole site,
except after a SIGKILL during the commit itself (renaming the staged files into site/, a few
milliseconds), which leaves the journal for the next build to complete; and the next build
always gives exactly the site of a clean build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import make_post
from jdih.site.build import build_site
from jdih.site.output import JOURNAL, state_file
from jdih.site.search_store import scratch_glob, scratch_root
from support.site_build import add_public_posts, site_project

STAGING = ".jdih-tmp-site.baru"
# What appears while a rebuild works, in order: Pagefind's scratch folder (it starts on the
# changed post's part before the other posts are read), the staging folder, the changed post
# page, the search index's changed files, the journal of the commit.
PHASES = ["PAGEFIND", STAGING, f"{STAGING}/2026", f"{STAGING}/pagefind", "JURNAL"]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".jdih-situs"
    }


def _bangun(root: Path) -> subprocess.Popen[bytes]:
    jdih = Path(sys.executable).with_name("jdih")
    return subprocess.Popen(
        [str(jdih), "--proyek", str(root), "situs", "bangun"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _scratch(root: Path) -> list[Path]:
    """Pagefind's scratch folders of the project at ``root``."""
    cache = root / ".jdih/situs-cache"
    return list(scratch_root(cache).glob(scratch_glob(cache)))


def _interrupt_at(proc: subprocess.Popen[bytes], marker: Callable[[], bool], sig: int) -> bool:
    """Send ``sig`` as soon as ``marker()`` is true; False if the build ended first."""
    while proc.poll() is None:
        if marker():
            proc.send_signal(sig)
            return True
        time.sleep(0.002)
    return False


def _clean(root: Path, where: Path) -> dict[str, bytes]:
    copy = where / "salinan"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".jdih", "site", ".jdih-tmp-*"))
    return _snapshot(build_site(copy))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_build_leaves_a_whole_site(tmp_path: Path, sig: int) -> None:
    project = site_project(tmp_path / "proyek")
    add_public_posts(project)
    for i in range(60):
        make_post(project, f"tambahan-{i:02d}", "diunggah", judul=f"Publikasi tambahan {i}")
    site = build_site(project.root)
    time.sleep(2.1)  # past the racy-stat window: the next builds know which post changed and
    build_site(project.root)  # start Pagefind on its part early (the "PAGEFIND" phase)
    journal = state_file(project.root / ".jdih/situs-cache", site, JOURNAL)
    post = project.content_dir / "2026/pos-publik-04/index.md"
    original = post.read_text("utf-8")

    interrupted = 0
    for n, phase in enumerate(PHASES):
        old = _snapshot(site)
        post.write_text(original.replace("bagian 4.", f"bagian empat, versi {n}."), "utf-8")
        new = _clean(project.root, tmp_path / f"bersih-{n}")
        assert new != old
        proc = _bangun(project.root)
        marker = {"JURNAL": journal.exists, "PAGEFIND": lambda: bool(_scratch(project.root))}.get(
            phase, (project.root / phase).exists
        )
        hit = _interrupt_at(proc, marker, sig)
        _, err = proc.communicate(timeout=120)
        now = _snapshot(site)
        if not (sig == signal.SIGKILL and journal.exists()):  # else killed inside the commit
            assert now in (old, new), f"site/ sebagian setelah {signal.Signals(sig).name} pada fase {phase!r}"
        if hit and proc.returncode != 0:
            interrupted += 1
            assert b"Traceback" not in err
            if sig == signal.SIGINT:
                assert proc.returncode == 130 and "dibatalkan" in err.decode()
                assert not (project.root / STAGING).exists()  # cleaned up on Ctrl-C
        # running the command again completes the work
        proc = _bangun(project.root)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert _snapshot(site) == new
        assert not (project.root / STAGING).exists() and not journal.exists()
        assert not list(project.root.glob(".jdih-tmp-*"))
        assert not _scratch(project.root)  # a killed build's too: removed by the next one
    assert interrupted >= 3, "the build ended before most interrupts: the test did not test"
    assert os.listdir(project.root / "site")
