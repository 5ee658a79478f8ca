"""GitHub REST client over an injected ``httpx.Client``: PRs, the PR timeline, branch pushes, comments.

Authentication is ``Authorization: Bearer <token>`` (never in a URL); the API version is
pinned with ``X-GitHub-Api-Version``. Lists follow the ``Link: <...>; rel="next"`` header,
but only to the same API host, so a forged Link can never carry the token elsewhere.
Every failure becomes a :class:`~jdih.forge.errors.GitHubError` in Indonesian.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..redact import register_secret
from .errors import GitHubAuthError, GitHubError, GitHubNotFound, GitHubRateLimited
from .pushes import Push, parse_pushes

API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 50  # 5,000 items: far beyond any PR of this office; stops a Link loop
_LINK_RE = re.compile(r'<([^>]+)>\s*;\s*rel="?([^";]+)"?')


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a Link header, if any."""
    for url, rel in _LINK_RE.findall(header or ""):
        if "next" in rel.split():
            return url
    return None


class GitHubClient:
    """Minimal GitHub REST client for one repository ``owner/name``."""

    def __init__(self, http: httpx.Client, repo: str, token: str | None, api_url: str = API_URL) -> None:
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo or ""):
            raise GitHubError(f"nama repositori GitHub tidak sah: {repo!r} (bentuk pemilik/nama)")
        self.http = http
        self.repo = repo
        self.api_url = api_url.rstrip("/")
        self._host = urlsplit(self.api_url).netloc
        self._token = token
        register_secret(token)

    # -- transport ----------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        h = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "jdih-medsos",
        }
        if self._token:
            h["Authorization"] = f"Bearer {self._token}"
        return h

    def _url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            if urlsplit(path_or_url).netloc != self._host:
                raise GitHubError(
                    f"GitHub memberi tautan halaman ke host lain ({urlsplit(path_or_url).netloc}); ditolak"
                )
            return path_or_url
        return f"{self.api_url}/{path_or_url.lstrip('/')}"

    def request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
    ) -> httpx.Response:
        """One API call; non-2xx responses raise GitHubError subclasses."""
        url = self._url(path)
        try:
            resp = self.http.request(method, url, json=json, params=params, headers=self._headers())
        except httpx.TimeoutException:
            raise GitHubError(
                f"GitHub tidak menjawab tepat waktu ({method} {urlsplit(url).path})", hint="Ulangi beberapa saat lagi."
            ) from None
        except httpx.TransportError as exc:
            raise GitHubError(
                f"tidak dapat terhubung ke GitHub ({exc.__class__.__name__})", hint="Periksa jaringan, lalu ulangi."
            ) from None
        if resp.status_code < 300:
            return resp
        raise self._error(method, url, resp)

    def _error(self, method: str, url: str, resp: httpx.Response) -> GitHubError:
        code = resp.status_code
        where = f"{method} {urlsplit(url).path}"
        try:
            detail = str(resp.json().get("message") or "")
        except (ValueError, AttributeError):
            detail = ""
        detail = detail[:200]
        remaining = resp.headers.get("x-ratelimit-remaining")
        if code == 429 or (code == 403 and (remaining == "0" or "rate limit" in detail.lower())):
            wait: float | None = None
            if resp.headers.get("retry-after", "").isdigit():
                wait = float(resp.headers["retry-after"])
            elif resp.headers.get("x-ratelimit-reset", "").isdigit():
                wait = max(0.0, float(resp.headers["x-ratelimit-reset"]) - time.time())
            return GitHubRateLimited(f"batas permintaan GitHub tercapai ({where})", retry_after=wait, status=code)
        if code == 401:
            return GitHubAuthError(
                f"token GitHub ditolak (401) pada {where}",
                status=code,
                hint="Pastikan GITHUB_TOKEN tersedia untuk langkah ini.",
            )
        if code == 403:
            return GitHubAuthError(
                f"token GitHub tidak punya izin untuk {where} (403): {detail}",
                status=code,
                hint="Beri job izin yang diperlukan, mis. `pull-requests: write` untuk komentar.",
            )
        if code == 404:
            return GitHubNotFound(f"tidak ditemukan di GitHub (404): {where}", status=code)
        if code == 422:
            return GitHubError(f"GitHub menolak isi permintaan (422) pada {where}: {detail}", status=code)
        return GitHubError(
            f"GitHub gagal ({code}) pada {where}: {detail}",
            status=code,
            hint="Ulangi beberapa saat lagi." if code >= 500 else None,
        )

    def paginate(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, following ``Link: rel="next"``."""
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **(params or {})}
        for _ in range(MAX_PAGES):
            if url is None:
                return
            resp = self.request("GET", url, params=query)
            data = resp.json()
            if not isinstance(data, list):
                raise GitHubError(f"GitHub menjawab bukan daftar untuk {urlsplit(self._url(url)).path}")
            yield from data
            url, query = next_link(resp.headers.get("link")), None  # the next link carries its own query
        raise GitHubError("terlalu banyak halaman dari GitHub; dihentikan")

    # -- endpoints ------------------------------------------------------------------
    def pull(self, number: int) -> dict[str, Any]:
        """``GET /repos/{o}/{r}/pulls/{n}``."""
        return dict(self.request("GET", f"repos/{self.repo}/pulls/{int(number)}").json())

    def pulls_for_commit(self, sha: str) -> list[dict[str, Any]]:
        """``GET /repos/{o}/{r}/commits/{sha}/pulls``: PRs that contain (or merged as) a commit."""
        if not re.fullmatch(r"[0-9a-f]{7,40}", sha):
            raise GitHubError(f"sha commit tidak sah: {sha!r}")
        return list(self.paginate(f"repos/{self.repo}/commits/{sha}/pulls"))

    def pull_files(self, number: int) -> list[str]:
        """``GET /repos/{o}/{r}/pulls/{n}/files``: every path the PR changes (a rename gives both names)."""
        out: list[str] = []
        for item in self.paginate(f"repos/{self.repo}/pulls/{int(number)}/files"):
            if not isinstance(item, dict):
                continue
            for key in ("filename", "previous_filename"):
                if isinstance(item.get(key), str):
                    out.append(item[key])
        return sorted(set(out))

    def open_pulls(self) -> list[dict[str, Any]]:
        """``GET /repos/{o}/{r}/pulls?state=open``: the open pull requests (posts waiting on review)."""
        return list(self.paginate(f"repos/{self.repo}/pulls", {"state": "open"}))

    def open_pull_branches(self) -> dict[str, int]:
        """Head branch -> number of each open pull request from this repository (not from forks)."""
        out: dict[str, int] = {}
        for pr in self.open_pulls():
            head = pr.get("head") if isinstance(pr, dict) else None
            repo = head.get("repo") if isinstance(head, dict) else None
            ref = head.get("ref") if isinstance(head, dict) else None
            number = pr.get("number") if isinstance(pr, dict) else None
            same = isinstance(repo, dict) and repo.get("full_name") == self.repo
            if same and isinstance(ref, str) and isinstance(number, int):
                out[ref] = number
        return out

    def timeline(self, number: int) -> list[dict[str, Any]]:
        """``GET /repos/{o}/{r}/issues/{n}/timeline``: every event of a PR, oldest first."""
        return list(self.paginate(f"repos/{self.repo}/issues/{int(number)}/timeline"))

    def activities(self, ref: str, activity_type: str | None = None) -> list[dict[str, Any]]:
        """``GET /repos/{o}/{r}/activity?ref=refs/heads/<branch>&direction=asc``: the branch's updates (pushes,
        force-pushes, creation, deletion, merges), oldest first, each with its authenticated ``actor``."""
        params: dict[str, Any] = {"ref": ref if ref.startswith("refs/") else f"refs/heads/{ref}", "direction": "asc"}
        if activity_type:
            params["activity_type"] = activity_type
        return list(self.paginate(f"repos/{self.repo}/activity", params))

    def branch_pushes(self, branch: str) -> list[Push] | None:
        """Who pushed to ``branch`` and when (push and force-push activities), or None when this GitHub has no
        activity list (404: GitHub Enterprise Server versions without it) or the token may not read it (403):
        the caller then falls back to commit e-mails and says so. A bad token (401) or the rate limit raise."""
        try:
            return parse_pushes(self.activities(branch))
        except (GitHubNotFound, GitHubAuthError) as exc:
            if exc.status == 401:
                raise
            return None

    def comments(self, number: int) -> list[dict[str, Any]]:
        """``GET /repos/{o}/{r}/issues/{n}/comments``."""
        return list(self.paginate(f"repos/{self.repo}/issues/{int(number)}/comments"))

    def create_comment(self, number: int, body: str) -> dict[str, Any]:
        """``POST /repos/{o}/{r}/issues/{n}/comments``."""
        return dict(
            self.request("POST", f"repos/{self.repo}/issues/{int(number)}/comments", json={"body": body}).json()
        )

    def update_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        """``PATCH /repos/{o}/{r}/issues/comments/{id}``."""
        return dict(
            self.request("PATCH", f"repos/{self.repo}/issues/comments/{int(comment_id)}", json={"body": body}).json()
        )

    def set_labels(self, number: int, labels: list[str]) -> list[dict[str, Any]]:
        """``PUT /repos/{o}/{r}/issues/{n}/labels``: the issue's labels become exactly ``labels``."""
        resp = self.request("PUT", f"repos/{self.repo}/issues/{int(number)}/labels", json={"labels": labels})
        return list(resp.json())

    def added_files(self, base: str, head: str) -> list[str]:
        """``GET /repos/{o}/{r}/compare/{base}...{head}``: the paths ``head`` adds since its merge base."""
        data = self.request("GET", f"repos/{self.repo}/compare/{base}...{head}").json()
        files = data.get("files") if isinstance(data, dict) else None
        return sorted(str(f["filename"]) for f in files or []
                      if isinstance(f, dict) and f.get("status") == "added" and isinstance(f.get("filename"), str))

    def file_blobs(self, commit: str) -> dict[str, str]:
        """``GET /repos/{o}/{r}/git/trees/{commit}?recursive=1``: path -> blob sha of every file."""
        data = self.request("GET", f"repos/{self.repo}/git/trees/{commit}", params={"recursive": "1"}).json()
        tree = data.get("tree") if isinstance(data, dict) else None
        return {str(t["path"]): str(t["sha"]) for t in tree or []
                if isinstance(t, dict) and t.get("type") == "blob" and isinstance(t.get("path"), str)}

    def blob(self, sha: str) -> bytes:
        """``GET /repos/{o}/{r}/git/blobs/{sha}``: a file's bytes (base64 in the response)."""
        import base64
        import binascii

        data = self.request("GET", f"repos/{self.repo}/git/blobs/{sha}").json()
        try:
            return base64.b64decode(str(data.get("content") or ""), validate=False)
        except (binascii.Error, ValueError) as exc:
            raise GitHubError(f"isi blob {sha} dari GitHub tidak dapat dibaca") from exc
