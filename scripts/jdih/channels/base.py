"""One contract for every outward channel (platforms, announcement gateways, e-mail, outbox).

An adapter is built with an injected ``httpx.Client`` (or an SMTP factory for e-mail), sends
one :class:`Outgoing` message and returns a :class:`Delivery`; every failure leaves it as a
:class:`~jdih.errors.ChannelError` whose ``jenis`` says what the caller may do:

- ``ulang`` / ``batas``: nothing was created; retrying is safe (after ``tunggu`` seconds);
- ``tidak-pasti``: the create call may or may not have landed; never resend blindly;
- ``gagal``: a definite failure (nothing was sent); a person must fix something first;
- ``manual`` (:data:`MANUAL`): the message was prepared for a person to send by hand.

Adapters never touch the ledger or the post files: the delivery engine does, around them,
through the ``progress`` callback:

- ``progress({STAGE: STAGE_CREATE, ...})`` immediately before the one call that creates the
  public post / delivers the message; the engine records ``mengirim`` durably before it returns;
- ``progress({REMOTE_ID: ...})`` the moment the create call returns, before anything else;
- any other keys (uploaded media ids, container ids, the Bluesky rkey, the time the send
  started...) are saved so a later attempt reuses them; ``state`` holds them (plus
  ``remote_id``) on the next call.

``reconcile(message, state)`` is how the engine asks the platform instead of trusting its own
records (the ledger is untrusted input, issue 12):

- with ``state[REMOTE_ID]``: fetch *that object by its id* from the platform. Return a
  :class:`Delivery` with the platform's own URL when it exists; ``None`` only when the platform
  says that object surely does not exist (e.g. HTTP 404 of that id); raise
  ``ChannelError(jenis="tidak-pasti")`` when it cannot tell (no lookup API, server error...).
  A "done" ledger record is confirmed this way before its link is used.
- without it (a create call whose answer was lost): the Delivery when the channel can prove
  it landed, ``None`` only when it can prove it did not, else ``tidak-pasti`` with advice a
  person can follow (the Indonesian ``saran`` never promises a check the channel cannot make).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ChannelError

# Progress keys shared with the delivery engine (see module docstring).
STAGE = "tahap"
STAGE_CREATE = "membuat"
REMOTE_ID = "remote_id"
# ChannelError.jenis of a channel that prepared the message for a person to send by hand.
MANUAL = "manual"


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
    channel: str
    text: str
    images: tuple[Image, ...] = ()
    link: str | None = None  # canonical page of the post on the JDIH site
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Deterministic idempotency key of this exact content on this channel."""
        h = hashlib.sha256()
        for part in (self.post_id, self.channel, self.text, *(str(i.path.name) for i in self.images)):
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
        """Ask the platform: the delivery if it exists, None if it surely does not.

        With ``state[REMOTE_ID]`` the object is fetched by that id (a "done" record is a hint,
        never proof); without it, after an unknown outcome, the channel looks for what it sent.
        Raises ChannelError(``tidak-pasti``) when the channel cannot tell; a person decides.
        See the module docstring for the full contract.
        """
        ...


@dataclass(frozen=True)
class Group:
    """A chat group a gateway can post to (for `jdih umumkan grup`)."""

    id: str
    name: str


def cannot_tell(channel: str, name: str, advice: str) -> ChannelError:
    """``reconcile`` of a channel that offers no way to look a delivery up: a person decides."""
    return ChannelError(
        f"{name} tidak menyediakan cara memeriksa apakah kiriman sebelumnya sudah sampai",
        channel=channel,
        kind="tidak-pasti",
        hint=advice,
    )
