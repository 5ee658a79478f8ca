"""Converted images that Instagram/Threads pull by URL are served for approved posts only."""

from __future__ import annotations

from pathlib import Path

from helpers import make_image, make_post
from jdih.post import read_post
from jdih.publishing.images import public_variants
from support.site_build import site_project


def test_converted_variants_of_approved_posts_are_served(tmp_path: Path) -> None:
    from jdih.site.build import build_site

    project = site_project(tmp_path / "proyek")
    path = make_post(project, "lebar", status="disetujui", image=False, platform=["instagram", "facebook"])
    make_image(path.parent / "lebar.png", size=(2000, 500), fmt="PNG")  # 4:1: Instagram needs 1.91:1 at most
    text = path.read_text(encoding="utf-8").replace(
        "platform:", "media:\n- berkas: lebar.png\n  alt: Gambar lebar\nplatform:", 1
    )
    path.write_text(text, encoding="utf-8")
    variants = public_variants(read_post(path, project.content_dir))
    assert variants, "a 4:1 PNG must need a converted JPEG for Instagram"
    site = build_site(project.root, tmp_path / "site", strict=True)
    for rel, data in variants:
        assert (site / rel).read_bytes() == data
    assert not (site / "2026" / "lebar").exists()
    # A rebuild takes the conversions from the cache; the previous output goes, nothing is left beside it.
    build_site(project.root, site, strict=True)
    for rel, data in variants:
        assert (site / rel).read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proyek", "site"]
