"""Every open sample post through Decap's real save path: only the edited line changes, riwayat stays byte-exact."""

from __future__ import annotations

import shutil

import git
import pytest
from playwright.sync_api import Page

from desk.conftest import DeskOffice, sign_in
from helpers import REPO
from jdih.post import iter_post_files, read_post
from jdih.project import Project

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OPEN = [p for p in iter_post_files(REPO / "content") if read_post(p).status in Project(REPO).sop.branch_states]
HOLDER = {"staf": "siti", "pengelola": "dwi", "kasubbag": "rahmat"}


def test_open_sample_posts_survive_a_save_from_the_editor(desk_office: DeskOffice, desk_url: str,
                                                          browser_page: Page) -> None:
    page, url = browser_page, desk_url
    clone = desk_office.office["dwi"]
    for path in OPEN:
        rel = path.parent.relative_to(REPO).as_posix()
        clone.repo.git.checkout("-B", f"konten/{path.parent.name}", "origin/main")
        shutil.copytree(path.parent, clone.root / rel)
        clone.repo.git.add("-A")
        clone.repo.git.commit("-m", f"sample {rel}")
        clone.repo.git.push("origin", f"konten/{path.parent.name}")
    sop = Project(REPO).sop
    remote = git.Repo(desk_office.office.remote)
    assert len(OPEN) >= 4
    for path in OPEN:
        post = read_post(path)
        who = HOLDER[sop.states[post.status].holder or ""]
        sign_in(page, url, who)
        slug = f"{path.parent.parent.name}/{path.parent.name}/index"
        page.goto(f"{url}/admin/#/collections/konten/entries/{slug}")
        page.locator(".jdih-langkah-status").wait_for()
        title = page.get_by_label("Judul", exact=True)
        title.fill(post.title + " (uji)")
        page.get_by_role("button", name="Simpan").first.click()
        page.get_by_text("Konten tersimpan").first.wait_for()
        original = path.read_text(encoding="utf-8").splitlines()
        saved = remote.git.show(f"konten/{path.parent.name}:{path.relative_to(REPO).as_posix()}").splitlines()
        changed = [(a, b) for a, b in zip(original, saved, strict=True) if a != b]
        assert [b for _, b in changed] == [f"judul: {post.title} (uji)"] or [
            b for _, b in changed
        ] == [f"judul: '{post.title} (uji)'"], (path, changed)
