"""Fixtures of the git workflow tests (support code in alur_kantor.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from alur_kantor import Office


@pytest.fixture
def office(tmp_path: Path) -> Office:
    """A fresh office: bare remote plus one clone per person."""
    return Office(tmp_path)
