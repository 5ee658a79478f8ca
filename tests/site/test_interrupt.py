"""Issue 13: Ctrl-C or a kill during `jdih situs bangun` never leaves a partial site in site/.

A real `jdih situs bangun` is interrupted (SIGINT, SIGKILL) at each phase of the build, seen
from outside by what appears in the build folder beside site/; site/ must then be exactly the
previous whole site or the new whole site, and running the command again completes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import make_post
from jdih.site.build import build_site
from support.site_build import add_public_posts, situs_project

STAGING = ".jdih-tmp-site.baru"
# What appears in the build folder, in build order: MkDocs' own pages, our post pages, media,
# the search index.
PHASES = ["", "index.html", "2026", "m", "pagefind"]


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


def _interrupt_at(proc: subprocess.Popen[bytes], marker: Path, sig: int) -> bool:
    """Send ``sig`` as soon as ``marker`` exists; False if the build ended first."""
    while proc.poll() is None:
        if marker.exists():
            proc.send_signal(sig)
            return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_build_leaves_a_whole_site(tmp_path: Path, sig: int) -> None:
    project = situs_project(tmp_path / "proyek")
    add_public_posts(project)
    for i in range(60):
        make_post(project, f"tambahan-{i:02d}", "diunggah", judul=f"Publikasi tambahan {i}")
    site = build_site(project.root)
    old = _snapshot(site)
    post = project.content_dir / "2026/pos-publik-04/index.md"
    post.write_text(post.read_text("utf-8").replace("bagian 4.", "bagian empat yang diperbarui."), "utf-8")
    new = _snapshot(build_site(project.root, tmp_path / "bersih"))
    assert new != old

    interrupted = 0
    for phase in PHASES:
        proc = _bangun(project.root)
        hit = _interrupt_at(proc, project.root / STAGING / phase, sig)
        _, err = proc.communicate(timeout=120)
        now = _snapshot(site)
        assert now in (old, new), f"site/ sebagian setelah {signal.Signals(sig).name} pada fase {phase!r}"
        if hit and proc.returncode != 0:
            interrupted += 1
            assert b"Traceback" not in err
            if sig == signal.SIGINT:
                assert proc.returncode == 130 and "dibatalkan" in err.decode()
                assert not (project.root / STAGING).exists()  # cleaned up on Ctrl-C
        if now == new:
            old = new  # the build got through; later rounds start from the new site
    assert interrupted >= 3, "the build ended before most interrupts: the test did not test"
    # running the command again completes the work
    proc = _bangun(project.root)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert _snapshot(site) == new
    assert not (project.root / STAGING).exists()
    assert not list(project.root.glob(".jdih-tmp-*"))
    assert os.listdir(project.root / "site")
