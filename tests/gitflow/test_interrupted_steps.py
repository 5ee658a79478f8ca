"""A step interrupted for real (Ctrl-C = SIGINT, or SIGKILL) at any git phase is completed by re-running it."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import git
import pytest

from support.interrupt import install, jdih_command, jdih_env, run_and_kill
from support.office import POST, SLUG, Office, walk_to_persetujuan

# Every git phase of `jdih setujui`: (subcommand, argument that marks the right call).
LANDING_PHASES = [
    ("fetch", ""),  # before anything
    ("merge", "--ff-only"),  # bringing the branch up to date
    ("merge", "--no-ff"),  # the landing merge itself
    ("add", ""),  # merged, riwayat entry written, nothing staged
    ("commit", ""),  # staged, not committed
    ("push", ""),  # committed locally, not sent
    ("pre-receive", ""),  # inside the push, the remote not updated yet
    ("post-receive", ""),  # the remote updated, the client not told
]


def _approved_entries(office: Office) -> list[dict[str, object]]:
    from jdih.post import parse_post

    post = parse_post(Path(POST), office.remote_file("main", POST))
    return [e for e in post.meta["riwayat"] if e["status"] == "disetujui"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
@pytest.mark.parametrize("phase", LANDING_PHASES, ids=[f"{s}{a}" for s, a in LANDING_PHASES])
def test_setujui_interrupted_at_each_phase_is_completed_by_running_it_again(
    office: Office, tmp_path: Path, phase: tuple[str, str], sig: signal.Signals
) -> None:
    walk_to_persetujuan(office)
    bin_dir = install(tmp_path, office.remote)
    clone = office["rahmat"]
    cmd = jdih_command(clone.root, "setujui", SLUG)
    now = office.tick().isoformat()
    code, out = run_and_kill(cmd, jdih_env(bin_dir, now, tmp_path / "block", *phase), tmp_path / "block", sig)
    assert code != 0, out

    again = subprocess.run(cmd, env=jdih_env(bin_dir, office.tick().isoformat()), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stdout + again.stderr
    entries = _approved_entries(office)
    assert len(entries) == 1 and entries[0]["oleh"] == "rahmat"
    remote = git.Repo(office.remote)
    assert remote.is_ancestor(remote.commit(f"konten/{SLUG}"), remote.commit("main"))
    assert not clone.repo.is_dirty(untracked_files=True)
    assert not (Path(clone.repo.git_dir) / "MERGE_HEAD").exists()

    # Running it a third time changes nothing and says so.
    third = subprocess.run(cmd, env=jdih_env(bin_dir, office.tick().isoformat()), capture_output=True, text=True)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "sudah tercatat dan terkirim sebelumnya" in third.stdout
    assert len(_approved_entries(office)) == 1


BRANCH_PHASES = [
    ("fetch", ""),
    ("add", ""),  # the entry written into index.md, nothing staged
    ("commit", ""),  # staged, not committed
    ("push", ""),  # committed, not sent
    ("pre-receive", ""),
    ("post-receive", ""),  # the remote has it, the client was not told
]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
@pytest.mark.parametrize("phase", BRANCH_PHASES, ids=[f"{s}{a}" for s, a in BRANCH_PHASES])
def test_ajukan_interrupted_at_each_phase_is_completed_by_running_it_again(
    office: Office, tmp_path: Path, phase: tuple[str, str], sig: signal.Signals
) -> None:
    from jdih.post import parse_post
    from support.office import give_disposisi, write_draft

    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Yuk kenali tahapan kampanye Pemilu menurut PKPU 8/2024! #JDIH")
    bin_dir = install(tmp_path, office.remote)
    clone = office["dwi"]
    cmd = jdih_command(clone.root, "ajukan")
    now = office.tick().isoformat()
    code, out = run_and_kill(cmd, jdih_env(bin_dir, now, tmp_path / "block", *phase), tmp_path / "block", sig)
    assert code != 0, out

    again = subprocess.run(cmd, env=jdih_env(bin_dir, office.tick().isoformat()), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    post = parse_post(Path(POST), office.remote_file(f"konten/{SLUG}", POST))
    assert post.status == "sunting"
    assert [(h.status, h.actor) for h in post.history] == [
        ("disposisi", "rahmat"), ("draf", "siti"), ("sunting", "dwi")]
    assert "Yuk kenali tahapan" in post.body
    assert not clone.repo.is_dirty(untracked_files=True)
    assert clone.repo.commit(f"konten/{SLUG}").hexsha == git.Repo(office.remote).commit(f"konten/{SLUG}").hexsha


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_sunting_killed_while_the_draft_is_set_aside_gets_it_back_on_the_next_run(
    office: Office, tmp_path: Path, sig: signal.Signals
) -> None:
    """Killed after `git stash` and the fast-forward, before the edit is put back: nothing is lost."""
    from jdih.post import parse_post
    from support.office import give_disposisi, write_draft

    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Draf dari Dwi. #JDIH")
    assert office.run("dwi", "ajukan").exit_code == 0
    path = office["siti"].root / POST
    path.write_text(path.read_text(encoding="utf-8").replace("platform: [facebook, x]", "platform: [facebook]"),
                    encoding="utf-8")
    bin_dir = install(tmp_path, office.remote)
    cmd = jdih_command(office["siti"].root, "sunting", SLUG)
    env = jdih_env(bin_dir, office.tick().isoformat(), tmp_path / "block", "stash", "apply")
    code, out = run_and_kill(cmd, env, tmp_path / "block", sig)
    assert code != 0, out
    assert "platform: [facebook]\n" not in path.read_text(encoding="utf-8")  # the edit is in the stash now

    again = subprocess.run(cmd, env=jdih_env(bin_dir, office.tick().isoformat()), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "sudah dikembalikan" in again.stdout
    post = parse_post(Path(POST), office.remote_file(f"konten/{SLUG}", POST))
    assert post.status == "persetujuan" and post.platforms == ["facebook"] and "Draf dari Dwi." in post.body
    assert not office["siti"].repo.git.stash("list")


DISPOSISI_PHASES = [
    ("checkout", "-b"),  # before the branch exists
    ("add", ""),  # branch made, post written, nothing staged
    ("commit", ""),
    ("push", ""),
    ("pre-receive", ""),
    ("post-receive", ""),
]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
@pytest.mark.parametrize("phase", DISPOSISI_PHASES, ids=[f"{s}{a}" for s, a in DISPOSISI_PHASES])
def test_disposisi_interrupted_at_each_phase_is_completed_by_running_it_again(
    office: Office, tmp_path: Path, phase: tuple[str, str], sig: signal.Signals
) -> None:
    from jdih.post import parse_post

    bin_dir = install(tmp_path, office.remote)
    clone = office["rahmat"]
    cmd = jdih_command(clone.root, "disposisi", "Mengenal PKPU Nomor 8 Tahun 2024", "--kategori", "rutin-edukasi",
                       "--platform", "facebook,x", "--catatan", "Buat infografis")
    code, out = run_and_kill(cmd, jdih_env(bin_dir, office.tick().isoformat(), tmp_path / "block", *phase),
                             tmp_path / "block", sig)
    assert code != 0, out
    again = subprocess.run(cmd, env=jdih_env(bin_dir, office.tick().isoformat()), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    post = parse_post(Path(POST), office.remote_file(f"konten/{SLUG}", POST))
    assert [(h.status, h.actor) for h in post.history] == [("disposisi", "rahmat")]
    assert not clone.repo.is_dirty(untracked_files=True)
    assert clone.repo.commit(f"konten/{SLUG}").hexsha == git.Repo(office.remote).commit(f"konten/{SLUG}").hexsha
