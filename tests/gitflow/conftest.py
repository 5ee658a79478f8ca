"""Fixtures of the git workflow tests (support code in tests/support/office.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports import conftest as reports_fixtures
from support.office import Office

# The hand-made git repositories of the reports tests, shared by the history reader's tests.
gk = reports_fixtures.gk
add_post = reports_fixtures.add_post


@pytest.fixture
def office(tmp_path: Path) -> Office:
    """A fresh office: bare remote plus one clone per person."""
    return Office(tmp_path)
