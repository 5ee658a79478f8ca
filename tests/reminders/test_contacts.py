"""Each person's reminder contact in sop/peran.yml: validated with file and line, resolved with fallbacks."""

from __future__ import annotations

import pytest

from jdih.errors import SopDataError
from jdih.project import Project
from jdih.reminders.config import load_reminder_config
from jdih.reminders.contacts import Choice, load_choices, resolve
from support.reminders import set_contacts, set_default_channel


def test_a_wrong_channel_names_file_and_line(project: Project) -> None:
    set_contacts(project.root, {"dwi": {"kanal": "merpati-pos", "tujuan": "1"}})
    path = project.root / "sop" / "peran.yml"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "merpati" in text)
    with pytest.raises(SopDataError) as err:
        load_choices(path)
    assert err.value.line == line and "merpati-pos" in err.value.message and "wa-fonnte" in err.value.message


def test_the_group_only_manual_channel_is_not_a_personal_one(project: Project) -> None:
    set_default_channel(project.root, "wa-manual")
    with pytest.raises(SopDataError) as err:
        load_reminder_config(project.root / "sop" / "pengingat.yml", project.sop)
    assert "kanal_bawaan" in err.value.message and err.value.line is not None


def test_resolution_outbox_needs_nothing_number_required_email_falls_back(project: Project) -> None:
    dwi = project.people.get("dwi")
    assert dwi is not None
    assert resolve(dwi, None, "kotak-keluar") == resolve(dwi, Choice("kotak-keluar"), "wa-fonnte")
    warning = resolve(dwi, None, "wa-waha")
    assert isinstance(warning, str) and "tidak punya kontak untuk kanal wa-waha" in warning
    found = resolve(dwi, Choice(target="628123"), "wa-waha")
    assert not isinstance(found, str) and (found.channel, found.target) == ("wa-waha", "628123")
    mail = resolve(dwi, None, "email")
    assert not isinstance(mail, str) and mail.target == dwi.email


def test_the_repository_contacts_load(project: Project) -> None:
    choices = load_choices(project.root / "sop" / "peran.yml")
    assert set(choices) <= set(project.people.by_id)
