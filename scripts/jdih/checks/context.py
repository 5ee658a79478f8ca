"""What every check needs, built once per run (not once per post)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ..people import People
from ..platforms import PlatformSpec
from ..post import HistoryEntry, Post
from ..project import Project
from ..sop_model import Sop
from ..worktime import OfficeCalendar

K = TypeVar("K")
V = TypeVar("V")


@dataclass
class CheckContext:
    """The SOP data, the clock and small caches shared by all posts of one run."""

    project: Project
    now: datetime
    sop: Sop = field(init=False)
    people: People = field(init=False)
    platforms: dict[str, PlatformSpec] = field(init=False)
    calendar: OfficeCalendar = field(init=False)
    # (method, text) -> measured length; captions are often shared by several platforms.
    text_cache: dict[tuple[str, str], Any] = field(default_factory=dict)
    # resolved image path -> (format, width, height, size) or an error text
    image_cache: dict[Path, Any] = field(default_factory=dict)

    _hist_post: Post | None = field(default=None, init=False, repr=False)
    _hist: list[HistoryEntry] = field(default_factory=list, init=False, repr=False)
    # True on a Decap CMS branch (cms/...): a new post made in the web desk has no `status`/`riwayat`
    # until CI records its disposisi at the merge (jdih.forge.record); on main it must have them.
    decap_branch: bool = False

    def unrecorded(self, post: Post) -> bool:
        """A new web-desk post not recorded yet: on a Decap branch, with neither `status` nor `riwayat`."""
        return self.decap_branch and "status" not in post.meta and "riwayat" not in post.meta

    def status_of(self, post: Post) -> str:
        """The post's status; an unrecorded new post is checked as the SOP's first state."""
        return self.sop.initial_state if self.unrecorded(post) else post.status

    def history(self, post: Post) -> list[HistoryEntry]:
        """``post.history``, parsed once per post although several checks read it."""
        if self._hist_post is not post:
            self._hist_post, self._hist = post, post.history
        return self._hist

    def __post_init__(self) -> None:
        self.sop = self.project.sop
        self.people = self.project.people
        self.platforms = self.project.platforms
        self.calendar = self.project.calendar

    @staticmethod
    def cached(cache: dict[K, V], key: K, compute: Callable[[], V]) -> V:
        """``cache[key]``, computed once per run."""
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def listed_platforms(self, post: Post) -> list[PlatformSpec]:
        """The platforms ``post`` lists, each once, in its order; unknown ones are skipped (the schema check
        reports them)."""
        return [self.platforms[p] for p in dict.fromkeys(post.platforms) if p in self.platforms]

    def minutes_text(self, minutes: float) -> str:
        """Working minutes as Indonesian text ("1 hari 2 jam")."""
        from ..worktime import format_minutes

        return format_minutes(minutes, self.sop.office.minutes_per_day)
