"""The one fake sleep and the one fake clock: tests never wait on, nor read, real time."""

from __future__ import annotations


class FakeSleep(list[float]):
    """Records the requested sleeps instead of sleeping (compare it with a list: ``sleep == [7.0]``)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    @property
    def calls(self) -> list[float]:
        """The sleeps so far (the list itself)."""
        return self


class FakeClock:
    """A fixed unix time that tests move by hand (``clock.t += 60``)."""

    def __init__(self, t: float = 1_795_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        """A sleep that moves this clock (for code that sleeps and then reads the time)."""
        self.t += seconds
