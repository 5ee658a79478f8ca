"""Fixtures of the GitHub mapping tests (fake server in github_palsu.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from github_palsu import FakeGitHub


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A GitHub REST fake on 127.0.0.1, stopped after the test."""
    server = FakeGitHub()
    server.start()
    try:
        yield server
    finally:
        server.stop()
