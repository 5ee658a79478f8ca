"""Fixtures for the reports tests: posts with hand-written histories of KNOWN working durations.

Office hours (sop/alur.yml): Mon-Thu 07:30-12:00 and 13:00-16:00, Fri 07:30-11:30 and
13:00-16:30, WIB; weekends and Indonesian public holidays (``holidays``) excluded.
Every duration noted beside an entry below was computed by hand from those hours.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from jdih.post import write_post
from jdih.project import Project

WIB = ZoneInfo("Asia/Jakarta")
# Report time for the Semester II 2026 scenario: after the period, so the cut-off is 1 Jan 2027 00:00 WIB.
NOW = datetime(2027, 1, 4, 10, 0, tzinfo=WIB)

ACTOR = {
    "disposisi": "rahmat", "draf": "siti", "sunting": "dwi", "persetujuan": "siti", "disetujui": "rahmat",
    "perbaikan": "rahmat", "diunggah": "dwi", "diumumkan": "dwi", "dibatalkan": "rahmat",
}


def w(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A WIB instant."""
    return datetime(y, mo, d, h, mi, tzinfo=WIB)


Writer = Callable[..., Path]


def _writer(project: Project) -> Writer:
    def add_post(slug: str, steps: list[tuple[Any, ...]] | None, *, status: str | None = None, year: int = 2026,
                 platform: list[str] | None = None, with_links: bool = True, **meta: Any) -> Path:
        """Write a post whose riwayat is ``steps``: (status, waktu) or (status, waktu, {extra})."""
        history = []
        for step in steps or []:
            entry: dict[str, Any] = {"status": step[0], "oleh": ACTOR[step[0]], "waktu": step[1]}
            if len(step) > 2:
                entry.update(step[2])
            history.append(entry)
        platform = platform or ["instagram", "facebook"]
        data: dict[str, Any] = {
            "judul": meta.pop("judul", f"Konten {slug}"),
            "status": status or (history[-1]["status"] if history else "draf"),
            "kategori": meta.pop("kategori", "rutin-edukasi"),
            "platform": platform,
            **meta,
        }
        if steps is not None:
            data["riwayat"] = history
        if with_links and any(e["status"] in ("diunggah", "diumumkan") for e in history):
            data["tautan"] = {p: f"https://contoh.invalid/{p}/{slug}" for p in platform}
        path = project.content_dir / str(year) / slug / "index.md"
        write_post(path, data, f"Teks konten {slug}.")
        return path

    return add_post


@pytest.fixture
def add_post(project: Project) -> Writer:
    """Writes a post with an explicit riwayat into the test project."""
    return _writer(project)


def semester2_posts(add_post: Writer, project: Project) -> None:
    """The Semester II 2026 scenario (see test_laporan_figures.py for every expected figure)."""
    # P1: disposisi Friday 15:00 (mulai 14:50: step 1 = 10), draf Monday 09:00 (step 2 = 90 + 90 = 180),
    # sunting 09:20 (20), persetujuan 09:50 (30), disetujui 10:00 (10), diumumkan 10:10 (step 6 = 10). Cycle 260.
    add_post("jumat-senin", [
        ("disposisi", w(2026, 11, 20, 15), {"mulai": w(2026, 11, 20, 14, 50)}),
        ("draf", w(2026, 11, 23, 9)), ("sunting", w(2026, 11, 23, 9, 20)),
        ("persetujuan", w(2026, 11, 23, 9, 50)), ("disetujui", w(2026, 11, 23, 10)),
        ("diunggah", w(2026, 11, 23, 10, 5)), ("diumumkan", w(2026, 11, 23, 10, 10)),
    ], seri="Istilah Pemilu", judul="Mengenal Istilah Pemilu: DPT")
    # P2: one perbaikan round. Step 2 = 120; step 3: 40 then 10; step 4: 20, 20; step 5: 20 (perbaikan) then
    # 11:50→13:05 across lunch = 10 + 5 = 15; step 6: 13:05→13:30 = 25. Cycle 270.
    add_post("perbaikan", [
        ("disposisi", w(2026, 10, 5, 8)), ("draf", w(2026, 10, 5, 10)), ("sunting", w(2026, 10, 5, 10, 40)),
        ("persetujuan", w(2026, 10, 5, 11)), ("perbaikan", w(2026, 10, 5, 11, 20), {"catatan": "Perbaiki nomor"}),
        ("sunting", w(2026, 10, 5, 11, 30)), ("persetujuan", w(2026, 10, 5, 11, 50)),
        ("disetujui", w(2026, 10, 5, 13, 5)), ("diunggah", w(2026, 10, 5, 13, 10)),
        ("diumumkan", w(2026, 10, 5, 13, 30)),
    ], platform=["x"], kategori="pengumuman")
    # P3: scheduled over Natal. Steps 2-5: 60, 30, 30, 10. jadwal Wed 23 Dec 15:00; announced Mon 28 Dec 08:00:
    # step 6 = Wed 15:00-16:00 (60) + Thu 24 Dec cuti bersama + Fri 25 Dec holiday + weekend + Mon 07:30-08:00 (30)
    # = 90. Cycle 220.
    add_post("natal", [
        ("disposisi", w(2026, 12, 22, 8)), ("draf", w(2026, 12, 22, 9)), ("sunting", w(2026, 12, 22, 9, 30)),
        ("persetujuan", w(2026, 12, 22, 10)), ("disetujui", w(2026, 12, 22, 10, 10)),
        ("diunggah", w(2026, 12, 28, 7, 50)), ("diumumkan", w(2026, 12, 28, 8)),
    ], platform=["instagram", "facebook", "x"], kategori="peringatan-hari-penting", jadwal=w(2026, 12, 23, 15))
    # P4: still waiting in sunting at the cut-off. Step 2 = 120; step 3 = Tue 10-12 + 13-16 + Wed 07:30-08:00 = 330.
    # Waiting on step 4 since Wed 30 Dec 08:00: Wed 240 + 180, Thu 31 Dec 450 = 870.
    add_post("menunggu", [
        ("disposisi", w(2026, 12, 29, 8)), ("draf", w(2026, 12, 29, 10)), ("sunting", w(2026, 12, 30, 8)),
    ])
    # P5: cancelled.
    add_post("batal", [("disposisi", w(2026, 9, 1, 8)), ("dibatalkan", w(2026, 9, 2, 8))])
    # Inconsistent histories: status mismatch, out of order, forbidden jump, no riwayat, and a junk file.
    add_post("status-beda", [("disposisi", w(2026, 8, 3, 8)), ("draf", w(2026, 8, 3, 9))], status="sunting")
    add_post("urutan-kacau", [("disposisi", w(2026, 8, 10, 9)), ("draf", w(2026, 8, 10, 8))])
    add_post("lompat", [("disposisi", w(2026, 8, 11, 8)), ("disetujui", w(2026, 8, 11, 9))])
    add_post("tanpa-riwayat", None, status="draf")
    junk = project.content_dir / "2026" / "sampah" / "index.md"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"\x00\x01\x02biner")
    # P8: published in Semester I (June): outside 2026-S2.
    add_post("juni", [
        ("disposisi", w(2026, 6, 2, 8)), ("draf", w(2026, 6, 2, 9)), ("sunting", w(2026, 6, 2, 9, 30)),
        ("persetujuan", w(2026, 6, 2, 10)), ("disetujui", w(2026, 6, 2, 10, 10)),
        ("diunggah", w(2026, 6, 2, 10, 15)), ("diumumkan", w(2026, 6, 2, 10, 20)),
    ], platform=["facebook"])


@pytest.fixture
def semester2(project: Project, add_post: Writer) -> Project:
    """A project holding the Semester II 2026 scenario."""
    semester2_posts(add_post, project)
    return project


def git(root: Path, *args: str, when: datetime | None = None, author: str = "Dwi Lestari",
        email: str = "dwi.lestari@kpu-kotimkab.go.id") -> str:
    """Run git in ``root`` with a fixed author and time."""
    import os

    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": author,
           "GIT_COMMITTER_EMAIL": email}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    proc = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def git_init(root: Path) -> None:
    """A fresh repository with a deterministic branch name."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")


def commit_all(root: Path, message: str, when: datetime, **kw: str) -> str:
    """Stage everything and commit at ``when``; returns the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when, **kw)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def gk() -> Any:
    """Helpers for tests: ``gk.w`` (WIB instant), ``gk.git``, ``gk.init``, ``gk.commit``, ``gk.now``."""
    from types import SimpleNamespace

    return SimpleNamespace(w=w, git=git, init=git_init, commit=commit_all, now=NOW)
