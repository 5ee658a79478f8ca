"""Build or serve the site programmatically (what ``jdih situs`` calls), with Indonesian errors.

MkDocs reports problems as log warnings and its own exceptions; here they become one
:class:`~jdih.errors.JdihError` each, so the CLI prints a message and never a traceback.

A build never touches the existing output folder until it is complete: MkDocs builds into a
folder of the cache (``.jdih/situs-cache/mkdocs/``), and every file of the site is compared
with the manifest of the output; only changed files are staged beside the output
(``.jdih-tmp-<name>.baru``, ignored by git) and then renamed into place, with Ctrl-C held
back until that is done (:mod:`jdih.site.output`). A kill during that last step is completed
by the next build. When no manifest describes the output (first build), the staging folder
holds the whole site and is swapped in with one ``rename`` (Linux
``renameat2(RENAME_EXCHANGE)``).

Deleting a previous output (thousands of folders) takes longer than a rebuild of one changed
post, so it is moved into ``.jdih/situs-buang/`` (one ``rename``) and deleted there by a
detached process; a deletion cut short is started again by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, JdihError
from ..project import STATE_DIR
from . import quick
from .cache import CACHE_DIR, MKDOCS_DIR
from .generator import FINAL_DIR_KEY, OUTPUT_KEY, RUN_KEY, MkDocsRun
from .output import Output, aside, recover

CONFIG_FILE = "mkdocs.yml"
TRASH = "situs-buang"  # in .jdih/: previous outputs being deleted in the background
_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
_RENAME_EXCHANGE = 2


class _Collect(logging.Handler):
    """Keeps MkDocs warnings so a strict failure can say which ones."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Failure:
    """Listens to MkDocs' ``build_error`` event: keeps our own error behind a ``PluginError``."""

    def __init__(self) -> None:
        self.error: JdihError | None = None

    def on_build_error(self, error: Exception) -> None:
        """MkDocs caught ``error``; it re-raises it as a bare ``Abort``, so remember the cause."""
        if isinstance(error.__cause__, JdihError):
            self.error = error.__cause__


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
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        yield collect
    finally:
        logger.handlers = old_handlers
        logger.propagate = old_propagate
        logger.setLevel(old_level)


def _translate(exc: BaseException, config: Path, warnings: list[str], failure: _Failure | None) -> JdihError:
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    if failure is not None and failure.error is not None:
        return failure.error
    cause = exc.__cause__
    if isinstance(cause, JdihError):
        return cause
    if isinstance(exc, ConfigurationError):
        return ConfigError(
            f"konfigurasi situs tidak sah: {exc}",
            file=config,
            hint="Periksa mkdocs.yml (lihat README bagian situs).",
        )
    if isinstance(exc, PluginError):
        return JdihError(f"pembuatan situs gagal: {exc}")
    if isinstance(exc, Abort):
        detail = "; ".join(warnings[:5]) or str(exc)
        return JdihError(
            f"pembuatan situs dihentikan karena ada peringatan (mode ketat): {detail}",
            hint="Perbaiki peringatan di atas lalu jalankan ulang.",
        )
    return JdihError(f"pembuatan situs gagal: {exc}")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _delete_later(trash: Path) -> None:
    """Delete ``trash`` in a detached process (the command does not wait for it)."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, str(trash)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C of the command does not cut it short
        )
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)


def _discard(path: Path, trash: Path) -> None:
    """Remove ``path``: a folder is moved into ``trash`` and deleted in the background; where it
    cannot be moved there (another filesystem), it is deleted now."""
    if not path.is_dir() or path.is_symlink():
        _remove(path)
        return
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(path, trash / secrets.token_hex(8))
    except OSError:
        _remove(path)
        return
    _delete_later(trash)


def _recover(final: Path, trash: Path, cache_dir: Path) -> None:
    """Complete or undo what an interrupted earlier build left: a commit cut short, a half-built
    folder, or a swap cut in two, and finish a background deletion that was cut short."""
    old = aside(final, "lama")
    if old.exists() and not final.exists():
        os.rename(old, final)  # killed between the two renames of the fallback swap
    recover(final, cache_dir)
    if trash.exists():
        _delete_later(trash)
    for leftover in (aside(final, "baru"), old):
        _discard(leftover, trash)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(new: Path, final: Path, trash: Path) -> None:
    """Make ``new`` the output folder ``final``; the previous output is deleted afterwards."""
    if not final.exists():
        os.rename(new, final)
        return
    if _exchange(new, final):
        _discard(new, trash)  # now holds the previous output
        return
    old = aside(final, "lama")
    os.rename(final, old)
    os.rename(new, final)
    _discard(old, trash)


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = True, verbose: bool = False) -> Path:
    """``mkdocs build`` (strict) of the project at ``root`` into ``site_dir``; returns the output folder.

    The output is changed only at the end, all at once (see the module docstring). When nothing
    MkDocs reads changed since its last run, MkDocs is not run at all (:mod:`jdih.site.quick`).
    """
    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise ConfigError("mkdocs.yml tidak ditemukan di folder proyek", file=config_file)
    state = root.resolve() / STATE_DIR
    with _mkdocs_logging(verbose) as collect:
        try:
            key = quick.inputs_key(root, config_file, site_dir, strict)
            run = quick.load_run(state / CACHE_DIR, key)
            if run is not None and _build_quick(root.resolve(), run, state):
                return Path(run.final)
            return _build_mkdocs(config_file, site_dir, strict, key, state, collect)
        except OSError as exc:  # the output folder or its parent cannot be written or swapped
            raise JdihError(
                f"folder hasil situs tidak dapat ditulis: {exc}",
                hint="Periksa izin tulis folder tersebut, atau pilih folder lain dengan --keluaran.",
            ) from None


def _build_quick(root: Path, run: MkDocsRun, state: Path) -> bool:
    """The build reusing MkDocs' last run; False when MkDocs must run after all."""
    final = Path(run.final)
    if final.exists() and not final.is_dir():
        return False  # the MkDocs build reports it
    trash = state / TRASH
    _recover(final, trash, state / CACHE_DIR)
    try:
        return quick.rebuild(root, run, lambda new, old: _swap_in(new, old, trash))
    finally:
        with contextlib.suppress(OSError):
            _discard(aside(final, "baru"), trash)


def _build_mkdocs(
    config_file: Path, site_dir: Path | None, strict: bool, key: str, state: Path, collect: _Collect
) -> Path:
    """The build through MkDocs (into the cache), recorded for the builds that follow."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    failure: _Failure | None = None
    cache_dir = state / CACHE_DIR
    try:
        kwargs = {"site_dir": str(site_dir)} if site_dir else {}
        cfg = load_config(str(config_file), strict=strict, **kwargs)
        final = Path(cfg.site_dir).resolve()
        if final.exists() and not final.is_dir():
            raise ConfigError(f"folder hasil {final} adalah berkas, bukan folder")
        final.parent.mkdir(parents=True, exist_ok=True)
        trash = state / TRASH
        _recover(final, trash, cache_dir)
        staging = aside(final, "baru")
        quick.forget_run(cache_dir)  # MkDocs now rewrites the folder that record describes
        cfg.site_dir = str(cache_dir / MKDOCS_DIR)
        cfg.extra[FINAL_DIR_KEY] = str(final)
        failure = _Failure()
        cfg.plugins["jdih-galat"] = failure  # type: ignore[assignment]
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
            output = cfg.extra.get(OUTPUT_KEY)
            if not isinstance(output, Output):
                raise ConfigError(
                    "mkdocs.yml tidak memuat hooks JDIH",
                    file=config_file,
                    hint="Tulis hooks: [scripts/jdih/site/hooks.py].",
                )
            output.commit(lambda new, old: _swap_in(new, old, trash))
            run = cfg.extra.get(RUN_KEY)
            if isinstance(run, MkDocsRun):
                quick.save_run(cache_dir, key, run)
        finally:
            cfg.plugins.on_shutdown()
            with contextlib.suppress(OSError):
                _discard(staging, trash)
    except (MkDocsException, SystemExit) as exc:
        raise _translate(exc, config_file, collect.messages, failure) from None
    return final


def serve_site(root: Path, address: str = "127.0.0.1:8000") -> None:
    """``mkdocs serve`` with live reload and the same generation (relaxed CSP for the reload script)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise ConfigError("mkdocs.yml tidak ditemukan di folder proyek", file=config_file)
    with _mkdocs_logging(verbose=True) as collect:
        try:
            serve(str(config_file), livereload=True, dev_addr=address)
        except (MkDocsException, SystemExit) as exc:
            raise _translate(exc, config_file, collect.messages, None) from None
        except OSError as exc:
            raise JdihError(
                f"server pratinjau tidak dapat dijalankan di {address}: {exc.strerror}",
                hint="Pilih alamat lain dengan --alamat, misalnya 127.0.0.1:8001.",
            ) from None
