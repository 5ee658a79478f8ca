"""GitHub errors, all JdihError with an Indonesian message."""

from __future__ import annotations

from ..errors import JdihError


class GitHubError(JdihError):
    """A GitHub API call failed."""

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class GitHubAuthError(GitHubError):
    """The token is missing, invalid, or lacks a permission."""


class GitHubNotFound(GitHubError):
    """The repository, pull request or comment does not exist (or the token cannot see it)."""


class GitHubRateLimited(GitHubError):
    """GitHub's rate limit was hit; ``retry_after`` seconds until it resets (when known)."""

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message, status=status, hint="Tunggu sampai batas permintaan GitHub dipulihkan, lalu ulangi.")
        self.retry_after = retry_after


class EventError(JdihError):
    """An event payload file is missing, not JSON, or not the expected event."""


class MergeRefused(JdihError):
    """The merge cannot count as the SOP approval (wrong person, wrong state); nothing is published."""
