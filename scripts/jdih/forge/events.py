"""GitHub event payloads (``$GITHUB_EVENT_PATH``) as small typed records.

Shapes follow GitHub's webhook documentation: ``pull_request`` (action ``closed`` with
``pull_request.merged``), ``pull_request_review`` (action ``submitted``, ``review.state``
``approved``/``changes_requested``/``commented``) and ``push``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import EventError


def parse_github_time(value: Any) -> datetime | None:
    """GitHub's ISO 8601 timestamps (``2026-11-24T03:10:00Z``) as aware datetimes."""
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else None


def _login(obj: Any) -> str | None:
    return str(obj["login"]) if isinstance(obj, dict) and isinstance(obj.get("login"), str) else None


@dataclass(frozen=True)
class PullRequest:
    """The facts of a pull request that the SOP needs."""

    number: int
    author: str | None
    created_at: datetime | None
    title: str
    merged: bool
    merged_by: str | None
    merged_at: datetime | None
    merge_commit_sha: str | None
    base_ref: str | None
    head_ref: str | None

    @classmethod
    def from_api(cls, pr: dict[str, Any]) -> PullRequest:
        """From a REST ``pulls`` object or the ``pull_request`` of an event payload."""
        try:
            number = int(pr["number"])
        except (KeyError, TypeError, ValueError):
            raise EventError("objek pull request tanpa nomor yang sah") from None
        return cls(
            number=number,
            author=_login(pr.get("user")),
            created_at=parse_github_time(pr.get("created_at")),
            title=str(pr.get("title") or ""),
            merged=bool(pr.get("merged")) or pr.get("merged_at") is not None,
            merged_by=_login(pr.get("merged_by")),
            merged_at=parse_github_time(pr.get("merged_at")),
            merge_commit_sha=pr.get("merge_commit_sha") if isinstance(pr.get("merge_commit_sha"), str) else None,
            base_ref=(pr.get("base") or {}).get("ref") if isinstance(pr.get("base"), dict) else None,
            head_ref=(pr.get("head") or {}).get("ref") if isinstance(pr.get("head"), dict) else None,
        )


@dataclass(frozen=True)
class MergeEvent:
    """``pull_request`` closed and merged."""

    repo: str
    pr: PullRequest


@dataclass(frozen=True)
class ReviewEvent:
    """``pull_request_review`` submitted."""

    repo: str
    pr: PullRequest
    reviewer: str | None
    state: str  # approved | changes_requested | commented (lower case)
    body: str
    submitted_at: datetime | None


@dataclass(frozen=True)
class PushEvent:
    """``push`` to a branch (after a merge, or a direct push)."""

    repo: str
    ref: str
    before: str
    after: str
    pusher: str | None


@dataclass(frozen=True)
class OtherEvent:
    """Any event the SOP does not map (kept so the caller can say so)."""

    repo: str
    name: str


Event = MergeEvent | ReviewEvent | PushEvent | OtherEvent


def parse_event(payload: dict[str, Any], name: str | None = None) -> Event:
    """Classify an event payload (``name`` = ``$GITHUB_EVENT_NAME`` when known)."""
    if not isinstance(payload, dict):
        raise EventError("payload event GitHub harus berupa objek JSON")
    repo = str((payload.get("repository") or {}).get("full_name") or "")
    pr = payload.get("pull_request")
    if isinstance(payload.get("review"), dict) and isinstance(pr, dict):
        review = payload["review"]
        return ReviewEvent(
            repo,
            PullRequest.from_api(pr),
            _login(review.get("user")),
            str(review.get("state") or "").lower(),
            str(review.get("body") or ""),
            parse_github_time(review.get("submitted_at")),
        )
    if isinstance(pr, dict) and payload.get("action") == "closed":
        info = PullRequest.from_api(pr)
        if info.merged:
            return MergeEvent(repo, info)
        return OtherEvent(repo, "pull_request.closed")
    if "ref" in payload and "after" in payload and "before" in payload:
        pusher = payload.get("pusher") or {}
        return PushEvent(
            repo,
            str(payload["ref"]),
            str(payload["before"]),
            str(payload["after"]),
            pusher.get("name") if isinstance(pusher, dict) else None,
        )
    return OtherEvent(repo, name or str(payload.get("action") or "tidak dikenal"))


def load_event(path: Path, name: str | None = None) -> Event:
    """Read and classify ``$GITHUB_EVENT_PATH``."""
    return parse_event(load_event_payload(path), name)


def load_event_payload(path: Path) -> Any:
    """The JSON of ``$GITHUB_EVENT_PATH``, or an EventError naming the file (and line) saying why not."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EventError(f"berkas event tidak ditemukan: {path}") from None
    except json.JSONDecodeError as exc:
        raise EventError(
            f"berkas event bukan JSON yang sah (rusak di kolom {exc.colno})", file=path, line=exc.lineno
        ) from None
    except UnicodeDecodeError:
        raise EventError("berkas event bukan teks UTF-8", file=path) from None
    except IsADirectoryError:
        raise EventError(f"berkas event adalah folder, bukan berkas: {path}") from None
    except OSError as exc:
        raise EventError(f"berkas event tidak dapat dibaca ({exc.strerror or 'galat sistem'})", file=path) from None
    return payload
