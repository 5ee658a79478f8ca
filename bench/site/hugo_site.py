"""A minimal honest Hugo site for the side-by-side benchmark (same posts as the JDIH project).

It has what the JDIH site has for posts: post pages (image with a 480 px WebP srcset), home
with 8 cards, paginated listings per section, category, tag and series (20 per page, each
with a 480 px WebP card), RSS, and a canonical link. Pagefind then indexes the post bodies.

Usage: python bench/site/hugo_site.py JDIH_PROJECT HUGO_DIR
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

CONFIG = """baseURL = "https://contoh.invalid/jdih-medsos/"
languageCode = "id"
title = "JDIH Medsos"
disableKinds = ["robotsTXT"]
[pagination]
  pagerSize = 20
[taxonomies]
  category = "kategori"
  tag = "tag"
  series = "seri"
[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  taxonomy = ["html"]
  term = ["html", "rss"]
[services.rss]
  limit = 50
"""

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"  # templates of the theme

CSS = (
    "body{font-family:sans-serif;max-width:50rem;margin:auto;padding:1rem}"
    ".kartu{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}"
    "img{max-width:100%;height:auto}"
)


def convert(project: Path, out: Path) -> int:
    """Write the Hugo site for the posts of ``project``; returns the number of posts."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(LAYOUTS, out / "layouts")
    (out / "static").mkdir()
    (out / "hugo.toml").write_text(CONFIG, "utf-8")
    (out / "static" / "gaya.css").write_text(CSS, "utf-8")
    n = 0
    for src in sorted((project / "content").glob("*/*/index.md")):
        text = src.read_text("utf-8")
        fm, body = text.split("\n---\n", 1)
        meta = dict(re.findall(r"(?m)^(judul|kategori|seri|tag): (.*)$", fm))
        date = re.findall(r"waktu: ([0-9T:+-]+)", fm)[-2]  # when it was uploaded (diunggah)
        lines = [
            "---",
            f"title: {meta['judul']!r}",
            f"date: {date}",
            f"kategori: [{meta['kategori']}]",
            f"tag: {meta['tag']}",
        ]
        if "seri" in meta:
            lines.append(f"seri: [{meta['seri']!r}]")
        dest = out / "content" / "posts" / src.parent.name
        dest.mkdir(parents=True)
        (dest / "index.md").write_text("\n".join([*lines, "---", body]), "utf-8")
        os.link(src.parent / "gambar-1.jpg", dest / "gambar-1.jpg")
        n += 1
    return n


if __name__ == "__main__":
    print(convert(Path(sys.argv[1]), Path(sys.argv[2])), "pos")
