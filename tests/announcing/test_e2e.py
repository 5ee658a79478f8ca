"""End to end: `jdih umumkan` as a real process against gateway fakes on real loopback servers.

From an uploaded (``diunggah``) post to a message received by the fake gateway, with the
client SIGKILLed by the gateway while it handles the request, and re-runs that must end
with exactly one message per post.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from fakes.gateways import FakeFonnte, FakeTelegram, FakeWaha, serve
from helpers import NOW, make_post, new_project, write_announce_settings
from jdih.post import read_post

pytestmark = pytest.mark.slow

GROUP = "120363025246125486@g.us"
SENTINELS = {
    "JDIH_FONNTE_TOKEN": "SENTINEL-fonnte-7d1e0b",
    "JDIH_WAHA_API_KEY": "SENTINEL-waha-5c2f11",
    "JDIH_TELEGRAM_BOT_TOKEN": "424242:SENTINEL-telegram-9a8b7c",
    "JDIH_SMTP_PASSWORD": "SENTINEL-smtp-3e4f5a",
}
JDIH = [sys.executable, "-c", "from jdih.cli import main; main()"]


def write_config(root: Path, text: str) -> None:
    write_announce_settings(root, text)


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JDIH_")}
    env["JDIH_SEKARANG"] = NOW.isoformat()
    env["JDIH_PENGUNGGAH"] = "dwi"
    env.update(extra)
    return env


def start(root: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*JDIH, "--proyek", str(root), "umumkan", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JDIH, "--proyek", str(root), "umumkan", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def status(root: Path, post_id: str) -> str:
    return read_post(root / "content" / post_id / "index.md").status


def assert_no_secret(root: Path, *outputs: str) -> None:
    for secret in SENTINELS.values():
        for out in outputs:
            assert secret not in out
        for path in root.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path


def test_fonnte_kill_mid_send_rerun_stops_for_a_human_then_terkirim_completes(tmp_path: Path):
    project = new_project(tmp_path / "proyek")
    make_post(project, "dua", judul="Tahapan Kampanye Pemilu")
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024")
    write_config(project.root, f"kanal: wa-fonnte\ntujuan: '{GROUP}'\npengumum: dwi\n")
    fake = FakeFonnte(SENTINELS["JDIH_FONNTE_TOKEN"], {GROUP: "Grup JDIH KPU Kotim"})
    outputs: list[str] = []
    with serve(fake) as url:
        env = base_env(JDIH_FONNTE_URL=url, JDIH_FONNTE_TOKEN=SENTINELS["JDIH_FONNTE_TOKEN"])
        proc = start(project.root, env)
        fake.on_kill = lambda: os.kill(proc.pid, signal.SIGKILL)
        fake.fault("kill")  # the gateway queues the message, then the client dies before reading the answer
        out, err = proc.communicate(timeout=60)
        outputs += [out, err]
        assert proc.returncode == -signal.SIGKILL
        assert len(fake.delivered) == 1 and "Tahapan Kampanye" in fake.texts()[0]
        assert status(project.root, "2026/dua") == "diunggah"

        second = run(project.root, env)
        outputs += [second.stdout, second.stderr]
        assert second.returncode == 1
        assert "TIDAK PASTI" in second.stdout and "2026/dua" in second.stdout
        assert "--terkirim" in second.stdout
        # The other post went out normally; the uncertain one was NOT resent.
        assert len(fake.delivered) == 2 and sum("Tahapan Kampanye" in t for t in fake.texts()) == 1
        assert (status(project.root, "2026/dua"), status(project.root, "2026/satu")) == ("diunggah", "diumumkan")

        third = run(project.root, env)  # still waiting for the person: still nothing resent
        outputs += [third.stdout, third.stderr]
        assert third.returncode == 1 and len(fake.delivered) == 2

        confirm = run(project.root, env, "--terkirim", "2026/dua")
        outputs += [confirm.stdout, confirm.stderr]
        assert confirm.returncode == 0 and "DIKONFIRMASI" in confirm.stdout
        assert status(project.root, "2026/dua") == "diumumkan"

        last = run(project.root, env)
        outputs += [last.stdout, last.stderr]
        assert last.returncode == 0 and "Tidak ada konten" in last.stdout
    assert sorted(fake.texts()) == sorted(set(fake.texts())) and len(fake.delivered) == 2
    assert_no_secret(project.root, *outputs)


@pytest.mark.parametrize("engine", ["WEBJS", "NOWEB", "EMPTY"])
def test_waha_kill_mid_send_is_reconciled_without_a_second_message(tmp_path: Path, engine: str):
    project = new_project(tmp_path / "proyek")
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024")
    write_config(project.root, f"kanal: wa-waha\ntujuan: '{GROUP}'\n")
    fake = FakeWaha(SENTINELS["JDIH_WAHA_API_KEY"], {GROUP: "Grup"}, engine=engine)
    with serve(fake) as url:
        env = base_env(JDIH_WAHA_URL=url, JDIH_WAHA_API_KEY=SENTINELS["JDIH_WAHA_API_KEY"])
        proc = start(project.root, env)
        fake.on_kill = lambda: os.kill(proc.pid, signal.SIGKILL)
        fake.fault("kill")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL and len(fake.delivered) == 1
        rerun = run(project.root, env)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert "TERKIRIM" in rerun.stdout
        assert len(fake.delivered) == 1
        assert status(project.root, "2026/satu") == "diumumkan"
    assert_no_secret(project.root, out, err, rerun.stdout, rerun.stderr)


def test_refused_gateway_falls_back_to_email_over_starttls(tmp_path: Path, smtp_server):
    project = new_project(tmp_path / "proyek")
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    write_config(project.root, f"kanal: wa-fonnte\ntujuan: '{GROUP}'\ncadangan: email\n"
                 "tujuan_cadangan: humas@lists.kpu.invalid\nmaks_percobaan: 1\n")
    env = base_env(JDIH_FONNTE_URL=closed, JDIH_FONNTE_TOKEN=SENTINELS["JDIH_FONNTE_TOKEN"],
                   JDIH_SMTP_HOST=smtp_server.host, JDIH_SMTP_PORT=str(smtp_server.port),
                   JDIH_SMTP_USER=smtp_server.user, JDIH_SMTP_PASSWORD=smtp_server.password,
                   JDIH_SMTP_FROM=smtp_server.user, JDIH_SMTP_CA=str(smtp_server.cafile))
    SENTINELS_LOCAL = smtp_server.password
    r = run(project.root, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "TERKIRIM (CADANGAN)" in r.stdout and "kanal cadangan" in r.stdout
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["humas@lists.kpu.invalid"]
    assert b"Mengenal PKPU Nomor 8 Tahun 2024" in envelope.original_content
    assert status(project.root, "2026/satu") == "diumumkan"
    assert_no_secret(project.root, r.stdout, r.stderr)
    assert SENTINELS_LOCAL not in r.stdout + r.stderr


def test_telegram_token_in_url_never_leaks_on_errors(tmp_path: Path):
    project = new_project(tmp_path / "proyek")
    make_post(project, "satu")
    write_config(project.root, "kanal: telegram-grup\ntujuan: '-1001234'\n")
    fake = FakeTelegram(SENTINELS["JDIH_TELEGRAM_BOT_TOKEN"], {"-1001234"})
    fake.fault("timeout-after")  # on a real server: delivered, then the connection drops
    with serve(fake) as url:
        env = base_env(JDIH_TELEGRAM_URL=url, JDIH_TELEGRAM_BOT_TOKEN=SENTINELS["JDIH_TELEGRAM_BOT_TOKEN"])
        r = run(project.root, env)
        other = new_project(tmp_path / "lain")
        make_post(other, "dua")
        write_config(other.root, "kanal: telegram-grup\ntujuan: '-1001234'\n")
        r2 = run(other.root, env | {"JDIH_TELEGRAM_BOT_TOKEN": "999:SENTINEL-wrong-token"})
    assert r.returncode == 1 and "TIDAK PASTI" in r.stdout and len(fake.delivered) == 1
    assert r2.returncode == 1 and "token bot ditolak" in r2.stdout and len(fake.delivered) == 1
    assert_no_secret(other.root)
    assert "SENTINEL-wrong-token" not in r2.stdout + r2.stderr
    assert_no_secret(project.root, r.stdout, r.stderr, r2.stdout, r2.stderr)


def test_manual_outbox_on_a_fresh_clone(tmp_path: Path):
    project = new_project(tmp_path / "proyek")
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024")
    env = base_env()
    r = run(project.root, env)
    assert r.returncode == 0 and "KIRIM MANUAL" in r.stdout and "https://wa.me/?text=" in r.stdout
    assert "jdih umumkan --terkirim 2026/satu" in r.stdout
    outbox = project.root / ".jdih/kotak-keluar/whatsapp/2026__satu.txt"
    assert "Mengenal PKPU Nomor 8 Tahun 2024" in outbox.read_text()
    c = run(project.root, env, "--terkirim", "satu")
    assert c.returncode == 0 and status(project.root, "2026/satu") == "diumumkan"


def test_two_runs_started_together_announce_exactly_once(tmp_path: Path):
    """Issue 13: `umumkan` read the posts before taking its lock, so a second run started meanwhile
    sent every message again and both exited 0. Now the lock covers reading the posts too."""
    project = new_project(tmp_path / "proyek")
    for slug in ("satu", "dua", "tiga"):
        make_post(project, slug, judul=f"Konten {slug}")
    write_config(project.root, f"kanal: wa-fonnte\ntujuan: '{GROUP}'\npengumum: dwi\n")
    fake = FakeFonnte(SENTINELS["JDIH_FONNTE_TOKEN"], {GROUP: "Grup JDIH KPU Kotim"})
    first = threading.Event()

    def slow_first(request: Any) -> Any:
        # Hold the first send a moment so that the second run surely starts while the first is busy.
        if not first.is_set():
            first.set()
            time.sleep(1.5)
        return fake(request)

    with serve(slow_first) as url:
        env = base_env(JDIH_FONNTE_URL=url, JDIH_FONNTE_TOKEN=SENTINELS["JDIH_FONNTE_TOKEN"])
        procs = [start(project.root, env) for _ in range(2)]
        outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert len(fake.delivered) == 3 and len(set(fake.texts())) == 3
    assert sum("Tidak ada konten" in out for out, _err in outs) == 1
    for slug in ("satu", "dua", "tiga"):
        assert status(project.root, f"2026/{slug}") == "diumumkan"


def test_http_timeout_is_the_documented_variable(tmp_path: Path):
    """Issue 13: `umumkan` ignored JDIH_HTTP_TIMEOUT (it read an undocumented JDIH_UMUMKAN_TIMEOUT)."""
    from jdih.announcing import load_config
    from jdih.cli.umumkan import LazyChannels
    from jdih.errors import ConfigError

    project = new_project(tmp_path / "proyek")
    config = load_config(project.root / "sop")
    channels = LazyChannels(config, project.state_dir, {"JDIH_HTTP_TIMEOUT": "0.5"})
    try:
        assert channels.client.timeout.read == 0.5
    finally:
        channels.close()
    with pytest.raises(ConfigError, match="JDIH_HTTP_TIMEOUT"):
        LazyChannels(config, project.state_dir, {"JDIH_HTTP_TIMEOUT": "lama"})
