"""Fixtures of the QA regression tests: the git office of tests/alur is reused, not copied."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ALUR = str(Path(__file__).resolve().parent.parent / "alur")
if ALUR not in sys.path:
    sys.path.insert(0, ALUR)

from alur_kantor import Office  # noqa: E402


@pytest.fixture
def kantor(tmp_path: Path) -> Office:
    """A fresh office: bare remote plus one clone each for rahmat (kasubbag), siti (staf), dwi (pengelola)."""
    return Office(tmp_path)
