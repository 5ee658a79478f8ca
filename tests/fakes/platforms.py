"""Fakes of every platform API, written once as plain request → response apps.

Each fake follows the documented contract (shared/reference/platform-apis.md): request shapes,
auth headers, success and error bodies, rate-limit headers. Every fake is an httpx handler
(``request -> response``), so the same object runs behind ``httpx.MockTransport``
(:func:`~fakes.server.mock_client`) in unit tests and behind the one loopback server
(:func:`~fakes.server.serve`) in end-to-end tests. Inside, a fake reads a transport-independent
:class:`Req` and answers a :class:`Resp`.

Faults are injected per app (:class:`Fault`: errors before or after the server acted, slow
responses / timeouts, dropped connections, 429 with the platform's own rate-limit signal), and
``hooks`` run on every request (the end-to-end test uses one to SIGKILL the client).
Every fake records what it *created* (``created``), which is what exactly-once is about.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import regex

from .server import Stall, mock_client, serve

__all__ = ["Abort", "FakeApi", "Fault", "Req", "Resp", "jresp", "mock_client", "serve"]

# ---------------------------------------------------------------------------------------
# request / response


@dataclass
class Req:
    """A request as the fakes see it (transport-independent)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.url).query, keep_blank_values=True))

    @property
    def query_string(self) -> str:
        return urlsplit(self.url).query

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, Any]:
        """urlencoded or multipart fields (repeated keys become lists; files excluded)."""
        if self.content_type.startswith("multipart/"):
            return {k: v for k, (fn, v) in self._parts().items() if fn is None}
        out: dict[str, Any] = {}
        for k, v in parse_qsl(self.body.decode(), keep_blank_values=True):
            if k in out:
                out[k] = [*out[k], v] if isinstance(out[k], list) else [out[k], v]
            else:
                out[k] = v
        return out

    def files(self) -> dict[str, tuple[str, bytes]]:
        return {k: (fn, v) for k, (fn, v) in self._parts().items() if fn is not None}

    def _parts(self) -> dict[str, tuple[str | None, Any]]:
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.content_type.encode() + b"\r\n\r\n" + self.body
        )
        out: dict[str, tuple[str | None, Any]] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            out[str(name)] = (filename, payload if filename is not None else payload.decode())
        return out


@dataclass
class Resp:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def jresp(status: int, obj: Any, headers: dict[str, str] | None = None, ctype: str = "application/json") -> Resp:
    return Resp(status, json.dumps(obj).encode(), {"Content-Type": ctype, **(headers or {})})


# ---------------------------------------------------------------------------------------
# faults


@dataclass
class Fault:
    """An injected failure for requests matching ``method`` and ``path_contains``.

    ``kind``: ``error`` (respond ``resp`` *before* acting: nothing created), ``error-after``
    (act, then respond 500), ``stall`` (act, then hang ``seconds``), ``drop`` (act, then close),
    ``refuse`` (connection refused, nothing created), ``timeout-before`` (no answer, nothing
    created), ``timeout-after`` (act, then no answer).
    """

    method: str
    path_contains: str
    kind: str = "error"
    resp: Resp | None = None
    times: int = 1
    seconds: float = 2.0

    def matches(self, req: Req) -> bool:
        return req.method == self.method and self.path_contains in req.path and self.times > 0


class Abort(Exception):
    """Raised by a hook: the server drops the connection without answering."""


Hook = Callable[["FakeApi", Req, str], None]  # (app, request, "sebelum"|"sesudah")


class FakeApi:
    """Base of the fakes: request log, faults, hooks, and the created-posts record."""

    name = "fake"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: list[Req] = []
        self.faults: list[Fault] = []
        self.hooks: list[Hook] = []
        self.created: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self._ids = itertools.count(1001)

    def next_id(self) -> str:
        return str(next(self._ids))

    def fault(self, *args: Any, **kw: Any) -> Fault:
        f = Fault(*args, **kw)
        self.faults.append(f)
        return f

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The httpx handler: answer ``request`` or raise the transport failure a fault asks for."""
        req = Req(request.method, str(request.url), {k.lower(): v for k, v in request.headers.items()},
                  request.read())
        fault = self._fault(req)
        if fault is not None and fault.kind == "refuse":
            raise httpx.ConnectError("fake: connection refused", request=request)
        if fault is not None and fault.kind == "timeout-before":
            raise httpx.ReadTimeout("fake: no answer", request=request)
        out = self._answer(req, fault)
        kind = fault.kind if fault is not None else None
        if kind == "timeout-after":
            raise httpx.ReadTimeout("fake: no answer", request=request)
        if out is None or kind == "drop":
            raise httpx.RemoteProtocolError("fake: server disconnected", request=request)
        if fault is not None and kind == "stall":
            raise Stall(fault.seconds, request)
        return httpx.Response(out.status, headers=out.headers, content=out.body)

    def _fault(self, req: Req) -> Fault | None:
        with self.lock:
            self.requests.append(req)
            if "access_token=" in req.url or "password=" in req.url:
                self.violations.append(f"token di URL: {req.method} {req.path}")
            fault = next((f for f in self.faults if f.matches(req)), None)
            if fault is not None:
                fault.times -= 1
            return fault

    def _answer(self, req: Req, fault: Fault | None) -> Resp | None:
        """The answer, None when a hook aborts (the connection is dropped)."""
        try:
            for hook in list(self.hooks):
                hook(self, req, "sebelum")
        except Abort:
            return None
        if fault is not None and fault.kind == "error":
            return fault.resp or jresp(500, {"error": "fake internal error"})
        with self.lock:
            resp = self.handle(req)
        try:
            for hook in list(self.hooks):
                hook(self, req, "sesudah")
        except Abort:
            return None
        if fault is not None and fault.kind == "error-after":
            return fault.resp or jresp(502, {"error": "bad gateway"})
        return resp

    def handle(self, req: Req) -> Resp:  # pragma: no cover - overridden
        raise NotImplementedError

    def count_for(self, link: str) -> int:
        """How many created posts carry ``link`` (our canonical link is in every caption)."""
        return sum(1 for c in self.created if link in str(c.get("text") or ""))


# ---------------------------------------------------------------------------------------
# Meta Graph: Facebook Page


def graph_error(status: int, code: int, message: str, subcode: int | None = None, transient: bool = False) -> Resp:
    err: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "is_transient": transient,
        "fbtrace_id": "AbCdEf",
    }
    if subcode is not None:
        err["error_subcode"] = subcode
    return jresp(status, {"error": err})


def missing_object(object_id: str) -> Resp:
    """Graph's answer for an id that does not exist (code 100, subcode 33)."""
    return graph_error(
        400,
        100,
        f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation.",
        33,
    )


class FakeFacebook(FakeApi):
    """``/{page-id}/photos``, ``/{page-id}/feed``, ``/{post-id}?fields=permalink_url``, ``published_posts``."""

    name = "facebook"

    def __init__(self, token: str = "fb-token-123456", page_id: str = "111222") -> None:
        super().__init__()
        self.token, self.page_id = token, page_id
        self.photos: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}

    def handle(self, req: Req) -> Resp:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Error validating access token: Session has expired")
        parts = [p for p in req.path.split("/") if p]
        if parts and parts[0].startswith("v") and parts[0][1:2].isdigit():
            parts = parts[1:]
        if req.method == "POST" and parts == [self.page_id, "photos"]:
            form, files = req.form(), req.files()
            if "source" not in files and "url" not in form:
                return graph_error(400, 324, "Requires upload file")
            pid = self.next_id()
            published = form.get("published", "true") != "false"
            self.photos[pid] = {"id": pid, "published": published, "caption": form.get("caption")}
            if not published:
                return jresp(200, {"id": pid})
            return jresp(
                200, {"id": pid, "post_id": self._create(form.get("caption") or form.get("message") or "", [pid])}
            )
        if req.method == "POST" and parts == [self.page_id, "feed"]:
            form = req.form()
            media = []
            for i in itertools.count():
                raw = form.get(f"attached_media[{i}]")
                if raw is None:
                    break
                fbid = json.loads(raw)["media_fbid"]
                if fbid not in self.photos or self.photos[fbid]["published"]:
                    return graph_error(400, 100, f"Invalid media_fbid {fbid}")
                media.append(fbid)
            message = form.get("message", "")
            if self.created and self.created[-1]["text"] == message:
                return graph_error(400, 506, "Duplicate status message")
            return jresp(200, {"id": self._create(message, media)})
        if req.method == "GET" and parts == [self.page_id, "published_posts"]:
            data = [{"id": p["id"], "message": p["text"], "permalink_url": p["url"]} for p in reversed(self.created)]
            return jresp(200, {"data": data[: int(req.query.get("limit", 25))]})
        if req.method == "GET" and len(parts) == 1 and parts[0] in self.posts:
            p = self.posts[parts[0]]
            return jresp(200, {"id": p["id"], "permalink_url": p["url"]})
        if req.method == "GET" and len(parts) == 1:
            return missing_object(parts[0])
        return graph_error(400, 100, f"Unsupported request {req.method} {req.path}")

    def _create(self, text: str, media: list[str]) -> str:
        post_id = f"{self.page_id}_{self.next_id()}"
        post = {
            "id": post_id,
            "text": text,
            "media": media,
            "url": f"https://www.facebook.com/{self.page_id}/posts/{post_id.split('_')[1]}",
        }
        self.posts[post_id] = post
        self.created.append(post)
        return post_id


# ---------------------------------------------------------------------------------------
# Meta Graph: Instagram and Threads containers


class FakeContainers(FakeApi):
    """Instagram (``media``, ``media_publish``, ``status_code``) or Threads (``threads``, ``threads_publish``,
    ``status``)."""

    def __init__(
        self,
        kind: str = "instagram",
        token: str = "ig-token-123456",
        user_id: str = "178400",
        processing_polls: int = 0,
        quota_total: int = 50,
    ) -> None:
        super().__init__()
        self.name = kind
        self.kind = kind
        self.token, self.user_id = token, user_id
        self.processing_polls = processing_polls
        self.quota_total = quota_total
        self.containers: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        ig = kind == "instagram"
        self.create_path = "media" if ig else "threads"
        self.publish_path = "media_publish" if ig else "threads_publish"
        self.status_field = "status_code" if ig else "status"
        self.text_field = "caption" if ig else "text"
        self.quota_path = "content_publishing_limit" if ig else "threads_publishing_limit"

    def handle(self, req: Req) -> Resp:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        parts = [p for p in req.path.split("/") if p]
        if parts and parts[0].startswith("v") and parts[0][1:2].isdigit():
            parts = parts[1:]
        if req.method == "GET" and parts == [self.user_id, self.quota_path]:
            return jresp(
                200,
                {
                    "data": [
                        {
                            "quota_usage": len(self.created),
                            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                        }
                    ]
                },
            )
        if req.method == "POST" and parts == [self.user_id, self.create_path]:
            form = req.form()
            cid = self.next_id()
            if form.get("media_type") == "CAROUSEL":
                children = form.get("children", "").split(",")
                if not 2 <= len(children) <= (10 if self.kind == "instagram" else 20):
                    return graph_error(400, 100, "Invalid number of carousel children")
                if any(c not in self.containers or not self.containers[c]["item"] for c in children):
                    return graph_error(400, 100, "Invalid children")
            elif "image_url" in form:
                if not str(form["image_url"]).startswith(("http://", "https://")):
                    return graph_error(400, 9004, "Media download has failed", 2207052)
            elif self.kind == "instagram":
                return graph_error(400, 100, "The parameter image_url is required")
            self.containers[cid] = {
                "id": cid,
                "polls": self.processing_polls,
                "status": "IN_PROGRESS",
                "item": form.get("is_carousel_item") == "true",
                "text": form.get(self.text_field, ""),
            }
            return jresp(200, {"id": cid})
        if req.method == "POST" and parts == [self.user_id, self.publish_path]:
            cid = req.form().get("creation_id") or req.query.get("creation_id")
            c = self.containers.get(str(cid))
            if c is None:
                return graph_error(400, 100, "Invalid creation_id")
            if c["status"] != "FINISHED" and c["polls"] > 0:
                return graph_error(400, 9007, "Media ID is not available", 2207027)
            if c["status"] == "PUBLISHED":
                return graph_error(400, 9007, "The media has already been published", 2207027)
            if len(self.created) >= self.quota_total:
                return graph_error(400, 9, "Application request limit reached", 2207042)
            mid = self.next_id()
            c["status"] = "PUBLISHED"
            host = "www.instagram.com/p" if self.kind == "instagram" else "www.threads.net/@jdihkotim/post"
            m = {"id": mid, "text": c["text"], "permalink": f"https://{host}/C{mid}/"}
            self.media[mid] = m
            self.created.append(m)
            return jresp(200, {"id": mid})
        if req.method == "GET" and parts == [self.user_id, self.create_path]:
            data = [
                {"id": m["id"], self.text_field: m["text"], "permalink": m["permalink"]} for m in reversed(self.created)
            ]
            return jresp(200, {"data": data})
        if req.method == "GET" and len(parts) == 1 and parts[0] in self.containers:
            c = self.containers[parts[0]]
            if c["status"] == "IN_PROGRESS":
                if c["polls"] <= 0:
                    c["status"] = "FINISHED"
                c["polls"] -= 1
            return jresp(200, {"id": c["id"], self.status_field: c["status"]})
        if req.method == "GET" and len(parts) == 1 and parts[0] in self.media:
            m = self.media[parts[0]]
            return jresp(200, {"id": m["id"], "permalink": m["permalink"]})
        if req.method == "GET" and len(parts) == 1:
            return missing_object(parts[0])
        return graph_error(400, 100, f"Unsupported request {req.method} {req.path}")


# ---------------------------------------------------------------------------------------
# X API v2 with OAuth 1.0a verification


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Resp:
    return jresp(
        status,
        {"title": title, "detail": detail, "type": "about:blank", "status": status},
        headers,
        ctype="application/problem+json",
    )


class FakeX(FakeApi):
    """``/2/media/upload``, ``/2/media/metadata``, ``/2/tweets``, ``/2/users/me``, ``/2/users/:id/tweets``.

    Every request's OAuth 1.0a HMAC-SHA1 signature is recomputed and checked.
    """

    name = "x"

    def __init__(
        self,
        api_key: str = "xkey-123456",
        api_secret: str = "xsecret-123456",
        access_token: str = "xtoken-123456",
        access_secret: str = "xasecret-123456",
    ) -> None:
        super().__init__()
        self.keys = (api_key, api_secret, access_token, access_secret)
        self.media: set[str] = set()
        self.user = {"id": "4242", "username": "jdihkotim"}

    def _signature_ok(self, req: Req) -> bool:
        from oauthlib.oauth1.rfc5849 import signature, utils

        auth = req.headers.get("authorization", "")
        if not auth.startswith("OAuth "):
            return False
        params = {k: utils.unescape(v) for k, v in utils.parse_authorization_header(auth)}
        if params.get("oauth_consumer_key") != self.keys[0] or params.get("oauth_token") != self.keys[2]:
            return False
        body = req.body.decode() if req.content_type.startswith("application/x-www-form-urlencoded") else None
        collected = signature.collect_parameters(
            uri_query=req.query_string, body=body, headers={"Authorization": auth}, exclude_oauth_signature=True
        )
        base = signature.signature_base_string(
            req.method, signature.base_string_uri(req.url), signature.normalize_parameters(collected)
        )
        from oauthlib.oauth1 import Client

        client = Client(self.keys[0], client_secret=self.keys[1], resource_owner_secret=self.keys[3])
        expected = signature.sign_hmac_sha1_with_client(base, client)
        return bool(expected == params.get("oauth_signature"))

    def handle(self, req: Req) -> Resp:
        if not self._signature_ok(req):
            return problem(401, "Unauthorized", "Unauthorized")
        path = req.path
        if req.method == "POST" and path == "/2/media/upload":
            files = req.files()
            if "media" not in files or len(files["media"][1]) > 5 * 1024 * 1024:
                return problem(400, "Invalid Request", "media missing or too large")
            mid = self.next_id() + "000"
            self.media.add(mid)
            return jresp(200, {"data": {"id": mid, "media_key": f"3_{mid}", "size": len(files["media"][1])}})
        if req.method == "POST" and path == "/2/media/metadata":
            return jresp(200, {"data": {"associated_metadata": True}})
        if req.method == "POST" and path == "/2/tweets":
            if not req.content_type.startswith("application/json"):
                return problem(400, "Invalid Request", "JSON body required")
            body = req.json()
            text = body.get("text", "")
            for mid in (body.get("media") or {}).get("media_ids") or []:
                if mid not in self.media:
                    return problem(400, "Invalid Request", f"media {mid} not found")
            if any(t["text"] == text for t in self.created):
                return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
            tid = self.next_id() + "77"
            urls = [{"expanded_url": u, "url": "https://t.co/abc"} for u in regex.findall(r"https?://\S+", text)]
            self.created.append({"id": tid, "text": text, "urls": urls})
            return jresp(201, {"data": {"id": tid, "text": text, "edit_history_tweet_ids": [tid]}})
        if req.method == "GET" and path.startswith("/2/tweets/"):
            tid = path.rsplit("/", 1)[-1]
            found = next((t for t in self.created if t["id"] == tid), None)
            if found is None:  # X answers a missing post with 200 and a problem in `errors`
                return jresp(200, {"errors": [{
                    "value": tid, "detail": f"Could not find tweet with id: [{tid}].", "title": "Not Found Error",
                    "resource_type": "tweet", "parameter": "id", "resource_id": tid,
                    "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
            return jresp(200, {"data": {"id": tid, "text": found["text"], "author_id": self.user["id"]},
                               "includes": {"users": [self.user]}})
        if req.method == "GET" and path == "/2/users/me":
            return jresp(200, {"data": {**self.user, "name": "JDIH Kotim"}})
        if req.method == "GET" and path == f"/2/users/{self.user['id']}/tweets":
            data = [{"id": t["id"], "text": t["text"], "entities": {"urls": t["urls"]}} for t in reversed(self.created)]
            return jresp(200, {"data": data[: int(req.query.get("max_results", 10))], "meta": {}})
        return problem(404, "Not Found", f"{req.method} {path}")


# ---------------------------------------------------------------------------------------
# Bluesky PDS


class FakeBluesky(FakeApi):
    """createSession, uploadBlob, createRecord (facets/rkey validated), getRecord."""

    name = "bluesky"
    TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")

    def __init__(self, handle: str = "jdihkotim.bsky.social", password: str = "app-pass-123456") -> None:
        super().__init__()
        self.account, self.password = handle, password
        self.did = "did:plc:jdihkotim"
        self.jwt = "jwt-access-abcdef"
        self.records: dict[str, dict[str, Any]] = {}
        self.blobs: set[str] = set()
        self.sessions = 0

    def err(self, status: int, error: str, message: str) -> Resp:
        return jresp(status, {"error": error, "message": message})

    def handle(self, req: Req) -> Resp:
        nsid = req.path.rsplit("/", 1)[-1]
        if nsid == "com.atproto.server.createSession":
            body = req.json()
            if body.get("identifier") != self.account or body.get("password") != self.password:
                return self.err(401, "AuthenticationRequired", "Invalid identifier or password")
            self.sessions += 1
            return jresp(
                200,
                {"accessJwt": self.jwt, "refreshJwt": "jwt-refresh-abcdef", "did": self.did, "handle": self.account},
            )
        if req.headers.get("authorization") != f"Bearer {self.jwt}":
            return self.err(401, "InvalidToken", "Bad token")
        if nsid == "com.atproto.repo.uploadBlob":
            if len(req.body) > 1_000_000:
                return self.err(400, "BlobTooLarge", "This file is too large")
            link = f"bafkrei{self.next_id()}"
            self.blobs.add(link)
            return jresp(
                200,
                {
                    "blob": {
                        "$type": "blob",
                        "ref": {"$link": link},
                        "mimeType": req.content_type,
                        "size": len(req.body),
                    }
                },
            )
        if nsid == "com.atproto.repo.createRecord":
            body = req.json()
            rkey, record = body.get("rkey"), body.get("record") or {}
            if body.get("repo") != self.did or body.get("collection") != "app.bsky.feed.post":
                return self.err(400, "InvalidRequest", "bad repo/collection")
            if rkey is not None and not self.TID.match(rkey):
                return self.err(400, "InvalidRequest", "Invalid record key: must be a TID")
            rkey = rkey or self.next_id()
            if rkey in self.records:
                return self.err(400, "InvalidRequest", "Record already exists")
            text = record.get("text", "")
            if len(regex.findall(r"\X", text)) > 300:
                return self.err(400, "InvalidRequest", "Record/text must not be longer than 300 graphemes")
            raw = text.encode("utf-8")
            for facet in record.get("facets") or []:
                i = facet["index"]
                uri = facet["features"][0]["uri"]
                if raw[i["byteStart"] : i["byteEnd"]].decode("utf-8", "replace") != uri:
                    return self.err(400, "InvalidRequest", "facet byte offsets do not match the link")
            for img in (record.get("embed") or {}).get("images") or []:
                if img["image"]["ref"]["$link"] not in self.blobs or "alt" not in img:
                    return self.err(400, "InvalidRequest", "bad image embed")
            uri = f"at://{self.did}/app.bsky.feed.post/{rkey}"
            self.records[rkey] = {"uri": uri, "cid": f"bafyrei{rkey}", "value": record}
            self.created.append({"id": uri, "text": text, "record": record})
            return jresp(200, {"uri": uri, "cid": f"bafyrei{rkey}", "commit": {"cid": "x", "rev": "y"}})
        if nsid == "com.atproto.repo.getRecord":
            rkey = req.query.get("rkey", "")
            if rkey not in self.records:
                return self.err(
                    400, "RecordNotFound", f"Could not locate record: at://{self.did}/app.bsky.feed.post/{rkey}"
                )
            return jresp(200, self.records[rkey])
        return self.err(501, "MethodNotImplemented", nsid)


# ---------------------------------------------------------------------------------------
# Mastodon


class FakeMastodon(FakeApi):
    """instance v2, media v2 (202 + polling), statuses with Idempotency-Key, account statuses."""

    name = "mastodon"

    def __init__(self, token: str = "masto-token-123456", max_characters: int = 500, processing_polls: int = 1) -> None:
        """``processing_polls``: how many answers say "still processing" (the 202, then 206s)."""
        super().__init__()
        self.token = token
        self.max_characters = max_characters
        self.processing_polls = processing_polls
        self.attachments: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}

    def handle(self, req: Req) -> Resp:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return jresp(401, {"error": "The access token is invalid"})
        path = req.path
        if req.method == "GET" and path == "/api/v2/instance":
            return jresp(
                200,
                {
                    "domain": "mastodon.test",
                    "configuration": {
                        "statuses": {
                            "max_characters": self.max_characters,
                            "max_media_attachments": 4,
                            "characters_reserved_per_url": 23,
                        },
                        "media_attachments": {
                            "image_size_limit": 16777216,
                            "supported_mime_types": ["image/jpeg", "image/png"],
                        },
                    },
                },
            )
        if req.method == "POST" and path == "/api/v2/media":
            if "file" not in req.files():
                return jresp(422, {"error": "Validation failed: File can't be blank"})
            mid = self.next_id()
            self.attachments[mid] = {
                "id": mid,
                "polls": max(0, self.processing_polls - 1),  # the 202 answer is the first "still processing"
                "description": req.form().get("description"),
            }
            if self.processing_polls:
                return jresp(202, {"id": mid, "type": "image", "url": None})
            return jresp(200, {"id": mid, "type": "image", "url": f"https://files.test/{mid}.jpg"})
        if req.method == "GET" and path.startswith("/api/v1/media/"):
            a = self.attachments.get(path.rsplit("/", 1)[-1])
            if a is None:
                return jresp(404, {"error": "Record not found"})
            if a["polls"] > 0:
                a["polls"] -= 1
                return jresp(206, {"id": a["id"], "url": None})
            return jresp(200, {"id": a["id"], "url": f"https://files.test/{a['id']}.jpg"})
        if req.method == "POST" and path == "/api/v1/statuses":
            key = req.headers.get("idempotency-key")
            if key and key in self.keys:
                return jresp(200, self.statuses[self.keys[key]])
            form = req.form()
            text = form.get("status", "")
            media = form.get("media_ids[]", [])
            media = [media] if isinstance(media, str) else media
            if not text and not media:
                return jresp(422, {"error": "Validation failed: Text can't be blank"})
            if len(text) > self.max_characters:
                return jresp(422, {"error": "Validation failed: Text character limit of 500 exceeded"})
            for m in media:
                if m not in self.attachments or self.attachments[m]["polls"] > 0:
                    return jresp(422, {"error": "Validation failed: media not ready"})
            sid = self.next_id()
            st = {
                "id": sid,
                "uri": f"https://mastodon.test/users/jdih/statuses/{sid}",
                "url": f"https://mastodon.test/@jdih/{sid}",
                "content": f"<p>{text}</p>",
                "media_attachments": [{"id": m} for m in media],
            }
            self.statuses[sid] = st
            if key:
                self.keys[key] = sid
            self.created.append({"id": sid, "text": text})
            return jresp(200, st)
        if req.method == "GET" and path.startswith("/api/v1/statuses/"):
            st = self.statuses.get(path.rsplit("/", 1)[-1])
            return jresp(200, st) if st else jresp(404, {"error": "Record not found"})
        if req.method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return jresp(200, {"id": "9", "username": "jdih"})
        if req.method == "GET" and path == "/api/v1/accounts/9/statuses":
            return jresp(
                200, [self.statuses[c["id"]] for c in reversed(self.created)][: int(req.query.get("limit", 20))]
            )
        return jresp(404, {"error": "Not found"})


# ---------------------------------------------------------------------------------------
# Telegram Bot API


class FakeTelegram(FakeApi):
    """The Bot API for both uses: a channel (SOP 6a) and a group announcement (6b).

    ``/bot<token>/sendMessage|sendPhoto|sendMediaGroup`` with Telegram's ok/error envelope, to the
    chats in ``chats`` (``@channel`` or ``-100…`` ids). Besides :class:`Fault` objects, ``fault``
    takes the short names the announcement tests use: ``refuse``, ``timeout-before``,
    ``timeout-after``, ``500-before``, ``500-after``, ``flood[:N]`` (429 with ``retry_after``) and
    ``kicked`` (403), each for the next ``send*`` call.
    """

    name = "telegram"

    def __init__(self, token: str = "123456:AAtelegram-token", chats: str | set[str] = "@jdihkotim",
                 first_id: int = 501) -> None:
        super().__init__()
        self.token = token
        self.chats = {chats} if isinstance(chats, str) else set(chats)
        self.chat_id = chats if isinstance(chats, str) else sorted(chats)[0]
        self.message_ids = itertools.count(first_id)

    def fault(self, *args: Any, **kw: Any) -> Fault:
        """A :class:`Fault` (``fault("POST", "sendMessage", ...)``) or named faults (``fault("flood:7")``)."""
        if not args or args[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            return super().fault(*args, **kw)
        made = [self.named(name) for name in args]
        self.faults.extend(made)
        return made[-1]

    def named(self, name: str) -> Fault:
        """The Fault a short name stands for."""
        kinds = {"refuse": "refuse", "timeout-before": "timeout-before", "timeout-after": "timeout-after",
                 "500-after": "error-after"}
        if name in kinds:
            return Fault("POST", "/send", kinds[name])
        if name == "500-before":
            return Fault("POST", "/send", "error", jresp(500, {"ok": False, "error_code": 500,
                                                                "description": "Internal Server Error"}))
        if name.startswith("flood"):
            wait = int(name.split(":")[1]) if ":" in name else 3
            return Fault("POST", "/send", "error",
                         self.err(429, f"Too Many Requests: retry after {wait}", retry_after=wait))
        if name == "kicked":
            return Fault("POST", "/send", "error", self.err(403, "Forbidden: bot was kicked from the group chat"))
        raise AssertionError(f"unknown fault {name}")

    @property
    def delivered(self) -> list[dict[str, Any]]:
        """What reached a chat: ``{"to", "text"}`` per message."""
        return [{"to": c["chat"], "text": c["text"]} for c in self.created]

    def texts(self) -> list[str]:
        """Texts delivered so far."""
        return [c["text"] for c in self.created]

    @staticmethod
    def err(code: int, description: str, **params: Any) -> Resp:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if params:
            body["parameters"] = params
        return jresp(code, body)

    def handle(self, req: Req) -> Resp:
        prefix, _, method = req.path.rpartition("/")
        if prefix != f"/bot{self.token}":
            return self.err(401, "Unauthorized")
        data = req.json() if req.content_type.startswith("application/json") else req.form()
        chat = str(data.get("chat_id"))
        if chat not in self.chats:
            return self.err(400, "Bad Request: chat not found")
        if method == "sendMessage":
            text = data.get("text", "")
            if not 1 <= len(text) <= 4096:
                return self.err(400, "Bad Request: message is too long")
            return jresp(200, {"ok": True, "result": self._msg(chat, text, 0)})
        if method == "sendPhoto":
            if "photo" not in req.files():
                return self.err(400, "Bad Request: there is no photo in the request")
            if len(data.get("caption", "")) > 1024:
                return self.err(400, "Bad Request: message caption is too long")
            return jresp(200, {"ok": True, "result": self._msg(chat, data.get("caption", ""), 1)})
        if method == "sendMediaGroup":
            media = json.loads(data.get("media", "[]"))
            files = req.files()
            if not 2 <= len(media) <= 10:
                return self.err(400, "Bad Request: wrong number of media")
            for m in media:
                if m["media"].removeprefix("attach://") not in files:
                    return self.err(400, "Bad Request: file not found")
            first = self._msg(chat, media[0].get("caption", ""), len(media))
            rest = [{"message_id": next(self.message_ids), "chat": {"id": -100123}} for _ in media[1:]]
            return jresp(200, {"ok": True, "result": [first, *rest]})
        return self.err(404, "Not Found: method not found")

    def _msg(self, chat: str, text: str, photos: int) -> dict[str, Any]:
        mid = next(self.message_ids)
        self.created.append({"id": str(mid), "chat": chat, "text": text, "photos": photos})
        return {
            "message_id": mid,
            "chat": {"id": -100123, "type": "channel", "username": "jdihkotim"},
            "date": 0,
            "text" if not photos else "caption": text,
        }


# ---------------------------------------------------------------------------------------
# TikTok and YouTube (minimal, documented contract)


class FakeTikTok(FakeApi):
    """``/v2/post/publish/content/init/`` and ``/v2/post/publish/status/fetch/``."""

    name = "tiktok"

    def __init__(self, token: str = "act.tiktok-123456", audited: bool = False) -> None:
        super().__init__()
        self.token, self.audited = token, audited
        self.publishes: dict[str, dict[str, Any]] = {}

    @staticmethod
    def env(data: Any, code: str = "ok", message: str = "", status: int = 200) -> Resp:
        return jresp(status, {"data": data, "error": {"code": code, "message": message, "log_id": "L1"}})

    def handle(self, req: Req) -> Resp:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return self.env({}, "access_token_invalid", "The access token is invalid", 401)
        if req.method == "POST" and req.path == "/v2/post/publish/content/init/":
            body = req.json()
            info = body.get("post_info") or {}
            if not self.audited and info.get("privacy_level") != "SELF_ONLY":
                return self.env({}, "unaudited_client_can_only_post_to_private_accounts", "unaudited", 403)
            if body.get("media_type") != "PHOTO" or (body.get("source_info") or {}).get("source") != "PULL_FROM_URL":
                return self.env({}, "invalid_params", "bad source", 400)
            pid = f"p_pub_{self.next_id()}"
            self.publishes[pid] = {"text": info.get("description", ""), "post": self.next_id()}
            self.created.append({"id": pid, "text": info.get("description", "")})
            return self.env({"publish_id": pid})
        if req.method == "POST" and req.path == "/v2/post/publish/status/fetch/":
            p = self.publishes.get(req.json().get("publish_id"))
            if p is None:
                return self.env({}, "invalid_publish_id", "unknown", 400)
            return self.env({"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [p["post"]]})
        return self.env({}, "not_found", req.path, 404)


class FakeYouTube(FakeApi):
    """Resumable ``videos.insert``: session POST → Location; PUT bytes → video; PUT ``bytes */N`` → status."""

    name = "youtube"

    def __init__(self, token: str = "ya29.youtube-123456") -> None:
        super().__init__()
        self.token = token
        self.sessions: dict[str, dict[str, Any]] = {}
        self.base = "http://youtube.test"

    def handle(self, req: Req) -> Resp:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return jresp(
                401, {"error": {"code": 401, "message": "Invalid Credentials", "errors": [{"reason": "authError"}]}}
            )
        if req.method == "POST" and req.path == "/upload/youtube/v3/videos":
            if req.query.get("uploadType") != "resumable":
                return jresp(400, {"error": {"code": 400, "message": "uploadType", "errors": []}})
            sid = self.next_id()
            self.sessions[sid] = {"meta": req.json(), "video": None}
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(req.url))
            return Resp(200, b"", {"Location": f"{origin}/upload/youtube/v3/videos?upload_id={sid}"})
        if req.method == "GET" and req.path == "/youtube/v3/videos":
            ids = req.query.get("id", "").split(",")
            items = [{"id": c["id"], "status": {"privacyStatus": c["privacy"]}} for c in self.created if c["id"] in ids]
            return jresp(200, {"kind": "youtube#videoListResponse", "items": items})
        if req.method == "PUT" and req.path == "/upload/youtube/v3/videos":
            s = self.sessions.get(req.query.get("upload_id", ""))
            if s is None:
                return jresp(404, {"error": {"code": 404, "message": "session not found", "errors": []}})
            if req.headers.get("content-range", "").startswith("bytes */"):
                return jresp(200, s["video"]) if s["video"] else Resp(308, b"", {})
            vid = f"vid{self.next_id()}"
            s["video"] = {"id": vid, "status": s["meta"]["status"], "snippet": s["meta"]["snippet"]}
            self.created.append(
                {
                    "id": vid,
                    "text": s["meta"]["snippet"]["description"],
                    "privacy": s["meta"]["status"]["privacyStatus"],
                }
            )
            return jresp(200, s["video"])
        return jresp(404, {"error": {"code": 404, "message": "not found", "errors": []}})
