"""The whole SOP with git only: real clones of a bare remote, one per person."""

from __future__ import annotations

import git

from jdih.gitflow.changes import check_changes
from jdih.post import parse_post
from support.office import POST, SLUG, Office, give_disposisi, status_on_remote, walk_to_persetujuan, write_draft


def test_whole_sop_with_rejection_loop(office: Office) -> None:
    walk_to_persetujuan(office)
    r = office.run("rahmat", "tolak", SLUG, "--catatan", "Tambahkan nomor pasal")
    assert r.exit_code == 0, r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "perbaikan"
    write_draft(office, "dwi", "Dasar: Pasal 3 PKPU 8/2024.")
    assert office.run("dwi", "ajukan").exit_code == 0
    assert office.run("siti", "sunting", SLUG).exit_code == 0
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    assert "merge commit" in r.output

    remote = git.Repo(office.remote)
    head = remote.commit("main")
    assert len(head.parents) == 2, "setujui must land with a --no-ff merge commit"
    assert head.message.startswith(f"sop(setujui): 2026/{SLUG}")
    from pathlib import Path

    post = parse_post(Path(POST), office.remote_file("main", POST))
    steps = [(h.status, h.actor) for h in post.history]
    assert steps == [
        ("disposisi", "rahmat"),
        ("draf", "siti"),
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("perbaikan", "rahmat"),
        ("sunting", "dwi"),
        ("persetujuan", "siti"),
        ("disetujui", "rahmat"),
    ]
    assert post.history[4].note == "Tambahkan nomor pasal"
    assert "Pasal 3 PKPU 8/2024" in post.body
    # every entry is dated at the time its command ran, and its commit carries the same time
    times = [h.at for h in post.history]
    assert times == sorted(times)
    # the branch as proposed passes the change check against main's base
    dwi = office["dwi"]
    dwi.repo.git.fetch("origin")
    dwi.repo.git.checkout(f"konten/{SLUG}")
    dwi.repo.git.pull("--ff-only")
    assert check_changes(dwi.project, "origin/main~1", [], office.now) == []

    # the trail shows who did what and which commit recorded it
    r = office.run("rahmat", "riwayat", f"2026/{SLUG}")
    assert r.exit_code == 0, r.output
    assert "perbaikan" in r.output and "Tambahkan nomor pasal" in r.output
    assert "sop(setujui)" in r.output and "isi/keterangan (caption) diubah" in r.output


def test_refused_approval_by_non_kasubbag(office: Office) -> None:
    walk_to_persetujuan(office)
    before = git.Repo(office.remote).commit("main").hexsha
    r = office.run("siti", "setujui", SLUG)
    assert r.exit_code == 1
    assert "tidak berwenang" in r.output and "Kasubbag" in r.output
    assert "Traceback" not in r.output
    assert git.Repo(office.remote).commit("main").hexsha == before
    # the pengelola cannot reject either, nor approve their own draft
    r = office.run("dwi", "tolak", SLUG, "--catatan", "x")
    assert r.exit_code == 1 and "tidak berwenang" in r.output


def test_step_not_allowed_from_state(office: Office) -> None:
    give_disposisi(office)
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 1
    assert "berstatus 'disposisi'" in r.output and "perintah 'sunting' hanya berlaku" in r.output


def test_dirty_tree_is_refused_and_work_kept(office: Office) -> None:
    give_disposisi(office)
    siti = office["siti"]
    (siti.root / "README.md").write_text("# catatan pribadi yang belum di-commit\n")
    r = office.run("siti", "draf", SLUG)
    assert r.exit_code == 1
    assert "belum di-commit" in r.output and "README.md" in r.output
    assert (siti.root / "README.md").read_text() == "# catatan pribadi yang belum di-commit\n"
    assert siti.repo.active_branch.name == "main"


def test_unknown_git_identity_is_refused(office: Office) -> None:
    clone = office["dwi"]
    with clone.repo.config_writer() as cw:
        cw.set_value("user", "email", "orang.lain@contoh.invalid")
    r = office.run("dwi", "disposisi", "Judul", "--kategori", "pengumuman", "--platform", "x")
    assert r.exit_code == 1
    assert "tidak terdaftar di sop/peran.yml" in r.output


def test_merge_race_second_fails_cleanly_then_succeeds(office: Office) -> None:
    # two posts reach persetujuan; the Kasubbag approves both from two clones at once
    walk_to_persetujuan(office)
    r = office.run(
        "rahmat", "disposisi", "Hari Pemilu", "--kategori", "pengumuman", "--platform", "x", "--slug", "hari-pemilu"
    )
    assert r.exit_code == 0, r.output
    assert office.run("siti", "draf", "hari-pemilu").exit_code == 0
    dwi = office["dwi"]
    dwi.repo.git.fetch("origin")
    dwi.repo.git.checkout("konten/hari-pemilu")
    dwi.repo.git.pull("--ff-only")
    draft = dwi.root / "content" / "2026" / "hari-pemilu" / "index.md"
    draft.write_text(draft.read_text(encoding="utf-8").rstrip("\n") + "\n\nAyo ke TPS pada hari pemungutan suara!\n")
    assert office.run("dwi", "ajukan", "hari-pemilu").exit_code == 0
    assert office.run("siti", "sunting", "hari-pemilu").exit_code == 0
    laptop = office.clone("rahmat-laptop", "rahmat.hidayat@kpu-kotimkab.go.id")

    from jdih.gitflow.repo import Workspace
    from jdih.gitflow.steps import land

    def other_approval_lands_first() -> None:
        r = office.run("rahmat", "setujui", "hari-pemilu")
        assert r.exit_code == 0, r.output

    from jdih.errors import RepositoryError

    ws = Workspace.open(laptop.root)
    main_before = git.Repo(office.remote).commit("main").hexsha
    now = office.tick()
    try:
        land(laptop.project, ws, SLUG, "setujui", now, before_push=other_approval_lands_first)
    except RepositoryError as exc:
        assert "ditolak" in exc.message and "tidak ada yang hilang" in exc.message
    else:
        raise AssertionError("the second push must be rejected")
    # the local merge was undone: main is where it was, nothing uncommitted is left behind
    assert laptop.repo.head.commit.hexsha == main_before
    assert not laptop.repo.is_dirty(untracked_files=True)
    office.clones["rahmat-laptop"] = laptop
    r = office.run("rahmat-laptop", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    assert status_on_remote(office, "main") == "disetujui"
    from pathlib import Path

    other = parse_post(Path("x"), office.remote_file("main", "content/2026/hari-pemilu/index.md"))
    assert other.meta["status"] == "disetujui"
    merges = [c for c in git.Repo(office.remote).iter_commits("main") if len(c.parents) == 2]
    assert len(merges) == 2


def test_batalkan_lands_the_record_on_main(office: Office) -> None:
    give_disposisi(office)
    r = office.run("rahmat", "batalkan", SLUG, "--catatan", "Materi sudah diunggah oleh KPU RI")
    assert r.exit_code == 0, r.output
    assert status_on_remote(office, "main") == "dibatalkan"


def test_help_explains_the_sop_step() -> None:
    from click.testing import CliRunner

    from jdih.cli import cli

    for cmd, text in (
        ("disposisi", "Langkah 1"),
        ("draf", "Langkah 2"),
        ("ajukan", "Langkah 3"),
        ("sunting", "Langkah 4"),
        ("setujui", "Langkah 5"),
        ("tolak", "perbaikan"),
    ):
        r = CliRunner().invoke(cli, [cmd, "--help"])
        assert r.exit_code == 0
        assert text in r.output


def test_pratinjau_of_the_branch_changes(office: Office) -> None:
    walk_to_persetujuan(office)
    r = office.run("dwi", "pratinjau", "--dasar", "origin/main", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "Mengenal PKPU Nomor 8 Tahun 2024" in r.output
    assert "Yuk kenali tahapan kampanye" in r.output
    office["rahmat"].repo.git.checkout("main")
    r = office.run("rahmat", "pratinjau", "--dasar", "origin/main", "--format", "markdown")
    assert "Tidak ada konten yang berubah" in r.output  # main itself has no change


def test_riwayat_of_unknown_post(office: Office) -> None:
    r = office.run("rahmat", "riwayat", "2026/tidak-ada")
    assert r.exit_code == 2 and "tidak ditemukan" in r.output


def test_approving_twice_changes_nothing_and_says_it_is_done(office: Office) -> None:
    """Re-running a step that completed (its output lost to a closed terminal) is not an error."""
    walk_to_persetujuan(office)
    assert office.run("rahmat", "setujui", SLUG).exit_code == 0
    tip = office["rahmat"].repo.commit("main").hexsha
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0 and "sudah tercatat dan terkirim sebelumnya" in r.output, r.output
    assert office["rahmat"].repo.commit("main").hexsha == tip
    assert not office["rahmat"].repo.is_dirty(untracked_files=True)


def test_approval_is_refused_while_the_post_cannot_be_uploaded(office):
    """setujui is an order to upload: a post Instagram would reject (no image) is not approved."""
    from support.office import SLUG, status_on_remote, walk_to_persetujuan

    post = office["rahmat"].root / "content" / "2026" / SLUG / "index.md"
    walk_to_persetujuan(office)
    office["dwi"].repo.git.checkout(f"konten/{SLUG}")
    office["dwi"].repo.git.pull("--ff-only")
    path = office["dwi"].root / "content" / "2026" / SLUG / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("platform: [facebook, x]", "platform: [instagram, x]"))
    office["dwi"].repo.git.commit("-qam", "add instagram")
    office["dwi"].repo.git.push("-q", "origin", f"konten/{SLUG}")
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 1
    assert "belum dapat disetujui" in r.output
    assert "MEDIA-WAJIB" in r.output
    assert f"content/2026/{SLUG}/index.md:" in r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "persetujuan"
    assert not post.exists() or "disetujui" not in post.read_text(encoding="utf-8")
