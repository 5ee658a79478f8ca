"""Sign-in at the desk: Argon2 hashes outside git, expiring sessions, lockout, the `jdih meja sandi` command."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import WIB, new_project
from jdih.cli import cli
from jdih.desk.auth import MAX_FAILURES, PasswordStore, Sessions
from jdih.desk.service import is_loopback
from jdih.errors import UsageError

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)


def test_passwords_are_argon2_hashes_readable_only_by_the_owner(tmp_path: Path) -> None:
    store = PasswordStore(tmp_path / ".jdih" / "meja" / "sandi.json")
    store.set("siti", "kata-sandi-panjang")
    text = store.path.read_text()
    assert "kata-sandi-panjang" not in text and json.loads(text)["siti"].startswith("$argon2id$")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.verify("siti", "kata-sandi-panjang")
    assert not store.verify("siti", "salah-sandi-panjang")
    assert not store.verify("tidak-ada", "kata-sandi-panjang")
    with pytest.raises(UsageError, match="minimal"):
        store.set("siti", "pendek")


def test_sessions_expire_when_idle_and_after_the_maximum() -> None:
    sessions = Sessions(idle=timedelta(minutes=30), maximum=timedelta(hours=2))
    s = sessions.start("siti", NOW)
    assert sessions.get(s.token, NOW + timedelta(minutes=29)) is s
    assert sessions.get(s.token, NOW + timedelta(minutes=58)) is s  # idle clock restarted at 29
    assert sessions.get(s.token, NOW + timedelta(minutes=89)) is None
    t = sessions.start("siti", NOW)
    for minutes in range(20, 120, 20):
        assert sessions.get(t.token, NOW + timedelta(minutes=minutes)) is t
    assert sessions.get(t.token, NOW + timedelta(minutes=121)) is None
    assert sessions.get("tebakan", NOW) is None


def test_repeated_wrong_passwords_lock_the_person_out() -> None:
    sessions = Sessions()
    for _ in range(MAX_FAILURES):
        assert not sessions.locked_out("siti", NOW)
        sessions.failed("siti", NOW)
    assert sessions.locked_out("siti", NOW + timedelta(minutes=1))
    assert not sessions.locked_out("siti", NOW + timedelta(minutes=16))


def test_jdih_meja_sandi_stores_a_hash_outside_the_repository(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    result = CliRunner().invoke(cli, ["--proyek", str(project.root), "meja", "sandi", "rahmat"],
                                input="sandi-kasubbag-01\nsandi-kasubbag-01\n")
    assert result.exit_code == 0, result.output
    assert "sandi-kasubbag-01" not in result.output
    assert PasswordStore(project.root / ".jdih" / "meja" / "sandi.json").verify("rahmat", "sandi-kasubbag-01")
    unknown = CliRunner().invoke(cli, ["--proyek", str(project.root), "meja", "sandi", "budi"], input="x\nx\n")
    assert unknown.exit_code != 0 and "tidak terdaftar" in unknown.output


def test_only_loopback_counts_as_this_computer() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("")
