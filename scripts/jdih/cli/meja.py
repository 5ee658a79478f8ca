"""``jdih meja``: the web desk (Decap CMS) over the office's own git, and its passwords."""

from __future__ import annotations

import re

import click

from ..errors import UsageError
from .output import project_from


@click.group(name="meja", invoke_without_command=True)
@click.option(
    "--alamat", default="127.0.0.1:8080", show_default=True, metavar="HOST:PORT", help="Alamat dan port yang dilayani."
)
@click.option("--remote", default=None, metavar="ALAMAT", help="Remote kantor (bawaan: origin repositori ini).")
@click.option("--cookie-aman", is_flag=True, help="Kuki hanya lewat HTTPS (bila dilayani di balik HTTPS).")
@click.option("--tanpa-situs", is_flag=True, help="Jangan bangun pratinjau situs di / (lebih cepat).")
@click.pass_context
def meja(ctx: click.Context, alamat: str, remote: str | None, cookie_aman: bool, tanpa_situs: bool) -> None:
    """Meja kerja: seluruh langkah SOP lewat peramban (Decap CMS) di /admin/.

    \b
    Contoh:
      jdih meja sandi rahmat        (atur kata sandi tiap orang lebih dulu)
      jdih meja                     (http://127.0.0.1:8080/admin/)
      jdih meja --alamat 0.0.0.0:8080   (melayani jaringan kantor)
    """
    if ctx.invoked_subcommand is not None:
        return
    m = re.fullmatch(r"\[?([A-Za-z0-9.\-:]+?)\]?:(\d{1,5})", alamat)
    if not m:
        raise UsageError(f"alamat '{alamat}' tidak sah; gunakan bentuk HOST:PORT, misalnya 127.0.0.1:8080")
    host, port = m.group(1), int(m.group(2))
    import threading

    from ..clock import now
    from ..desk.service import build_site_preview, is_loopback, make_desk

    project = project_from(ctx)
    app = make_desk(project.root, now, remote=remote, secure_cookies=cookie_aman)
    if not is_loopback(host):
        click.echo(
            f"PERINGATAN: meja kerja melayani jaringan ({host}:{port}), bukan hanya komputer ini. "
            "Pastikan hanya jaringan kantor yang dapat menjangkaunya, sebaiknya di balik HTTPS (--cookie-aman).",
            err=True,
        )
    missing = [p.name for p in app.people.by_id.values() if not app.passwords.has(p.id)]
    if missing:
        click.echo(f"Catatan: belum punya kata sandi: {', '.join(missing)} (atur dengan `jdih meja sandi ORANG`).")
    if not tanpa_situs:
        threading.Thread(target=build_site_preview, args=(app, project.root), daemon=True).start()
        click.echo(f"Pratinjau situs (main) sedang dibangun; nanti tampil di http://{alamat}/")
    click.echo(f"Meja kerja di http://{alamat}/admin/ (tekan Ctrl+C untuk berhenti)")
    import uvicorn

    from ..desk.server import build_app

    uvicorn.run(build_app(app), host=host, port=port, log_level="warning", server_header=False)


@meja.command(name="sandi")
@click.argument("orang")
@click.pass_context
def sandi(ctx: click.Context, orang: str) -> None:
    """Mengatur kata sandi ORANG (id di sop/peran.yml) untuk masuk ke meja kerja.

    Kata sandi disimpan hanya sebagai hash Argon2 di .jdih/meja/sandi.json (tidak ikut git).
    """
    from ..desk.service import password_store

    project = project_from(ctx)
    person = project.people.get(orang)
    if person is None:
        raise UsageError(f"'{orang}' tidak terdaftar di sop/peran.yml (pilihan: {', '.join(project.people.by_id)})")
    password = click.prompt("Kata sandi baru", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    password_store(project.root).set(person.id, password)
    click.echo(f"Kata sandi {person.name} tersimpan (hash Argon2 di .jdih/meja/sandi.json).")
