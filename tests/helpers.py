"""Shared test helpers: a project in a temp folder and posts with a valid SOP history.

Every area's tests build their own content with these, so they never depend on the sample
content in ``content/`` nor on today's date.
"""

from __future__ import annotations

import shutil
from collections import deque
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jdih.people import People
from jdih.post import write_post
from jdih.project import Project
from jdih.sop_model import Sop
from jdih.workflow import apply_transition

REPO = Path(__file__).resolve().parents[1]
WIB = ZoneInfo("Asia/Jakarta")
# A Monday morning in office hours, far from holidays; tests pass "now" explicitly.
T0 = datetime(2026, 11, 16, 8, 0, tzinfo=WIB)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=WIB)


def new_project(root: Path) -> Project:
    """A project folder with the repo's sop/, mkdocs.yml, kantor.yml and aset/ and an empty content/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "sop", root / "sop", dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "kantor.yml", root / "kantor.yml")
    shutil.copytree(REPO / "aset", root / "aset", dirs_exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    return Project(root)


def write_announce_settings(root: Path, text: str) -> Path:
    """Make ``text`` (flat keys) the ``pengumuman`` section of ``kantor.yml`` (its only section:
    the office identity falls back to the defaults). Line n of ``text`` is line n + 1 of the file."""
    path = root / "kantor.yml"
    path.write_text("pengumuman:\n" + "".join(f"  {line}\n" for line in text.splitlines()), encoding="utf-8")
    return path


def path_to(sop: Sop, target: str) -> list[str]:
    """Shortest list of states from a new post to ``target`` (avoiding perbaikan loops)."""
    queue: deque[tuple[str | None, list[str]]] = deque([(None, [])])
    seen: set[str | None] = {None}
    while queue:
        state, path = queue.popleft()
        if state == target:
            return path
        for t in sop.transitions_from(state):
            if t.target not in seen:
                seen.add(t.target)
                queue.append((t.target, [*path, t.target]))
    raise ValueError(f"status {target} tidak terjangkau")


def actor_for(sop: Sop, people: People, from_state: str | None, to_state: str) -> str:
    """The first person allowed to make the transition."""
    t = sop.transition(from_state, to_state)
    assert t is not None
    for p in people.by_id.values():
        if p.has_role(*t.roles):
            return p.id
    raise ValueError(f"tidak ada orang untuk {from_state}->{to_state}")


def history_meta(
    project: Project,
    states: list[str],
    start: datetime = T0,
    step_minutes: float = 5,
    notes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Front matter (status + riwayat) after walking ``states`` one step every ``step_minutes``."""
    meta: dict[str, Any] = {}
    t = start
    for target in states:
        actor = actor_for(project.sop, project.people, meta.get("status"), target)
        meta = apply_transition(project.sop, project.people, meta, target, actor, t, (notes or {}).get(target))
        t = t + timedelta(minutes=step_minutes)
    return meta


def make_image(path: Path, size: tuple[int, int] = (1080, 1080), color: str = "#8B0000", fmt: str = "JPEG") -> Path:
    """A real image file Pillow can open."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).rectangle((10, 10, size[0] - 10, size[1] // 4), fill="#FFD700")
    img.save(path, fmt)
    return path


def make_post(
    project: Project,
    slug: str,
    status: str = "diunggah",
    *,
    year: int = 2026,
    judul: str | None = None,
    body: str = "Mari mengenal aturan pemilu bersama JDIH KPU Kabupaten Kotawaringin Timur.",
    platform: list[str] | None = None,
    kategori: str = "rutin-edukasi",
    image: bool = True,
    start: datetime = T0,
    step_minutes: float = 5,
    states: list[str] | None = None,
    **extra: Any,
) -> Path:
    """Write ``content/<year>/<slug>/index.md`` with a valid history ending in ``status``."""
    platform = platform or ["instagram", "facebook", "x"]
    folder = project.content_dir / str(year) / slug
    meta = history_meta(project, states or path_to(project.sop, status), start, step_minutes)
    meta.update({"judul": judul or f"Judul {slug}", "kategori": kategori, "platform": platform})
    if image:
        make_image(folder / "gambar-1.jpg")
        meta["media"] = [{"berkas": "gambar-1.jpg", "alt": f"Infografis {slug}"}]
    if project.sop.is_published(meta["status"]):
        meta["tautan"] = {p: f"https://contoh.invalid/{p}/{slug}" for p in platform}
    meta.update(extra)
    write_post(folder / "index.md", meta, body)
    return folder / "index.md"
