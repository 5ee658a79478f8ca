"""Platform descriptions and limits (``sop/platform.yml``), read by checks and adapters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import SopDataError
from .sop_model import read_yaml_file


@dataclass(frozen=True)
class PlatformSpec:
    """One platform: display name, text and media limits."""

    id: str
    name: str
    text: dict[str, Any] = field(default_factory=dict)
    media: dict[str, Any] = field(default_factory=dict)
    link: dict[str, Any] = field(default_factory=dict)  # shape of a post's URL: host list, path regex

    @property
    def max_chars(self) -> int:
        """Caption limit in the platform's own counting unit."""
        return int(self.text.get("maks", 0))

    @property
    def counting(self) -> str:
        """How length is counted: karakter | x-berbobot | grafem | karakter-emoji-byte."""
        return str(self.text.get("hitung", "karakter"))

    @property
    def image_required(self) -> bool:
        """True when a post must have at least one image."""
        return bool(self.media.get("wajib", False))

    def link_ok(self, url: str) -> bool:
        """True when ``url`` has the shape of a post on this platform (https, host, path; see ``tautan``)."""
        text = url.strip()
        if not text or any(c.isspace() or ord(c) < 32 for c in text):
            return False
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            return False
        hosts = [str(h).lower() for h in self.link.get("host") or []]
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not host or parts.username or parts.password or port not in (None, 443):
            return False
        if "*" not in hosts and host not in hosts:
            return False
        pattern = self.link.get("jalur")
        return bool(pattern) and re.fullmatch(str(pattern), parts.path) is not None


def load_platforms(path: Path) -> dict[str, PlatformSpec]:
    """Load ``sop/platform.yml``."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("platform"), dict):
        raise SopDataError("berkas platform harus berisi kunci 'platform'", file=path, line=1)
    out = {}
    for pid, spec in data["platform"].items():
        if not isinstance(spec, dict):
            line = lines.line("platform", pid)
            raise SopDataError(f"platform '{pid}' harus berupa pemetaan", file=path, line=line)
        out[str(pid)] = PlatformSpec(
            id=str(pid),
            name=str(spec.get("nama", pid)),
            text=dict(spec.get("teks") or {}),
            media=dict(spec.get("media") or {}),
            link=dict(spec.get("tautan") or {}),
        )
    return out


# Used when an office's platform.yml predates `jenis_media`: the formats every platform listed.
DEFAULT_MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",),
}


def load_media_types(path: Path) -> dict[str, tuple[str, ...]]:
    """``jenis_media`` of ``sop/platform.yml``: the media allow-list, image format (Pillow's name,
    upper case) -> allowed file name extensions (lower case, with the dot)."""
    data, lines = read_yaml_file(path)
    raw = data.get("jenis_media") if isinstance(data, dict) else None
    if raw is None:
        return dict(DEFAULT_MEDIA_TYPES)
    if not isinstance(raw, dict) or not all(
            isinstance(v, list) and all(isinstance(e, str) and e.startswith(".") for e in v) for v in raw.values()):
        raise SopDataError("'jenis_media' harus berupa pemetaan FORMAT: [.akhiran, ...]", file=path,
                           line=lines.line("jenis_media"))
    return {str(k).upper(): tuple(e.lower() for e in v) for k, v in raw.items()}
