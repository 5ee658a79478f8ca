"""Where each person's reminders go: the ``pengingat`` contact of ``sop/peran.yml``.

``pengingat: {kanal: wa-fonnte, tujuan: "62812..."}`` per person; without it the policy's
``kanal_bawaan`` is used. The outbox (``kotak-keluar``) needs no contact; e-mail falls back to the
person's ``email``. A person who cannot be reached gets a warning, never a failed run for the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SopDataError
from ..people import People, Person
from ..sop_model import read_yaml_file
from .config import OUTBOX

KEY = "pengingat"
EMAIL = "email"
GROUP_ONLY = ("wa-manual",)  # announce channels that cannot carry a personal message


@dataclass(frozen=True)
class Choice:
    """What ``sop/peran.yml`` says for one person (either may be missing)."""

    channel: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class Contact:
    """A usable address: a channel name and its target ("" for the outbox)."""

    channel: str
    target: str


def personal_channels() -> list[str]:
    """Channel names a personal reminder may use (the announce channels that take an address, and the outbox)."""
    from ..channels.announce import CHANNEL_NAMES

    return [OUTBOX, *(c for c in CHANNEL_NAMES if c not in GROUP_ONLY)]


def load_choices(path: Path) -> dict[str, Choice]:
    """Every person's ``pengingat`` entry; a wrong one is an error naming file and line."""
    data, lines = read_yaml_file(path)
    people = data.get("orang") if isinstance(data, dict) else None
    out: dict[str, Choice] = {}
    if not isinstance(people, dict):
        return out
    allowed = personal_channels()
    for pid, spec in people.items():
        if not isinstance(spec, dict) or spec.get(KEY) is None:
            continue
        raw = spec[KEY]
        line = lines.line("orang", pid, KEY)
        if not isinstance(raw, dict):
            raise SopDataError(f"'{KEY}' untuk '{pid}' harus berupa pemetaan {{kanal, tujuan}}", file=path,
                               line=line)
        unknown = sorted(str(k) for k in raw if k not in ("kanal", "tujuan"))
        if unknown:
            raise SopDataError(f"'{KEY}' untuk '{pid}': kunci {', '.join(unknown)} tidak dikenal (yang dikenal: "
                               "kanal, tujuan)", file=path, line=line)
        channel = raw.get("kanal")
        if channel is not None and (not isinstance(channel, str) or channel not in allowed):
            raise SopDataError(
                f"kanal pengingat '{channel}' untuk '{pid}' tidak dikenal; pilihan: {', '.join(allowed)}",
                file=path, line=lines.line("orang", pid, KEY, "kanal") or line)
        target = raw.get("tujuan")
        if target is not None and (isinstance(target, bool) or not isinstance(target, str | int)):
            raise SopDataError(f"tujuan pengingat untuk '{pid}' harus berupa teks (mis. \"62812...\")", file=path,
                               line=lines.line("orang", pid, KEY, "tujuan") or line)
        out[str(pid)] = Choice(channel, str(target).strip() if target is not None and str(target).strip() else None)
    return out


def resolve(person: Person, choice: Choice | None, default_channel: str) -> Contact | str:
    """The person's contact, or an Indonesian warning saying why they cannot be reached."""
    channel = (choice.channel if choice else None) or default_channel
    if channel == OUTBOX:
        return Contact(OUTBOX, "")
    target = choice.target if choice else None
    if not target and channel == EMAIL:
        target = person.email
    if not target:
        return (f"{person.name} ({person.id}) tidak punya kontak untuk kanal {channel}: isi "
                f"`{KEY}: {{kanal: {channel}, tujuan: ...}}` untuk '{person.id}' di sop/peran.yml; "
                "pengingat untuknya tidak dikirim")
    return Contact(channel, target)


def contacts_for(people: People, choices: dict[str, Choice], default_channel: str) -> dict[str, Contact | str]:
    """Every person's contact (or warning), by person id."""
    return {pid: resolve(p, choices.get(pid), default_channel) for pid, p in people.by_id.items()}
