"""QA regressions of the local git workflow, found by walking the SOP as the office staff would."""

from __future__ import annotations

import contextlib
import os
import stat

import git
from click.testing import CliRunner

from jdih.cli import cli
from support.office import POST, SLUG, Office, give_disposisi, status_on_remote, walk_to_persetujuan, write_draft

ID = f"2026/{SLUG}"


def remote_tip(office: Office, branch: str) -> str:
    return git.Repo(office.remote).commit(branch).hexsha


def test_steps_on_the_branch_after_approval_are_refused(office: Office) -> None:
    """A stale konten/ branch after `setujui` must not accept `tolak` (it forked the record from main)."""
    walk_to_persetujuan(office)
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    tip = remote_tip(office, f"konten/{SLUG}")
    r = office.run("rahmat", "tolak", SLUG, "--catatan", "salah ketik")
    assert r.exit_code == 1, r.output
    assert "sudah digabung ke main dengan status 'disetujui'" in r.output
    assert "Traceback" not in r.output
    assert remote_tip(office, f"konten/{SLUG}") == tip
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 1 and "sudah digabung ke main" in r.output, r.output
    r = office.run("rahmat", "batalkan", SLUG, "--catatan", "tidak jadi")
    assert r.exit_code == 1 and "sudah digabung ke main" in r.output, r.output
    assert status_on_remote(office, "main") == "disetujui"


def test_empty_reason_for_tolak_and_batalkan_is_a_usage_error(office: Office) -> None:
    walk_to_persetujuan(office)
    tip = remote_tip(office, f"konten/{SLUG}")
    for cmd in ("tolak", "batalkan"):
        r = office.run("rahmat", cmd, SLUG, "--catatan", "   ")
        assert r.exit_code == 2, r.output
        assert "tidak boleh kosong" in r.output
    assert remote_tip(office, f"konten/{SLUG}") == tip
    assert status_on_remote(office, f"konten/{SLUG}") == "persetujuan"


def test_conflict_markers_in_the_draft_are_never_committed(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "<<<<<<< Updated upstream\nVersi A\n=======\nVersi B\n>>>>>>> Stashed changes")
    tip = remote_tip(office, f"konten/{SLUG}")
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 1, r.output
    assert f"{POST}:" in r.output and "tanda konflik git" in r.output
    assert remote_tip(office, f"konten/{SLUG}") == tip
    assert "Versi B" in (office["dwi"].root / POST).read_text(encoding="utf-8")  # the draft is kept


def test_unresolved_git_conflict_is_refused(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Draf dari Dwi.")
    assert office.run("dwi", "ajukan").exit_code == 0
    # Siti edited an old copy and committed it by hand; pulling now conflicts.
    siti = office["siti"]
    path = siti.root / POST
    path.write_text(path.read_text(encoding="utf-8") + "\nKoreksi Siti.\n", encoding="utf-8")
    siti.repo.git.commit("-am", "koreksi")
    with contextlib.suppress(git.GitCommandError):
        siti.repo.git.pull("--no-rebase", "origin", f"konten/{SLUG}")
    assert siti.repo.git.status("--porcelain").startswith("UU")
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 1, r.output
    assert "konflik git yang belum diselesaikan" in r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "sunting"


def test_dirty_draft_behind_the_remote_gets_a_clear_message_and_is_kept(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "siti", "Catatan koreksi Siti yang belum di-commit.")  # siti's copy: status draf
    write_draft(office, "dwi", "Draf dari Dwi.")
    assert office.run("dwi", "ajukan").exit_code == 0  # remote moves on: status sunting
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 1, r.output
    assert "di remote memuat perubahan rekan Anda pada content/2026/" in r.output
    assert f"`git stash`, lalu `git merge --ff-only origin/konten/{SLUG}`, lalu `git stash pop`" in r.output
    assert "Catatan koreksi Siti" in (office["siti"].root / POST).read_text(encoding="utf-8")
    assert not office["siti"].repo.git.stash("list")  # the work is back in place, no stash left behind


def test_dirty_draft_behind_the_remote_is_brought_up_to_date_when_the_edits_do_not_overlap(office: Office) -> None:
    """The tool does the safe part itself: set the edit aside, fast-forward, put it back."""
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Draf dari Dwi. #JDIH")
    assert office.run("dwi", "ajukan").exit_code == 0  # remote moves on: status sunting, body written
    path = office["siti"].root / POST
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("platform: [facebook, x]", "platform: [facebook]"),
                    encoding="utf-8")  # siti's uncommitted edit, lines away from what dwi changed
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 0, r.output
    assert "perubahan terbaru rekan Anda dari remote sudah digabung" in r.output
    committed = office.remote_file(f"konten/{SLUG}", POST)
    assert "platform: [facebook]" in committed and "Draf dari Dwi." in committed
    assert status_on_remote(office, f"konten/{SLUG}") == "persetujuan"
    assert not office["siti"].repo.git.stash("list")


def test_refused_step_leaves_the_user_on_their_branch(office: Office) -> None:
    give_disposisi(office)
    siti = office["siti"]
    assert siti.repo.active_branch.name == "main"
    r = office.run("siti", "sunting", SLUG)  # wrong order: the post is in disposisi
    assert r.exit_code == 1
    assert "Langkah berikutnya menurut SOP: `jdih draf" in r.output
    assert siti.repo.active_branch.name == "main"


def test_push_refused_by_the_server_then_rerun_sends_the_same_step(office: Office) -> None:
    give_disposisi(office)
    hook = office.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'ditolak oleh aturan server' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    r = office.run("siti", "draf", SLUG, "--catatan", "bahan")
    assert r.exit_code == 1, r.output
    assert "server remote menolak push" in r.output
    assert "remote sudah memuat perubahan" not in r.output
    hook.unlink()
    r = office.run("siti", "draf", SLUG, "--catatan", "bahan")
    assert r.exit_code == 0, r.output
    assert "kini dikirim ke remote" in r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "draf"


def test_offline_remote_is_explained_in_indonesian(office: Office) -> None:
    give_disposisi(office)
    os.rename(office.remote, office.remote.with_suffix(".luring"))
    r = office.run("siti", "draf", SLUG)
    assert r.exit_code == 1, r.output
    assert "tidak dapat dihubungi" in r.output and "tidak ada yang diubah" in r.output
    assert "fatal:" not in r.output and "Could not read" not in r.output


def test_typo_in_the_content_name_suggests_the_right_one(office: Office) -> None:
    give_disposisi(office)
    r = office.run("siti", "draf", "2026/mengenal-pkpu-nomor-8-tahun-2042")
    assert r.exit_code == 2  # an unknown post is a usage error in every command
    assert f"Maksud Anda: {SLUG}?" in r.output


def test_report_names_the_next_command(office: Office) -> None:
    r = office.run(
        "rahmat", "disposisi", "Mengenal PKPU Nomor 8 Tahun 2024", "--kategori", "rutin-edukasi",
        "--platform", "instagram",
    )
    assert r.exit_code == 0, r.output
    assert f"Perintah berikutnya: `jdih draf {ID}` (Staf Sub Bagian Hukum dan SDM)." in r.output


def test_disposisi_help_does_not_describe_a_konten_argument(office: Office) -> None:
    r = CliRunner().invoke(cli, ["disposisi", "--help"])
    assert r.exit_code == 0
    assert "KONTEN = tahun/slug" not in r.output
    r = CliRunner().invoke(cli, ["draf", "--help"])
    text = " ".join(r.output.split())
    assert "jdih buka KONTEN" in text
    assert "git switch konten/<slug>" in text


def test_deadline_in_the_past_is_refused(office: Office) -> None:
    r = office.run(
        "rahmat", "disposisi", "Uji Tenggat", "--kategori", "pengumuman", "--platform", "x", "--tenggat", "2025-11-25"
    )
    assert r.exit_code == 2, r.output
    assert "sudah lewat" in r.output
    assert "konten/uji-tenggat" not in [h.name for h in office["rahmat"].repo.heads]


def test_two_steps_in_the_same_second_are_both_recorded(office: Office) -> None:
    give_disposisi(office)
    r = office.run("siti", "draf", SLUG, minutes=0)  # same clock reading as the disposisi
    assert r.exit_code == 0, r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "draf"


def test_a_clock_far_behind_is_explained(office: Office) -> None:
    give_disposisi(office)
    r = office.run("siti", "draf", SLUG, minutes=-60)
    assert r.exit_code == 1, r.output
    assert "jam komputer ini" in r.output and "Periksa tanggal dan jam komputer" in r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "disposisi"


def test_broken_front_matter_is_named_relative_with_line_and_nothing_is_committed(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Draf.")
    path = office["dwi"].root / POST
    path.write_text(path.read_text(encoding="utf-8").replace("kategori: rutin-edukasi", "kategori: [rutin"), "utf-8")
    tip = remote_tip(office, f"konten/{SLUG}")
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"galat: {POST}:"), r.output
    assert "saran: Perbaiki baris tersebut" in r.output
    assert remote_tip(office, f"konten/{SLUG}") == tip


def test_riwayat_of_a_mistyped_konten_suggests_the_right_one(office: Office) -> None:
    give_disposisi(office)  # rahmat's clone stays on the new konten/ branch
    r = office.run("rahmat", "riwayat", "2026/mengenal-pkpu-nomor-8-tahun-2042")
    assert r.exit_code == 2, r.output
    assert f"Maksud Anda: {ID}?" in r.output


def test_buka_switches_to_the_latest_konten_branch_for_writing(office: Office) -> None:
    from jdih.cli.alur import buka

    give_disposisi(office)
    siti = office["siti"]
    r = CliRunner().invoke(buka, [ID], obj={"project_dir": str(siti.root)})
    assert r.exit_code == 0, r.output
    assert siti.repo.active_branch.name == f"konten/{SLUG}"
    assert f"Tulis di: {POST}" in r.output
    assert f"Setelah selesai: `jdih draf {ID}`" in r.output
    assert (siti.root / POST).is_file()


def test_buka_refuses_with_uncommitted_work_and_moves_nothing(office: Office) -> None:
    from jdih.cli.alur import buka
    from jdih.errors import RepositoryError

    give_disposisi(office)
    siti = office["siti"]
    (siti.root / "catatan.txt").write_text("pekerjaan", encoding="utf-8")
    r = CliRunner().invoke(buka, [ID], obj={"project_dir": str(siti.root)})
    assert isinstance(r.exception, RepositoryError)
    assert siti.repo.active_branch.name == "main"
    assert (siti.root / "catatan.txt").read_text(encoding="utf-8") == "pekerjaan"


def test_buka_names_uncommitted_files_plainly_and_keeps_a_draft_on_the_posts_own_branch(office: Office) -> None:
    give_disposisi(office)
    siti = office["siti"]
    stray = siti.root / "content" / "2026" / SLUG / "catatan.txt"  # written on main, in the post's folder
    stray.parent.mkdir(parents=True)
    stray.write_text("bahan\n", encoding="utf-8")
    r = office.run("siti", "buka", SLUG)
    assert r.exit_code == 1, r.output
    assert f"ada perubahan yang belum di-commit: content/2026/{SLUG}/catatan.txt" in r.output
    assert "di luar folder konten ini" not in r.output
    stray.unlink()
    stray.parent.rmdir()
    assert office.run("siti", "buka", SLUG).exit_code == 0
    draft = siti.root / POST
    draft.write_text(draft.read_text(encoding="utf-8") + "\nBahan awal.\n", encoding="utf-8")
    r = office.run("siti", "buka", SLUG)  # again, on the branch, with the draft unsaved: kept
    assert r.exit_code == 0, r.output
    assert "Bahan awal." in draft.read_text(encoding="utf-8")


def test_ajukan_on_a_branch_that_diverged_rebases_it_safely_itself(office: Office) -> None:
    """dwi committed locally (not sent) while siti recorded `draf` on the remote: ajukan puts dwi's commit on
    top (rebase, only on konten/ branches) and keeps the draft being written."""
    give_disposisi(office)
    dwi = office["dwi"]
    assert office.run("dwi", "buka", SLUG).exit_code == 0
    folder = dwi.root / "content" / "2026" / SLUG
    (folder / "catatan-gambar.txt").write_text("ukuran 1080x1080\n", encoding="utf-8")
    dwi.repo.git.add("-A")
    dwi.repo.git.commit("-m", "catatan gambar")  # local only
    assert office.run("siti", "draf", SLUG).exit_code == 0  # the remote moves on
    path = dwi.root / POST
    path.write_text(path.read_text(encoding="utf-8") + "\nDraf Dwi. #JDIH\n", encoding="utf-8")
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 0, r.output
    assert "dipindah ke atas perubahan rekan dari remote (rebase)" in r.output
    remote = git.Repo(office.remote)
    assert remote.git.show(f"konten/{SLUG}:content/2026/{SLUG}/catatan-gambar.txt") == "ukuran 1080x1080"
    assert status_on_remote(office, f"konten/{SLUG}") == "sunting"
    assert "Draf Dwi." in office.remote_file(f"konten/{SLUG}", POST)
    assert len(remote.commit(f"konten/{SLUG}").parents) == 1  # linear: no merge commit on the branch
