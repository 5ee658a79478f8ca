"""Fakes of the announcement gateways, following their documented contracts.

Each fake is an httpx handler (``request -> response``): used with ``httpx.MockTransport``
(:func:`~fakes.server.mock_client`) in unit tests and behind the one loopback server
(:func:`~fakes.server.serve`) in end-to-end tests. The Telegram group fake is the one
:class:`~fakes.platforms.FakeTelegram`. A fake records what it *delivered* to the group, so tests
count messages, and takes queued faults:

- ``"refuse"``: raise ConnectError, nothing delivered (MockTransport only; on a real server
  use a closed port);
- ``"timeout-before"``: ReadTimeout without delivering; ``"timeout-after"``: deliver, then
  ReadTimeout (on a real server the connection is dropped after delivery);
- ``"500-before"`` / ``"500-after"``: HTTP 500 without / after delivering;
- ``"kill"``: deliver, call ``on_kill`` (the e2e test SIGKILLs the client), drop the connection;
- gateway-specific refusals, e.g. Fonnte ``"token invalid"``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote

import httpx

from .platforms import FakeTelegram
from .server import mock_client, serve

__all__ = ["FakeCloud", "FakeFonnte", "FakeTelegram", "FakeWablas", "FakeWaha", "FakeWebhook", "mock_client", "serve"]


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


class FakeGateway:
    """Common machinery: fault queue, delivered messages, request log."""

    def __init__(self) -> None:
        self.faults: deque[str] = deque()
        self.delivered: list[dict[str, Any]] = []
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()
        self.on_kill: Callable[[], None] | None = None

    def fault(self, *names: str) -> None:
        """Queue faults for the next delivery requests (one per request)."""
        self.faults.extend(names)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            request.read()
            self.requests.append(request)
            return self.handle(request)

    def handle(self, request: httpx.Request) -> httpx.Response:  # pragma: no cover - overridden
        raise NotImplementedError

    def deliver(self, request: httpx.Request, record: dict[str, Any], ok: Callable[[], httpx.Response]
                ) -> httpx.Response:
        """Apply the next fault around delivering ``record``."""
        fault = self.faults.popleft() if self.faults else None
        if fault == "refuse":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault == "timeout-before":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "500-before":
            return httpx.Response(500, text="Internal Server Error")
        if fault is not None and fault not in ("timeout-after", "500-after", "kill"):
            return self.refusal(fault)
        self.delivered.append(record)
        if fault == "timeout-after":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "500-after":
            return httpx.Response(502, text="Bad Gateway")
        if fault == "kill":
            if self.on_kill:
                self.on_kill()
            raise httpx.RemoteProtocolError("connection dropped", request=request)
        return ok()

    def refusal(self, name: str) -> httpx.Response:
        """A gateway-specific refusal for fault ``name``."""
        raise AssertionError(f"unknown fault {name}")

    def texts(self) -> list[str]:
        """Texts delivered so far."""
        return [d["text"] for d in self.delivered]


def _form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode("utf-8"), keep_blank_values=True).items()}


class FakeFonnte(FakeGateway):
    """api.fonnte.com: POST /send (form), Authorization: <token> without Bearer, always HTTP 200."""

    def __init__(self, token: str, groups: dict[str, str]) -> None:
        super().__init__()
        self.token = token
        self.groups = groups
        self.request_id = 2937124

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST":
            return httpx.Response(405)
        if request.headers.get("Authorization") != self.token:
            return _json(200, {"status": False, "reason": "token invalid"})
        path = request.url.path
        if path == "/fetch-group":
            return _json(200, {"status": True, "detail": "update whatsapp group list"})
        if path == "/get-whatsapp-group":
            return _json(200, {"status": True, "data": [{"id": k, "name": v} for k, v in self.groups.items()]})
        if path != "/send":
            return httpx.Response(404, text="not found")
        form = _form(request)
        if not form.get("target") or not form.get("message"):
            return _json(200, {"status": False, "reason": "input invalid"})
        if form["target"] not in self.groups:
            return _json(200, {"status": False, "reason": "target invalid"})
        self.request_id += 1
        rid = self.request_id

        def ok() -> httpx.Response:
            return _json(200, {"detail": "success! message in queue", "id": [str(80367170 + rid)],
                               "process": "pending", "requestid": rid, "status": True, "target": [form["target"]]})

        return self.deliver(request, {"to": form["target"], "text": form["message"]}, ok)

    def refusal(self, name: str) -> httpx.Response:
        return _json(200, {"status": False, "reason": name})


class FakeWaha(FakeGateway):
    """WAHA: POST /api/sendText (JSON), X-Api-Key, 201 with an engine-specific body.

    The group has ``history`` older messages from other members (a day before ``clock()``), so a
    chat listing reaches back before any send; ``chatter(n)`` adds ``n`` new messages from others
    (a busy group whose last messages are all recent). Listing: ``GET
    /api/{session}/chats/{chat}/messages?limit=N`` newest first; one message: ``.../messages/{id}``.
    """

    def __init__(self, api_key: str | None, groups: dict[str, str], engine: str = "WEBJS",
                 clock: Callable[[], float] = time.time, history: int = 1) -> None:
        super().__init__()
        self.api_key = api_key
        self.groups = groups
        self.engine = engine
        self.clock = clock
        self.session_status = "WORKING"
        self.counter = 0
        self.others: list[dict[str, Any]] = [
            {"id": f"false_{chat}_OLD{i}", "to": chat, "text": f"pesan lama {i}", "fromMe": False,
             "timestamp": int(clock()) - 86400 + i} for chat in groups for i in range(history)]

    def chatter(self, n: int) -> None:
        """``n`` new messages from other members in every group."""
        for chat in self.groups:
            for i in range(n):
                self.others.append({"id": f"false_{chat}_NEW{len(self.others)}", "to": chat, "text": f"obrolan {i}",
                                    "fromMe": False, "timestamp": int(self.clock())})

    def _chat(self, chat: str) -> list[dict[str, Any]]:
        mine = [{**d, "fromMe": True} for d in self.delivered if d["to"] == chat]
        items = sorted(self.others + mine, key=lambda m: m["timestamp"])
        return [{"id": m["id"], "fromMe": m["fromMe"], "body": m["text"], "from": chat, "timestamp": m["timestamp"]}
                for m in items if m["to"] == chat]

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.api_key and request.headers.get("X-Api-Key") != self.api_key:
            return _json(401, {"message": "Unauthorized", "statusCode": 401})
        parts = [unquote(p) for p in request.url.path.strip("/").split("/")]
        if request.method == "GET" and len(parts) == 3 and parts[0] == "api" and parts[2] == "groups":
            return _json(200, [{"id": {"_serialized": k}, "name": v} for k, v in self.groups.items()])
        if request.method == "GET" and len(parts) == 5 and parts[2] == "chats" and parts[4] == "messages":
            limit = int(request.url.params.get("limit") or 100)
            return _json(200, list(reversed(self._chat(parts[3])))[:limit])
        if request.method == "GET" and len(parts) == 6 and parts[2] == "chats" and parts[4] == "messages":
            found = [m for m in self._chat(parts[3]) if parts[5] in (m["id"], m["id"].rsplit("_", 1)[-1])]
            if not found:
                return _json(404, {"statusCode": 404, "message": "Message not found"})
            return _json(200, found[0])
        if request.method != "POST" or request.url.path != "/api/sendText":
            return _json(404, {"message": "Not Found", "statusCode": 404})
        body = json.loads(request.content)
        if body.get("session") != "default":
            return _json(404, {"message": f"Session \"{body.get('session')}\" does not exist", "statusCode": 404})
        if self.session_status != "WORKING":
            return _json(422, {"statusCode": 422, "message": "Session status is not as expected. Try again later or "
                               "restart the session", "session": "default", "status": self.session_status,
                               "expected": ["WORKING"]})
        chat = body.get("chatId", "")
        if not chat.endswith(("@g.us", "@c.us")) or not isinstance(body.get("text"), str):
            return _json(400, {"statusCode": 400, "message": ["chatId must be a valid chat id"]})
        self.counter += 1
        msgid = f"3EB0{self.counter:012X}"
        serialized = f"true_{chat}_{msgid}"

        def ok() -> httpx.Response:
            if self.engine == "NOWEB":
                return _json(201, {"key": {"remoteJid": chat, "fromMe": True, "id": msgid},
                                   "message": {"extendedTextMessage": {"text": body["text"]}}, "status": "PENDING"})
            if self.engine == "EMPTY":
                return httpx.Response(201)
            return _json(201, {"_data": {"body": body["text"]}, "id": {"fromMe": True, "remote": chat, "id": msgid,
                                                                       "_serialized": serialized}})

        return self.deliver(request, {"to": chat, "text": body["text"], "id": serialized,
                                      "timestamp": int(self.clock())}, ok)


class FakeWablas(FakeGateway):
    """Wablas: POST /api/send-message (form), Authorization token.secret, isGroup="true"."""

    def __init__(self, token: str, secret: str | None, groups: set[str]) -> None:
        super().__init__()
        self.auth = f"{token}.{secret}" if secret else token
        self.groups = groups

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != self.auth:
            return _json(401, {"status": False, "message": "token invalid"})
        if request.method != "POST" or request.url.path != "/api/send-message":
            return _json(404, {"status": False, "message": "not found"})
        form = _form(request)
        if form.get("isGroup") != "true" or form.get("phone") not in self.groups:
            return _json(200, {"status": False, "message": "phone number or group id is invalid"})

        def ok() -> httpx.Response:
            return _json(200, {"status": True, "message": "Message is pending and waiting to be processed",
                               "data": {"device_id": "D1", "quota": 99, "messages": [
                                   {"id": f"wb-{len(self.delivered)}", "phone": form["phone"],
                                    "message": form["message"], "status": "pending"}]}})

        return self.deliver(request, {"to": form["phone"], "text": form["message"]}, ok)

    def refusal(self, name: str) -> httpx.Response:
        return _json(200, {"status": False, "message": name})


class FakeCloud(FakeGateway):
    """Meta Cloud API: POST /{phone-id}/messages, Bearer, recipient_type group."""

    def __init__(self, token: str, phone_id: str, groups: set[str]) -> None:
        super().__init__()
        self.token = token
        self.phone_id = phone_id
        self.groups = groups

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _json(401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                         "code": 190, "fbtrace_id": "A1"}})
        if request.url.path != f"/v21.0/{self.phone_id}/messages":
            return _json(400, {"error": {"message": "Unsupported post request", "code": 100}})
        body = json.loads(request.content)
        if body.get("messaging_product") != "whatsapp" or body.get("recipient_type") != "group" or \
                body.get("type") != "text":
            return _json(400, {"error": {"message": "(#100) Invalid parameter", "code": 100}})
        if body.get("to") not in self.groups:
            return _json(400, {"error": {"message": "(#100) Invalid parameter: group not found", "code": 100}})
        wamid = f"wamid.HBg{len(self.delivered):04d}"
        return self.deliver(request, {"to": body["to"], "text": body["text"]["body"]},
                            lambda: _json(200, {"messaging_product": "whatsapp", "messages": [{"id": wamid}]}))

    def refusal(self, name: str) -> httpx.Response:
        if name == "rate":
            return _json(400, {"error": {"message": "Rate limit hit", "code": 130429}})
        raise AssertionError(name)


class FakeWebhook(FakeGateway):
    """A receiver as the README asks: HMAC-SHA256 over ``"<X-JDIH-Timestamp>." + body`` and a timestamp
    within 5 minutes of its clock (a captured request replayed later is refused)."""

    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.secret = secret
        self.clock = clock

    def handle(self, request: httpx.Request) -> httpx.Response:
        stamp = request.headers.get("X-JDIH-Timestamp", "")
        signed = stamp.encode() + b"." + request.content
        want = "sha256=" + hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("X-JDIH-Signature", ""), want):
            return _json(401, {"error": "bad signature"})
        if not stamp.isdigit() or abs(self.clock() - int(stamp)) > 300:
            return _json(401, {"error": "stale timestamp"})

        body = json.loads(request.content)
        return self.deliver(request, {"to": "webhook", "text": body["teks"], "body": body},
                            lambda: _json(202, {"id": f"wh-{len(self.delivered)}"}))
