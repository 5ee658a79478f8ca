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
            hint="Jalankan `bash scripts/setup_env.sh` (memasang paket npm di folder desk/).",
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
    rebuild_site: bool = True,
) -> DeskApp:
    """The desk for the repository at ``local_root`` working through its office remote; with
    ``rebuild_site`` the site preview is built again after every step that moved ``main``."""
    state = local_root / STATE_DIR
    url = remote or DeskRepo.office_remote(local_root)
    desk = DeskRepo.prepare(state / CLONE_DIR, url)

    def project() -> Project:
        return Project(desk.root)

    def config() -> dict[str, Any]:
        p = project()
        return {"decap": decap_config(p, desk.values_of("seri", CONTENT_DIR)), "kolom": column_labels(p)}

    backend = DeskBackend(desk, project)
    app = DeskApp(
        backend=backend,
        passwords=password_store(local_root),
        project_factory=project,
        clock=clock,
        decap_dist=decap_dist(local_root),
        site_dir=state / SITE_DIR,
        secure_cookies=secure_cookies,
        config_factory=config,
    )
    if rebuild_site:
        app.after_step = SitePreview(app, local_root).request
    return app


class SitePreview:
    """Builds the site preview again, in the background, when ``main`` moved (an approval landed).

    Requests during a build are folded into one more build after it; a step that left ``main``
    where it was builds nothing.
    """

    def __init__(self, app: DeskApp, local_root: Path) -> None:
        import threading

        self.app, self.local_root = app, local_root
        self._lock = threading.Lock()
        self._running = self._again = False
        self._built = self._tip()  # `jdih meja` builds this one at start-up
        self.thread: threading.Thread | None = None

    def _tip(self) -> str | None:
        from ..errors import JdihError

        desk = self.app.backend.desk
        try:
            return desk.tip(desk.main)
        except JdihError:
            return None

    def request(self) -> None:
        """Start (or schedule) a rebuild."""
        import threading

        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            tip = self._tip()
            if tip is not None and tip != self._built:
                build_site_preview(self.app, self.local_root)
                self._built = tip
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False


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
        logging.getLogger("jdih.meja").warning("pratinjau situs gagal dibangun: %s", exc.message)
