"""``jdih situs``: build and preview the public JDIH site (published posts only)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..errors import UsageError
from .output import project_from


@click.group(name="situs")
def situs() -> None:
    """Situs JDIH publik: hanya konten berstatus diunggah/diumumkan yang tampil."""


@situs.command(name="bangun")
@click.option(
    "--keluaran",
    "-k",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder hasil (bawaan: site/ di folder proyek).",
)
@click.option("--tidak-ketat", is_flag=True, help="Jangan hentikan pembuatan bila ada peringatan MkDocs.")
@click.option("--rinci", is_flag=True, help="Tampilkan log MkDocs dan waktu tiap tahap.")
@click.pass_context
def bangun(ctx: click.Context, keluaran: str | None, tidak_ketat: bool, rinci: bool) -> None:
    """Bangun situs ke folder site/ (mode ketat), lengkap dengan indeks pencarian Pagefind.

    \b
    Contoh:
      jdih situs bangun
      jdih situs bangun --keluaran /tmp/situs
    """
    from ..site.build import build_site

    project = project_from(ctx)
    out = build_site(
        project.root, Path(keluaran).resolve() if keluaran else None, strict=not tidak_ketat, verbose=rinci
    )
    click.echo(f"Situs selesai dibangun di {out}")


@situs.command(name="pratinjau")
@click.option(
    "--alamat", default="127.0.0.1:8000", show_default=True, help="Alamat dan port server pratinjau (HOST:PORT)."
)
@click.pass_context
def pratinjau(ctx: click.Context, alamat: str) -> None:
    """Jalankan situs di komputer sendiri dengan muat-ulang otomatis saat konten berubah.

    \b
    Contoh:
      jdih situs pratinjau
      jdih situs pratinjau --alamat 127.0.0.1:8001
    """
    from ..site.build import serve_site

    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d{1,5}", alamat):
        raise UsageError(f"alamat '{alamat}' tidak sah; gunakan bentuk HOST:PORT, misalnya 127.0.0.1:8000")
    project = project_from(ctx)
    # MkDocs serves under site_url's path (e.g. /jdih-medsos/): print the address that answers.
    base = urlsplit(project.site_url).path or "/"
    click.echo(f"Pratinjau situs di http://{alamat}{base} (tekan Ctrl+C untuk berhenti)")
    serve_site(project.root, alamat)
