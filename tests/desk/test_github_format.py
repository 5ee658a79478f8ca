"""The Decap format of the GitHub admin page (``format-konten.js``), run in node on every sample post.

In GitHub mode Decap writes through the GitHub API from the browser, so the guarantee of the local
desk's server (:func:`jdih.desk.entry.overlay`) must come from this format: the saved text must be
what the project's writer makes of the same edit, and the SOP's own fields keep their bytes.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, WIB
from jdih.desk.entry import overlay
from jdih.post import parse_post, render_post

FORMAT = REPO / "scripts" / "jdih" / "desk_assets" / "format-konten.js"
HARNESS = Path(__file__).parent / "js" / "format_harness.js"
JS_YAML = REPO / "desk" / "node_modules" / "js-yaml"
SAMPLES = sorted((REPO / "content").glob("*/*/index.md"))


def run_format(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each case through fromFile, the edits, and toFile in node."""
    node = shutil.which("node")
    if node is None or not JS_YAML.is_dir():
        pytest.fail("node dan desk/node_modules/js-yaml diperlukan: jalankan bash scripts/setup_env.sh")
    payload = json.dumps({"yaml": str(JS_YAML), "format": str(FORMAT), "cases": cases})
    done = subprocess.run([node, str(HARNESS)], input=payload, capture_output=True, text=True, check=True)
    results: list[dict[str, Any]] = json.loads(done.stdout)
    for case, result in zip(cases, results, strict=True):
        assert "error" not in result, (case, result)
    return results


def python_writer(text: str, data: dict[str, Any]) -> str:
    """What the local desk's server writes for the same form data (the project's own writer)."""
    latest = parse_post(Path("index.md"), text)
    return overlay(latest.meta, latest.body, data, str(data.get("body") or ""))


def changed_lines(a: str, b: str) -> list[str]:
    return [line for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line[:1] in "+-"]


def test_every_sample_post_saved_unchanged_is_byte_identical() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    assert len(texts) >= 20
    for path, text, result in zip(SAMPLES, texts, run_format([{"text": t} for t in texts]), strict=True):
        assert result["out"] == text, path
        assert python_writer(text, result["data"]) == text, path


def test_a_new_title_changes_only_the_title_line() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    cases = [{"text": t, "set": {"judul": "Judul Baru: Pemilu #2029 'Serentak'"}} for t in texts]
    for path, text, result in zip(SAMPLES, texts, run_format(cases), strict=True):
        title_line = next(line for line in text.splitlines() if line.startswith("judul:"))
        assert changed_lines(text, result["out"]) == [
            f"- {title_line}",
            "+ judul: 'Judul Baru: Pemilu #2029 ''Serentak'''",
        ], path
        assert result["out"] == python_writer(text, result["data"]), path


def test_a_hashtag_caption_stays_unescaped() -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    caption = "Ayo cek DPT! #PemilihPemula #JDIHKPU\n\nBaris kedua # bukan judul\n"
    [result] = run_format([{"text": text, "set": {"body": caption}}])
    assert result["out"].endswith("---\n\n" + caption)
    assert "\\#" not in result["out"]
    assert result["out"] == python_writer(text, result["data"])
    head = result["out"].split("\n---\n", 1)[0]
    assert head == text.split("\n---\n", 1)[0]  # the front matter is untouched


EDITS: list[dict[str, Any]] = [
    {"set": {"platform": ["x", "instagram", "x"], "tag": [" pemilu ", "dpt"]}},
    {"set": {"jadwal": "2026-12-01T02:30:00Z", "tenggat": "2026-11-30T17:00:00+07:00"}},
    {"set": {"seri": "Tahukah Kamu?"}, "unset": ["tag"]},
    {"set": {"seri": ""}},
    {"set": {"media": [{"berkas": "./baru.png", "alt": "  Gambar: baru  "}]}},
    {"set": {"dokumen_hukum": {"jenis": "PKPU", "nomor": "8", "tahun": "2024", "judul": "Pencalonan", "tautan": ""}}},
    {"set": {"teks": {"x": "Satu baris #JDIH", "instagram": "Baris 1\n\nBaris 3 #Pemilu\n"}}},
    {"set": {"teks": {"x": "yes"}, "kategori": "  pengumuman  "}},
    {"set": {"judul": "  Dua   spasi\tdan tab  "}},
    {"set": {"body": "Baru sekali: 100% ✓ 🗳️ {kurung} [siku] - awal\n"}},
    {"set": {"status": "disetujui", "riwayat": [], "tautan": {"x": "https://contoh.invalid"}}},
]


@pytest.mark.parametrize("edit", EDITS, ids=[",".join(e.get("set", {})) for e in EDITS])
def test_edits_match_the_python_writer_and_keep_the_sop_fields(edit: dict[str, Any]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    results = run_format([{"text": t, **edit} for t in texts])
    for path, text, result in zip(SAMPLES, texts, results, strict=True):
        assert result["out"] == python_writer(text, result["data"]), path
        old, new = parse_post(path, text), parse_post(path, result["out"])
        for key in ("status", "riwayat", "tautan"):
            assert new.meta.get(key) == old.meta.get(key), (path, key)
            assert sop_text(result["out"], key) == sop_text(text, key), (path, key)


def sop_text(text: str, key: str) -> str:
    """The lines of one top-level key of the front matter."""
    out: list[str] = []
    inside = False
    for line in text.split("\n---\n", 1)[0].splitlines():
        if line and not line.startswith((" ", "- ")):
            inside = line.startswith(f"{key}:")
        if inside:
            out.append(line)
    return "\n".join(out)


NEW_ENTRY: dict[str, Any] = {
    "judul": "Pemilih Pemula",
    "kategori": "rutin-edukasi",
    "platform": ["instagram", "x"],
    "body": "Cek DPT #PemilihPemula\n",
    "langkah": {"catatan": "Buat konten DPT\nuntuk pemilih pemula: 'segera'", "mulai": "2026-11-23T00:45:00Z"},
    # Typed into the form data by hand: a new file never carries the SOP's own fields.
    "status": "disetujui",
    "riwayat": [{"status": "disposisi", "oleh": "rahmat", "waktu": "2026-11-23T08:00:00+07:00"}],
}


def test_a_new_entry_carries_its_disposisi_inputs_and_no_sop_field() -> None:
    """Decap creates a file with toFile alone: the disposisi group is written (CI reads it at the merge)."""
    [result] = run_format([{"text": "", "set": NEW_ENTRY}])
    post = parse_post(Path("index.md"), result["out"])
    assert "status" not in post.meta and "riwayat" not in post.meta
    assert post.meta["langkah"] == {
        "catatan": "Buat konten DPT\nuntuk pemilih pemula: 'segera'",
        "mulai": datetime(2026, 11, 23, 7, 45, tzinfo=WIB),
    }
    expected = {k: post.meta[k] for k in ("judul", "kategori", "platform")} | {"langkah": post.meta["langkah"]}
    assert result["out"] == render_post(expected, "Cek DPT #PemilihPemula\n")  # the project's own writer


def test_the_disposisi_inputs_are_never_rewritten_after_creation() -> None:
    [created] = run_format([{"text": "", "set": NEW_ENTRY}])
    later = {"langkah": {"catatan": "diubah staf", "mulai": "2026-11-20T00:00:00Z"}, "body": "Draf baru\n"}
    [saved] = run_format([{"text": created["out"], "set": later}])
    assert sop_text(created["out"], "langkah").startswith("langkah:\n  catatan: |-")
    assert sop_text(saved["out"], "langkah") == sop_text(created["out"], "langkah")
    assert saved["out"].endswith("\nDraf baru\n")
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES[:5]]
    for text, result in zip(texts, run_format([{"text": t, "set": {"langkah": later["langkah"]}} for t in texts]),
                            strict=True):
        assert result["out"] == text  # an existing post never gets them
