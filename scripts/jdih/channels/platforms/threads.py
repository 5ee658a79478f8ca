"""Threads adapter: containers on ``graph.threads.net`` (``/threads``, ``/threads_publish``).

TEXT, IMAGE (public URL) and CAROUSEL (2–20) containers; status field ``status``; quota
``threads_publishing_limit`` (250 per 24 h). Meta suggests waiting for ``FINISHED`` before
publishing; the wait uses the injected ``sleep``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._container import ContainerChannel, Flavor
from ._http import env_url

NAME = "threads"
DEFAULT_URL = "https://graph.threads.net/v1.0"
ENV = {"token": "JDIH_THREADS_TOKEN", "user_id": "JDIH_THREADS_USER_ID"}


class ThreadsChannel(ContainerChannel):
    """Posts to one Threads profile."""

    flavor = Flavor(
        kanal=NAME,
        nama="Threads",
        env_token=ENV["token"],
        create_path="threads",
        publish_path="threads_publish",
        quota_path="threads_publishing_limit",
        status_field="status",
        text_field="text",
        max_items=20,
        list_path="threads",
        list_text_field="text",
    )

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], **kw: Any) -> ThreadsChannel:
        """Build from ``JDIH_THREADS_*``."""
        return cls(
            client, token=env[ENV["token"]], user_id=env[ENV["user_id"]], base_url=env_url(env, NAME, DEFAULT_URL), **kw
        )


def missing(env: Mapping[str, str]) -> list[str]:
    """Names of required variables that are unset."""
    return [v for v in ENV.values() if not env.get(v)]
