"""``jdih periksa``: every check of a post against the SOP data, as a list of findings.

Checks are pure functions ``(CheckContext, Post) -> list[Finding]`` run in order: shape
(:mod:`.schema`), the SOP record (:mod:`.history`), norm times (:mod:`.norms`), caption
limits (:mod:`.limits`) and media (:mod:`.media`). Nothing here writes a file. Every
problem is collected before reporting; a file that cannot be parsed at all becomes one
``BERKAS-FORMAT`` finding and the others are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import PostFormatError
from ..findings import Finding, error, sort_findings
from ..post import Post, read_post
from ..project import Project
from .context import CheckContext
from .history import check_history
from .limits import check_limits
from .media import check_media
from .norms import check_norms
from .paths import collect_files, location_findings
from .schema import check_schema

Check = Callable[[CheckContext, Post], list[Finding]]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("skema", check_schema),
    ("riwayat", check_history),
    ("norma", check_norms),
    ("batas teks", check_limits),
    ("media", check_media),
)

# Below this many files a process pool costs more than it saves (start-up ~0.3 s).
POOL_MIN_FILES = 2000

__all__ = [
    "CHECKS",
    "CheckContext",
    "CheckReport",
    "check_files",
    "check_post",
    "collect_files",
    "run_checks",
]


@dataclass(frozen=True)
class CheckReport:
    """The result of checking some files: sorted findings and how many files were read."""

    findings: list[Finding]
    checked: int

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error (exit code 1)."""
        return any(f.is_error for f in self.findings)


def check_post(ctx: CheckContext, post: Post) -> list[Finding]:
    """All findings for one parsed post."""
    out: list[Finding] = []
    for name, check in CHECKS:
        try:
            out.extend(check(ctx, post))
        except Exception as exc:  # one broken check must not hide the other checks' findings
            out.append(error(post.path, None, "PERIKSA-INTERNAL",
                             f"pemeriksaan {name} gagal secara internal ({type(exc).__name__}: {exc}); "
                             f"laporkan ke pengembang"))
    return out


def run_checks(project: Project, posts: Iterable[Post], now: datetime, *, ctx: CheckContext | None = None
               ) -> list[Finding]:
    """Check already-parsed posts; returns sorted findings."""
    ctx = ctx or CheckContext(project, now)
    out: list[Finding] = []
    for post in posts:
        out.extend(check_post(ctx, post))
    return sort_findings(out)


def _check_chunk(project: Project, files: Sequence[Path], now: datetime, decap_branch: bool = False) -> list[Finding]:
    ctx = CheckContext(project, now, decap_branch=decap_branch)
    content_dir = project.content_dir
    abs_content = Path(os.path.abspath(content_dir))
    out: list[Finding] = []
    for path in files:
        out.extend(location_findings(path, abs_content))
        try:
            post = read_post(path, content_dir)
        except PostFormatError as exc:
            out.append(error(path, exc.line, "BERKAS-FORMAT", exc.message))
            continue
        except Exception as exc:  # a parser bug on odd input must not hide the other files' findings
            out.append(error(path, None, "PERIKSA-INTERNAL",
                             f"berkas tidak dapat diurai ({type(exc).__name__}); laporkan ke pengembang"))
            continue
        out.extend(check_post(ctx, post))
    return out


def _check_chunk_in_worker(root: str, files: list[str], now: datetime, decap_branch: bool) -> list[Finding]:
    return _check_chunk(Project(Path(root)), [Path(f) for f in files], now, decap_branch)


def check_files(project: Project, files: Sequence[Path], now: datetime, *, workers: int | None = None,
                decap_branch: bool = False) -> CheckReport:
    """Read and check ``files``. ``workers`` > 1 spreads them over processes (None: automatic).
    ``decap_branch``: checking a Decap CMS branch (see :attr:`CheckContext.decap_branch`)."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(files) >= POOL_MIN_FILES else 1
    # Load (and validate) the SOP data once here, so a broken sop/ raises before any work.
    CheckContext(project, now)
    if workers <= 1 or len(files) < 2:
        return CheckReport(sort_findings(_check_chunk(project, files, now, decap_branch)), len(files))
    size = -(-len(files) // workers)
    chunks = [[str(f) for f in files[i : i + size]] for i in range(0, len(files), size)]
    out: list[Finding] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_check_chunk_in_worker, [str(project.root)] * len(chunks), chunks, [now] * len(chunks),
                             [decap_branch] * len(chunks)):
            out.extend(part)
    return CheckReport(sort_findings(out), len(files))


def check_paths(project: Project, paths: Iterable[Path], now: datetime, *, workers: int | None = None,
                decap_branch: bool = False) -> CheckReport:
    """``jdih periksa`` core: collect the files for ``paths`` (all content when empty) and check them."""
    files = collect_files(project.content_dir, paths)
    return check_files(project, files, now, workers=workers, decap_branch=decap_branch)
