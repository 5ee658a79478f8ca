"""Secret redaction: tokens never reach output, logs, exception text or files.

Every adapter registers the secret values it reads from the environment; :func:`scrub`
replaces them (and common encodings of them) and known token query parameters in any text.
:func:`install_logging_filter` puts the scrubber on the root handlers and quiets the
``httpx``/``httpcore`` loggers, which would otherwise print URLs.
"""

from __future__ import annotations

import base64
import logging
import re
import sys
from types import TracebackType
from urllib.parse import quote, quote_plus

_SECRETS: set[str] = set()
_PARAM = re.compile(
    r"(?i)((?:access_token|client_secret|appsecret_proof|fb_exchange_token|token|api_key|apikey|password)=)[^&\s\"']+"
)
_BOT_PATH = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")
MASK = "***"


def register_secret(value: str | None) -> None:
    """Remember a secret value (ignores empty and very short ones, which would over-match)."""
    if value and len(value) >= 6:
        _SECRETS.add(value)
        if sys.stdout is not None and _in_github_actions():
            # GitHub Actions masks it in the job log from here on.
            print(f"::add-mask::{value}", flush=True)


def _in_github_actions() -> bool:
    import os

    return os.environ.get("GITHUB_ACTIONS") == "true"


def _variants(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret), base64.b64encode(secret.encode()).decode()}


def scrub(text: str) -> str:
    """``text`` with every registered secret and token-like parameter masked."""
    if not text:
        return text
    for secret in sorted(_SECRETS, key=len, reverse=True):
        for v in _variants(secret):
            if v in text:
                text = text.replace(v, MASK)
    text = _PARAM.sub(lambda m: m.group(1) + MASK, text)
    return _BOT_PATH.sub("/bot" + MASK, text)


class RedactingFilter(logging.Filter):
    """A handler filter that scrubs the formatted message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub in place; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - malformed record args
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        return True


def install_logging_filter() -> None:
    """Quiet httpx/httpcore and put a redacting filter on every root handler."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())

    def hook(tp: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        sys.stderr.write(scrub("".join(traceback.format_exception(tp, value, tb))))

    sys.excepthook = hook
