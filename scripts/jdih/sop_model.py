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
    name: str


@dataclass(frozen=True)
class State:
    """A state a post can be in."""

    id: str
    label: str
    description: str
    holder: str | None  # role that must act next
    published: bool = False  # published: visible on the public site
    final: bool = False  # terminal
    required_fields: bool = False  # a draft exists: caption and required images must be complete


@dataclass(frozen=True)
class Transition:
    """An allowed move ``dari`` → ``ke`` (``dari`` None = new post), made by one of ``peran``.

    The flags are the SOP's rules for the move (``sop/alur.yml`` keys in brackets): it lands the
    post's branch on main with a merge commit [gabung], its note is mandatory [catatan_wajib], it
    is the approval [menyetujui], the upload [mengunggah], the announcement [mengumumkan], or the
    cancellation [membatalkan].
    """

    source: str | None
    target: str
    roles: tuple[str, ...]
    step: int | None
    command: str
    lands: bool = False
    note_required: bool = False
    approves: bool = False
    uploads: bool = False
    announces: bool = False
    cancels: bool = False


# GitHub pull-request events that stand for an SOP command (``github:`` in sop/alur.yml).
FORGE_EVENTS = ("pr_dibuka", "commit_baru", "review_setuju", "review_minta_perubahan", "merge")


@dataclass(frozen=True)
class ForgeCommands:
    """The SOP command each GitHub pull-request event records (``github:`` in sop/alur.yml)."""

    pr_opened: str
    new_commit: str
    review_approved: str
    review_changes_requested: str
    merge: str


@dataclass(frozen=True)
class Norm:
    """A norm time: ``menit`` working minutes (a ``hari`` is converted with menit_per_hari)."""

    minutes: int
    text: str  # as the SOP writes it, e.g. "1 Hari", "10 Menit"


@dataclass(frozen=True)
class Step:
    """One of the SOP's six steps, measured from entering ``mulai`` to entering ``selesai``."""

    number: int
    activity: str
    performer: str
    requirements: str
    output: str
    norm: Norm
    starts: tuple[str, ...]
    ends: tuple[str, ...]
    starts_at_schedule: bool = False


@dataclass(frozen=True)
class Category:
    """A content category (Keputusan KPU 10/HK.04/08/2022)."""

    id: str
    label: str
    group: str


# Categories of the ``holidays`` package read when ``kategori_libur`` is not set: national holidays
# and cuti bersama (joint leave), both days the office is closed.
DEFAULT_HOLIDAY_CATEGORIES = ("public", "government")


@dataclass(frozen=True)
class OfficeHours:
    """Office hours per weekday (0=Monday) as (start, end) intervals, plus holidays.

    ``holiday_categories`` are the ``holidays`` package categories for Indonesia that close the
    office (``kategori_libur``); ``libur_tambahan`` are local days the office adds.
    """

    timezone: str
    minutes_per_day: int
    workdays: dict[int, tuple[tuple[time, time], ...]]
    extra_holidays: frozenset[date]
    holiday_categories: tuple[str, ...] = DEFAULT_HOLIDAY_CATEGORIES


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
    github: ForgeCommands | None = None
    source: Path | None = None
    lines: LineMap = field(default_factory=LineMap, compare=False)

    # -- queries used everywhere -------------------------------------------------------
    def transition(self, source: str | None, target: str) -> Transition | None:
        """The transition ``source`` → ``target`` if the SOP allows it."""
        for t in self.transitions:
            if t.source == source and t.target == target:
                return t
        return None

    def transitions_from(self, source: str | None) -> list[Transition]:
        """All transitions leaving ``source``."""
        return [t for t in self.transitions if t.source == source]

    def transitions_for_command(self, command: str) -> list[Transition]:
        """Transitions performed by CLI command ``command`` (its ``perintah``, e.g. ``setujui``)."""
        return [t for t in self.transitions if t.command == command]

    def roles_for_command(self, command: str) -> tuple[str, ...]:
        """Every role that may run ``command`` (sorted; empty for an unknown command)."""
        return tuple(sorted({r for t in self.transitions_for_command(command) for r in t.roles}))

    @property
    def commands(self) -> tuple[str, ...]:
        """Every SOP command, in the order of the transitions."""
        return tuple(dict.fromkeys(t.command for t in self.transitions))

    def lands(self, command: str) -> bool:
        """True when ``command`` lands the post's branch on main (the merge commit is the record)."""
        return any(t.lands for t in self.transitions_for_command(command))

    @property
    def landing_commands(self) -> tuple[str, ...]:
        """Commands that land the post's branch on main (approval and cancellation today)."""
        return tuple(c for c in self.commands if self.lands(c))

    def note_required(self, command: str) -> bool:
        """True when ``command`` must carry a note (the reason the SOP asks for)."""
        return any(t.note_required for t in self.transitions_for_command(command))

    def _flagged(self, flag: str) -> Transition:
        # parse_sop checked that exactly one transition carries each of these flags.
        return next(t for t in self.transitions if getattr(t, flag))

    @property
    def approval(self) -> Transition:
        """The Kasubbag's approval (``menyetujui``): on GitHub, the merge of the pull request."""
        return self._flagged("approves")

    @property
    def upload(self) -> Transition:
        """The upload to the platforms (``mengunggah``); its roles are who may upload."""
        return self._flagged("uploads")

    @property
    def announcement(self) -> Transition:
        """Sending the uploaded links to the office group (``mengumumkan``)."""
        return self._flagged("announces")

    @property
    def cancel_commands(self) -> tuple[str, ...]:
        """Commands that cancel a post."""
        return tuple(dict.fromkeys(t.command for t in self.transitions if t.cancels))

    @property
    def approver_roles(self) -> tuple[str, ...]:
        """Roles that may approve (the approval command's roles)."""
        return self.roles_for_command(self.approval.command)

    @property
    def branch_states(self) -> frozenset[str]:
        """States a post has while it lives on its ``konten/`` branch: reached from the start
        without landing on main (disposisi … perbaikan today)."""
        seen = {self.initial_state}
        todo = [self.initial_state]
        while todo:
            here = todo.pop()
            for t in self.transitions_from(here):
                if not t.lands and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return frozenset(s for s in seen if not self.is_final(s))

    @property
    def merge_or_ci_states(self) -> frozenset[str]:
        """States entered only by the approving merge or by CI (approval, upload, announcement)."""
        return frozenset(t.target for t in self.transitions if t.approves or t.uploads or t.announces)

    def is_final(self, status: str | None) -> bool:
        """True when ``status`` is terminal (``akhir``)."""
        st = self.states.get(status or "")
        return bool(st and st.final)

    @property
    def forge(self) -> ForgeCommands:
        """The SOP command each GitHub pull-request event records."""
        if self.github is None:
            raise SopDataError("alur SOP tidak memuat bagian `github`", file=self.source, line=1)
        return self.github

    @property
    def initial_state(self) -> str:
        """The state a new post starts in (the target of the ``dari: null`` transition)."""
        return next(t.target for t in self.transitions if t.source is None)

    @property
    def published_states(self) -> tuple[str, ...]:
        """States whose posts are public (on the site)."""
        return tuple(s.id for s in self.states.values() if s.published)

    def is_published(self, status: str) -> bool:
        """True when a post in ``status`` is public."""
        st = self.states.get(status)
        return bool(st and st.published)

    def content_required(self, status: str) -> bool:
        """True when a post in ``status`` must have its caption and required images (unknown: True)."""
        st = self.states.get(status)
        return st.required_fields if st is not None else True

    def step(self, number: int) -> Step:
        """Step by its number (1..6)."""
        for s in self.steps:
            if s.number == number:
                return s
        raise KeyError(number)

    @property
    def total_norm_text(self) -> str:
        """Total norm time as the SOP writes it, e.g. "1 hari 95 menit"."""
        day_minutes = sum(s.norm.minutes for s in self.steps if s.norm.text.endswith("hari"))
        minutes = sum(s.norm.minutes for s in self.steps if not s.norm.text.endswith("hari"))
        days = day_minutes // self.office.minutes_per_day
        parts = []
        if days:
            parts.append(f"{days} hari")
        if minutes:
            parts.append(f"{minutes} menit")
        return " ".join(parts) or "0 menit"

    @property
    def total_norm_minutes(self) -> int:
        """Total norm in working minutes."""
        return sum(s.norm.minutes for s in self.steps)


# ---------------------------------------------------------------------------------------
# loading


def _fail(msg: str, path: Path, lines: LineMap, *keys: Any) -> SopDataError:
    return SopDataError(msg, file=path, line=lines.line(*keys))


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


def _norm(spec: Any, minutes_per_day: int, path: Path, lines: LineMap, *keys: Any) -> Norm:
    if isinstance(spec, dict) and len(spec) == 1:
        (unit, amount), = spec.items()
        if isinstance(amount, int) and amount > 0:
            if unit == "menit":
                return Norm(amount, f"{amount} menit")
            if unit == "hari":
                return Norm(amount * minutes_per_day, f"{amount} hari")
            if unit == "jam":
                return Norm(amount * 60, f"{amount} jam")
    raise _fail("norma waktu harus berbentuk {menit: N}, {jam: N} atau {hari: N}", path, lines, *keys)


# Transition keys of sop/alur.yml (true/false) and the Transition field each sets.
TRANSITION_FLAGS = {
    "gabung": "lands",
    "catatan_wajib": "note_required",
    "menyetujui": "approves",
    "mengunggah": "uploads",
    "mengumumkan": "announces",
    "membatalkan": "cancels",
}
# Categories the ``holidays`` package knows for Indonesia.
HOLIDAY_CATEGORIES = ("public", "government")


def _flag(spec: dict[str, Any], key: str, path: Path, lines: LineMap, *keys: Any) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise _fail(f"'{key}' harus true atau false, bukan {value!r}", path, lines, *keys, key)
    return value


def _forge(spec: Any, commands: set[str], path: Path, lines: LineMap) -> ForgeCommands | None:
    """The ``github:`` section: every event names a command of the transitions."""
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise _fail("bagian 'github' harus berupa pemetaan peristiwa: perintah", path, lines, "github")
    for key in spec:
        if key not in FORGE_EVENTS:
            raise _fail(f"peristiwa GitHub tidak dikenal: {key!r} (pilihan: {', '.join(FORGE_EVENTS)})",
                        path, lines, "github", key)
    values = []
    for event in FORGE_EVENTS:
        command = spec.get(event)
        if command is None:
            raise _fail(f"peristiwa GitHub '{event}' belum dipetakan ke perintah", path, lines, "github")
        if command not in commands:
            raise _fail(f"perintah '{command}' tidak ada di transisi", path, lines, "github", event)
        values.append(str(command))
    return ForgeCommands(*values)


def _holiday_categories(spec: Any, path: Path, lines: LineMap) -> tuple[str, ...]:
    out = tuple(str(c) for c in _as_list(spec))
    for i, c in enumerate(out):
        if c not in HOLIDAY_CATEGORIES:
            raise _fail(f"kategori libur tidak dikenal: {c!r} (pilihan: {', '.join(HOLIDAY_CATEGORIES)})",
                        path, lines, "jam_kerja", "kategori_libur", i)
    return out


def _parse_transitions(
    spec_list: Any, roles: dict[str, Role], states: dict[str, State], path: Path, lines: LineMap
) -> tuple[Transition, ...]:
    """``transisi``: each entry (``dari`` may list several states) with its roles and rule flags."""
    transitions = []
    for i, spec in enumerate(spec_list or []):
        if not isinstance(spec, dict) or "ke" not in spec:
            raise _fail("setiap transisi butuh 'dari' dan 'ke'", path, lines, "transisi", i)
        allowed = tuple(str(p) for p in _as_list(spec.get("peran")))
        for role in allowed:
            if role not in roles:
                raise _fail(f"peran '{role}' tidak dikenal", path, lines, "transisi", i, "peran")
        target = str(spec["ke"])
        if target not in states:
            raise _fail(f"status '{target}' tidak dikenal", path, lines, "transisi", i, "ke")
        sources = spec.get("dari")
        flags = {attr: _flag(spec, key, path, lines, "transisi", i) for key, attr in TRANSITION_FLAGS.items()}
        for source in _as_list(sources) if sources is not None else [None]:
            if source is not None and source not in states:
                raise _fail(f"status '{source}' tidak dikenal", path, lines, "transisi", i, "dari")
            transitions.append(
                Transition(
                    source=source,
                    target=target,
                    roles=allowed,
                    step=spec.get("langkah"),
                    command=str(spec.get("perintah", target)),
                    **flags,
                )
            )
    if not any(t.source is None for t in transitions):
        raise SopDataError("tidak ada transisi awal (dari: null)", file=path, line=lines.line("transisi"))
    for key, attr in (("menyetujui", "approves"), ("mengunggah", "uploads"), ("mengumumkan", "announces")):
        if sum(1 for t in transitions if getattr(t, attr)) != 1:
            raise SopDataError(
                f"tepat satu transisi harus bertanda `{key}: true`", file=path, line=lines.line("transisi")
            )
    return tuple(transitions)


def _parse_office(spec: dict[str, Any], path: Path, lines: LineMap) -> OfficeHours:
    """``jam_kerja``: office hours per weekday, holiday categories and local holidays."""
    days: dict[int, tuple[tuple[time, time], ...]] = {}
    for name, hours in (spec.get("hari") or {}).items():
        if name not in WEEKDAYS:
            raise _fail(f"nama hari tidak dikenal: {name!r}", path, lines, "jam_kerja", "hari", name)
        days[WEEKDAYS.index(name)] = _parse_intervals(hours, path, lines, "jam_kerja", "hari", name)
    local: set[date] = set()
    for i, d in enumerate(spec.get("libur_tambahan") or []):
        try:
            local.add(d if isinstance(d, date) else date.fromisoformat(str(d)))
        except ValueError:
            raise _fail(f"tanggal libur tidak sah: {d!r}", path, lines, "jam_kerja", "libur_tambahan", i) from None
    return OfficeHours(
        str(spec.get("zona_waktu", "Asia/Jakarta")),
        int(spec.get("menit_per_hari", 450)),
        days,
        frozenset(local),
        _holiday_categories(spec.get("kategori_libur", list(DEFAULT_HOLIDAY_CATEGORIES)), path, lines),
    )


def parse_sop(data: Any, lines: LineMap, path: Path) -> Sop:
    """Build a :class:`Sop` from parsed YAML, checking internal consistency."""
    if not isinstance(data, dict):
        raise SopDataError("berkas alur SOP harus berisi pemetaan YAML", file=path, line=1)
    for key in ("peran", "status", "transisi", "langkah", "jam_kerja", "kategori"):
        if key not in data:
            raise SopDataError(f"kunci wajib '{key}' tidak ada", file=path, line=1)

    roles = {}
    for rid, spec in (data["peran"] or {}).items():
        name = spec.get("nama", rid) if isinstance(spec, dict) else str(spec)
        roles[str(rid)] = Role(str(rid), str(name))

    states = {}
    for sid, spec in (data["status"] or {}).items():
        spec = spec or {}
        holder = spec.get("pemegang")
        if holder is not None and holder not in roles:
            raise _fail(f"peran pemegang '{holder}' tidak dikenal", path, lines, "status", sid, "pemegang")
        states[str(sid)] = State(
            id=str(sid),
            label=str(spec.get("label", sid)),
            description=str(spec.get("keterangan", "")),
            holder=holder,
            published=bool(spec.get("terbit", False)),
            final=bool(spec.get("akhir", False)),
            required_fields=bool(spec.get("isi_wajib", False)),
        )

    transitions = _parse_transitions(data["transisi"], roles, states, path, lines)
    forge = _forge(data.get("github"), {t.command for t in transitions}, path, lines)
    office = _parse_office(data["jam_kerja"] or {}, path, lines)
    minutes_per_day = office.minutes_per_day

    steps = []
    for i, spec in enumerate(data["langkah"] or []):
        for s in [*_as_list(spec.get("mulai")), *_as_list(spec.get("selesai"))]:
            if s not in states:
                raise _fail(f"status '{s}' tidak dikenal", path, lines, "langkah", i)
        performer = spec.get("pelaksana")
        if performer not in roles:
            raise _fail(f"pelaksana '{performer}' tidak dikenal", path, lines, "langkah", i, "pelaksana")
        steps.append(
            Step(
                number=int(spec["nomor"]),
                activity=str(spec.get("kegiatan", "")),
                performer=str(performer),
                requirements=str(spec.get("kelengkapan", "")),
                output=str(spec.get("output", "")),
                norm=_norm(spec.get("norma"), minutes_per_day, path, lines, "langkah", i, "norma"),
                starts=tuple(_as_list(spec.get("mulai"))),
                ends=tuple(_as_list(spec.get("selesai"))),
                starts_at_schedule=bool(spec.get("mulai_paling_awal_jadwal", False)),
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
        transitions=transitions,
        steps=tuple(sorted(steps, key=lambda s: s.number)),
        office=office,
        categories=categories,
        category_groups={str(k): str(v) for k, v in (data.get("kelompok_kategori") or {}).items()},
        github=forge,
        source=path,
        lines=lines,
    )


def read_yaml_file(path: Path, error: type[JdihError] = SopDataError) -> tuple[Any, LineMap]:
    """Read a YAML file with line numbers, turning every failure into ``error`` (Indonesian)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"berkas tidak ditemukan: {path}", file=path) from None
    except UnicodeDecodeError:
        raise error("berkas bukan teks UTF-8", file=path) from None
    except OSError as exc:
        raise error(f"berkas tidak dapat dibaca ({exc.strerror})", file=path) from None
    try:
        return load_with_lines(text)
    except YamlError as exc:
        raise error(exc.message, file=path, line=exc.line) from None


def load_sop(path: Path) -> Sop:
    """Load and check ``sop/alur.yml``."""
    data, lines = read_yaml_file(path)
    try:
        return parse_sop(data, lines, path)
    except SopDataError:
        raise
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise SopDataError(f"struktur alur SOP tidak sah ({exc})", file=path) from None


def role_names(sop: Sop, roles: Iterable[str]) -> str:
    """Human list of role names: "Kasubbag Hukum dan SDM atau Staf ..."."""
    names = [sop.roles[r].name if r in sop.roles else r for r in roles]
    return " atau ".join(names)
