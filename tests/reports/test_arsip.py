"""The electronic archive: approved + published versions, history, manifest, determinism, tampering."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from click.testing import CliRunner

from helpers import make_image
from jdih.cli import cli
from jdih.errors import JdihError
from jdih.gitflow.content_log import read_git_history, uncommitted_paths
from jdih.gitflow.objects import BlobReader
from jdih.post import load_posts
from jdih.reports.arsip import build_archive, verify_archive
from jdih.reports.periods import parse_period

STEPS = ["disposisi", "draf", "sunting", "persetujuan", "disetujui", "diunggah", "diumumkan"]


@pytest.fixture
def repo(project, add_post, gk):
    """A post committed at each stage: draf, disetujui (with its image), then published with links."""
    w = gk.w
    root = project.root
    gk.init(root)
    times = [w(2026, 11, 16, 8), w(2026, 11, 16, 9), w(2026, 11, 16, 9, 20), w(2026, 11, 16, 9, 40),
             w(2026, 11, 16, 9, 50), w(2026, 11, 16, 10), w(2026, 11, 16, 10, 5)]
    entries = list(zip(STEPS, times, strict=True))
    add_post("pkpu-8", entries[:2], judul="Mengenal PKPU 8/2024")
    gk.commit(root, "draf", w(2026, 11, 16, 9, 1))
    make_image(project.content_dir / "2026/pkpu-8/infografis.jpg")
    add_post("pkpu-8", entries[:5], judul="Mengenal PKPU 8/2024",
             media=[{"berkas": "infografis.jpg", "alt": "Infografis"}])
    approved = gk.commit(root, "setujui", w(2026, 11, 16, 9, 51), author="Rahmat Hidayat",
                         email="rahmat.hidayat@kpu-kotimkab.go.id")
    add_post("pkpu-8", entries, judul="Mengenal PKPU 8/2024", media=[{"berkas": "infografis.jpg", "alt": "Infografis"}])
    make_image(project.content_dir / "2026/pkpu-8/infografis.jpg", color="#1F4E79")  # changed after approval
    gk.commit(root, "terbit dan umumkan", w(2026, 11, 16, 10, 6))
    add_post("belum", entries[:3])  # not published: not archived
    add_post("juni", [(s, t.replace(month=6, day=2)) for s, t in entries])  # published outside the period
    gk.commit(root, "lainnya", w(2026, 11, 16, 11))
    return project, approved


def _build(project, period="2026-S2"):
    """The archive as ``jdih arsip`` builds it: history, committed files and dirty paths read through gitflow."""
    posts, _ = load_posts(project.content_dir)
    git = read_git_history(project.root)
    if not git.available:
        return build_archive(posts, project.sop, parse_period(period), git=git)
    with BlobReader(project.root) as files:
        return build_archive(posts, project.sop, parse_period(period), git=git, files_reader=files,
                             uncommitted=uncommitted_paths(project.root, "content"))


def test_archive_contents(repo, gk):
    project, approved = repo
    res = _build(project)
    base = "arsip-jdih-2026-S2/konten/2026/pkpu-8"
    with zipfile.ZipFile(__import__("io").BytesIO(res.data)) as zf:
        names = sorted(zf.namelist())
        assert names == sorted([
            "arsip-jdih-2026-S2/MANIFEST.json", "arsip-jdih-2026-S2/MANIFEST.txt",
            f"{base}/disetujui/index.md", f"{base}/disetujui/infografis.jpg",
            f"{base}/terbit/index.md", f"{base}/terbit/infografis.jpg",
            f"{base}/riwayat.json", f"{base}/riwayat.txt",
        ])
        approved_md = gk.git(project.root, "show", f"{approved}:content/2026/pkpu-8/index.md")
        assert zf.read(f"{base}/disetujui/index.md").decode() == approved_md
        assert "status: disetujui" in approved_md and "tautan" not in approved_md
        current = (project.content_dir / "2026/pkpu-8/index.md").read_bytes()
        assert zf.read(f"{base}/terbit/index.md") == current
        approved_image = gk.git(project.root, "cat-file", "-s", f"{approved}:content/2026/pkpu-8/infografis.jpg")
        current_image = (project.content_dir / "2026/pkpu-8/infografis.jpg").read_bytes()
        assert zf.read(f"{base}/terbit/infografis.jpg") == current_image
        assert zf.read(f"{base}/disetujui/infografis.jpg") != current_image  # the image as approved
        assert len(zf.read(f"{base}/disetujui/infografis.jpg")) == int(approved_image)
        history = json.loads(zf.read(f"{base}/riwayat.json"))
        assert [e["status"] for e in history["riwayat"]] == STEPS
        assert [g["pesan"] for g in history["git"]] == ["draf", "setujui", "setujui", "terbit dan umumkan",
                                                       "terbit dan umumkan"]
        text = zf.read(f"{base}/riwayat.txt").decode()
        assert "Rahmat Hidayat <rahmat.hidayat@kpu-kotimkab.go.id>  setujui" in text
        assert "16 November 2026 09.50 WIB  Disetujui" in text
        manifest = json.loads(zf.read("arsip-jdih-2026-S2/MANIFEST.json"))
        for entry in manifest["berkas"]:
            assert hashlib.sha256(zf.read(entry["path"])).hexdigest() == entry["sha256"]
        assert {e["path"] for e in manifest["berkas"]} == set(names) - {"arsip-jdih-2026-S2/MANIFEST.json"}
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    assert manifest["konten"] == [{
        "id": "2026/pkpu-8", "judul": "Mengenal PKPU 8/2024", "status": "diumumkan",
        "terbit": "2026-11-16T10:00:00+07:00", "commit_disetujui": approved,
        "tautan": {"facebook": "https://contoh.invalid/facebook/pkpu-8",
                   "instagram": "https://contoh.invalid/instagram/pkpu-8"},
    }]
    assert manifest["periode"] == {"kode": "2026-S2", "label": "Semester II 2026", "dari": "2026-07-01",
                                   "sampai": "2026-12-31"}
    assert res.notes == []


def test_same_input_same_bytes(repo):
    project, _ = repo
    assert _build(project).data == _build(project).data


def test_uncommitted_changes_are_noted(repo):
    project, _ = repo
    with (project.content_dir / "2026/pkpu-8/index.md").open("a") as fh:
        fh.write("Tambahan yang belum di-commit.\n")
    res = _build(project)
    (note,) = res.notes
    assert note.startswith("1 berkas konten yang diarsipkan belum di-commit")
    assert note.endswith(": content/2026/pkpu-8/index.md")
    assert res.manifest["catatan"] == [note]


def test_without_git_only_published_version(project, add_post, gk):
    w = gk.w
    add_post("tanpa-git", [(s, w(2026, 11, 16, 8 + i)) for i, s in enumerate(STEPS)])
    res = _build(project, "2026-11")
    assert res.notes == ["2026/tanpa-git: versi saat disetujui tidak ditemukan di riwayat git; hanya versi terbit"]
    assert res.manifest["jumlah_konten"] == 1


def _flip_byte_in(zip_path, member):
    data = bytearray(zip_path.read_bytes())
    with zipfile.ZipFile(zip_path) as zf:
        info = zf.getinfo(member)
    # Local header: 30 fixed bytes + name + extra field, then the (compressed) data.
    name_len = int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    zip_path.write_bytes(bytes(data))


def test_cli_archive_then_tamper(repo, tmp_path, monkeypatch):
    project, _ = repo
    monkeypatch.setenv("JDIH_SEKARANG", "2027-01-04T10:00:00+07:00")
    runner = CliRunner()
    out = tmp_path / "arsip.zip"
    res = runner.invoke(cli, ["--proyek", str(project.root), "arsip", "--periode", "2026-S2", "--keluaran", str(out)])
    assert res.exit_code == 0, res.output
    assert "Arsip Semester II 2026: 1 konten, 7 berkas" in res.output
    assert f"SHA-256 arsip         : {hashlib.sha256(out.read_bytes()).hexdigest()}" in res.output
    res = runner.invoke(cli, ["arsip", "periksa", str(out)])
    assert res.exit_code == 0 and "Arsip utuh: 7 berkas sesuai dengan manifest" in res.output
    again = tmp_path / "lagi.zip"  # second run reads .jdih/cache: still the same bytes
    assert (project.root / ".jdih" / "cache").is_dir()
    runner.invoke(cli, ["--proyek", str(project.root), "arsip", "--periode", "2026-S2", "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()

    member = "arsip-jdih-2026-S2/konten/2026/pkpu-8/disetujui/index.md"
    _flip_byte_in(out, member)
    res = runner.invoke(cli, ["arsip", "periksa", str(out)])
    assert res.exit_code == 1
    assert f"galat: {member}: " in res.output
    assert "Arsip TIDAK utuh: 1 masalah" in res.output


def test_verify_detects_changed_missing_and_extra(repo, tmp_path):
    project, _ = repo
    good = tmp_path / "baik.zip"
    good.write_bytes(_build(project).data)
    bad = tmp_path / "buruk.zip"
    victim = "arsip-jdih-2026-S2/konten/2026/pkpu-8/terbit/index.md"
    gone = "arsip-jdih-2026-S2/konten/2026/pkpu-8/riwayat.txt"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if info.filename == gone:
                continue
            data = src.read(info.filename)
            if info.filename == victim:
                data = data.replace(b"Mengenal", b"Mengubah")  # a rewritten file with a valid CRC
            dst.writestr(info, data)
        dst.writestr("arsip-jdih-2026-S2/sisipan.txt", b"tambahan")
    res = verify_archive(bad)
    assert res.problems == [
        f"{gone}: HILANG (tercantum di manifest, tidak ada di arsip)",
        f"{victim}: DIUBAH (SHA-256 tidak sama dengan manifest)",
        "arsip-jdih-2026-S2/sisipan.txt: TAMBAHAN (tidak tercantum di manifest)",
    ]
    assert verify_archive(good).ok


def test_verify_rejects_non_zip_and_recorded_fingerprint(repo, tmp_path):
    project, _ = repo
    junk = tmp_path / "bukan.zip"
    junk.write_bytes(b"bukan zip")
    with pytest.raises(JdihError, match="bukan arsip ZIP yang sah"):
        verify_archive(junk)
    res = CliRunner().invoke(cli, ["arsip", "periksa", str(tmp_path / "tidak-ada.zip")])
    assert res.exit_code == 1 and "berkas arsip tidak ditemukan" in res.output
    archive = tmp_path / "a.zip"
    built = _build(project)
    archive.write_bytes(built.data)
    ok = CliRunner().invoke(cli, ["arsip", "periksa", str(archive), "--sidik", built.manifest_sha256])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(cli, ["arsip", "periksa", str(archive), "--sidik", "0" * 64])
    assert bad.exit_code == 1 and "tidak sama dengan sidik tercatat" in bad.output


def test_sidik_accepts_exactly_what_arsip_prints_and_refuses_a_malformed_value(repo, tmp_path, monkeypatch):
    project, _ = repo
    monkeypatch.setenv("JDIH_SEKARANG", "2027-01-04T10:00:00+07:00")
    out = tmp_path / "arsip.zip"
    made = CliRunner().invoke(cli, ["--proyek", str(project.root), "arsip", "--periode", "2026-S2", "-o", str(out)])
    assert made.exit_code == 0, made.output
    printed = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
               for line in made.output.splitlines() if line.startswith("SHA-256")}
    assert set(printed) == {"SHA-256 arsip", "SHA-256 MANIFEST.json"}
    for value in printed.values():  # as written on the hardcopy, also in capitals
        for shown in (value, value.upper()):
            ok = CliRunner().invoke(cli, ["arsip", "periksa", str(out), "--sidik", shown])
            assert ok.exit_code == 0 and "Arsip utuh" in ok.output, ok.output
    for junk in ("xyz", printed["SHA-256 arsip"][:-1], printed["SHA-256 arsip"] + "0"):
        bad = CliRunner().invoke(cli, ["arsip", "periksa", str(out), "--sidik", junk])
        assert bad.exit_code == 2 and "bukan sidik SHA-256 (harus 64 digit heksadesimal" in bad.output, bad.output
        assert "Traceback" not in bad.output


def test_a_post_approved_with_jdih_setujui_has_its_approved_version_and_the_merge_in_its_history(tmp_path):
    """On real clones: `setujui` lands the post with a merge commit; the archive finds that version."""
    import git as gitpython

    from jdih.post import parse_post, write_post
    from jdih.workflow import apply_transition
    from support.office import POST, SLUG, Office, walk_to_persetujuan

    office = Office(tmp_path / "kantor")
    walk_to_persetujuan(office)
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    merge = office["rahmat"].repo.commit("main")
    assert len(merge.parents) == 2
    dwi = office["dwi"]  # the upload, recorded as `terbitkan` does: one commit on main
    dwi.repo.git.checkout("main")
    dwi.repo.git.pull("--ff-only")
    path = dwi.root / POST
    post = parse_post(path, path.read_text(encoding="utf-8"))
    meta = apply_transition(dwi.project.sop, dwi.project.people, post.meta, "diunggah", "dwi", office.tick(), None)
    meta["tautan"] = {"facebook": "https://www.facebook.com/jdih/posts/1", "x": "https://x.com/jdih/status/1"}
    write_post(path, meta, post.body)
    dwi.repo.git.commit("-am", "sop(terbitkan)")
    out = tmp_path / "arsip.zip"
    r = office.run("dwi", "arsip", "--periode", "2026-11", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "versi saat disetujui tidak ditemukan" not in r.output
    zf = zipfile.ZipFile(out)
    manifest = json.loads(zf.read("arsip-jdih-2026-11/MANIFEST.json"))
    assert manifest["konten"][0]["commit_disetujui"] == merge.hexsha
    approved = zf.read(f"arsip-jdih-2026-11/konten/2026/{SLUG}/disetujui/index.md").decode()
    assert parse_post(path, approved).status == "disetujui"
    trail = zf.read(f"arsip-jdih-2026-11/konten/2026/{SLUG}/riwayat.txt").decode()
    assert f"{merge.hexsha[:12]}" in trail and "sop(setujui)" in trail
    assert gitpython.Repo(office.remote).commit("main").hexsha == merge.hexsha
