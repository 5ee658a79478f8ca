"""Shape of the front matter: required keys, types, known ids, zone-aware timestamps."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any

from ..desk.entry import STEP_FIELD
from ..findings import Finding, error, warning
from ..post import Post
from ..schema import (
    HISTORY_REQUIRED,
    LEGAL_DOCUMENT_KEYS,
    LEGAL_DOCUMENT_REQUIRED,
    MEDIA_KEYS,
    REQUIRED,
    TOP_LEVEL_KEYS,
)
from .context import CheckContext

TYPE_NAMES = {
    str: "teks",
    int: "bilangan bulat",
    list: "daftar",
    dict: "pemetaan",
    bool: "ya/tidak",
    float: "bilangan",
    datetime: "waktu",
    date: "tanggal",
    type(None): "kosong",
}


def type_name(value: Any) -> str:
    """Indonesian name of a YAML value's type, for messages."""
    for t, name in TYPE_NAMES.items():
        if type(value) is t:
            return name
    return type(value).__name__


def is_text(value: Any) -> bool:
    """A real string (YAML may give numbers or dates where a text was meant)."""
    return isinstance(value, str)


_URL_RE = re.compile(r"https?://\S+\Z")


def is_url(value: Any) -> bool:
    """An http(s) URL without spaces."""
    return isinstance(value, str) and _URL_RE.match(value) is not None


def time_problem(value: Any) -> str | None:
    """Why ``value`` is not a zone-aware timestamp (None when it is one)."""
    if isinstance(value, datetime):
        return None if value.tzinfo is not None else "tidak memiliki zona waktu (contoh: 2026-11-24T09:00:00+07:00)"
    if isinstance(value, date):
        return "hanya tanggal; tulis waktu lengkap dengan zona waktu (contoh: 2026-11-24T09:00:00+07:00)"
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            return f"bukan waktu ISO 8601 yang sah: {value!r}"
        return None if dt.tzinfo is not None else "tidak memiliki zona waktu (contoh: 2026-11-24T09:00:00+07:00)"
    return f"harus berupa waktu, bukan {type_name(value)}"


def _choices(items: Any) -> str:
    return ", ".join(str(i) for i in items)


def _typed(post: Post, key: str, kind: type, code: str, expected: str, out: list[Finding]) -> Any:
    """Front-matter ``key`` when it is a ``kind``; None when absent or mistyped (the latter reported in ``out``)."""
    v = post.meta.get(key)
    if v is None:
        return None
    if not isinstance(v, kind):
        out.append(error(str(post.path), post.line(key), code,
                         f"'{key}' harus berupa {expected}, bukan {type_name(v)}"))
        return None
    return v


def _required_list(post: Post, key: str, expected: str, empty: str, out: list[Finding]) -> list[Any] | None:
    """Front-matter list ``key`` as :func:`_typed` gives it; an empty one is reported (``empty`` says what it needs)."""
    v = _typed(post, key, list, "SKEMA-TIPE", expected, out)
    if v is not None and not v:
        out.append(error(str(post.path), post.line(key), "SKEMA-WAJIB", f"'{key}' kosong: {empty}"))
    return v


def _check_platform_map(
    post: Post, key: str, expected: str, code: str, label: str, out: list[Finding],
    valid: Callable[[Any], bool], value_code: str, describe: Callable[[str, Any], str],
) -> None:
    """A ``platform: value`` mapping: every key a listed platform, every value ``valid`` (else ``describe``d)."""
    v = _typed(post, key, dict, "SKEMA-TIPE", f"pemetaan platform: {expected}", out)
    if v is None:
        return
    listed = post.platforms
    for platform, val in v.items():
        if platform not in listed:
            out.append(error(str(post.path), post.line(key, platform), code,
                             f"{label} untuk '{platform}' padahal '{platform}' tidak ada di daftar platform"))
        if not valid(val):
            out.append(error(str(post.path), post.line(key, platform), value_code, describe(platform, val)))


def check_schema(ctx: CheckContext, post: Post) -> list[Finding]:
    """Every shape problem of ``post``'s front matter."""
    out: list[Finding] = []
    m = post.meta
    f = str(post.path)
    line = post.line

    def err(code: str, message: str, *keys: Any) -> None:
        out.append(error(f, line(*keys) if keys else 1, code, message))

    # A new post from the web desk on GitHub gets its status and riwayat from CI at the merge.
    unrecorded = ctx.unrecorded(post)
    for key in REQUIRED:
        if unrecorded and key in ("status", "riwayat"):
            continue
        if key not in m or m[key] is None:
            out.append(error(f, 1, "SKEMA-WAJIB", f"kunci wajib '{key}' tidak ada"))

    for key in m:
        if unrecorded and key == STEP_FIELD:
            _check_step_field(post, out)
        elif key not in TOP_LEVEL_KEYS:
            known = ", ".join(TOP_LEVEL_KEYS)
            out.append(warning(f, line(key), "SKEMA-KUNCI",
                               f"kunci '{key}' tidak dikenal (kunci yang dikenal: {known})"))

    title = m.get("judul")
    if title is not None and (not is_text(title) or not title.strip()):
        err("SKEMA-TIPE", f"'judul' harus berupa teks yang tidak kosong, bukan {type_name(title)}", "judul")

    known_ids: tuple[tuple[str, Mapping[str, object], str], ...] = (
        ("status", ctx.sop.states, "SKEMA-STATUS"), ("kategori", ctx.sop.categories, "SKEMA-KATEGORI"))
    for key, ids, code in known_ids:
        val = m.get(key)
        if val is None:
            continue
        if not is_text(val):
            err("SKEMA-TIPE", f"'{key}' harus berupa teks, bukan {type_name(val)}", key)
        elif val not in ids:
            err(code, f"{key} '{val}' tidak dikenal (pilihan: {_choices(ids)})", key)

    series = m.get("seri")
    if series is not None and not is_text(series):
        err("SKEMA-TIPE", f"'seri' harus berupa teks, bukan {type_name(series)}", "seri")

    _check_platforms(ctx, post, out)

    for key in ("jadwal", "tenggat"):
        if m.get(key) is not None:
            problem = time_problem(m[key])
            if problem:
                err("SKEMA-WAKTU", f"'{key}' {problem}", key)

    tag = _typed(post, "tag", list, "SKEMA-TIPE", "daftar", out)
    for i, t in enumerate(tag or ()):
        if not is_text(t):
            err("SKEMA-TIPE", f"tag ke-{i + 1} harus berupa teks, bukan {type_name(t)}", "tag", i)

    _check_media_shape(post, out)
    _check_legal_document(post, out)
    _check_texts(ctx, post, out)
    _check_history_shape(ctx, post, out)
    _check_links_shape(ctx, post, out)
    return out


def _check_step_field(post: Post, out: list[Finding]) -> None:
    """The disposisi inputs of a new web-desk post (note, when the request arrived), read by CI once."""
    f = str(post.path)
    v = post.meta.get(STEP_FIELD)
    if v is None:
        return
    if not isinstance(v, dict):
        out.append(error(f, post.line(STEP_FIELD), "SKEMA-TIPE",
                         f"'{STEP_FIELD}' harus berupa pemetaan (catatan, mulai), bukan {type_name(v)}"))
        return
    note = v.get("catatan")
    if note is not None and not is_text(note):
        out.append(error(f, post.line(STEP_FIELD, "catatan"), "SKEMA-TIPE",
                         f"'{STEP_FIELD}.catatan' harus berupa teks, bukan {type_name(note)}"))
    if v.get("mulai") is not None:
        problem = time_problem(v["mulai"])
        if problem:
            out.append(error(f, post.line(STEP_FIELD, "mulai"), "SKEMA-WAKTU", f"'{STEP_FIELD}.mulai' {problem}"))
    for key in v:
        if key not in ("catatan", "mulai"):
            out.append(warning(f, post.line(STEP_FIELD, key), "SKEMA-KUNCI",
                               f"kunci '{key}' pada {STEP_FIELD} tidak dikenal (yang dikenal: catatan, mulai)"))


def _check_platforms(ctx: CheckContext, post: Post, out: list[Finding]) -> None:
    v = _required_list(post, "platform", "daftar, contoh [instagram, x]", "sebutkan minimal satu platform", out)
    if v is None:
        return
    f = str(post.path)
    seen: set[str] = set()
    for i, p in enumerate(v):
        if not is_text(p):
            out.append(error(f, post.line("platform", i), "SKEMA-TIPE",
                             f"platform ke-{i + 1} harus berupa teks, bukan {type_name(p)}"))
        elif p not in ctx.platforms:
            out.append(error(f, post.line("platform", i), "SKEMA-PLATFORM",
                             f"platform '{p}' tidak dikenal (pilihan: {_choices(ctx.platforms)})"))
        elif p in seen:
            out.append(warning(f, post.line("platform", i), "SKEMA-PLATFORM-GANDA",
                               f"platform '{p}' disebut lebih dari sekali"))
        else:
            seen.add(p)


def _check_media_shape(post: Post, out: list[Finding]) -> None:
    v = _typed(post, "media", list, "SKEMA-MEDIA", "daftar", out)
    f = str(post.path)
    if v is None:
        return
    for i, item in enumerate(v):
        n = i + 1
        if not isinstance(item, dict):
            out.append(error(f, post.line("media", i), "SKEMA-MEDIA",
                             f"media ke-{n} harus berupa pemetaan {{berkas: ..., alt: ...}}, bukan {type_name(item)}"))
            continue
        file_name = item.get("berkas")
        if file_name is None:
            out.append(error(f, post.line("media", i), "SKEMA-MEDIA", f"media ke-{n} tidak memiliki 'berkas'"))
        elif not is_text(file_name) or not file_name.strip():
            out.append(error(f, post.line("media", i, "berkas"), "SKEMA-MEDIA",
                             f"'berkas' media ke-{n} harus berupa nama berkas, bukan {type_name(file_name)}"))
        alt = item.get("alt")
        if alt is not None and not is_text(alt):
            out.append(error(f, post.line("media", i, "alt"), "SKEMA-TIPE",
                             f"'alt' media ke-{n} harus berupa teks, bukan {type_name(alt)}"))
        for key in item:
            if key not in MEDIA_KEYS:
                out.append(warning(f, post.line("media", i, key), "SKEMA-KUNCI",
                                   f"kunci '{key}' pada media ke-{n} tidak dikenal (yang dikenal: berkas, alt)"))


def _check_legal_document(post: Post, out: list[Finding]) -> None:
    v = _typed(post, "dokumen_hukum", dict, "SKEMA-DOKUMEN", "pemetaan (jenis, nomor, tahun, judul, tautan)", out)
    f = str(post.path)
    if v is None:
        return
    for key in LEGAL_DOCUMENT_REQUIRED:
        if v.get(key) is None:
            out.append(error(f, post.line("dokumen_hukum"), "SKEMA-DOKUMEN",
                             f"'dokumen_hukum' tidak memiliki '{key}'"))
    for key in ("jenis", "judul"):
        val = v.get(key)
        if val is not None and (not is_text(val) or not val.strip()):
            out.append(error(f, post.line("dokumen_hukum", key), "SKEMA-DOKUMEN",
                             f"'dokumen_hukum.{key}' harus berupa teks, bukan {type_name(val)}"))
    number = v.get("nomor")
    if number is not None and (isinstance(number, bool) or not isinstance(number, str | int)):
        out.append(error(f, post.line("dokumen_hukum", "nomor"), "SKEMA-DOKUMEN",
                         f"'dokumen_hukum.nomor' harus berupa teks atau angka, bukan {type_name(number)}"))
    year = v.get("tahun")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= 2100):
        out.append(error(f, post.line("dokumen_hukum", "tahun"), "SKEMA-DOKUMEN",
                         f"'dokumen_hukum.tahun' harus tahun antara 1945 dan 2100, bukan {year!r}"))
    link = v.get("tautan")
    if link is not None and not is_url(link):
        out.append(error(f, post.line("dokumen_hukum", "tautan"), "SKEMA-DOKUMEN",
                         "'dokumen_hukum.tautan' harus berupa alamat http(s)"))
    for key in v:
        if key not in LEGAL_DOCUMENT_KEYS:
            out.append(warning(f, post.line("dokumen_hukum", key), "SKEMA-KUNCI",
                               f"kunci '{key}' pada dokumen_hukum tidak dikenal (yang dikenal: "
                               f"{', '.join(LEGAL_DOCUMENT_KEYS)})"))


def _check_texts(ctx: CheckContext, post: Post, out: list[Finding]) -> None:
    _check_platform_map(post, "teks", "teks", "SKEMA-TEKS", "'teks'", out, is_text, "SKEMA-TIPE",
                        lambda platform, val: f"'teks.{platform}' harus berupa teks, bukan {type_name(val)}")


def _check_history_shape(ctx: CheckContext, post: Post, out: list[Finding]) -> None:
    v = _required_list(post, "riwayat", "daftar", "minimal ada entri disposisi", out)
    if v is None:
        return
    f = str(post.path)
    for i, item in enumerate(v):
        n = i + 1
        if not isinstance(item, dict):
            out.append(error(f, post.line("riwayat", i), "SKEMA-RIWAYAT",
                             f"entri riwayat ke-{n} harus berupa pemetaan {{status, oleh, waktu}}, "
                             f"bukan {type_name(item)}"))
            continue
        for key in HISTORY_REQUIRED:
            if item.get(key) is None:
                out.append(error(f, post.line("riwayat", i), "SKEMA-RIWAYAT",
                                 f"entri riwayat ke-{n} tidak memiliki '{key}'"))
        _check_known(post, ("riwayat", i, "status"), item.get("status"), ctx.sop.states,
                     f"status entri riwayat ke-{n} harus berupa teks", "SKEMA-STATUS",
                     f"status '{{value}}' pada entri riwayat ke-{n} tidak dikenal (pilihan: {{choices}})", out)
        _check_known(post, ("riwayat", i, "oleh"), item.get("oleh"), ctx.people.by_id,
                     f"'oleh' entri riwayat ke-{n} harus berupa id orang", "SKEMA-ORANG",
                     f"'{{value}}' pada entri riwayat ke-{n} tidak terdaftar di sop/peran.yml (terdaftar: {{choices}})",
                     out)
        for key in ("waktu", "mulai"):
            if item.get(key) is not None:
                problem = time_problem(item[key])
                if problem:
                    out.append(error(f, post.line("riwayat", i, key), "SKEMA-WAKTU",
                                     f"'{key}' entri riwayat ke-{n} {problem}"))
        note = item.get("catatan")
        if note is not None and not is_text(note):
            out.append(error(f, post.line("riwayat", i, "catatan"), "SKEMA-TIPE",
                             f"'catatan' entri riwayat ke-{n} harus berupa teks, bukan {type_name(note)}"))


def _check_known(post: Post, where: tuple[Any, ...], value: Any, known: Collection[str], mistyped: str, code: str,
                 unknown: str, out: list[Finding]) -> None:
    """An optional ``value`` (at ``where``) that must be text (else ``mistyped``, "bukan <type>") among ``known``
    (else ``code``: ``unknown`` filled with the value and the known choices)."""
    if value is None:
        return
    if not is_text(value):
        out.append(error(str(post.path), post.line(*where), "SKEMA-TIPE", f"{mistyped}, bukan {type_name(value)}"))
    elif value not in known:
        out.append(error(str(post.path), post.line(*where), code,
                         unknown.format(value=value, choices=_choices(known))))


def _check_links_shape(ctx: CheckContext, post: Post, out: list[Finding]) -> None:
    _check_platform_map(post, "tautan", "alamat", "TAUTAN-PLATFORM", "tautan", out, is_url, "TAUTAN-URL",
                        lambda platform, url: f"tautan '{platform}' harus berupa alamat http(s), bukan {url!r}"[:300])
