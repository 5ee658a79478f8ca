"""Measure the JDIH site build at N posts, side by side with Material's blog plugin.

Usage: python bench/site/bench_site.py N [--blog-n M] [--work DIR]
Prints a Markdown table: clean build, no-change rebuild, one-post-changed rebuild (wall time,
peak RSS of the largest process via /usr/bin/time -v), first-search and home-page transfer
measured in Chromium (raw and gzip), and the blog plugin's clean build at M posts.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[2]
PY = str(REPO / ".venv" / "bin" / "python")


class Run(NamedTuple):
    """One timed command: wall clock (s), peak RSS of the largest process (MB), CPU user+sys (s)."""

    wall: float
    rss: int
    cpu: float


def timed(cmd: list[str], cwd: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"gagal: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))  # type: ignore[union-attr]
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
    return Run(wall, rss // 1024, cpu)


def _local(site: Path, url: str) -> Path:
    from urllib.parse import unquote, urlparse

    path = unquote(urlparse(url).path).lstrip("/")
    f = site / path
    return f / "index.html" if f.is_dir() or path == "" or path.endswith("/") else f


def _sizes(site: Path, urls: list[str]) -> tuple[float, float]:
    """Raw bytes and bytes on the wire when a static host (GitHub Pages) gzips text; Pagefind files
    and images are already compressed and go as they are."""
    raw = gz = 0
    for url in dict.fromkeys(urls):
        data = _local(site, url).read_bytes()
        raw += len(data)
        packed = url.split("?")[0].endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pagefind", ".webp", ".jpg"))
        gz += len(data) if packed else len(gzip.compress(data, 6))
    return raw / 1024, gz / 1024


def transfer(site: Path, word: str = "rekapitulasi") -> dict[str, float]:
    """Load home and run a first search for ``word`` in Chromium (the generated posts all hold
    "rekapitulasi"; for the sample content use a word it holds, such as "pemilu"); count every
    file the browser fetched."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out: dict[str, float] = {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        ctx = b.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        urls: list[str] = []
        page.on("requestfinished", lambda r: urls.append(r.url))
        page.goto(base, wait_until="networkidle")
        raw, gz = _sizes(site, urls)
        out["beranda: berkas"] = len(set(urls))
        out["beranda: KB mentah"] = raw
        out["beranda: KB terkirim (gzip)"] = gz
        # first search: a fresh visitor opens the search page and types one word
        urls.clear()
        page.goto(base + "cari/", wait_until="networkidle")
        page_urls = list(urls)
        urls.clear()
        page.fill("#jdih-cari-kata", word)
        page.wait_for_selector("#jdih-cari-hasil li a", timeout=60000)
        page.wait_for_load_state("networkidle")
        raw, gz = _sizes(site, urls)
        out["pencarian pertama: berkas"] = len(set(urls))
        out["pencarian pertama: KB mentah"] = raw
        out["pencarian pertama: KB terkirim"] = gz
        raw, gz = _sizes(site, page_urls)
        out["halaman cari sebelum mengetik: KB terkirim"] = gz
        out["halaman cari + pencarian pertama: KB terkirim (total)"] = gz + out["pencarian pertama: KB terkirim"]
        ctx.close()
        b.close()
    httpd.shutdown()
    return out


def blog(n: int, work: Path) -> tuple[float, int, float]:
    root = work / f"blog-{n}"
    subprocess.run(
        [PY, str(REPO / "bench/site/make_posts.py"), str(work / f"blog-src-{n}"), str(n), "--blog", str(root / "docs")],
        check=True,
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Blog\nsite_url: https://contoh.invalid/\ntheme:\n  name: material\n  language: id\n"
        "plugins:\n  - search\n  - blog\n",
        "utf-8",
    )
    wall, rss, _ = timed([PY, "-m", "mkdocs", "build", "-q"], root)
    idx = root / "site" / "search" / "search_index.json"
    return wall, rss, idx.stat().st_size / 1024 / 1024 if idx.exists() else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--blog-n", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-situs"))
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    proj = a.work / f"jdih-{a.n}"
    subprocess.run([PY, str(REPO / "bench/site/make_posts.py"), str(proj), str(a.n)], check=True)
    cmd = [str(REPO / ".venv/bin/jdih"), "--proyek", str(proj), "situs", "bangun"]
    shutil.rmtree(proj / ".jdih", ignore_errors=True)
    clean = timed(cmd, proj)
    same = timed(cmd, proj)
    victim = next((proj / "content").glob("*/pos-sintetis-00007/index.md"))
    victim.write_text(
        victim.read_text("utf-8").replace("status: diumumkan", "status: diumumkan", 1) + "\nrekapitulasi\n", "utf-8"
    )
    one = timed(cmd, proj)
    sizes = transfer(proj / "site")
    pf = sum(f.stat().st_size for f in (proj / "site/pagefind").rglob("*") if f.is_file()) / 1024 / 1024
    print(f"\n### {a.n} pos terbit (JDIH hooks + Pagefind)\n")
    print("| ukuran | nilai |\n|---|---|")
    print(f"| bangun bersih | {clean.wall:.1f} s (CPU {clean.cpu:.1f} s), RSS puncak {clean.rss} MB |")
    print(f"| bangun ulang tanpa perubahan | {same.wall:.1f} s (CPU {same.cpu:.1f} s), RSS puncak {same.rss} MB |")
    print(f"| bangun ulang setelah 1 pos berubah | {one.wall:.1f} s (CPU {one.cpu:.1f} s), RSS puncak {one.rss} MB |")
    print(f"| indeks Pagefind di disk (semua potongan) | {pf:.1f} MB |")
    for k, v in sizes.items():
        print(f"| {k} | {v:.0f} |" if k.endswith("berkas") else f"| {k} | {v:.1f} |")
    if a.blog_n:
        w, r, idx = blog(a.blog_n, a.work)
        print(f"\n### Plugin blog Material, {a.blog_n} pos (search bawaan)\n")
        print(f"| bangun bersih | {w:.1f} s, RSS puncak {r} MB, search_index.json {idx:.1f} MB |")


if __name__ == "__main__":
    main()
