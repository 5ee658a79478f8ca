"""Instagram (business account) adapter: Graph API containers, ``media_publish``, carousel ≤ 10.

Images are pulled by Instagram from public URLs on the JDIH site (JPEG, 4:5..1.91:1; the
publishing service converts them). Quota: ``content_publishing_limit`` (50 per 24 h).
Errors 9007/2207027 (media not ready) are retried; 9/2207042 (quota) waits; 190 needs a new token.
"""

from __future__ import annotations

from ._container import INSTAGRAM, ContainerChannel

SERVICE = INSTAGRAM.service


class InstagramChannel(ContainerChannel, service=SERVICE):
    """Posts to one Instagram professional account."""

    flavor = INSTAGRAM
