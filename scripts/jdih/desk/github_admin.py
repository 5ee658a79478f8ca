"""The web desk on GitHub: Decap CMS at ``<situs>/admin/`` with its GitHub backend, built into the site.

Written by the site build (:mod:`jdih.site.generator`) only when ``kantor.yml`` has a
``meja.github`` section (repository and the OAuth client's address). Everything is served
from the site itself: Decap, js-yaml and twitter-text come from ``desk/node_modules`` (never a CDN), the
configuration is generated from ``sop/`` by :func:`jdih.desk.config.decap_config` (same
fields, same Indonesian locale), and the front matter is written by ``format-konten.js``
(``CMS.registerCustomFormat``), which keeps ``status``, ``riwayat`` and ``tautan`` byte for
byte. GitHub Pages cannot send headers, so the page carries its Content-Security-Policy in a
``<meta>`` element (``frame-ancestors`` is not possible there).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

from ..checks.browser import browser_rules
from ..checks.limits import UNIT
from ..errors import ConfigError
from ..forge.decap import LABEL_PREFIX, column_commands, disposisi_command, note_refusal, role_refusal
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
# The official twitter-text (npm) bundled into one browser script by desk/build-twitter-text.mjs (setup script).
TWITTER_TEXT = Path(".jdih") / "twitter-text.js"
# Files of the page besides Decap: ours (scripts/jdih/desk_assets), js-yaml and twitter-text.
OWN_ASSETS = (
    "github-awal.js", "tolak-langkah.js", "locale-id.js", "format-konten.js", "hitung-teks.js", "meja-github.js",
    "tanpa-media.js", "meja.css", "pratinjau.css",
)
# The desk's refusal on screen (tolak-langkah.js); {alasan} is the reason CI gives for the same move
# (jdih.forge.decap.role_refusal / note_refusal), {login} the signed-in GitHub account, {tujuan} a column.
REFUSAL_MESSAGES = {
    "judul": "Langkah ditolak",
    "tutup": "Tutup",
    "pindah": "Pemindahan kartu ke kolom \u201c{tujuan}\u201d oleh @{login} ditolak: {alasan}. Kartu tidak "
    "dipindah dan tidak ada langkah SOP yang dicatat.",
    "setuju": "Persetujuan (merge ke main) oleh @{login} ditolak: {alasan}. Tidak ada yang di-merge dan tidak ada "
    "langkah SOP yang dicatat.",
    "baru": "Konten baru (disposisi) oleh @{login} ditolak: {alasan}. Tidak ada yang disimpan dan tidak ada "
    "langkah SOP yang dicatat.",
    "takTerdaftar": "akun GitHub @{login} tidak terdaftar di sop/peran.yml, jadi tidak dapat melakukan langkah SOP "
    "(minta admin menambahkannya)",
    "batal": "Pembatalan konten oleh @{login} ditolak: {alasan}. Pull request tidak ditutup dan tidak ada langkah SOP "
    "yang dicatat.",
    "alasanBatal": "Alasan pembatalan (wajib; dicatat di riwayat konten):",
    "tanpaAlasan": "pembatalan memerlukan alasan",
    "komentarGagal": "alasan tidak dapat ditulis di pull request (GitHub menjawab {status}); coba lagi",
}
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
    started["hint"] = ("Saat permintaan atau bahan diterima; langkah 1 SOP diukur dari sini. Diisi menurut jam "
                       "komputer Anda; disimpan dalam WIB.")
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
    """What ``meja-github.js`` needs besides Decap's configuration: column titles, format keys, and the
    platforms with their ``teks`` rules from ``sop/platform.yml`` (``hitung-teks.js`` counts and composes
    captions by them as :mod:`jdih.checks.limits` and :func:`jdih.preview.compose_caption` do)."""
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
            {"id": pid, "nama": spec.name, "batas": spec.max_chars, "teks": spec.text,
             "satuan": UNIT.get(spec.counting, "karakter"), "media": spec.media}
            for pid, spec in project.platforms.items()
        ],
        "situs": project.site_url,
        "emojiX": x_emoji(),
        "koleksi": COLLECTION,
        # jdih periksa's caption and media rules for hitung-teks.js `check` (jdih.checks.browser)
        "periksa": browser_rules(project),
    }


def x_emoji() -> dict[str, Any]:
    """The emoji that ``jdih periksa`` weighs as one unit on X (twitter-text-parser's expression, from its
    Emoji 12.0 list), for ``hitung-teks.js``: ``sequences`` (the multi-code-point emoji, in the expression's
    order: the first that matches wins) and ``single`` (a JavaScript ``u``-flag class of the one-code-point
    ones), or the whole expression as ``pattern`` if its shape ever changes (slower, still exact).
    The npm twitter-text finds emoji with twemoji-parser 11 instead, which disagrees on unqualified (©, ™,
    👁‍🗨) and Emoji 12 sequences; the browser must count what the checker counts."""
    with warnings.catch_warnings():
        # twitter-text-parser imports pkg_resources, which warns that it is deprecated: not the user's concern.
        warnings.filterwarnings("ignore", category=UserWarning, message=".*pkg_resources.*")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from twitter_text.regexp.emoji import emoji
    pattern = str(emoji.pattern)

    def js(source: str) -> str:
        return re.sub(r"\\U([0-9A-Fa-f]{8})", lambda m: f"\\u{{{int(m.group(1), 16):x}}}", source)

    # Its shape: sequences of \U escapes joined by "|", then "|[<single code points>]".
    sequences, sep, single = pattern.rpartition("|[")
    escape = r"\\U[0-9A-Fa-f]{8}"
    if not (sep and re.fullmatch(rf"(?:{escape})+(?:\|(?:{escape})+)*", sequences)
            and re.fullmatch(rf"(?:{escape}|-)+\]", single)):
        return {"pattern": js(pattern)}
    return {
        "sequences": ["".join(chr(int(h, 16)) for h in re.findall(r"\\U([0-9A-Fa-f]{8})", alt))
                      for alt in sequences.split("|")],
        "single": js(single[:-1]),
    }


def step_rules(project: Project) -> dict[str, Any]:
    """What ``tolak-langkah.js`` checks before a request reaches GitHub, from ``sop/`` and ``sop/peran.yml``.

    The same rules CI applies (:func:`jdih.forge.decap.board_state`, :func:`jdih.forge.mapping.verify_merger`,
    :func:`jdih.forge.decap.new_entry_steps`): a label into a column is the one SOP step into it
    (``kolom``: its roles, the refusal text, and ``alasan`` when the step needs a reason a label cannot carry),
    the merge is the approval (``setuju``), a new entry's first save is the disposisi (``disposisi``), closing
    a pull request is the cancellation (``batal``; for a new post the reason is asked and posted as a comment);
    ``orang`` maps each GitHub login (lower case) to the person's roles."""
    sop = project.sop

    def step(command: str) -> dict[str, Any]:
        return {"langkah": command, "peran": list(sop.roles_for_command(command)),
                "ditolak": role_refusal(sop, command), "alasan": None}

    columns = {}
    for column, command in column_commands(sop).items():
        columns[column] = {**step(command), "alasan": note_refusal(command) if sop.note_required(command) else None}
    return {
        "labelPrefix": LABEL_PREFIX,
        "kolom": columns,
        "setuju": step(sop.forge.merge),
        "disposisi": step(disposisi_command(sop)),
        # Closing a new post's pull request is its cancellation (jdih.forge.cancel, `jdih github catat-batal`).
        "batal": step(sop.cancel_commands[0]),
        # Only what the check needs: the page is public (no names, e-mail addresses or NIP).
        "orang": {p.github.lower(): {"peran": list(p.roles)} for p in project.people.by_id.values() if p.github},
        "pesan": REFUSAL_MESSAGES,
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
        "  <title>Meja Kerja JDIH</title>\n  <link rel=\"icon\" href=\"../assets/images/favicon.png\">\n"
        "  <link rel=\"stylesheet\" href=\"meja.css\">\n"
        "  <!-- Decap CMS, js-yaml dan twitter-text dari npm (desk/node_modules), dari situs ini; tanpa CDN. -->\n"
        "  <script src=\"github-awal.js\"></script>\n  <script src=\"tolak-langkah.js\"></script>\n"
        "  <script src=\"decap/decap-cms.js\"></script>\n"
        "  <script src=\"js-yaml.min.js\"></script>\n  <script src=\"locale-id.js\"></script>\n"
        "  <script src=\"format-konten.js\"></script>\n  <script src=\"twitter-text.js\"></script>\n"
        "  <script src=\"hitung-teks.js\"></script>\n  <script src=\"meja-github.js\"></script>\n"
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
    twitter_text = dist.parent.parent / TWITTER_TEXT
    if not twitter_text.is_file():
        raise ConfigError(f"twitter-text untuk peramban belum dibuat ({twitter_text})",
                          hint="Jalankan `bash scripts/setup_env.sh` (atau `node desk/build-twitter-text.mjs`).")
    admin = site_dir / ADMIN_DIR
    if admin.exists():
        shutil.rmtree(admin)
    for f in decap:
        _place(f, admin / "decap" / f.name)
    _place(js_yaml, admin / "js-yaml.min.js")
    _place(twitter_text, admin / "twitter-text.js")
    for name in OWN_ASSETS:
        _place(ASSETS / name, admin / name)
    data = {
        "decap": github_config(project, settings.repo, settings.oauth_url, settings.site_domain, settings.api_root),
        **page_settings(project),
        "langkah": step_rules(project),
    }
    (admin / "config.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (admin / "index.html").write_text(index_html(settings.api_root), encoding="utf-8")
    return True
