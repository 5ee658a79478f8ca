"""Office settings of the site from ``situs.yml`` beside ``mkdocs.yml`` (all keys optional)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..sop_model import read_yaml_file

SITE_FILE = "situs.yml"
JDIHN_URL = "https://jdihn.go.id"
JDIH_KPU_URL = "https://jdih.kpu.go.id"


@dataclass(frozen=True)
class Link:
    """A named external link."""

    nama: str
    url: str


@dataclass(frozen=True)
class SiteSettings:
    """What the office may change about the site without touching code."""

    kantor: str = "KPU Kabupaten Kotawaringin Timur"
    unit: str = ""
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    jam_layanan: str = ""
    tautan: tuple[Link, ...] = field(
        default_factory=lambda: (Link("JDIH KPU RI", JDIH_KPU_URL), Link("JDIH Nasional (JDIHN)", JDIHN_URL))
    )
    beranda: int = 8
    per_halaman: int = 20
    umpan: int = 50


def _int(data: dict[str, Any], key: str, default: int, path: Path) -> int:
    v = data.get(key, default)
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise ConfigError(f"'{key}' harus bilangan bulat positif", berkas=path)
    return v


def load_settings(root: Path) -> SiteSettings:
    """Read ``situs.yml``; missing file means the defaults."""
    path = root / SITE_FILE
    if not path.is_file():
        return SiteSettings()
    data, _lines = read_yaml_file(path, ConfigError)
    if data is None:
        return SiteSettings()
    if not isinstance(data, dict):
        raise ConfigError("situs.yml harus berupa pemetaan kunci: nilai", berkas=path, baris=1)
    links = []
    for i, item in enumerate(data.get("tautan") or []):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("nama"), str)
            and isinstance(item.get("url"), str)
            and item["url"].startswith(("https://", "http://"))
        ):
            raise ConfigError(f"tautan ke-{i + 1} harus berisi 'nama' dan 'url' http(s)", berkas=path)
        links.append(Link(item["nama"], item["url"]))
    text = {k: str(data.get(k) or "") for k in ("kantor", "unit", "alamat", "telepon", "email", "jam_layanan")}
    return SiteSettings(
        kantor=text["kantor"] or SiteSettings.kantor,
        unit=text["unit"],
        alamat=text["alamat"],
        telepon=text["telepon"],
        email=text["email"],
        jam_layanan=text["jam_layanan"],
        tautan=tuple(links) if links else SiteSettings().tautan,
        beranda=_int(data, "beranda", 8, path),
        per_halaman=_int(data, "per_halaman", 20, path),
        umpan=_int(data, "umpan", 50, path),
    )
