"""Schema checks: one test per finding code, each failing without its rule."""

from __future__ import annotations

from datetime import datetime

from helpers import make_post
from support.checking import codes, edit, replace_text, run


def test_clean_published_post_has_no_findings(project):
    path = make_post(project, "bersih", status="diumumkan")
    assert run(project, path) == []


def test_missing_required_keys(project):
    path = make_post(project, "wajib", status="diumumkan")
    edit(path, lambda m: (m.pop("judul"), m.pop("kategori")))
    found = [f for f in run(project, path) if f.code == "SKEMA-WAJIB"]
    assert [f.message for f in found] == ["kunci wajib 'judul' tidak ada", "kunci wajib 'kategori' tidak ada"]
    assert all(f.line == 1 and f.is_error for f in found)


def test_empty_platform_list_and_empty_history(project):
    path = make_post(project, "kosong", status="diumumkan")
    edit(path, lambda m: m.update(platform=[], riwayat=[]))
    assert codes(project, path).count("SKEMA-WAJIB") == 2


def test_unknown_top_level_key_is_a_warning_with_its_line(project):
    path = make_post(project, "kunci", status="diumumkan", penulis="Dwi")
    (f,) = run(project, path)
    assert (f.code, f.level) == ("SKEMA-KUNCI", "PERINGATAN")
    assert path.read_text().splitlines()[f.line - 1].startswith("penulis:")


def test_wrong_types(project):
    path = make_post(project, "tipe", status="diumumkan", seri=12, tag="pemilu")
    edit(path, lambda m: m.update(judul=["a"], platform="x"))
    found = [f for f in run(project, path) if f.code == "SKEMA-TIPE"]
    assert sorted(f.message for f in found) == [
        "'judul' harus berupa teks yang tidak kosong, bukan daftar",
        "'platform' harus berupa daftar, contoh [instagram, x], bukan teks",
        "'seri' harus berupa teks, bukan bilangan bulat",
        "'tag' harus berupa daftar, bukan teks",
    ]


def test_unknown_status_category_platform_and_duplicate_platform(project):
    path = make_post(project, "ids", status="diumumkan", platform=["x", "x"], image=False)
    replace_text(path, "status: diumumkan", "status: terbit")
    replace_text(path, "kategori: rutin-edukasi", "kategori: hiburan")
    replace_text(path, "platform: [x, x]", "platform: [x, x, friendster]")
    found = {f.code: f for f in run(project, path)}
    assert found["SKEMA-STATUS"].message.startswith("status 'terbit' tidak dikenal (pilihan: disposisi, draf,")
    assert found["SKEMA-KATEGORI"].message.startswith("kategori 'hiburan' tidak dikenal")
    assert found["SKEMA-PLATFORM"].message.startswith("platform 'friendster' tidak dikenal")
    assert found["SKEMA-PLATFORM-GANDA"].level == "PERINGATAN"


def test_timestamps_must_be_zone_aware(project):
    path = make_post(project, "waktu", status="diumumkan", jadwal="2026-11-16T08:00:00")
    replace_text(path, "waktu: 2026-11-16T08:05:00+07:00", "waktu: 2026-11-16 08:05:00")
    replace_text(path, "waktu: 2026-11-16T08:10:00+07:00", "waktu: 2026-11-16")
    found = [f for f in run(project, path) if f.code == "SKEMA-WAKTU"]
    assert [f.message.split(" (")[0] for f in found] == [
        "'jadwal' tidak memiliki zona waktu",
        "'waktu' entri riwayat ke-2 tidak memiliki zona waktu",
        "'waktu' entri riwayat ke-3 hanya tanggal; tulis waktu lengkap dengan zona waktu",
    ]
    lines = path.read_text().splitlines()
    assert "2026-11-16 08:05:00" in lines[found[1].line - 1]


def test_bad_string_timestamp_and_mulai(project):
    path = make_post(project, "mulai", status="diumumkan", jadwal="besok pagi")
    edit(path, lambda m: m["riwayat"][0].update(mulai=datetime(2026, 11, 16, 7, 55)))
    msgs = [f.message for f in run(project, path) if f.code == "SKEMA-WAKTU"]
    assert msgs[0] == "'jadwal' bukan waktu ISO 8601 yang sah: 'besok pagi'"
    assert msgs[1].startswith("'mulai' entri riwayat ke-1 tidak memiliki zona waktu")


def test_media_shape(project):
    path = make_post(project, "media", status="diumumkan")
    edit(path, lambda m: m.update(media=["gambar-1.jpg", {"alt": "tanpa berkas"}, {"berkas": 5, "alt": "x"},
                                         {"berkas": "gambar-1.jpg", "alt": "a", "judul": "?"}]))
    found = run(project, path)
    assert [f.message for f in found if f.code == "SKEMA-MEDIA"] == [
        "media ke-1 harus berupa pemetaan {berkas: ..., alt: ...}, bukan teks",
        "media ke-2 tidak memiliki 'berkas'",
        "'berkas' media ke-3 harus berupa nama berkas, bukan bilangan bulat",
    ]
    assert any(f.code == "SKEMA-KUNCI" and "'judul' pada media ke-4" in f.message for f in found)
    edit(path, lambda m: m.update(media={"berkas": "gambar-1.jpg"}))
    assert "SKEMA-MEDIA" in codes(project, path)


def test_dokumen_hukum_shape(project):
    legal_document = {"jenis": "Peraturan KPU", "nomor": 8, "tahun": 2024, "judul": "Pencalonan",
           "tautan": "https://jdih.kpu.go.id/x"}
    path = make_post(project, "dok", status="diumumkan", dokumen_hukum=legal_document)
    assert run(project, path) == []
    edit(path, lambda m: m.update(dokumen_hukum={"jenis": "PKPU", "nomor": [8], "tahun": 1800,
                                                 "tautan": "jdih.kpu.go.id"}))
    assert sorted(f.message for f in run(project, path) if f.code == "SKEMA-DOKUMEN") == [
        "'dokumen_hukum' tidak memiliki 'judul'",
        "'dokumen_hukum.nomor' harus berupa teks atau angka, bukan daftar",
        "'dokumen_hukum.tahun' harus tahun antara 1945 dan 2100, bukan 1800",
        "'dokumen_hukum.tautan' harus berupa alamat http(s)",
    ]
    edit(path, lambda m: m.update(dokumen_hukum="PKPU 8/2024"))
    assert "SKEMA-DOKUMEN" in codes(project, path)


def test_teks_keys_must_be_listed_platforms(project):
    path = make_post(project, "teks", status="diumumkan", platform=["instagram"],
                     teks={"instagram": "Halo", "x": "Halo X"})
    found = [f for f in run(project, path) if f.code == "SKEMA-TEKS"]
    assert [f.message for f in found] == ["'teks' untuk 'x' padahal 'x' tidak ada di daftar platform"]
    assert path.read_text().splitlines()[found[0].line - 1].strip().startswith("x:")


def test_history_entry_shape_and_unknown_person(project):
    path = make_post(project, "riw", status="diumumkan")
    def change(m):
        m["riwayat"][1]["oleh"] = "budi"
        m["riwayat"][2] = "draf diserahkan"
        del m["riwayat"][3]["waktu"]
        m["riwayat"][4]["status"] = "selesai"
    edit(path, change)
    found = run(project, path)
    by = {f.code: f.message for f in found}
    assert by["SKEMA-ORANG"].startswith("'budi' pada entri riwayat ke-2 tidak terdaftar di sop/peran.yml")
    assert [f.message for f in found if f.code == "SKEMA-RIWAYAT"] == [
        "entri riwayat ke-3 harus berupa pemetaan {status, oleh, waktu}, bukan teks",
        "entri riwayat ke-4 tidak memiliki 'waktu'",
    ]
    assert by["SKEMA-STATUS"].startswith("status 'selesai' pada entri riwayat ke-5 tidak dikenal")
    # A malformed record is not also reported as wrong SOP steps (that would be guesswork).
    assert "RIWAYAT-TRANSISI" not in by


def test_unknown_state_in_history_stops_the_transition_walk(project):
    path = make_post(project, "status-asing", status="diumumkan")
    edit(path, lambda m: m["riwayat"][2].update(status="ditinjau"))
    assert codes(project, path) == ["SKEMA-STATUS"]


def test_tautan_must_be_urls_for_listed_platforms(project):
    path = make_post(project, "tautan", status="diumumkan", platform=["x"], image=False)
    edit(path, lambda m: m.update(tautan={"x": "x.com/kpu/1", "threads": "https://threads.net/@kpu/1"}))
    by = {f.code: f.message for f in run(project, path)}
    assert by["TAUTAN-URL"] == "tautan 'x' harus berupa alamat http(s), bukan 'x.com/kpu/1'"
    assert by["TAUTAN-PLATFORM"] == "tautan untuk 'threads' padahal 'threads' tidak ada di daftar platform"
