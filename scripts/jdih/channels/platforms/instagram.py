"""Instagram (business account) adapter: Graph API containers, ``media_publish``, carousel ≤ 10.

Images are pulled by Instagram from public URLs on the JDIH site (JPEG, 4:5..1.91:1; the
publishing service converts them). Quota: ``content_publishing_limit`` (50 per 24 h).
Errors 9007/2207027 (media not ready) are retried; 9/2207042 (quota) waits; 190 needs a new token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._container import ContainerChannel, Flavor
from ._http import env_url

NAME = "instagram"
DEFAULT_URL = "https://graph.facebook.com/v21.0"
ENV = {"token": "JDIH_INSTAGRAM_TOKEN", "user_id": "JDIH_INSTAGRAM_USER_ID"}


class InstagramChannel(ContainerChannel):
    """Posts to one Instagram professional account."""

    flavor = Flavor(
        kanal=NAME,
        nama="Instagram",
        env_token=ENV["token"],
        create_path="media",
        publish_path="media_publish",
        quota_path="content_publishing_limit",
        status_field="status_code",
        text_field="caption",
        max_items=10,
        list_path="media",
        list_text_field="caption",
    )

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], **kw: Any) -> InstagramChannel:
        """Build from ``JDIH_INSTAGRAM_*``."""
        return cls(
            client, token=env[ENV["token"]], user_id=env[ENV["user_id"]], base_url=env_url(env, NAME, DEFAULT_URL), **kw
        )


def missing(env: Mapping[str, str]) -> list[str]:
    """Names of required variables that are unset."""
    return [v for v in ENV.values() if not env.get(v)]
