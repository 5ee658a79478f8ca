"""The office's people and their SOP roles (``sop/peran.yml``).

``orang``: the staff who carry out the SOP, each with one or more roles. ``pejabat``: officials
who sign records but hold no SOP role (the Sekretaris who signs "Mengetahui"). Both may carry
``nip`` and ``jabatan`` for signature blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import SopDataError
from .sop_model import Sop, read_yaml_file
from .yamlsrc import LineMap


@dataclass(frozen=True)
class Person:
    """One member of staff."""

    id: str
    name: str
    roles: tuple[str, ...]
    github: str | None = None
    email: str | None = None
    nip: str | None = None
    position: str | None = None

    def has_role(self, *roles: str) -> bool:
        """True when this person holds any of ``roles``."""
        return any(r in self.roles for r in roles)


@dataclass(frozen=True)
class People:
    """All people, looked up by id, e-mail or GitHub login."""

    by_id: dict[str, Person]
    source: Path | None = None
    lines: LineMap | None = None
    officials: dict[str, Person] = field(default_factory=dict)

    def get(self, pid: str) -> Person | None:
        """Person by id."""
        return self.by_id.get(pid)

    def by_email(self, email: str) -> Person | None:
        """Person by e-mail (case-insensitive)."""
        e = email.strip().lower()
        return next((p for p in self.by_id.values() if p.email and p.email.lower() == e), None)

    def by_github(self, login: str) -> Person | None:
        """Person by GitHub login (case-insensitive)."""
        g = login.strip().lower()
        return next((p for p in self.by_id.values() if p.github and p.github.lower() == g), None)

    def official(self, pid: str) -> Person | None:
        """An official from ``pejabat`` (signs records, holds no SOP role) by id."""
        return self.officials.get(pid)

    def with_role(self, role: str) -> list[Person]:
        """Everyone holding ``role``."""
        return [p for p in self.by_id.values() if role in p.roles]


def load_people(path: Path, sop: Sop) -> People:
    """Load ``sop/peran.yml`` and check every role exists in the SOP."""
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("orang"), dict):
        raise SopDataError("berkas peran harus berisi kunci 'orang' berupa pemetaan", file=path, line=1)
    out: dict[str, Person] = {}
    for pid, spec in data["orang"].items():
        if not isinstance(spec, dict):
            raise SopDataError(f"data orang '{pid}' harus berupa pemetaan", file=path, line=lines.line("orang", pid))
        roles = spec.get("peran") or []
        roles = [roles] if isinstance(roles, str) else list(roles)
        for r in roles:
            if r not in sop.roles:
                raise SopDataError(
                    f"peran '{r}' untuk '{pid}' tidak dikenal (pilihan: {', '.join(sop.roles)})",
                    file=path,
                    line=lines.line("orang", pid, "peran"),
                )
        out[str(pid)] = Person(
            id=str(pid),
            name=str(spec.get("nama", pid)),
            roles=tuple(str(r) for r in roles),
            github=spec.get("github"),
            email=spec.get("email"),
            **_signature_fields(spec, path, lines, "orang", pid),
        )
    officials = data.get("pejabat") or {}
    if not isinstance(officials, dict):
        raise SopDataError("'pejabat' harus berupa pemetaan", file=path, line=lines.line("pejabat"))
    found: dict[str, Person] = {}
    for pid, spec in officials.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("nama"), str):
            raise SopDataError(f"pejabat '{pid}' harus berupa pemetaan dengan 'nama'", file=path,
                               line=lines.line("pejabat", pid))
        if str(pid) in out:
            raise SopDataError(f"'{pid}' sudah ada di bagian orang", file=path, line=lines.line("pejabat", pid))
        found[str(pid)] = Person(id=str(pid), name=spec["nama"], roles=(), email=spec.get("email"),
                                 **_signature_fields(spec, path, lines, "pejabat", pid))
    return People(out, path, lines, found)


def _signature_fields(
    spec: dict[str, object], path: Path, lines: LineMap, part: str, pid: object
) -> dict[str, str | None]:
    """``nip`` and ``jabatan`` as text (a NIP written without quotes is read as a number: keep its digits)."""
    out: dict[str, str | None] = {}
    for key, name in (("nip", "nip"), ("jabatan", "position")):
        v = spec.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, str | int)):
            raise SopDataError(f"'{key}' untuk '{pid}' harus berupa teks", file=path,
                               line=lines.line(part, pid, key))
        out[name] = str(v).strip() if v is not None else None
    return out
