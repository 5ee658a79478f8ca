"""Who is at the desk: passwords (Argon2 hashes outside the repository), expiring sessions, CSRF tokens.

People are those of ``sop/peran.yml``. A password is stored only as an Argon2id hash in
``.jdih/meja/sandi.json`` of the local repository (``.jdih/`` is ignored by git), written with
owner-only permissions. Sessions live in memory (a restart signs everyone out), expire after
an idle period and after a fixed maximum, and carry their own CSRF token. Repeated wrong
passwords lock the person out for a while.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import ConfigError, UsageError
from ..files import atomic_write

PASSWORD_FILE = Path("meja") / "sandi.json"
MIN_PASSWORD = 10
IDLE = timedelta(minutes=60)
MAXIMUM = timedelta(hours=10)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the person has no password, so a wrong name costs the same time.
_DUMMY = _hasher.hash(secrets.token_hex(16))


def check_strength(password: str, person_id: str) -> None:
    """Refuse a password that is short or is the person's id."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"kata sandi minimal {MIN_PASSWORD} karakter")
    if person_id.lower() in password.lower() and len(password) < 2 * MIN_PASSWORD:
        raise UsageError("kata sandi tidak boleh memuat nama pengguna")


@dataclass
class PasswordStore:
    """Argon2id hashes by person id, in one JSON file outside the repository's tracked files."""

    path: Path

    def _load(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"berkas kata sandi meja kerja tidak dapat dibaca ({exc})", file=self.path) from None
        if not isinstance(data, dict):
            raise ConfigError("berkas kata sandi meja kerja rusak", file=self.path)
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")
        os.chmod(self.path, 0o600)

    def set(self, person_id: str, password: str) -> None:
        """Store the hash of a new password for ``person_id``."""
        check_strength(password, person_id)
        data = self._load()
        data[person_id] = _hasher.hash(password)
        self._save(data)

    def has(self, person_id: str) -> bool:
        """True when the person has a password."""
        return person_id in self._load()

    def verify(self, person_id: str, password: str) -> bool:
        """True when ``password`` is the person's (constant work whether or not the person exists)."""
        data = self._load()
        stored = data.get(person_id)
        try:
            _hasher.verify(stored or _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if _hasher.check_needs_rehash(stored):
            data[person_id] = _hasher.hash(password)
            self._save(data)
        return True


@dataclass
class Session:
    """One signed-in browser."""

    token: str
    csrf: str
    person_id: str
    created: datetime
    seen: datetime


@dataclass
class Sessions:
    """Sessions in memory, with expiry and a lockout after repeated wrong passwords."""

    idle: timedelta = IDLE
    maximum: timedelta = MAXIMUM
    _by_token: dict[str, Session] = field(default_factory=dict)
    _failures: dict[str, list[datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, person_id: str, now: datetime) -> Session:
        """A new session for ``person_id``."""
        s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), person_id, now, now)
        with self._lock:
            self._by_token[s.token] = s
            self._failures.pop(person_id, None)
        return s

    def get(self, token: str | None, now: datetime) -> Session | None:
        """The live session of ``token`` (its idle clock restarts), or None when absent or expired."""
        if not token:
            return None
        with self._lock:
            s = self._by_token.get(token)
            if s is None:
                return None
            if now - s.seen > self.idle or now - s.created > self.maximum:
                del self._by_token[token]
                return None
            s.seen = now
            return s

    def end(self, token: str | None) -> None:
        """Sign out."""
        with self._lock:
            self._by_token.pop(token or "", None)

    def locked_out(self, person_id: str, now: datetime) -> bool:
        """True while the person has too many recent wrong passwords."""
        with self._lock:
            recent = [t for t in self._failures.get(person_id, []) if now - t < LOCKOUT]
            self._failures[person_id] = recent
            return len(recent) >= MAX_FAILURES

    def failed(self, person_id: str, now: datetime) -> None:
        """Count a wrong password."""
        with self._lock:
            self._failures.setdefault(person_id, []).append(now)


def same_token(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (False when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
