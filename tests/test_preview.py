"""`jdih pratinjau`: each post per platform, counted the platform's way, safe as a PR comment."""

from __future__ import annotations

from click.testing import CliRunner

from helpers import NOW, make_post
from jdih.checks.limits import x_weighted_length
from jdih.cli import cli
from jdih.post import read_post
from jdih.preview import MARKER, build_preview, compose_caption, render_markdown, render_text
from jdih.project import Project


def run(project: Project, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli,
        ["--proyek", str(project.root), "pratinjau", *args],
        env={"JDIH_SEKARANG": NOW.isoformat()},
        catch_exceptions=False,
    )


def test_caption_as_it_will_appear(project: Project) -> None:
    path = make_post(
        project,
        "pkpu-8",
        status="persetujuan",
        platform=["instagram", "x"],
        teks={"x": "Versi singkat untuk X #Pemilu2029"},
    )
    post = read_post(path, project.content_dir)
    site = project.site_url
    x = compose_caption(post, project.platforms["x"], site)
    assert x.startswith("Versi singkat untuk X") and x.endswith(f"{site}2026/pkpu-8/")
    assert compose_caption(post, project.platforms["instagram"], site).startswith("Mari mengenal aturan pemilu")
    (view,) = build_preview(project, [post], NOW)
    px = next(p for p in view.platforms if p.platform == "x")
    assert px.length == x_weighted_length(x) and px.limit == 280 and not px.over_limit
    assert px.source == "teks.x"
    assert view.images[0].path == "gambar-1.jpg" and view.images[0].exists


def test_over_limit_and_markdown_is_inert(project: Project) -> None:
    evil = "```\n<script>alert(1)</script> @rahmat-kpukotim [klik](javascript:alert(1))\n" + "a" * 300
    make_post(
        project,
        "panjang",
        status="sunting",
        platform=["x"],
        body=evil,
        judul="<img src=x onerror=alert(1)> @siti-kpukotim",
    )
    r = run(project, "--format", "markdown", "--penanda", "content/2026/panjang")
    assert r.exit_code == 0, r.output
    md = r.output
    assert md.startswith(MARKER)
    assert "❌ melebihi batas" in md
    assert "<img" not in md and "&lt;img" in md
    assert "@\u200bsiti-kpukotim" in md  # no mention ping from the title
    # the caption sits in a fence longer than any backtick run inside it
    assert "````text\n```\n<script>" in md
    assert "TEKS-PANJANG" in md


def test_default_selects_unpublished_posts_and_text_format(project: Project) -> None:
    make_post(project, "sudah-terbit", status="diumumkan")
    make_post(project, "masih-draf", status="draf", judul="Konten Draf")
    r = run(project)
    assert r.exit_code == 0, r.output
    assert "Konten Draf" in r.output and "sudah-terbit" not in r.output
    assert "-- Instagram:" in r.output


def test_empty_preview() -> None:
    assert "Tidak ada konten yang berubah" in render_markdown([])
    assert "Tidak ada konten" in render_text([])


def test_a_new_web_desk_post_without_status_says_it_is_not_recorded(project: Project) -> None:
    """A post made in Decap on GitHub has no status until CI records its disposisi at the merge."""
    path = make_post(project, "baru-dari-meja", status="disposisi", platform=["x"])
    post = read_post(path, project.content_dir)
    del post.meta["status"]
    post.meta.pop("riwayat", None)
    (view,) = build_preview(project, [post], NOW)
    assert view.status == "belum dicatat"
    assert "status **belum dicatat**" in render_markdown([view])
