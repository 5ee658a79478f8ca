"""`jdih meja`: loopback by default, a warning when it serves a network (uvicorn itself is not started)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from desk.conftest import DeskOffice
from jdih.cli import cli


def serve(desk_office: DeskOffice, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, dict[str, Any]]:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["--proyek", str(desk_office.local), "meja", "--tanpa-situs", *args])
    return result, seen


def test_binds_loopback_unless_told(desk_office: DeskOffice, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = serve(desk_office, monkeypatch)
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8080
    assert "PERINGATAN" not in result.output and "/admin/" in result.output


def test_warns_when_serving_a_network(desk_office: DeskOffice, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = serve(desk_office, monkeypatch, "--alamat", "0.0.0.0:8099")
    assert result.exit_code == 0, result.output
    assert seen["host"] == "0.0.0.0"
    assert "PERINGATAN: meja kerja melayani jaringan" in result.output


def test_a_bad_address_is_refused(desk_office: DeskOffice, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = serve(desk_office, monkeypatch, "--alamat", "semua")
    assert result.exit_code == 2 and "tidak sah" in result.output and not seen
