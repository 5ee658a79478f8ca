"""Fixtures for the publishing tests: the one fake sleep and fake clock."""

from __future__ import annotations

import pytest

from fakes.clock import FakeClock, FakeSleep


@pytest.fixture
def sleeper() -> FakeSleep:
    """A sleeper that records instead of sleeping."""
    return FakeSleep()


@pytest.fixture
def clock() -> FakeClock:
    """A fixed, hand-moved unix clock."""
    return FakeClock()
