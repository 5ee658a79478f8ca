"""The SOP as data: roles, states, transitions, the six steps with norm times, office hours.

Loaded from ``sop/alur.yml``. Nothing in the code names a state or a role except through
this model, so changing the SOP means editing that one file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from .errors import JdihError, SopDataError
from .yamlsrc import LineMap, YamlError, load_with_lines

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


@dataclass(frozen=True)
class Role:
    """A role in the SOP (kasubbag, staf, pengelola)."""

    id: str
    nama: str


@dataclass(frozen=True)
class State:
    """A state a post can be in."""

    id: str
    label: str
    keterangan: str
    pemegang: str | None  # role that must act next
    terbit: bool = False  # published: visible on the public site
    akhir: bool = False  # terminal
    isi_wajib: bool = False  # a draft exists: caption and required images must be complete


@dataclass(frozen=True)
class Transition:
    """An allowed move ``dari`` → ``ke`` (``dari`` None = new post), made by one of ``peran``."""

    dari: str | None
    ke: str
    peran: tuple[str, ...]
    langkah: int | None
    perintah: str


@dataclass(frozen=True)
class Norm:
    """A norm time: ``menit`` working minutes (a ``hari`` is converted with menit_per_hari)."""

    menit: int
    teks: str  # as the SOP writes it, e.g. "1 Hari", "10 Menit"


@dataclass(frozen=True)
class Step:
    """One of the SOP's six steps, measured from entering ``mulai`` to entering ``selesai``."""

    nomor: int
    kegiatan: str
    pelaksana: str
    kelengkapan: str
    output: str
    norma: Norm
    mulai: tuple[str, ...]
    selesai: tuple[str, ...]
    mulai_paling_awal_jadwal: bool = False


@dataclass(frozen=True)
class Category:
    """A content category (Keputusan KPU 10/HK.04/08/2022)."""

    id: str
    label: str
    kelompok: str


@dataclass(frozen=True)
class OfficeHours:
    """Office hours per weekday (0=Monday) as (start, end) intervals, plus extra holidays."""

    zona_waktu: str
    menit_per_hari: int
    hari: dict[int, tuple[tuple[time, time], ...]]
    libur_tambahan: frozenset[date]


@dataclass(frozen=True)
class Sop:
    """The whole workflow as loaded from ``sop/alur.yml``."""

    meta: dict[str, Any]
    roles: dict[str, Role]
    states: dict[str, State]
    transitions: tuple[Transition, ...]
    steps: tuple[Step, ...]
    office: OfficeHours
    categories: dict[str, Category]
    category_groups: dict[str, str]
    source: Path | None = None
    lines: LineMap = field(default_factory=LineMap, compare=False)

    # -- queries used everywhere -------------------------------------------------------
    def transition(self, dari: str | None, ke: str) -> Transition | None:
        """The transition ``dari`` → ``ke`` if the SOP allows it."""
        for t in self.transitions:
            if t.dari == dari and t.ke == ke:
                return t
        return None

    def transitions_from(self, dari: str | None) -> list[Transition]:
        """All transitions leaving ``dari``."""
        return [t for t in self.transitions if t.dari == dari]

    def transitions_for_command(self, perintah: str) -> list[Transition]:
        """Transitions performed by CLI command ``perintah`` (e.g. ``setujui``)."""
        return [t for t in self.transitions if t.perintah == perintah]

    @property
    def initial_state(self) -> str:
        """The state a new post starts in (the target of the ``dari: null`` transition)."""
        return next(t.ke for t in self.transitions if t.dari is None)

    @property
    def published_states(self) -> tuple[str, ...]:
        """States whose posts are public (on the site)."""
        return tuple(s.id for s in self.states.values() if s.terbit)

    def is_published(self, status: str) -> bool:
        """True when a post in ``status`` is public."""
        st = self.states.get(status)
        return bool(st and st.terbit)

    def content_required(self, status: str) -> bool:
        """True when a post in ``status`` must have its caption and required images (unknown: True)."""
        st = self.states.get(status)
        return st.isi_wajib if st is not None else True

    def step(self, nomor: int) -> Step:
        """Step by its number (1..6)."""
        for s in self.steps:
            if s.nomor == nomor:
                return s
        raise KeyError(nomor)

    @property
    def total_norm_text(self) -> str:
        """Total norm time as the SOP writes it, e.g. "1 hari 95 menit"."""
        day_minutes = sum(s.norma.menit for s in self.steps if s.norma.teks.endswith("hari"))
        minutes = sum(s.norma.menit for s in self.steps if not s.norma.teks.endswith("hari"))
        days = day_minutes // self.office.menit_per_hari
        parts = []
        if days:
            parts.append(f"{days} hari")
        if minutes:
            parts.append(f"{minutes} menit")
        return " ".join(parts) or "0 menit"

    @property
    def total_norm_minutes(self) -> int:
        """Total norm in working minutes."""
        return sum(s.norma.menit for s in self.steps)


# ---------------------------------------------------------------------------------------
# loading


def _fail(msg: str, path: Path, lines: LineMap, *keys: Any) -> SopDataError:
    return SopDataError(msg, berkas=path, baris=lines.line(*keys))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _parse_time(text: str, path: Path, lines: LineMap, *keys: Any) -> time:
    try:
        hh, mm = str(text).strip().split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError):
        raise _fail(f"jam tidak sah: {text!r} (contoh yang benar: 07:30)", path, lines, *keys) from None


def _parse_intervals(spec: Any, path: Path, lines: LineMap, *keys: Any) -> tuple[tuple[time, time], ...]:
    out = []
    for i, item in enumerate(_as_list(spec)):
        if not isinstance(item, str) or "-" not in item:
            raise _fail(f"rentang jam tidak sah: {item!r} (contoh: 07:30-12:00)", path, lines, *keys, i)
        a, b = item.split("-", 1)
        start = _parse_time(a, path, lines, *keys, i)
        end = _parse_time(b, path, lines, *keys, i)
        if end <= start:
            raise _fail(f"rentang jam terbalik: {item!r}", path, lines, *keys, i)
        out.append((start, end))
    return tuple(out)


def _norm(spec: Any, menit_per_hari: int, path: Path, lines: LineMap, *keys: Any) -> Norm:
    if isinstance(spec, dict) and len(spec) == 1:
        (unit, amount), = spec.items()
        if isinstance(amount, int) and amount > 0:
            if unit == "menit":
                return Norm(amount, f"{amount} menit")
            if unit == "hari":
                return Norm(amount * menit_per_hari, f"{amount} hari")
            if unit == "jam":
                return Norm(amount * 60, f"{amount} jam")
    raise _fail("norma waktu harus berbentuk {menit: N}, {jam: N} atau {hari: N}", path, lines, *keys)


def parse_sop(data: Any, lines: LineMap, path: Path) -> Sop:
    """Build a :class:`Sop` from parsed YAML, checking internal consistency."""
    if not isinstance(data, dict):
        raise SopDataError("berkas alur SOP harus berisi pemetaan YAML", berkas=path, baris=1)
    for key in ("peran", "status", "transisi", "langkah", "jam_kerja", "kategori"):
        if key not in data:
            raise SopDataError(f"kunci wajib '{key}' tidak ada", berkas=path, baris=1)

    roles = {}
    for rid, spec in (data["peran"] or {}).items():
        nama = spec.get("nama", rid) if isinstance(spec, dict) else str(spec)
        roles[str(rid)] = Role(str(rid), str(nama))

    states = {}
    for sid, spec in (data["status"] or {}).items():
        spec = spec or {}
        pem = spec.get("pemegang")
        if pem is not None and pem not in roles:
            raise _fail(f"peran pemegang '{pem}' tidak dikenal", path, lines, "status", sid, "pemegang")
        states[str(sid)] = State(
            id=str(sid),
            label=str(spec.get("label", sid)),
            keterangan=str(spec.get("keterangan", "")),
            pemegang=pem,
            terbit=bool(spec.get("terbit", False)),
            akhir=bool(spec.get("akhir", False)),
            isi_wajib=bool(spec.get("isi_wajib", False)),
        )

    transitions = []
    for i, spec in enumerate(data["transisi"] or []):
        if not isinstance(spec, dict) or "ke" not in spec:
            raise _fail("setiap transisi butuh 'dari' dan 'ke'", path, lines, "transisi", i)
        peran = tuple(str(p) for p in _as_list(spec.get("peran")))
        for p in peran:
            if p not in roles:
                raise _fail(f"peran '{p}' tidak dikenal", path, lines, "transisi", i, "peran")
        ke = str(spec["ke"])
        if ke not in states:
            raise _fail(f"status '{ke}' tidak dikenal", path, lines, "transisi", i, "ke")
        sources = spec.get("dari")
        for dari in _as_list(sources) if sources is not None else [None]:
            if dari is not None and dari not in states:
                raise _fail(f"status '{dari}' tidak dikenal", path, lines, "transisi", i, "dari")
            transitions.append(
                Transition(
                    dari=dari,
                    ke=ke,
                    peran=peran,
                    langkah=spec.get("langkah"),
                    perintah=str(spec.get("perintah", ke)),
                )
            )
    if not any(t.dari is None for t in transitions):
        raise SopDataError("tidak ada transisi awal (dari: null)", berkas=path, baris=lines.line("transisi"))

    jk = data["jam_kerja"] or {}
    menit_per_hari = int(jk.get("menit_per_hari", 450))
    hari: dict[int, tuple[tuple[time, time], ...]] = {}
    for name, spec in (jk.get("hari") or {}).items():
        if name not in WEEKDAYS:
            raise _fail(f"nama hari tidak dikenal: {name!r}", path, lines, "jam_kerja", "hari", name)
        hari[WEEKDAYS.index(name)] = _parse_intervals(spec, path, lines, "jam_kerja", "hari", name)
    libur: set[date] = set()
    for i, d in enumerate(jk.get("libur_tambahan") or []):
        try:
            libur.add(d if isinstance(d, date) else date.fromisoformat(str(d)))
        except ValueError:
            raise _fail(f"tanggal libur tidak sah: {d!r}", path, lines, "jam_kerja", "libur_tambahan", i) from None
    office = OfficeHours(str(jk.get("zona_waktu", "Asia/Jakarta")), menit_per_hari, hari, frozenset(libur))

    steps = []
    for i, spec in enumerate(data["langkah"] or []):
        for s in [*_as_list(spec.get("mulai")), *_as_list(spec.get("selesai"))]:
            if s not in states:
                raise _fail(f"status '{s}' tidak dikenal", path, lines, "langkah", i)
        pel = spec.get("pelaksana")
        if pel not in roles:
            raise _fail(f"pelaksana '{pel}' tidak dikenal", path, lines, "langkah", i, "pelaksana")
        steps.append(
            Step(
                nomor=int(spec["nomor"]),
                kegiatan=str(spec.get("kegiatan", "")),
                pelaksana=str(pel),
                kelengkapan=str(spec.get("kelengkapan", "")),
                output=str(spec.get("output", "")),
                norma=_norm(spec.get("norma"), menit_per_hari, path, lines, "langkah", i, "norma"),
                mulai=tuple(_as_list(spec.get("mulai"))),
                selesai=tuple(_as_list(spec.get("selesai"))),
                mulai_paling_awal_jadwal=bool(spec.get("mulai_paling_awal_jadwal", False)),
            )
        )

    categories = {}
    for cid, spec in (data["kategori"] or {}).items():
        spec = spec or {}
        categories[str(cid)] = Category(str(cid), str(spec.get("label", cid)), str(spec.get("kelompok", "")))

    return Sop(
        meta=dict(data.get("sop") or {}),
        roles=roles,
        states=states,
        transitions=tuple(transitions),
        steps=tuple(sorted(steps, key=lambda s: s.nomor)),
        office=office,
        categories=categories,
        category_groups={str(k): str(v) for k, v in (data.get("kelompok_kategori") or {}).items()},
        source=path,
        lines=lines,
    )


def read_yaml_file(path: Path, error: type[JdihError] = SopDataError) -> tuple[Any, LineMap]:
    """Read a YAML file with line numbers, turning every failure into ``error`` (Indonesian)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"berkas tidak ditemukan: {path}", berkas=path) from None
    except UnicodeDecodeError:
        raise error("berkas bukan teks UTF-8", berkas=path) from None
    except OSError as exc:
        raise error(f"berkas tidak dapat dibaca ({exc.strerror})", berkas=path) from None
    try:
        return load_with_lines(text)
    except YamlError as exc:
        raise error(exc.pesan, berkas=path, baris=exc.baris) from None


def load_sop(path: Path) -> Sop:
    """Load and check ``sop/alur.yml``."""
    data, lines = read_yaml_file(path)
    try:
        return parse_sop(data, lines, path)
    except SopDataError:
        raise
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise SopDataError(f"struktur alur SOP tidak sah ({exc})", berkas=path) from None


def role_names(sop: Sop, roles: Iterable[str]) -> str:
    """Human list of role names: "Kasubbag Hukum dan SDM atau Staf ..."."""
    names = [sop.roles[r].nama if r in sop.roles else r for r in roles]
    return " atau ".join(names)
