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

    berkas: str
    baris: int | None
    tingkat: str  # GALAT | PERINGATAN
    kode: str  # stable code, e.g. SKEMA-WAJIB, RIWAYAT-PERAN, NORMA-LEWAT
    pesan: str  # Indonesian

    @property
    def is_error(self) -> bool:
        """True for GALAT."""
        return self.tingkat == ERROR

    def text(self) -> str:
        """``path:line: LEVEL KODE: pesan``."""
        where = f"{self.berkas}:{self.baris}" if self.baris else self.berkas
        return f"{where}: {self.tingkat} {self.kode}: {self.pesan}"


def error(berkas: str | Path, baris: int | None, kode: str, pesan: str) -> Finding:
    """An error finding."""
    return Finding(str(berkas), baris, ERROR, kode, pesan)


def warning(berkas: str | Path, baris: int | None, kode: str, pesan: str) -> Finding:
    """A warning finding."""
    return Finding(str(berkas), baris, WARNING, kode, pesan)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file, line, then code."""
    return sorted(findings, key=lambda f: (f.berkas, f.baris or 0, f.kode, f.pesan))


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
            "temuan": [asdict(f) for f in findings],
        },
        ensure_ascii=False,
        indent=2,
    )
