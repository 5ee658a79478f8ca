"""`jdih umumkan`: SOP step 6b, the links of uploaded posts go to the office group."""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from ..announcing import AnnounceConfig, AnnounceReport, announce_all, confirm_sent, load_config, mark_not_sent
from ..announcing.service import (
    ALREADY,
    CONFIRMED,
    FAILED_RESULT,
    PREVIEW,
    RESET,
    SENT,
    SENT_FALLBACK,
    UNCERTAIN,
    WAITING_MANUAL,
    choose_announcer,
)
from ..channels.announce import CHANNEL_NAMES, build_channel
from ..channels.base import Channel
from ..channels.platforms import registry
from ..clock import now as clock_now
from ..errors import ConfigError, UsageError
from ..gitflow.step_commit import SharedRun
from ..project import Project
from ..redact import scrub
from ..sop_model import Transition
from .output import project_from
from .terbitkan import print_notes, shared_run, waiting_notice

LABELS = {
    SENT: "TERKIRIM",
    SENT_FALLBACK: "TERKIRIM (CADANGAN)",
    ALREADY: "TERKIRIM (SEBELUMNYA)",
    CONFIRMED: "DIKONFIRMASI",
    WAITING_MANUAL: "KIRIM MANUAL",
    UNCERTAIN: "TIDAK PASTI",
    FAILED_RESULT: "GAGAL",
    PREVIEW: "PRATINJAU",
    RESET: "AKAN DIKIRIM ULANG",
}


def _ssl_context(env: Mapping[str, str]) -> ssl.SSLContext | None:
    cafile = env.get("JDIH_SMTP_CA")
    if not cafile:
        return None
    if not Path(cafile).is_file():
        raise ConfigError(f"JDIH_SMTP_CA menunjuk berkas yang tidak ada: {cafile}")
    return ssl.create_default_context(cafile=cafile)


class LazyChannels(Mapping[str, Channel]):
    """Adapters built on first use, so only the channels a run needs must have credentials."""

    def __init__(self, config: AnnounceConfig, state_dir: Path, env: Mapping[str, str]) -> None:
        self.config = config
        self.state_dir = state_dir
        self.env = env
        # One HTTP client helper for every channel: JDIH_HTTP_TIMEOUT, no redirects.
        self.client = registry.new_client(env)
        self._built: dict[str, Channel] = {}

    def target(self, name: str) -> str:
        """Group/list of ``name`` from the config."""
        if name == self.config.channel:
            return self.config.target
        if name == self.config.fallback:
            return self.config.fallback_target
        return ""

    def __getitem__(self, name: str) -> Channel:
        if name not in CHANNEL_NAMES:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = build_channel(name, self.target(name), env=self.env, client=self.client,
                                              state_dir=self.state_dir, ssl_context=_ssl_context(self.env))
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(CHANNEL_NAMES)

    def __len__(self) -> int:
        return len(CHANNEL_NAMES)

    def close(self) -> None:
        """Close the shared HTTP client."""
        self.client.close()


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(s.rstrip() for s in out)


COMMAND = "umumkan"  # this command's name, as `perintah` in sop/alur.yml

# Outcomes after which the step's target state was written into the post's front matter.
WRITTEN = {SENT, SENT_FALLBACK, ALREADY, CONFIRMED}


def print_warnings(report: AnnounceReport) -> None:
    """Posts that could not be read are never announced silently: say which and where."""
    for w in report.warnings:
        click.echo(scrub(f"PERINGATAN: {w} (konten ini tidak dapat dibaca sehingga tidak diumumkan)"), err=True)


def print_saved(report: AnnounceReport, project: Project, env: Mapping[str, str], step: Transition,
                run: SharedRun) -> None:
    """Tell a person working locally which post files changed and how they were kept."""
    if env.get("GITHUB_ACTIONS") == "true":
        return  # the workflow commits the front matter back itself
    print_notes(run)
    if run.shared:
        return  # committed and pushed by the run itself
    changed = sorted({r.post_id for r in report.results if r.outcome in WRITTEN})
    if not changed:
        return
    files = " ".join(f"{project.content_dir.relative_to(project.root).as_posix()}/{pid}/index.md" for pid in changed)
    click.echo(f"\nRiwayat '{step.target}' ditulis ke: {files}")
    click.echo(f"Simpan ke git: git add {files} && git commit -m \"sop({COMMAND})\" && git push")


def print_report(report: AnnounceReport, step: Transition) -> None:
    """Summary table, then the manual links and the advice for anything not done."""
    print_warnings(report)
    if not report.results:
        click.echo(f"Tidak ada konten berstatus '{step.source}' yang perlu diumumkan.")
        return
    rows = []
    for r in report.results:
        channel_name = CHANNEL_NAMES.get(r.channel, r.channel)
        rows.append((r.post_id, channel_name, LABELS.get(r.outcome, r.outcome.upper()), r.message))
    click.echo(scrub(_table(rows, ("Konten", "Kanal", "Hasil", "Keterangan"))))
    for r in report.results:
        if r.fallback_from and r.outcome == SENT_FALLBACK:
            click.echo(scrub(f"\n{r.post_id}: kanal utama "
                             f"{CHANNEL_NAMES.get(r.fallback_from, r.fallback_from)} "
                             f"gagal, pengumuman dikirim lewat kanal cadangan "
                             f"{CHANNEL_NAMES.get(r.channel, r.channel)}."))
    shown: set[str] = set()
    for r in report.results:
        if r.outcome == WAITING_MANUAL and r.wa_me and r.wa_me not in shown:
            shown.add(r.wa_me)
            click.echo(f"\nKirim manual ke grup WhatsApp ({r.post_id}):")
            if r.path:
                click.echo(f"  berkas : {r.path}")
            click.echo(f"  tautan : {r.wa_me}")
            click.echo(f"  lalu   : jdih {COMMAND} --terkirim {r.post_id}")
        elif not r.ok and r.hint:
            click.echo(scrub(f"\n{r.post_id}: {r.hint.replace('<pos>', r.post_id).replace('<konten>', r.post_id)}"))
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    summary = ", ".join(f"{n} {LABELS.get(k, k).lower()}" for k, n in counts.items())
    click.echo(f"\nRingkasan: {summary}.")


@click.group("umumkan", invoke_without_command=True)
@click.option("--uji", "dry_run", is_flag=True, help="Tampilkan pesan yang akan dikirim tanpa mengirim apa pun.")
@click.option("--terkirim", "sent_refs", multiple=True, metavar="KONTEN",
              help="Konfirmasi pengumuman KONTEN sudah masuk grup (kirim manual, atau setelah status tidak pasti "
              "diperiksa di grup).")
@click.option("--belum-terkirim", "unsent_refs", multiple=True, metavar="KONTEN",
              help="Nyatakan pengumuman KONTEN yang tidak pasti ternyata belum masuk grup; akan dikirim lagi.")
@click.option("--kanal", "channel", type=click.Choice(list(CHANNEL_NAMES)), default=None,
              help="Kanal utama untuk jalannya ini saja (bawaan: `kanal` di kantor.yml, bagian pengumuman).")
@click.option("--konten", "--pos", "only", multiple=True, metavar="KONTEN",
              help="Umumkan hanya konten ini, mis. 2026/nama-konten (boleh berulang).")
@click.pass_context
def umumkan(ctx: click.Context, dry_run: bool, sent_refs: tuple[str, ...], unsent_refs: tuple[str, ...],
            channel: str | None, only: tuple[str, ...]) -> None:
    """Langkah 6b SOP (Pengelola, norma langkah 6: 15 menit): bagikan tautan konten yang sudah
    diunggah ke grup WhatsApp KPU Kabupaten Kotawaringin Timur.

    Untuk setiap konten berstatus 'diunggah' dikirim satu pesan (judul, kategori/seri, tautan tiap
    platform, halaman situs JDIH), lalu 'diumumkan' dicatat di riwayat. Pesan yang sama tidak
    pernah dikirim dua kali: bila hasil pengiriman tidak pasti, perintah berhenti dan meminta
    Anda memeriksa grup.

    \b
    Contoh:
      jdih umumkan --uji                      pratinjau pesan
      jdih umumkan                            kirim
      jdih umumkan --terkirim 2026/nama-konten   konfirmasi kiriman manual/tidak pasti
      jdih umumkan grup                       daftar id grup WhatsApp (Fonnte/WAHA)

    Kanal, grup tujuan dan templat pesan diatur di kantor.yml (bagian pengumuman) dan sop/templat/.
    """
    if ctx.invoked_subcommand:
        return
    if sum(bool(x) for x in (dry_run, sent_refs, unsent_refs)) > 1:
        raise UsageError("--uji, --terkirim dan --belum-terkirim tidak boleh dipakai bersamaan")
    from ..delivery import step_for

    project = project_from(ctx)
    step = step_for(project.sop, COMMAND)
    config = load_config(project.root / "sop")
    if not dry_run:
        _warn_off_main(project)
    if channel:
        import dataclasses

        config = dataclasses.replace(config, channel=channel)
    now = clock_now()
    actor = _actor(project, os.environ)
    who = (actor or config.announcer or "") if dry_run else choose_announcer(project, config, step, actor)
    if sent_refs:
        with shared_run(project, os.environ, actor=who, command=COMMAND, outcome=step.target, now=now) as run:
            report = confirm_sent(project, sent_refs, now, step=step, config=config, actor=actor)
        print_report(report, step)
        print_saved(report, project, os.environ, step, run)
        return
    if unsent_refs:
        report = mark_not_sent(project, unsent_refs, now, step=step, config=config, actor=actor)
        print_report(report, step)
        click.echo(f"Jalankan `jdih {COMMAND}` untuk mengirim ulang.")
        return
    channels = LazyChannels(config, project.state_dir, os.environ)
    try:
        with shared_run(project, os.environ, actor=who, command=COMMAND, outcome=step.target, now=now,
                        dry_run=dry_run) as run:
            report = announce_all(project, channels, now, dry_run=dry_run, step=step, config=config, actor=actor,
                                  only=only or None, sleep=time.sleep, on_wait=waiting_notice)
    finally:
        channels.close()
    if dry_run:
        print_warnings(report)
        _print_preview(report, config, step)
        return
    print_report(report, step)
    print_saved(report, project, os.environ, step, run)
    if not report.ok:
        raise SystemExit(1)


def _actor(project: Project, env: Mapping[str, str]) -> str | None:
    """Who runs the step: JDIH_PENGUNGGAH or this clone's git identity; in GitHub Actions without
    either, None (the configured `pengumum` is recorded). Elsewhere a missing identity is an error."""
    from .terbitkan import resolve_actor

    return resolve_actor(project, env)[0]


def _warn_off_main(project: Project) -> None:
    """Announcing writes `riwayat` into the checked-out files: on a konten/ branch that is the wrong copy."""
    from ..errors import JdihError
    from ..gitflow.repo import MAIN_BRANCH, Workspace

    try:
        branch = Workspace.open(project.root).branch()
    except JdihError:
        return
    if branch and branch != MAIN_BRANCH:
        click.echo(f"PERINGATAN: folder ini sedang di cabang '{branch}', bukan '{MAIN_BRANCH}'; pengumuman "
                   f"dicatat di salinan cabang ini. Biasanya jalankan dari {MAIN_BRANCH}: git switch {MAIN_BRANCH} "
                   "&& git pull", err=True)


def _print_preview(report: AnnounceReport, config: AnnounceConfig, step: Transition) -> None:
    if not report.messages:
        click.echo(f"Tidak ada konten berstatus '{step.source}' yang perlu diumumkan.")
        return
    target = f" → {config.target}" if config.target else ""
    for i, msg in enumerate(report.messages, 1):
        click.echo(f"=== Pesan {i} ({', '.join(msg.post_ids)}) lewat {CHANNEL_NAMES[config.channel]}{target} ===")
        click.echo(msg.text)
    click.echo("(uji: tidak ada pesan yang dikirim dan tidak ada berkas yang diubah)")


@umumkan.command("grup")
@click.option("--kanal", "channel", type=click.Choice(["wa-fonnte", "wa-waha"]), default=None,
              help="Gateway yang ditanya (bawaan: `kanal` di kantor.yml, bagian pengumuman).")
@click.pass_context
def grup(ctx: click.Context, channel: str | None) -> None:
    """Daftar grup WhatsApp di gateway (Fonnte/WAHA) beserta id-nya, untuk mengisi `tujuan`."""
    import dataclasses

    project = project_from(ctx)
    config = load_config(project.root / "sop")
    name = channel or config.channel
    if name not in ("wa-fonnte", "wa-waha"):
        raise UsageError(f"kanal '{name}' tidak menyediakan daftar grup; gunakan --kanal wa-fonnte atau wa-waha")
    config = dataclasses.replace(config, channel=name)
    channels = LazyChannels(config, project.state_dir, os.environ)
    try:
        adapter: Any = channels[name]
        groups = adapter.list_groups()
    finally:
        channels.close()
    if not groups:
        click.echo(f"{CHANNEL_NAMES[name]}: tidak ada grup. Pastikan nomor kantor sudah bergabung ke grup.")
        return
    click.echo(_table([(g.id, g.name) for g in groups], ("Id grup (isi ke `tujuan`)", "Nama grup")))
