"""Small shared types of the announcement adapters."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ChannelError

# ChannelError.jenis of the manual outbox: written locally, waiting for a person to send it.
MANUAL = "manual"


@dataclass(frozen=True)
class Group:
    """A chat group the gateway can post to (for `jdih umumkan grup`)."""

    id: str
    nama: str


def cannot_check(kanal: str, gateway: str) -> ChannelError:
    """Reconciliation is impossible for this gateway: a person must look at the group."""
    return ChannelError(
        f"{gateway} tidak menyediakan cara memeriksa apakah pesan sebelumnya sudah masuk grup",
        kanal=kanal,
        jenis="tidak-pasti",
        saran="Periksa grup tujuan. Bila pesan sudah masuk jalankan `jdih umumkan --terkirim <pos>`; "
        "bila belum, `jdih umumkan --belum-terkirim <pos>` lalu `jdih umumkan` lagi.",
    )
