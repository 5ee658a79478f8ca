"""The one domain exception base.

Every error a user may see is a :class:`JdihError` (or a subclass) carrying an Indonesian
message, and where known the file and line it is about. The CLI formats them in one place
(:func:`jdih.cli.output.format_error`); anything else that escapes is a real bug.
"""

from __future__ import annotations

from pathlib import Path


class JdihError(Exception):
    """Base of all expected, user-facing errors. ``message`` is Indonesian text."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint

    def location(self) -> str:
        """``file:line`` (or just ``file``) for the message prefix; empty when unknown."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


class UsageError(JdihError):
    """Wrong command-line usage (exit code 2)."""

    exit_code = 2


class SopDataError(JdihError):
    """The SOP data in ``sop/`` is missing or malformed."""


class ConfigError(JdihError):
    """Office configuration or environment (credentials, URLs) is missing or wrong."""


class PostFormatError(JdihError):
    """A post file cannot be read as front matter + Markdown at all."""


class TransitionError(JdihError):
    """A workflow step that the SOP does not allow (wrong state or wrong role)."""


class RepositoryError(JdihError):
    """Git repository state forbids the action (dirty tree, missing branch, conflict...)."""


class ChannelError(JdihError):
    """An outward channel (platform, gateway, e-mail) failed.

    ``kind`` says what a caller may do next:

    - ``ulang``: nothing was created on the remote side; retrying is safe.
    - ``batas``: rate limited; retry after ``retry_after`` seconds (nothing was created).
    - ``tidak-pasti``: the remote may or may not have created it; never resend blindly.
    - ``gagal``: a definite failure that needs a human (bad token, rejected content...).
    """

    def __init__(
        self,
        message: str,
        *,
        channel: str,
        kind: str = "gagal",
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.channel = channel
        self.kind = kind
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """True when retrying cannot create a duplicate."""
        return self.kind in ("ulang", "batas")
