"""The one preview comment on a PR: found by its hidden marker and updated, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from ..preview import MARKER
from .client import GitHubClient

BOT_LOGIN = "github-actions[bot]"


@dataclass(frozen=True)
class CommentResult:
    """What was done: ``dibuat`` (created) or ``diperbarui`` (updated), and the comment id."""

    aksi: str
    id: int
    url: str


def upsert_preview(client: GitHubClient, number: int, body: str, bot_login: str = BOT_LOGIN) -> CommentResult:
    """Create the preview comment, or update ours (marker + written by ``bot_login``) if it exists."""
    text = body if MARKER in body else f"{MARKER}\n{body}"
    for c in client.comments(number):
        login = (c.get("user") or {}).get("login")
        if MARKER in str(c.get("body") or "") and login == bot_login:
            if c.get("body") == text:
                return CommentResult("tidak berubah", int(c["id"]), str(c.get("html_url") or ""))
            updated = client.update_comment(int(c["id"]), text)
            return CommentResult("diperbarui", int(updated.get("id", c["id"])), str(updated.get("html_url") or ""))
    created = client.create_comment(number, text)
    return CommentResult("dibuat", int(created["id"]), str(created.get("html_url") or ""))
