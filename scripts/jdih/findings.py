"""Findings of the checks, and their one text/JSON formatter.

A finding is one line: ``path:line: LEVEL KODE: pesan``. ``GALAT`` (error) makes
``jdih periksa`` exit 1; ``PERINGATAN`` (warning) does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ERROR = "GALAT"
WARNING = "PERINGATAN"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in one file."""

    path: str
    line: int | None
    level: str  # GALAT | PERINGATAN
    code: str  # stable code, e.g. SKEMA-WAJIB, RIWAYAT-PERAN, NORMA-LEWAT
    message: str  # Indonesian

    @property
    def is_error(self) -> bool:
        """True for GALAT."""
        return self.level == ERROR

    def text(self) -> str:
        """``path:line: LEVEL KODE: pesan``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level} {self.code}: {self.message}"


def error(path: str | Path, line: int | None, kode: str, message: str) -> Finding:
    """An error finding."""
    return Finding(str(path), line, ERROR, kode, message)


def warning(path: str | Path, line: int | None, kode: str, message: str) -> Finding:
    """A warning finding."""
    return Finding(str(path), line, WARNING, kode, message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file, line, then code."""
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))


def format_text(findings: list[Finding], checked: int) -> str:
    """Human output, ending with an Indonesian summary line."""
    lines = [f.text() for f in findings]
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    if not findings:
        lines.append(f"Semua beres: {checked} berkas diperiksa, tidak ada masalah.")
    else:
        lines.append(f"{checked} berkas diperiksa: {errors} galat, {warnings} peringatan.")
    return "\n".join(lines)


def format_json(findings: list[Finding], checked: int) -> str:
    """Machine output: ``{"diperiksa": N, "galat": N, "peringatan": N, "temuan": [...]}``."""
    errors = sum(1 for f in findings if f.is_error)
    return json.dumps(
        {
            "diperiksa": checked,
            "galat": errors,
            "peringatan": len(findings) - errors,
            "temuan": [_json_finding(f) for f in findings],
        },
        ensure_ascii=False,
        indent=2,
    )


# ``--json`` keeps the keys the office's tools already read (a published format); fields are English.
_JSON_KEYS = {"path": "berkas", "line": "baris", "level": "tingkat", "code": "kode", "message": "pesan"}


def _json_finding(finding: Finding) -> dict[str, object]:
    """One finding as a ``--json`` object with its Indonesian keys."""
    return {_JSON_KEYS.get(k, k): v for k, v in asdict(finding).items()}
