"""Benchmark: `jdih terbitkan` publishing N approved posts to 4 fake platforms on loopback.

Runs the real CLI as a subprocess against real ThreadingHTTPServer fakes (X, Bluesky,
Mastodon, Telegram) on 127.0.0.1, each answering after a fixed simulated latency. Reports
posts/s, our own overhead per post (wall time minus the time the servers spent handling,
including their sleep) and the peak RSS of the `jdih` process (from wait4's rusage).

    .venv/bin/python bench/publishing/bench_publishing.py [N] [--latensi-ms 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from fakes.platforms import FakeApi, Req  # noqa: E402
from fakes.world import World  # noqa: E402
from helpers import NOW, make_post, new_project  # noqa: E402
from publishing.test_e2e import running  # noqa: E402

PLATFORMS = ["x", "bluesky", "mastodon", "telegram"]


class Timer:
    """A hook pair: sleeps the simulated latency and sums the time the servers spent per request."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.total = 0.0
        self.requests = 0
        self.lock = threading.Lock()
        self.local = threading.local()

    def __call__(self, app: FakeApi, req: Req, phase: str) -> None:
        if phase == "sebelum":
            self.local.t0 = time.perf_counter()
            time.sleep(self.latency)
        else:
            with self.lock:
                self.total += time.perf_counter() - self.local.t0
                self.requests += 1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=100)
    ap.add_argument("--latensi-ms", type=float, default=5.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "proyek")
        for i in range(args.n):
            make_post(
                project,
                f"bench-{i:04d}",
                status="disetujui",
                platform=PLATFORMS,
                body=f"Pos uji nomor {i} tentang aturan pemilu di JDIH KPU Kabupaten Kotawaringin Timur.",
            )
        world = World()
        world.mastodon.processing_polls = 0
        timer = Timer(args.latensi_ms / 1000)
        for app in world.apps:
            app.hooks.append(timer)
        with running(world) as env:
            env["JDIH_HTTP_TIMEOUT"] = "30"
            t0 = time.perf_counter()
            prof = ["-m", "cProfile", "-s", "tottime"] if os.environ.get("BENCH_PROFIL") else []
            proc = subprocess.Popen(
                [
                    sys.executable,
                    *prof,
                    str(Path(sys.executable).parent / "jdih"),
                    "--proyek",
                    str(project.root),
                    "terbitkan",
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            raw_out, raw_err = proc.communicate()
            wall = time.perf_counter() - t0
            out, err = raw_out.decode(), raw_err.decode()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the only child: the jdih process
        rc = proc.returncode
        if os.environ.get("BENCH_PROFIL"):
            print(out[out.find("Ordered by") :][:3000])
        if rc != 0:
            print(out[-2000:], err[-2000:])
            raise SystemExit(f"jdih gagal: rc={rc}")
        created = {a.name: len(a.created) for a in world.apps if a.name in PLATFORMS}
        assert all(v == args.n for v in created.values()), created
        own = wall - timer.total
        print(
            f"pos: {args.n}, platform: {len(PLATFORMS)}, permintaan HTTP: {timer.requests}, latensi server: "
            f"{args.latensi_ms:g} ms"
        )
        print(
            f"waktu total: {wall:.2f} s  → {args.n / wall:.1f} pos/s ({args.n * len(PLATFORMS) / wall:.1f} kiriman/s)"
        )
        print(f"waktu di server (termasuk latensi): {timer.total:.2f} s")
        print(
            f"overhead kode kita: {own:.2f} s total, {own / args.n * 1000:.1f} ms per pos "
            f"({own / (args.n * len(PLATFORMS)) * 1000:.1f} ms per kiriman), termasuk start proses ~0.3 s"
        )
        print(f"puncak memori (max RSS proses jdih): {usage.ru_maxrss / 1024:.0f} MB")
        print(f"waktu CPU proses jdih: user {usage.ru_utime:.2f} s, sys {usage.ru_stime:.2f} s")
        _ = NOW


if __name__ == "__main__":
    main()
