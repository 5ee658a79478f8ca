"""End to end: `jdih ingatkan` as a real process, SIGKILLed while the gateway delivers, run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import WIB, make_post, new_project
from jdih.reminders.record import read_records
from support.reminders import NUMBERS, TOKEN, fonnte, set_contacts

pytestmark = pytest.mark.slow

JDIH = [sys.executable, "-c", "from jdih.cli import main; main()"]
START = datetime(2026, 12, 23, 15, 55, tzinfo=WIB)  # then cuti bersama, Natal, a weekend


def _env(now: datetime, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JDIH_", "GITHUB_"))}
    env.update(JDIH_SEKARANG=now.isoformat(), JDIH_FONNTE_URL=url, JDIH_FONNTE_TOKEN=TOKEN)
    return env


def _run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JDIH, "--proyek", str(root), "ingatkan", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_killed_mid_send_is_never_sent_twice_and_the_others_are_served(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    set_contacts(project.root, {"dwi": {"kanal": "wa-fonnte", "tujuan": NUMBERS["dwi"]}})
    make_post(project, "natal", status="draf", start=START - timedelta(minutes=5), step_minutes=5)
    monday = datetime(2026, 12, 28, 7, 56, tzinfo=WIB)
    outputs: list[str] = []
    with fonnte() as (fake, url):
        holiday = _run(project.root, _env(datetime(2026, 12, 24, 9, 0, tzinfo=WIB), url))
        assert holiday.returncode == 0 and "libur" in holiday.stdout and fake.requests == []

        proc = subprocess.Popen([*JDIH, "--proyek", str(project.root), "ingatkan"], env=_env(monday, url),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        fake.on_kill = lambda: os.kill(proc.pid, signal.SIGKILL)
        fake.fault("kill")  # Fonnte queues the message, then the client dies before reading the answer
        out, err = proc.communicate(timeout=60)
        outputs += [out, err]
        assert proc.returncode == -signal.SIGKILL
        assert len(fake.delivered) == 1

        second = _run(project.root, _env(monday + timedelta(minutes=5), url))
        outputs += [second.stdout, second.stderr]
        # Fonnte cannot be asked whether it went out: uncertain, so never resent; rizky (outbox) served.
        assert second.returncode == 1, second.stdout + second.stderr
        assert "[TIDAK PASTI] Dwi Lestari" in second.stdout
        assert "[TERKIRIM] Muhammad Rizky (rizky) lewat kotak-keluar" in second.stdout
        assert len(fake.delivered) == 1

        third = _run(project.root, _env(monday + timedelta(minutes=10), url))
        outputs += [third.stdout, third.stderr]
        assert third.returncode == 0, third.stdout + third.stderr
        assert "TIDAK PASTI (SEBELUMNYA)" in third.stdout and "TERKIRIM (SEBELUMNYA)" in third.stdout
        assert len(fake.delivered) == 1
    records, bad = read_records(project.root)
    assert bad == [] and [(r.person, r.threshold) for r in records] == [("rizky", 100)]
    assert "catatan/pengingat/2026-12.jsonl" in second.stdout  # the lasting record, and how to keep it
    for text in outputs:
        assert TOKEN not in text


def test_uji_prints_messages_and_recipients_and_changes_nothing(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    make_post(project, "natal", status="draf", start=START - timedelta(minutes=5), step_minutes=5)
    result = _run(project.root, _env(datetime(2026, 12, 28, 7, 56, tzinfo=WIB), "http://127.0.0.1:9"), "--uji")
    assert result.returncode == 0, result.stderr
    assert "[AKAN DIKIRIM] Dwi Lestari, A.Md. (dwi) lewat kotak-keluar: 2026/natal, langkah 3, 100 %" in result.stdout
    assert "`jdih ajukan 2026/natal`" in result.stdout
    assert "uji: tidak ada pesan yang dikirim" in result.stdout
    assert not (project.state_dir / "buku-besar").exists() and not (project.root / "catatan").exists()


def test_status_shows_the_next_reminder_due(tmp_path: Path) -> None:
    project = new_project(tmp_path / "proyek")
    make_post(project, "natal", status="draf", start=START - timedelta(minutes=5), step_minutes=5)
    env = _env(START + timedelta(minutes=1), "http://127.0.0.1:9")
    result = subprocess.run([*JDIH, "--proyek", str(project.root), "status"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # 5 minutes on the 23rd, then cuti bersama, Natal and the weekend are skipped.
    assert "pengingat berikutnya: 100 % norma, 28 Desember 2026 07.55 WIB" in result.stdout
