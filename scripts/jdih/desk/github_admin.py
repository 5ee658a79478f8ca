"""The web desk on GitHub: Decap CMS at ``<situs>/admin/`` with its GitHub backend, built into the site.

Written by the site build (:mod:`jdih.site.generator`) only when ``kantor.yml`` has a
``meja.github`` section (repository and the OAuth client's address). Everything is served
from the site itself: Decap and js-yaml come from ``desk/node_modules`` (never a CDN), the
configuration is generated from ``sop/`` by :func:`jdih.desk.config.decap_config` (same
fields, same Indonesian locale), and the front matter is written by ``format-konten.js``
(``CMS.registerCustomFormat``), which keeps ``status``, ``riwayat`` and ``tautan`` byte for
byte. GitHub Pages cannot send headers, so the page carries its Content-Security-Policy in a
``<meta>`` element (``frame-ancestors`` is not possible there).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..office import Office, load_office
from ..post import KEY_ORDER, load_posts
from ..project import Project
from ..schema import LEGAL_DOCUMENT_KEYS, MEDIA_KEYS
from .config import COLLECTION, column_labels, decap_config, time_field
from .entry import SOP_OWNED, STEP_FIELD, TIME_KEYS
from .server import ASSETS
from .service import DECAP_DIST, ENV_DECAP

ADMIN_DIR = "admin"
FORMAT_NAME = "jdih-frontmatter"
JS_YAML = Path("js-yaml") / "dist" / "js-yaml.min.js"
# Files of the page besides Decap: ours (scripts/jdih/desk_assets) and js-yaml.
OWN_ASSETS = (
    "github-awal.js", "locale-id.js", "format-konten.js", "meja-github.js", "tanpa-media.js", "meja.css",
    "pratinjau.css",
)
GITHUB_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data: https://avatars.githubusercontent.com https://raw.githubusercontent.com; "
    "font-src 'self' data:; connect-src 'self' blob: data: https://api.github.com; worker-src 'self' blob:; "
    "frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def _series(project: Project) -> list[str]:
    posts, _errors = load_posts(project.content_dir)
    return sorted({s for s in (p.series for p in posts) if s})


def github_config(project: Project, repo: str, oauth_url: str, site_domain: str | None = None,
                  api_root: str | None = None) -> dict[str, Any]:
    """Decap's configuration for the GitHub backend, generated from ``sop/`` like the local desk's."""
    config = decap_config(project, _series(project))
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": "main", "base_url": oauth_url.rstrip("/")}
    if site_domain:
        backend["site_domain"] = site_domain
    if api_root:  # GitHub Enterprise Server (kantor.yml meja.github.api_root)
        backend["api_root"] = api_root
    config["backend"] = backend
    collection = config["collections"][0]
    # The SOP panel talks to the local desk's server; on GitHub the steps are the pull request's events
    # (jdih.forge.decap): a new entry's pull request opened by the Kasubbag is the disposisi, the staf's
    # first save after it the bahan/arahan, then the board's labels and the merge. The disposisi inputs
    # travel in the new file (format-konten.js writes them only when creating) and CI turns them into
    # the first riwayat entry at the merge (jdih.forge.record).
    collection["fields"] = [disposisi_field() if f["name"] == STEP_FIELD else f for f in collection["fields"]]
    collection["format"] = FORMAT_NAME
    collection["create"] = True
    return config


def disposisi_field() -> dict[str, Any]:
    """The form group of a new entry's disposisi (Decap has no per-entry condition: an optional group that
    the format writes only for a new file and keeps untouched afterwards)."""
    started = time_field("mulai", "Permintaan/bahan diterima")
    started["hint"] = "Saat permintaan atau bahan diterima; langkah 1 SOP diukur dari sini. Waktu dibaca sebagai WIB."
    return {
        "name": STEP_FIELD,
        "label": "Disposisi (diisi Kasubbag saat membuat konten baru)",
        "widget": "object",
        "required": False,
        "collapsed": False,
        "hint": "Diisi saat disposisi: menyimpan konten baru mencatat langkah 1 SOP atas nama Kasubbag yang "
        "membuatnya (dicatat CI saat merge). Setelah konten dibuat, isian ini tidak dipakai lagi dan "
        "perubahannya diabaikan.",
        "fields": [
            {"name": "catatan", "label": "Catatan disposisi", "widget": "text", "required": False},
            started,
        ],
    }


def page_settings(project: Project) -> dict[str, Any]:
    """What ``meja-github.js`` needs besides Decap's configuration: column titles, format keys, platforms."""
    return {
        "kolom": column_labels(project),
        "format": {
            "keyOrder": list(KEY_ORDER),
            "sopOwned": list(SOP_OWNED),
            "mediaKeys": list(MEDIA_KEYS),
            "dokumenKeys": list(LEGAL_DOCUMENT_KEYS),
            "timeKeys": list(TIME_KEYS),
            "stepField": STEP_FIELD,
        },
        "platform": [
            {"id": pid, "nama": spec.name, "batas": spec.max_chars} for pid, spec in project.platforms.items()
        ],
        "koleksi": COLLECTION,
    }


def _place(src: Path, dest: Path) -> None:
    """Hard-link (same filesystem) or copy one file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _decap_files(dist: Path) -> list[Path]:
    main = dist / "decap-cms.js"
    if not main.is_file():
        raise ConfigError(
            f"kantor.yml meminta meja kerja GitHub (bagian meja.github) tetapi Decap CMS belum terpasang "
            f"(tidak ada {main})",
            hint="Jalankan `npm ci --prefix desk` (atau `bash scripts/setup_env.sh`) sebelum membangun situs.",
        )
    # The bundle and its lazily loaded chunks and WebAssembly; never the 25 MB of source maps.
    return [p for p in sorted(dist.iterdir()) if p.is_file() and (
        p.name.startswith("decap-cms.js") or p.name.endswith((".decap-cms.js", ".wasm"))
    ) and not p.name.endswith(".map")]


def page_csp(api_root: str | None = None) -> str:
    """The admin page's policy; a GitHub Enterprise Server's API origin replaces api.github.com (and may
    serve the avatars)."""
    if not api_root:
        return GITHUB_CSP
    origin = "/".join(api_root.split("/")[:3])
    return GITHUB_CSP.replace("https://api.github.com", origin).replace("img-src 'self'", f"img-src 'self' {origin}")


def index_html(api_root: str | None = None) -> str:
    """The admin page (relative URLs: the site may live under a path, e.g. GitHub Pages of a project)."""
    return (
        "<!doctype html>\n<html lang=\"id\">\n<head>\n  <meta charset=\"utf-8\">\n"
        "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "  <meta name=\"robots\" content=\"noindex\">\n"
        f"  <meta http-equiv=\"Content-Security-Policy\" content=\"{page_csp(api_root)}\">\n"
        "  <title>Meja Kerja JDIH</title>\n  <link rel=\"stylesheet\" href=\"meja.css\">\n"
        "  <!-- Decap CMS dan js-yaml dari npm (desk/node_modules), disajikan dari situs ini; tanpa CDN. -->\n"
        "  <script src=\"github-awal.js\"></script>\n  <script src=\"decap/decap-cms.js\"></script>\n"
        "  <script src=\"js-yaml.min.js\"></script>\n  <script src=\"locale-id.js\"></script>\n"
        "  <script src=\"format-konten.js\"></script>\n  <script src=\"meja-github.js\"></script>\n"
        "  <script src=\"tanpa-media.js\"></script>\n"
        "</head>\n<body>\n  <noscript>Meja kerja membutuhkan JavaScript.</noscript>\n</body>\n</html>\n"
    )


def write_github_admin(root: Path, site_dir: Path, *, office: Office | None = None,
                       project: Project | None = None) -> bool:
    """Write ``site_dir/admin/`` for the repository at ``root``; False (nothing written) without
    ``meja.github`` in ``kantor.yml``. A caller that already loaded the office settings and the project
    (the site build) passes them instead of having them read again."""
    settings = (office or load_office(root)).desk_github
    if settings is None:
        return False
    project = project or Project(root)
    dist = Path(os.environ.get(ENV_DECAP) or root / DECAP_DIST)
    decap = _decap_files(dist)
    js_yaml = dist.parent.parent / JS_YAML  # the same node_modules as Decap's
    if not js_yaml.is_file():
        raise ConfigError(f"js-yaml tidak ditemukan di {js_yaml}", hint="Jalankan `npm ci --prefix desk`.")
    admin = site_dir / ADMIN_DIR
    if admin.exists():
        shutil.rmtree(admin)
    for f in decap:
        _place(f, admin / "decap" / f.name)
    _place(js_yaml, admin / "js-yaml.min.js")
    for name in OWN_ASSETS:
        _place(ASSETS / name, admin / name)
    data = {
        "decap": github_config(project, settings.repo, settings.oauth_url, settings.site_domain, settings.api_root),
        **page_settings(project),
    }
    (admin / "config.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (admin / "index.html").write_text(index_html(settings.api_root), encoding="utf-8")
    return True
