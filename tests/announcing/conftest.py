"""Fixtures of the announcement tests: a real SMTP server (aiosmtpd) with STARTTLS on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made at test time with the openssl CLI."""
    if shutil.which("openssl") is None:  # pragma: no cover - openssl is in the Debian base image
        pytest.skip("openssl tidak tersedia: STARTTLS tidak dapat diuji")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )
    return cert, key


@dataclass
class SmtpServer:
    """A real SMTP server (aiosmtpd) on loopback requiring STARTTLS and AUTH."""

    host: str
    port: int
    cafile: Path
    user: str
    password: str
    messages: list[Any] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server(tls_cert: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """aiosmtpd Controller with STARTTLS required and a single user."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = tls_cert
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert), str(key))
    server = SmtpServer("127.0.0.1", _free_port(), cert, "jdih@kpu-kotimkab.go.id", "smtp-SENTINEL-pass-0009")

    class Handler:
        async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
            server.messages.append(envelope)
            return "250 OK diterima"

    def auth(srv: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        login = data.login.decode() if isinstance(data.login, bytes) else data.login
        password = data.password.decode() if isinstance(data.password, bytes) else data.password
        ok = (login, password) == (server.user, server.password)
        if ok:
            server.logins.append(login)
        return AuthResult(success=ok, handled=False)

    controller = Controller(Handler(), hostname="127.0.0.1", port=server.port, tls_context=ctx,
                            require_starttls=True, authenticator=auth, auth_required=True)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
