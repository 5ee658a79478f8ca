"""A fake of the GitHub REST endpoints we use, on the loopback server (127.0.0.1).

It follows GitHub's documented contract: Bearer token, ``X-GitHub-Api-Version``, lists paged
with ``per_page``/``page`` and a ``Link`` header, ``{"message": ...}`` error bodies.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import httpx

from .server import LoopbackServer, json_response

FIXTURES = Path(__file__).parent / "github_fixtures"
TOKEN = "ghs_SENTINEL0000token0000jdih"
REPO = "kpu-kotim/jdih-medsos"


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

    def __init__(self) -> None:
        self.pulls: dict[int, dict[str, Any]] = {}
        self.timelines: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.commit_pulls: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.next_id = 100000
        self.lock = threading.Lock()
        self.server = LoopbackServer(self)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The httpx handler: GitHub's auth and version checks, then :meth:`route`."""
        url = urlsplit(request.url.raw_path.decode("ascii"))
        with self.lock:
            self.requests.append((request.method, request.url.raw_path.decode("ascii"), dict(request.headers)))
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return json_response(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
        if request.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            return json_response(400, {"message": "Unsupported API version"})
        body = json.loads(request.read() or b"{}") if request.method in ("POST", "PATCH") else None
        code, payload, headers = self.route(request.method, url.path, parse_qs(url.query), body, self.server)
        return json_response(code, payload, {"Content-Type": "application/json; charset=utf-8", **headers})

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

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, server: Any
    ) -> tuple[int, Any, dict[str, str]]:
        """Dispatch one request."""
        prefix = f"/repos/{REPO}/"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}, {}
        rest = path[len(prefix) :]
        with self.lock:
            if m := re.fullmatch(r"pulls/(\d+)", rest):
                pr = self.pulls.get(int(m[1]))
                return (200, pr, {}) if pr else (404, {"message": "Not Found"}, {})
            if rest == "pulls" and method == "GET":  # list; only ?state=open|closed|all is honoured
                state = query.get("state", ["open"])[0]
                listed = [pr for _, pr in sorted(self.pulls.items()) if state == "all" or pr.get("state") == state]
                return self._page(path, listed, query)
            if m := re.fullmatch(r"commits/([0-9a-f]+)/pulls", rest):
                return self._page(path, self.commit_pulls.get(m[1], []), query)
            if m := re.fullmatch(r"issues/(\d+)/timeline", rest):
                if int(m[1]) not in self.timelines:
                    return 404, {"message": "Not Found"}, {}
                return self._page(path, self.timelines[int(m[1])], query)
            if m := re.fullmatch(r"issues/(\d+)/comments", rest):
                items = self.comments.setdefault(int(m[1]), [])
                if method == "GET":
                    return self._page(path, items, query)
                if method == "POST":
                    if not isinstance(body, dict) or not body.get("body"):
                        return 422, {"message": "Validation Failed"}, {}
                    self.next_id += 1
                    c = {
                        "id": self.next_id,
                        "body": body["body"],
                        "user": {"login": "github-actions[bot]", "type": "Bot"},
                        "html_url": f"https://github.com/{REPO}/pull/{m[1]}#issuecomment-{self.next_id}",
                    }
                    items.append(c)
                    return 201, c, {}
            if (m := re.fullmatch(r"issues/comments/(\d+)", rest)) and method == "PATCH":
                for items in self.comments.values():
                    for c in items:
                        if c["id"] == int(m[1]):
                            c["body"] = body["body"]
                            return 200, c, {}
                return 404, {"message": "Not Found"}, {}
        return 404, {"message": "Not Found"}, {}
