"""Shared setup of the reminder tests: contacts in sop/peran.yml, a run of the core, the Fonnte fake."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import yaml

from fakes.gateways import FakeFonnte, serve
from jdih.announcing import load_config
from jdih.channels.announce import build_channel
from jdih.gitflow.steps import next_hint
from jdih.project import Project
from jdih.reminders.config import load_reminder_config
from jdih.reminders.contacts import load_choices
from jdih.reminders.service import RemindReport, Sources, remind
from jdih.reminders.sources import tracked_posts

TOKEN = "SENTINEL-fonnte-pengingat-41c2"
NUMBERS = {"dwi": "6281100000001", "rahmat": "6281100000003", "siti": "6281100000004"}


def set_contacts(root: Path, contacts: dict[str, dict[str, str] | None]) -> None:
    """Give people a ``pengingat`` contact (None removes it) in the project's sop/peran.yml."""
    path = root / "sop" / "peran.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for pid, contact in contacts.items():
        if contact is None:
            data["orang"][pid].pop("pengingat", None)
        else:
            data["orang"][pid]["pengingat"] = contact
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def set_default_channel(root: Path, channel: str) -> None:
    """Change ``kanal_bawaan`` of the project's sop/pengingat.yml."""
    path = root / "sop" / "pengingat.yml"
    text = path.read_text(encoding="utf-8").replace("kanal_bawaan: kotak-keluar", f"kanal_bawaan: {channel}")
    path.write_text(text, encoding="utf-8")


@contextmanager
def fonnte() -> Iterator[tuple[FakeFonnte, str]]:
    """The Fonnte fake on a real loopback server, knowing every person's number as a target."""
    fake = FakeFonnte(TOKEN, {n: pid for pid, n in NUMBERS.items()})
    with serve(fake) as url:
        yield fake, url


def run(project: Project, now: datetime, url: str = "http://127.0.0.1:9", *, dry_run: bool = False) -> RemindReport:
    """One `jdih ingatkan` run of the core, with the gateway at ``url``."""
    fresh = Project(project.root)  # re-read sop/ as a new process would
    env = {"JDIH_FONNTE_TOKEN": TOKEN, "JDIH_FONNTE_URL": url}
    group = load_config(fresh.root / "sop")
    sources = Sources(
        config=load_reminder_config(fresh.root / "sop" / "pengingat.yml", fresh.sop),
        choices=load_choices(fresh.root / "sop" / "peran.yml"),
        collect=lambda: tracked_posts(fresh),
        group=(group.channel, group.target),
        action=lambda post_id, status: next_hint(fresh, status, post_id),
    )
    with httpx.Client(timeout=5) as client:

        def channel_for(name: str, target: str) -> Any:
            return build_channel(name, target, env=env, client=client, state_dir=fresh.state_dir)

        return remind(fresh, sources, channel_for, now, dry_run=dry_run, sleep=lambda _s: None)


def outcome(report: RemindReport) -> set[tuple[str, str, int | None, str]]:
    """(person, post, threshold, result) of every personal reminder in a report."""
    return {(r.recipient, r.content, r.threshold, r.outcome) for r in report.results if r.content}
