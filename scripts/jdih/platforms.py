"""Platform descriptions and limits (``sop/platform.yml``), read by checks and adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SopDataError
from .sop_model import read_yaml_file


@dataclass(frozen=True)
class PlatformSpec:
    """One platform: display name, text and media limits."""

    id: str
    nama: str
    teks: dict[str, Any] = field(default_factory=dict)
    media: dict[str, Any] = field(default_factory=dict)

    @property
    def max_chars(self) -> int:
        """Caption limit in the platform's own counting unit."""
        return int(self.teks.get("maks", 0))

    @property
    def counting(self) -> str:
        """How length is counted: karakter | x-berbobot | grafem | karakter-emoji-byte."""
        return str(self.teks.get("hitung", "karakter"))

    @property
    def image_required(self) -> bool:
        """True when a post must have at least one image."""
        return bool(self.media.get("wajib", False))


def load_platforms(path: Path) -> dict[str, PlatformSpec]:
    """Load ``sop/platform.yml``."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("platform"), dict):
        raise SopDataError("berkas platform harus berisi kunci 'platform'", berkas=path, baris=1)
    out = {}
    for pid, spec in data["platform"].items():
        if not isinstance(spec, dict):
            line = lines.line("platform", pid)
            raise SopDataError(f"platform '{pid}' harus berupa pemetaan", berkas=path, baris=line)
        out[str(pid)] = PlatformSpec(
            id=str(pid),
            nama=str(spec.get("nama", pid)),
            teks=dict(spec.get("teks") or {}),
            media=dict(spec.get("media") or {}),
        )
    return out
