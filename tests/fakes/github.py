"""A fake of the GitHub REST endpoints we use, on the loopback server (127.0.0.1).

It follows GitHub's documented contract: ``Authorization: Bearer <token>`` or ``token <token>``
(401 without a known token), ``X-GitHub-Api-Version`` (400 for an unsupported one), lists paged
with ``per_page``/``page`` and a ``Link`` header, ``{"message", "documentation_url"}`` error bodies,
CORS for browsers (``Access-Control-Allow-Origin: *`` and the preflight), 204 without a body.

Built with ``git_dir`` (a bare repository), it also serves the repository endpoints Decap CMS's
GitHub backend calls (:mod:`fakes.github_repo`) over that repository, records the ``pull_request``
webhooks they cause (``webhooks``), and signs people in through an OAuth popup
(:mod:`fakes.github_oauth`; accounts from :meth:`FakeGitHub.add_account`).

``GET /repos/{o}/{r}/activity`` (docs.github.com/rest/repos/repos#list-repository-activities) lists
``activities``: what the repository endpoints record on each branch update, plus what a test adds with
:meth:`FakeGitHub.record_push` (a ``git push`` over the filesystem remote never reaches the fake). Filters
``ref`` (``refs/heads/<b>`` or ``<b>``), ``activity_type``, ``actor``; ``direction`` (default ``desc``);
``per_page`` (default 30, max 100); cursor pages through ``after``/``before`` and the ``Link`` header.
``activity_status = 404`` plays a GitHub Enterprise Server without the endpoint, ``403`` a token without
``contents: read``. Left unset, the list is served when the fake has a repository (it records every push
through its API) or a test recorded activities; a fake of hand-written pulls and timelines alone knows
nobody's pushes, so it answers 404 like a GitHub without the list.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from .github_git import GitStore, github_time
from .github_oauth import PATHS as OAUTH_PATHS
from .github_oauth import OAuthPages
from .github_repo import Account, RepoEndpoints, RepoState, Webhook, record_activity
from .server import LoopbackServer, json_response

FIXTURES = Path(__file__).parent / "github_fixtures"
TOKEN = "ghs_SENTINEL0000token0000jdih"
REPO = "kpu-kotim/jdih-medsos"
API_VERSION = "2022-11-28"
DOCS = "https://docs.github.com/rest"
BOT_LOGIN = "github-actions[bot]"
# What api.github.com answers a browser's preflight with.
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, "
        "X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, "
        "X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id"}
PREFLIGHT = {**CORS, "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE",
             "Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match, If-Modified-Since, "
             "If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, "
             "GraphQL-Features, X-GitHub-Api-Version", "Access-Control-Max-Age": "86400"}
AVATAR = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" '
          'fill="#57606a"/></svg>')


class StepClock:
    """The fake's time: a fixed start moving one minute on every reading (tests never read real time)."""

    def __init__(self, start: datetime = datetime(2026, 11, 24, 1, 0, tzinfo=UTC),
                 step: timedelta = timedelta(minutes=1)) -> None:
        self.start, self.step, self._n = start, step, itertools.count()

    def __call__(self) -> datetime:
        return self.start + self.step * next(self._n)


def _cursor(ident: int) -> str:
    """An opaque page cursor, as GitHub's activity list gives in its ``Link`` header."""
    return base64.urlsafe_b64encode(f"cursor:{ident}".encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return ""
    return text.removeprefix("cursor:")


def fixture(name: str, **subst: str) -> Any:
    """A JSON fixture with placeholder SHAs replaced."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for k, v in subst.items():
        text = text.replace(k, v)
    return json.loads(text)


class FakeGitHub:
    """State + handler, served by the one loopback server (:class:`~fakes.server.LoopbackServer`).

    ``pulls``/``timelines``/``comments``/``commit_pulls`` are editable by tests.
    """

    def __init__(self, git_dir: Path | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.pulls: dict[int, dict[str, Any]] = {}
        self.timelines: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.commit_pulls: dict[str, list[dict[str, Any]]] = {}
        self.activities: list[dict[str, Any]] = []  # GET /activity, oldest first
        # 404: a GitHub without the activity list; 403: a token that may not read it; None: see the module doc
        self.activity_status: int | None = None
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.not_found: list[tuple[str, str]] = []  # (method, path) of every 404 answered
        self.next_id = 100000
        self.lock = threading.RLock()
        self.clock: Callable[[], datetime] = clock or StepClock()
        self.accounts: dict[str, Account] = {}
        self.tokens: dict[str, str] = {TOKEN: BOT_LOGIN}
        self.server = LoopbackServer(self)
        self.oauth = OAuthPages(REPO.split("/")[0], lambda login: login in self.accounts, self.issue_token)
        self.repo_api: RepoEndpoints | None = None
        if git_dir is not None:
            store = GitStore(git_dir, f"{self.url}/repos/{REPO}")
            self.repo_api = RepoEndpoints(RepoState(REPO, store, self.url, lambda: self.clock(), self.accounts,
                                                    self.pulls, self.timelines, self.commit_pulls,
                                                    activities=self.activities))

    @property
    def webhooks(self) -> list[Webhook]:
        """The ``pull_request`` webhooks the repository endpoints caused, in order."""
        return self.repo_api.s.webhooks if self.repo_api else []

    def add_account(self, login: str, name: str, email: str, push: bool = True) -> Account:
        """A GitHub user (``push``: write access to the repository)."""
        account = Account(login, 1000 + len(self.accounts), name, email, push)
        self.accounts[login] = account
        return account

    def record_push(self, branch: str, before: str | None, after: str, login: str | None,
                    at: datetime | None = None, forced: bool = False) -> dict[str, Any]:
        """Record a push to ``branch`` by ``login`` (a ``git push`` over the filesystem remote, which the fake
        does not see) as GitHub's activity list would show it; ``at`` defaults to the fake's clock."""
        with self.lock:
            self.next_id += 1
            actor = {"login": login, "id": 5000 + self.next_id, "type": "User"} if login else None
            return record_activity(self.activities, self.next_id, branch, before, after,
                                   "force_push" if forced else "push", actor, at or self.clock())

    def issue_token(self, login: str) -> str:
        """A new OAuth token for ``login`` (what the sign-in hands to the browser)."""
        token = "gho_" + secrets.token_hex(18)
        self.tokens[token] = login
        return token

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The httpx handler: sign-in pages, CORS, GitHub's auth and version checks, then the endpoints."""
        raw = request.url.raw_path.decode("ascii")
        url = urlsplit(raw)
        with self.lock:
            self.requests.append((request.method, raw, dict(request.headers)))
        if request.method == "OPTIONS":
            return httpx.Response(204, headers=PREFLIGHT)
        if url.path in OAUTH_PATHS:
            with self.lock:
                return self.oauth(request)
        if url.path.startswith("/avatars/"):
            return httpx.Response(200, content=AVATAR.encode(), headers={"Content-Type": "image/svg+xml", **CORS})
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not token:
            return self._json(401, {"message": "Requires authentication", "documentation_url": DOCS})
        login = self.tokens.get(token.strip()) if scheme.lower() in ("bearer", "token") else None
        if login is None:
            return self._json(401, {"message": "Bad credentials", "documentation_url": DOCS})
        version = request.headers.get("X-GitHub-Api-Version")
        if version is not None and version != API_VERSION:
            return self._json(400, {"message": f"API version {version} is not supported.", "documentation_url": DOCS})
        try:
            body = json.loads(request.read() or b"{}") if request.method in ("POST", "PATCH", "PUT") else None
        except ValueError:
            return self._json(400, {"message": "Problems parsing JSON", "documentation_url": DOCS})
        query = parse_qs(url.query)
        answer = None
        if self.repo_api is not None:
            with self.lock:
                answer = self.repo_api.route(request.method, url.path, query, body, login)
        code, payload, headers = answer or self.route(request.method, url.path, query, body, self.server, login)
        if code == 404:
            with self.lock:
                self.not_found.append((request.method, raw))
        return self._json(code, payload, headers)

    @staticmethod
    def _json(code: int, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        if code == 204:
            return httpx.Response(204, headers={**CORS, **(headers or {})})
        return json_response(code, payload, {"Content-Type": "application/json; charset=utf-8", **CORS,
                                             **(headers or {})})

    @property
    def url(self) -> str:
        """Base URL of the API."""
        return self.server.url

    def start(self) -> None:
        """Serve in a thread."""
        self.server.start()

    def stop(self) -> None:
        """Shut down."""
        self.server.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _page(self, path: str, items: list[Any], query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        per = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per : page * per]
        headers = {}
        links = []
        if page * per < len(items):
            links.append(f'<{self.url}{path}?per_page={per}&page={page + 1}>; rel="next"')
            last = (len(items) + per - 1) // per
            links.append(f'<{self.url}{path}?per_page={per}&page={last}>; rel="last"')
        if links:
            headers["Link"] = ", ".join(links)
        return 200, chunk, headers

    def _activity_page(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        """``GET /repos/{o}/{r}/activity``: filtered, ordered, one cursor page with its ``Link`` header."""
        status = self.activity_status or (200 if self.repo_api is not None or self.activities else 404)
        if status != 200:
            return status, {"message": "Not Found" if status == 404 else "Resource not accessible by integration",
                            "documentation_url": DOCS}, {}
        one = {k: v[0] for k, v in query.items() if v}
        kinds = ("push", "force_push", "branch_creation", "branch_deletion", "pr_merge", "merge_queue_merge")
        if one.get("activity_type", "push") not in kinds or one.get("direction", "desc") not in ("asc", "desc"):
            return 422, {"message": "Validation Failed", "documentation_url": DOCS}, {}
        try:
            per = max(1, min(int(one.get("per_page", "30")), 100))
        except ValueError:
            return 422, {"message": "Validation Failed", "documentation_url": DOCS}, {}
        ref = one.get("ref")
        ref = ref if ref is None or ref.startswith("refs/") else f"refs/heads/{ref}"
        items = [a for a in sorted(self.activities, key=lambda a: str(a["timestamp"]))  # GitHub lists by time
                 if (ref is None or a["ref"] == ref)
                 and a["activity_type"] == one.get("activity_type", a["activity_type"])
                 and ("actor" not in one or (a.get("actor") or {}).get("login") == one["actor"])]
        if one.get("direction", "desc") == "desc":
            items.reverse()
        ids = [str(a["id"]) for a in items]
        start, end = 0, len(items)
        if "after" in one:
            start = ids.index(_uncursor(one["after"])) + 1 if _uncursor(one["after"]) in ids else len(items)
            end = min(start + per, len(items))
        elif "before" in one:
            end = ids.index(_uncursor(one["before"])) if _uncursor(one["before"]) in ids else 0
            start = max(0, end - per)
        else:
            end = min(per, len(items))
        page = items[start:end]
        keep = {k: v for k, v in one.items() if k not in ("after", "before")}
        links = []
        if page and end < len(items):
            links.append(f'<{self.url}{path}?{urlencode({**keep, "after": _cursor(page[-1]["id"])})}>; rel="next"')
        if page and start > 0:
            links.append(f'<{self.url}{path}?{urlencode({**keep, "before": _cursor(page[0]["id"])})}>; rel="prev"')
        return 200, page, {"Link": ", ".join(links)} if links else {}

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, server: Any, login: str | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        """Dispatch one request (``login``: the token's account)."""
        prefix = f"/repos/{REPO}/"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found", "documentation_url": DOCS}, {}
        rest = path[len(prefix) :]
        with self.lock:
            if m := re.fullmatch(r"pulls/(\d+)", rest):
                pr = self.pulls.get(int(m[1]))
                return (200, pr, {}) if pr else (404, {"message": "Not Found", "documentation_url": DOCS}, {})
            if rest == "pulls" and method == "GET":  # list; only ?state=open|closed|all is honoured
                state = query.get("state", ["open"])[0]
                listed = [pr for _, pr in sorted(self.pulls.items()) if state == "all" or pr.get("state") == state]
                return self._page(path, listed, query)
            if m := re.fullmatch(r"commits/([0-9a-f]+)/pulls", rest):
                return self._page(path, self.commit_pulls.get(m[1], []), query)
            if rest == "activity" and method == "GET":
                return self._activity_page(path, query)
            if m := re.fullmatch(r"issues/(\d+)/timeline", rest):
                if int(m[1]) not in self.timelines:
                    return 404, {"message": "Not Found", "documentation_url": DOCS}, {}
                return self._page(path, self.timelines[int(m[1])], query)
            if m := re.fullmatch(r"issues/(\d+)/comments", rest):
                items = self.comments.setdefault(int(m[1]), [])
                if method == "GET":
                    return self._page(path, items, query)
                if method == "POST":
                    if not isinstance(body, dict) or not body.get("body"):
                        return 422, {"message": "Validation Failed", "documentation_url": DOCS}, {}
                    self.next_id += 1
                    # The comment is the token's account's (the Actions bot's for CI's token).
                    account = self.accounts.get(login or "")
                    user = account.short() if account else {"login": login or BOT_LOGIN}
                    user["type"] = "Bot" if user["login"].endswith("[bot]") else "User"
                    at = github_time(self.clock())
                    c = {
                        "id": self.next_id,
                        "body": body["body"],
                        "user": user,
                        "created_at": at,
                        "html_url": f"https://github.com/{REPO}/pull/{m[1]}#issuecomment-{self.next_id}",
                    }
                    items.append(c)
                    if int(m[1]) in self.timelines:  # GitHub lists it on the timeline too
                        self.timelines[int(m[1])].append({"id": self.next_id, "event": "commented", "actor": user,
                                                          "user": user, "body": body["body"], "created_at": at})
                    return 201, c, {}
            if (m := re.fullmatch(r"issues/comments/(\d+)", rest)) and method == "PATCH":
                for items in self.comments.values():
                    for c in items:
                        if c["id"] == int(m[1]):
                            c["body"] = body["body"]
                            return 200, c, {}
                return 404, {"message": "Not Found", "documentation_url": DOCS}, {}
        return 404, {"message": "Not Found", "documentation_url": DOCS}, {}
