"""A save from the editor keeps the SOP's fields and the file's form exactly (jdih.desk.entry)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from helpers import REPO
from jdih.desk.entry import EDITOR_KEYS, SOP_OWNED, editor_fields, overlay, step_inputs
from jdih.post import iter_post_files, read_post

SAMPLES = list(iter_post_files(REPO / "content"))


def decap_rewrite(meta: dict, body: str) -> tuple[dict, str]:
    """What Decap sends back: every key re-serialised its own way, read back as values.

    Decap reorders keys, turns flow lists into block lists, folds long strings at 80 columns,
    writes dates as strings and drops the blank line after the front matter.
    """
    text = yaml.safe_dump(
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in reversed(list(meta.items()))},
        default_flow_style=False, width=80, allow_unicode=True,
    )
    sent = yaml.safe_load(text)
    return sent, body.lstrip("\n")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_a_save_without_changes_is_byte_identical(path: Path) -> None:
    post = read_post(path)
    sent, body = decap_rewrite(post.meta, post.body)
    assert overlay(post.meta, post.body, sent, body) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SAMPLES[:3], ids=lambda p: p.parent.name)
def test_sop_fields_sent_by_the_editor_are_ignored(path: Path) -> None:
    post = read_post(path)
    sent, body = decap_rewrite(post.meta, post.body)
    sent["status"] = "disetujui"
    sent["riwayat"] = []
    sent["tautan"] = {"x": "https://x.com/a/status/1"}
    sent["judul"] = "Judul baru"
    new = overlay(post.meta, post.body, sent, body)
    original = path.read_text(encoding="utf-8")
    changed = [line for line in new.splitlines() if line not in original.splitlines()]
    assert changed == ["judul: Judul baru"]


def test_hashtag_caption_and_wib_schedule() -> None:
    meta = {"judul": "A", "status": "draf", "kategori": "pengumuman", "platform": ["x"], "riwayat": []}
    sent = {**meta, "jadwal": "2026-11-24T02:00:00+00:00"}
    text = overlay(meta, "", sent, "#PemilihPemula\n\n- satu\n")
    assert "jadwal: 2026-11-24T09:00:00+07:00" in text
    assert text.endswith("---\n\n#PemilihPemula\n\n- satu\n")


def test_editor_keys_exclude_the_sop_owned_ones() -> None:
    assert not set(SOP_OWNED) & set(EDITOR_KEYS)
    assert editor_fields({"status": "x", "judul": "  A  B ", "tag": ["", "a", "a"]}) == {"judul": "A B", "tag": ["a"]}


def test_disposisi_panel_inputs() -> None:
    note, started_at = step_inputs({"langkah": '{"catatan": " Buat konten ", "mulai": "2026-11-23T07:50"}'})
    assert note == "Buat konten"
    assert started_at is not None and started_at.isoformat() == "2026-11-23T07:50:00+07:00"
