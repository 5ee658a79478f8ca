"""The one preview comment on a PR: found by its hidden marker and updated, never duplicated.

The comment also lists, in plain Indonesian, every path the PR changes outside ``content/``
(code, SOP, workflows, settings): those need the Kasubbag's review. The list is read from
GitHub (``pulls/{n}/files``) by the trusted job, never from the PR's own output, so a PR
cannot hide it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..approval import outside_content
from ..preview import MARKER
from .client import GitHubClient
from .errors import GitHubError

BOT_LOGIN = "github-actions[bot]"


@dataclass(frozen=True)
class CommentResult:
    """What was done: ``dibuat`` (created) or ``diperbarui`` (updated), and the comment id."""

    action: str
    id: int
    url: str


def review_section(paths: Sequence[str] | None) -> str:
    """Markdown section on the changes outside ``content/`` (``None``: the list could not be read)."""
    if paths is None:
        return ("\n\n### Perubahan di luar konten\n\nDaftar berkas pull request ini tidak dapat dibaca dari "
                "GitHub. Kasubbag: periksa tab *Files changed* sebelum merge.\n")
    outside = outside_content(paths)
    if not outside:
        return ""
    lines = "".join(f"- `{path}` ({label})\n" for path, label in outside)
    return ("\n\n### ⚠️ Perubahan di luar konten: wajib ditinjau Kasubbag\n\n"
            "Pull request ini juga mengubah berkas di luar `content/`. Berkas ini menentukan cara kerja sistem "
            "(kode, SOP, alur kerja GitHub, pengaturan) dan setelah merge dijalankan dengan semua kunci rahasia "
            "saat menerbitkan. Kasubbag harus membaca setiap perubahannya sebelum merge:\n\n" + lines)


def upsert_preview(client: GitHubClient, number: int, body: str, bot_login: str = BOT_LOGIN) -> CommentResult:
    """Create the preview comment, or update ours (marker + written by ``bot_login``) if it exists.

    The section on changes outside ``content/`` is appended from GitHub's list of the PR's files.
    """
    try:
        files: list[str] | None = client.pull_files(number)
    except GitHubError:
        files = None
    text = body if MARKER in body else f"{MARKER}\n{body}"
    text += review_section(files)
    for c in client.comments(number):
        login = (c.get("user") or {}).get("login")
        if MARKER in str(c.get("body") or "") and login == bot_login:
            if c.get("body") == text:
                return CommentResult("tidak berubah", int(c["id"]), str(c.get("html_url") or ""))
            updated = client.update_comment(int(c["id"]), text)
            return CommentResult("diperbarui", int(updated.get("id", c["id"])), str(updated.get("html_url") or ""))
    created = client.create_comment(number, text)
    return CommentResult("dibuat", int(created["id"]), str(created.get("html_url") or ""))
