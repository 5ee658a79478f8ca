"""The one HTTP helper of every outward channel (platforms and announcement gateways).

It turns transport failures and HTTP errors into :class:`~jdih.errors.ChannelError` whose
``jenis`` the exactly-once contract depends on:

**Was the request sent?** (:func:`transport_failure`)

- The address is unusable (no ``http(s)://``, empty host or label such as ``http://a..b``,
  bad port): nothing was sent and retrying cannot help → ``gagal``, naming the URL variable.
- The connection was never made (refused, DNS failure, connect timeout) or no pooled
  connection became free (``PoolTimeout``: the request waited in our own pool and never left)
  → nothing was sent → ``ulang``.
- Anything later (``WriteTimeout``/``WriteError`` part-way through the body, ``ReadTimeout``,
  ``ReadError``, ``RemoteProtocolError``, a dropped connection) happened after the server may
  have acted → for a *create* call the outcome is unknown (``tidak-pasti``); for a call that
  creates nothing public it is ``ulang``.

**What does the status mean?** (:func:`status_error`): 429 → ``batas`` (after Retry-After);
408 → ``ulang`` (the server says it did not get the whole request); 5xx → ``tidak-pasti`` on a
create call (the server may have acted before failing), else ``ulang``; 401/403 → ``gagal``
naming the credential variables; other 4xx → ``gagal``.

**Retry-After** (:func:`retry_after`, RFC 9110 §10.2.3): ``delay-seconds`` (digits) or an
``HTTP-date`` (IMF-fixdate; the obsolete RFC 850 and asctime forms are accepted as RFC 9110
asks recipients to). A date in the past means "now" (0); anything else is ignored (None) and
the caller's own backoff applies.

Messages never contain a URL's query nor ``str(exc)`` of httpx (both may hold a token; the
Telegram bot token is in the path); they name the channel, the step and what to do, and are
scrubbed anyway.
"""

from __future__ import annotations

import email.utils
import json
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC
from typing import Any, ClassVar, Self

import httpx

from ..errors import ChannelError, ConfigError
from ..redact import scrub
from .credentials import HTTP_TIMEOUT, Service, names

Sleep = Callable[[float], None]
Clock = Callable[[], float]
ErrorMap = Callable[[httpx.Response, bool], ChannelError | None]
Auth = Callable[[httpx.Request], httpx.Request]

# Advice when a create call's outcome is unknown, by what the channel can do about it.
ADVICE_RECHECK = (
    "Jalankan ulang perintah yang sama: {name} akan ditanya dulu apakah kiriman sudah ada sebelum dikirim lagi."
)
ADVICE_LOOK = (
    "Periksa tujuan di {name}. Bila pesan sudah masuk jalankan `jdih umumkan --terkirim <pos>`; "
    "bila belum, `jdih umumkan --belum-terkirim <pos>` lalu `jdih umumkan` lagi."
)
ADVICE_CREDENTIALS = "Periksa {env} (mungkin salah, kedaluwarsa atau dicabut) dan izin akunnya, lalu jalankan ulang."


def advice_settle(why: str, channel: str) -> str:
    """Advice for a platform that cannot be asked whether a post landed (``why``, ending in where to
    look): a person settles it with ``jdih terbitkan --selesaikan``; it promises no check."""
    return (f"{why}: bila pos sudah ada, jalankan `jdih terbitkan --selesaikan <pos> {channel} --tautan <tautan pos>`; "
            f"bila belum, `jdih terbitkan --selesaikan <pos> {channel} --belum-terbit`.")

# -- small helpers -----------------------------------------------------------------------------


def short(text: Any, limit: int = 200) -> str:
    """A scrubbed, single-line, bounded excerpt of remote text (JSON for non-strings)."""
    s = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False, default=str)
    s = " ".join(s.split())
    return scrub(s[:limit] + ("…" if len(s) > limit else ""))


def json_body(response: httpx.Response) -> Any:
    """The JSON body, or None when it is empty or not JSON."""
    if not response.content.strip():
        return None
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def retry_after(value: str | None, clock: Clock) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (see module docstring), None when unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # asctime carries no zone; RFC 9110 dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - clock())


def where(url: str) -> str:
    """Host and path of a URL without query or secrets, for messages."""
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        return "(alamat tidak sah)"
    return scrub(f"{u.host}{u.path}")


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be requested (Indonesian), or None when it is usable."""
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return "alamat tidak dapat dibaca"
    if u.scheme not in ("http", "https"):
        return "harus diawali https:// atau http://"
    host = u.host
    if not host:
        return "nama host kosong"
    if ":" not in host:  # an IPv6 literal has no labels to check
        labels = host.rstrip(".").split(".")
        if any(not label or len(label) > 63 for label in labels):
            return "nama host tidak sah (ada bagian kosong atau terlalu panjang)"
        try:
            host.encode("idna")
        except UnicodeError:
            return "nama host tidak sah"
    return None


# A gateway's refusal table: (lower-case substring of its reason, Indonesian explanation, advice).
Reasons = tuple[tuple[str, str, str], ...]


def explain(reason: str, table: Reasons) -> tuple[str, str | None]:
    """Indonesian explanation and advice for a gateway's refusal ``reason`` (first match wins)."""
    low = reason.lower()
    for key, text, advice in table:
        if key in low:
            return text, advice
    return f"permintaan ditolak ({short(reason)})", None


def poll(check: Callable[[], str], *, sleep: Sleep, interval: float, attempts: int) -> str:
    """Call ``check`` while it returns "pending", at most ``attempts`` times; return the last status."""
    status = check()
    n = 1
    while status == "pending" and n < attempts:
        sleep(interval)
        status = check()
        n += 1
    return status


# -- classification ----------------------------------------------------------------------------

# The request never left this machine.
NEVER_SENT: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The address itself is unusable: nothing was sent, and a retry cannot help. (httpx raises
# UnicodeError from the IDNA codec for hosts like ``a..b``.)
BAD_ADDRESS: tuple[type[Exception], ...] = (httpx.UnsupportedProtocol, httpx.InvalidURL, UnicodeError)


def may_have_arrived(exc: BaseException) -> bool:
    """Whether the server may have received (and acted on) the request before ``exc``."""
    return not isinstance(exc, NEVER_SENT + BAD_ADDRESS)


@dataclass
class Api:
    """One remote API as a channel sees it: base URL, headers, names for messages, error mapping.

    ``url_var`` is the variable holding the base URL (named when the server cannot be reached or
    the address is malformed); ``credentials`` the variable(s) named when access is refused;
    ``unsure_advice`` what a person should do when a create call's outcome is unknown
    (:data:`ADVICE_RECHECK` for channels whose ``reconcile`` can ask, else :data:`ADVICE_LOOK` or
    the channel's own words).
    """

    client: httpx.Client
    channel: str
    name: str
    base_url: str
    url_var: str
    credentials: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    error_map: ErrorMap | None = None
    clock: Clock = time.time
    unsure_advice: str = ADVICE_RECHECK

    @classmethod
    def of(cls, client: httpx.Client, service: Service, base_url: str, *, bearer: str | None = None,
           headers: Mapping[str, str] | None = None, **kwargs: Any) -> Api:
        """The Api of ``service`` (``bearer``: a token sent as ``Authorization: Bearer``)."""
        auth = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return cls(client, service.channel, service.name, base_url, service.endpoint.var.name,
                   names(*service.required), headers={**auth, **(headers or {})}, **kwargs)

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (already absolute URLs pass through)."""
        if path.startswith(("http://", "https://")):
            return path
        if not path:
            return self.base_url
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def send(
        self,
        method: str,
        path: str,
        *,
        step: str,
        create: bool = False,
        headers: Mapping[str, str] | None = None,
        auth: Auth | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request and return whatever status came back; transport failures raise.

        ``step`` names the step in Indonesian ("mengunggah gambar"); ``create`` marks the one
        call that creates the public post or delivers the message.
        """
        url = self.url(path)
        problem = url_problem(url)
        if problem is not None:
            raise self.bad_address(url, problem)
        try:
            request = self.client.build_request(method, url, headers={**self.headers, **(headers or {})}, **kwargs)
            if auth is not None:
                request = auth(request)
            return self.client.send(request)
        except (httpx.TransportError, UnicodeError) as exc:
            raise self.transport_failure(exc, url, step, create) from None

    def call(self, method: str, path: str, *, step: str, create: bool = False, ok: tuple[int, ...] = (200, 201),
             **kwargs: Any) -> httpx.Response:
        """:meth:`send`, then the response when its status is in ``ok``, else its ChannelError."""
        resp = self.send(method, path, step=step, create=create, **kwargs)
        if resp.status_code in ok:
            return resp
        raise self.error(resp, step, create)

    def lookup(self, path: str, *, step: str, missing: Callable[[httpx.Response], bool] | None = None,
               **kwargs: Any) -> httpx.Response | None:
        """GET one object by its id (``reconcile``): the 200 response, None when the API says that
        object does not exist (``missing``, by default HTTP 404), else the error's ChannelError."""
        resp = self.send("GET", path, step=step, **kwargs)
        if (missing or _is_404)(resp):
            return None
        if resp.status_code == 200:
            return resp
        raise self.error(resp, step, False)

    # -- errors ---------------------------------------------------------------------------------
    def bad_address(self, url: str, problem: str) -> ChannelError:
        """A malformed address: nothing was sent (``gagal``)."""
        return ChannelError(
            f"{self.name}: alamat server tidak sah ({problem}: {where(url)}); belum ada yang terkirim",
            channel=self.channel,
            kind="gagal",
            hint=f"Periksa {self.url_var}: harus alamat lengkap seperti https://contoh.go.id/ (atau kosongkan "
            "untuk memakai alamat bawaan bila ada).",
        )

    def transport_failure(self, exc: BaseException, url: str, step: str, create: bool) -> ChannelError:
        """The ChannelError for a request that failed without a response."""
        if isinstance(exc, BAD_ADDRESS):
            return self.bad_address(url, "tidak dapat dipakai")
        if not may_have_arrived(exc):
            reason = "waktu tunggu habis" if isinstance(exc, httpx.TimeoutException) else "koneksi gagal"
            return ChannelError(
                f"{self.name}: server tidak dapat dihubungi saat {step} ({reason}: {where(url)}); "
                "belum ada yang terkirim",
                channel=self.channel,
                kind="ulang",
                hint=f"Periksa jaringan dan alamat server ({self.url_var}); aman untuk diulang.",
            )
        why = "waktu habis" if isinstance(exc, httpx.TimeoutException) else "sambungan terputus"
        return self.unsure(step, create, f"{why} setelah permintaan dikirim ({type(exc).__name__})")

    def unsure(self, step: str, create: bool, why: str) -> ChannelError:
        """An unknown outcome of a create call; for other calls a safe retry."""
        if not create:
            return ChannelError(f"{self.name}: {why} saat {step}; aman untuk diulang", channel=self.channel,
                                kind="ulang")
        return ChannelError(
            f"{self.name}: {why} saat {step}; tidak dapat dipastikan apakah kiriman sudah sampai",
            channel=self.channel,
            kind="tidak-pasti",
            hint=self.unsure_advice.format(name=self.name),
        )

    def error(self, resp: httpx.Response, step: str, create: bool) -> ChannelError:
        """Translate an error response: the channel's own mapping first, then :func:`status_error`."""
        if self.error_map is not None:
            mapped = self.error_map(resp, create)
            if mapped is not None:
                mapped.message = scrub(f"{self.name}: {mapped.message} (saat {step})")
                mapped.args = (mapped.message,)
                if mapped.kind == "tidak-pasti" and mapped.hint is None:
                    mapped.hint = self.unsure_advice.format(name=self.name)
                return mapped
        return self.status_error(resp, step, create)

    def status_error(self, resp: httpx.Response, step: str, create: bool) -> ChannelError:
        """The one mapping of an HTTP status to a ChannelError kind (see module docstring)."""
        status = resp.status_code
        detail = short(resp.text or resp.reason_phrase)
        if status == 429:
            return ChannelError(
                f"{self.name}: batas laju tercapai saat {step} (HTTP 429)",
                channel=self.channel,
                kind="batas",
                retry_after=retry_after(resp.headers.get("retry-after"), self.clock),
            )
        if status == 408:
            return ChannelError(f"{self.name}: server menolak permintaan yang terlalu lama (HTTP 408) saat {step}",
                                channel=self.channel, kind="ulang")
        if status >= 500:
            return self.unsure(step, create, f"server bermasalah (HTTP {status})")
        if status in (401, 403):
            return ChannelError(
                f"{self.name}: akses ditolak saat {step} (HTTP {status}: {detail})",
                channel=self.channel,
                kind="gagal",
                hint=ADVICE_CREDENTIALS.format(env=self.credentials or "kredensial di variabel lingkungan"),
            )
        return ChannelError(
            f"{self.name}: permintaan ditolak saat {step} (HTTP {status}: {detail})", channel=self.channel, kind="gagal"
        )


@dataclass(eq=False, repr=False)
class HttpChannel:
    """How every platform channel is built, declared once.

    An injected ``client``; ``base_url`` (empty: the service's default address); ``sleep`` and
    ``clock`` for waits and Retry-After. A subclass is a keyword-only dataclass (``repr=False``:
    its fields hold credentials) declared with its ``service`` (which names the channel) and
    ``credentials``, the fields :meth:`from_env` fills from ``service.required`` in that order;
    :meth:`env_options` reads any optional settings; :meth:`connect` builds its :class:`Api` once
    the fields are set.
    """

    service: ClassVar[Service]
    credentials: ClassVar[tuple[str, ...]]
    client: httpx.Client
    _: KW_ONLY
    base_url: str = ""
    sleep: Sleep = time.sleep
    clock: Clock = time.time
    name: str = field(init=False)

    def __init_subclass__(cls, *, service: Service | None = None, credentials: tuple[str, ...] | None = None,
                          **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if service is not None:
            cls.service = service
        if credentials is not None:
            cls.credentials = credentials

    def __post_init__(self) -> None:
        self.name = self.service.channel
        self.base_url = (self.base_url or self.service.endpoint.default or "").rstrip("/")
        self.api = self.connect()

    def connect(self) -> Api:
        """The channel's :class:`Api` (auth headers, error mapping, advice)."""
        raise NotImplementedError

    @classmethod
    def env_options(cls, env: Mapping[str, str]) -> dict[str, Any]:
        """Optional settings read from ``env`` (none by default)."""
        return {}

    @classmethod
    def from_env(cls, client: httpx.Client, env: Mapping[str, str], **kw: Any) -> Self:
        """Build from the service's variables (a ConfigError names the first missing one)."""
        values = dict(zip(cls.credentials, cls.service.values(env), strict=True))
        return cls(client, **{"base_url": cls.service.url(env), **values, **cls.env_options(env), **kw})


def _is_404(resp: httpx.Response) -> bool:
    return resp.status_code == 404


def new_client(env: Mapping[str, str]) -> httpx.Client:
    """The shared HTTP client: explicit timeouts (``JDIH_HTTP_TIMEOUT`` seconds, default 30), no redirects."""
    try:
        timeout = float(HTTP_TIMEOUT.read(env, "30") or 30)
    except ValueError:
        raise ConfigError(f"{HTTP_TIMEOUT.name} harus berupa angka detik") from None
    # TCP_NODELAY: small request bodies are not held back by Nagle's algorithm (saves a
    # delayed-ACK round trip, ~40 ms, per POST).
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        headers={"User-Agent": "jdih-medsos (JDIH KPU Kabupaten Kotawaringin Timur)"},
    )
