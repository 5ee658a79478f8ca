"""Posts deleted from content/ still count: report, archive and agenda read them back from real git."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from jdih.cli import cli
from jdih.gitflow.content_log import read_git_history
from jdih.gitflow.objects import BlobReader, deleted_versions
from jdih.post import load_posts
from jdih.reports.agenda import build_agenda
from jdih.reports.arsip import build_archive, verify_archive
from jdih.reports.laporan import build_laporan
from jdih.reports.periods import parse_period
from jdih.reports.removed import removed_posts

NOW_ISO = "2027-01-04T10:00:00+07:00"


def _steps(w, day: int, upto: str = "diumumkan"):
    order = ["disposisi", "draf", "sunting", "persetujuan", "disetujui", "diunggah", "diumumkan"]
    times = [w(2026, 11, day, 8), w(2026, 11, day, 9), w(2026, 11, day, 9, 20), w(2026, 11, day, 9, 45),
             w(2026, 11, day, 9, 55), w(2026, 11, day, 10, 5), w(2026, 11, day, 10, 10)]
    return list(zip(order[: order.index(upto) + 1], times, strict=False))


@pytest.fixture
def repo(project, add_post, gk):
    """Two published posts and one in progress, committed at each SOP milestone; then one published
    post, the one in progress and a broken one are deleted in December 2026."""
    w = gk.w
    root = project.root
    gk.init(root)
    add_post("tetap", _steps(w, 2, "disetujui"), platform=["instagram", "facebook"])
    add_post("hilang", _steps(w, 3, "disetujui"), platform=["instagram", "facebook", "x"], seri="Tahukah Kamu")
    gk.commit(root, "disetujui", w(2026, 11, 3, 9, 56))
    add_post("tetap", _steps(w, 2), platform=["instagram", "facebook"])
    add_post("hilang", _steps(w, 3), platform=["instagram", "facebook", "x"], seri="Tahukah Kamu")
    add_post("ditinggal", _steps(w, 10, "draf"))
    broken = project.content_dir / "2026" / "rusak" / "index.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\njudul: [tidak ditutup\n---\n", encoding="utf-8")
    gk.commit(root, "terbit", w(2026, 11, 10, 10))
    for slug in ("hilang", "ditinggal", "rusak"):
        shutil.rmtree(project.content_dir / "2026" / slug)
    gk.commit(root, "hapus tiga konten", w(2026, 12, 1, 9), author="Rahmat Hidayat")
    return project


def test_removed_posts_are_read_once_from_their_last_version(repo):
    git = read_git_history(repo.root)
    removed, notes = removed_posts(deleted_versions(git), repo.content_dir, repo.root)
    assert [r.post.id for r in removed] == ["2026/ditinggal", "2026/hilang"]
    missing = removed[1]
    assert missing.post.status == "diumumkan" and missing.deleted_by == "Rahmat Hidayat"
    assert missing.deleted_at.isoformat() == "2026-12-01T09:00:00+07:00"
    assert len(notes) == 1 and notes[0].startswith("2026/rusak: dihapus pada commit ")
    assert "tidak dapat dibaca" in notes[0]


def test_report_counts_a_published_post_deleted_later_and_lists_it(repo, gk):
    posts, _ = load_posts(repo.content_dir)
    git = read_git_history(repo.root)
    removed, notes = removed_posts(deleted_versions(git), repo.content_dir, repo.root)
    period = parse_period("2026-S2")
    without = build_laporan(posts, repo.sop, repo.calendar, period, gk.now, git=git)
    report = build_laporan(posts, repo.sop, repo.calendar, period, gk.now, git=git, removed=removed,
                           source_notes=notes)
    assert without.total_published == 1  # what the report said before deleted posts were read back
    assert [p.id for p in report.published] == ["2026/tetap", "2026/hilang"]
    assert report.per_platform == {"facebook": 2, "instagram": 2, "x": 1}
    assert report.per_series == {"(tanpa seri)": 1, "Tahukah Kamu": 1}
    assert report.started == 3  # tetap, hilang, ditinggal
    assert report.cycle.n == 2
    assert [w.post_id for w in report.waiting] == []  # a deleted post waits for nobody
    assert [(r.post_id, r.status_label, r.actor) for r in report.removed] == [
        ("2026/ditinggal", "Draf", "Rahmat Hidayat"), ("2026/hilang", "Diumumkan", "Rahmat Hidayat")]
    assert report.removed_published == 1
    assert "1 di antaranya kemudian dihapus dari folder konten" in report.narrative
    assert any(n.startswith("2026/rusak:") for n in report.fallback_notes)


def test_archive_keeps_the_deleted_posts_published_and_approved_versions(repo):
    posts, _ = load_posts(repo.content_dir)
    git = read_git_history(repo.root)
    removed, _ = removed_posts(deleted_versions(git), repo.content_dir, repo.root)
    with BlobReader(repo.root) as files:
        res = build_archive(posts, repo.sop, parse_period("2026-11"), git=git, removed=removed, files_reader=files)
    assert [i["id"] for i in res.manifest["konten"]] == ["2026/hilang", "2026/tetap"]
    item = res.manifest["konten"][0]
    assert item["dihapus"] == "2026-12-01T09:00:00+07:00" and len(item["commit_dihapus"]) == 40
    names = zipfile.ZipFile(io.BytesIO(res.data)).namelist()
    base = f"{res.folder}/konten/2026/hilang"
    assert f"{base}/terbit/index.md" in names and f"{base}/disetujui/index.md" in names
    last = git.get("2026/hilang").index_changes()[-2]  # the version before the deletion
    with BlobReader(repo.root) as reader:
        expected = reader.read(f"{last.commit}:{last.path}")
    assert zipfile.ZipFile(io.BytesIO(res.data)).read(f"{base}/terbit/index.md") == expected
    assert any(n.startswith("2026/hilang: dihapus dari content/ pada 1 Desember 2026") for n in res.notes)
    path = repo.root / "a.zip"
    path.write_bytes(res.data)
    assert verify_archive(path).ok


def test_cli_report_agenda_and_archive_show_deleted_posts(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("JDIH_SEKARANG", NOW_ISO)
    runner = CliRunner()
    res = runner.invoke(cli, ["--proyek", str(repo.root), "laporan", "--periode", "2026-S2"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "## Konten dihapus dari folder konten (tetap dihitung dari riwayat git)" in res.output
    assert "/JDIH-MEDSOS/2026 | Konten hilang | Diumumkan |" in res.output  # named by agenda number and title
    assert "2026/rusak: dihapus pada commit" in res.output
    res = runner.invoke(cli, ["--proyek", str(repo.root), "agenda", "--format", "csv"], catch_exceptions=False)
    assert res.exit_code == 0
    assert sum(";Konten hilang;" in line for line in res.output.splitlines()) == 1
    out = tmp_path / "arsip.zip"
    res = runner.invoke(cli, ["--proyek", str(repo.root), "arsip", "--periode", "2026-S2", "-o", str(out)],
                        catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "Arsip Semester II 2026: 2 konten" in res.output
    assert "catatan: 2026/rusak: dihapus pada commit" in res.output


def test_a_deleted_post_back_in_the_working_tree_counts_once_as_it_is_now(repo, add_post, gk):
    w = gk.w
    add_post("hilang", _steps(w, 3), platform=["instagram"], seri="Tahukah Kamu")  # re-added, not committed
    posts, _ = load_posts(repo.content_dir)
    git = read_git_history(repo.root)
    removed, _ = removed_posts(deleted_versions(git), repo.content_dir, repo.root)
    report = build_laporan(posts, repo.sop, repo.calendar, parse_period("2026-S2"), gk.now, git=git,
                           removed=removed)
    assert sorted(p.id for p in report.published) == ["2026/hilang", "2026/tetap"]
    assert report.per_platform == {"facebook": 1, "instagram": 2}  # hilang as it is now: instagram only
    assert [r.post_id for r in report.removed] == ["2026/ditinggal"]
    assert report.removed_published == 0
    agenda = build_agenda(posts, repo.sop, repo.people, git=git, removed=removed)
    assert [r.post_id for r in agenda.rows].count("2026/hilang") == 1
