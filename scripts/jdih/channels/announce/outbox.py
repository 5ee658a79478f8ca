"""The embedded default: no gateway, no credentials, a person sends the message by hand.

The message is written to ``.jdih/kotak-keluar/whatsapp/<tahun>__<slug>.txt`` and shown with a
``https://wa.me/?text=...`` link that opens WhatsApp with the text ready (such links cannot
pick a group, so the pengelola chooses the office group and taps send). The delivery stays
open until the pengelola confirms with ``jdih umumkan --terkirim <pos>``: "send" reports a
``manual`` ChannelError carrying the file and link, never a made-up success.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...errors import ChannelError
from ...post import atomic_write
from ..base import Delivery, Outgoing, ProgressFn
from ._types import MANUAL

WA_ME = "https://wa.me/?text="


def wa_me_link(text: str) -> str:
    """A link that opens WhatsApp with ``text`` pre-filled."""
    return WA_ME + quote(text, safe="")


def outbox_file(directory: Path, post_id: str) -> Path:
    """Where the message for ``post_id`` (or a digest key) is written."""
    return directory / (post_id.replace("/", "__") + ".txt")


def first_post(message: Outgoing) -> str:
    """The (first) post a message announces; a digest's own id is not a post."""
    posts = message.extra.get("posts")
    return str(posts[0]) if isinstance(posts, list) and posts else message.post_id


def waiting(message: Outgoing, path: Path) -> ChannelError:
    """The "waiting for a person" result, with the file and the link."""
    return ChannelError(
        f"menunggu dikirim manual (pesan di kotak keluar: {path.name})",
        kanal="wa-manual",
        jenis=MANUAL,
        saran=f"Setelah terkirim, jalankan `jdih umumkan --terkirim {first_post(message)}`.",
    )


class OutboxChannel:
    """Writes the announcement to the local outbox for a manual WhatsApp send."""

    name = "wa-manual"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Write the file, remember where, and report that a person must send it."""
        path = outbox_file(self.directory, message.post_id)
        link = wa_me_link(message.text)
        atomic_write(path, message.text.rstrip("\n") + "\n\n# Buka untuk mengirim lewat WhatsApp:\n# " + link + "\n")
        progress({"manual": True, "berkas": str(path), "wa_me": link})
        raise waiting(message, path)

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Only the pengelola knows: keep waiting (the file is rewritten if it went missing)."""
        path = outbox_file(self.directory, message.post_id)
        if not path.exists():
            link = wa_me_link(message.text)
            atomic_write(
                path, message.text.rstrip("\n") + "\n\n# Buka untuk mengirim lewat WhatsApp:\n# " + link + "\n"
            )
        raise waiting(message, path)
