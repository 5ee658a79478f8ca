"""Test support: an office of real git clones: a bare remote and one clone per person (pengelola, staf, Kasubbag)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import git
from click.testing import CliRunner, Result

from helpers import WIB, new_project
from jdih.cli import cli
from jdih.post import parse_post
from jdih.project import Project

# Monday 23 November 2026, 08:00 WIB: office hours, no holiday.
START = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)

PEOPLE = {
    "rahmat": "rahmat.hidayat@kpu-kotimkab.go.id",  # kasubbag
    "siti": "siti.nurhaliza@kpu-kotimkab.go.id",  # staf
    "dwi": "dwi.lestari@kpu-kotimkab.go.id",  # pengelola
}


@dataclass
class Clone:
    """One person's clone of the office repository."""

    who: str
    root: Path
    repo: git.Repo

    @property
    def project(self) -> Project:
        """A fresh Project (SOP data re-read) for this clone."""
        return Project(self.root)


class Office:
    """The bare remote, the clones, and a clock that moves forward one step at a time."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.remote = base / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.remote)], check=True)
        seed = base / "seed"
        new_project(seed)
        (seed / "content" / ".gitkeep").write_text("")
        (seed / "README.md").write_text("# JDIH\n")
        r = git.Repo.init(seed, initial_branch="main")
        with r.config_writer() as cw:
            cw.set_value("user", "email", "admin@contoh.invalid")
            cw.set_value("user", "name", "Admin")
        r.git.add("-A")
        r.git.commit(
            "-m",
            "chore: seed",
            env={"GIT_AUTHOR_DATE": "2026-11-20T08:00:00+07:00", "GIT_COMMITTER_DATE": "2026-11-20T08:00:00+07:00"},
        )
        r.git.push(str(self.remote), "main:main")
        self.clones: dict[str, Clone] = {}
        for who, email in PEOPLE.items():
            self.clones[who] = self.clone(who, email)
        self.now = START

    def clone(self, who: str, email: str) -> Clone:
        """A clone for ``who`` with ``user.email`` set."""
        path = self.base / who
        r = git.Repo.clone_from(str(self.remote), path)
        with r.config_writer() as cw:
            cw.set_value("user", "email", email)
            cw.set_value("user", "name", who.title())
        return Clone(who, path, r)

    def __getitem__(self, who: str) -> Clone:
        return self.clones[who]

    def tick(self, minutes: int = 5) -> datetime:
        """Advance the office clock."""
        self.now += timedelta(minutes=minutes)
        return self.now

    def run(self, who: str, *args: str, minutes: int = 5) -> Result:
        """Run ``jdih`` as ``who`` in their clone, ``minutes`` after the previous step."""
        now = self.tick(minutes)
        runner = CliRunner()
        return runner.invoke(
            cli,
            ["--proyek", str(self[who].root), *args],
            env={"JDIH_SEKARANG": now.isoformat()},
            catch_exceptions=False,
        )

    def remote_file(self, rev: str, path: str) -> str:
        """A file's text in the bare remote at ``rev``."""
        return git.Repo(self.remote).git.show(f"{rev}:{path}")


SLUG = "mengenal-pkpu-nomor-8-tahun-2024"
POST = f"content/2026/{SLUG}/index.md"


def status_on_remote(office: Office, rev: str) -> str:
    return str(parse_post(Path(POST), office.remote_file(rev, POST)).meta["status"])


def give_disposisi(office: Office) -> None:
    r = office.run(
        "rahmat",
        "disposisi",
        "Mengenal PKPU Nomor 8 Tahun 2024",
        "--kategori",
        "rutin-edukasi",
        "--platform",
        "facebook,x",
        "--tenggat",
        "2026-11-24",
        "--catatan",
        "Buat infografis tahapan",
    )
    assert r.exit_code == 0, r.output
    assert "Langkah 1 (disposisi)" in r.output
    assert status_on_remote(office, f"konten/{SLUG}") == "disposisi"


def write_draft(office: Office, who: str, text: str) -> None:
    clone = office[who]
    clone.repo.git.fetch("origin")
    if clone.repo.active_branch.name != f"konten/{SLUG}":
        clone.repo.git.checkout(f"konten/{SLUG}")
    clone.repo.git.pull("--ff-only")
    path = clone.root / POST
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def walk_to_persetujuan(office: Office) -> None:
    """disposisi → draf → sunting → persetujuan, each by its own person and clone."""
    give_disposisi(office)
    r = office.run("siti", "draf", SLUG, "--catatan", "Bahan: PKPU 8/2024 pasal 3")
    assert r.exit_code == 0, r.output
    write_draft(office, "dwi", "Yuk kenali tahapan kampanye Pemilu menurut PKPU 8/2024! #JDIH")
    r = office.run("dwi", "ajukan")
    assert r.exit_code == 0, r.output
    assert "1 berkas draf ikut di-commit" in r.output
    r = office.run("siti", "sunting", SLUG)
    assert r.exit_code == 0, r.output
