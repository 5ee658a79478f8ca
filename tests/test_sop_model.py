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
def flow_file(tmp_path):
    path = tmp_path / "alur.yml"
    shutil.copy(REPO / "sop" / "alur.yml", path)
    return path


def test_repo_sop_matches_the_seed_mapping():
    sop = load_sop(REPO / "sop" / "alur.yml")
    assert list(sop.states) == ["disposisi", "draf", "sunting", "persetujuan", "perbaikan", "disetujui", "diunggah",
                                "diumumkan", "dibatalkan"]
    assert [s.norm.minutes for s in sop.steps] == [10, 450, 30, 30, 10, 15]
    assert sop.total_norm_text == "1 hari 95 menit"
    assert sop.initial_state == "disposisi"
    assert sop.published_states == ("diunggah", "diumumkan")
    approve = sop.transition("persetujuan", "disetujui")
    assert approve is not None and approve.roles == ("kasubbag",)
    assert sop.transition("draf", "disetujui") is None
    assert {t.source for t in sop.transitions if t.target == "dibatalkan"} == {"disposisi", "draf", "sunting",
                                                                        "persetujuan", "perbaikan"}
    assert sop.office.timezone == "Asia/Jakarta"
    assert set(sop.categories) >= {"rutin-edukasi", "pengumuman", "peringatan-hari-penting"}


def test_sop_rules_are_read_from_the_data():
    """The rules code used to spell (issue 11 point 4) come from sop/alur.yml."""
    sop = load_sop(REPO / "sop" / "alur.yml")
    assert sop.landing_commands == ("setujui", "batalkan")
    assert [c for c in sop.commands if sop.note_required(c)] == ["tolak", "batalkan"]
    assert sop.branch_states == {"disposisi", "draf", "sunting", "persetujuan", "perbaikan"}
    assert sop.merge_or_ci_states == {"disetujui", "diunggah", "diumumkan"}
    assert (sop.approval.command, sop.approval.source, sop.approval.target) == ("setujui", "persetujuan", "disetujui")
    assert sop.approver_roles == ("kasubbag",)
    assert (sop.upload.command, sop.upload.roles) == ("terbitkan", ("pengelola",))
    assert (sop.announcement.source, sop.announcement.target) == ("diunggah", "diumumkan")
    assert sop.cancel_commands == ("batalkan",)
    assert sop.roles_for_command("ajukan") == ("pengelola",) and sop.roles_for_command("tidak-ada") == ()
    forge = sop.forge
    assert (forge.pr_opened, forge.new_commit, forge.review_approved, forge.review_changes_requested,
            forge.merge) == ("ajukan", "ajukan", "sunting", "tolak", "setujui")
    assert sop.is_final("dibatalkan") and sop.is_final("diumumkan") and not sop.is_final("diunggah")
    assert sop.office.holiday_categories == ("public", "government")


def test_without_a_github_section_only_the_github_mapping_refuses(flow_file):
    text = flow_file.read_text()
    start = text.index("github:\n")
    end = text.index("\n\n", start)
    flow_file.write_text(text[:start] + text[end + 2:])
    sop = load_sop(flow_file)
    assert sop.approval.command == "setujui"
    with pytest.raises(SopDataError, match="tidak memuat bagian `github`"):
        _ = sop.forge


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
        ("  kategori_libur: [public, government]", "  kategori_libur: [public, adat]",
         "kategori libur tidak dikenal: 'adat' (pilihan: public, government)", True),
        ("perintah: tolak, catatan_wajib: true}", "perintah: tolak, catatan_wajib: ya}",
         "'catatan_wajib' harus true atau false, bukan 'ya'", True),
        ("  merge: setujui ", "  merge: sahkan ", "perintah 'sahkan' tidak ada di transisi", True),
        ("  review_setuju: sunting", "  review_oke: sunting",
         "peristiwa GitHub tidak dikenal: 'review_oke' (pilihan: pr_dibuka, commit_baru, review_setuju, "
         "review_minta_perubahan, merge)", True),
        ("perintah: terbitkan, mengunggah: true}", "perintah: terbitkan}",
         "tepat satu transisi harus bertanda `mengunggah: true`", None),
    ],
)
def test_bad_sop_data_names_file_and_line(flow_file, old, new, message, line):
    text = flow_file.read_text()
    assert old in text
    flow_file.write_text(text.replace(old, new, 1))
    with pytest.raises(SopDataError) as info:
        load_sop(flow_file)
    err = info.value
    assert err.file == str(flow_file)
    if message:
        assert err.message == message
    if line:
        # The error points at the very line that was broken.
        lines = flow_file.read_text().splitlines()
        expected = next(i for i, x in enumerate(lines, 1) if new.splitlines()[0] in x)
        assert err.line == expected


def test_broken_yaml_and_missing_file(flow_file, tmp_path):
    flow_file.write_text("peran:\n  a: [\n")
    with pytest.raises(SopDataError) as info:
        load_sop(flow_file)
    assert info.value.line == 3 and info.value.message.startswith("YAML tidak dapat dibaca")
    with pytest.raises(SopDataError, match="berkas tidak ditemukan"):
        load_sop(tmp_path / "tidak-ada.yml")
    flow_file.write_text("- daftar\n")
    with pytest.raises(SopDataError, match="pemetaan YAML"):
        load_sop(flow_file)


def test_people_with_unknown_role(tmp_path):
    sop = load_sop(REPO / "sop" / "alur.yml")
    roles_file = tmp_path / "peran.yml"
    roles_file.write_text("orang:\n  budi:\n    nama: Budi\n    peran: [camat]\n")
    with pytest.raises(SopDataError) as info:
        load_people(roles_file, sop)
    assert info.value.line == 4
    assert info.value.message == "peran 'camat' untuk 'budi' tidak dikenal (pilihan: kasubbag, staf, pengelola)"
    people = load_people(REPO / "sop" / "peran.yml", sop)
    rizky = people.get("rizky")
    assert rizky is not None and rizky.has_role("staf") and rizky.has_role("pengelola")
    rahmat = people.by_email("RAHMAT.HIDAYAT@kpu-kotimkab.go.id")
    assert rahmat is not None and rahmat.id == "rahmat"


def test_platform_limits_load(tmp_path):
    specs = load_platforms(REPO / "sop" / "platform.yml")
    assert specs["x"].max_chars == 280 and specs["x"].counting == "x-berbobot"
    assert specs["instagram"].image_required and specs["instagram"].text["maks_tagar"] == 5
    bad = tmp_path / "platform.yml"
    bad.write_text("platform:\n  x: 280\n")
    with pytest.raises(SopDataError) as info:
        load_platforms(bad)
    assert (info.value.line, info.value.message) == (2, "platform 'x' harus berupa pemetaan")
