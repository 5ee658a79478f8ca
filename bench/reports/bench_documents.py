"""Benchmark: the Buku Agenda of N posts rendered as PDF (WeasyPrint) and as XLSX (openpyxl).

Rendering only: the agenda rows are made in memory (realistic titles, six performers, links), so
the figure is the document's own cost, not git's or the posts' parsing (see bench_reports.py).

    .venv/bin/python bench/reports/bench_documents.py [--posts 10000] [--skip-pdf] [--skip-xlsx]
        [--chunk-rows 400] [--out DIR]

The PDF is rendered in chunks of ``--chunk-rows`` rows (``render_agenda.PDF_CHUNK_ROWS`` by default);
peak RSS is printed at the end (the process's whole life, so run ``--skip-xlsx`` to see the PDF's).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from jdih.office import load_office
from jdih.project import Project
from jdih.reports.agenda import Agenda, AgendaRow, agenda_number
from jdih.reports.pdf import project_letterhead
from jdih.reports.periods import parse_period
from jdih.reports.render_agenda import PDF_CHUNK_ROWS, to_pdf, to_xlsx

REPO = Path(__file__).resolve().parents[2]
WIB = ZoneInfo("Asia/Jakarta")
WORDS = ["Sosialisasi", "Pemutakhiran", "Data", "Pemilih", "Berkelanjutan", "Peraturan", "Keputusan", "Komisi",
         "Pemilihan", "Umum", "Kabupaten", "Kotawaringin", "Timur", "Tahapan", "Pemilu", "Istilah", "Edukasi",
         "Hukum", "Hari", "Penting"]
NAMES = ("Rahmat Hidayat, S.H.", "Siti Nurhaliza, S.H.", "Dwi Lestari, A.Md.", "Siti Nurhaliza, S.H.",
         "Rahmat Hidayat, S.H.", "Muhammad Rizky")


def make_agenda(n: int, seed: int = 7) -> Agenda:
    """``n`` rows over the years 2022-2026, as the Buku Agenda of a busy office would hold."""
    rng = random.Random(seed)
    start = datetime(2022, 1, 3, 8, tzinfo=WIB)
    rows, counters = [], {}
    for i in range(n):
        when = start + timedelta(hours=i * 4)
        counters[when.year] = counters.get(when.year, 0) + 1
        slug = f"konten-{i:05d}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        links = {pl: f"https://contoh.invalid/{pl}/{slug}" for pl in rng.sample(["instagram", "facebook", "x"], 2)}
        rows.append(AgendaRow(agenda_number(counters[when.year], when.year), counters[when.year], when.year,
                              f"{when.year}/{slug}", when, "riwayat", title, "Rutin: Edukasi", "Rutin",
                              rng.choice(["", "Istilah Pemilu", "Pojok JDIH"]),
                              {k: NAMES[k - 1] for k in range(1, 7)}, "diumumkan", "Diumumkan",
                              when + timedelta(days=1), links,
                              f"https://kpu-kotawaringin-timur.github.io/jdih-medsos/{when.year}/{slug}/", ""))
    steps = [(k, f"Langkah {k}") for k in range(1, 7)]
    return Agenda("KPU Kabupaten Kotawaringin Timur", parse_period("2026") if n < 0 else None, rows, steps)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    print(f"{label:<34} wall {time.perf_counter() - t0:7.2f} s  cpu {time.process_time() - c0:7.2f} s  "
          f"{len(out) / 1e6:6.1f} MB", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-xlsx", action="store_true")
    ap.add_argument("--chunk-rows", type=int, default=PDF_CHUNK_ROWS)
    ap.add_argument("--out", type=Path, help="write the documents here")
    args = ap.parse_args()
    project = Project(REPO)
    load_office(REPO)
    agenda = make_agenda(args.posts)
    now = datetime(2027, 1, 4, 10, tzinfo=WIB)
    xlsx = b"" if args.skip_xlsx else timed(f"agenda xlsx, {args.posts} rows", lambda: to_xlsx(agenda))
    pdf = b""
    if not args.skip_pdf:
        kop = project_letterhead(project, "agenda", now)
        pdf = timed(f"agenda pdf, {args.posts} rows, chunks of {args.chunk_rows}",
                    lambda: to_pdf(agenda, now, kop, chunk_rows=args.chunk_rows))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        if xlsx:
            (args.out / "agenda.xlsx").write_bytes(xlsx)
        if pdf:
            (args.out / "agenda.pdf").write_bytes(pdf)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
