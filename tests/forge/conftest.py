"""Fixtures of the GitHub mapping tests (fake server in github_palsu.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.github import FakeGitHub


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A GitHub REST fake on 127.0.0.1, stopped after the test."""
    server = FakeGitHub()
    server.start()
    try:
        yield server
    finally:
        server.stop()
