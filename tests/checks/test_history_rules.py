"""History checks against the SOP data: transitions, roles, time order, links."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import NOW, T0, WIB, make_post
from support.checking import codes, edit, run


def test_jumping_a_state_is_refused(project):
    path = make_post(project, "lompat", status="persetujuan")
    edit(path, lambda m: (m["riwayat"].__setitem__(3, {**m["riwayat"][3], "status": "disetujui", "oleh": "rahmat"}),
                          m.update(status="disetujui")))
    (f,) = [f for f in run(project, path) if f.code == "RIWAYAT-TRANSISI"]
    assert f.message == ("entri riwayat ke-4: SOP tidak mengizinkan 'sunting' → 'disetujui' (yang sah: persetujuan, "
                       "dibatalkan)")
    assert "status: disetujui" in path.read_text().splitlines()[f.line - 1]


def test_first_entry_must_be_the_initial_transition(project):
    path = make_post(project, "awal", status="draf")
    edit(path, lambda m: m.update(riwayat=m["riwayat"][1:]))
    (f,) = [f for f in run(project, path) if f.code == "RIWAYAT-TRANSISI"]
    assert f.message == "entri riwayat ke-1: SOP tidak mengizinkan konten baru → 'draf' (yang sah: disposisi)"


def test_wrong_role_is_refused(project):
    path = make_post(project, "peran", status="disetujui")
    edit(path, lambda m: m["riwayat"][4].update(oleh="siti"))  # staf approving
    (f,) = [f for f in run(project, path) if f.code == "RIWAYAT-PERAN"]
    assert f.message == ("entri riwayat ke-5: Siti Nurhaliza, S.H. tidak berwenang: langkah ini ('persetujuan' → "
                       "'disetujui') hanya boleh dilakukan oleh Kasubbag Hukum dan SDM")
    assert "oleh: siti" in path.read_text().splitlines()[f.line - 1]


def test_a_person_with_two_roles_may_act_in_both(project):
    path = make_post(project, "dua-peran", status="persetujuan", start=NOW - timedelta(minutes=20))
    edit(path, lambda m: (m["riwayat"][2].update(oleh="rizky"), m["riwayat"][3].update(oleh="rizky")))
    assert codes(project, path) == []


def test_times_must_strictly_increase(project):
    path = make_post(project, "urut", status="diumumkan")
    edit(path, lambda m: m["riwayat"][3].update(waktu=m["riwayat"][2]["waktu"]))
    (f,) = run(project, path)
    assert f.code == "RIWAYAT-URUTAN"
    assert f.message.startswith("waktu entri riwayat ke-4 (2026-11-16T08:10:00+07:00) tidak setelah entri sebelumnya")


def test_no_entry_in_the_future(project):
    path = make_post(project, "depan", status="disposisi", start=NOW + timedelta(minutes=1))
    (f,) = [f for f in run(project, path) if f.is_error]
    assert (f.code, f.message) == ("RIWAYAT-MASA-DEPAN",
                                 "waktu entri riwayat ke-1 (2026-11-24T10:01:00+07:00) ada di masa depan")
    # The same post is fine once "now" has passed it.
    assert "RIWAYAT-MASA-DEPAN" not in codes(project, path, now=NOW + timedelta(days=1))


def test_mulai_after_waktu(project):
    path = make_post(project, "mulai", status="diumumkan")
    edit(path, lambda m: m["riwayat"][0].update(mulai=T0 + timedelta(minutes=1)))
    assert codes(project, path) == ["RIWAYAT-MULAI"]


def test_last_status_must_equal_status(project):
    path = make_post(project, "status", status="sunting", start=NOW - timedelta(minutes=20))
    edit(path, lambda m: m.update(status="persetujuan"))
    (f,) = run(project, path)
    assert (f.code, f.line) == ("RIWAYAT-STATUS", 3)
    assert f.message == "status 'persetujuan' tidak sama dengan status entri riwayat terakhir ('sunting')"


def test_tautan_only_once_published(project):
    path = make_post(project, "dini", status="disetujui", tautan={"x": "https://x.com/kpu/status/1"},
                     start=NOW - timedelta(minutes=30))
    (f,) = [f for f in run(project, path) if f.code == "TAUTAN-DINI"]
    assert f.message == ("'tautan' hanya boleh ada setelah konten diterbitkan (diunggah, diumumkan), "
                       "padahal status 'disetujui'")


def test_published_post_needs_a_link_for_every_platform(project):
    path = make_post(project, "kurang", status="diumumkan", platform=["instagram", "x"])
    edit(path, lambda m: m["tautan"].pop("x"))
    (f,) = run(project, path)
    assert (f.code, f.message) == ("TAUTAN-KURANG", "konten sudah 'diumumkan' tetapi tautan untuk x belum ada")
    edit(path, lambda m: m.pop("tautan"))
    assert codes(project, path) == ["TAUTAN-KURANG"]


def test_published_before_schedule_is_a_warning(project):
    path = make_post(project, "jadwal", status="diumumkan", jadwal=datetime(2026, 11, 20, 9, 0, tzinfo=WIB))
    (f,) = run(project, path)
    assert (f.code, f.level) == ("RIWAYAT-JADWAL", "PERINGATAN")


def test_states_come_from_the_sop_data(project):
    """A renamed state in sop/alur.yml is all it takes: no state name is hard-coded in the checks."""
    flow_file = project.root / "sop" / "alur.yml"
    flow_file.write_text(flow_file.read_text().replace("diumumkan", "disebarkan"))
    from jdih.project import Project

    fresh = Project(project.root)
    path = make_post(fresh, "ganti", status="disebarkan")
    assert run(fresh, path) == []
