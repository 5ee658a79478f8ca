"""Benchmark: announce N uploaded posts through a fake Fonnte on a real loopback HTTP server.

Usage: .venv/bin/python bench/announcing/bench_announcing.py [N]
Reports messages per second, time per post (ledger fsyncs + template + HTTP + front-matter
write), and peak memory. The fake answers immediately, so the time is our own overhead plus
loopback HTTP.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests")]

import httpx  # noqa: E402

from fakes.gateways import FakeFonnte, serve  # noqa: E402
from helpers import NOW, T0, make_post, new_project  # noqa: E402
from jdih.announcing import announce_all, load_config  # noqa: E402
from jdih.channels.announce.fonnte import FonnteChannel  # noqa: E402

TRACE = "--memoria" in sys.argv  # tracemalloc slows Python down: measure time and memory in separate runs


def main(n: int) -> None:
    """Run once and print the figures."""
    import dataclasses

    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "proyek")
        for i in range(n):
            make_post(project, f"pos-{i:04d}", image=False, start=T0 + timedelta(minutes=i % 50))
        fake = FakeFonnte("bench-token-123456", {"g@g.us": "Grup"})
        config = dataclasses.replace(load_config(project.root / "sop"), channel="wa-fonnte", target="g@g.us")
        with serve(fake) as url, httpx.Client() as client:
            channels = {"wa-fonnte": FonnteChannel(client, "bench-token-123456", "g@g.us", url=url)}
            if TRACE:
                tracemalloc.start()
            t = time.perf_counter()
            report = announce_all(project, channels, NOW, config=config, sleep=lambda s: None)
            elapsed = time.perf_counter() - t
            peak = tracemalloc.get_traced_memory()[1] if TRACE else 0
            tracemalloc.stop()
        assert report.ok and len(fake.delivered) == n, "every post must be announced exactly once"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"posts={n} elapsed={elapsed:.2f}s rate={n / elapsed:.1f} pesan/s per_post={1000 * elapsed / n:.1f}ms "
          f"traced_peak={peak / 1e6:.1f}MB max_rss={rss:.0f}MB")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(args[0]) if args else 100)
