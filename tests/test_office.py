"""The office settings file ``kantor.yml``: one file read by the site, the reports and the messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import REPO, new_project, write_announce_settings
from jdih.announcing.config import load_config
from jdih.errors import ConfigError, SopDataError
from jdih.office import DEFAULT_RULES, OFFICE_FILE, Office, load_office
from jdih.people import load_people
from jdih.sop_model import Sop, load_sop


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return new_project(tmp_path / "proyek").root


def write(root: Path, text: str) -> Path:
    path = root / OFFICE_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repository_file_holds_identity_signatories_numbering_site_and_announcing(root: Path) -> None:
    office = load_office(REPO)
    ident = office.identity
    assert ident.letterhead == ("KOMISI PEMILIHAN UMUM", "KABUPATEN KOTAWARINGIN TIMUR")
    assert (ident.name, ident.unit, ident.city) == ("KPU Kabupaten Kotawaringin Timur", "Sub Bagian Hukum dan SDM",
                                                    "Sampit")
    assert office.logo_path() == (REPO / "aset" / "logo-kpu.png").resolve()
    assert office.signing["laporan"].signer == "rahmat" and office.signing["laporan"].acknowledger == "sekretaris"
    assert office.document_number("berita_acara", date(2026, 12, 2)) == "....../HK.03.1-BA/6202/JDIH/XII/2026"
    assert office.document_number("laporan", date(2027, 1, 4), sequence="007") == "007/HK.03.1-Lp/6202/JDIH/I/2027"
    assert office.site.home == 8 and office.site.links[0].url == "https://jdih.kpu.go.id"
    assert [r.when for r in office.rules] == [r.when for r in DEFAULT_RULES]
    assert office.announce["kanal"] == "wa-manual" and office.announce["pengumum"] == "dwi"
    # The same file feeds the site and the announcements (new_project copies it).
    assert load_office(root).identity.name == "KPU Kabupaten Kotawaringin Timur"
    cfg = load_config(root / "sop")
    assert cfg.office == "JDIH KPU Kabupaten Kotawaringin Timur" and cfg.announcer == "dwi"
    assert not (REPO / "situs.yml").exists() and not (REPO / "sop" / "pengumuman.yml").exists()


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    office = load_office(tmp_path)
    assert office == Office(root=tmp_path)
    assert office.logo_path() is None and office.document_number("laporan", date(2026, 1, 1)) == ""
    assert office.site.per_page == 20


def test_the_office_name_reaches_site_and_messages(root: Path) -> None:
    write(root, "identitas:\n  nama: KPU Kabupaten Seruyan\n  kop: [KOMISI PEMILIHAN UMUM, KABUPATEN SERUYAN]\n"
                "situs:\n  beranda: 3\n")
    office = load_office(root)
    assert office.identity.name == "KPU Kabupaten Seruyan" and office.site.home == 3
    assert load_config(root / "sop").office == "JDIH KPU Kabupaten Seruyan"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("identitas:\n  nama: X\nsitus: 3\n", 3, "bagian 'situs' harus berupa pemetaan"),
    ("identitas:\n  nama: X\nkantor: Y\n", 3, "bagian 'kantor' tidak dikenal"),
    ("identitas:\n  nama: X\n  faks: 1\n", 3, "kunci 'faks' tidak dikenal"),
    ("identitas:\n  kop: [1, '']\n", 2, "'kop' harus berupa daftar baris teks"),
    ("identitas:\n  telepon: [1]\n", 2, "'telepon' harus berupa teks"),
    ("situs:\n  beranda: 8\n  umpan: 0\n", 3, "'umpan' harus bilangan bulat positif"),
    ("situs:\n  tautan:\n    - {nama: A, url: 'javascript:alert(1)'}\n", 3, "tautan ke-1"),
    ("penomoran:\n  laporan: '{urut}/{nomor}'\n", 2, "pola nomor"),
    ("penomoran:\n  surat: 'x'\n", 2, "naskah 'surat' tidak dikenal"),
    ("penandatangan:\n  laporan: rahmat\n", 2, "harus berisi 'oleh'"),
    ("evaluasi:\n  aturan:\n    - jika: cuaca_buruk\n      batas: 1\n      saran: x\n", 3, "'jika' harus salah satu"),
    ("evaluasi:\n  aturan:\n    - jika: perbaikan_tinggi\n      batas: -1\n      saran: x\n", 4, "'batas'"),
    ("evaluasi:\n  aturan:\n    - jika: perbaikan_tinggi\n      batas: 0.2\n      saran: '{siapa}'\n", 5, "siapa"),
    ("identitas: [\n", 2, "YAML tidak dapat dibaca"),
])
def test_wrong_values_name_file_and_line(root: Path, text: str, line: int, words: str) -> None:
    path = write(root, text)
    with pytest.raises(ConfigError) as info:
        load_office(root)
    assert (info.value.file, info.value.line) == (str(path), line)
    assert words in info.value.message


def test_unknown_signatory_and_missing_logo_are_errors_at_their_line(root: Path) -> None:
    path = write(root, "identitas:\n  logo: aset/tidak-ada.png\npenandatangan:\n  agenda: {oleh: budi}\n")
    office = load_office(root)
    people = load_people(root / "sop" / "peran.yml", _sop(root))
    with pytest.raises(ConfigError) as info:
        office.signatories("agenda", people)
    assert (info.value.file, info.value.line) == (str(path), 4) and "budi" in info.value.message
    with pytest.raises(ConfigError) as info:
        office.logo_path()
    assert info.value.line == 2 and "tidak-ada.png" in info.value.message
    write(root, "identitas:\n  logo: ../../../../etc/hostname\n")
    with pytest.raises(ConfigError) as info:
        load_office(root).logo_path()
    assert info.value.line == 2 and "di dalam folder proyek" in info.value.message


def test_people_carry_nip_and_jabatan_and_officials_hold_no_sop_role(root: Path) -> None:
    people = load_people(root / "sop" / "peran.yml", _sop(root))
    rahmat = people.get("rahmat")
    assert rahmat and (rahmat.nip, rahmat.position) == ("198203152009041002", "Kepala Sub Bagian Hukum dan SDM")
    sekretaris = people.official("sekretaris")
    assert sekretaris and sekretaris.roles == () and people.get("sekretaris") is None
    assert sekretaris not in [p for r in ("kasubbag", "staf", "pengelola") for p in people.with_role(r)]
    office = load_office(root)
    signer, ack = office.signatories("laporan", people)
    assert signer and signer.name == "Rahmat Hidayat, S.H." and ack and ack.nip == "197506182002121003"


def test_an_unquoted_nip_keeps_its_digits_and_a_bad_one_names_its_line(root: Path) -> None:
    path = root / "sop" / "peran.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('nip: "198203152009041002"', "nip: 198203152009041002"), encoding="utf-8")
    assert load_people(path, _sop(root)).by_id["rahmat"].nip == "198203152009041002"
    path.write_text(text + "  bupati: [1]\n", encoding="utf-8")
    with pytest.raises(SopDataError) as info:
        load_people(path, _sop(root))
    assert info.value.line == len(text.splitlines()) + 1


def test_announce_settings_errors_point_into_the_office_file(root: Path) -> None:
    path = write_announce_settings(root, "kanal: wa-fonnte\nmaks_percobaan: 99\n")
    with pytest.raises(ConfigError) as info:
        load_config(root / "sop")
    assert (info.value.file, info.value.line) == (str(path), 3)


def _sop(root: Path) -> Sop:
    return load_sop(root / "sop" / "alur.yml")
