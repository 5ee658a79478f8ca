"""A built site served from a folder on loopback, as a static host (GitHub Pages) would serve it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``base`` only, and its ``404.html`` for anything missing."""

    base = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return "/nonexistent-outside-base"
        return super().translate_path("/" + path[len(self.base) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_site(root: Path, base: str = "/") -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:<free port><base>`` and yield that address."""
    handler = type("SiteHandler", (_Handler,), {"base": base})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{base}"
    finally:
        httpd.shutdown()
        httpd.server_close()
