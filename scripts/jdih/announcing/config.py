"""The office's announcement settings: the ``pengumuman`` section of the office file ``kantor.yml``.

Missing file or section → the embedded default: the manual WhatsApp outbox, no fallback, no digest.
The office name in messages (``kantor``) comes from the file's ``identitas`` ("JDIH " + name).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..office import OFFICE_FILE, load_office
from ..yamlsrc import LineMap

SECTION = "pengumuman"
DEFAULT_TEMPLATE = "templat/pengumuman.txt.j2"
DEFAULT_DIGEST_TEMPLATE = "templat/pengumuman-ringkasan.txt.j2"
KNOWN_KEYS = {"kanal", "tujuan", "cadangan", "tujuan_cadangan", "ringkasan", "pengumum", "templat",
              "templat_ringkasan", "maks_percobaan"}
OFFICE = "JDIH KPU Kabupaten Kotawaringin Timur"  # when kantor.yml names no office


@dataclass(frozen=True)
class AnnounceConfig:
    """Settings of ``jdih umumkan``."""

    channel: str = "wa-manual"
    target: str = ""
    fallback: str | None = None
    fallback_target: str = ""
    summary: bool = False
    announcer: str | None = None
    template: str = DEFAULT_TEMPLATE
    summary_template: str = DEFAULT_DIGEST_TEMPLATE
    max_attempts: int = 3
    office: str = OFFICE
    source: Path | None = None
    lines: LineMap | None = None

    def line(self, key: str) -> int | None:
        """Line of ``key`` (of the ``pengumuman`` section) in the office file."""
        return self.lines.line(SECTION, key) if self.lines else None

    def error(self, key: str, message: str, hint: str | None = None) -> ConfigError:
        """A ConfigError pointing at ``key`` in the file."""
        return ConfigError(message, file=self.source, line=self.line(key), hint=hint)


def load_config(sop_dir: Path) -> AnnounceConfig:
    """Read the ``pengumuman`` section of ``kantor.yml`` in the project holding ``sop_dir`` (defaults
    when absent); wrong types are errors with file and line."""
    from ..channels.announce import CHANNEL_NAMES

    office = load_office(sop_dir.parent)
    path = office.source or sop_dir.parent / OFFICE_FILE  # named in errors only
    lines = office.lines
    data = office.announce
    office_name = f"JDIH {office.identity.name}"

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(message, file=path, line=lines.line(SECTION, key))

    for key in data:
        if key not in KNOWN_KEYS:
            raise fail(str(key), f"kunci '{key}' tidak dikenal; yang dikenal: {', '.join(sorted(KNOWN_KEYS))}")

    def text(key: str, default: str | None) -> str | None:
        v = data.get(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, str | int):
            raise fail(key, f"'{key}' harus berupa teks")
        return str(v).strip()

    channel = text("kanal", "wa-manual") or "wa-manual"
    fallback = text("cadangan", None) or None
    for key, value in (("kanal", channel), ("cadangan", fallback)):
        if value is not None and value not in CHANNEL_NAMES:
            raise fail(key, f"kanal '{value}' tidak dikenal; pilihan: {', '.join(CHANNEL_NAMES)}")
    if fallback == channel:
        raise fail("cadangan", "kanal cadangan tidak boleh sama dengan kanal utama")
    summary: Any = data.get("ringkasan", False)
    if not isinstance(summary, bool):
        raise fail("ringkasan", "'ringkasan' harus true atau false")
    max_attempts: Any = data.get("maks_percobaan", 3)
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or not 1 <= max_attempts <= 10:
        raise fail("maks_percobaan", "'maks_percobaan' harus bilangan bulat 1 sampai 10")
    return AnnounceConfig(
        channel=channel,
        target=text("tujuan", "") or "",
        fallback=fallback,
        fallback_target=text("tujuan_cadangan", "") or "",
        summary=summary,
        announcer=text("pengumum", None),
        template=text("templat", DEFAULT_TEMPLATE) or DEFAULT_TEMPLATE,
        summary_template=text("templat_ringkasan", DEFAULT_DIGEST_TEMPLATE) or DEFAULT_DIGEST_TEMPLATE,
        max_attempts=max_attempts,
        office=office_name,
        source=office.source,
        lines=lines if office.source else None,
    )
