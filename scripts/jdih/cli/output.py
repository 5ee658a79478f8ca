"""The one place that turns errors into user-facing Indonesian text and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import JdihError
from ..redact import scrub

T = TypeVar("T")


def format_error(err: JdihError) -> str:
    """``galat: file:line: pesan`` plus an optional ``saran:`` line, secrets scrubbed."""
    where = err.location()
    text = f"galat: {where}: {err.message}" if where else f"galat: {err.message}"
    if err.hint:
        text += f"\nsaran: {err.hint}"
    return scrub(text)


def run_guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``; a JdihError is printed (no traceback) and exits with its code."""
    try:
        return fn()
    except JdihError as err:
        click.echo(format_error(err), err=True)
        raise SystemExit(err.exit_code) from None
    except KeyboardInterrupt:
        click.echo("dibatalkan oleh pengguna.", err=True)
        raise SystemExit(130) from None


def project_from(ctx: click.Context) -> Any:
    """The :class:`~jdih.project.Project` for this invocation (``--proyek`` or cwd)."""
    from pathlib import Path

    from ..project import open_project

    root = (ctx.find_root().obj or {}).get("project_dir")
    return open_project(Path(root) if root else None)
