"""What a save from the editor may change: the editor-owned keys, laid over the latest file.

Decap re-serialises the whole front matter it saves (key order, list style, folding, quoting),
so its text is never written as is. The desk reads the values out of what Decap sent, keeps
only the keys the editor owns (every key of :data:`jdih.post.KEY_ORDER` except the SOP's
own ``status``, ``riwayat`` and ``tautan``), and lays them over the latest version of the file,
which :func:`jdih.post.render_post` writes in the project's canonical form. A value that did
not change keeps the object read from the latest file, so an unchanged post is written back
byte for byte.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..clock import WIB
from ..errors import PostFormatError, UsageError
from ..gitflow.compare import SOP_FIELDS
from ..post import KEY_ORDER, parse_post, parse_time, render_post
from ..schema import LEGAL_DOCUMENT_KEYS, MEDIA_KEYS

# Keys only the SOP machinery writes (steps, publishing): never taken from the editor.
SOP_OWNED = SOP_FIELDS  # `periksa --dasar` checks the same fields (jdih.gitflow.compare)
EDITOR_KEYS = tuple(k for k in KEY_ORDER if k not in SOP_OWNED)
# Form-only key: the disposisi note and the time the request arrived, read on a new entry only.
STEP_FIELD = "langkah"
TIME_KEYS = ("jadwal", "tenggat")


def parse_raw(raw: str, where: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of the text Decap sent, or a PostFormatError naming ``where``."""
    post = parse_post(Path(where), raw)
    return post.meta, post.body


def _time(value: Any, key: str) -> datetime | None:
    """A form time as an aware datetime in WIB (the office's zone, whatever the browser's was)."""
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"isian '{key}' bukan tanggal dan jam yang sah: {value!r}") from None
    if not isinstance(value, datetime):
        raise UsageError(f"isian '{key}' bukan tanggal dan jam yang sah")
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return value.astimezone(WIB).replace(microsecond=0)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UsageError(f"isian berisi nilai yang bukan teks: {value!r}")
    text = str(value)
    return text if text.strip() else None


def _words(value: Any) -> list[str] | None:
    if value in (None, "", []):
        return None
    items = value if isinstance(value, list) else [value]
    out = [t for t in (_text(v) for v in items) if t]
    return list(dict.fromkeys(s.strip() for s in out)) or None


def _media(value: Any) -> list[dict[str, Any]] | None:
    if not value:
        return None
    if not isinstance(value, list):
        raise UsageError("isian 'media' harus berupa daftar gambar")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise UsageError("setiap gambar di 'media' harus berisi berkas dan teks alternatif")
        file_name = _text(item.get("berkas"))
        if not file_name:
            continue
        entry: dict[str, Any] = {"berkas": file_name.strip().lstrip("./")}
        alt = _text(item.get("alt"))
        entry["alt"] = alt.strip() if alt else ""
        out.append({k: entry[k] for k in MEDIA_KEYS if k in entry})
    return out or None


def _mapping(value: Any, keys: tuple[str, ...] | None) -> dict[str, Any] | None:
    if not value:
        return None
    if not isinstance(value, dict):
        raise UsageError("isian bertingkat harus berupa pemetaan")
    out: dict[str, Any] = {}
    for k, v in value.items():
        if keys is not None and k not in keys:
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            out[str(k)] = v
            continue
        text = _text(v)
        if text is not None:
            out[str(k)] = text
    return out or None


def editor_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The editor-owned values of a form or a sent file, normalised; empty optional fields are absent."""
    out: dict[str, Any] = {}
    for key in EDITOR_KEYS:
        value = data.get(key)
        if key in TIME_KEYS:
            norm: Any = _time(value, key)
        elif key in ("platform", "tag"):
            norm = _words(value)
        elif key == "media":
            norm = _media(value)
        elif key == "dokumen_hukum":
            norm = _mapping(value, LEGAL_DOCUMENT_KEYS)
            if norm and isinstance(norm.get("tahun"), str) and norm["tahun"].strip().isdigit():
                norm["tahun"] = int(norm["tahun"])
        elif key == "teks":
            norm = _mapping(value, None)
        else:
            text = _text(value)
            norm = text.strip() if text is not None and key != "judul" else text
            if key == "judul" and norm is not None:
                norm = " ".join(norm.split())
        if norm is not None:
            out[key] = norm
    return out


def _same(old: Any, new: Any, key: str) -> bool:
    if key in TIME_KEYS:
        return parse_time(old) == new
    try:
        return bool(editor_fields({key: old}).get(key) == new)
    except UsageError:
        return False


def body_of(text: str) -> str:
    """The caption as the editor's plain text widget sent it, with the file's single final newline."""
    text = text.replace("\r\n", "\n").lstrip("\n")
    return text.rstrip("\n") + "\n" if text.strip() else ""


def overlay(latest_meta: dict[str, Any], latest_body: str, sent: dict[str, Any], sent_body: str) -> str:
    """The new ``index.md``: ``latest_meta`` with the editor's keys from ``sent``, canonical form."""
    fields = editor_fields(sent)
    meta: dict[str, Any] = {}
    for key, old in latest_meta.items():
        if key not in EDITOR_KEYS:
            meta[key] = old
        elif key in fields:
            meta[key] = old if _same(old, fields[key], key) else fields[key]
    for key, value in fields.items():
        meta.setdefault(key, value)
    body = body_of(sent_body)
    if body.strip() == latest_body.strip():
        body = latest_body
    return render_post(meta, body)


def step_inputs(sent: dict[str, Any]) -> tuple[str | None, datetime | None]:
    """(note, request time) that the Kasubbag typed into the SOP panel of a new entry."""
    panel = sent.get(STEP_FIELD)
    if isinstance(panel, str):  # the panel widget keeps its value as a JSON string
        import json

        try:
            panel = json.loads(panel)
        except ValueError:
            panel = None
    if not isinstance(panel, dict):
        return None, None
    note = _text(panel.get("catatan"))
    return (note.strip() if note else None), _time(panel.get("mulai"), "mulai")


def require_post(meta: dict[str, Any], where: str) -> None:
    """Refuse a sent file without a title: Decap would otherwise create an empty post."""
    if not _text(meta.get("judul")):
        raise PostFormatError("judul konten wajib diisi", file=where)
