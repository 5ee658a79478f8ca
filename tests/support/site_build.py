"""Content builders for the site tests: published, unpublished (sentinel) and hostile posts."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from helpers import REPO, T0, make_image, make_post, new_project
from jdih.project import Project

LONG_TITLE = (
    "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2024 tentang Pencalonan Peserta Pemilihan Gubernur dan "
    "Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota: PenjelasanPasalDemiPasal"
)
SOCIAL_CAPTION = (
    "Halo warga Kotim, ikuti @kpu_ri dan @kpukotim.\n"
    "Baris kedua tetap di barisnya sendiri.\n\n"
    "#PojokJDIH #PKPU #Pemilu2029"
)
SENTINEL = "XQRAHASIAX"  # in every unpublished post; no stemmer rule touches x-prefixed/x-suffixed words
SEARCH_WORD = "rekapitulasi"
HOOKS = REPO / "scripts" / "jdih" / "site" / "hooks.py"

XSS_CAPTIONS = [
    "<script>alert('xss1')</script>Teks aman satu.",
    '<img src=x onerror="alert(2)"> gambar',
    "[klik di sini](javascript:alert(3)) dan [lagi](JaVaScRiPt:alert(4))",
    '<iframe src="https://jahat.invalid/"></iframe> bingkai',
    '<p style="background:url(javascript:alert(5))" onclick="alert(6)">gaya</p>',
    "<svg onload=alert(7)><circle r=1></circle></svg>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">data</a>',
    "<style>body{display:none}</style><object data=x></object><embed src=x>",
    '<form action="https://jahat.invalid/"><input name=q></form><base href="https://jahat.invalid/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)></style></mglyph></table></mtext></math>",
    "`<script>` ditulis sebagai kode itu aman; **tebal** dan _miring_ tetap.",
]


def site_project(root: Path) -> Project:
    """A temp project whose mkdocs.yml points its hooks at this checkout's hooks file."""
    project = new_project(root)
    cfg = project.root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(re.sub(r"(?m)^  - scripts/jdih/site/hooks\.py$", f"  - {HOOKS}", text), encoding="utf-8")
    return project


def add_sentinel_posts(project: Project) -> list[str]:
    """One post per unpublished state, the sentinel in title, caption, alt, tag, series and image bytes."""
    published = set(project.sop.published_states)
    ids = []
    for i, state in enumerate(s for s in project.sop.states if s not in published):
        slug = f"rahasia-{state}"
        path = make_post(
            project,
            slug,
            state,
            judul=f"Judul {SENTINEL} {state}",
            body=f"Keterangan {SENTINEL} yang belum boleh terbit ({state}).",
            seri=f"Seri {SENTINEL}",
            tag=[f"tag{SENTINEL}", "pemilu"],
            dokumen_hukum={"jenis": "Peraturan KPU", "nomor": "9", "tahun": 2026, "judul": f"Dok {SENTINEL}"},
        )
        img = path.parent / "gambar-1.jpg"
        make_image(img, color=f"#{(i * 40) % 256:02x}2020")
        with img.open("ab") as fh:
            fh.write(f"{SENTINEL}-{state}-bytes".encode())
        text = path.read_text(encoding="utf-8").replace(f"Infografis {slug}", f"Alt {SENTINEL} {slug}")
        path.write_text(text, encoding="utf-8")
        ids.append(f"2026/{slug}")
    return ids


def add_public_posts(project: Project) -> list[str]:
    """Published posts with series, tags, a legal document and a searchable Indonesian word."""
    ids = []
    for i in range(25):
        status = "diumumkan" if i % 2 else "diunggah"
        body = f"Edukasi kepemiluan untuk masyarakat Kotawaringin Timur, bagian {i}."
        if i == 3:
            body = f"Tahapan {SEARCH_WORD} suara pemilihan bagian {i}."
        elif i == 6:
            body = f"{body}\n\n{SOCIAL_CAPTION}"
        make_post(
            project,
            f"pos-publik-{i:02d}",
            status,
            start=T0 + timedelta(minutes=37 * i),  # each post published at its own time
            judul=LONG_TITLE if i == 5 else f"Mengenal Aturan Pemilu Bagian {i}",
            body=body,
            seri="Istilah Pemilu" if i % 3 == 0 else None,
            tag=["pemilu", f"bagian{i % 4}"],
            kategori="rutin-edukasi" if i % 2 else "pengumuman",
            dokumen_hukum=(
                {
                    "jenis": "Peraturan KPU",
                    "nomor": "8",
                    "tahun": 2024,
                    "judul": "Pencalonan Peserta Pemilihan",
                    "tautan": "https://jdih.kpu.go.id/",
                }
                if i == 3
                else None
            ),
        )
        ids.append(f"2026/pos-publik-{i:02d}")
    return ids


def add_xss_posts(project: Project) -> list[str]:
    """Published posts whose caption, title, series, tag, platform links and legal-document link are hostile."""
    ids = []
    for i, caption in enumerate(XSS_CAPTIONS):
        make_post(
            project,
            f"xss-{i:02d}",
            "diunggah",
            judul=f"<script>alert('judul{i}')</script> Judul {i}",
            body=caption,
            tag=["<b>tag</b>"],
            seri='"><svg onload=alert(1)>',
            tautan={"instagram": "javascript:alert('tautan')", "x": 'https://x.invalid/" onmouseover="alert(1)'},
            dokumen_hukum={"jenis": "<i>x</i>", "judul": "<script>alert(1)</script>", "tautan": "javascript:alert(2)"},
        )
        ids.append(f"2026/xss-{i:02d}")
    return ids
