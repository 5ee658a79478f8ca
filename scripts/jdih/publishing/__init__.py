"""Publishing approved posts to the social platforms, exactly once (SOP step 6a).

- :mod:`.caption`: the text per platform (override or body, plus the canonical link where it fits);
- :mod:`.images`: images converted per platform with Pillow into ``.jdih/gambar/``;
- :mod:`.service`: :func:`publish_all` with the exactly-once ledger, and :func:`resolve` for a human.
"""

from __future__ import annotations

from .service import PlatformResult, PublishReport, publish_all, resolve

__all__ = ["PlatformResult", "PublishReport", "publish_all", "resolve"]
