"""QA regressions of `jdih umumkan`, found by using it as the pengelola would."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers import NOW, make_post, write_announce_settings
from jdih.cli import cli

SENTINEL = "sentinel-FONNTE-token-7731"


def umumkan(project, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "umumkan", *args],
                              env={"JDIH_SEKARANG": NOW.isoformat(), "GITHUB_ACTIONS": "", "JDIH_PENGUNGGAH": "dwi",
                                   **(env or {})})


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_mistyped_konten_is_an_error_not_nothing_to_do(project) -> None:
    make_post(project, "mengenal-pkpu")
    r = umumkan(project, "--uji", "--pos", "2026/mengenal-pkp")
    assert r.exit_code == 2, r.output
    assert "konten '2026/mengenal-pkp' tidak ditemukan" in r.output
    assert "Maksud Anda: 2026/mengenal-pkpu?" in r.output
    r = umumkan(project, "--konten", "2026/mengenal-pkp")
    assert r.exit_code == 2, r.output


def test_konten_not_yet_uploaded_is_refused_by_name(project) -> None:
    make_post(project, "belum", "disetujui")
    r = umumkan(project, "--konten", "2026/belum")
    assert r.exit_code == 2, r.output
    assert "berstatus 'disetujui', bukan 'diunggah'" in r.output


def test_one_bad_name_in_terkirim_changes_nothing(project) -> None:
    make_post(project, "satu")
    before = snapshot(project.content_dir)
    r = umumkan(project, "--terkirim", "2026/satu", "--terkirim", "2026/salah-ketik")
    assert r.exit_code == 2, r.output
    assert snapshot(project.content_dir) == before


def test_unreadable_post_is_reported_with_file_and_line(project) -> None:
    make_post(project, "satu")
    broken = make_post(project, "rusak")
    text = broken.read_text(encoding="utf-8").replace("kategori: rutin-edukasi", "kategori: [rutin-edukasi", 1)
    broken.write_text(text, encoding="utf-8")
    r = umumkan(project, "--uji")
    assert r.exit_code == 0, r.output
    assert "PERINGATAN: content/2026/rusak/index.md:" in r.output
    assert "tidak diumumkan" in r.output
    r = umumkan(project)
    assert "PERINGATAN: content/2026/rusak/index.md:" in r.output


def test_confirming_tells_how_to_keep_the_change_and_it_works_as_printed(project, tmp_path) -> None:

    import git

    make_post(project, "satu")
    remote = git.Repo.init(tmp_path / "kantor.git", bare=True, initial_branch="main")
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "dwi.lestari@kpu-kotimkab.go.id")
        cw.set_value("user", "name", "Dwi")
    (project.root / ".gitignore").write_text("/.jdih/\n.jdih-tmp-*\n")
    repo.git.add("-A")
    repo.git.commit("-m", "awal")
    repo.create_remote("origin", str(remote.git_dir))
    repo.git.push("-u", "origin", "main")
    r = umumkan(project, "--terkirim", "2026/satu", env={"JDIH_PENGUNGGAH": ""})
    assert r.exit_code == 0, r.output
    assert "Konten" in r.output.splitlines()[0]
    assert 'di-commit dan dikirim ke remote' in r.output and '"umumkan: 2026/satu diumumkan"' in r.output
    assert "status: diumumkan" in repo.git.show("origin/main:content/2026/satu/index.md")
    assert not repo.is_dirty()


def test_confirming_in_github_actions_leaves_the_commit_to_the_workflow(project) -> None:
    make_post(project, "satu")
    r = umumkan(project, "--terkirim", "2026/satu", env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 0, r.output
    assert "Simpan ke git" not in r.output


class _EchoToken(http.server.BaseHTTPRequestHandler):
    """A hostile gateway: HTTP 200, status false, and the token it received echoed in `reason`."""

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        body = json.dumps({"status": False, "reason": "invalid token " + str(self.headers.get("Authorization"))})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = _reply

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_gateway() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _EchoToken)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_gateway_echoing_the_token_never_prints_it(project, echo_gateway: str) -> None:
    make_post(project, "satu")
    env = {"JDIH_FONNTE_TOKEN": SENTINEL, "JDIH_FONNTE_URL": echo_gateway}
    for args in (("grup", "--kanal", "wa-fonnte"), ("--kanal", "wa-fonnte")):
        r = umumkan(project, *args, env=env)
        assert r.exit_code == 1, r.output
        assert "Fonnte" in r.output
        assert SENTINEL not in r.output
        assert "Traceback" not in r.output
    for p in (project.root / ".jdih").rglob("*"):
        if p.is_file():
            assert SENTINEL not in p.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("{% for t in tautan %}", "templat berakhir sebelum blok ditutup: {% endfor %} kurang"),
        ("{{ judull }}", "variabel 'judull' tidak dikenal"),
        ("{{ judul | tebal }}", "filter 'tebal' tidak ada"),
    ],
)
def test_template_mistakes_are_explained_in_indonesian(project, extra: str, expected: str) -> None:
    make_post(project, "satu")
    template = project.root / "sop" / "templat" / "pengumuman.txt.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text("*{{ kantor }}*\n" + extra + "\n", encoding="utf-8")
    write_announce_settings(project.root, "kanal: wa-manual\ntemplat: templat/pengumuman.txt.j2\n")
    r = umumkan(project, "--uji")
    assert r.exit_code == 1, r.output
    assert "sop/templat/pengumuman.txt.j2:2: templat pengumuman" in r.output
    assert expected in r.output
    assert "Jinja was looking" not in r.output and "is undefined" not in r.output


def test_confirmation_is_recorded_as_the_person_who_confirms(project) -> None:
    import git

    from jdih.post import read_post

    path = make_post(project, "satu")
    repo = git.Repo.init(project.root)
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "muhammad.rizky@kpu-kotimkab.go.id")  # rizky: pengelola, not the default
    r = umumkan(project, "--terkirim", "2026/satu", env={"JDIH_PENGUNGGAH": ""})
    assert r.exit_code == 0, r.output
    last = read_post(path, project.content_dir).meta["riwayat"][-1]
    assert last["status"] == "diumumkan" and last["oleh"] == "rizky"


def test_someone_without_the_role_is_refused_and_nothing_changes(project) -> None:
    """Issue 13: a step is done and recorded by the person who runs it, and refused when their role
    may not (before the fix the configured announcer was recorded instead, for a staf member)."""
    import git

    path = make_post(project, "satu")
    repo = git.Repo.init(project.root)
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "siti.nurhaliza@kpu-kotimkab.go.id")  # staf only
    before = snapshot(project.root)
    for args in (("--terkirim", "2026/satu"), ("--belum-terkirim", "2026/satu"), ()):
        r = umumkan(project, *args, env={"JDIH_PENGUNGGAH": ""})
        assert r.exit_code == 1, r.output
        assert "bukan Pelaksana/Pengelola JDIH" in r.output and "Traceback" not in r.output
    assert {k: v for k, v in snapshot(project.root).items() if not k.startswith(".git/")} == {
        k: v for k, v in before.items() if not k.startswith(".git/")}
    assert path.exists()


def test_announcing_from_a_konten_branch_warns(project) -> None:
    import git

    make_post(project, "satu")
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "dwi.lestari@kpu-kotimkab.go.id")
        cw.set_value("user", "name", "Dwi")
    repo.git.add("-A")
    repo.git.commit("-m", "seed")
    repo.git.checkout("-b", "konten/lain")
    r = umumkan(project)
    assert r.exit_code == 0, r.output
    assert "PERINGATAN: folder ini sedang di cabang 'konten/lain', bukan 'main'" in r.output
    repo.git.checkout("main")
    r = umumkan(project)
    assert "PERINGATAN: folder ini" not in r.output


def test_malformed_gateway_address_is_a_definite_failure_not_uncertain(project) -> None:
    make_post(project, "satu")
    r = umumkan(project, "--kanal", "webhook", env={"JDIH_WEBHOOK_URL": "hooks.kantor.lokal/jdih",
                                                           "JDIH_WEBHOOK_SECRET": "rahasia-webhook-1"})
    assert r.exit_code == 1, r.output
    assert "GAGAL" in r.output and "alamat server tidak sah" in r.output
    assert "TIDAK PASTI" not in r.output
    # Nothing is waiting for a human decision: a corrected address simply sends on the next run.
    r = umumkan(project, "--belum-terkirim", "2026/satu")
    assert r.exit_code == 2 and "tidak punya pengiriman yang menunggu keputusan" in r.output


def test_damaged_record_stops_the_run_and_terkirim_repairs_it(project) -> None:
    """Issue 13: a damaged record stopped everything and `--terkirim` refused too; the only advice was
    to delete the file (after which a re-run announces twice)."""
    from jdih.post import read_post

    path = make_post(project, "satu")
    record = project.state_dir / "buku-besar" / "umumkan__2026__satu" / "wa-manual.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"post_id": "umumkan/2026/satu", "kanal": "wa-manual", "status": "dikirim?"}')
    r = umumkan(project)
    assert r.exit_code == 1, r.output
    assert "umumkan__2026__satu/wa-manual.json" in r.output and "status 'dikirim?' tidak dikenal" in r.output
    assert "jdih umumkan --terkirim 2026/satu" in r.output and "Traceback" not in r.output
    assert "hapus berkas" not in r.output
    r = umumkan(project, "--terkirim", "2026/satu")  # exactly as advised
    assert r.exit_code == 0, r.output
    assert read_post(path, project.content_dir).status == "diumumkan"
    kept = list((project.state_dir / "buku-besar-rusak").iterdir())
    assert len(kept) == 1 and "dikirim?" in kept[0].read_text()
    assert umumkan(project).exit_code == 0 and not record.exists()


def test_damaged_record_belum_terkirim_replaces_it_and_the_next_run_sends(project) -> None:
    from jdih.post import read_post

    path = make_post(project, "satu")
    record = project.state_dir / "buku-besar" / "umumkan__2026__satu" / "wa-manual.json"
    record.parent.mkdir(parents=True)
    record.write_text("{rusak")
    r = umumkan(project, "--belum-terkirim", "2026/satu")
    assert r.exit_code == 0, r.output
    r = umumkan(project)  # wa-manual: the message is prepared for a person again, not lost
    assert "KIRIM MANUAL" in r.output and "Traceback" not in r.output
    assert read_post(path, project.content_dir).status == "diunggah"


def test_ledger_folder_that_is_a_file_is_a_clear_error(project) -> None:
    make_post(project, "satu")
    project.state_dir.mkdir()
    (project.state_dir / "buku-besar").write_text("bukan folder")
    for args in ((), ("--terkirim", "2026/satu")):
        r = umumkan(project, *args)
        assert r.exit_code == 1, r.output
        assert "buku-besar seharusnya folder, tetapi berupa berkas" in r.output
        assert "Traceback" not in r.output and "NotADirectoryError" not in r.output
