"""The lead's core: post parse/render round trip and the state machine's refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers import NOW, T0, WIB, history_meta, make_post
from jdih.errors import PostFormatError, TransitionError
from jdih.post import parse_post, read_post, render_post, write_post
from jdih.workflow import apply_transition


def test_round_trip_is_stable(project):
    path = make_post(project, "bolak-balik", status="diumumkan", seri="Istilah Pemilu",
                     dokumen_hukum={"jenis": "Peraturan KPU", "nomor": "8", "tahun": 2024, "judul": "Pencalonan"},
                     teks={"x": "Halo: #pemilu"}, jadwal=datetime(2026, 11, 16, 8, 20, tzinfo=WIB))
    first = path.read_text()
    post = read_post(path)
    write_post(path, post.meta, post.body)
    assert path.read_text() == first
    again = read_post(path)
    assert again.meta == post.meta and again.body == post.body
    assert again.schedule == datetime(2026, 11, 16, 8, 20, tzinfo=WIB)
    assert first.startswith("---\njudul: Judul bolak-balik\nstatus: diumumkan\nkategori: rutin-edukasi\nseri:")
    assert "platform: [instagram, facebook, x]\n" in first


def test_lines_point_at_keys(project):
    text = render_post({"judul": "A", "status": "draf", "riwayat": [{"status": "disposisi", "oleh": "rahmat",
                                                                      "waktu": T0}]}, "Isi\n")
    post = parse_post(project.content_dir / "2026" / "a" / "index.md", text)
    lines = text.splitlines()
    status_line, by_line = post.line("status"), post.line("riwayat", 0, "oleh")
    assert status_line is not None and by_line is not None
    assert lines[status_line - 1] == "status: draf"
    assert lines[by_line - 1].strip() == "oleh: rahmat"
    assert post.line("tidak", "ada") is None
    assert lines[post.body_line - 1 + 1] == "Isi"  # body starts after the blank separator line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("judul: a\n", "berkas tidak diawali blok front matter '---'"),
        ("---\njudul: a\n", "blok front matter tidak ditutup dengan '---'"),
        ("---\n[1, 2]\n---\n", "front matter harus berupa pemetaan kunci: nilai"),
        ("---\na\x00b\n---\n", "berkas berisi data biner, bukan teks Markdown"),
    ],
)
def test_parse_refusals(project, text, message):
    with pytest.raises(PostFormatError) as info:
        parse_post(project.root / "x.md", text)
    assert info.value.message == message


def test_caption_override_and_accessors(project):
    path = make_post(project, "teks", status="diumumkan", body="Isi umum\n", teks={"x": " Khusus X "})
    post = read_post(path, project.content_dir)
    assert post.caption("x") == "Khusus X" and post.caption("facebook") == "Isi umum"
    assert post.id == "2026/teks" and post.first_entered(project.sop.published_states) == T0 + timedelta(minutes=25)
    assert post.first_entered([project.sop.initial_state]) == T0 and post.first_entered([]) is None


def test_apply_transition_refusals(project):
    meta = history_meta(project, ["disposisi", "draf"])
    with pytest.raises(TransitionError, match=r"SOP tidak mengizinkan perpindahan 'draf' → 'disetujui'"):
        apply_transition(project.sop, project.people, meta, "disetujui", "rahmat", NOW)
    with pytest.raises(TransitionError, match="tidak berwenang"):
        apply_transition(project.sop, project.people, meta, "sunting", "rahmat", NOW)
    with pytest.raises(TransitionError, match=r"tidak terdaftar di sop/peran\.yml"):
        apply_transition(project.sop, project.people, meta, "sunting", "budi", NOW)
    with pytest.raises(TransitionError, match="zona waktu"):
        apply_transition(project.sop, project.people, meta, "sunting", "dwi", datetime(2026, 11, 24, 9, 0))
    with pytest.raises(TransitionError, match=r"tidak boleh sebelum/sama dengan"):
        apply_transition(project.sop, project.people, meta, "sunting", "dwi", T0)
    with pytest.raises(TransitionError, match="tidak dikenal dalam SOP"):
        apply_transition(project.sop, project.people, meta, "terbit", "dwi", NOW)
    done = history_meta(project, ["disposisi", "dibatalkan"])
    with pytest.raises(TransitionError, match="sudah final"):
        apply_transition(project.sop, project.people, done, "draf", "siti", NOW)


def test_apply_transition_appends_and_never_mutates(project):
    meta = history_meta(project, ["disposisi", "draf"])
    snapshot = repr(meta)
    new = apply_transition(project.sop, project.people, meta, "sunting", "dwi", NOW, "draf siap")
    assert repr(meta) == snapshot
    assert new["status"] == "sunting"
    assert new["riwayat"][-1] == {"status": "sunting", "oleh": "dwi", "waktu": NOW, "catatan": "draf siap"}
