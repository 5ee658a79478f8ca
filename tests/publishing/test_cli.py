"""`jdih terbitkan` through click: outbox mode, dry run, resolution options, exit codes, logging."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from fakes.platforms import FakeTelegram, mock_client
from fakes.world import Progress, approved, outgoing
from helpers import NOW
from jdih.cli import cli
from jdih.post import read_post
from jdih.project import Project


def invoke(project: Project, *args: str, env: dict[str, str] | None = None) -> object:
    base = {"JDIH_SEKARANG": NOW.isoformat(), "JDIH_PENGUNGGAH": "rizky"}
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "terbitkan", *args], env={**base, **(env or {})})


def test_outbox_is_the_default_without_credentials(project: Project) -> None:
    path = approved(project, "satu", ["instagram", "x"], images=1)
    res = invoke(project, "--uji")
    assert res.exit_code == 0 and "kotak keluar" in res.output and "AKAN DISIAPKAN" in res.output  # type: ignore[attr-defined]
    assert not project.state_dir.exists()
    res = invoke(project)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    post = read_post(path)
    assert post.status == "diunggah" and post.history[-1].actor == "rizky"
    assert post.links["x"].endswith("#kotak-keluar-x")
    assert (project.state_dir / "kotak-keluar" / "x" / "2026__satu" / "teks.txt").is_file()


def test_platform_mode_without_credentials_fails_clearly(project: Project) -> None:
    approved(project, "satu", ["mastodon"], images=0)
    res = invoke(project, "--ke", "platform")
    assert res.exit_code == 1  # type: ignore[attr-defined]
    assert "JDIH_MASTODON_TOKEN" in res.output and "GAGAL" in res.output  # type: ignore[attr-defined]


def test_usage_errors_are_indonesian_and_change_nothing(project: Project) -> None:
    path = approved(project, "satu", ["mastodon"], images=0)
    before = path.read_text()
    res = invoke(project, "--tautan", "https://x")
    assert res.exit_code == 2 and "hanya dipakai bersama --selesaikan" in res.output  # type: ignore[attr-defined]
    res = invoke(project, "--selesaikan", "2026/satu", "telegram", "--tautan", "https://t.me/a/1")
    assert res.exit_code == 2 and "bukan alamat pos Telegram" in res.output  # type: ignore[attr-defined]
    res = invoke(project, "--selesaikan", "2026/satu", "telegram", "--tautan", "https://t.me/jdihkotim/1")
    assert res.exit_code == 2 and "tidak mencantumkan platform 'telegram'" in res.output  # type: ignore[attr-defined]
    res = invoke(project, "--selesaikan", "2026/satu", "mastodon", "--belum-terbit")
    assert res.exit_code == 1 and "tidak ada pengiriman 2026/satu yang tertunda" in res.output  # type: ignore[attr-defined]
    res = invoke(project, "--pos", "2026/tidak-ada")
    assert res.exit_code == 2 and "tidak ditemukan" in res.output  # type: ignore[attr-defined]
    assert path.read_text() == before and "Traceback" not in res.output  # type: ignore[attr-defined]


def test_unknown_uploader_is_refused(project: Project) -> None:
    approved(project, "satu", ["mastodon"], images=0)
    res = invoke(project, "--ke", "berkas", env={"JDIH_PENGUNGGAH": "siapa"})
    assert res.exit_code == 1 and "tidak terdaftar" in res.output  # type: ignore[attr-defined]


def test_httpx_log_lines_never_carry_the_bot_token(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from jdih.channels.platforms.telegram import TelegramChannel
    from jdih.redact import RedactingFilter, register_secret

    app = FakeTelegram()
    register_secret(app.token)
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.DEBUG, logger="httpx"):
        ch = TelegramChannel(mock_client(app), token=app.token, chat_id=app.chat_id, base_url="https://telegram.test")
        ch.send(outgoing(tmp_path, "telegram"), Progress(), {})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "sendMessage" in text and app.token not in text
