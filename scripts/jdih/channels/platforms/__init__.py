"""Adapters for the social platforms of SOP step 6a (one module per platform).

Every adapter implements :class:`jdih.channels.base.Channel` (contract, progress keys and
``reconcile`` rules are documented there): it is built with an injected ``httpx.Client``, its
credentials (:mod:`jdih.channels.credentials`) and an injected ``sleep``/``clock``; it never
touches the ledger nor the post files. HTTP failures are translated into
:class:`~jdih.errors.ChannelError` at the adapter's boundary by :mod:`jdih.channels.http`.
"""

from __future__ import annotations

from ..base import REMOTE_ID, STAGE, STAGE_CREATE

__all__ = ["REMOTE_ID", "STAGE", "STAGE_CREATE"]
