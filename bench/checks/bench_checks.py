"""Benchmark: ``jdih periksa`` over N generated posts against the floor of read + YAML parse.

Usage::

    .venv/bin/python bench/checks/bench_checks.py [--jumlah 10000] [--ulang 5] [--folder DIR]

Generates N posts (no images: media checks would measure Pillow, not us) with realistic front
matter (7 history entries, dokumen_hukum, per-platform X caption) and a ~300-word caption
into a temp project, then times:

- floor: read every ``index.md``, split the front matter, ``yaml.load`` it with CSafeLoader;
- core, 1 process: ``jdih.checks.check_paths(..., workers=1)``;
- core, 2 processes: ``workers=2`` (the CLI's automatic choice from 2,000 files on);
- CLI end to end: the real ``jdih periksa --format json`` console script in a subprocess.

The cases run interleaved in ``--ulang`` rounds (the machine is shared), and the ratio to
the floor is taken within each round, then the median reported.

Prints a Markdown table for bench/checks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from jdih.checks import check_paths  # noqa: E402
from jdih.project import Project  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=WIB)
WORDS = tuple(  # a paragraph of words reads better than a 45-item list
    " ".join([
        "pemilu pemilihan peraturan komisi pemilihan umum kabupaten kotawaringin timur jdih dokumentasi",
        "informasi hukum pemilih tahapan kampanye pencalonan partai politik calon anggota dewan perwakilan",
        "rakyat daerah pemungutan suara penghitungan rekapitulasi keputusan undang-undang nomor tahun",
        "tentang mengenal masyarakat sosialisasi penyuluhan edukasi hak pilih tempat kelompok penyelenggara",
    ]).split()
)
STEPS = [  # (status, person) along the SOP's main path
    ("disposisi", "rahmat"),
    ("draf", "siti"),
    ("sunting", "dwi"),
    ("persetujuan", "siti"),
    ("disetujui", "rahmat"),
    ("diunggah", "dwi"),
    ("diumumkan", "dwi"),
]


def caption(rng: random.Random, words: int = 300) -> str:
    """About ``words`` words in a few paragraphs, with hashtags like the real posts."""
    paras = []
    left = words
    while left > 0:
        n = min(left, rng.randint(40, 80))
        ws = [rng.choice(WORDS) for _ in range(n)]
        ws[0] = ws[0].capitalize()
        paras.append(" ".join(ws) + ".")
        left -= n
    return "\n\n".join(paras) + "\n\n#JDIHKPU #KPUKotim #IstilahPemilu\n"


def post_text(i: int, rng: random.Random) -> str:
    """One post: published, valid history with working-hour steps, X override."""
    day = datetime(2024, 1, 1, 8, 0, tzinfo=WIB) + timedelta(days=(i % 900))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hist = []
    t = day
    for status, who in STEPS:
        hist.append(f"- status: {status}\n  oleh: {who}\n  waktu: {t.isoformat()}\n  catatan: Langkah {status}.")
        t += timedelta(minutes=rng.randint(3, 9))
    slug = f"konten-uji-{i:05d}"
    return (
        "---\n"
        f"judul: 'Mengenal PKPU Nomor {i % 30 + 1} Tahun 2024 (uji {i})'\n"
        "status: diumumkan\n"
        "kategori: rutin-edukasi\n"
        "seri: Istilah Pemilu\n"
        "platform: [facebook, x, threads, bluesky, mastodon, telegram]\n"
        f"tag: [pkpu, kampanye, uji-{i % 50}]\n"
        "dokumen_hukum:\n"
        "  jenis: Peraturan KPU\n"
        f"  nomor: '{i % 30 + 1}'\n"
        "  tahun: 2024\n"
        "  judul: Kampanye Pemilihan Umum\n"
        f"  tautan: https://jdih.kpu.go.id/peraturan/pkpu-{i % 30 + 1}-2024\n"
        "teks:\n"
        f"  x: 'Mengenal PKPU Nomor {i % 30 + 1} Tahun 2024. Selengkapnya: "
        f"https://jdih.contoh.go.id/{day.year}/{slug}/ #JDIHKPU'\n"
        f"  bluesky: 'Mengenal PKPU Nomor {i % 30 + 1} Tahun 2024. https://jdih.contoh.go.id/{slug}/'\n"
        f"  threads: 'Mengenal PKPU Nomor {i % 30 + 1} Tahun 2024. https://jdih.contoh.go.id/{slug}/'\n"
        f"  mastodon: 'Mengenal PKPU Nomor {i % 30 + 1} Tahun 2024. https://jdih.contoh.go.id/{slug}/'\n"
        "riwayat:\n" + "\n".join(hist) + "\n"
        "tautan:\n"
        + "".join(
            f"  {p}: https://{p}.contoh.invalid/jdihkotim/{i}\n"
            for p in ("facebook", "x", "threads", "bluesky", "mastodon", "telegram")
        )
        + "---\n\n"
        + caption(rng)
    )


def generate(root: Path, n: int) -> Project:
    """A project with the repo's sop/ and ``n`` posts."""
    shutil.copytree(REPO / "sop", root / "sop", dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    rng = random.Random(20261124)
    for i in range(n):
        folder = root / "content" / str(2024 + i % 3) / f"konten-uji-{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(post_text(i, rng), encoding="utf-8")
    return Project(root)


def floor(files: list[Path]) -> int:
    """Read + split + yaml.load(CSafeLoader): the least any checker must do."""
    n = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        data = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        n += len(data)
    return n


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall and CPU seconds of one call (CPU = this process and its finished children)."""
    c0 = time.process_time() + _children_cpu()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() + _children_cpu() - c0


def _children_cpu() -> float:
    t = os.times()
    return float(t.children_user + t.children_system)


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--jumlah", type=int, default=10_000)
    ap.add_argument("--ulang", type=int, default=5)
    ap.add_argument("--folder", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(args.folder or tempfile.mkdtemp(prefix="bench-periksa-"))
    t = time.perf_counter()
    project = generate(tmp, args.jumlah)
    files = sorted(project.content_dir.glob("*/*/index.md"))
    print(f"generated {len(files)} posts in {time.perf_counter() - t:.1f} s at {tmp}", file=sys.stderr)

    report = check_paths(project, [], NOW, workers=1)
    errors = [f for f in report.findings if f.is_error]
    assert not errors, errors[:5]
    print(f"sanity: {report.checked} checked, {len(report.findings)} findings (warnings only)", file=sys.stderr)

    env = {**os.environ, "JDIH_SEKARANG": NOW.isoformat()}
    jdih = str(Path(sys.executable).with_name("jdih"))

    def cli() -> None:
        subprocess.run([jdih, "--proyek", str(tmp), "periksa", "--format", "json"], env=env, check=True,
                       stdout=subprocess.DEVNULL)

    cases = {
        "floor: read + yaml.load (CSafeLoader)": lambda: floor(files),
        "core check_paths, 1 process": lambda: check_paths(project, [], NOW, workers=1),
        "core check_paths, 2 processes": lambda: check_paths(project, [], NOW, workers=2),
        "CLI `jdih periksa` end to end (auto = 2 processes)": cli,
    }
    # Rounds interleave the cases, so load from other jobs on the machine hits them alike;
    # each ratio is taken within its round and the median over rounds is reported.
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for _ in range(args.ulang):
        for name, fn in cases.items():
            results[name].append(timed(fn))
    floor_name = next(iter(cases))
    print(f"\n{len(files)} posts, {args.ulang} interleaved rounds, os.cpu_count()={os.cpu_count()}\n")
    print("| what | wall s (median) | CPU s (median) | wall ratio to floor (median of rounds) |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in results.items():
        ratios = [w / results[floor_name][i][0] for i, (w, _) in enumerate(runs)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {statistics.median(ratios):.2f}x |")
    print("\nper round (wall s): " + "; ".join(
        f"{name.split(':')[0].split(' (')[0]}: " + ", ".join(f"{w:.2f}" for w, _ in runs)
        for name, runs in results.items()))
    if args.folder is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
