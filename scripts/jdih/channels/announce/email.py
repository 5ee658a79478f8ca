"""E-mail announcement to a mailing list over SMTP with STARTTLS.

Settings: ``JDIH_SMTP_HOST``, ``JDIH_SMTP_PORT`` (587), ``JDIH_SMTP_USER``,
``JDIH_SMTP_PASSWORD``, ``JDIH_SMTP_FROM``; the list address is the configured ``tujuan``.
STARTTLS is mandatory: a server that does not offer it is refused rather than sending the
password in clear. The ``Message-ID`` is derived from the message key, so a list archive
shows a repeat as the same message. Header values are folded to one line (CR, LF and other
line breaks in a ``judul`` become spaces), so a title can never inject a header.

What a failure means depends on the SMTP phase: before ``DATA`` is accepted nothing was
sent (``ulang``/``gagal``); a connection lost or timed out after the body went out is
``tidak-pasti``.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from ...errors import ChannelError, ConfigError
from .. import credentials as cred
from ..base import Delivery, Outgoing, ProgressFn, cannot_tell
from ..http import ADVICE_LOOK

GATEWAY = "E-mail (SMTP)"
SmtpFactory = Callable[[str, int, float], smtplib.SMTP]


def one_line(value: str) -> str:
    """``value`` with every line break and run of whitespace folded to one space (header-safe)."""
    return " ".join(value.split())


def default_smtp_factory(host: str, port: int, timeout: float) -> smtplib.SMTP:
    """A plain SMTP connection (upgraded with STARTTLS by the adapter)."""
    return smtplib.SMTP(host, port, timeout=timeout)


@dataclass(eq=False)
class EmailChannel:
    """Announcement by e-mail to a mailing list."""

    host: str
    port: int
    sender: str
    to: str
    _: KW_ONLY
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    smtp_factory: SmtpFactory = default_smtp_factory
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 30.0
    name: str = field(default="email", init=False)

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        target: str,
        *,
        smtp_factory: SmtpFactory = default_smtp_factory,
        ssl_context: ssl.SSLContext | None = None,
    ) -> EmailChannel:
        """Build from ``JDIH_SMTP_*``; ``target`` is the mailing-list address."""
        password = cred.SMTP_PASSWORD.read(env)
        host = cred.SMTP_HOST.require(env, GATEWAY)
        user = cred.SMTP_USER.read(env)
        sender = cred.SMTP_FROM.read(env) or user
        port_text = cred.SMTP_PORT.read(env, "587") or "587"
        if not port_text.isdigit():
            raise ConfigError(f"{GATEWAY}: {cred.SMTP_PORT.name} bukan angka ({port_text!r})")
        if not sender:
            raise ConfigError(
                f"{GATEWAY}: alamat pengirim belum diisi",
                hint=f"Isi {cred.SMTP_FROM.name} (atau {cred.SMTP_USER.name}).",
            )
        if not target or "@" not in target or one_line(target) != target:
            raise ConfigError(
                f"{GATEWAY}: alamat milis tujuan belum diisi atau tidak sah",
                hint="Isi `tujuan` (atau `tujuan_cadangan`) pengumuman di kantor.yml dengan alamat e-mail milis.",
            )
        return cls(
            host,
            int(port_text),
            sender,
            target,
            user=user,
            password=password,
            smtp_factory=smtp_factory,
            ssl_context=ssl_context,
        )

    def build(self, message: Outgoing) -> EmailMessage:
        """The e-mail for ``message``."""
        msg = EmailMessage()
        msg["From"] = formataddr(("JDIH KPU Kab. Kotawaringin Timur", self.sender))
        msg["To"] = one_line(self.to)
        msg["Subject"] = f"[JDIH] {one_line(message.title) or 'Pengumuman konten baru'}"
        domain = self.sender.rpartition("@")[2] or "jdih.invalid"
        msg["Message-ID"] = f"<{message.key}@{domain}>"
        msg.set_content(message.text)
        return msg

    def _unsure(self, why: str) -> ChannelError:
        return self._fail(f"status pengiriman tidak pasti: {why}", "tidak-pasti", ADVICE_LOOK.format(name="milis"))

    def _fail(self, text: str, kind: str = "gagal", hint: str | None = None) -> ChannelError:
        return ChannelError(f"{GATEWAY}: {text}", channel=self.name, kind=kind, hint=hint)

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        """Connect, STARTTLS, log in, send; classify each failure by the phase it happened in."""
        try:
            msg = self.build(message)
        except (ValueError, TypeError) as exc:  # the e-mail library refused a header: nothing was sent
            raise self._fail(f"e-mail tidak dapat disusun ({type(exc).__name__}); belum ada yang terkirim") from None
        try:
            conn = self.smtp_factory(self.host, self.port, self.timeout)
        except (ConnectionRefusedError, TimeoutError, socket.gaierror, OSError) as exc:
            raise self._fail(
                f"server {self.host}:{self.port} tidak dapat dihubungi ({type(exc).__name__})",
                "ulang",
                f"Periksa {cred.names(cred.SMTP_HOST, cred.SMTP_PORT)} dan jaringan; e-mail belum terkirim.",
            ) from None
        try:
            try:
                conn.ehlo()
                if not conn.has_extn("starttls"):
                    raise self._fail(
                        "server tidak menawarkan STARTTLS; kata sandi tidak akan dikirim tanpa enkripsi",
                        hint="Gunakan port submission (587) server yang mendukung STARTTLS.",
                    )
                conn.starttls(context=self.ssl_context or ssl.create_default_context())
                conn.ehlo()
                if self.user and self.password:
                    conn.login(self.user, self.password)
            except smtplib.SMTPAuthenticationError:
                raise self._fail(
                    "nama pengguna atau kata sandi SMTP ditolak",
                    hint=f"Periksa {cred.SMTP_USER.name} dan {cred.SMTP_PASSWORD.name} (sandi aplikasi).",
                ) from None
            except ssl.SSLError as exc:
                raise self._fail(
                    f"STARTTLS gagal ({type(exc).__name__}: sertifikat server tidak dipercaya?)",
                    hint=f"Periksa {cred.SMTP_HOST.name}: sertifikatnya harus sah untuk nama host tersebut.",
                ) from None
            except (smtplib.SMTPException, OSError) as exc:
                # Still before the message: nothing was sent.
                raise self._fail(f"sesi SMTP gagal sebelum pengiriman ({type(exc).__name__})", "ulang") from None
            try:
                refused = conn.send_message(msg, from_addr=self.sender, to_addrs=[self.to])
            except smtplib.SMTPRecipientsRefused:
                raise self._fail(
                    f"alamat milis {self.to} ditolak server", hint="Periksa `tujuan` pengumuman di kantor.yml."
                ) from None
            except smtplib.SMTPSenderRefused:
                raise self._fail(
                    f"alamat pengirim {self.sender} ditolak server", hint=f"Periksa {cred.SMTP_FROM.name}."
                ) from None
            except smtplib.SMTPDataError as exc:
                # The server answered the body with an error code: it did not accept the message.
                kind = "ulang" if 400 <= exc.smtp_code < 500 else "gagal"
                raise self._fail(f"isi e-mail ditolak server (kode {exc.smtp_code})", kind) from None
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                raise self._unsure(f"koneksi terputus saat mengirim ({type(exc).__name__})") from None
            except smtplib.SMTPException as exc:
                raise self._unsure(f"balasan server tidak dikenal ({type(exc).__name__})") from None
            if refused:
                raise self._fail(f"penerima ditolak: {', '.join(refused)}")
        finally:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()
        return Delivery(remote_id=str(msg["Message-ID"]))

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        """SMTP cannot be asked whether a past message went out: a person decides."""
        raise cannot_tell(self.name, GATEWAY, ADVICE_LOOK.format(name="milis"))
