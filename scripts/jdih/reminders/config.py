"""Reminder policy as data: ``sop/pengingat.yml`` (thresholds, daily summary, default channel).

Thresholds are percentages of a step's norm in office working time; each names who is reminded:
``pemegang`` (whoever holds the post now, from the state's ``pemegang`` role) or a role id of
``sop/alur.yml``. Nothing here names a state or a role: the file does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from ..errors import SopDataError
from ..sop_model import Sop, read_yaml_file

HOLDER = "pemegang"  # the keyword of the file format, not an SOP role
OUTBOX = "kotak-keluar"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Threshold:
    """Remind at ``percent`` % of the norm; ``to`` holds ``pemegang`` and/or role ids."""

    percent: int
    to: tuple[str, ...]


@dataclass(frozen=True)
class ReminderConfig:
    """The whole reminder policy."""

    thresholds: tuple[Threshold, ...]
    summary_enabled: bool
    summary_at: time
    default_channel: str
    source: Path | None = None


def _fail(msg: str, path: Path, line: int | None) -> SopDataError:
    return SopDataError(msg, file=path, line=line or 1)


def load_reminder_config(path: Path, sop: Sop) -> ReminderConfig:
    """Read and validate ``sop/pengingat.yml``; errors name the file and line."""
    if not path.exists():
        raise SopDataError("berkas pengaturan pengingat tidak ada", file=path,
                           hint="Salin sop/pengingat.yml dari repositori JDIH Medsos.")
    data, lines = read_yaml_file(path)
    if not isinstance(data, dict):
        raise _fail("berkas pengingat harus berupa pemetaan (ambang, ringkasan, kanal_bawaan)", path, 1)
    raw = data.get("ambang")
    if not isinstance(raw, list) or not raw:
        raise _fail("'ambang' harus berupa daftar yang tidak kosong", path, lines.line("ambang"))
    thresholds: list[Threshold] = []
    for i, item in enumerate(raw):
        line = lines.line("ambang", i)
        if not isinstance(item, dict):
            raise _fail(f"ambang ke-{i + 1} harus berupa pemetaan {{persen, kepada}}", path, line)
        pct = item.get("persen")
        if isinstance(pct, bool) or not isinstance(pct, int) or pct <= 0:
            raise _fail(f"ambang ke-{i + 1}: 'persen' harus bilangan bulat positif", path,
                        lines.line("ambang", i, "persen") or line)
        to = item.get("kepada")
        to = [to] if isinstance(to, str) else to
        if not isinstance(to, list) or not to:
            raise _fail(f"ambang ke-{i + 1}: 'kepada' harus berisi '{HOLDER}' dan/atau id peran", path,
                        lines.line("ambang", i, "kepada") or line)
        for who in to:
            if who != HOLDER and who not in sop.roles:
                raise _fail(
                    f"ambang ke-{i + 1}: penerima '{who}' tidak dikenal (pilihan: {HOLDER}, "
                    f"{', '.join(sop.roles)})", path, lines.line("ambang", i, "kepada") or line)
        thresholds.append(Threshold(pct, tuple(str(w) for w in to)))
    percents = [t.percent for t in thresholds]
    if len(set(percents)) != len(percents):
        raise _fail("setiap ambang harus punya 'persen' yang berbeda", path, lines.line("ambang"))
    summary = data.get("ringkasan") or {}
    if not isinstance(summary, dict):
        raise _fail("'ringkasan' harus berupa pemetaan {aktif, jam}", path, lines.line("ringkasan"))
    at_text = str(summary.get("jam", "08:00"))
    m = _TIME.match(at_text)
    if not m:
        raise _fail(f"ringkasan.jam '{at_text}' harus berbentuk JJ:MM, mis. 08:00", path,
                    lines.line("ringkasan", "jam") or lines.line("ringkasan"))
    channel = data.get("kanal_bawaan", OUTBOX)
    from .contacts import personal_channels  # the channel list imports the adapters: only when reading

    allowed = personal_channels()
    if not isinstance(channel, str) or channel not in allowed:
        raise _fail(f"'kanal_bawaan' harus salah satu dari: {', '.join(allowed)}", path, lines.line("kanal_bawaan"))
    return ReminderConfig(
        thresholds=tuple(sorted(thresholds, key=lambda t: t.percent)),
        summary_enabled=bool(summary.get("aktif", True)),
        summary_at=time(int(m.group(1)), int(m.group(2))),
        default_channel=channel,
        source=path,
    )
