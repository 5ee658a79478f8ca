"""The desk's web application: sign-in, the Decap admin page at ``/admin/``, its API, the site preview.

Starlette routes, served by uvicorn from :func:`serve`. Every API call needs a live session
(cookie ``jdih_meja``: HttpOnly, SameSite=Strict), the session's CSRF token in the
``X-Jdih-Csrf`` header, and, when the browser sends one, an ``Origin`` equal to the server's.
The admin page has its own Content-Security-Policy (Decap needs inline styles, ``eval`` for
some widgets and WebAssembly); the public site pages keep theirs.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from ..people import People, Person
from ..project import Project
from .auth import PasswordStore, Session, Sessions, same_token
from .backend import DeskBackend, Refused

COOKIE = "jdih_meja"
PRE_COOKIE = "jdih_meja_masuk"
CSRF_HEADER = "x-jdih-csrf"
ASSETS = Path(__file__).resolve().parent.parent / "desk_assets"
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; font-src 'self' data:; connect-src 'self' blob: data:; worker-src 'self' blob:; "
    "frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
LOGIN_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
log = logging.getLogger("jdih.meja")
# Protocol actions that write a step or a save (the site preview may need a rebuild afterwards).
STEP_ACTIONS = frozenset({"persistEntry", "updateUnpublishedEntryStatus", "publishUnpublishedEntry",
                          "deleteUnpublishedEntry"})


@dataclass
class DeskApp:
    """Everything the routes need; ``clock`` gives "now" (tests pass a fixed one)."""

    backend: DeskBackend
    passwords: PasswordStore
    project_factory: Callable[[], Project]
    clock: Callable[[], datetime]
    decap_dist: Path
    site_dir: Path | None = None
    secure_cookies: bool = False
    sessions: Sessions = field(default_factory=Sessions)
    config_factory: Callable[[], dict[str, Any]] | None = None
    after_step: Callable[[], object] | None = None  # e.g. rebuild the site preview (jdih.desk.service)

    @property
    def people(self) -> People:
        """People of ``sop/peran.yml`` (read again on each use: a change applies on the next request)."""
        return self.project_factory().people

    def session_of(self, request: Request) -> tuple[Session, Person] | None:
        """The live session and person of the request, or None."""
        s = self.sessions.get(request.cookies.get(COOKIE), self.clock())
        if s is None:
            return None
        person = self.people.get(s.person_id)
        if person is None:
            self.sessions.end(s.token)
            return None
        return s, person


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True  # same-origin GET/HEAD and non-browser clients; POSTs still need the CSRF header
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**SECURITY_HEADERS, **(extra or {})}


def _login_page(message: str, token: str, next_url: str, people: People) -> str:
    template = (ASSETS / "masuk.html").read_text(encoding="utf-8")
    options = "\n".join(
        f'<option value="{html.escape(p.id)}">{html.escape(p.name)}</option>' for p in people.by_id.values()
    )
    return (
        template.replace("{{pesan}}", f'<p class="pesan" role="alert">{html.escape(message)}</p>' if message else "")
        .replace("{{token}}", html.escape(token))
        .replace("{{lanjut}}", html.escape(next_url))
        .replace("{{orang}}", options)
    )


def _safe_next(value: str | None) -> str:
    """Only a local path may follow the sign-in (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin/"


def build_app(desk: DeskApp) -> Starlette:
    """The Starlette application."""
    import secrets

    async def login_form(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        page = _login_page("", token, _safe_next(request.query_params.get("lanjut")), desk.people)
        resp = HTMLResponse(page, headers=_headers({"Content-Security-Policy": LOGIN_CSP}))
        resp.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", secure=desk.secure_cookies, path="/masuk")
        return resp

    async def login(request: Request) -> Response:
        form = await request.form()
        next_url = _safe_next(str(form.get("lanjut") or ""))
        person_id = str(form.get("orang") or "")
        password = str(form.get("sandi") or "")
        now = desk.clock()

        def refuse(message: str, status: int = 400) -> Response:
            token = secrets.token_urlsafe(24)
            resp = HTMLResponse(
                _login_page(message, token, next_url, desk.people),
                status_code=status,
                headers=_headers({"Content-Security-Policy": LOGIN_CSP}),
            )
            resp.set_cookie(
                PRE_COOKIE, token, httponly=True, samesite="strict", secure=desk.secure_cookies, path="/masuk"
            )
            return resp

        if not _same_origin(request) or not same_token(request.cookies.get(PRE_COOKIE), str(form.get("token") or "")):
            return refuse("Sesi formulir kedaluwarsa. Silakan masuk lagi.", 403)
        if desk.sessions.locked_out(person_id, now):
            return refuse("Terlalu banyak percobaan yang salah. Tunggu 15 menit, lalu coba lagi.", 429)
        person = desk.people.get(person_id)
        ok = await run_in_threadpool(desk.passwords.verify, person_id, password)
        if person is None or not ok:
            desk.sessions.failed(person_id, now)
            log.info("meja: masuk ditolak untuk %r", person_id)
            return refuse("Nama atau kata sandi salah.", 401)
        session = desk.sessions.start(person.id, now)
        resp = RedirectResponse(next_url, status_code=303, headers=_headers())
        resp.set_cookie(COOKIE, session.token, httponly=True, samesite="strict", secure=desk.secure_cookies, path="/")
        resp.delete_cookie(PRE_COOKIE, path="/masuk")
        return resp

    async def logout(request: Request) -> Response:
        found = desk.session_of(request)
        form = await request.form()
        if found and same_token(found[0].csrf, str(form.get("token") or "")) and _same_origin(request):
            desk.sessions.end(found[0].token)
        resp = RedirectResponse("/masuk", status_code=303, headers=_headers())
        resp.delete_cookie(COOKIE, path="/")
        return resp

    def need_session(request: Request) -> tuple[Session, Person] | Response:
        found = desk.session_of(request)
        if found is None:
            return RedirectResponse(f"/masuk?lanjut={quote(request.url.path)}", status_code=303, headers=_headers())
        return found

    async def admin(request: Request) -> Response:
        found = need_session(request)
        if isinstance(found, Response):
            return found
        session, person = found
        page = (ASSETS / "index.html").read_text(encoding="utf-8")
        user = json.dumps({"id": person.id, "nama": person.name, "peran": list(person.roles)})
        page = page.replace("{{csrf}}", html.escape(session.csrf)).replace("{{pengguna}}", html.escape(user))
        return HTMLResponse(page, headers=_headers({"Content-Security-Policy": ADMIN_CSP, "Cache-Control": "no-store"}))

    async def admin_redirect(request: Request) -> Response:
        return RedirectResponse("/admin/", status_code=308)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        target = (ASSETS / name).resolve()
        if target.parent != ASSETS or not target.is_file() or target.suffix not in (".js", ".css", ".png", ".svg"):
            return PlainTextResponse("Tidak ditemukan.", status_code=404)
        return FileResponse(target, headers=_headers({"Cache-Control": "no-cache"}))

    async def decap_file(request: Request) -> Response:
        name = request.path_params["name"]
        target = (desk.decap_dist / name).resolve()
        # The source maps (~25 MB) are not served.
        if target.parent != desk.decap_dist.resolve() or not target.is_file() or target.suffix == ".map":
            return PlainTextResponse("Tidak ditemukan.", status_code=404)
        media = "application/wasm" if target.suffix == ".wasm" else None
        return FileResponse(target, media_type=media, headers=_headers({"Cache-Control": "public, max-age=3600"}))

    async def config(request: Request) -> Response:
        found = need_session(request)
        if isinstance(found, Response):
            return JSONResponse({"error": "Silakan masuk lagi."}, status_code=401)
        factory = desk.config_factory
        data = await run_in_threadpool(factory) if factory else {}
        return JSONResponse(data, headers=_headers({"Cache-Control": "no-store"}))

    def api(handler: Callable[[Request, Person], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            found = desk.session_of(request)
            if found is None:
                return JSONResponse({"error": "Sesi Anda berakhir. Muat ulang halaman lalu masuk lagi."}, 401)
            session, person = found
            if not _same_origin(request) or not same_token(session.csrf, request.headers.get(CSRF_HEADER)):
                return JSONResponse({"error": "Permintaan ditolak (token keamanan tidak cocok). Muat ulang."}, 403)
            try:
                return await handler(request, person)
            except Refused as exc:
                return JSONResponse({"error": exc.message}, exc.http_status)

        return guarded

    async def body_json(request: Request) -> dict[str, Any]:
        try:
            data = await request.json()
        except ValueError:
            raise Refused("isi permintaan bukan JSON") from None
        if not isinstance(data, dict):
            raise Refused("isi permintaan bukan objek JSON")
        return data

    async def decap_api(request: Request, person: Person) -> Response:
        data = await body_json(request)
        raw_params = data.get("params")
        params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
        action = str(data.get("action", ""))
        status, answer = await run_in_threadpool(desk.backend.handle, action, params, person, desk.clock())
        if status == 200 and action in STEP_ACTIONS and desk.after_step is not None:
            desk.after_step()
        return JSONResponse(answer, status_code=status, headers={"Cache-Control": "no-store"})

    async def panel(request: Request, person: Person) -> Response:
        data = await body_json(request)
        answer = await run_in_threadpool(desk.backend.panel, str(data.get("slug", "")), person)
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    async def step(request: Request, person: Person) -> Response:
        data = await body_json(request)
        from ..errors import JdihError
        from .backend import _message

        try:
            answer = await run_in_threadpool(
                desk.backend.step,
                str(data.get("slug", "")),
                str(data.get("perintah", "")),
                (str(data.get("catatan") or "").strip() or None),
                person,
                desk.clock(),
            )
        except JdihError as exc:
            return JSONResponse({"error": _message(exc)}, status_code=409)
        if desk.after_step is not None:
            desk.after_step()
        return JSONResponse(answer)

    async def preview(request: Request, person: Person) -> Response:
        data = await body_json(request)
        from .preview import preview_entry

        answer = await run_in_threadpool(preview_entry, desk.backend, data, desk.clock())
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    async def who(request: Request, person: Person) -> Response:
        return JSONResponse({"id": person.id, "nama": person.name})

    async def root(request: Request) -> Response:
        if desk.site_dir is None or not (desk.site_dir / "index.html").is_file():
            page = (
                "<!doctype html><html lang='id'><meta charset='utf-8'><title>JDIH</title>"
                "<p>Pratinjau situs belum dibangun. Buka <a href='/admin/'>meja kerja</a>.</p></html>"
            )
            return HTMLResponse(page, headers=_headers())
        return FileResponse(desk.site_dir / "index.html")

    routes = [
        Route("/masuk", login_form, methods=["GET"]),
        Route("/masuk", login, methods=["POST"]),
        Route("/keluar", logout, methods=["POST"]),
        Route("/admin", admin_redirect),
        Route("/admin/", admin),
        Route("/admin/config.json", config),
        Route("/admin/decap/{name}", decap_file),
        Route("/admin/{name}", asset),
        Route("/api/decap", api(decap_api), methods=["POST"]),
        Route("/api/meja/panel", api(panel), methods=["POST"]),
        Route("/api/meja/langkah", api(step), methods=["POST"]),
        Route("/api/meja/pratinjau", api(preview), methods=["POST"]),
        Route("/api/meja/saya", api(who), methods=["POST"]),
        Route("/", root),
    ]
    app = Starlette(routes=routes)
    # Decap's bundle is 5.2 MB, 1.5 MB compressed: office networks are not always fast.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if desk.site_dir is not None:
        desk.site_dir.mkdir(parents=True, exist_ok=True)
        app.mount("/", StaticFiles(directory=desk.site_dir, html=True, check_dir=False), name="situs")
    return app
