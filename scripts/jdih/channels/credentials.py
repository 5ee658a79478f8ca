"""Every environment variable an outward channel reads, declared once.

Adapters read their settings through these declarations, their advice texts name
``Var.name``, and the registries derive "what is missing" and "what is secret" from them, so a
variable is renamed in exactly one place. Secret values are registered for redaction
(:func:`jdih.redact.register_secret`) the moment they are read.

``JDIH_<X>_URL`` variables (:class:`Endpoint`) hold an API's base address: a proxy, a
self-hosted gateway, a per-account server, or a test server. They are what a connection error
names; credentials are what an access refusal names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ConfigError
from ..redact import register_secret


@dataclass(frozen=True)
class Var:
    """One environment variable."""

    name: str
    secret: bool = False

    def read(self, env: Mapping[str, str], default: str | None = None) -> str | None:
        """The stripped value (secrets registered for redaction first), or ``default``."""
        value = (env.get(self.name) or "").strip() or None
        if self.secret:
            register_secret(value)
        return value if value is not None else default

    def require(self, env: Mapping[str, str], who: str) -> str:
        """The value, or a ConfigError naming this variable."""
        value = self.read(env)
        if value is None:
            raise ConfigError(
                f"{who}: variabel lingkungan {self.name} belum diisi",
                hint=f"Isi {self.name} (di GitHub: Settings → Environments → production → secrets) lalu ulangi.",
            )
        return value


@dataclass(frozen=True)
class Endpoint:
    """The base URL of an API: ``var`` overrides ``default`` (None: it must be given)."""

    var: Var
    default: str | None

    def read(self, env: Mapping[str, str], who: str) -> str:
        """The base URL without a trailing slash."""
        value = self.var.read(env, self.default) if self.default is not None else self.var.require(env, who)
        assert value is not None
        return value.rstrip("/")


@dataclass(frozen=True)
class Service:
    """One remote API a channel talks to: its names, its address variable and what it requires."""

    channel: str  # the channel name (``instagram``, ``wa-fonnte``)
    name: str  # as users know it (``Instagram``, ``Fonnte``)
    endpoint: Endpoint
    required: tuple[Var, ...]

    def url(self, env: Mapping[str, str]) -> str:
        """The base URL from ``env`` (or the default)."""
        return self.endpoint.read(env, self.name)

    def values(self, env: Mapping[str, str]) -> list[str]:
        """The required values, in declaration order (a ConfigError names the first missing one)."""
        return [v.require(env, self.name) for v in self.required]


def names(*variables: Var) -> str:
    """``A/B/C`` for advice texts."""
    return "/".join(v.name for v in variables)


def missing(env: Mapping[str, str], required: tuple[Var, ...]) -> list[str]:
    """Names of the ``required`` variables that are unset."""
    return [v.name for v in required if not (env.get(v.name) or "").strip()]


# Seconds an HTTP request may take (every channel; default 30).
HTTP_TIMEOUT = Var("JDIH_HTTP_TIMEOUT")

# -- social platforms (SOP step 6a) -------------------------------------------------------
FACEBOOK_TOKEN = Var("JDIH_FACEBOOK_TOKEN", secret=True)
FACEBOOK_PAGE_ID = Var("JDIH_FACEBOOK_PAGE_ID")
FACEBOOK_URL = Endpoint(Var("JDIH_FACEBOOK_URL"), "https://graph.facebook.com/v21.0")

INSTAGRAM_TOKEN = Var("JDIH_INSTAGRAM_TOKEN", secret=True)
INSTAGRAM_USER_ID = Var("JDIH_INSTAGRAM_USER_ID")
INSTAGRAM_URL = Endpoint(Var("JDIH_INSTAGRAM_URL"), "https://graph.facebook.com/v21.0")

THREADS_TOKEN = Var("JDIH_THREADS_TOKEN", secret=True)
THREADS_USER_ID = Var("JDIH_THREADS_USER_ID")
THREADS_URL = Endpoint(Var("JDIH_THREADS_URL"), "https://graph.threads.net/v1.0")

X_API_KEY = Var("JDIH_X_API_KEY", secret=True)
X_API_SECRET = Var("JDIH_X_API_SECRET", secret=True)
X_ACCESS_TOKEN = Var("JDIH_X_ACCESS_TOKEN", secret=True)
X_ACCESS_SECRET = Var("JDIH_X_ACCESS_SECRET", secret=True)
X_USERNAME = Var("JDIH_X_USERNAME")
X_URL = Endpoint(Var("JDIH_X_URL"), "https://api.x.com")

BLUESKY_HANDLE = Var("JDIH_BLUESKY_HANDLE")
BLUESKY_APP_PASSWORD = Var("JDIH_BLUESKY_APP_PASSWORD", secret=True)
BLUESKY_URL = Endpoint(Var("JDIH_BLUESKY_URL"), "https://bsky.social")

MASTODON_TOKEN = Var("JDIH_MASTODON_TOKEN", secret=True)
# Required: there is no "the" Mastodon; the office's instance must be named.
MASTODON_URL = Endpoint(Var("JDIH_MASTODON_URL"), None)

# One bot token for the Telegram channel (6a) and the Telegram group announcement (6b).
TELEGRAM_BOT_TOKEN = Var("JDIH_TELEGRAM_BOT_TOKEN", secret=True)
TELEGRAM_CHAT_ID = Var("JDIH_TELEGRAM_CHAT_ID")
TELEGRAM_CHANNEL = Var("JDIH_TELEGRAM_CHANNEL")  # public @username, for links
TELEGRAM_URL = Endpoint(Var("JDIH_TELEGRAM_URL"), "https://api.telegram.org")

TIKTOK_TOKEN = Var("JDIH_TIKTOK_TOKEN", secret=True)
TIKTOK_PRIVACY = Var("JDIH_TIKTOK_PRIVASI")
TIKTOK_USERNAME = Var("JDIH_TIKTOK_USERNAME")
TIKTOK_URL = Endpoint(Var("JDIH_TIKTOK_URL"), "https://open.tiktokapis.com")

YOUTUBE_TOKEN = Var("JDIH_YOUTUBE_TOKEN", secret=True)
YOUTUBE_PRIVACY = Var("JDIH_YOUTUBE_PRIVASI")
YOUTUBE_URL = Endpoint(Var("JDIH_YOUTUBE_URL"), "https://www.googleapis.com")

# -- announcement gateways (SOP step 6b) ------------------------------------------------------
FONNTE_TOKEN = Var("JDIH_FONNTE_TOKEN", secret=True)
FONNTE_URL = Endpoint(Var("JDIH_FONNTE_URL"), "https://api.fonnte.com")

WABLAS_TOKEN = Var("JDIH_WABLAS_TOKEN", secret=True)
WABLAS_SECRET = Var("JDIH_WABLAS_SECRET", secret=True)
WABLAS_URL = Endpoint(Var("JDIH_WABLAS_URL"), None)  # per-account server subdomain

WAHA_API_KEY = Var("JDIH_WAHA_API_KEY", secret=True)
WAHA_SESSION = Var("JDIH_WAHA_SESSION")
WAHA_URL = Endpoint(Var("JDIH_WAHA_URL"), None)  # self-hosted: no public default

WHATSAPP_CLOUD_TOKEN = Var("JDIH_WHATSAPP_CLOUD_TOKEN", secret=True)
WHATSAPP_CLOUD_PHONE_ID = Var("JDIH_WHATSAPP_CLOUD_PHONE_ID")
WHATSAPP_CLOUD_URL = Endpoint(Var("JDIH_WHATSAPP_CLOUD_URL"), "https://graph.facebook.com/v21.0")

WEBHOOK_SECRET = Var("JDIH_WEBHOOK_SECRET", secret=True)
WEBHOOK_URL = Endpoint(Var("JDIH_WEBHOOK_URL"), None)

SMTP_HOST = Var("JDIH_SMTP_HOST")
SMTP_PORT = Var("JDIH_SMTP_PORT")
SMTP_USER = Var("JDIH_SMTP_USER")
SMTP_PASSWORD = Var("JDIH_SMTP_PASSWORD", secret=True)
SMTP_FROM = Var("JDIH_SMTP_FROM")

# Every secret above (the registries register them all before any adapter runs).
SECRETS: tuple[Var, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Var) and v.secret)
