"""Issue 12.3: the site serves only real images of the media allow-list, under an extension of their own format."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import make_image, make_post, new_project
from jdih.checks.media import media_type_problem
from jdih.links import file_digest, media_path
from jdih.platforms import load_media_types
from jdih.site.build import build_site
from jdih.site.media import Checked, check
from support.site_build import site_project

SAFE = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
SCRIPT = b"<script>alert('media')</script>"


def _with_media(path: Path, files: list[tuple[str, str]]) -> None:
    entries = "".join(f"- berkas: {name}\n  alt: {alt}\n" for name, alt in files)
    text = path.read_text(encoding="utf-8").replace("platform:", "media:\n" + entries + "platform:", 1)
    path.write_text(text, encoding="utf-8")


def _polyglot_jpeg(path: Path) -> Path:
    """A valid JPEG that also carries a script (what a browser would run if served as HTML)."""
    make_image(path.with_suffix(".tmp"), fmt="JPEG")
    path.write_bytes(path.with_suffix(".tmp").read_bytes() + SCRIPT)
    path.with_suffix(".tmp").unlink()
    return path


def test_only_allowed_images_reach_the_site(tmp_path: Path) -> None:
    project = site_project(tmp_path / "proyek")
    index = make_post(project, "media-campur", "diunggah", image=False)
    folder = index.parent
    _polyglot_jpeg(folder / "infografis.html")
    (folder / "gambar.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8")
    make_image(folder / "png-menyamar.jpg", fmt="PNG", color="#123456")  # PNG bytes under .jpg
    make_image(folder / "asli.jpeg", color="#345678")
    make_image(folder / "asli.webp", fmt="WEBP", color="#567890")
    _with_media(
        index,
        [
            ("infografis.html", "html"),
            ("gambar.svg", "svg"),
            ("png-menyamar.jpg", "menyamar"),
            ("asli.jpeg", "Gambar asli"),
            ("asli.webp", "Gambar webp"),
        ],
    )
    approved = make_post(project, "disetujui-html", "disetujui", image=False)
    _polyglot_jpeg(approved.parent / "lampiran.html")
    _with_media(approved, [("lampiran.html", "lampiran")])

    site = build_site(project.root, tmp_path / "site", strict=True)

    served = [p for p in (site / "m").rglob("*") if p.is_file()]
    assert served and {p.suffix for p in served} <= SAFE, served
    everything = [p for p in site.rglob("*") if p.is_file()]
    for bad in (folder / "infografis.html", folder / "gambar.svg", folder / "png-menyamar.jpg"):
        data = bad.read_bytes()
        assert [p for p in everything if p.read_bytes() == data] == [], bad.name
    assert not any(SCRIPT in p.read_bytes() for p in everything)
    page = (site / "2026/media-campur/index.html").read_text("utf-8")
    for good, ext in ((folder / "asli.jpeg", ".jpeg"), (folder / "asli.webp", ".webp")):
        rel = media_path(file_digest(good), ext)
        assert (site / rel).read_bytes() == good.read_bytes()
        assert rel in page
    assert re.findall(r'<img src="[./]*(m/[^"]+)"', page) == [
        media_path(file_digest(folder / "asli.jpeg"), ".jpeg"),
        media_path(file_digest(folder / "asli.webp"), ".webp"),
    ]
    assert 'alt="html"' not in page and 'alt="svg"' not in page and 'alt="menyamar"' not in page


def test_the_site_serves_what_periksa_allows_from_sop_platform_yml(tmp_path: Path) -> None:
    """One allow-list: the site follows `jenis_media` of sop/platform.yml and gives periksa's reasons."""
    project = new_project(tmp_path / "proyek")
    folder = project.content_dir / "2026" / "pos"
    webp, jpeg = make_image(folder / "a.webp", fmt="WEBP"), make_image(folder / "b.jpg")
    bmp = make_image(folder / "c.bmp", fmt="BMP")
    platform_yml = project.root / "sop" / "platform.yml"
    text = platform_yml.read_text(encoding="utf-8")
    assert "  WEBP: [.webp]\n" in text and "  BMP: [.bmp]\n" in text
    assert isinstance(check(webp), Checked) and isinstance(check(bmp), Checked)

    platform_yml.write_text(text.replace("  WEBP: [.webp]\n", ""), encoding="utf-8")
    allowed = load_media_types(platform_yml)
    assert check(webp) == media_type_problem("a.webp", "WEBP", allowed)
    assert check(jpeg) == Checked(".jpg", 1080, 1080)
    assert check(folder / "hilang.jpg") == "bukan gambar yang dapat dibuka (FileNotFoundError)"
