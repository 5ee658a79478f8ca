"""Benchmark: `check_changes` (jdih periksa --dasar) and `post_trail` (jdih riwayat) on real git history.

Builds a repository in a temp folder: main with one commit, then a branch on which N posts are
created and moved through the SOP in several commits (one commit per step for all posts, the
shape of a long-lived branch). Measures wall time and peak memory (tracemalloc, Python heap).

Run: .venv/bin/python bench/changes/bench_changes.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import git

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import T0, new_project  # noqa: E402
from jdih.gitflow.changes import check_changes  # noqa: E402
from jdih.gitflow.history import post_trail  # noqa: E402
from jdih.post import read_post, write_post  # noqa: E402
from jdih.workflow import apply_transition  # noqa: E402

STEPS = [("disposisi", "rahmat"), ("draf", "siti"), ("sunting", "dwi"), ("persetujuan", "siti")]


def build(base: Path, n: int) -> tuple[object, object]:
    project = new_project(base / "repo")
    repo = git.Repo.init(project.root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "email", "bench@contoh.invalid")
        cw.set_value("user", "name", "Bench")
    (project.content_dir / ".gitkeep").write_text("")
    repo.git.add("-A")
    repo.git.commit("-m", "seed", env={"GIT_AUTHOR_DATE": T0.isoformat(), "GIT_COMMITTER_DATE": T0.isoformat()})
    repo.git.checkout("-b", "konten/banyak")
    when = T0
    for k, (status, who) in enumerate(STEPS):
        when = T0 + timedelta(minutes=10 * (k + 1))
        for i in range(n):
            path = project.content_dir / "2026" / f"pos-{i:05d}" / "index.md"
            if k == 0:
                meta: dict[str, object] = {"judul": f"Pos {i}", "kategori": "rutin-edukasi", "platform": ["x"]}
                body = f"Isi pos {i}"
            else:
                post = read_post(path)
                meta, body = post.meta, post.body
            meta = apply_transition(project.sop, project.people, meta, status, who, when)
            write_post(path, meta, body)
        repo.git.add("-A")
        email = project.people.get(who).email  # type: ignore[attr-defined, union-attr]
        repo.git.commit(
            f"--author={who} <{email}>",
            "-m",
            f"step {status}",
            env={"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()},
        )
    return project, when


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        project, when = build(Path(tmp), n)
        built = time.perf_counter() - t0
        tracemalloc.start()
        t0 = time.perf_counter()
        findings = check_changes(project, "main", [], when + timedelta(minutes=1))  # type: ignore[arg-type]
        check_s = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert findings == [], findings[:3]
        t0 = time.perf_counter()
        trail = post_trail(project, "2026/pos-00000")  # type: ignore[arg-type]
        trail_s = time.perf_counter() - t0
        assert len(trail.entries) == len(STEPS)
    return {
        "n": n,
        "bangun_s": built,
        "periksa_s": check_s,
        "per_pos_ms": 1000 * check_s / n,
        "puncak_mb": peak / 1e6,
        "riwayat_s": trail_s,
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1, 20, 100]
    print("| pos berubah | commit | periksa --dasar (s) | per pos (ms) | puncak heap (MB) | riwayat 1 pos (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        r = measure(n)
        print(
            f"| {n} | {len(STEPS)} | {r['periksa_s']:.2f} | {r['per_pos_ms']:.0f} | {r['puncak_mb']:.1f} | "
            f"{r['riwayat_s']:.2f} |"
        )


if __name__ == "__main__":
    main()
