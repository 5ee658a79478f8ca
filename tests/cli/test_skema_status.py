"""``jdih skema`` (JSON Schema from the SOP data) and ``jdih status`` (who holds what, how late)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import jsonschema
import pytest
from click.testing import CliRunner

from helpers import NOW, REPO, make_post
from jdih.cli import cli
from jdih.post import load_posts, read_post
from jdih.project import Project
from jdih.schema import front_matter_schema
from jdih.status_table import LATE, build_status, holder_text
from support.checking import edit


def _as_json(meta):
    return json.loads(json.dumps(meta, default=lambda v: v.isoformat() if isinstance(v, date | datetime) else str(v)))


@pytest.fixture
def invoke(project, monkeypatch):
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("JDIH_SEKARANG", NOW.isoformat())
    return lambda *a: CliRunner().invoke(cli, ["--proyek", str(project.root), *a], catch_exceptions=False)


def test_schema_is_valid_2020_12_with_enums_from_the_sop(project):
    schema = front_matter_schema(project)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert props["status"]["enum"] == list(project.sop.states)
    assert props["kategori"]["enum"] == list(project.sop.categories)
    assert props["platform"]["items"]["enum"] == list(project.platforms)
    assert props["riwayat"]["items"]["properties"]["oleh"]["enum"] == list(project.people.by_id)
    assert schema["required"] == ["judul", "status", "kategori", "platform", "riwayat"]


def test_schema_accepts_valid_posts_and_rejects_bad_ones(project):
    validator = jsonschema.Draft202012Validator(front_matter_schema(project))
    good = read_post(make_post(project, "baik", status="diumumkan", jadwal=NOW - timedelta(days=9))).meta
    assert list(validator.iter_errors(_as_json(good))) == []
    bad = dict(good, status="terbit", jadwal=date(2026, 11, 1))
    bad["riwayat"] = [*good["riwayat"], {"status": "diumumkan", "oleh": "budi", "waktu": "2026-11-16 08:00"}]
    messages = sorted(e.json_path for e in validator.iter_errors(_as_json(bad)))
    assert messages == ["$.jadwal", "$.riwayat[7].oleh", "$.riwayat[7].waktu", "$.status"]


def test_the_sample_content_validates_against_the_schema():
    project = Project(REPO)
    validator = jsonschema.Draft202012Validator(front_matter_schema(project))
    posts, errors = load_posts(project.content_dir)
    assert errors == []
    for post in posts:
        assert [e.message for e in validator.iter_errors(_as_json(post.meta))] == [], post.id


def test_skema_command_prints_and_writes(project, invoke):
    res = invoke("skema")
    assert res.exit_code == 0
    assert json.loads(res.output)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    res = invoke("skema", "-o", ".jdih/skema.json")
    assert res.output == "Skema ditulis ke .jdih/skema.json.\n"
    assert json.loads((project.root / ".jdih" / "skema.json").read_text()) == front_matter_schema(project)


def test_status_rows_holders_and_lateness(project):
    make_post(project, "baru", status="disposisi", start=NOW - timedelta(minutes=30))
    make_post(project, "lama", status="persetujuan", start=NOW - timedelta(days=1))
    make_post(project, "selesai", status="diumumkan")
    make_post(project, "batal", states=["disposisi", "dibatalkan"])
    posts, _ = load_posts(project.content_dir)
    table = build_status(project, posts, NOW)
    assert [(r.id, r.status, r.description) for r in table.rows] == [
        ("2026/baru", "disposisi", ""),
        ("2026/lama", "persetujuan", LATE),
    ]
    assert table.counts["diumumkan"] == 1 and table.counts["dibatalkan"] == 1 and table.late == 1
    late = table.rows[1]
    assert late.run is not None and late.run.step.number == 5
    assert late.holder == "Kasubbag Hukum dan SDM: Rahmat Hidayat, S.H."
    assert len(build_status(project, posts, NOW, show_all=True).rows) == 4


def test_holder_names_who_already_worked_on_it_first(project):
    path = make_post(project, "perbaikan", status="perbaikan", start=NOW - timedelta(hours=1))
    edit(path, lambda m: m["riwayat"][2].update(oleh="rizky"))
    assert holder_text(project, read_post(path)) == ("Pelaksana/Pengelola JDIH: Muhammad Rizky, Dwi Lestari, A.Md.")


def test_status_command_output(project, invoke):
    make_post(project, "tertahan", status="sunting", start=NOW - timedelta(hours=2), judul="Istilah Pemilu: TPS")
    make_post(project, "terjadwal", status="disetujui", start=NOW - timedelta(hours=1),
              jadwal=NOW + timedelta(days=1))
    make_post(project, "selesai", status="diumumkan")
    res = invoke("status")
    assert res.exit_code == 0
    assert res.output.splitlines() == [
        "== Sunting (sunting): 1 konten; pemegang: Staf Sub Bagian Hukum dan SDM",
        "  2026/tertahan                            langkah 4 (Memperbaiki, mengoreksi...): 1 jam 50 menit / norma "
        "30 menit  TERLAMBAT",
        "      Istilah Pemilu: TPS",
        "      pemegang: Siti Nurhaliza, S.H., Muhammad Rizky",
        "",
        "== Disetujui (disetujui): 1 konten; pemegang: Pelaksana/Pengelola JDIH",
        "  2026/terjadwal                           -  menunggu jadwal 25 November 2026 10.00 WIB",
        "      Judul terjadwal",
        "      pemegang: Dwi Lestari, A.Md., Muhammad Rizky",
        "",
        "Jumlah: 3 konten, 1 terlambat; selesai: diumumkan 1, dibatalkan 0 (pakai --semua untuk daftarnya).",
    ]
    data = json.loads(invoke("status", "--format", "json").output)
    assert data["jumlah"]["diumumkan"] == 1
    assert data["konten"][0] | {"pemegang": None} == {
        "id": "2026/tertahan", "judul": "Istilah Pemilu: TPS", "status": "sunting", "pemegang": None, "langkah": 4,
        "menit_kerja": 110, "norma_menit": 30, "terlambat": True, "keterangan": LATE, "cabang": None,
        "pengingat_berikutnya": None}


def test_status_with_no_running_posts(project, invoke):
    make_post(project, "selesai", status="diumumkan")
    assert invoke("status").output.splitlines() == [
        "Tidak ada konten yang sedang berjalan.",
        "Jumlah: 1 konten, 0 terlambat; selesai: diumumkan 1, dibatalkan 0 (pakai --semua untuk daftarnya).",
    ]
