"""The one-pass git history reader on real repositories."""

from __future__ import annotations

import shutil
from datetime import datetime

from jdih.gitflow.content_log import head_commit, parse_log_rows, read_git_history
from jdih.gitflow.objects import BlobReader, list_tree


def test_not_a_repository(tmp_path):
    hist = read_git_history(tmp_path)
    assert not hist.available and hist.posts == {} and head_commit(tmp_path) is None


def test_history_per_post(project, add_post, gk):
    root = project.root
    gk.init(root)
    (root / "README.md").write_text("bukan konten\n")
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8))], judul="Satu")
    add_post("dua spasi", [("disposisi", gk.w(2026, 11, 16, 9))], year=2025)
    c1 = gk.commit(root, "disposisi satu", gk.w(2026, 11, 16, 8, 1), author="Rahmat Hidayat",
                   email="rahmat.hidayat@kpu-kotimkab.go.id")
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8)), ("draf", gk.w(2026, 11, 17, 9))], judul="Satu")
    (project.content_dir / "2026/satu/gambar é.jpg").write_bytes(b"jpeg")
    c2 = gk.commit(root, "draf satu", gk.w(2026, 11, 17, 9, 1))
    shutil.rmtree(project.content_dir / "2025/dua spasi")
    c3 = gk.commit(root, "hapus dua", gk.w(2026, 11, 18, 10))

    hist = read_git_history(root)
    assert hist.available and hist.head == c3 and hist.commit_count == 3
    assert sorted(hist.posts) == ["2025/dua spasi", "2026/satu"]
    post_one = hist.get("2026/satu")
    assert post_one is not None
    assert post_one.first is not None
    assert (post_one.first.commit, post_one.first.author, post_one.first.email, post_one.first.action) == (
        c1, "Rahmat Hidayat", "rahmat.hidayat@kpu-kotimkab.go.id", "A")
    assert post_one.first.at == datetime.fromisoformat("2026-11-16T08:01:00+07:00")
    assert [(c.commit, c.action, c.path) for c in post_one.changes] == [
        (c1, "A", "content/2026/satu/index.md"),
        (c2, "A", "content/2026/satu/gambar é.jpg"),
        (c2, "M", "content/2026/satu/index.md"),
    ]
    assert [c.commit for c in post_one.commits()] == [c1, c2]
    assert post_one.deleted is None
    post_two = hist.get("2025/dua spasi")
    assert post_two is not None and post_two.deleted is not None and post_two.deleted.commit == c3

    with BlobReader(root) as reader:
        versions = [reader.read(f"{c.commit}:{c.path}") for c in post_one.index_changes()]
        assert len(versions) == 2 and b"draf" not in versions[0] and b"draf" in versions[1]
        first = post_two.index_changes()[0]
        assert reader.read(f"{first.commit}:{first.path}").startswith(b"---\n")
        assert reader.read(f"{c3}:content/2025/dua spasi/index.md") is None
        assert reader.read(f"{c2}:content/2026") is None  # a tree, not a blob
        files = reader.read_files(c2, "content/2026/satu")
        assert [name for name, _ in files] == ["gambar é.jpg", "index.md"]
        assert files[0][1] == b"jpeg"
        assert reader.read_files(c2, "content/2026/tidak-ada") == []
    assert list_tree(root, c2, "content/2026/satu") == ["content/2026/satu/gambar é.jpg",
                                                        "content/2026/satu/index.md"]


def test_parse_log_is_pure():
    raw = ("\x1eabc\x1f2026-11-16T08:00:00+07:00\x1fA\x1fa@x\x1fpesan\x00\nA\x00content/2026/x/index.md\x00"
           "M\x00content/README.md\x00")
    posts, count = parse_log_rows(raw)
    assert count == 1
    assert posts == {"2026/x": [["abc", "2026-11-16T08:00:00+07:00", "A", "a@x", "pesan", "A",
                                 "content/2026/x/index.md"]]}


def test_history_read_in_two_concurrent_halves_equals_one_read(tmp_path, gk, monkeypatch):
    """Large histories are read by two ``git log`` processes (older half, then ``mid..HEAD``); on a
    repository with branches and --no-ff merges, as the SOP workflow makes, the result is the same."""
    from jdih.gitflow import content_log as git_history

    root = tmp_path / "r"
    root.mkdir()
    gk.init(root)
    minute = 0

    def write_commit(slug: str, text: str) -> None:
        nonlocal minute
        folder = root / "content" / "2026" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
        minute += 1
        gk.commit(root, f"{slug}: {text}", gk.w(2026, 11, 2, 8, minute))

    write_commit("awal", "v1")
    for n in range(6):
        slug = f"pos-{n}"
        gk.git(root, "checkout", "-q", "-b", f"konten/{slug}")
        for v in range(3):
            write_commit(slug, f"v{v}")
        gk.git(root, "checkout", "-q", "main")
        if n % 2:
            write_commit("awal", f"main {n}")  # main moves on while the branch waits for approval
        minute += 1
        gk.git(root, "merge", "-q", "--no-ff", "-m", f"setujui {slug}", f"konten/{slug}",
               when=gk.w(2026, 11, 2, 8, minute))
    gk.git(root, "rm", "-q", "-r", "content/2026/pos-1")
    gk.commit(root, "hapus pos-1", gk.w(2026, 11, 2, 10))

    def flat(h):
        return {pid: [(c.commit, c.action, c.path) for c in h.posts[pid].changes] for pid in h.posts}

    one = read_git_history(root)
    monkeypatch.setattr(git_history, "SPLIT_MIN_COMMITS", 2)
    assert len(git_history._split_history(root, one.head)) == 2
    two = read_git_history(root)
    assert flat(two) == flat(one)
    assert two.commit_count == one.commit_count == 1 + 6 * 3 + 3 + 6 + 1  # the 6 merges list their diff
    assert [h.post_id for h in two.deleted()] == ["2026/pos-1"]
