"""The sign-in pages of the GitHub fake: an OAuth client of the sveltia-cms-auth / Netlify kind in front of
GitHub's authorization page, on the fake's own origin.

The protocol Decap CMS speaks with such a client (decap-cms-lib-auth ``netlify-auth.js``): it opens a
popup at ``{base_url}/{auth_endpoint}?provider=github&site_id=...&scope=repo``; the client sends the
person to ``/login/oauth/authorize`` (GitHub's page: who signs in, "Authorize"), GitHub redirects back to
the client's callback with a ``code``; the callback page posts ``authorizing:github`` to its opener,
waits for the opener to echo it (Decap checks that the message comes from ``base_url``'s origin), then
posts ``authorization:github:success:{"token": ..., "provider": "github"}`` back to the opener's origin.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

AUTH_ENDPOINT = "auth"  # Decap's default `auth_endpoint`
PATHS = ("/auth", "/login/oauth/authorize", "/login/oauth/grant", "/callback")

AUTHORIZE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize application</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;background:#f6f8fa;margin:0}}
main{{max-width:420px;margin:60px auto;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:24px}}
label,input,button{{display:block;width:100%;font-size:16px;margin-top:8px}}input{{padding:6px}}
button{{background:#1f883d;color:#fff;border:0;border-radius:6px;padding:8px;margin-top:16px}}</style></head>
<body><main><h1>Authorize JDIH Meja Kerja</h1>
<p>JDIH Meja Kerja by {owner} wants to access your account (scope: <code>{scope}</code>).</p>
<form method="get" action="/login/oauth/grant">
<input type="hidden" name="state" value="{state}">
<label for="login">Username or email address</label><input id="login" name="login" autocomplete="username">
<button type="submit" id="authorize">Authorize</button></form></main></body></html>
"""

CALLBACK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body><p>{text}</p>
<script>
(() => {{
  const message = {message};
  window.addEventListener('message', ({{ data, origin }}) => {{
    if (data === 'authorizing:github') window.opener && window.opener.postMessage(message, origin);
  }}, {{ once: true }});
  window.opener && window.opener.postMessage('authorizing:github', '*');
}})();
</script></body></html>
"""


class OAuthPages:
    """The client's ``/auth`` and ``/callback`` and GitHub's authorization page; ``issue(login)`` makes a token."""

    def __init__(self, owner: str, known: Callable[[str], bool], issue: Callable[[str], str]) -> None:
        self.owner = owner
        self.known = known
        self.issue = issue
        self.states: dict[str, str] = {}  # state -> scope
        self.codes: dict[str, str] = {}  # code -> login

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """One page of the sign-in."""
        url = urlsplit(request.url.raw_path.decode("ascii"))
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/auth":
            if q.get("provider") != "github":
                return _page(400, CALLBACK_PAGE.format(text="Unsupported provider", message=json.dumps(
                    'authorization:github:error:{"message":"Unsupported provider"}')))
            state = secrets.token_hex(8)
            self.states[state] = q.get("scope", "repo")
            return httpx.Response(302, headers={"Location": "/login/oauth/authorize?" + urlencode(
                {"client_id": "Iv1.fakeclient", "scope": self.states[state], "state": state})})
        if url.path == "/login/oauth/authorize":
            state = q.get("state", "")
            if state not in self.states:
                return _page(400, "<p>The state is not valid.</p>")
            return _page(200, AUTHORIZE_PAGE.format(owner=html.escape(self.owner), state=html.escape(state),
                                                    scope=html.escape(self.states[state])))
        if url.path == "/login/oauth/grant":
            state, login = q.get("state", ""), q.get("login", "")
            if state not in self.states or not self.known(login):
                return _page(401, "<p>Incorrect username or password.</p>")
            code = secrets.token_hex(10)
            self.codes[code] = login
            return httpx.Response(302, headers={"Location": "/callback?" + urlencode({"code": code, "state": state})})
        # /callback: the client exchanges the code for a token and hands it to Decap
        granted = self.codes.pop(q.get("code", ""), None)
        if granted is None or q.get("state") not in self.states:
            message = 'authorization:github:error:{"message":"bad_verification_code"}'
            return _page(401, CALLBACK_PAGE.format(text="Sign-in failed.", message=json.dumps(message)))
        self.states.pop(q["state"])
        token = json.dumps({"token": self.issue(granted), "provider": "github"})
        return _page(200, CALLBACK_PAGE.format(text="Signed in. This window closes itself.",
                                               message=json.dumps(f"authorization:github:success:{token}")))


def _page(status: int, text: str) -> httpx.Response:
    return httpx.Response(status, content=text.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})
