"""QA regressions for `jdih terbitkan`: what the pengelola reads and what is left on disk.

Each test here failed before its fix (see the QA report): wrong-role uploader caught only after
sending, --pos messages, contradictory TIDAK PASTI text, --selesaikan validation, caption limits
named without the file, outbox results labelled as if posted.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from helpers import NOW, make_post
from jdih.channels.base import Delivery, Outgoing, ProgressFn
from jdih.cli import cli
from jdih.errors import ChannelError
from jdih.ledger import UNKNOWN
from jdih.post import read_post
from jdih.project import Project
from jdih.publishing import publish_all
from jdih.publishing.service import ledger_for

LONG_BODY = "Sahabat Pemilih, mari mengenal aturan pemilu. " * 20  # ~920 characters, over Mastodon's 500


def invoke(project: Project, *args: str, env: dict[str, str] | None = None) -> Result:
    base = {"JDIH_SEKARANG": NOW.isoformat(), "JDIH_PENGUNGGAH": "rizky"}
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "terbitkan", *args], env={**base, **(env or {})})


def approved(project: Project, slug: str, platform: list[str], **kw: Any) -> Path:
    return make_post(project, slug, status="disetujui", platform=platform, image=False, **kw)


def snapshot(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.root)): p.read_bytes() for p in sorted(project.root.rglob("*")) if p.is_file()}


def test_uploader_without_pengelola_role_is_refused_before_anything_is_sent(project: Project) -> None:
    approved(project, "satu", ["x", "facebook"])
    before = snapshot(project)
    for args in ((), ("--uji",)):
        res = invoke(project, *args, env={"JDIH_PENGUNGGAH": "rahmat"})
        assert res.exit_code == 1, res.output
        assert "bukan Pelaksana/Pengelola JDIH" in res.output and "dwi, rizky" in res.output
        assert "Traceback" not in res.output
    # Before the fix the outbox files and `selesai` ledger records were written, then the
    # `diunggah` record was refused: half done. Now nothing is touched.
    assert snapshot(project) == before
    assert not project.state_dir.exists()


def test_pos_unknown_suggests_the_closest_post(project: Project) -> None:
    approved(project, "mengenal-pkpu-8-2019-tata-kerja", ["x"])
    res = invoke(project, "--pos", "mengenal-pkpu-8-2019")
    assert res.exit_code == 2
    assert "tidak ditemukan" in res.output and "maksud Anda: 2026/mengenal-pkpu-8-2019-tata-kerja?" in res.output
    assert "Tidak ada yang dikirim" in res.output


def test_pos_not_yet_approved_says_its_status(project: Project) -> None:
    make_post(project, "menunggu", status="persetujuan", image=False)
    res = invoke(project, "--pos", "2026/menunggu")
    assert res.exit_code == 1
    assert "berstatus 'Menunggu persetujuan', belum disetujui oleh Kasubbag" in res.output


def test_pos_already_published_is_a_note_not_a_failure(project: Project) -> None:
    make_post(project, "sudah", status="diunggah", image=False)
    res = invoke(project, "--pos", "2026/sudah")
    assert res.exit_code == 0, res.output
    assert "catatan: 2026/sudah sudah berstatus 'Diunggah'; tidak dikirim ulang" in res.output


def test_pos_accepts_the_file_path(project: Project) -> None:
    path = approved(project, "satu", ["x"])
    res = invoke(project, "--pos", "content/2026/satu/index.md")
    assert res.exit_code == 0, res.output
    assert read_post(path).status == "diunggah"


class _UnsureChannel:
    """A channel whose check with the platform fails with a retryable error (server down)."""

    name = "mastodon"

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        raise AssertionError("must not send while the earlier attempt is uncertain")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        raise ChannelError(
            "Mastodon: server bermasalah (HTTP 500) saat memeriksa kiriman; aman untuk diulang",
            channel="mastodon",
            kind="ulang",
        )


def test_uncertain_record_is_never_described_as_safe_to_retry(project: Project) -> None:
    approved(project, "satu", ["mastodon"])
    ledger_for(project).update("2026/satu", "mastodon", NOW - timedelta(hours=1), status=UNKNOWN)
    report = publish_all(project, lambda _p: _UnsureChannel(), NOW, actor="rizky", sleep=lambda _s: None)
    (r,) = report.results
    assert r.status == "tidak-pasti"
    assert "aman untuk diulang" not in (r.reason or "")
    assert "belum dapat dipastikan" in (r.reason or "")
    assert "jdih terbitkan --selesaikan 2026/satu mastodon --tautan" in (r.hint or "")
    assert "jdih terbitkan --selesaikan 2026/satu mastodon --belum-terbit" in (r.hint or "")


class _DownChannel:
    """A platform that refuses connections: nothing is ever created."""

    name = "x"

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        raise ChannelError("X: tidak dapat terhubung ke server; belum ada yang terkirim", channel="x", kind="ulang")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        return None


def test_retryable_failure_tells_what_to_do(project: Project) -> None:
    approved(project, "satu", ["x"])
    report = publish_all(project, lambda _p: _DownChannel(), NOW, actor="rizky", sleep=lambda _s: None, max_attempts=1)
    (r,) = report.results
    assert r.status == "gagal" and r.hint is not None and "jalankan ulang `jdih terbitkan`" in r.hint


def test_selesaikan_validates_before_touching_the_ledger(project: Project) -> None:
    approved(project, "satu", ["telegram"])
    ledger_for(project).update("2026/satu", "telegram", NOW - timedelta(hours=1), status=UNKNOWN)
    before = snapshot(project)
    cases = [
        (("--selesaikan", "2026/satu", "telegram"), 2, "pilih tepat satu"),
        (("--selesaikan", "2026/satu", "telegarm", "--belum-terbit"), 2, "platform 'telegarm' tidak dikenal"),
        (("--selesaikan", "2026/satu", "telegram", "--tautan", "http://t.me/a/1"), 2, "https://"),
        (("--selesaikan", "2026/tidak-ada", "telegram", "--belum-terbit"), 1, "pos '2026/tidak-ada' tidak ditemukan"),
    ]
    for args, code, text in cases:
        res = invoke(project, *args)
        assert res.exit_code == code, (args, res.output)
        assert text in res.output, (args, res.output)
        assert "Traceback" not in res.output
    assert snapshot(project) == before
    res = invoke(project, "--selesaikan", "2026/tidak-ada", "telegram", "--belum-terbit")
    assert "Yang dapat diselesaikan: 2026/satu telegram (tidak-pasti)" in res.output


def test_caption_too_long_names_the_post_file_and_unit(project: Project) -> None:
    approved(project, "panjang", ["mastodon"], body=LONG_BODY)
    res = invoke(project, "--uji")
    assert res.exit_code == 1
    assert "Mastodon: teks terlalu panjang:" in res.output and "karakter, batas 500" in res.output
    assert "content/2026/panjang/index.md" in res.output
    assert "(karakter)" not in res.output  # the raw `hitung` id is not a user's word


def test_dry_run_shows_length_as_the_platform_counts_it(project: Project) -> None:
    approved(project, "satu", ["x"])
    res = invoke(project, "--uji")
    assert res.exit_code == 0, res.output
    assert "dari batas 280" in res.output


def test_outbox_run_is_not_presented_as_posted(project: Project) -> None:
    approved(project, "satu", ["x"])
    res = invoke(project, "--uji")
    assert "AKAN DISIAPKAN" in res.output and "AKAN DIKIRIM" not in res.output
    res = invoke(project)
    assert res.exit_code == 0, res.output
    assert "DISIAPKAN" in res.output and "SELESAI" not in res.output
    assert "TIDAK mengirim ke media sosial" in res.output
    assert ".jdih/kotak-keluar/x/2026__satu/" in res.output
    instructions = (project.state_dir / "kotak-keluar" / "x" / "2026__satu" / "PETUNJUK.txt").read_text()
    assert "BELUM dikirim" in instructions


def test_waiting_post_date_is_indonesian(project: Project) -> None:
    approved(project, "nanti", ["x"], jadwal=(NOW + timedelta(days=1)).isoformat())
    res = invoke(project)
    assert res.exit_code == 0, res.output
    assert "Terjadwal: 2026/nanti pada 25 November 2026 10.00 WIB" in res.output


def test_sentinel_tokens_never_printed_on_failure(project: Project) -> None:
    approved(project, "satu", ["telegram", "mastodon"])
    env = {
        "JDIH_TELEGRAM_BOT_TOKEN": "SENTINEL-TG-9f8e7d",
        "JDIH_TELEGRAM_CHAT_ID": "@kanal",
        "JDIH_TELEGRAM_URL": "http://127.0.0.1:9",  # nothing listens: connection refused
        "JDIH_MASTODON_TOKEN": "SENTINEL-MA-1a2b3c",
        "JDIH_MASTODON_URL": "http://127.0.0.1:9",
        "JDIH_TERBIT_PERCOBAAN": "1",
    }
    for args in (("--uji",), (), ("--format", "json")):
        res = invoke(project, *args, env=env)
        assert "SENTINEL" not in res.output
        assert "Traceback" not in res.output
    ledger_text = "".join(p.read_text() for p in project.state_dir.rglob("*.json"))
    assert "SENTINEL" not in ledger_text


def test_missing_image_fails_in_the_dry_run_and_the_real_run_without_traceback(project: Project) -> None:
    path = make_post(project, "tanpa-gambar", status="disetujui", platform=["x", "facebook"], image=True)
    (path.parent / "gambar-1.jpg").unlink()
    before = snapshot(project)
    for args in (("--uji",), ()):
        res = invoke(project, *args)
        assert res.exit_code == 1, res.output
        assert "berkas media 'gambar-1.jpg' tidak ditemukan" in res.output
        assert "content/2026/tanpa-gambar/index.md:" in res.output
        assert res.output.count("saran (2026/tanpa-gambar, x, facebook)") == 1  # one advice line, not one per platform
        assert res.exception is None or isinstance(res.exception, SystemExit)
    assert read_post(path).status == "disetujui"
    assert {k: v for k, v in snapshot(project).items() if not k.startswith(".jdih")} == before


def test_unreadable_image_is_refused(project: Project) -> None:
    path = make_post(project, "rusak", status="disetujui", platform=["x"], image=True)
    (path.parent / "gambar-1.jpg").write_bytes(b"bukan gambar")
    for args in (("--uji",), ()):
        res = invoke(project, *args)
        assert res.exit_code == 1, res.output
        assert "bukan gambar yang dapat dibaca" in res.output


def test_media_outside_the_post_folder_is_never_uploaded(project: Project, tmp_path: Path) -> None:
    secret = project.root / "rahasia.jpg"
    from helpers import make_image

    make_image(secret)
    make_post(project, "jalan", status="disetujui", platform=["x"], image=False,
              media=[{"berkas": "../../../rahasia.jpg", "alt": "x"}])
    res = invoke(project)
    assert res.exit_code == 1, res.output
    assert "berada di luar folder pos" in res.output
    assert not (project.state_dir / "kotak-keluar").exists()


def test_damaged_ledger_record_stops_the_run_and_selesaikan_repairs_it(project: Project) -> None:
    path = approved(project, "satu", ["telegram"])
    record = project.state_dir / "buku-besar" / "2026__satu" / "telegram.json"
    record.parent.mkdir(parents=True)
    record.write_text("{rusak")
    for args in ((), ("--uji",)):
        res = invoke(project, *args)
        assert res.exit_code == 1, res.output
        assert ".jdih/buku-besar/2026__satu/telegram.json:1: catatan buku besar rusak" in res.output
        assert "Traceback" not in res.output
        # The advice is the repair command, never "delete the file".
        assert "jdih terbitkan --selesaikan 2026/satu telegram --tautan <URL pos>" in res.output
        assert "hapus berkas" not in res.output
    assert record.read_text() == "{rusak"
    assert read_post(path).status == "disetujui"
    # The pengelola checked Telegram: the post is there. The damaged record is replaced (a copy is kept).
    res = invoke(project, "--selesaikan", "2026/satu", "telegram", "--tautan", "https://t.me/jdihkotim/77")
    assert res.exit_code == 0, res.output
    kept = list((project.state_dir / "buku-besar-rusak").iterdir())
    assert [k.read_text() for k in kept] == ["{rusak"] and "buku-besar-rusak" in res.output
    # The printed next step works as printed, and nothing is sent again (a person's link is trusted
    # once it has the shape of a Telegram post).
    assert "Jalankan `jdih terbitkan`" in res.output
    res = invoke(project)
    assert res.exit_code == 0, res.output
    post = read_post(path)
    assert post.status == "diunggah" and post.links["telegram"] == "https://t.me/jdihkotim/77"


def test_damaged_record_belum_terbit_replaces_it_and_the_next_run_sends(project: Project) -> None:
    approved(project, "satu", ["x"])
    record = project.state_dir / "buku-besar" / "2026__satu" / "x.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"post_id": "2026/satu", "kanal": "x", "status": "selesai", "evil": 1}')
    res = invoke(project, "--selesaikan", "2026/satu", "x", "--belum-terbit")
    assert res.exit_code == 0, res.output
    res = invoke(project)  # outbox mode: "sending" is writing the files
    assert res.exit_code == 0, res.output
    assert read_post(project.content_dir / "2026/satu/index.md").status == "diunggah"


def test_announcement_records_are_not_offered_for_selesaikan(project: Project) -> None:
    approved(project, "satu", ["telegram"])
    ledger = ledger_for(project)
    ledger.update("umumkan/2026/lama", "wa-manual", NOW, status=UNKNOWN)  # `jdih umumkan` shares the folder
    ledger.update("2026/satu", "telegram", NOW, status=UNKNOWN)
    res = invoke(project, "--selesaikan", "2026/tidak-ada", "telegram", "--belum-terbit")
    assert "Yang dapat diselesaikan: 2026/satu telegram (tidak-pasti)." in res.output
    assert "wa-manual" not in res.output


def test_damaged_announcement_record_is_named_as_such(project: Project) -> None:
    approved(project, "satu", ["telegram"])
    record = project.state_dir / "buku-besar" / "umumkan__2026__lama" / "wa-manual.json"
    record.parent.mkdir(parents=True)
    record.write_text("")
    res = invoke(project)
    assert res.exit_code == 1, res.output
    assert "catatan umumkan rusak (2026/lama lewat wa-manual)" in res.output
    assert "jdih umumkan --terkirim 2026/lama" in res.output and "jdih umumkan --belum-terkirim 2026/lama" in res.output
    assert "hapus" not in res.output.replace("jangan menghapusnya", "")


def _git_clone_of(project: Project, tmp_path: Path, email: str) -> Any:
    """The project as a clone of a bare office remote, with ``email`` as this person's git identity."""
    import git

    remote = git.Repo.init(tmp_path / "kantor.git", bare=True, initial_branch="main")
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", email)
        cw.set_value("user", "name", email.split("@")[0])
    (project.root / ".gitignore").write_text("/.jdih/\n.jdih-tmp-*\n")
    repo.git.add("-A")
    repo.git.commit("-m", "awal")
    repo.create_remote("origin", str(remote.git_dir))
    repo.git.push("-u", "origin", "main")
    return repo


def test_a_staf_member_running_terbitkan_is_refused_and_nothing_changes(project: Project, tmp_path: Path) -> None:
    """Issue 13: `terbitkan` by a non-pengelola succeeded and recorded the first pengelola."""
    path = approved(project, "satu", ["x"])
    _git_clone_of(project, tmp_path, "siti.nurhaliza@kpu-kotimkab.go.id")
    before = {k: v for k, v in snapshot(project).items() if not k.startswith(".git/")}
    for args in ((), ("--uji",), ("--selesaikan", "2026/satu", "x", "--belum-terbit")):
        res = invoke(project, *args, env={"JDIH_PENGUNGGAH": ""})
        assert res.exit_code == 1, res.output
        assert "'siti' (Siti" in res.output and "bukan Pelaksana/Pengelola JDIH" in res.output
        assert "dwi, rizky" in res.output and "Traceback" not in res.output
    assert {k: v for k, v in snapshot(project).items() if not k.startswith(".git/")} == before
    assert read_post(path).status == "disetujui"


def test_the_pengelola_who_runs_it_is_recorded(project: Project, tmp_path: Path) -> None:
    path = approved(project, "satu", ["x"])
    _git_clone_of(project, tmp_path, "muhammad.rizky@kpu-kotimkab.go.id")  # not the first pengelola listed
    res = invoke(project, env={"JDIH_PENGUNGGAH": ""})
    assert res.exit_code == 0, res.output
    assert "Pengunggah dicatat: rizky (identitas git muhammad.rizky@kpu-kotimkab.go.id)" in res.output
    assert read_post(path).history[-1].actor == "rizky"


def test_real_link_after_a_manual_upload_from_the_outbox(project: Project, tmp_path: Path) -> None:
    """Issue 13: after uploading by hand from the outbox there was no way to record the real link."""

    path = make_post(project, "satu", status="disetujui", platform=["instagram", "telegram"], image=True)
    repo = _git_clone_of(project, tmp_path, "dwi.lestari@kpu-kotimkab.go.id")
    assert invoke(project).exit_code == 0  # outbox mode: prepared, the page link recorded
    assert read_post(path).links["telegram"].endswith("#kotak-keluar-telegram")
    assert not repo.is_dirty()  # the step committed and pushed its outcome itself
    bad = invoke(project, "--selesaikan", "2026/satu", "telegram", "--tautan", "https://evil.example/jdihkotim/5")
    assert bad.exit_code == 2 and "bukan alamat pos Telegram" in bad.output
    res = invoke(project, "--selesaikan", "2026/satu", "telegram", "--tautan", "https://t.me/jdihkotim/5")
    assert res.exit_code == 0, res.output
    post = read_post(path)
    assert post.links["telegram"] == "https://t.me/jdihkotim/5" and post.status == "diunggah"
    assert post.links["instagram"].endswith("#kotak-keluar-instagram")
    # The verdict is committed and pushed like the step itself: nothing is left for the user to save.
    assert "Simpan ke git" not in res.output
    assert not repo.is_dirty()
    assert "https://t.me/jdihkotim/5" in repo.git.show("origin/main:content/2026/satu/index.md")
    assert "terbitkan: 2026/satu tautan telegram" in repo.git.log("-1", "--format=%s", "origin/main")


def test_ledger_folder_that_is_a_file_is_a_clear_error(project: Project) -> None:
    approved(project, "satu", ["x"])
    project.state_dir.mkdir()
    (project.state_dir / "buku-besar").write_text("bukan folder")
    for args in ((), ("--uji",), ("--selesaikan", "2026/satu", "x", "--belum-terbit")):
        res = invoke(project, *args)
        assert res.exit_code == 1, res.output
        assert "buku-besar seharusnya folder, tetapi berupa berkas" in res.output
        assert "Traceback" not in res.output and "NotADirectoryError" not in res.output


def test_without_any_identity_locally_nothing_is_guessed(project: Project) -> None:
    """Before: "first pengelola in peran.yml" was recorded for whoever ran it."""
    path = approved(project, "satu", ["x"])
    res = invoke(project, env={"JDIH_PENGUNGGAH": "", "GITHUB_ACTIONS": ""})
    assert res.exit_code == 1, res.output
    assert "bukan repositori git" in res.output and "Traceback" not in res.output
    assert read_post(path).status == "disetujui" and not project.state_dir.exists()


def test_in_github_actions_the_configured_announcer_stands_in(project: Project) -> None:
    path = approved(project, "satu", ["x"])
    res = invoke(project, env={"JDIH_PENGUNGGAH": "", "GITHUB_ACTIONS": "true"})
    assert res.exit_code == 0, res.output
    assert read_post(path).history[-1].actor == "dwi"  # `pengumum` of the office settings


def test_planted_cached_image_is_never_uploaded(project: Project) -> None:
    """Issue 12: a planted file in the converted-image cache replaced the approved image at upload."""
    import hashlib

    from helpers import make_image
    from jdih.publishing.images import RULES, convert

    path = make_post(project, "satu", status="disetujui", platform=["instagram"], image=True)
    make_image(path.parent / "gambar-1.jpg", size=(1080, 1920))  # too tall for Instagram: converted
    converted = convert((path.parent / "gambar-1.jpg").read_bytes(), RULES["instagram"])
    cached = project.state_dir / "gambar" / "instagram" / f"{hashlib.sha256(converted).hexdigest()[:32]}.jpg"
    cached.parent.mkdir(parents=True)
    make_image(cached, size=(800, 800))  # the attacker's picture, under the name of the approved one
    res = invoke(project)
    assert res.exit_code == 0, res.output
    uploaded = project.state_dir / "kotak-keluar" / "instagram" / "2026__satu" / "gambar-1.jpg"
    assert uploaded.read_bytes() == converted and cached.read_bytes() == converted
