"""The Decap CMS configuration of the desk, generated from ``sop/`` and the post schema.

Nothing here is maintained by hand: categories, platforms (and their per-platform caption
fields), the series already in use and the required fields come from the project, so a change
in ``sop/`` changes the editor on its next load. The SOP-owned keys (``status``, ``riwayat``,
``tautan``) are not declared: the form cannot edit them, and the backend never takes them from
what the editor sends (:mod:`jdih.desk.entry`).
"""

from __future__ import annotations

from typing import Any

from ..project import CONTENT_DIR, Project
from ..schema import TOP_LEVEL_KEYS
from .entry import STEP_FIELD

COLLECTION = "konten"
PROXY_URL = "/api/decap"
# Decap's datetime widget reads and writes the browser's zone; the format keeps that offset explicit, so the
# stored instant is what the person meant and the writers (jdih.desk.entry._time, format-konten.js) convert it
# to WIB. A laptop set to another zone therefore gets its own clock's time, not a shifted one.
TIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"
# Decap builds a JavaScript RegExp from it: no inline flags such as (?i).
IMAGE_PATTERN = r"\.([jJ][pP][eE]?[gG]|[pP][nN][gG]|[gG][iI][fF]|[wW][eE][bB][pP])$"


def _hint(key: str) -> str:
    return TOP_LEVEL_KEYS.get(key, "")


def time_field(name: str, label: str) -> dict[str, Any]:
    """A Decap date-time field for front-matter key ``name`` in ``TIME_FORMAT``; its hint says it is read as WIB."""
    return {
        "name": name,
        "label": label,
        "widget": "datetime",
        "required": False,
        "format": TIME_FORMAT,
        "date_format": "DD-MM-YYYY",
        "time_format": "HH:mm",
        "hint": _hint(name) + " Diisi menurut jam komputer Anda; disimpan dalam WIB.",
    }


def column_labels(project: Project) -> dict[str, str]:
    """Board column titles in the SOP's own words (the state labels of ``jdih status``)."""
    from .columns import COLUMNS, board

    b = board(project.sop)
    return {c: " / ".join(project.sop.states[s].label for s in b.states_in(c)) for c in COLUMNS}


def decap_config(project: Project, series: list[str], branch: str = "main") -> dict[str, Any]:
    """The configuration object passed to ``CMS.init`` on the admin page."""
    sop = project.sop
    categories = [{"label": c.label, "value": c.id} for c in sop.categories.values()]
    platforms = [{"label": spec.name, "value": pid} for pid, spec in project.platforms.items()]
    series_hint = _hint("seri") + (f" Seri yang sudah ada: {', '.join(series)}." if series else "")
    per_platform = [
        {
            "name": pid,
            "label": spec.name,
            "widget": "text",
            "required": False,
            "hint": f"Kosongkan untuk memakai isi konten. Batas {spec.max_chars} karakter.",
        }
        for pid, spec in project.platforms.items()
    ]
    fields: list[dict[str, Any]] = [
        {"name": STEP_FIELD, "label": "Langkah SOP", "widget": "jdih-langkah", "required": False},
        {"name": "judul", "label": "Judul", "widget": "string", "hint": _hint("judul")},
        {"name": "kategori", "label": "Kategori", "widget": "select", "options": categories},
        {"name": "seri", "label": "Seri", "widget": "string", "required": False, "hint": series_hint},
        {
            "name": "platform",
            "label": "Platform",
            "widget": "select",
            "multiple": True,
            "min": 1,
            "options": platforms,
            "hint": _hint("platform"),
        },
        time_field("jadwal", "Jadwal terbit"),
        time_field("tenggat", "Tenggat"),
        {"name": "tag", "label": "Tag", "widget": "list", "required": False, "hint": _hint("tag")},
        {
            "name": "media",
            "label": "Gambar",
            "label_singular": "gambar",
            "widget": "list",
            "required": False,
            "hint": "Gambar disimpan di folder konten. Teks alternatif wajib diisi.",
            "fields": [
                {
                    "name": "berkas",
                    "label": "Berkas gambar",
                    "widget": "image",
                    "choose_url": False,
                    "pattern": [IMAGE_PATTERN, "Hanya JPEG, PNG, GIF atau WEBP."],
                },
                {"name": "alt", "label": "Teks alternatif", "widget": "string", "hint": "Wajib: jelaskan isi gambar."},
            ],
        },
        {
            "name": "dokumen_hukum",
            "label": "Dokumen hukum",
            "widget": "object",
            "required": False,
            "collapsed": True,
            "hint": _hint("dokumen_hukum"),
            "fields": [
                {"name": "jenis", "label": "Jenis", "widget": "string", "required": False},
                {"name": "nomor", "label": "Nomor", "widget": "string", "required": False},
                {"name": "tahun", "label": "Tahun", "widget": "number", "value_type": "int", "required": False},
                {"name": "judul", "label": "Judul", "widget": "string", "required": False},
                {"name": "tautan", "label": "Tautan", "widget": "string", "required": False},
            ],
        },
        {
            "name": "teks",
            "label": "Teks khusus per platform",
            "widget": "object",
            "required": False,
            "collapsed": True,
            "hint": _hint("teks"),
            "fields": per_platform,
        },
        # A plain text widget: the markdown widget escapes #hashtags and moves blank lines.
        {
            "name": "body",
            "label": "Isi (keterangan unggahan)",
            "widget": "text",
            "required": False,
            "hint": "Teks yang diunggah ke setiap platform (kecuali yang punya teks khusus).",
        },
    ]
    return {
        "backend": {"name": "proxy", "proxy_url": PROXY_URL, "branch": branch},
        "publish_mode": "editorial_workflow",
        "locale": "id",
        "load_config_file": False,
        "media_folder": CONTENT_DIR,
        "public_folder": "",
        "show_preview_links": False,
        "search": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": COLLECTION,
                "label": "Konten",
                "label_singular": "Konten",
                "description": f"Konten media sosial menurut SOP {sop.meta.get('nomor', '')}.".replace("SOP .", "SOP."),
                "folder": CONTENT_DIR,
                "path": "{{year}}/{{slug}}/index",
                "extension": "md",
                "format": "frontmatter",
                "media_folder": "",
                "public_folder": "",
                "create": True,
                "delete": False,
                "identifier_field": "judul",
                "summary": "{{judul}}",
                "sortable_fields": ["judul", "kategori"],
                "fields": fields,
            }
        ],
    }
