"""Writing generated pages into the output folder, reusing the previous build's unchanged pages.

``jdih situs bangun`` builds into a fresh folder beside ``site/`` and swaps it in at the end
(:mod:`jdih.site.build`). A page whose bytes equal those of the page in the current ``site/``
is hard-linked from there instead of written again; a manifest in ``.jdih/situs-cache/``
holds each page's digest, and a marker file in ``site/`` proves the manifest describes it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from . import cache

MARKER = ".jdih-situs"  # in the output: token of the manifest that describes it


class Output:
    """Pages of one build written into ``site_dir``, which becomes ``final_dir`` when done."""

    def __init__(self, site_dir: Path, final_dir: Path, manifest: Path) -> None:
        self.site_dir = site_dir
        self.final_dir = final_dir
        self.manifest = manifest
        self.written: list[str] = []
        self._digests: dict[str, str] = {}
        self._old: dict[str, str] = {}
        if site_dir.resolve() != final_dir.resolve():  # else MkDocs has just emptied it
            old = cache.load(manifest, str(final_dir.resolve()))
            try:
                token = (final_dir / MARKER).read_text("utf-8")
            except OSError:
                token = None
            if token and old.get("penanda") == token:
                self._old = dict(old.get("halaman", {}))

    def write(self, path: str, text: str) -> None:
        """Write page ``path`` (``2026/slug/``) as ``index.html``."""
        data = text.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        self.written.append(path)
        self._digests[path] = digest
        dest = self.site_dir / path / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if self._old.get(path) == digest:
            try:
                os.link(self.final_dir / path / "index.html", dest)
                return
            except OSError:
                pass  # gone or another filesystem: write it
        dest.write_bytes(data)

    def finish(self) -> None:
        """Mark the output as described by a new manifest (saved before the marker is written)."""
        token = secrets.token_hex(16)
        cache.save(self.manifest, str(self.final_dir.resolve()), {"penanda": token, "halaman": self._digests})
        (self.site_dir / MARKER).write_text(token, "utf-8")
