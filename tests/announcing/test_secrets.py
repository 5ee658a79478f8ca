"""Sentinel tokens never reach logs, error text, the ledger or the outbox, even with httpx debug logging on."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import pytest

from fakes.gateways import FakeFonnte, FakeTelegram, mock_client
from helpers import NOW, make_post
from jdih.announcing import announce_all, load_config
from jdih.channels.announce import build_channel
from jdih.redact import install_logging_filter

TG = "777777:SENTINEL-log-telegram-abc"
FON = "SENTINEL-log-fonnte-def"


@pytest.fixture
def debug_log():
    """Root handler at DEBUG with the project's redacting filter, httpx forced to DEBUG (worst case)."""
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    old_level, old_handlers = root.level, list(root.handlers)
    root.handlers = [handler]
    root.setLevel(logging.DEBUG)
    install_logging_filter()
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield stream
    root.handlers = old_handlers
    root.setLevel(old_level)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def test_tokens_stay_out_of_logs_errors_and_files(project, debug_log):
    import dataclasses

    make_post(project, "satu")
    make_post(project, "dua")
    tg = FakeTelegram(TG, {"-1001"})
    tg.fault("timeout-after", "kicked")
    env = {"JDIH_TELEGRAM_BOT_TOKEN": TG, "JDIH_FONNTE_TOKEN": FON}
    channels = {
        "telegram-grup": build_channel("telegram-grup", "-1001", env=env, client=mock_client(tg),
                                       state_dir=project.state_dir),
        "wa-fonnte": build_channel("wa-fonnte", "g@g.us", env=env, client=mock_client(FakeFonnte(FON, {})),
                                   state_dir=project.state_dir),
    }
    config = dataclasses.replace(load_config(project.root / "sop"), channel="telegram-grup", target="-1001",
                                 fallback="wa-fonnte", fallback_target="g@g.us")
    report = announce_all(project, channels, NOW, config=config, sleep=lambda s: None)
    again = announce_all(project, channels, NOW + timedelta(minutes=1), config=config, sleep=lambda s: None)
    assert {r.outcome for r in report.results} == {"tidak-pasti", "gagal"}
    logged = debug_log.getvalue()
    assert "sendMessage" in logged  # httpx did log the request line; only the token is masked
    texts = [logged] + [f"{r.message} {r.hint}" for r in report.results + again.results]
    for secret in (TG, FON):
        for t in texts:
            assert secret not in t
        for path in project.root.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
