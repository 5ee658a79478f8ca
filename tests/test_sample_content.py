"""The sample generator (scripts/tools/generate_sample_content.py + sample_content.yml) rebuilds content/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from helpers import REPO
from jdih.project import Project

GENERATOR = REPO / "scripts" / "tools" / "generate_sample_content.py"


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_rebuilds_the_committed_sample_content(project: Project) -> None:
    run = subprocess.run([sys.executable, str(GENERATOR), "--root", str(project.root)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "22 contoh" in run.stdout

    made, committed = _files(project.content_dir), _files(REPO / "content")
    assert sorted(made) == sorted(committed)
    for name, path in made.items():
        if name.endswith(".md"):
            assert path.read_bytes() == committed[name].read_bytes(), name
        else:
            # JPEG bytes depend on the fonts installed; the layout and size do not.
            with Image.open(path) as new, Image.open(committed[name]) as old:
                assert new.size == old.size, name
