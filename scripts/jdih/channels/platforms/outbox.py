"""The embedded default channel: a local outbox, no credentials needed.

``jdih terbitkan --ke berkas`` renders each post per platform into
``.jdih/kotak-keluar/<platform>/<tahun>__<slug>/`` (``teks.txt`` with the caption exactly as
it would be sent, the converted images, and ``PETUNJUK.txt``), so the pengelola can upload by
hand and the whole flow (site, announcement) runs on a fresh clone.

Link written into ``tautan`` in outbox mode: the post's own page on the JDIH site with the
fragment ``#kotak-keluar-<platform>`` (e.g. ``https://…/2026/slug/#kotak-keluar-instagram``).
It is a real, public, working link (the site renders it like any other), and the fragment
marks clearly that the platform's own link was not known to the tool.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ...post import atomic_write
from ..base import Delivery, Outgoing, ProgressFn

MARK = "kotak-keluar"


def outbox_link(post_link: str | None, platform: str) -> str | None:
    """The ``tautan`` value recorded for a post rendered into the outbox."""
    return f"{post_link}#{MARK}-{platform}" if post_link else None


def is_outbox_link(url: str) -> bool:
    """True for a ``tautan`` recorded by the outbox (the JDIH page, not a platform post)."""
    return f"#{MARK}-" in url


class OutboxChannel:
    """Writes one platform's rendering of a post into files."""

    def __init__(self, platform: str, root: Path) -> None:
        self.name = platform
        self.root = root

    def folder(self, message: Outgoing) -> Path:
        """Where this post's files go."""
        return self.root / self.name / message.post_id.replace("/", "__")

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Write (idempotently: same content, same files) and return the marked link."""
        folder = self.folder(message)
        folder.mkdir(parents=True, exist_ok=True)
        for i, img in enumerate(message.images, 1):
            target = folder / f"gambar-{i}{img.path.suffix.lower()}"
            shutil.copyfile(img.path, target)
        alts = "\n".join(f"- gambar-{i}: {img.alt}" for i, img in enumerate(message.images, 1))
        atomic_write(folder / "teks.txt", message.text + "\n")
        atomic_write(
            folder / "PETUNJUK.txt",
            f"Pos: {message.title} ({message.post_id})\nPlatform: {self.name}\n\n"
            "Berkas ini BELUM dikirim ke media sosial (mode kotak keluar, tanpa kredensial).\n"
            "Unggah secara manual: salin isi teks.txt sebagai keterangan dan lampirkan gambar berurutan.\n"
            + (f"Teks alternatif gambar:\n{alts}\n" if alts else "")
            + "\nTautan yang dicatat di front matter (`tautan`) menunjuk halaman pos di situs JDIH\n"
            f"(akhiran #{MARK}-{self.name}), bukan pos di {self.name}.\n",
        )
        return Delivery(f"berkas:{folder.relative_to(self.root).as_posix()}", outbox_link(message.link, self.name))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """Writing files is idempotent: simply write again."""
        return self.send(message, lambda _p: None, state)
