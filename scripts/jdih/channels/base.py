"""One contract for every outward channel.

An adapter is built with an injected ``httpx.Client`` (or an SMTP factory for e-mail), sends
one :class:`Outgoing` message and returns a :class:`Delivery`; every failure leaves it as a
:class:`~jdih.errors.ChannelError` whose ``jenis`` says whether a retry is safe. Adapters never
touch the ledger or the post files: the publishing and announcing services do, around them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ChannelError


@dataclass(frozen=True)
class Image:
    """An image to attach: local file, alt text, and its public URL where one is needed."""

    path: Path
    alt: str
    public_url: str | None = None
    mime: str = "image/jpeg"


@dataclass(frozen=True)
class Outgoing:
    """One message for one channel."""

    post_id: str
    kanal: str
    text: str
    images: tuple[Image, ...] = ()
    link: str | None = None  # canonical page of the post on the JDIH site
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Deterministic idempotency key of this exact content on this channel."""
        h = hashlib.sha256()
        for part in (self.post_id, self.kanal, self.text, *(str(i.path.name) for i in self.images)):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:32]


@dataclass(frozen=True)
class Delivery:
    """What the channel created: its id and public link (if it has one)."""

    remote_id: str
    url: str | None = None


# Called by an adapter to record progress (e.g. a container id) durably *before* the
# create call, so a later run can reconcile. Keys and values must be JSON-serialisable.
ProgressFn = Callable[[dict[str, Any]], None]


class Channel(Protocol):
    """What every adapter implements."""

    name: str

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Create the post/message. ``state`` holds progress saved by an earlier attempt.

        Raises ChannelError: ``ulang``/``batas`` when nothing was created, ``tidak-pasti``
        when the create call's outcome is unknown, ``gagal`` for a definite failure.
        """
        ...

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """After an unknown outcome: the delivery if it did land, None if it surely did not.

        Raises ChannelError(``tidak-pasti``) when the channel cannot tell; a human decides.
        """
        ...


def http_status_error(kanal: str, status: int, detail: str, *, create_call: bool) -> ChannelError:
    """Generic mapping of an HTTP failure to a ChannelError (adapters refine it).

    5xx on a create call is ambiguous (the server may have created it before failing).
    """
    if status == 429:
        return ChannelError(f"{kanal}: batas laju tercapai ({detail})", kanal=kanal, jenis="batas")
    if status >= 500:
        jenis = "tidak-pasti" if create_call else "ulang"
        return ChannelError(f"{kanal}: server bermasalah (HTTP {status}: {detail})", kanal=kanal, jenis=jenis)
    if status in (401, 403):
        return ChannelError(
            f"{kanal}: akses ditolak (HTTP {status}: {detail})",
            kanal=kanal,
            jenis="gagal",
            saran="Periksa token/kredensial di variabel lingkungan dan izin akunnya.",
        )
    return ChannelError(f"{kanal}: permintaan ditolak (HTTP {status}: {detail})", kanal=kanal, jenis="gagal")
