"""Fixtures shared by every area's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.github import FakeGitHub
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


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A GitHub REST fake on 127.0.0.1, stopped after the test (forge, approval and desk tests)."""
    with FakeGitHub() as server:
        yield server
