"""Generate N synthetic published posts (~300 words, one small JPEG each) for the site benchmark.

Usage: python bench/site/make_posts.py FOLDER N [--blog DOCS]
FOLDER gets a project (sop/, mkdocs.yml, kantor.yml, content/) for `jdih situs bangun`; with
--blog the same posts are also written as Material blog-plugin posts under DOCS/blog/posts/.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
WIB = ZoneInfo("Asia/Jakarta")
WORDS = [
    "pemilu",
    "pemilihan",
    "umum",
    "kampanye",
    "peraturan",
    "komisi",
    "kabupaten",
    "kotawaringin",
    "timur",
    "hukum",
    "dokumentasi",
    "informasi",
    "jaringan",
    "pemilih",
    "daftar",
    "tetap",
    "tahapan",
    "penyelenggara",
    "pengawas",
    "partai",
    "politik",
    "calon",
    "anggota",
    "dewan",
    "perwakilan",
    "rakyat",
    "daerah",
    "keputusan",
    "ketua",
    "sekretariat",
    "rekapitulasi",
    "suara",
    "tempat",
    "pemungutan",
    "bupati",
    "gubernur",
    "presiden",
    "wakil",
    "verifikasi",
    "faktual",
    "administrasi",
    "pencalonan",
    "logistik",
    "sosialisasi",
    "pendidikan",
    "pemilih",
    "partisipasi",
    "masyarakat",
    "disabilitas",
    "pemula",
    "perempuan",
    "netralitas",
    "aparatur",
    "sipil",
    "negara",
    "sengketa",
    "pelanggaran",
    "etik",
]
CATS = ["rutin-edukasi", "rutin-non-edukasi", "pengumuman", "berita-kegiatan", "materi-penyuluhan"]
SERIES = [None, None, "Istilah Pemilu", "Tahukah Kamu", "Kupas PKPU"]


def _jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1080, 1080), (139, (seed * 7) % 256, 0))
    ImageDraw.Draw(img).rectangle((60, 60, 1020, 300), fill=(255, 215, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--blog", type=Path, default=None)
    a = ap.parse_args()
    root: Path = a.folder
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "sop", root / "sop")
    shutil.copy(REPO / "kantor.yml", root / "kantor.yml")
    cfg = (REPO / "mkdocs.yml").read_text("utf-8")
    cfg = re.sub(r"(?m)^  - scripts/jdih/site/hooks\.py$", f"  - {REPO / 'scripts/jdih/site/hooks.py'}", cfg)
    (root / "mkdocs.yml").write_text(cfg, "utf-8")
    rnd = random.Random(42)
    images = [_jpeg(i) for i in range(50)]  # 50 distinct images shared round-robin (content-addressed)
    start = datetime(2022, 1, 3, 8, 0, tzinfo=WIB)
    if a.blog:
        (a.blog / "blog" / "posts").mkdir(parents=True, exist_ok=True)
        (a.blog / "index.md").write_text("# Beranda\n", "utf-8")
        (a.blog / "blog" / "index.md").write_text("# Blog\n", "utf-8")
    for i in range(a.n):
        t = start + timedelta(hours=4 * i)
        year = t.year
        slug = f"pos-sintetis-{i:05d}"
        folder = root / "content" / str(year) / slug
        folder.mkdir(parents=True)
        body = " ".join(rnd.choice(WORDS) for _ in range(300))
        body = "\n\n".join(body[k : k + 600] for k in range(0, len(body), 600))
        (folder / "gambar-1.jpg").write_bytes(images[i % len(images)])
        seri = SERIES[i % len(SERIES)]
        stamps = [t + timedelta(minutes=m) for m in (0, 30, 60, 90, 100, 110, 130)]
        states = [
            ("disposisi", "kasubbag"),
            ("draf", "staf"),
            ("sunting", "pengelola"),
            ("persetujuan", "staf"),
            ("disetujui", "kasubbag"),
            ("diunggah", "pengelola"),
            ("diumumkan", "pengelola"),
        ]
        who = {"kasubbag": "rahmat", "staf": "siti", "pengelola": "dwi"}
        riwayat = "\n".join(
            f"- {{status: {s}, oleh: {who[r]}, waktu: {ts.isoformat()}}}"
            for (s, r), ts in zip(states, stamps, strict=True)
        )
        fm = (
            f"---\njudul: Publikasi sintetis nomor {i} tentang {rnd.choice(WORDS)} {rnd.choice(WORDS)}\n"
            f"status: diumumkan\nkategori: {CATS[i % len(CATS)]}\n"
            + (f"seri: {seri}\n" if seri else "")
            + "platform: [instagram, facebook, x]\n"
            f"tag: [{rnd.choice(WORDS)}, {rnd.choice(WORDS)}]\n"
            "media:\n- berkas: gambar-1.jpg\n  alt: Infografis publikasi sintetis\n"
            f"riwayat:\n{riwayat}\n"
            f"tautan: {{instagram: 'https://contoh.invalid/ig/{i}', facebook: 'https://contoh.invalid/fb/{i}'}}\n"
            f"---\n\n{body}\n"
        )
        (folder / "index.md").write_text(fm, "utf-8")
        if a.blog:
            post = (
                f"---\ndate: {t.date().isoformat()}\ncategories:\n  - {CATS[i % len(CATS)]}\n---\n\n"
                f"# Publikasi sintetis nomor {i}\n\n{body}\n"
            )
            (a.blog / "blog" / "posts" / f"{slug}.md").write_text(post, "utf-8")


if __name__ == "__main__":
    main()
