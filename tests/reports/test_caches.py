"""The local caches in .jdih/cache give exactly what a fresh read gives."""

from __future__ import annotations

from jdih.gitflow.content_log import CACHE_FILE, read_git_history
from jdih.post import load_posts
from jdih.reports.postcache import load_posts_cached


def _flat(hist):
    return {pid: [(c.commit, c.at, c.author, c.action, c.path) for c in h.changes]
            for pid, h in sorted(hist.posts.items())}


def test_git_cache_is_incremental_and_survives_rewrites(project, add_post, gk):
    root, cache = project.root, project.root / ".jdih" / "cache"
    gk.init(root)
    (root / ".gitignore").write_text("/.jdih/\n")
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8))])
    gk.commit(root, "satu", gk.w(2026, 11, 16, 8, 1))
    first = read_git_history(root, cache_dir=cache)
    assert (cache / CACHE_FILE).is_file()
    again = read_git_history(root, cache_dir=cache)
    assert _flat(again) == _flat(first) and again.commit_count == 1

    add_post("dua", [("disposisi", gk.w(2026, 11, 17, 8))])
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8)), ("draf", gk.w(2026, 11, 17, 9))])
    gk.commit(root, "dua", gk.w(2026, 11, 17, 9, 1))
    (root / "sop" / "catatan.txt").write_text("bukan konten\n")
    gk.commit(root, "di luar content", gk.w(2026, 11, 17, 10))
    incremental = read_git_history(root, cache_dir=cache)
    fresh = read_git_history(root)
    assert _flat(incremental) == _flat(fresh)
    assert incremental.commit_count == fresh.commit_count == 2  # the sop/ commit touches no post
    assert [c.action for c in incremental.get("2026/satu").changes] == ["A", "M"]

    # History rewritten (amend): the cached head is no longer an ancestor, so everything is read again.
    add_post("tiga", [("disposisi", gk.w(2026, 11, 18, 8))])
    gk.git(root, "add", "-A")
    gk.git(root, "commit", "-q", "--amend", "-m", "diubah", when=gk.w(2026, 11, 18, 8, 1))
    rewritten = read_git_history(root, cache_dir=cache)
    assert _flat(rewritten) == _flat(read_git_history(root))
    assert "2026/tiga" in rewritten.posts

    (cache / CACHE_FILE).write_text("{rusak")  # a damaged cache is rebuilt, never an error
    assert _flat(read_git_history(root, cache_dir=cache)) == _flat(rewritten)


def test_post_cache_matches_fresh_reads(project, add_post, gk):
    cache = project.root / ".jdih" / "cache"
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8))])
    add_post("dua", [("disposisi", gk.w(2026, 11, 16, 9))])
    junk = project.content_dir / "2026" / "rusak" / "index.md"
    junk.parent.mkdir(parents=True)
    junk.write_text("tanpa front matter")

    def summary(posts):
        return [(p.id, p.status, [h.status for h in p.history]) for p in posts]

    posts, errors = load_posts_cached(project.content_dir, cache)
    assert summary(posts) == summary(load_posts(project.content_dir)[0])
    assert [e.message for e in errors] == ["berkas tidak diawali blok front matter '---'"]
    # Second run from the cache: same posts, and the broken file is reported again.
    posts2, errors2 = load_posts_cached(project.content_dir, cache)
    assert summary(posts2) == summary(posts) and len(errors2) == 1
    assert posts2[0].line("judul") == 2 and posts2[0].line("riwayat", 0, "waktu") is not None
    # A changed file is parsed again; a deleted one disappears.
    add_post("satu", [("disposisi", gk.w(2026, 11, 16, 8)), ("draf", gk.w(2026, 11, 16, 10))], judul="Judul baru")
    (project.content_dir / "2026/dua/index.md").unlink()
    posts3, _ = load_posts_cached(project.content_dir, cache)
    assert summary(posts3) == [("2026/satu", "draf", ["disposisi", "draf"])]
    assert posts3[0].title == "Judul baru"
    assert posts3[0].line("judul") == 2  # line numbers still work for posts from the cache
