"""Putting the desk together for one local repository: clone, backend, passwords, configuration."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..gitflow.desk_git import DeskRepo
from ..project import CONTENT_DIR, STATE_DIR, Project
from .auth import PASSWORD_FILE, PasswordStore
from .backend import DeskBackend
from .config import column_labels, decap_config
from .server import DeskApp

CLONE_DIR = Path("meja") / "klon"
SITE_DIR = Path("meja") / "situs"
SITE_SOURCE = Path("meja") / "situs-sumber"
DECAP_DIST = Path("desk") / "node_modules" / "decap-cms" / "dist"
ENV_DECAP = "JDIH_MEJA_DECAP"


def password_store(local_root: Path) -> PasswordStore:
    """Where the desk's password hashes live: ``.jdih/meja/sandi.json`` (never committed)."""
    return PasswordStore(local_root / STATE_DIR / PASSWORD_FILE)


def decap_dist(local_root: Path) -> Path:
    """The installed Decap CMS bundle (``desk/node_modules/decap-cms/dist``), or a ConfigError."""
    dist = Path(os.environ.get(ENV_DECAP) or local_root / DECAP_DIST)
    if not (dist / "decap-cms.js").is_file():
        raise ConfigError(
            f"Decap CMS belum terpasang (tidak ada {dist / 'decap-cms.js'})",
            saran="Jalankan `bash scripts/setup_env.sh` (memasang paket npm di folder desk/).",
        )
    return dist


def is_loopback(host: str) -> bool:
    """True when ``host`` is only reachable from this computer."""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_desk(
    local_root: Path,
    clock: Callable[[], datetime],
    remote: str | None = None,
    secure_cookies: bool = False,
) -> DeskApp:
    """The desk for the repository at ``local_root`` working through its office remote."""
    state = local_root / STATE_DIR
    url = remote or DeskRepo.office_remote(local_root)
    desk = DeskRepo.prepare(state / CLONE_DIR, url)

    def project() -> Project:
        return Project(desk.root)

    def config() -> dict[str, Any]:
        p = project()
        return {"decap": decap_config(p, desk.values_of("seri", CONTENT_DIR)), "kolom": column_labels(p)}

    backend = DeskBackend(desk, project)
    return DeskApp(
        backend=backend,
        passwords=password_store(local_root),
        project_factory=project,
        clock=clock,
        decap_dist=decap_dist(local_root),
        site_dir=state / SITE_DIR,
        secure_cookies=secure_cookies,
        config_factory=config,
    )


def build_site_preview(app: DeskApp, local_root: Path) -> None:
    """Build the public site of ``origin/main`` into the folder the desk serves at ``/`` (same origin).

    Runs in a background thread at start-up; a failure is logged, the editor keeps working.
    """
    import logging

    from ..errors import JdihError
    from ..site.build import build_site

    if app.site_dir is None:
        return
    try:
        source = app.backend.desk.snapshot_main(local_root / STATE_DIR / SITE_SOURCE)
        build_site(source, app.site_dir, strict=False)
    except JdihError as exc:
        logging.getLogger("jdih.meja").warning("pratinjau situs gagal dibangun: %s", exc.pesan)
