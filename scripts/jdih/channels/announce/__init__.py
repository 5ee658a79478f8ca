"""Announcement channels (SOP step 6b): the links of a published post go to the office group.

One adapter per channel, each implementing :class:`jdih.channels.base.Channel`:

========================  ==========================================================
``wa-fonnte``             Fonnte gateway into an existing WhatsApp group
``wa-waha``               self-hosted WAHA into an existing WhatsApp group
``wa-wablas``             Wablas gateway into an existing WhatsApp group
``wa-cloud``              Meta Cloud API, API-created groups only (max 8 members)
``telegram-grup``         a bot posting into a Telegram group
``email``                 SMTP with STARTTLS to a mailing list
``webhook``               generic JSON POST, HMAC-signed with a timestamp
``wa-manual``             the default: local outbox + wa.me link, sent by hand
========================  ==========================================================
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from pathlib import Path

import httpx

from ...errors import ConfigError
from ..base import MANUAL, Channel, Group
from ..outbox import OutboxChannel
from .email import EmailChannel, SmtpFactory, default_smtp_factory
from .fonnte import FonnteChannel
from .telegram import TelegramGroupChannel
from .wablas import WablasChannel
from .waha import WahaChannel
from .webhook import WebhookChannel
from .whatsapp_cloud import WhatsAppCloudChannel

__all__ = ["CHANNEL_NAMES", "MANUAL", "Group", "build_channel", "outbox_dir"]

CHANNEL_NAMES: dict[str, str] = {
    "wa-fonnte": "WhatsApp (Fonnte)",
    "wa-waha": "WhatsApp (WAHA)",
    "wa-wablas": "WhatsApp (Wablas)",
    "wa-cloud": "WhatsApp Cloud API",
    "telegram-grup": "Grup Telegram",
    "email": "E-mail milis",
    "webhook": "Webhook",
    "wa-manual": "WhatsApp manual (kotak keluar)",
}


def outbox_dir(state_dir: Path) -> Path:
    """``.jdih/kotak-keluar/whatsapp/``."""
    return state_dir / "kotak-keluar" / "whatsapp"


def build_channel(
    name: str,
    target: str,
    *,
    env: Mapping[str, str],
    client: httpx.Client,
    state_dir: Path,
    smtp_factory: SmtpFactory = default_smtp_factory,
    ssl_context: ssl.SSLContext | None = None,
) -> Channel:
    """The adapter ``name`` for group/list ``target``, configured from ``env``.

    Secrets are read (and registered for redaction) here; a missing one is a ConfigError
    naming the variable (see :mod:`jdih.channels.credentials`).
    """
    if name == "wa-fonnte":
        return FonnteChannel.from_env(client, env, target)
    if name == "wa-waha":
        return WahaChannel.from_env(client, env, target)
    if name == "wa-wablas":
        return WablasChannel.from_env(client, env, target)
    if name == "wa-cloud":
        return WhatsAppCloudChannel.from_env(client, env, target)
    if name == "telegram-grup":
        return TelegramGroupChannel.from_env(client, env, target)
    if name == "email":
        return EmailChannel.from_env(env, target, smtp_factory=smtp_factory, ssl_context=ssl_context)
    if name == "webhook":
        return WebhookChannel.from_env(client, env, target)
    if name == "wa-manual":
        return OutboxChannel.whatsapp(state_dir / "kotak-keluar")
    raise ConfigError(f"kanal pengumuman '{name}' tidak dikenal; pilihan: {', '.join(CHANNEL_NAMES)}")
