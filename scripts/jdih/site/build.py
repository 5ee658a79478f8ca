"""Build or serve the site programmatically (what ``jdih situs`` calls), with Indonesian errors.

MkDocs reports problems as log warnings and its own exceptions; here they become one
:class:`~jdih.errors.JdihError` each, so the CLI prints a message and never a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, JdihError
from .plugin import MARKER

CONFIG_FILE = "mkdocs.yml"


class _Collect(logging.Handler):
    """Keeps MkDocs warnings so a strict failure can say which ones."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _DirtyIsSafe(logging.Filter):
    """Drops MkDocs' warning about dirty builds: here every MkDocs page is generated and therefore
    always rebuilt, and our own pages are compared by content hash, so no link can go stale."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


@contextmanager
def _mkdocs_logging(verbose: bool) -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    shown = logging.StreamHandler()
    # Without --rinci nothing of MkDocs' English log is shown: failures come back as one Indonesian error.
    shown.setLevel(logging.INFO if verbose else logging.CRITICAL + 1)
    shown.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    old_level, old_handlers, old_propagate = logger.level, logger.handlers[:], logger.propagate
    logger.setLevel(logging.INFO)
    # Only our handlers: MkDocs' own (if its CLI was imported) would print English INFO lines twice.
    logger.handlers = [collect, shown]
    logger.propagate = False
    dirty_filter = _DirtyIsSafe()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        yield collect
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)
        logger.handlers = old_handlers
        logger.propagate = old_propagate
        logger.setLevel(old_level)


def _translate(exc: BaseException, config: Path, warnings: list[str]) -> JdihError:
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from .plugin import LAST_ERROR

    cause = exc.__cause__
    if isinstance(cause, JdihError):
        return cause
    if LAST_ERROR:
        return LAST_ERROR.pop()
    if isinstance(exc, ConfigurationError):
        return ConfigError(
            f"konfigurasi situs tidak sah: {exc}",
            berkas=config,
            saran="Periksa mkdocs.yml (lihat README bagian situs).",
        )
    if isinstance(exc, PluginError):
        return JdihError(f"pembuatan situs gagal: {exc}")
    if isinstance(exc, Abort):
        detail = "; ".join(warnings[:5]) or str(exc)
        return JdihError(
            f"pembuatan situs dihentikan karena ada peringatan (mode ketat): {detail}",
            saran="Perbaiki peringatan di atas lalu jalankan ulang.",
        )
    return JdihError(f"pembuatan situs gagal: {exc}")


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = True, verbose: bool = False) -> Path:
    """``mkdocs build`` (strict) of the project at ``root`` into ``site_dir``; returns the output folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise ConfigError("mkdocs.yml tidak ditemukan di folder proyek", berkas=config_file)
    from .plugin import LAST_ERROR

    LAST_ERROR.clear()
    with _mkdocs_logging(verbose) as collect:
        try:
            kwargs = {"site_dir": str(site_dir)} if site_dir else {}
            cfg = load_config(str(config_file), strict=strict, **kwargs)
            # A site/ written by our previous build is updated in place (only changed pages are
            # written, stale ones deleted by the plugin's manifest); anything else is cleaned first.
            build(cfg, dirty=(Path(cfg.site_dir) / MARKER).is_file())
        except (MkDocsException, SystemExit) as exc:
            raise _translate(exc, config_file, collect.messages) from None
        except JdihError:
            raise
    return Path(cfg.site_dir)


def serve_site(root: Path, address: str = "127.0.0.1:8000") -> None:
    """``mkdocs serve`` with live reload and the same generation (relaxed CSP for the reload script)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise ConfigError("mkdocs.yml tidak ditemukan di folder proyek", berkas=config_file)
    os.environ["JDIH_SITUS_PRATINJAU"] = "1"
    with _mkdocs_logging(verbose=True) as collect:
        try:
            serve(str(config_file), livereload=True, dev_addr=address)
        except (MkDocsException, SystemExit) as exc:
            raise _translate(exc, config_file, collect.messages) from None
        except OSError as exc:
            raise JdihError(
                f"server pratinjau tidak dapat dijalankan di {address}: {exc.strerror}",
                saran="Pilih alamat lain dengan --alamat, misalnya 127.0.0.1:8001.",
            ) from None
