"""The project on disk: where ``content/``, ``sop/`` and ``mkdocs.yml`` are, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from .errors import ConfigError
from .people import People, load_people
from .platforms import PlatformSpec, load_platforms
from .sop_model import Sop, load_sop
from .worktime import OfficeCalendar

SOP_DIR = "sop"
WORKFLOW_FILE = "alur.yml"
PEOPLE_FILE = "peran.yml"
PLATFORM_FILE = "platform.yml"
CONTENT_DIR = "content"
STATE_DIR = ".jdih"  # local, uncommitted working state (outbox, in-flight ledger)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``sop/alur.yml``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / SOP_DIR / WORKFLOW_FILE).is_file():
            return candidate
    raise ConfigError(
        f"folder proyek JDIH tidak ditemukan dari {here}: tidak ada {SOP_DIR}/{WORKFLOW_FILE}",
        hint="Jalankan perintah dari dalam folder repositori JDIH Medsos, atau gunakan opsi --proyek.",
    )


@dataclass
class Project:
    """Everything the commands need about one checkout."""

    root: Path

    @cached_property
    def sop(self) -> Sop:
        """The SOP workflow."""
        return load_sop(self.root / SOP_DIR / WORKFLOW_FILE)

    @cached_property
    def people(self) -> People:
        """People and roles."""
        return load_people(self.root / SOP_DIR / PEOPLE_FILE, self.sop)

    @cached_property
    def platforms(self) -> dict[str, PlatformSpec]:
        """Platform limits."""
        return load_platforms(self.root / SOP_DIR / PLATFORM_FILE)

    @cached_property
    def calendar(self) -> OfficeCalendar:
        """Working-time calendar."""
        return OfficeCalendar(self.sop.office)

    @cached_property
    def site_url(self) -> str:
        """Public base URL of the JDIH site (``JDIH_SITUS_URL`` or ``site_url`` in mkdocs.yml)."""
        import os

        env = os.environ.get("JDIH_SITUS_URL")
        if env:
            return env.rstrip("/") + "/"
        return read_site_url(self.root / "mkdocs.yml")

    @property
    def content_dir(self) -> Path:
        """``content/``."""
        return self.root / CONTENT_DIR

    @property
    def state_dir(self) -> Path:
        """``.jdih/``: local working state, not committed."""
        return self.root / STATE_DIR


class _PermissiveLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name:`` tags (Material's emoji); read them as plain strings."""


_PermissiveLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_url(mkdocs_yml: Path) -> str:
    """``site_url`` from mkdocs.yml, with a trailing slash."""
    try:
        data = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"mkdocs.yml tidak dapat dibaca ({exc})", file=mkdocs_yml) from None
    url = data.get("site_url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError("site_url di mkdocs.yml belum diisi dengan alamat http(s) situs JDIH", file=mkdocs_yml)
    return url.rstrip("/") + "/"


def open_project(root: Path | None = None) -> Project:
    """Find and open the project at ``root`` (or from the current directory)."""
    return Project(find_root(root))
