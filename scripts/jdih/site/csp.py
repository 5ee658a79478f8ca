"""The Content-Security-Policy of the site's pages (security.md §4, adapted).

No ``upgrade-insecure-requests`` (all URLs are relative; it would break http://127.0.0.1
previews), ``form-action 'self'`` for the GET search form, ``data:`` images for Material's CSS
icons. Pages that need more say so in their front matter (``jdih_csp``).
"""

from __future__ import annotations

from dataclasses import dataclass

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def csp(**extra: str) -> str:
    """The policy string, with extra sources appended per directive (``script_src="'x'"``)."""
    parts = []
    for key, value in CSP.items():
        more = extra.get(key.replace("-", "_"))
        parts.append(f"{key} {value} {more}" if more else f"{key} {value}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Policies:
    """The policy of ordinary pages and of the two pages that need more."""

    base: str
    sop: str
    cari: str


def policies(preview: bool) -> Policies:
    """Policies for a public build, or for ``mkdocs serve``, which injects an inline live-reload
    script (so only a local preview allows inline scripts)."""
    inline = "'unsafe-inline'"
    if preview:
        return Policies(
            base=csp(script_src=inline),
            sop=csp(script_src=inline, style_src=inline),
            cari=csp(script_src=f"{inline} 'wasm-unsafe-eval'"),
        )
    return Policies(base=csp(), sop=csp(style_src=inline), cari=csp(script_src="'wasm-unsafe-eval'"))
