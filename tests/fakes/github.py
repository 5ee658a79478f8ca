"""A fake of the GitHub REST endpoints we use, on a real HTTP server bound to 127.0.0.1.

It follows GitHub's documented contract: Bearer token, ``X-GitHub-Api-Version``, lists paged
with ``per_page``/``page`` and a ``Link`` header, ``{"message": ...}`` error bodies.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
    """State + server. ``pulls``/``timelines``/``comments``/``commit_pulls`` are editable by tests."""

    def __init__(self) -> None:
        self.pulls: dict[int, dict[str, Any]] = {}
        self.timelines: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.commit_pulls: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.next_id = 100000
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _send(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str) -> None:
                url = urlsplit(self.path)
                with fake.lock:
                    fake.requests.append((method, self.path, dict(self.headers)))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(
                        401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
                    )
                if self.headers.get("X-GitHub-Api-Version") != "2022-11-28":
                    return self._send(400, {"message": "Unsupported API version"})
                body = None
                if method in ("POST", "PATCH"):
                    n = int(self.headers.get("Content-Length") or 0)
                    body = json.loads(self.rfile.read(n) or b"{}")
                code, payload, headers = fake.route(method, url.path, parse_qs(url.query), body, self.server)
                self._send(code, payload, headers)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the API."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        """Serve in a thread."""
        self.thread.start()

    def stop(self) -> None:
        """Shut down."""
        self.server.shutdown()
        self.server.server_close()

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
