"""``jdih meja``: the web desk (Decap CMS) over the office's own git, and its passwords."""

from __future__ import annotations

import re

import click

from ..errors import UsageError
from .output import project_from


@click.group(name="meja", invoke_without_command=True)
@click.option(
    "--alamat", "address", default="127.0.0.1:8080", show_default=True, metavar="HOST:PORT",
    help="Alamat dan port yang dilayani."
)
@click.option("--remote", default=None, metavar="ALAMAT", help="Remote kantor (bawaan: origin repositori ini).")
@click.option("--cookie-aman", "secure_cookies", is_flag=True,
              help="Kuki hanya lewat HTTPS (bila dilayani di balik HTTPS).")
@click.option("--tanpa-situs", "no_site", is_flag=True, help="Jangan bangun pratinjau situs di / (lebih cepat).")
@click.pass_context
def meja(ctx: click.Context, address: str, remote: str | None, secure_cookies: bool, no_site: bool) -> None:
    """Meja kerja: seluruh langkah SOP lewat peramban (Decap CMS) di /admin/.

    \b
    Contoh:
      jdih meja sandi rahmat        (atur kata sandi tiap orang lebih dulu)
      jdih meja                     (http://127.0.0.1:8080/admin/)
      jdih meja --alamat 0.0.0.0:8080   (melayani jaringan kantor)
    """
    if ctx.invoked_subcommand is not None:
        return
    m = re.fullmatch(r"\[?([A-Za-z0-9.\-:]+?)\]?:(\d{1,5})", address)
    if not m:
        raise UsageError(f"alamat '{address}' tidak sah; gunakan bentuk HOST:PORT, misalnya 127.0.0.1:8080")
    host, port = m.group(1), int(m.group(2))
    import threading

    from ..clock import now
    from ..desk.service import build_site_preview, is_loopback, make_desk

    project = project_from(ctx)
    app = make_desk(project.root, now, remote=remote, secure_cookies=secure_cookies)
    if not is_loopback(host):
        click.echo(
            f"PERINGATAN: meja kerja melayani jaringan ({host}:{port}), bukan hanya komputer ini. "
            "Pastikan hanya jaringan kantor yang dapat menjangkaunya, sebaiknya di balik HTTPS (--cookie-aman).",
            err=True,
        )
    missing = [p.name for p in app.people.by_id.values() if not app.passwords.has(p.id)]
    if missing:
        click.echo(f"Catatan: belum punya kata sandi: {', '.join(missing)} (atur dengan `jdih meja sandi ORANG`).")
    if not no_site:
        threading.Thread(target=build_site_preview, args=(app, project.root), daemon=True).start()
        click.echo(f"Pratinjau situs (main) sedang dibangun; nanti tampil di http://{address}/")
    click.echo(f"Meja kerja di http://{address}/admin/ (tekan Ctrl+C untuk berhenti)")
    import uvicorn

    from ..desk.server import build_app

    uvicorn.run(build_app(app), host=host, port=port, log_level="warning", server_header=False)


@meja.command(name="sandi")
@click.argument("person_id", metavar="ORANG")
@click.pass_context
def sandi(ctx: click.Context, person_id: str) -> None:
    """Mengatur kata sandi ORANG (id di sop/peran.yml) untuk masuk ke meja kerja.

    Kata sandi disimpan hanya sebagai hash Argon2 di .jdih/meja/sandi.json (tidak ikut git).
    """
    from ..desk.service import password_store

    project = project_from(ctx)
    person = project.people.get(person_id)
    if person is None:
        raise UsageError(f"'{person_id}' tidak terdaftar di sop/peran.yml (pilihan: {', '.join(project.people.by_id)})")
    password = click.prompt("Kata sandi baru", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    password_store(project.root).set(person.id, password)
    click.echo(f"Kata sandi {person.name} tersimpan (hash Argon2 di .jdih/meja/sandi.json).")
