"""The proxy backend over the office's git: SOP steps, refusals, and a private clone (no browser)."""

from __future__ import annotations

import base64
import contextlib
import io
from pathlib import Path

import git
from PIL import Image

from desk.conftest import Browserless, DeskOffice

SLUG = "2026/pemilih-pemula/index"
PATH = "content/2026/pemilih-pemula/index.md"
NEW = (
    "---\njudul: Pemilih Pemula\nkategori: rutin-edukasi\nplatform:\n  - instagram\n"
    "langkah: '{\"catatan\": \"Buat konten\", \"mulai\": \"2026-11-23T07:55\"}'\n---\n"
)


def png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (1080, 1080), (0, 80, 160)).save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def persist(c: Browserless, raw: str, new: bool = False, assets: list | None = None) -> tuple[int, object]:
    return c.decap(
        "persistEntry",
        dataFiles=[{"path": PATH, "slug": SLUG, "raw": raw}],
        assets=assets or [],
        options={"newEntry": new, "useWorkflow": True, "collectionName": "konten", "status": "draft"},
    )


def remote_log(o: DeskOffice) -> str:
    return str(git.Repo(o.office.remote).git.log("--all", "--format=%H %an %s"))


def disposisi(o: DeskOffice) -> Browserless:
    k = Browserless(o.desk, "rahmat")
    assert persist(k, NEW, new=True)[0] == 200
    return k


def test_new_entry_is_the_disposisi_by_the_kasubbag_only(desk_office: DeskOffice) -> None:
    staf = Browserless(desk_office.desk, "siti")
    before = remote_log(desk_office)
    status, answer = persist(staf, NEW, new=True)
    assert status == 409 and "tidak berwenang" in str(answer)
    assert remote_log(desk_office) == before
    disposisi(desk_office)
    text = desk_office.office.remote_file("konten/pemilih-pemula", PATH)
    assert "status: disposisi" in text and "oleh: rahmat" in text and "catatan: Buat konten" in text
    assert "mulai: 2026-11-23T07:55:00+07:00" in text  # when the request arrived (measures step 1)
    assert "langkah" not in text


def test_a_save_commits_only_the_post_folder_and_keeps_sop_fields(desk_office: DeskOffice) -> None:
    disposisi(desk_office)
    staf = Browserless(desk_office.desk, "siti")
    stray = desk_office.desk.backend.desk.root / "catatan-pribadi.txt"
    stray.write_text("jangan di-commit\n")
    raw = NEW.replace("judul: Pemilih Pemula", "judul: Pemilih Pemula\nstatus: disetujui\nriwayat: []") + "Isi #Tagar\n"
    assert persist(staf, raw, assets=[{"path": "content/2026/pemilih-pemula/foto.png", "content": png(),
                                       "encoding": "base64"}])[0] == 200
    repo = git.Repo(desk_office.office.remote)
    files = repo.git.show("--name-only", "--format=", "konten/pemilih-pemula").split()
    assert files == ["content/2026/pemilih-pemula/foto.png", "content/2026/pemilih-pemula/index.md"]
    text = desk_office.office.remote_file("konten/pemilih-pemula", PATH)
    assert "status: disposisi" in text and text.endswith("---\n\nIsi #Tagar")
    assert repo.git.log("-1", "--format=%an", "konten/pemilih-pemula") == "Siti Nurhaliza, S.H"
    # The server's own working tree was never touched.
    local = git.Repo(desk_office.local)
    assert local.active_branch.name == "main" and not local.is_dirty(untracked_files=True)


def test_the_holder_saves_others_are_refused(desk_office: DeskOffice) -> None:
    disposisi(desk_office)
    pengelola = Browserless(desk_office.desk, "dwi")
    before = remote_log(desk_office)
    status, answer = persist(pengelola, NEW + "Isi\n")
    assert status == 409 and "sedang dipegang" in str(answer)
    assert remote_log(desk_office) == before


def test_column_moves_are_sop_steps_and_wrong_roles_record_nothing(desk_office: DeskOffice) -> None:
    disposisi(desk_office)
    staf = Browserless(desk_office.desk, "siti")
    # disposisi -> draf stays in the first column: no drag means it; the panel does.
    status, answer = staf.decap("updateUnpublishedEntryStatus", collection="konten", slug=SLUG,
                                newStatus="pending_review")
    assert status == 409 and "Langkah SOP" in str(answer)
    assert staf.post("/api/meja/langkah", {"slug": SLUG, "perintah": "draf"})[0] == 200
    before = remote_log(desk_office)
    status, answer = staf.decap("updateUnpublishedEntryStatus", collection="konten", slug=SLUG,
                                newStatus="pending_review")
    assert status == 409 and "tidak berwenang" in str(answer)
    assert remote_log(desk_office) == before
    pengelola = Browserless(desk_office.desk, "dwi")
    media = "media:\n  - berkas: foto.png\n    alt: Poster\nplatform:"
    draft = NEW.replace("platform:", media) + "Cek DPT #PemilihPemula\n"
    image = [{"path": "content/2026/pemilih-pemula/foto.png", "content": png(), "encoding": "base64"}]
    assert persist(pengelola, draft, assets=image)[0] == 200
    status, answer = pengelola.decap("updateUnpublishedEntryStatus", collection="konten", slug=SLUG,
                                     newStatus="pending_review")
    assert status == 200, answer
    assert staf.decap("unpublishedEntry", collection="konten", slug=SLUG)[1]["status"] == "pending_review"  # type: ignore[index]


def test_cancel_needs_a_reason_and_the_kasubbag(desk_office: DeskOffice) -> None:
    k = disposisi(desk_office)
    status, answer = k.decap("deleteUnpublishedEntry", collection="konten", slug=SLUG)
    assert status == 428 and "Alasan wajib" in str(answer)
    assert k.decap("deleteUnpublishedEntry", collection="konten", slug=SLUG, catatan="Tidak jadi")[0] == 200
    text = desk_office.office.remote_file("main", PATH)
    assert "status: dibatalkan" in text and "catatan: Tidak jadi" in text


def test_bypasses_of_the_sop_are_refused(desk_office: DeskOffice) -> None:
    k = disposisi(desk_office)
    before = remote_log(desk_office)
    asset = {"path": "content/foto.png", "content": png(), "encoding": "base64"}
    assert k.decap("persistMedia", asset=asset, options={"commitMessage": "x"})[0] == 422
    assert k.decap("deleteFiles", paths=[PATH], options={"commitMessage": "x"})[0] == 422
    outside = [{"path": "content/2026/lain/foto.png", "content": png(), "encoding": "base64"}]
    assert persist(Browserless(desk_office.desk, "siti"), NEW + "x\n", assets=outside)[0] == 422
    assert k.decap("persistEntry", dataFiles=[{"path": PATH, "slug": SLUG, "raw": NEW}], assets=[],
                   options={"useWorkflow": False})[0] == 422
    assert k.decap("getEntry", path="../../etc/passwd")[0] == 422
    assert remote_log(desk_office) == before


def test_diffs_are_against_the_merge_base(desk_office: DeskOffice) -> None:
    disposisi(desk_office)
    # main moves on (another post lands) after the branch left it
    seed = desk_office.office["dwi"].repo
    seed.git.pull()
    Path(seed.working_tree_dir, "content", "lain.txt").write_text("x\n")
    seed.git.add("-A")
    seed.git.commit("-m", "other")
    seed.git.push("origin", "main")
    k = Browserless(desk_office.desk, "rahmat")
    status, entry = k.decap("unpublishedEntry", collection="konten", slug=SLUG)
    assert status == 200
    assert [d["path"] for d in entry["diffs"]] == [PATH]  # type: ignore[index]


def test_requests_need_session_csrf_and_same_origin(desk_office: DeskOffice) -> None:
    c = Browserless(desk_office.desk, "rahmat")
    r = c.client.post("/api/decap", json={"action": "info", "params": {}})
    assert r.status_code == 403
    r = c.client.post("/api/decap", json={"action": "info", "params": {}},
                      headers={"X-Jdih-Csrf": c.csrf, "Origin": "http://jahat.contoh"})
    assert r.status_code == 403
    c.client.cookies.clear()
    r = c.client.post("/api/decap", json={"action": "info", "params": {}}, headers={"X-Jdih-Csrf": c.csrf})
    assert r.status_code == 401
    assert c.client.get("/admin/", follow_redirects=False).headers["location"].startswith("/masuk")


def test_a_merge_left_half_done_in_the_clone_is_undone_before_the_next_write(desk_office: DeskOffice) -> None:
    disposisi(desk_office)
    root = desk_office.desk.backend.desk.root
    clone = git.Repo(root)
    for branch, text in (("a", "satu\n"), ("b", "dua\n")):
        clone.git.checkout("-B", branch, "origin/main")
        (root / "bentrok.txt").write_text(text)
        clone.git.add("bentrok.txt")
        clone.git.commit("-m", branch)
    with contextlib.suppress(git.GitCommandError):  # the conflict is the point
        clone.git.merge("a")
    assert (root / ".git" / "MERGE_HEAD").exists()
    staf = Browserless(desk_office.desk, "siti")
    assert persist(staf, NEW + "Isi\n")[0] == 200
    assert not (root / ".git" / "MERGE_HEAD").exists()
    files = git.Repo(desk_office.office.remote).git.show("--name-only", "--format=", "konten/pemilih-pemula").split()
    assert files == [PATH]


def test_the_site_preview_is_served_from_the_same_origin(desk_office: DeskOffice) -> None:
    desk = desk_office.desk
    source = desk.backend.desk.snapshot_main(desk_office.local / ".jdih" / "meja" / "situs-sumber")
    assert (source / "sop" / "alur.yml").is_file()  # main, checked out apart from every working tree
    assert desk.site_dir is not None
    c = Browserless(desk, "rahmat")
    (desk.site_dir / "index.html").write_text("<!doctype html><html><title>Situs JDIH</title></html>")
    assert "Situs JDIH" in c.client.get("/").text
    admin = c.client.get("/admin/")
    assert "'wasm-unsafe-eval'" in admin.headers["content-security-policy"]
    assert c.client.get("/admin/decap/decap-cms.js.map").status_code == 404
