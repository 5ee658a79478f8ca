"""The local outbox: the one channel for "a person sends it by hand", no credentials needed.

Everything goes under ``.jdih/kotak-keluar/`` so a fresh clone runs the whole flow:

- **a platform post** (``jdih terbitkan --ke berkas``, :meth:`OutboxChannel.platform`):
  ``<platform>/<tahun>__<slug>/`` with ``teks.txt`` (the caption exactly as it would be sent),
  the converted images and ``PETUNJUK.txt``. The delivery's link is the post's own page on the
  JDIH site with the fragment ``#kotak-keluar-<platform>``: a real, public link, marked so it
  cannot be mistaken for the platform's own (:func:`is_outbox_link`).
- **an announcement** (``kanal: wa-manual``, :meth:`OutboxChannel.whatsapp`):
  ``whatsapp/<tahun>__<slug>.txt`` with the message and a ``https://wa.me/?text=...`` link that
  opens WhatsApp with the text ready (such links cannot pick a group, so the pengelola chooses the
  office group). It never reports a made-up success: ``send`` raises a :data:`~.base.MANUAL`
  ChannelError until the pengelola confirms with ``jdih umumkan --terkirim <pos>``.

Writing is idempotent (same content, same files), so ``reconcile`` simply checks or rewrites.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import ChannelError
from ..files import atomic_write
from .base import MANUAL, REMOTE_ID, Delivery, Outgoing, ProgressFn

MARK = "kotak-keluar"
WA_ME = "https://wa.me/?text="
WHATSAPP = "whatsapp"


def outbox_link(post_link: str | None, platform: str) -> str | None:
    """The ``tautan`` value recorded for a post rendered into the outbox."""
    return f"{post_link}#{MARK}-{platform}" if post_link else None


def is_outbox_link(url: str) -> bool:
    """True for a ``tautan`` recorded by the outbox (the JDIH page, not a platform post)."""
    return f"#{MARK}-" in url


def wa_me_link(text: str) -> str:
    """A link that opens WhatsApp with ``text`` pre-filled."""
    return WA_ME + quote(text, safe="")


def first_post(message: Outgoing) -> str:
    """The (first) post a message announces; a digest's own id is not a post."""
    posts = message.extra.get("posts")
    return str(posts[0]) if isinstance(posts, list) and posts else message.post_id


def _stem(post_id: str) -> str:
    return post_id.replace("/", "__")


class OutboxChannel:
    """Writes a message into the local outbox for a person to send (see module docstring)."""

    def __init__(self, name: str, root: Path, *, manual: bool = False) -> None:
        """``root`` is ``.jdih/kotak-keluar``; ``manual``: an announcement that waits for a person."""
        self.name = name
        self.root = root
        self.manual = manual

    @classmethod
    def platform(cls, platform: str, root: Path) -> OutboxChannel:
        """The outbox standing in for ``platform`` (``jdih terbitkan --ke berkas``)."""
        return cls(platform, root)

    @classmethod
    def whatsapp(cls, root: Path) -> OutboxChannel:
        """The manual WhatsApp announcement (``kanal: wa-manual``)."""
        return cls("wa-manual", root, manual=True)

    def path(self, message: Outgoing) -> Path:
        """Where this message goes: a folder for a platform post, a file for an announcement."""
        if self.manual:
            return self.root / WHATSAPP / (_stem(message.post_id) + ".txt")
        return self.root / self.name / _stem(message.post_id)

    def write(self, message: Outgoing) -> Path:
        """Write (or rewrite) the message's files; return :meth:`path`."""
        path = self.path(message)
        if self.manual:
            note = "\n\n# Buka untuk mengirim lewat WhatsApp:\n# " + wa_me_link(message.text) + "\n"
            atomic_write(path, message.text.rstrip("\n") + note)
            return path
        path.mkdir(parents=True, exist_ok=True)
        for i, img in enumerate(message.images, 1):
            shutil.copyfile(img.path, path / f"gambar-{i}{img.path.suffix.lower()}")
        alts = "\n".join(f"- gambar-{i}: {img.alt}" for i, img in enumerate(message.images, 1))
        atomic_write(path / "teks.txt", message.text + "\n")
        atomic_write(
            path / "PETUNJUK.txt",
            f"Pos: {message.title} ({message.post_id})\nPlatform: {self.name}\n\n"
            "Berkas ini BELUM dikirim ke media sosial (mode kotak keluar, tanpa kredensial).\n"
            "Unggah secara manual: salin isi teks.txt sebagai keterangan dan lampirkan gambar berurutan.\n"
            + (f"Teks alternatif gambar:\n{alts}\n" if alts else "")
            + "\nTautan yang dicatat di front matter (`tautan`) menunjuk halaman pos di situs JDIH\n"
            f"(akhiran #{MARK}-{self.name}), bukan pos di {self.name}.\n",
        )
        return path

    def waiting(self, message: Outgoing, path: Path) -> ChannelError:
        """The "waiting for a person" result of an announcement, with the file."""
        return ChannelError(
            f"menunggu dikirim manual (pesan di kotak keluar: {path.name})",
            channel=self.name,
            kind=MANUAL,
            hint=f"Setelah terkirim, jalankan `jdih umumkan --terkirim {first_post(message)}`.",
        )

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Write the files; a platform post returns the marked link, an announcement waits for a person."""
        path = self.write(message)
        if self.manual:
            progress({"manual": True, "berkas": str(path), "wa_me": wa_me_link(message.text)})
            raise self.waiting(message, path)
        return Delivery(f"berkas:{path.relative_to(self.root).as_posix()}", outbox_link(message.link, self.name))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """A recorded platform folder that is gone: None (write again); otherwise write again / keep waiting."""
        if not self.manual and state.get(REMOTE_ID) and not self.path(message).is_dir():
            return None
        if self.manual:
            path = self.path(message)
            if not path.exists():
                self.write(message)
            raise self.waiting(message, path)
        return self.send(message, lambda _p: None, state)
