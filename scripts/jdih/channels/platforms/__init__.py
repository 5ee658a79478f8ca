"""Adapters for the social platforms of SOP step 6a (one module per platform).

Every adapter implements :class:`jdih.channels.base.Channel`: it is built with an injected
``httpx.Client``, its credentials and an injected ``sleep``/``clock``; it never touches the
ledger nor the post files. HTTP failures are translated into :class:`~jdih.errors.ChannelError`
at the adapter's boundary (see :mod:`._http`).

Conventions shared with :mod:`jdih.publishing` through the ``progress`` callback:

- ``progress({"tahap": "membuat", ...})`` is called immediately before the one call that
  creates the public post; the service records ``mengirim`` durably before it returns.
- ``progress({"remote_id": ...})`` is called the moment the create call returns, before the
  permalink is fetched.
- any other keys (uploaded media ids, container ids, the Bluesky rkey...) are saved so a
  later attempt reuses them; ``state`` holds them (plus ``remote_id``) on the next call.
"""

from __future__ import annotations

STAGE = "tahap"
STAGE_CREATE = "membuat"
REMOTE_ID = "remote_id"
