"""Office settings of the site, read from the office file ``kantor.yml`` beside ``mkdocs.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..office import JDIH_KPU_URL, JDIHN_URL, OFFICE_FILE, Link, load_office

SITE_FILE = OFFICE_FILE  # the file `mkdocs serve` watches for office settings
__all__ = ["JDIHN_URL", "JDIH_KPU_URL", "SITE_FILE", "Link", "SiteSettings", "load_settings"]


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


def load_settings(root: Path) -> SiteSettings:
    """The site's settings from the office file ``kantor.yml`` (identity and the ``situs`` section)."""
    office = load_office(root)
    ident, site = office.identity, office.site
    return SiteSettings(
        kantor=ident.nama,
        unit=ident.unit,
        alamat=ident.alamat,
        telepon=ident.telepon,
        email=ident.email,
        jam_layanan=ident.jam_layanan,
        tautan=site.tautan,
        beranda=site.beranda,
        per_halaman=site.per_halaman,
        umpan=site.umpan,
    )
