"""The rules ``jdih periksa`` checks captions and media by, as data for the GitHub desk's browser checker.

In GitHub mode the preview pane runs ``hitung-teks.js`` (``check``) instead of this package; it reads
everything it must not spell itself from here (through the admin page's ``config.json``): the media
allow-list, which SOP states require the caption and images, the names of the characters X refuses
(for the ``TEKS-KARAKTER`` message), Pillow's decompression-bomb limit and the findings' wording. The platforms' own
``teks``/``media`` limits travel with each platform. ``tests/desk/test_github_counts.py`` proves the
browser's findings equal :func:`jdih.checks.limits.check_limits` + :func:`jdih.checks.media.check_media`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from PIL import Image

from ..project import Project
from .limits import _tt
from .media import media_types
from .messages import MESSAGES


def browser_rules(project: Project) -> dict[str, Any]:
    """``jenisMedia``, ``statusAwal``, ``isiWajib`` (state -> caption/images required), ``namaKarakter``
    (X's refused characters -> Unicode name, as the finding names them), ``maksPiksel`` and ``pesan`` (the
    findings' wording, :data:`jdih.checks.messages.MESSAGES`)."""
    return {
        "jenisMedia": {fmt: list(exts) for fmt, exts in media_types(project.root).items()},
        "statusAwal": project.sop.initial_state,
        "isiWajib": {sid: project.sop.content_required(sid) for sid in project.sop.states},
        "namaKarakter": {c: unicodedata.name(c, "tanpa nama") for c in x_refused_characters()},
        "maksPiksel": int(Image.MAX_IMAGE_PIXELS or 0) or None,
        "pesan": dict(MESSAGES),
    }


def x_refused_characters() -> list[str]:
    """Every character twitter-text refuses: read off its class of ``\\uXXXX`` escapes, else (if its shape
    changes) tried code point by code point."""
    refused = _tt().invalid_re
    shape = re.fullmatch(r"\[((?:\\u[0-9A-Fa-f]{4})+)\]", refused.pattern)
    if shape:
        return [chr(int(h, 16)) for h in re.findall(r"\\u([0-9A-Fa-f]{4})", shape[1])]
    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and refused.fullmatch(chr(c))]
