"""Rebuild after one post changed, old code against new code, in alternating runs.

Usage: python bench/site/rebuild_ab.py BEFORE_PROJECT AFTER_PROJECT BEFORE_SCRIPTS [--rounds R]

BEFORE_PROJECT and AFTER_PROJECT are two copies of one ``make_posts.py`` project, each already
built once (warm caches). BEFORE_PROJECT is built with the code in BEFORE_SCRIPTS (for example a
``git archive HEAD`` copy's ``scripts/``; its ``mkdocs.yml`` must load that copy's hooks.py),
AFTER_PROJECT with the installed package. Each round changes the same post in both (a word is
appended to its body) and times ``jdih situs bangun`` in each, alternating which goes first.
Prints wall clock, CPU (user+sys) and peak RSS per run, as measured by ``/usr/bin/time -v``, and
the machine's 1-minute load average before each round (other sessions share the cores).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import PY, Run, timed

_MAIN = "import sys; from jdih.cli import main; sys.argv[0] = 'jdih'; main()"


def rebuild(project: Path, scripts: Path | None, round_no: int) -> Run:
    """Change post 7 of ``project`` and time one build with the code at ``scripts`` (None: installed)."""
    victim = next((project / "content").glob("*/pos-sintetis-00007/index.md"))
    victim.write_text(victim.read_text("utf-8") + f"\nrekapitulasi putaran{round_no}\n", "utf-8")
    if scripts is not None:
        os.environ["PYTHONPATH"] = str(scripts)
    try:
        return timed([PY, "-c", _MAIN, "--proyek", str(project), "situs", "bangun"], project)
    finally:
        os.environ.pop("PYTHONPATH", None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("before_scripts", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    print("| putaran | load | sebelum | sesudah |\n|---|---|---|---|", flush=True)
    for r in range(1, a.rounds + 1):
        order = [("b", a.before, a.before_scripts), ("a", a.after, None)]
        if r % 2 == 0:
            order.reverse()
        load = Path("/proc/loadavg").read_text().split()[0]
        res = {tag: rebuild(proj, scripts, r) for tag, proj, scripts in order}
        cells = [f"{x.wall:.2f} s (CPU {x.cpu:.2f} s, {x.rss} MB)" for x in (res["b"], res["a"])]
        print(f"| {r} | {load} | {cells[0]} | {cells[1]} |", flush=True)


if __name__ == "__main__":
    main()
