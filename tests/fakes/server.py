"""The one way a fake reaches a client: an httpx handler (``request -> response``) either behind
``httpx.MockTransport`` (unit tests) or behind a real HTTP server on 127.0.0.1 (end-to-end tests).

A handler signals transport failures by raising, and each transport does what the network would:

- :class:`Stall` (a ``ReadTimeout``): the server acted but answers late. MockTransport raises it
  at once; the loopback server waits ``seconds`` and then answers ``{"late": true}``, so a client
  with a shorter timeout times out for real.
- any other ``httpx.TransportError`` (``ReadTimeout``, ``RemoteProtocolError``...): the loopback
  server closes the connection without answering; MockTransport raises it unchanged. Raise it
  before acting for "nothing happened", after acting for "happened, answer lost".
- ``httpx.ConnectError`` means "refused": only meaningful under MockTransport (on a real server
  use a closed port).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Handler = Callable[[httpx.Request], httpx.Response]


class Stall(httpx.ReadTimeout):
    """The server acted, then holds its answer for ``seconds``."""

    def __init__(self, seconds: float, request: httpx.Request) -> None:
        super().__init__(f"fake: answer held back {seconds} s", request=request)
        self.seconds = seconds


class _Loopback(BaseHTTPRequestHandler):
    handler: Handler
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Silent."""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("Host") or "127.0.0.1"
        request = httpx.Request(self.command, f"http://{host}{self.path}", headers=list(self.headers.items()),
                                content=body)
        try:
            response = self.handler(request)
        except Stall as stall:
            time.sleep(stall.seconds)
            response = httpx.Response(200, json={"late": True})
        except httpx.TransportError:
            self.close_connection = True  # drop the connection without an answer
            return
        data = response.read()
        try:
            self.send_response(response.status_code)
            for k, v in response.headers.multi_items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve  # OPTIONS: a browser's preflight


class LoopbackServer:
    """``handler`` on a ThreadingHTTPServer at 127.0.0.1:<free port> (start/stop by hand)."""

    def __init__(self, handler: Handler) -> None:
        cls = type("Loopback", (_Loopback,), {"handler": staticmethod(handler)})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), cls)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:43123``."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Serve in a thread."""
        self.thread.start()

    def stop(self) -> None:
        """Shut down and release the port."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def serve(handler: Handler) -> Iterator[str]:
    """Run ``handler`` behind a real HTTP server on 127.0.0.1; yields its base URL."""
    with LoopbackServer(handler) as server:
        yield server.url


def mock_client(*handlers: Handler) -> httpx.Client:
    """An httpx client whose requests go to ``handlers``: one takes everything; several are chosen
    by host, ``https://<handler.name>.test``."""
    if len(handlers) == 1:
        return httpx.Client(transport=httpx.MockTransport(handlers[0]))
    by_name = {str(h.name): h for h in handlers}  # type: ignore[attr-defined]

    def route(request: httpx.Request) -> httpx.Response:
        return by_name[request.url.host.split(".")[0]](request)

    return httpx.Client(transport=httpx.MockTransport(route))


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON answer."""
    return httpx.Response(status, content=json.dumps(body).encode(),
                          headers={"Content-Type": "application/json", **(headers or {})})
