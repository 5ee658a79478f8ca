"""`jdih disposisi --mulai`: when the request or material arrived, so step 1 of the SOP is measured."""

from __future__ import annotations

from pathlib import Path

import yaml

from jdih.post import parse_post
from support.office import POST, SLUG, Office

REPO = Path(__file__).resolve().parents[2]


def _disposisi(office: Office, *extra: str):
    return office.run("rahmat", "disposisi", "Mengenal PKPU Nomor 8 Tahun 2024", "--kategori", "rutin-edukasi",
                      "--platform", "facebook", *extra)


def test_mulai_is_stored_in_the_disposisi_entry_and_step_1_is_measured(tmp_path: Path) -> None:
    office = Office(tmp_path)
    arrived = office.now.isoformat()  # the request arrived now; the disposisi follows 5 minutes later
    r = _disposisi(office, "--mulai", arrived)
    assert r.exit_code == 0, r.output
    entry = parse_post(Path(POST), office.remote_file(f"konten/{SLUG}", POST)).history[0]
    assert entry.status == "disposisi" and entry.started_at is not None and entry.started_at.isoformat() == arrived
    r = office.run("rahmat", "laporan", "--periode", "2026-11")
    assert r.exit_code == 0, r.output
    step1 = next(line for line in r.output.splitlines() if line.startswith("| 1 |"))
    cells = [c.strip() for c in step1.strip("|").split("|")]
    assert cells[3:5] == ["1", "5 menit"], step1  # Terukur 1 (0 without --mulai), median 5 minutes


def test_mulai_after_now_or_not_a_time_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    office = Office(tmp_path)
    r = _disposisi(office, "--mulai", "2030-01-01T08:00")
    assert r.exit_code == 2 and "belum terjadi" in r.output, r.output
    r = _disposisi(office, "--mulai", "kemarin")
    assert r.exit_code == 2 and "--mulai bukan tanggal/waktu ISO yang sah" in r.output, r.output
    assert "konten/" not in office["rahmat"].repo.git.branch("--all")


def test_the_issue_form_asks_when_the_material_arrived() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "disposisi.yml").read_text(encoding="utf-8"))
    field = next(b for b in form["body"] if b.get("id") == "mulai")
    assert field["validations"]["required"] is True and "--mulai" in field["attributes"]["description"]


def test_an_office_with_the_github_desk_is_told_the_post_is_not_on_its_board(tmp_path: Path) -> None:
    office = Office(tmp_path)
    r = _disposisi(office)
    assert r.exit_code == 0 and "meja kerja di GitHub" not in r.output, r.output
    clone = office["rahmat"]
    with (clone.root / "kantor.yml").open("a", encoding="utf-8") as f:
        f.write("\nmeja:\n  github:\n    repo: kpu-kotim/jdih-medsos\n    oauth_url: https://jdih-oauth.contoh.workers.dev\n")
    clone.repo.git.checkout("main")
    clone.repo.git.commit("-qam", "meja kerja di GitHub")
    r = office.run("rahmat", "disposisi", "Hari Pemungutan Suara", "--kategori", "rutin-edukasi",
                   "--platform", "facebook")
    assert r.exit_code == 0, r.output
    site = clone.project.site_url
    assert r.output.rstrip().endswith(
        "Catatan: kantor ini memakai meja kerja di GitHub. Konten dari `jdih disposisi` (cabang konten/...) tidak "
        "tampil di papan meja kerja itu; lanjutkan dengan perintah jdih dan pull request. Konten yang ingin "
        f"dikerjakan di meja kerja dibuat di sana: {site}admin/ → Buat baru."), r.output
