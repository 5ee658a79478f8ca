"""The whole SOP at the desk in a real Chromium: three people carry a post with an image to disetujui."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pytest
from PIL import Image
from playwright.sync_api import Page

from desk.conftest import DeskOffice, no_english, shot, sign_in
from jdih.post import parse_post

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ENTRY = "2026/pemilih-pemula-kenali-hak-pilihmu"
SLUG = "pemilih-pemula-kenali-hak-pilihmu"
def board(page: Page, url: str) -> None:
    page.goto(f"{url}/admin/#/workflow")
    page.reload()
    page.get_by_text("Pemilih Pemula Kenali Hak Pilihmu").first.wait_for()


def open_entry(page: Page, url: str) -> None:
    board(page, url)
    page.get_by_text("Pemilih Pemula Kenali Hak Pilihmu").first.click()
    page.locator(".jdih-langkah-status").wait_for()


def panel_step(page: Page, label: str, note: str = "") -> None:
    if note:
        page.fill("#jdih-catatan-langkah", note)
    page.locator(".jdih-tombol", has_text=label).click()
    page.wait_for_url(re.compile(r"#/workflow"))
    page.get_by_text("Pemilih Pemula Kenali Hak Pilihmu").first.wait_for()


def test_three_people_carry_a_post_to_disetujui(desk_office: DeskOffice, desk_url: str, browser_page: Page,
                                                tmp_path: Path) -> None:
    page, url = browser_page, desk_url
    image = tmp_path / "poster.png"
    Image.new("RGB", (1080, 1080), (180, 20, 20)).save(image)

    # 1. Kasubbag: disposisi from the "new" form.
    sign_in(page, url, "rahmat")
    shot(page, "01-koleksi")
    no_english(page, "koleksi")
    page.goto(f"{url}/admin/#/collections/konten/new")
    page.get_by_label("Judul", exact=True).fill("Pemilih Pemula Kenali Hak Pilihmu")
    page.get_by_label("Kategori", exact=True).fill("Rutin: Edukasi")
    page.keyboard.press("Enter")
    for name in ("Instagram", "Facebook"):
        page.get_by_label("Platform", exact=True).fill(name)
        page.keyboard.press("Enter")
    page.fill("#jdih-catatan-disposisi", "Buat konten edukasi pemilih pemula")
    shot(page, "02-disposisi-baru")
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Tersimpan").first.wait_for()
    board(page, url)
    shot(page, "03-papan")
    no_english(page, "papan")
    media = page.locator("header button").filter(has_text=re.compile(r"^\s*Media\s*$"))
    assert media.count() == 1 and not media.first.is_visible()  # Decap's Media tab would bypass the SOP

    # 2. Staf: bahan dan arahan (a step inside the first column: the SOP panel).
    sign_in(page, url, "siti")
    open_entry(page, url)
    page.frame_locator("iframe").get_by_text("Instagram").first.wait_for()
    shot(page, "04-panel-langkah")
    no_english(page, "formulir")
    panel_step(page, "Draf", "Bahan: PKPU 7/2022; arahan: bahasa santai")

    # 3. Pengelola: the draft with an image, saved, then handed in.
    sign_in(page, url, "dwi")
    open_entry(page, url)
    page.get_by_label("Isi (keterangan unggahan)").fill(
        "Kamu pemilih pemula? Pastikan namamu terdaftar di DPT.\n\n#PemilihPemula #KPUKotim\n"
    )
    page.get_by_role("button", name="Tambah gambar").click()
    page.get_by_role("button", name="Pilih gambar").click()
    page.set_input_files("input[type=file]", str(image))
    page.get_by_role("button", name="Pakai yang dipilih").click()
    page.get_by_label("Teks alternatif", exact=True).fill("Poster merah ajakan cek DPT")
    # The preview checks the image before it is saved (no MEDIA-HILANG for the fresh upload).
    page.frame_locator("iframe").get_by_text("Teks alternatif: Poster merah ajakan cek DPT").wait_for()
    page.frame_locator("iframe").get_by_text("Pemeriksaan: tidak ada masalah.").wait_for()
    shot(page, "05-draf-gambar-pratinjau")
    no_english(page, "draf")
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Tersimpan").first.wait_for()
    open_entry(page, url)
    panel_step(page, "Sunting")

    # 4. Staf: the edit handed in with Decap's own status menu (Sunting -> Menunggu persetujuan).
    sign_in(page, url, "siti")
    open_entry(page, url)
    page.get_by_role("button", name=re.compile("Status: Sunting")).click()
    page.get_by_role("menuitem", name="Menunggu persetujuan").click()
    page.get_by_text("Status konten diperbarui").first.wait_for()
    # The SOP panel follows the move made with Decap's own menu.
    page.locator(".jdih-langkah-status", has_text="Menunggu persetujuan").wait_for()
    # A wrong-role move: the staf tries to approve; refused on screen, nothing recorded.
    before = remote_log(desk_office)
    open_entry(page, url)
    page.get_by_role("button", name="Setujui").first.click()
    page.get_by_role("menuitem", name="Setujui sekarang").click()
    page.get_by_text("Persetujuan ditolak").first.wait_for()
    page.wait_for_timeout(800)  # let the notification finish sliding in before the picture
    shot(page, "06-ditolak-peran-salah")
    assert "tidak berwenang menjalankan 'setujui'" in page.inner_text("body")
    no_english(page, "penolakan")
    assert remote_log(desk_office) == before

    # 5. Kasubbag: tidak setuju, with the reason, from the SOP panel.
    sign_in(page, url, "rahmat")
    open_entry(page, url)
    panel_step(page, "Perbaikan", "Tambahkan tanggal batas cek DPT")

    # 6. Pengelola fixes and hands in again; staf edits and hands in.
    sign_in(page, url, "dwi")
    open_entry(page, url)
    page.get_by_label("Isi (keterangan unggahan)").fill(
        "Kamu pemilih pemula? Cek namamu di DPT sebelum 30 November.\n\n#PemilihPemula #KPUKotim\n"
    )
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Tersimpan").first.wait_for()
    open_entry(page, url)
    panel_step(page, "Sunting")
    sign_in(page, url, "siti")
    open_entry(page, url)
    panel_step(page, "Menunggu persetujuan")
    board(page, url)
    shot(page, "07-papan-menunggu-persetujuan")
    no_english(page, "papan persetujuan")

    # 7. Kasubbag approves with Decap's Publish.
    sign_in(page, url, "rahmat")
    open_entry(page, url)
    shot(page, "08-persetujuan")
    page.get_by_role("button", name="Setujui").first.click()
    page.get_by_role("menuitem", name="Setujui sekarang").click()
    page.get_by_text("Konten disetujui").first.wait_for()
    check_record(desk_office)


def remote_log(o: DeskOffice) -> str:
    return str(git.Repo(o.office.remote).git.log("--all", "--format=%H %an %s"))


def check_record(o: DeskOffice) -> None:
    """History, front matter and periksa after the browser run."""
    repo = git.Repo(o.office.remote)
    subjects = repo.git.log("main", "--format=%s", "--first-parent").splitlines()
    assert subjects[0] == f"sop(setujui): {ENTRY}"
    every = repo.git.log("main", "--format=%an|%s").splitlines()
    steps = [line for line in every if "sop(" in line]
    assert [s.split("|")[1].split(":")[0] for s in reversed(steps)] == [
        "sop(disposisi)", "sop(draf)", "sop(ajukan)", "sop(sunting)", "sop(tolak)", "sop(ajukan)",
        "sop(sunting)", "sop(setujui)",
    ]
    text = repo.git.show(f"main:content/{ENTRY}/index.md")
    post = parse_post(Path("index.md"), text)
    assert post.status == "disetujui"
    assert [(h.status, h.actor) for h in post.history] == [
        ("disposisi", "rahmat"), ("draf", "siti"), ("sunting", "dwi"), ("persetujuan", "siti"),
        ("perbaikan", "rahmat"), ("sunting", "dwi"), ("persetujuan", "siti"), ("disetujui", "rahmat"),
    ]
    assert post.history[4].note == "Tambahkan tanggal batas cek DPT"
    assert post.media[0].alt == "Poster merah ajakan cek DPT"
    assert "poster.png" in repo.git.ls_tree("--name-only", "main", f"content/{ENTRY}/")
    assert post.body.strip().startswith("Kamu pemilih pemula? Cek namamu di DPT sebelum 30 November.\n\n#PemilihPemula")
    # jdih periksa on a fresh clone of main is clean.
    from click.testing import CliRunner

    from jdih.cli import cli

    check = git.Repo.clone_from(str(o.office.remote), o.office.base / "periksa")
    result = CliRunner().invoke(cli, ["--proyek", str(check.working_tree_dir), "periksa"],
                                env={"JDIH_SEKARANG": "2026-11-23T12:00:00+07:00"})
    assert result.exit_code == 0, result.output
    # `jdih terbitkan` (outbox) takes the approved post from there.
    with check.config_writer() as cw:
        cw.set_value("user", "email", "dwi.lestari@kpu-kotimkab.go.id")
    result = CliRunner().invoke(cli, ["--proyek", str(check.working_tree_dir), "terbitkan", "--ke", "berkas",
                                      "--pos", ENTRY], env={"JDIH_SEKARANG": "2026-11-23T13:00:00+07:00"})
    assert result.exit_code == 0, result.output
    outbox = Path(str(check.working_tree_dir), ".jdih", "kotak-keluar")
    assert sorted(p.name for p in outbox.iterdir()) == ["facebook", "instagram"]
