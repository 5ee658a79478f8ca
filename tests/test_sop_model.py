"""The lead's core: SOP data loading and its errors with file and line."""

from __future__ import annotations

import shutil

import pytest

from helpers import REPO
from jdih.errors import SopDataError
from jdih.people import load_people
from jdih.platforms import load_platforms
from jdih.sop_model import load_sop


@pytest.fixture
def alur(tmp_path):
    path = tmp_path / "alur.yml"
    shutil.copy(REPO / "sop" / "alur.yml", path)
    return path


def test_repo_sop_matches_the_seed_mapping():
    sop = load_sop(REPO / "sop" / "alur.yml")
    assert list(sop.states) == ["disposisi", "draf", "sunting", "persetujuan", "perbaikan", "disetujui", "diunggah",
                                "diumumkan", "dibatalkan"]
    assert [s.norma.menit for s in sop.steps] == [10, 450, 30, 30, 10, 15]
    assert sop.total_norm_text == "1 hari 95 menit"
    assert sop.initial_state == "disposisi"
    assert sop.published_states == ("diunggah", "diumumkan")
    assert sop.transition("persetujuan", "disetujui").peran == ("kasubbag",)
    assert sop.transition("draf", "disetujui") is None
    assert {t.dari for t in sop.transitions if t.ke == "dibatalkan"} == {"disposisi", "draf", "sunting",
                                                                        "persetujuan", "perbaikan"}
    assert sop.office.zona_waktu == "Asia/Jakarta"
    assert set(sop.categories) >= {"rutin-edukasi", "pengumuman", "peringatan-hari-penting"}


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("    pemegang: staf\n  draf:", "    pemegang: lurah\n  draf:", "peran pemegang 'lurah' tidak dikenal", True),
        ("{dari: disposisi, ke: draf, peran: [staf]", "{dari: disposisi, ke: selesai, peran: [staf]",
         "status 'selesai' tidak dikenal", True),
        ("{dari: draf, ke: sunting, peran: [pengelola]", "{dari: draf, ke: sunting, peran: [bupati]",
         "peran 'bupati' tidak dikenal", True),
        ("norma: {menit: 10}", "norma: {detik: 10}", "norma waktu harus berbentuk {menit: N}, {jam: N} atau {hari: N}",
         True),
        ('senin: ["07:30-12:00"', 'senin: ["12:00-07:30"', "rentang jam terbalik: '12:00-07:30'", True),
        ("  libur_tambahan: []", "  libur_tambahan: [2026-13-01]", None, None),
    ],
)
def test_bad_sop_data_names_file_and_line(alur, old, new, message, line):
    text = alur.read_text()
    assert old in text
    alur.write_text(text.replace(old, new, 1))
    with pytest.raises(SopDataError) as info:
        load_sop(alur)
    err = info.value
    assert err.berkas == str(alur)
    if message:
        assert err.pesan == message
    if line:
        # The error points at the very line that was broken.
        lines = alur.read_text().splitlines()
        expected = next(i for i, x in enumerate(lines, 1) if new.splitlines()[0] in x)
        assert err.baris == expected


def test_broken_yaml_and_missing_file(alur, tmp_path):
    alur.write_text("peran:\n  a: [\n")
    with pytest.raises(SopDataError) as info:
        load_sop(alur)
    assert info.value.baris == 3 and info.value.pesan.startswith("YAML tidak dapat dibaca")
    with pytest.raises(SopDataError, match="berkas tidak ditemukan"):
        load_sop(tmp_path / "tidak-ada.yml")
    alur.write_text("- daftar\n")
    with pytest.raises(SopDataError, match="pemetaan YAML"):
        load_sop(alur)


def test_people_with_unknown_role(tmp_path):
    sop = load_sop(REPO / "sop" / "alur.yml")
    peran = tmp_path / "peran.yml"
    peran.write_text("orang:\n  budi:\n    nama: Budi\n    peran: [camat]\n")
    with pytest.raises(SopDataError) as info:
        load_people(peran, sop)
    assert info.value.baris == 4
    assert info.value.pesan == "peran 'camat' untuk 'budi' tidak dikenal (pilihan: kasubbag, staf, pengelola)"
    people = load_people(REPO / "sop" / "peran.yml", sop)
    assert people.get("rizky").has_role("staf") and people.get("rizky").has_role("pengelola")
    assert people.by_email("RAHMAT.HIDAYAT@kpu-kotimkab.go.id").id == "rahmat"


def test_platform_limits_load(tmp_path):
    specs = load_platforms(REPO / "sop" / "platform.yml")
    assert specs["x"].max_chars == 280 and specs["x"].counting == "x-berbobot"
    assert specs["instagram"].image_required and specs["instagram"].teks["maks_tagar"] == 5
    bad = tmp_path / "platform.yml"
    bad.write_text("platform:\n  x: 280\n")
    with pytest.raises(SopDataError) as info:
        load_platforms(bad)
    assert (info.value.baris, info.value.pesan) == (2, "platform 'x' harus berupa pemetaan")
