"""The editor's preview pane: the form's current values through ``jdih pratinjau``'s own code.

One implementation: the entry is laid over the latest file exactly as a save would
(:func:`jdih.desk.entry.overlay`), written with the post's images into a scratch folder
inside the desk's clone, and handed to :func:`jdih.preview.build_preview` and
:func:`jdih.checks.run_checks`, the functions behind ``jdih pratinjau`` and ``jdih periksa``.
The browser only shows the answer; it never counts.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from ..post import parse_post, read_post, render_post
from ..project import CONTENT_DIR
from . import entry
from .backend import DeskBackend, EntryKey, Refused

SCRATCH = "meja-pratinjau"


def preview_entry(backend: DeskBackend, request: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Preview and findings of the form's values ``request["data"]`` for the post ``request["slug"]``."""
    data = request.get("data")
    if not isinstance(data, dict):
        raise Refused("data formulir tidak terbaca")
    key = EntryKey.from_decap(str(request.get("slug") or ""))
    project = backend.project_factory()
    desk = backend.desk
    branch = key.branch if desk.has_branch(key.branch) else desk.main
    latest_raw = desk.read_bytes(branch, key.path)
    if latest_raw is not None:
        latest = parse_post(Path(key.path), latest_raw.decode("utf-8", errors="replace"))
        text = entry.overlay(latest.meta, latest.body, data, str(data.get("body") or ""))
    else:  # a new entry: no SOP fields yet
        text = render_post(entry.editor_fields(data), entry.body_of(str(data.get("body") or "")))
    # Inside the clone's .git folder: under the project root (paths stay relative to it) yet never
    # seen by `git status`, so a preview cannot make a step refuse for "uncommitted" files.
    scratch_root = project.root / ".git" / SCRATCH
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=scratch_root))
    try:
        folder = scratch / CONTENT_DIR / str(key.year) / key.slug
        folder.mkdir(parents=True)
        for path in desk.list_files(branch, key.folder):
            name = Path(path).name
            if Path(path).parent.as_posix() == key.folder and name != "index.md":
                blob = desk.read_bytes(branch, path)
                if blob is not None:
                    (folder / name).write_bytes(blob)
        for upload in (request.get("unggahan") or [])[:20]:
            # Images picked in the form but not saved yet: checked the same way before saving.
            if not isinstance(upload, dict) or not isinstance(upload.get("isi"), str):
                continue
            name = Path(str(upload.get("nama", ""))).name
            if name and name != "index.md" and not name.startswith("."):
                try:
                    (folder / name).write_bytes(base64.b64decode(upload["isi"], validate=True))
                except ValueError:
                    raise Refused(f"gambar {name} yang dikirim untuk pratinjau rusak") from None
        (folder / "index.md").write_text(text, encoding="utf-8")
        post = read_post(folder / "index.md", scratch / CONTENT_DIR)
        from ..checks import run_checks
        from ..preview import build_preview

        view = build_preview(project, [post], now)[0]
        findings = run_checks(project, [post], now)
        return {
            # The page's wire format (meja.js) keeps its own Indonesian keys.
            "platform": [
                {"platform": p.platform, "nama": p.name, "teks": p.text, "panjang": p.length, "batas": p.limit,
                 "satuan": p.unit, "sumber": p.source, "lewat": p.over_limit}
                for p in view.platforms
            ],
            "gambar": [{"berkas": g.path, "alt": g.alt, "ada": g.exists} for g in view.images],
            "temuan": [{"tingkat": f.level, "kode": f.code, "pesan": f.message} for f in findings],
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
