"""Make a Pagefind bundle reproducible and lean.

Pagefind writes the values of each filter in hash-map order, which changes from run to run, so
two indexes of the same documents differ in their filter chunks, in the metadata that names
those chunks by hash and in ``pagefind-entry.json`` that names the metadata. Here the filter
chunks are rewritten with their values sorted, renamed after their new content, and the
metadata and entry file are updated to match: the same documents then always give the same
bytes, so a part rebuilt alone equals the same part of a clean build.

The files are gzip-compressed CBOR after the 12-byte signature ``pagefind_dcd``; only the small
subset of CBOR that Pagefind writes (unsigned and negative integers, byte and text strings,
arrays, maps, booleans and null) is handled.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

from ..errors import JdihError

SIGNATURE = b"pagefind_dcd"
# Files of Pagefind's own UIs: our search page uses only the JavaScript API.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def is_engine(name: str) -> bool:
    """Is this top-level bundle file Pagefind's engine (script, worker, WebAssembly)?

    A merged (non-primary) index needs only its entry, metadata and chunks."""
    return name in ("pagefind.js", "pagefind-worker.js") or name.startswith("wasm.")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for code, fmt, limit in ((24, ">B", 0xFF), (25, ">H", 0xFFFF), (26, ">I", 0xFFFFFFFF)):
        if n <= limit:
            return bytes([major << 5 | code]) + struct.pack(fmt, n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)


def encode(value: Any) -> bytes:
    """CBOR of ``value`` with the shortest integer and length forms (what Pagefind writes)."""
    if value is False or value is True or value is None:
        return bytes([{False: 0xF4, True: 0xF5, None: 0xF6}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode()
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise TypeError(f"CBOR: jenis nilai tidak didukung: {type(value).__name__}")


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """One CBOR item of ``data`` at ``i``; returns it and the offset after it."""
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"CBOR: panjang tak tentu tidak didukung (bita {i - 1})")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        raw = data[i : i + n]
        return (raw.decode() if major == 3 else bytes(raw)), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, i = decode(data, i)
            mapping[key], i = decode(data, i)
        return mapping, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"CBOR: jenis {major}/{info} tidak didukung")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: tanda tangan Pagefind tidak ada")
    value, _ = decode(raw, len(SIGNATURE))
    return value


def _write(folder: Path, prefix: str, suffix: str, digits: int, value: Any) -> str:
    """Write ``value`` compressed (no timestamp) under a name made of its content's hash."""
    raw = SIGNATURE + encode(value)
    name = f"{prefix}{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def canonicalize(bundle: Path) -> None:
    """Rewrite ``bundle`` (a finished Pagefind output folder) so that it depends only on its documents."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        for lang, info in entry["languages"].items():
            meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read(meta_file)
            renamed: list[list[str]] = []
            for name, chunk_hash in meta[3]:
                chunk_file = bundle / "filter" / f"{chunk_hash}.pf_filter"
                filt_name, values = _read(chunk_file)
                chunk_file.unlink()
                new = _write(chunk_file.parent, f"{lang}_", ".pf_filter", 7, [filt_name, sorted(values)])
                renamed.append([name, new])
            meta[3] = sorted(renamed)
            meta_file.unlink()
            info["hash"] = _write(bundle, f"pagefind.{lang}_", ".pf_meta", 10, meta).removeprefix("pagefind.")
        (bundle / "pagefind-entry.json").write_text(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise JdihError(f"bundel Pagefind tidak terbaca di {bundle}: {exc}") from None
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
