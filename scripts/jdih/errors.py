"""The one domain exception base.

Every error a user may see is a :class:`JdihError` (or a subclass) carrying an Indonesian
message, and where known the file and line it is about. The CLI formats them in one place
(:func:`jdih.cli.output.format_error`); anything else that escapes is a real bug.
"""

from __future__ import annotations

from pathlib import Path


class JdihError(Exception):
    """Base of all expected, user-facing errors. ``pesan`` is Indonesian text."""

    exit_code = 1

    def __init__(
        self,
        pesan: str,
        *,
        berkas: str | Path | None = None,
        baris: int | None = None,
        saran: str | None = None,
    ) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.berkas = str(berkas) if berkas is not None else None
        self.baris = baris
        self.saran = saran

    def lokasi(self) -> str:
        """``file:line`` (or just ``file``) for the message prefix; empty when unknown."""
        if self.berkas is None:
            return ""
        return f"{self.berkas}:{self.baris}" if self.baris else self.berkas


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

    ``jenis`` says what a caller may do next:

    - ``ulang``: nothing was created on the remote side; retrying is safe.
    - ``batas``: rate limited; retry after ``tunggu`` seconds (nothing was created).
    - ``tidak-pasti``: the remote may or may not have created it; never resend blindly.
    - ``gagal``: a definite failure that needs a human (bad token, rejected content...).
    """

    def __init__(
        self,
        pesan: str,
        *,
        kanal: str,
        jenis: str = "gagal",
        tunggu: float | None = None,
        saran: str | None = None,
    ) -> None:
        super().__init__(pesan, saran=saran)
        self.kanal = kanal
        self.jenis = jenis
        self.tunggu = tunggu

    @property
    def retryable(self) -> bool:
        """True when retrying cannot create a duplicate."""
        return self.jenis in ("ulang", "batas")
