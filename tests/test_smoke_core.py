"""Smoke test of the core shapes the other areas build on."""

from helpers import NOW, make_post
from jdih.post import load_posts


def test_make_post_walks_the_sop(project):
    make_post(project, "contoh", status="diumumkan")
    posts, errors = load_posts(project.content_dir)
    assert errors == []
    (post,) = posts
    assert post.status == "diumumkan"
    assert [h.status for h in post.history] == [
        "disposisi", "draf", "sunting", "persetujuan", "disetujui", "diunggah", "diumumkan"
    ]
    assert post.id == "2026/contoh"
    assert post.history[-1].at < NOW
