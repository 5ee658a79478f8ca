"""Fixtures for the publishing tests (helpers live in terbit/util.py and terbit/fakes.py)."""

from __future__ import annotations

import pytest

from fakes.world import FakeClock, FakeSleep


@pytest.fixture
def sleeper() -> FakeSleep:
    """A sleeper that records instead of sleeping."""
    return FakeSleep()


@pytest.fixture
def clock() -> FakeClock:
    """A fixed, hand-moved unix clock."""
    return FakeClock()
