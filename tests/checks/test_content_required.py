"""Caption and required images are demanded only once a draft exists (``isi_wajib`` in sop/alur.yml)."""

from __future__ import annotations

from helpers import NOW, make_post
from jdih.checks import run_checks
from jdih.post import load_posts


def codes(project):
    posts, errors = load_posts(project.content_dir)
    assert errors == []
    return {(p.status, f.code) for p in posts for f in run_checks(project, [p], NOW) if f.path == str(p.path)}


def test_empty_caption_and_no_image_are_fine_before_the_draft_and_after_cancelling(project):
    for status in ("disposisi", "draf", "dibatalkan"):
        make_post(project, f"k-{status}", status=status, image=False, body="", platform=["instagram", "x"])
    found = codes(project)
    assert not {c for _, c in found} & {"MEDIA-WAJIB", "TEKS-KOSONG"}, found


def test_empty_caption_and_no_image_are_errors_once_submitted(project):
    make_post(project, "k-sunting", status="sunting", image=False, body="", platform=["instagram", "x"])
    found = codes(project)
    assert ("sunting", "MEDIA-WAJIB") in found
    assert ("sunting", "TEKS-KOSONG") in found
