"""`jdih umumkan` command line: preview, usage errors, group listing, missing credentials."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from fakes.gateways import FakeFonnte, FakeWaha, serve
from helpers import NOW, make_post, write_announce_settings
from jdih.cli import cli

GROUP = "120363025246125486@g.us"


def invoke(project, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["--proyek", str(project.root), "umumkan", *args],
                              env={"JDIH_SEKARANG": NOW.isoformat(), "JDIH_PENGUNGGAH": "dwi", **(env or {})})


def snapshot(root: Path) -> dict[str, str]:
    """Every file's hash, except the (empty) run lock file, which a real run leaves in .jdih/."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "jalan.lock"}


def test_uji_previews_and_changes_nothing(project):
    make_post(project, "satu", judul="Mengenal PKPU Nomor 8 Tahun 2024", seri="Istilah Pemilu")
    before = snapshot(project.root)
    r = invoke(project, "--uji")
    assert r.exit_code == 0, r.output
    assert "=== Pesan 1 (2026/satu) lewat WhatsApp manual (kotak keluar) ===" in r.output
    assert "*JDIH KPU Kabupaten Kotawaringin Timur*" in r.output
    assert "Kategori: Rutin: Edukasi | Seri: Istilah Pemilu" in r.output
    assert "(uji: tidak ada pesan yang dikirim" in r.output
    assert snapshot(project.root) == before


def test_usage_errors_are_indonesian_with_exit_2(project):
    make_post(project, "satu")
    r = invoke(project, "--uji", "--terkirim", "satu")
    assert r.exit_code == 2 and "tidak boleh dipakai bersamaan" in r.output
    r = invoke(project, "--terkirim", "tidak-ada")
    assert r.exit_code == 2 and "galat: konten 'tidak-ada' tidak ditemukan" in r.output
    r = invoke(project, "--kanal", "merpati")
    assert r.exit_code == 2 and "Nilai tidak sah" in r.output
    r = invoke(project, "--help")
    assert r.exit_code == 0 and "Langkah 6b SOP" in r.output and "--belum-terkirim" in r.output


def test_missing_token_is_a_clear_error_and_nothing_changes(project):
    make_post(project, "satu")
    before = snapshot(project.root)
    r = invoke(project, "--kanal", "wa-fonnte")
    assert r.exit_code == 1
    assert "galat: Fonnte: variabel lingkungan JDIH_FONNTE_TOKEN belum diisi" in r.output
    assert "Traceback" not in r.output
    assert snapshot(project.root) == before


def test_grup_lists_fonnte_and_waha_groups(project):
    fonnte = FakeFonnte("tok-grup-123456", {GROUP: "Grup JDIH KPU Kotim"})
    with serve(fonnte) as url:
        r = invoke(project, "grup", "--kanal", "wa-fonnte",
                   env={"JDIH_FONNTE_URL": url, "JDIH_FONNTE_TOKEN": "tok-grup-123456"})
    assert r.exit_code == 0, r.output
    assert GROUP in r.output and "Grup JDIH KPU Kotim" in r.output
    waha = FakeWaha("kunci-waha-123456", {GROUP: "Grup WAHA"})
    with serve(waha) as url:
        r = invoke(project, "grup", "--kanal", "wa-waha", env={"JDIH_WAHA_URL": url,
                                                              "JDIH_WAHA_API_KEY": "kunci-waha-123456"})
        assert r.exit_code == 0 and "Grup WAHA" in r.output
        r = invoke(project, "grup", "--kanal", "wa-waha", env={"JDIH_WAHA_URL": url, "JDIH_WAHA_API_KEY": "salah-123"})
        assert r.exit_code == 1 and "WAHA: kunci API ditolak" in r.output
    r = invoke(project, "grup")
    assert r.exit_code == 2 and "tidak menyediakan daftar grup" in r.output


def test_failed_send_exits_1_with_summary(project):
    make_post(project, "satu")
    write_announce_settings(project.root, f"kanal: wa-fonnte\ntujuan: '{GROUP}'\n")
    fake = FakeFonnte("tok-kuota-123456", {GROUP: "g"})
    fake.fault("insufficient quota")
    with serve(fake) as url:
        r = invoke(project, env={"JDIH_FONNTE_URL": url, "JDIH_FONNTE_TOKEN": "tok-kuota-123456"})
    assert r.exit_code == 1
    assert "GAGAL" in r.output and "kuota pesan habis" in r.output and "Ringkasan: 1 gagal." in r.output
    assert "tok-kuota-123456" not in r.output


def test_belum_terkirim_then_resend(project):
    make_post(project, "satu")
    write_announce_settings(project.root, f"kanal: wa-fonnte\ntujuan: '{GROUP}'\n")
    fake = FakeFonnte("tok-ulang-123456", {GROUP: "g"})
    fake.fault("timeout-before")
    with serve(fake) as url:
        env = {"JDIH_FONNTE_URL": url, "JDIH_FONNTE_TOKEN": "tok-ulang-123456", "JDIH_UMUMKAN_TIMEOUT": "5"}
        first = invoke(project, env=env)
        assert first.exit_code == 1 and "TIDAK PASTI" in first.output
        assert "jdih umumkan --terkirim 2026/satu" in first.output  # the advice names the post
        r = invoke(project, "--belum-terkirim", "2026/satu", env=env)
        assert r.exit_code == 0 and "AKAN DIKIRIM ULANG" in r.output
        r = invoke(project, env=env)
        assert r.exit_code == 0 and "TERKIRIM" in r.output
    assert len(fake.delivered) == 1


def test_pos_limits_the_run_to_the_named_posts(project):
    make_post(project, "satu", judul="Konten Satu")
    make_post(project, "dua", judul="Konten Dua")
    r = invoke(project, "--uji", "--pos", "dua")
    assert r.exit_code == 0 and "Konten Dua" in r.output and "Konten Satu" not in r.output
