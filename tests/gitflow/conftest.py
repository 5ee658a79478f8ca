"""Fixtures of the git workflow tests (support code in alur_kantor.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.office import Office


@pytest.fixture
def office(tmp_path: Path) -> Office:
    """A fresh office: bare remote plus one clone per person."""
    return Office(tmp_path)
