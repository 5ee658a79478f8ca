"""Fixtures shared by every area's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import new_project
from jdih.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh project (repo's sop/ + mkdocs.yml, empty content/) in a temp folder."""
    return new_project(tmp_path / "proyek")


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a real token from the developer's environment."""
    import os

    for key in list(os.environ):
        if key.startswith("JDIH_") and key != "JDIH_SEKARANG":
            monkeypatch.delenv(key, raising=False)
