"""E-mail to a mailing list through a real SMTP server on loopback (aiosmtpd, STARTTLS + AUTH)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
import ssl

import pytest

from helpers import NOW, make_post
from jdih.announcing import announce_all, load_config
from jdih.channels.announce.email import EmailChannel
from jdih.channels.base import Outgoing
from jdih.errors import ChannelError
from jdih.post import read_post

LIST = "humas-kotim@lists.kpu.invalid"


def env_for(server) -> dict[str, str]:
    return {"JDIH_SMTP_HOST": server.host, "JDIH_SMTP_PORT": str(server.port), "JDIH_SMTP_USER": server.user,
            "JDIH_SMTP_PASSWORD": server.password, "JDIH_SMTP_FROM": server.user}


def ctx(server) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.cafile))


def out(text: str = "Konten baru JDIH\nhttps://contoh.invalid/a") -> Outgoing:
    return Outgoing(post_id="2026/a", channel="email", text=text, title="Mengenal PKPU 8/2024")


def test_email_goes_over_starttls_with_login(smtp_server):
    ch = EmailChannel.from_env(env_for(smtp_server), LIST, ssl_context=ctx(smtp_server))
    d = ch.send(out(), lambda _: None, {})
    (env,) = smtp_server.messages
    assert env.rcpt_tos == [LIST] and smtp_server.logins == [smtp_server.user]
    msg = email.message_from_bytes(env.original_content, policy=email.policy.default)
    assert msg["Subject"] == "[JDIH] Mengenal PKPU 8/2024"
    assert msg.get_content().replace("\r\n", "\n").strip() == "Konten baru JDIH\nhttps://contoh.invalid/a"
    assert d.remote_id == msg["Message-ID"] and out().key in d.remote_id


def test_wrong_password_and_untrusted_certificate_are_definite_failures(smtp_server):
    env = env_for(smtp_server) | {"JDIH_SMTP_PASSWORD": "salah-sandi-123"}
    with pytest.raises(ChannelError) as info:
        EmailChannel.from_env(env, LIST, ssl_context=ctx(smtp_server)).send(out(), lambda _: None, {})
    assert info.value.kind == "gagal" and "JDIH_SMTP_PASSWORD" in (info.value.hint or "")
    with pytest.raises(ChannelError) as info:
        EmailChannel.from_env(env_for(smtp_server), LIST).send(out(), lambda _: None, {})  # system CAs only
    assert info.value.kind == "gagal" and "STARTTLS" in info.value.message
    assert smtp_server.messages == []


def test_refused_connection_is_retryable():
    with socket.socket() as s:  # a port that was just free: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ch = EmailChannel("127.0.0.1", port, "a@b.invalid", LIST, timeout=2)
    with pytest.raises(ChannelError) as info:
        ch.send(out(), lambda _: None, {})
    assert info.value.kind == "ulang"


def test_email_fallback_end_to_end_when_the_gateway_refuses(project, smtp_server):
    """Primary Fonnte says device disconnected; the announcement reaches the mailing list."""
    from fakes.gateways import FakeFonnte, mock_client
    from jdih.channels.announce.fonnte import FonnteChannel

    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024")
    fake = FakeFonnte("tok-SENTINEL-email", {"g@g.us": "g"})
    fake.fault("device disconnected")
    channels = {
        "wa-fonnte": FonnteChannel(mock_client(fake), "tok-SENTINEL-email", "g@g.us"),
        "email": EmailChannel.from_env(env_for(smtp_server), LIST, ssl_context=ctx(smtp_server)),
    }
    config = dataclasses.replace(load_config(project.root / "sop"), channel="wa-fonnte", target="g@g.us",
                                 fallback="email", fallback_target=LIST)
    report = announce_all(project, channels, NOW, config=config, sleep=lambda s: None)
    (r,) = report.results
    assert r.outcome == "terkirim-cadangan" and "terputus" in r.message
    (env,) = smtp_server.messages
    body = email.message_from_bytes(env.original_content, policy=email.policy.default).get_content()
    assert "Mengenal PKPU Nomor 8 Tahun 2024" in body and "Situs JDIH" in body
    assert read_post(project.content_dir / "2026/satu/index.md").status == "diumumkan"


def test_title_with_cr_lf_cannot_inject_a_header(smtp_server):
    """Issue 12: a `judul` with CR/LF (periksa accepts it) is folded to one line, not a crash."""
    ch = EmailChannel.from_env(env_for(smtp_server), LIST, ssl_context=ctx(smtp_server))
    evil = Outgoing(post_id="2026/a", channel="email", text="Isi", title="Judul\r\nBcc: korban@contoh.invalid\nX: y")
    ch.send(evil, lambda _: None, {})
    (env,) = smtp_server.messages
    msg = email.message_from_bytes(env.original_content, policy=email.policy.default)
    assert msg["Subject"] == "[JDIH] Judul Bcc: korban@contoh.invalid X: y"
    assert msg["Bcc"] is None and msg["X"] is None and env.rcpt_tos == [LIST]
