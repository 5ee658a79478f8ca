"""JSON Schema (draft 2020-12) of a post's front matter, generated from the SOP data.

``jdih skema`` prints it (``-o .jdih/skema.json`` writes it). The enums (status, kategori,
platform, person ids) come from ``sop/``, so the schema follows the SOP when it changes.

Editors: the Red Hat YAML extension (``redhat.vscode-yaml``) validates YAML *files* only,
not front matter inside Markdown (redhat-developer/vscode-yaml#207). For ``index.md`` in
VS Code use the remark extension (``unifiedjs.vscode-remark``) with the npm packages
``remark-frontmatter`` and ``remark-lint-frontmatter-schema`` and a ``.remarkrc.mjs``::

    import remarkFrontmatter from "remark-frontmatter";
    import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";
    export default {plugins: [remarkFrontmatter,
      [remarkLintFrontmatterSchema, {schemas: {"./.jdih/skema.json": ["./content/**/index.md"]}}]]};

A front matter copied into a ``.yml`` file can use ``# yaml-language-server: $schema=...``.
The schema uses only keywords that draft-07 tools also understand. ``jdih periksa`` stays
the authority: the schema cannot express history rules, platform limits or media checks.
"""

from __future__ import annotations

from typing import Any

from .project import Project

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://jdih.kpu-kotimkab.go.id/skema/konten.json"

# Top-level keys and their one-line Indonesian description (also used by checks.schema to
# tell unknown keys). Order follows jdih.post.KEY_ORDER.
TOP_LEVEL_KEYS: dict[str, str] = {
    "judul": "Judul konten (wajib).",
    "status": "Status SOP saat ini; sama dengan status entri riwayat terakhir (wajib).",
    "kategori": "Kategori konten menurut Keputusan KPU 10/HK.04/08/2022 (wajib).",
    "seri": "Nama seri konten, bebas (mis. Istilah Pemilu).",
    "platform": "Platform tujuan unggah (wajib, minimal satu).",
    "jadwal": "Jangan terbitkan sebelum waktu ini (ISO 8601 dengan zona waktu).",
    "tenggat": "Tenggat penyelesaian dari disposisi (ISO 8601 dengan zona waktu).",
    "tag": "Tag konten.",
    "media": "Berkas media di folder konten, masing-masing dengan teks alternatif.",
    "dokumen_hukum": "Produk hukum yang dibahas (metadata JDIHN).",
    "teks": "Teks khusus per platform; bawaan teks = isi Markdown.",
    "riwayat": "Jejak langkah SOP, terlama di atas (wajib).",
    "tautan": "Tautan hasil unggah per platform (ditulis saat penerbitan).",
}

MEDIA_KEYS = ("berkas", "alt")
LEGAL_DOCUMENT_KEYS = ("jenis", "nomor", "tahun", "judul", "tautan")
LEGAL_DOCUMENT_REQUIRED = ("jenis", "nomor", "tahun", "judul")
HISTORY_REQUIRED = ("status", "oleh", "waktu")
REQUIRED = ("judul", "status", "kategori", "platform", "riwayat")

_TIMESTAMP = {
    "type": "string",
    "format": "date-time",
    # An offset is mandatory: every time in the SOP record is zone-aware.
    "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$",
}
_URL = {"type": "string", "pattern": r"^https?://\S+$"}


def front_matter_schema(project: Project) -> dict[str, Any]:
    """The schema as a JSON-ready dict (enums from the project's SOP, people and platforms)."""
    sop = project.sop
    states = list(sop.states)
    categories = list(sop.categories)
    platforms = list(project.platforms)
    people = list(project.people.by_id)

    def described(desc: str, spec: dict[str, Any]) -> dict[str, Any]:
        return {"description": desc, **spec}

    history_item = {
        "type": "object",
        "required": list(HISTORY_REQUIRED),
        "properties": {
            "status": {"enum": states, "description": "Status yang dimasuki pada langkah ini."},
            "oleh": {"enum": people, "description": "Id orang di sop/peran.yml."},
            "waktu": described("Waktu langkah.", _TIMESTAMP),
            "mulai": described("Saat bahan/permintaan diterima (untuk mengukur langkah 1).", _TIMESTAMP),
            "catatan": {"type": "string"},
        },
        # Git/GitHub integration may record extra provenance (commit, PR number).
        "additionalProperties": True,
    }
    props: dict[str, Any] = {
        "judul": {"type": "string", "minLength": 1},
        # Labels go into the description: editor-specific keywords (markdownEnumDescriptions)
        # would make strict validators (Ajv) reject the schema.
        "status": {"enum": states},
        "kategori": {"enum": categories},
        "seri": {"type": "string"},
        "platform": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": platforms},
        },
        "jadwal": _TIMESTAMP,
        "tenggat": _TIMESTAMP,
        "tag": {"type": "array", "items": {"type": "string"}},
        "media": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(MEDIA_KEYS),
                "properties": {
                    "berkas": {"type": "string", "description": "Nama berkas relatif terhadap folder konten."},
                    "alt": {"type": "string", "minLength": 1, "description": "Teks alternatif gambar."},
                },
                "additionalProperties": False,
            },
        },
        "dokumen_hukum": {
            "type": "object",
            "required": list(LEGAL_DOCUMENT_REQUIRED),
            "properties": {
                "jenis": {"type": "string"},
                "nomor": {"type": ["string", "integer"]},
                "tahun": {"type": "integer", "minimum": 1945, "maximum": 2100},
                "judul": {"type": "string"},
                "tautan": _URL,
            },
            "additionalProperties": False,
        },
        "teks": {
            "type": "object",
            "propertyNames": {"enum": platforms},
            "additionalProperties": {"type": "string"},
        },
        "riwayat": {"type": "array", "minItems": 1, "items": history_item},
        "tautan": {
            "type": "object",
            "propertyNames": {"enum": platforms},
            "additionalProperties": _URL,
        },
    }
    for key, desc in TOP_LEVEL_KEYS.items():
        props[key] = {"description": desc, **props[key]}
    props["status"]["description"] += " " + "; ".join(f"{s.id} = {s.label}" for s in sop.states.values())
    props["kategori"]["description"] += " " + "; ".join(f"{c.id} = {c.label}" for c in sop.categories.values())
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "Front matter konten JDIH Medsos",
        "description": (
            f"Konten media sosial JDIH menurut SOP {sop.meta.get('nomor', '')}. "
            "Dibuat dari sop/alur.yml, sop/peran.yml dan sop/platform.yml oleh `jdih skema`."
        ).replace("SOP  ", "SOP "),
        "type": "object",
        "required": list(REQUIRED),
        "properties": props,
        "additionalProperties": True,
    }
