"""An image uploaded in the GitHub desk: the real Decap CMS and its GitHub backend, in Chromium, on the fake.

The pengelola opens the post (in ``draf``, one image already), adds an image with the form's "Gambar"
list and Decap's media dialog (a real PNG made here), and leaves its alt text empty: before anything is
saved, the preview pane shows what ``jdih periksa`` says of that state (``MEDIA-ALT``), finding for finding.
He fills the alt text (the pane is clean), saves: the branch on the fake's remote holds the image beside
``index.md`` (the page bundle), the front matter lists it with its alt text, the SOP-owned fields are byte
for byte the same, and ``jdih periksa`` on a clone of the branch is clean, as the pane was. Then a JPEG named
``.png`` and an image over X's size limit, not saved: the pane shows periksa's ``MEDIA-JENIS`` and
``MEDIA-UKURAN``. Screenshots go to /tmp/decap_gh_shots/ (``m*``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import FrameLocator, Page, expect, sync_playwright

from desk import test_github_decap_e2e
from desk.test_github_decap_e2e import BODY, BRANCH, ENTRY, POST, SLUG, edit_caption, git, shot, sign_in
from fakes.github import REPO, TOKEN, FakeGitHub
from jdih.checks.context import CheckContext
from jdih.checks.limits import check_limits
from jdih.checks.media import check_media
from jdih.cli import cli
from jdih.post import parse_post
from jdih.project import Project
from jdih.site.build import build_site
from support.static_site import serve_site

office = test_github_decap_e2e.office  # the fixture: a project with a post in draf, its remote, the fake

ALT = "Pengelola JDIH menjelaskan cara cek DPT kepada pemilih pemula di SMAN 1 Sampit"
FOLDER = f"content/2026/{SLUG}"


def pane_findings(pane: FrameLocator) -> list[str]:
    """Every finding the preview pane shows: "KODE pesan"."""
    return sorted(t.strip() for t in pane.locator("li[data-kode]").all_inner_texts())


def periksa_says(project: Project, original: str, folder: Path, media: list[dict[str, Any]]) -> list[str]:
    """`jdih periksa`'s caption and media findings for the post with ``media``, its files in ``folder``."""
    post = parse_post(folder / "index.md", original, folder.parent.parent)
    post.meta["media"] = media
    ctx = CheckContext(project, datetime.now(UTC), decap_branch=True)
    return sorted(f"{f.code} {f.message}" for f in check_limits(ctx, post) + check_media(ctx, post))


def read_in_pane(pane: FrameLocator, name: str) -> tuple[str, int, int, int]:
    """What the pane read from the image's bytes: format, width, height, size."""
    figure = pane.locator(f'figure[data-berkas="{name}"]')
    expect(figure).not_to_have_attribute("data-format", "", timeout=60_000)
    values = [figure.get_attribute(f"data-{k}") or "" for k in ("format", "lebar", "tinggi", "bita")]
    return values[0], int(values[1]), int(values[2]), int(values[3])


def pillow_reads(path: Path) -> tuple[str, int, int, int]:
    with Image.open(path) as img:
        return str(img.format), img.size[0], img.size[1], path.stat().st_size


def add_image(page: Page, path: Path) -> None:
    """The form's "Gambar" list: a new item, its "Pilih gambar" button, Decap's media dialog, upload, use it."""
    page.get_by_role("button", name="Tambah gambar").click()
    page.get_by_role("button", name="Pilih gambar", exact=True).last.click()
    dialog_upload = page.locator("input[type=file]").last
    dialog_upload.wait_for(state="attached", timeout=60_000)
    dialog_upload.set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for(timeout=60_000)
    use = page.get_by_role("button", name="Pakai yang dipilih")
    if not use.is_enabled():
        page.get_by_text(path.name).first.click()
    use.click()
    use.wait_for(state="hidden", timeout=60_000)


def sop_blocks(text: str) -> dict[str, str]:
    """The text of each SOP-owned top-level key of a front matter (the key's line and its indented lines)."""
    front = text.split("\n---\n", 1)[0]
    blocks = re.findall(r"^((status|riwayat|tautan):.*(?:\n[ -].*)*)", front, re.MULTILINE)
    return {key: block for block, key in blocks}


@pytest.mark.browser
@pytest.mark.slow
def test_an_image_uploaded_in_the_github_desk_is_checked_before_saving_and_lands_beside_the_post(
        office: tuple[Project, Path, FakeGitHub], tmp_path: Path) -> None:
    project, remote, fake = office
    original = (project.root / POST).read_text(encoding="utf-8")
    existing = parse_post(project.root / POST, original, project.content_dir).meta["media"]
    uploads = tmp_path / "unggah"
    uploads.mkdir()
    photo = uploads / "cek-dpt.png"
    Image.new("RGB", (1200, 900), (30, 90, 160)).save(photo, "PNG")
    wrong = uploads / "salah-jenis.png"
    Image.new("RGB", (800, 800), (200, 40, 40)).save(wrong, "JPEG")  # a JPEG named .png
    big = uploads / "terlalu-besar.png"
    Image.frombytes("RGB", (1400, 1300), os.urandom(1400 * 1300 * 3)).save(big, "PNG")  # over X's 5 MB
    assert big.stat().st_size > int(project.platforms["x"].media["maks_byte"])
    # What periksa sees: the post's folder with the files the pane has (the existing image and the uploads).
    mirror = tmp_path / "cermin" / "content" / "2026" / SLUG
    mirror.mkdir(parents=True)
    for f in [project.root / FOLDER / m["berkas"] for m in existing] + [photo, wrong, big]:
        (mirror / f.name).write_bytes(f.read_bytes())

    site = build_site(project.root, tmp_path / "site", strict=False)
    errors: list[str] = []
    with serve_site(site) as root, sync_playwright() as pw:
        base = root.rstrip("/")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                                      timezone_id="Asia/Jakarta")
        context.set_default_timeout(30_000)
        page = sign_in(context, base, "dwi", errors)
        page.goto(f"{base}/admin/{ENTRY}")
        page.get_by_label(BODY).wait_for(timeout=60_000)
        pane = page.frame_locator("iframe").first
        pane.locator("[data-platform=x] .beres").wait_for(timeout=60_000)
        for item in existing:  # the file on the branch, fetched by Decap, read from its bytes as Pillow reads it
            assert read_in_pane(pane, item["berkas"]) == pillow_reads(project.root / FOLDER / item["berkas"])

        # An image without alt text: periksa's findings in the pane before saving.
        add_image(page, photo)
        pane.locator("li[data-kode=MEDIA-ALT]").wait_for(timeout=60_000)
        assert read_in_pane(pane, photo.name) == pillow_reads(photo)  # the upload, not saved yet
        shot(page, "m1-dwi-gambar-tanpa-alt")
        want = periksa_says(project, original, mirror, [*existing, {"berkas": photo.name}])
        assert pane_findings(pane) == want and len(want) == 1

        # The alt text filled: nothing left to report, as periksa says.
        page.get_by_label(re.compile("^Teks alternatif")).last.fill(ALT)
        expect(pane.locator("li[data-kode]")).to_have_count(0, timeout=30_000)
        pane.locator("[data-platform=x] .beres").wait_for()
        assert periksa_says(project, original, mirror, [*existing, {"berkas": photo.name, "alt": ALT}]) == []
        shot(page, "m2-dwi-gambar-dengan-alt")
        edit_caption(page, fake, page.get_by_label(BODY).input_value(), 2)  # save: opened, labeled
        page.get_by_label(BODY).wait_for(timeout=60_000)
        shot(page, "m3-dwi-tersimpan")

        # A JPEG named .png and an image over X's 5 MB, not saved: the pane shows periksa's findings.
        page.get_by_text("Konten tersimpan").first.wait_for(state="hidden", timeout=60_000)
        add_image(page, wrong)
        add_image(page, big)
        page.get_by_label(re.compile("^Teks alternatif")).last.fill("Gambar uji")
        page.get_by_label(re.compile("^Teks alternatif")).nth(-2).fill("Gambar uji")
        pane.locator("li[data-kode=MEDIA-UKURAN]").wait_for(timeout=60_000)
        pane.locator("li[data-kode=MEDIA-JENIS]").wait_for(timeout=60_000)
        shot(page, "m4-dwi-gambar-salah")
        want = periksa_says(project, original, mirror, [
            *existing, {"berkas": photo.name, "alt": ALT}, {"berkas": wrong.name, "alt": "Gambar uji"},
            {"berkas": big.name, "alt": "Gambar uji"}])
        assert pane_findings(pane) == want
        assert {w.split()[0] for w in want} == {"MEDIA-JENIS", "MEDIA-UKURAN"}
        browser.close()
    assert not errors

    # The saved branch: the image beside index.md (page bundle), listed with its alt text.
    assert git(remote, "rev-parse", "main") != git(remote, "rev-parse", BRANCH)
    files = git(remote, "ls-tree", "--name-only", BRANCH, FOLDER + "/").splitlines()
    assert sorted(files) == sorted([f"{FOLDER}/index.md", f"{FOLDER}/{photo.name}"]
                                   + [f"{FOLDER}/{m['berkas']}" for m in existing])
    blob = subprocess.run(["git", "--git-dir", str(remote), "show", f"{BRANCH}:{FOLDER}/{photo.name}"],
                          capture_output=True, check=True).stdout
    assert blob == photo.read_bytes()
    saved = subprocess.run(["git", "--git-dir", str(remote), "show", f"{BRANCH}:{POST}"], capture_output=True,
                           check=True).stdout.decode("utf-8")
    assert parse_post(Path(POST), saved).meta["media"] == [*existing, {"berkas": photo.name, "alt": ALT}]
    assert sop_blocks(saved) == sop_blocks(original) and set(sop_blocks(saved)) >= {"status", "riwayat"}

    # `jdih periksa` on a clone of the branch agrees with the pane: clean.
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", "-b", BRANCH, str(remote), str(clone)], check=True)
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.url}
    done = CliRunner().invoke(cli, ["--proyek", str(clone), "periksa", "--format", "json", str(clone / POST)],
                              env=env, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    found = json.loads(done.output)["temuan"]
    assert [f for f in found if f["kode"].startswith(("TEKS-", "MEDIA-")) or f["tingkat"] == "GALAT"] == []
    # Decap asked only for what the fake serves (a 404 would be an endpoint it lacks, or a missing file).
    assert fake.not_found == []
