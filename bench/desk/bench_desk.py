"""Web desk (`jdih meja`): editor first load transfer and time until the collection is listed.

Builds a bare office remote holding the sample content (or N posts made from it), serves the desk on
loopback, signs in with a real Chromium (/usr/bin/chromium) and measures, over a cold browser cache:
bytes transferred (encoded, as on the wire, from the DevTools protocol), the number of requests, and the
time from navigation to the collection list showing its entries (the editor usable). Run:

    .venv/bin/python bench/desk/bench_desk.py --jumlah 0      # the sample content as it is
    .venv/bin/python bench/desk/bench_desk.py --jumlah 1000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]


def make_office(base: Path, count: int) -> Path:
    seed = base / "seed"
    seed.mkdir()
    for name in ("sop", "aset"):
        shutil.copytree(REPO / name, seed / name)
    for name in ("mkdocs.yml", "kantor.yml"):
        shutil.copy(REPO / name, seed / name)
    shutil.copytree(REPO / "content", seed / "content")
    samples = sorted(p.parent for p in (REPO / "content").glob("*/*/index.md"))
    for i in range(count):
        src = samples[i % len(samples)]
        shutil.copytree(src, seed / "content" / src.parent.name / f"{src.name}-{i:04d}")
    (seed / ".gitignore").write_text("/.jdih/\n")
    remote = base / "remote.git"
    run = lambda *a, cwd=seed: subprocess.run(a, cwd=cwd, check=True, capture_output=True)  # noqa: E731
    run("git", "init", "-q", "-b", "main")
    run("git", "-c", "user.email=a@b.invalid", "-c", "user.name=A", "add", "-A")
    run("git", "-c", "user.email=a@b.invalid", "-c", "user.name=A", "commit", "-qm", "seed")
    run("git", "init", "-q", "--bare", "-b", "main", str(remote), cwd=base)
    run("git", "push", "-q", str(remote), "main")
    server = base / "server"
    run("git", "clone", "-q", str(remote), str(server), cwd=base)
    return server


def measure(count: int) -> dict[str, float]:
    import os

    import uvicorn
    from playwright.sync_api import sync_playwright

    from jdih.desk.server import build_app
    from jdih.desk.service import ENV_DECAP, make_desk

    os.environ[ENV_DECAP] = str(REPO / "desk" / "node_modules" / "decap-cms" / "dist")
    with tempfile.TemporaryDirectory() as tmp:
        server_root = make_office(Path(tmp), count)
        desk = make_desk(server_root, lambda: datetime.now(ZoneInfo("Asia/Jakarta")))
        desk.passwords.set("rahmat", "sandi-bench-0001")
        config = uvicorn.Config(build_app(desk), host="127.0.0.1", port=0, log_level="warning")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        while not srv.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{url}/masuk?lanjut=/admin/")
            page.select_option("#orang", "rahmat")
            page.fill("#sandi", "sandi-bench-0001")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            sizes: dict[str, float] = {}
            cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
            start = time.perf_counter()
            page.click("button[type=submit]")
            page.locator("a[href*='/collections/konten/entries/']").first.wait_for(timeout=120000)
            ready = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            browser.close()
        srv.should_exit = True
        thread.join(timeout=10)
        return {"kiriman_kb": sum(sizes.values()) / 1024, "permintaan": len(sizes), "siap_detik": ready}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jumlah", type=int, default=0, help="Posts added to the sample content.")
    parser.add_argument("--ulang", type=int, default=3)
    args = parser.parse_args()
    for i in range(args.ulang):
        r = measure(args.jumlah)
        print(f"putaran {i + 1}: {r['kiriman_kb']:.0f} KB dalam {r['permintaan']:.0f} permintaan; "
              f"daftar konten tampil setelah {r['siap_detik']:.2f} s")


if __name__ == "__main__":
    main()
