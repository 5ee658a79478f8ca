"""Publishing approved posts to the social platforms, exactly once (SOP step 6a).

- :mod:`.caption`: the text per platform (override or body, plus the canonical link where it fits);
- :mod:`.images`: images converted per platform with Pillow into ``.jdih/gambar/``;
- :mod:`.service`: :func:`publish_all` (choose posts, build messages, deliver through
  :mod:`jdih.delivery`, record the SOP step);
- :mod:`.records`: the ledger check and :func:`resolve`, a person's verdict on a record.
"""

from __future__ import annotations

from .records import Verdict, resolve
from .service import PlatformResult, PublishReport, publish_all

__all__ = ["PlatformResult", "PublishReport", "Verdict", "publish_all", "resolve"]
