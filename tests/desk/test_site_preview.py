"""The desk's site preview (``/``) is built again when a step moved ``main``, and only then."""

from __future__ import annotations

import shutil

from desk.conftest import Browserless, DeskOffice
from helpers import REPO
from jdih.desk.service import SitePreview
from jdih.site.output import MARKER

SLUG = "2026/kenali-tps/index"
PATH = "content/2026/kenali-tps/index.md"
NEW = "---\njudul: Kenali TPS\nkategori: rutin-edukasi\nplatform: [x]\n---\n"
DRAFT = "---\njudul: Kenali TPS\nkategori: rutin-edukasi\nplatform: [x]\n---\n\nCek lokasi TPS Anda. #Pemilu\n"


def persist(c: Browserless, raw: str, new: bool = False) -> None:
    status, answer = c.decap(
        "persistEntry", dataFiles=[{"path": PATH, "slug": SLUG, "raw": raw}], assets=[],
        options={"newEntry": new, "useWorkflow": True, "collectionName": "konten", "status": "draft"},
    )
    assert status == 200, answer


def move(c: Browserless, column: str) -> None:
    status, answer = c.decap("updateUnpublishedEntryStatus", collection="konten", slug=SLUG, newStatus=column)
    assert status == 200, answer


def test_the_approval_rebuilds_the_site_preview_and_other_steps_do_not(desk_office: DeskOffice) -> None:
    desk = desk_office.desk
    assert desk.site_dir is not None
    # The office's main gets the site's MkDocs hooks file (mkdocs.yml names it), as a real office has.
    rahmat = desk_office.office["rahmat"]
    hooks = rahmat.root / "scripts" / "jdih" / "site" / "hooks.py"
    hooks.parent.mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "jdih" / "site" / "hooks.py", hooks)
    rahmat.repo.git.add("-A")
    rahmat.repo.git.commit("-m", "situs: hooks MkDocs")
    rahmat.repo.git.push("origin", "main")
    desk.backend.desk.fetch()
    preview = SitePreview(desk, desk_office.local)
    desk.after_step = preview.request
    kasubbag, staf, pengelola = (Browserless(desk, who) for who in ("rahmat", "siti", "dwi"))

    persist(kasubbag, NEW, new=True)
    assert staf.post("/api/meja/langkah", {"slug": SLUG, "perintah": "draf"})[0] == 200
    persist(pengelola, DRAFT)
    move(pengelola, "pending_review")
    move(staf, "pending_publish")
    if preview.thread is not None:
        preview.thread.join()
    assert not (desk.site_dir / MARKER).exists()  # main did not move: nothing was built

    status, answer = kasubbag.decap("publishUnpublishedEntry", collection="konten", slug=SLUG)
    assert status == 200, answer
    assert preview.thread is not None
    preview.thread.join()
    assert (desk.site_dir / MARKER).is_file() and (desk.site_dir / "index.html").is_file()
