"""Renaming a state or a role in ``sop/`` (and the sample content) is the only change needed.

The SOP is data: the project is copied, states and roles are renamed by plain text substitution
in ``sop/*.yml`` and in the posts' front matter, and the core behaves exactly as before: the
checks of ``jdih periksa``, the status table, the GitHub mapping and the local SOP steps on real
git clones (disposisi … setujui, and a cancellation).
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import REPO, WIB
from jdih.checks import check_paths
from jdih.cli import cli
from jdih.forge.mapping import apply_steps, timeline_steps, verify_merger
from jdih.gitflow.compare import ci_only_states
from jdih.post import Post, load_posts
from jdih.project import Project
from jdih.status_table import build_status
from support.office import SLUG, Office, status_on_remote, walk_to_persetujuan

# Old id → new id. None of these is also a command name, so the CLI's own names stay valid.
STATES = {"persetujuan": "menunggu-persetujuan", "perbaikan": "dikembalikan", "disetujui": "sudah-disetujui",
          "diunggah": "terunggah", "dibatalkan": "batal"}
ROLES = {"pengelola": "operator", "kasubbag": "kepala-subbag", "staf": "penyunting"}
RENAMES = {**STATES, **ROLES}
SOP_FILES = ("alur.yml", "peran.yml", "pengingat.yml")
# A fixed clock after every sample post, in office hours.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=WIB)

_WORD = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, RENAMES)) + r")(?![\w-])")
_STATUS_LINE = re.compile(r"^(\s*(?:-\s+)?status:\s*)(\S+)(\s*)$", re.MULTILINE)


def rename_sop(sop_dir: Path) -> None:
    """Every whole-word id in the SOP data files (keys, values, lists, and the prose around them)."""
    for name in SOP_FILES:
        path = sop_dir / name
        text = path.read_text(encoding="utf-8")
        path.write_text(_WORD.sub(lambda m: RENAMES[m.group(1)], text), encoding="utf-8")


def rename_content(content: Path) -> None:
    """The ``status`` of each post and of each ``riwayat`` entry (captions are left alone)."""
    for path in content.rglob("index.md"):
        text = path.read_text(encoding="utf-8")
        new = _STATUS_LINE.sub(lambda m: m.group(1) + STATES.get(m.group(2), m.group(2)) + m.group(3), text)
        path.write_text(new, encoding="utf-8")


def copy_project(dest: Path) -> Project:
    """The repository's project files (SOP, sample content, site and office settings) in ``dest``."""
    dest.mkdir(parents=True)
    for name in ("sop", "content", "aset"):
        shutil.copytree(REPO / name, dest / name)
    for name in ("mkdocs.yml", "kantor.yml"):
        shutil.copy(REPO / name, dest / name)
    return Project(dest)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Project]:
    """(the project as it is, the same project with states and roles renamed)."""
    base = tmp_path_factory.mktemp("ganti-nama")
    original = copy_project(base / "asli")
    renamed = copy_project(base / "baru")
    rename_sop(renamed.root / "sop")
    rename_content(renamed.content_dir)
    return original, renamed


def test_the_rename_really_happened(pair: tuple[Project, Project]) -> None:
    _original, renamed = pair
    sop = renamed.sop
    assert set(STATES.values()) <= set(sop.states) and not set(STATES) & set(sop.states)
    assert set(ROLES.values()) <= set(sop.roles) and not set(ROLES) & set(sop.roles)
    assert renamed.people.with_role("operator") and renamed.people.with_role("kepala-subbag")
    statuses = {line.split(":", 1)[1].strip() for p in renamed.content_dir.rglob("index.md")
                for line in p.read_text(encoding="utf-8").splitlines() if line.lstrip("- ").startswith("status:")}
    assert {"menunggu-persetujuan", "terunggah"} <= statuses and not set(STATES) & statuses


def test_periksa_finds_the_same_on_the_renamed_project(pair: tuple[Project, Project]) -> None:
    original, renamed = pair

    def findings(project: Project) -> list[tuple[str, int | None, str]]:
        report = check_paths(project, [], NOW, workers=1)
        return sorted((Path(f.path).relative_to(project.root).as_posix(), f.line, f.code) for f in report.findings)

    assert findings(renamed) == findings(original)
    runner = CliRunner()
    env = {"JDIH_SEKARANG": NOW.isoformat()}
    before = runner.invoke(cli, ["--proyek", str(original.root), "periksa"], env=env)
    after = runner.invoke(cli, ["--proyek", str(renamed.root), "periksa"], env=env)
    assert after.exit_code == before.exit_code, after.output
    assert "Traceback" not in after.output


def test_status_table_is_the_same_on_the_renamed_project(pair: tuple[Project, Project]) -> None:
    original, renamed = pair

    def rows(project: Project, rename: dict[str, str]) -> list[tuple[object, ...]]:
        table = build_status(project, _posts(project), NOW, show_all=True)
        assert table.unknown == 0
        return [(r.id, rename.get(r.status, r.status), r.run.step.number if r.run else None, r.late, r.holder)
                for r in table.rows]

    after = rows(renamed, {})
    assert after == rows(original, STATES)
    assert {"terunggah", "batal"} <= {row[1] for row in after}


def _posts(project: Project) -> list[Post]:
    posts, errors = load_posts(project.content_dir)
    assert errors == []
    return posts


def test_github_mapping_and_ci_states_follow_the_rename(pair: tuple[Project, Project]) -> None:
    _original, renamed = pair
    sop, people = renamed.sop, renamed.people
    assert ci_only_states(sop) == {"sudah-disetujui", "terunggah", "diumumkan"}
    from forge.test_events_mapping import merged_pr

    pr = merged_pr()
    assert verify_merger(sop, people, pr).id == "rahmat"
    steps, _notes = timeline_steps(sop, people, pr, [])
    meta = {"status": "menunggu-persetujuan", "riwayat": [
        {"status": "menunggu-persetujuan", "oleh": "siti", "waktu": datetime(2026, 11, 23, 9, 0, tzinfo=WIB)}]}
    applied = apply_steps(sop, people, meta, steps)
    assert applied.meta["status"] == "sudah-disetujui" and not applied.skipped


def test_local_sop_steps_on_the_renamed_sop(tmp_path: Path) -> None:
    office = Office(tmp_path)
    # The office renames its states and roles in one commit on main; every clone picks it up.
    kasubbag = office["rahmat"]
    rename_sop(kasubbag.root / "sop")
    kasubbag.repo.git.add("-A")
    kasubbag.repo.git.commit("-m", "sop: ganti nama status dan peran")
    kasubbag.repo.git.push("origin", "main")

    walk_to_persetujuan(office)
    assert status_on_remote(office, f"konten/{SLUG}") == "menunggu-persetujuan"
    r = office.run("rahmat", "tolak", SLUG, "--catatan", " ")
    assert r.exit_code != 0 and "tidak boleh kosong" in r.output  # the note rule still holds
    r = office.run("rahmat", "tolak", SLUG, "--catatan", "Sebutkan nomor pasalnya")
    assert r.exit_code == 0, r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "dikembalikan"
    for who, command in (("dwi", "ajukan"), ("siti", "sunting")):
        r = office.run(who, command, SLUG)
        assert r.exit_code == 0, r.output
    r = office.run("rahmat", "setujui", SLUG)
    assert r.exit_code == 0, r.output
    assert "Langkah 5 (setujui)" in r.output and "Pelaksana/Pengelola JDIH" in r.output
    assert status_on_remote(office, "main") == "sudah-disetujui"

    r = office.run("rahmat", "disposisi", "Konten yang dibatalkan", "--kategori", "pengumuman", "--platform", "x")
    assert r.exit_code == 0, r.output
    r = office.run("rahmat", "batalkan", "konten-yang-dibatalkan", "--catatan", "Tidak jadi dibuat")
    assert r.exit_code == 0, r.output
    assert "Pembatalan (batalkan)" in r.output and "→ batal " in r.output
