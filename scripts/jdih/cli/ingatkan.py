"""`jdih ingatkan`: remind each person of their SOP step before (and after) its norm time runs out."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

import click

from ..clock import now as clock_now
from ..redact import scrub
from ..reminders.config import OUTBOX
from ..reminders.service import EARLIER, EARLIER_UNSURE, FAILED, NO_CONTACT, PREVIEW, SENT, UNSURE, RemindReport
from .output import project_from

LABELS = {
    SENT: "TERKIRIM",
    EARLIER: "TERKIRIM (SEBELUMNYA)",
    EARLIER_UNSURE: "TIDAK PASTI (SEBELUMNYA)",
    UNSURE: "TIDAK PASTI",
    FAILED: "GAGAL",
    NO_CONTACT: "TANPA KONTAK",
    PREVIEW: "AKAN DIKIRIM",
}


def _pull_url(env: Mapping[str, str]) -> Any:
    repo = env.get("GITHUB_REPOSITORY")
    if not repo:
        return None
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    return lambda number: f"{server}/{repo}/pull/{number}"


@click.command("ingatkan")
@click.option("--uji", "dry_run", is_flag=True,
              help="Tampilkan pengingat yang akan dikirim dan kepada siapa, tanpa mengirim apa pun.")
@click.pass_context
def ingatkan(ctx: click.Context, dry_run: bool) -> None:
    """Pengingat norma waktu SOP: setiap orang yang memegang langkah SOP yang sudah berjalan
    melewati ambang normanya (sop/pengingat.yml, mis. 100 % ke pemegang, 200 % juga ke Kasubbag)
    menerima satu pesan singkat: konten, langkah, lama menunggu, dan perintah yang harus dijalankan.

    Hanya dalam jam kerja kantor (tidak pada malam hari, Sabtu/Minggu, libur nasional dan cuti
    bersama); setiap pengingat dikirim tepat sekali. Kanal tiap orang: `pengingat` di
    sop/peran.yml (bawaan: kotak keluar .jdih/kotak-keluar/pengingat/). Ringkasan harian ke grup
    kantor (kanal pengumuman di kantor.yml) sekali sehari pada hari kerja.

    \b
    Contoh:
      jdih ingatkan --uji     lihat siapa akan diingatkan tentang apa
      jdih ingatkan           kirim (dijalankan terjadwal, mis. tiap 15 menit pada jam kerja)
    Kode keluar: 0 semua terkirim (atau tidak ada yang jatuh tempo), 1 ada yang gagal/tidak pasti/tanpa kontak.
    """
    from ..announcing import load_config
    from ..channels.announce import build_channel
    from ..channels.http import new_client
    from ..gitflow.steps import next_hint
    from ..reminders.config import load_reminder_config
    from ..reminders.contacts import load_choices
    from ..reminders.service import Sources, remind
    from ..reminders.sources import tracked_posts
    from .github import open_pull_numbers
    from .umumkan import _ssl_context

    project = project_from(ctx)
    env = os.environ
    config = load_reminder_config(project.root / "sop" / "pengingat.yml", project.sop)
    choices = load_choices(project.root / "sop" / "peran.yml")
    group = load_config(project.root / "sop")
    now = clock_now()
    pulls = open_pull_numbers()
    pull_url = _pull_url(env)
    sources = Sources(
        config=config,
        choices=choices,
        collect=lambda: tracked_posts(project, pulls, pull_url),
        group=(group.channel, group.target),
        action=lambda post_id, status: next_hint(project, status, post_id),
    )
    client = new_client(env)

    def channel_for(name: str, target: str) -> Any:
        return build_channel(name, target, env=env, client=client, state_dir=project.state_dir,
                             ssl_context=_ssl_context(env))

    from ..errors import JdihError
    from ..reminders.plan import quiet_reason
    from ..reminders.record import RECORD_DIR
    from .terbitkan import print_notes, resolve_actor, shared_run

    quiet = quiet_reason(project.calendar, now)
    if quiet and not dry_run:
        client.close()
        click.echo(f"Sekarang {quiet}.")
        return
    try:
        who = resolve_actor(project, env)[0] or "-"
    except JdihError:
        who = "-"  # anyone may run reminders (e.g. a cron job): the claim only says who holds it
    try:
        # Like terbitkan/umumkan: one office-wide claim, so two clones (or a clone and CI) never remind
        # twice; the record of sent reminders is committed and pushed with it.
        with shared_run(project, env, actor=who, command="ingatkan", outcome="pengingat terkirim", now=now,
                        dry_run=dry_run, also=(RECORD_DIR.as_posix(),)) as run:
            report = remind(project, sources, channel_for, now, dry_run=dry_run, sleep=time.sleep)
    finally:
        client.close()
    print_notes(run)
    for w in report.warnings:
        click.echo(scrub(f"PERINGATAN: {w}"), err=True)
    if report.quiet:
        click.echo(f"Sekarang {report.quiet}.")
        if not dry_run:
            return
    _print(report, dry_run)
    if env.get("GITHUB_ACTIONS") == "true" and any(r.channel == OUTBOX and r.outcome == SENT for r in report.results):
        click.echo("PERINGATAN: di GitHub Actions kotak keluar ikut terhapus bersama runner, jadi pesan di sana tidak "
                   "dibaca siapa pun. Isi `pengingat: {kanal: ..., tujuan: ...}` tiap orang di sop/peran.yml atau "
                   "`kanal_bawaan` di sop/pengingat.yml.", err=True)
    if report.record_file is not None and env.get("GITHUB_ACTIONS") != "true" and not run.shared:
        rel = report.record_file.relative_to(project.root).as_posix()
        click.echo(f"\nCatatan pengingat terkirim ditambahkan ke {rel} (untuk laporan semester).")
        click.echo(f"Simpan ke git dari main: git add {rel} && git commit -m \"sop(ingatkan)\" && git push")
    if not dry_run and not report.ok:
        raise SystemExit(1)


def _print(report: RemindReport, dry_run: bool) -> None:
    if not report.results:
        click.echo("Tidak ada pengingat yang jatuh tempo.")
        return
    for r in report.results:
        what = f"{r.content}, langkah {r.step}, {r.threshold} %" if r.content else "ringkasan harian"
        channel = r.channel or "-"
        line = f"[{LABELS.get(r.outcome, r.outcome.upper())}] {r.name} ({r.recipient}) lewat {channel}: {what}"
        click.echo(scrub(line + (f" — {r.message}" if r.message else "")))
        if dry_run and r.outcome == PREVIEW:
            click.echo("\n".join("    " + t for t in r.text.splitlines()))
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    summary = ", ".join(f"{n} {LABELS.get(k, k).lower()}" for k, n in counts.items())
    click.echo(f"\nRingkasan: {summary}.")
    if dry_run:
        click.echo("(uji: tidak ada pesan yang dikirim dan tidak ada berkas yang diubah)")
