"""Web desk (`jdih meja`): editor first load transfer and time until the collection is listed.

Builds a bare office remote holding the sample content (or N posts made from it), serves the desk on
loopback, signs in with a real Chromium (/usr/bin/chromium) and measures, over a cold browser cache:
bytes transferred (encoded, as on the wire, from the DevTools protocol), the number of requests, and the
time from navigation to the collection list showing its entries (the editor usable). Run:

    .venv/bin/python bench/desk/bench_desk.py --jumlah 0      # the sample content as it is
    .venv/bin/python bench/desk/bench_desk.py --jumlah 1000

``--modus github`` measures the desk on GitHub instead: the site built by ``jdih situs bangun`` for a project
whose ``kantor.yml`` has ``meja.github`` pointing at the GitHub fake (tests/fakes/github.py) on loopback,
served as static files (tests/support/static_site.py), Decap's GitHub backend signing in through the
fake's OAuth popup. See bench/desk/README.md, "GitHub mode", for what is measured and what is not.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))  # the GitHub fake and the static server of the e2e tests


def make_seed(base: Path, count: int) -> Path:
    """``base/seed``: the repository's sop/, aset/, settings and content/, plus ``count`` copies of its posts."""
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
    return seed


def make_office(base: Path, count: int) -> Path:
    seed = make_seed(base, count)
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


GIT_ID = ("-c", "user.email=a@b.invalid", "-c", "user.name=A")
CARD_LABEL = "decap-cms/draft"  # Decap's first column; the board shows a pull request with a decap-cms/ label


def github_project(base: Path, count: int, api: str) -> Path:
    """The seed as a project of its own (hooks path made absolute) whose ``meja.github`` points at ``api``."""
    seed = make_seed(base, count)
    config = seed / "mkdocs.yml"
    hooks = REPO / "scripts" / "jdih" / "site" / "hooks.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  - scripts/jdih/site/hooks\.py$", f"  - {hooks}", text), encoding="utf-8")
    with (seed / "kantor.yml").open("a", encoding="utf-8") as f:
        f.write(f"\nmeja:\n  github:\n    repo: kpu-kotim/jdih-medsos\n    oauth_url: {api}\n    api_root: {api}\n")
    return seed


def push_with_cards(seed: Path, remote: Path, cards: int) -> None:
    """Commit the seed to ``main`` of ``remote`` and push ``cards`` branches, each changing one sample post's
    caption as Decap's editorial workflow would (``cms/konten/<slug>``)."""
    run = lambda *a: subprocess.run(a, cwd=seed, check=True, capture_output=True)  # noqa: E731
    run("git", "init", "-q", "-b", "main")
    run("git", *GIT_ID, "add", "-A")
    run("git", *GIT_ID, "commit", "-qm", "seed")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, capture_output=True)
    for path in sorted((seed / "content").glob("*/*/index.md"))[:cards]:
        slug = path.relative_to(seed / "content").with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        run("git", "checkout", "-q", "-b", f"cms/konten/{slug}", "main")
        path.write_text(text + "\nRevisi dari meja kerja.\n", encoding="utf-8")
        run("git", *GIT_ID, "commit", "-qam", f"Update Konten “{slug}”")
        run("git", "checkout", "-q", "main")
    run("git", "push", "-q", str(remote), "--all")


def open_pulls(api: str, token: str, seed: Path) -> None:
    """A pull request with Decap's draft label for every ``cms/`` branch, through the fake's REST API."""
    import httpx

    branches = subprocess.run(["git", "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/"], cwd=seed,
                              check=True, capture_output=True, text=True).stdout.split()
    with httpx.Client(base_url=f"{api}/repos/kpu-kotim/jdih-medsos",
                      headers={"Authorization": f"token {token}"}) as http:
        for branch in branches:
            pr = http.post("/pulls", json={"title": f"Update Konten “{branch}”", "head": branch, "base": "main",
                                           "body": "Automatically generated by Decap CMS"})
            pr.raise_for_status()
            http.put(f"/issues/{pr.json()['number']}/labels", json={"labels": [CARD_LABEL]}).raise_for_status()


class Wire:
    """What the page's DevTools network domain reports: encoded bytes per request and the request's URL."""

    def __init__(self, cdp: Any) -> None:
        self.cdp = cdp
        self.sizes: dict[str, float] = {}
        self.urls: dict[str, str] = {}
        # Keep every body in the browser so that its gzip size can be estimated afterwards.
        cdp.send("Network.enable", {"maxTotalBufferSize": 200_000_000, "maxResourceBufferSize": 50_000_000})
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.preflights: set[str] = set()  # CORS preflights (OPTIONS), reported by Chromium as requests of their own
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", lambda e: self.sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def _response(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["response"]["url"]
        if event.get("type") == "Preflight":
            self.preflights.add(event["requestId"])

    def mark(self, start: float) -> tuple[set[str], float]:
        """The requests finished so far and the seconds since ``start``."""
        return set(self.sizes), time.perf_counter() - start

    def gzip_estimate(self, request: str, distinct: bool = False) -> float:
        """The request's bytes had its body been sent gzip-compressed (level 6), as GitHub Pages and
        api.github.com send text; the headers as measured. Bodies under 1 KB are counted as they are.
        ``distinct``: a tree listing with every entry given a sha of its own first (the generated posts are
        copies of the samples, so their blobs repeat and their listing packs better than real posts' would)."""
        from playwright.sync_api import Error

        try:
            got = self.cdp.send("Network.getResponseBody", {"requestId": request})
        except Error:  # no body kept (a preflight, a 204): the measured size stands
            return self.sizes[request]
        body = base64.b64decode(got["body"]) if got["base64Encoded"] else got["body"].encode("utf-8")
        if distinct and "/git/trees/" in self.urls.get(request, ""):
            tree = json.loads(body)
            for entry in tree["tree"]:
                sha = secrets.token_hex(20)
                entry["url"] = entry["url"].replace(entry["sha"], sha)
                entry["sha"] = sha
            body = json.dumps(tree).encode("utf-8")
        packed = len(gzip.compress(body, 6)) if len(body) >= 1024 else len(body)
        return self.sizes[request] - len(body) + min(packed, len(body))


def github_phase(wire: Wire, requests: list[str], api: str, seconds: float) -> dict[str, float]:
    """Requests, raw and gzip-estimated KB of a phase, split into the static site and the API."""
    out: dict[str, float] = {"permintaan": len(requests), "detik": seconds,
                             "preflight": len([r for r in requests if r in wire.preflights]),
                             "blob": len([r for r in requests if r not in wire.preflights
                                          and "/git/blobs/" in wire.urls.get(r, "")])}
    for part, mine in (("situs", lambda u: not u.startswith(api)), ("api", lambda u: u.startswith(api))):
        ids = [r for r in requests if mine(wire.urls.get(r, ""))]
        out[f"{part}_n"] = len(ids)
        out[f"{part}_mentah_kb"] = sum(wire.sizes[r] for r in ids) / 1024
        out[f"{part}_gzip_kb"] = sum(wire.gzip_estimate(r) for r in ids) / 1024
    out["api_gzip_beda_kb"] = sum(wire.gzip_estimate(r, distinct=True) for r in requests
                                  if wire.urls.get(r, "").startswith(api)) / 1024
    return out


# The phases of one GitHub-mode round: until the sign-in button shows; after the OAuth popup's "authorize"
# until the collection's first entry shows, then until the network is idle (500 ms without a request);
# after a click on "Papan SOP" until every card shows, then until the network is idle.
PHASES = ("admin", "daftar", "daftar-tenang", "papan", "papan-tenang")


ENTRY_LINKS = """() => new Set([...document.querySelectorAll("a[href*='/collections/konten/entries/']")]
    .map((a) => a.getAttribute("href")).filter((h) => !h.endsWith("?ref=workflow"))).size"""


def scroll_to_end(page: Any, total: int, limit: float) -> int:
    """Scroll the collection list (Decap loads 20 more entries when its end comes into view) until ``total``
    entries are listed or ``limit`` seconds have passed; the entries listed."""
    end = time.perf_counter() + limit
    while (shown := page.evaluate(ENTRY_LINKS)) < total and time.perf_counter() < end:
        page.mouse.wheel(0, 50_000)
        page.wait_for_timeout(200)
    return int(shown)


def measure_github(count: int, cards: int, whole: bool = False) -> dict[str, Any]:
    import os

    from playwright.sync_api import sync_playwright

    from fakes.github import FakeGitHub
    from jdih.desk.service import ENV_DECAP
    from jdih.project import Project
    from jdih.site.build import build_site
    from support.static_site import serve_site

    os.environ[ENV_DECAP] = str(REPO / "desk" / "node_modules" / "decap-cms" / "dist")
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        remote = base / "remote.git"
        fake = FakeGitHub(git_dir=remote)
        seed = github_project(base, count, fake.url)
        push_with_cards(seed, remote, cards)
        for person in Project(seed).people.by_id.values():
            if person.github:
                fake.add_account(person.github, person.name, str(person.email))
        start = time.perf_counter()
        site = build_site(seed, base / "site", strict=False)
        result["bangun_detik"] = time.perf_counter() - start
        login = next(p.github for p in Project(seed).people.by_id.values() if p.github)
        with fake, serve_site(site) as root, sync_playwright() as pw:
            open_pulls(fake.url, fake.issue_token(str(login)), seed)
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--lang=id-ID"])
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID",
                                          timezone_id="Asia/Jakarta")
            page = context.new_page()
            wire = Wire(context.new_cdp_session(page))
            start = time.perf_counter()
            page.goto(f"{root.rstrip('/')}/admin/")
            button = page.get_by_role("button", name="Masuk dengan GitHub")
            button.wait_for(timeout=180_000)
            phases = [wire.mark(start)]
            with page.expect_popup() as popup_info:
                button.click()
            popup = popup_info.value  # the fake's OAuth page; its requests are not counted (GitHub's own page)
            popup.locator("#login").fill(str(login))
            start = time.perf_counter()
            popup.locator("#authorize").click()
            page.locator("a[href*='/collections/konten/entries/']").first.wait_for(timeout=300_000)
            phases.append(wire.mark(start))
            page.wait_for_load_state("networkidle")  # what Decap goes on loading after the first entry shows
            phases.append(wire.mark(start))
            result["entri_tampil"] = page.locator("a[href*='/collections/konten/entries/']").count()
            start = time.perf_counter()
            page.get_by_text("Papan SOP").first.click()
            if cards:
                page.locator("a[href$='?ref=workflow']").nth(cards - 1).wait_for(timeout=300_000)
            else:
                page.get_by_text("Disposisi / Draf / Perbaikan").first.wait_for(timeout=300_000)
            phases.append(wire.mark(start))
            page.wait_for_load_state("networkidle")
            phases.append(wire.mark(start))
            names: tuple[str, ...] = PHASES
            if whole:  # back to the list, scrolled until every post is listed
                names += ("semua",)
                start = time.perf_counter()
                page.get_by_text("Konten", exact=True).first.click()
                total = len(list((seed / "content").glob("*/*/index.md")))
                result["semua_tampil"] = scroll_to_end(page, total, 900.0)
                phases.append(wire.mark(start))
            seen: set[str] = set()
            for name, (ids, seconds) in zip(names, phases, strict=True):
                result[name] = github_phase(wire, [r for r in ids if r not in seen], fake.url, seconds)
                seen |= ids
            browser.close()
    return result


def report_github(i: int, r: dict[str, Any]) -> None:
    print(f"putaran {i + 1}: situs dibangun {r['bangun_detik']:.1f} s; {r['entri_tampil']} konten di daftar "
          f"(detik: sejak langkah dimulai; permintaan: yang selesai sejak tahap sebelumnya)")
    if "semua_tampil" in r:
        print(f"  semua: {r['semua_tampil']} konten di daftar setelah digulir")
    for name in [n for n in (*PHASES, "semua") if n in r]:
        p = r[name]
        print(f"  {name:13} {p['detik']:6.2f} s {p['permintaan']:4.0f} permintaan "
              f"({p['preflight']:.0f} preflight, {p['blob']:.0f} blob); "
              f"situs {p['situs_n']:.0f}: {p['situs_mentah_kb']:8.1f} KB mentah, {p['situs_gzip_kb']:7.1f} KB gzip; "
              f"API {p['api_n']:.0f}: {p['api_mentah_kb']:7.1f} KB mentah, {p['api_gzip_kb']:6.1f} KB gzip "
              f"({p['api_gzip_beda_kb']:.1f} KB bila setiap sha di pohon berbeda)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jumlah", type=int, default=0, help="Posts added to the sample content.")
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--modus", choices=("kantor", "github"), default="kantor",
                        help="kantor: `jdih meja` on the office git; github: the built site's /admin/ on GitHub.")
    parser.add_argument("--kartu", type=int, default=5, help="GitHub mode: open pull requests on the board.")
    parser.add_argument("--semua", action="store_true", help="GitHub mode: then scroll until every post is listed.")
    args = parser.parse_args()
    if args.modus == "github":
        for i in range(args.ulang):
            report_github(i, measure_github(args.jumlah, args.kartu, args.semua))
        return
    for i in range(args.ulang):
        r = measure(args.jumlah)
        print(f"putaran {i + 1}: {r['kiriman_kb']:.0f} KB dalam {r['permintaan']:.0f} permintaan; "
              f"daftar konten tampil setelah {r['siap_detik']:.2f} s")


if __name__ == "__main__":
    main()
