"""`jdih terbitkan`: SOP step 6a, approved posts go to the office's social media accounts."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import click

from ..channels.base import Channel
from ..clock import now as clock_now
from ..delivery import DONE, FAILED, UNKNOWN
from ..errors import ConfigError, UsageError
from ..gitflow.step_commit import SharedRun
from ..project import Project
from ..publishing.records import Verdict
from ..publishing.service import R_PLANNED, R_RECONCILE, PlatformResult, PublishReport
from ..redact import scrub
from ..sop_model import Transition
from ..worktime import format_datetime_id
from .output import project_from

LABELS = {
    DONE: "SELESAI",
    FAILED: "GAGAL",
    UNKNOWN: "TIDAK PASTI",
    R_PLANNED: "AKAN DIKIRIM",
    R_RECONCILE: "AKAN DICOCOKKAN",
}
OUTBOX_DIR = "kotak-keluar"
COMMAND = "terbitkan"  # this command's name, as `perintah` in sop/alur.yml


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} harus berupa angka: {raw!r}") from None


def resolve_actor(project: Project, env: Mapping[str, str]) -> tuple[str | None, str]:
    """(person id, how it was chosen) of whoever runs a step: ``JDIH_PENGUNGGAH`` (CI), else this
    clone's git identity mapped through sop/peran.yml. In GitHub Actions without either: (None, ...),
    the caller records the office's configured ``pengumum``. Whether their role may make the step is
    checked by the core function, before anything is sent."""
    from ..errors import RepositoryError
    from ..gitflow.repo import Workspace

    pid = env.get("JDIH_PENGUNGGAH", "").strip()
    if pid:
        return pid, "JDIH_PENGUNGGAH"
    try:
        workspace = Workspace.open(project.root)
        return workspace.person(project.people).id, f"identitas git {workspace.email()}"
    except RepositoryError:
        if env.get("GITHUB_ACTIONS") == "true":
            return None, "`pengumum` di pengaturan pengumuman (GitHub Actions tanpa JDIH_PENGUNGGAH)"
        raise


def _person(project: Project, env: Mapping[str, str]) -> tuple[str, str]:
    """:func:`resolve_actor`, with the configured ``pengumum`` standing in on CI."""
    actor, how = resolve_actor(project, env)
    if actor is None:
        from ..announcing.config import load_config

        actor = load_config(project.root / "sop").announcer
        if not actor:
            raise ConfigError("tidak diketahui siapa yang menjalankan langkah ini di CI",
                              hint="Atur variabel JDIH_PENGUNGGAH=<id di sop/peran.yml> pada workflow.")
    return actor, how


def shared_run(project: Project, env: Mapping[str, str], *, actor: str, command: str, outcome: str,
               now: Any, dry_run: bool = False, also: tuple[str, ...] = ()) -> AbstractContextManager[Any]:
    """The office-wide side of a delivery step run from a clone (claim, shared ledger, commit and push:
    :func:`jdih.gitflow.step_commit.shared_delivery_run`); nothing in a dry run or on GitHub Actions,
    whose workflow shares the ledger and commits itself."""
    from ..gitflow.step_commit import SharedRun, shared_delivery_run

    if dry_run or env.get("GITHUB_ACTIONS") == "true":
        return nullcontext(SharedRun(False))
    return shared_delivery_run(project.root, project.state_dir, project.content_dir, actor=actor, command=command,
                               outcome=outcome, since=now.isoformat(), also=also)


def unknown_posts(project: Project, refs: tuple[str, ...]) -> list[str]:
    """The ``--pos`` values that name no post file (the run reports each with a suggestion; the
    command then exits 2, as every command does for an unknown post)."""
    from ..errors import UsageError
    from ..gitflow.history import find_post_file

    unknown = []
    for ref in refs:
        try:
            find_post_file(project, ref)
        except UsageError:
            unknown.append(ref)
    return unknown


def print_notes(run: SharedRun) -> None:
    """What the office-wide side of the run did (committed, pushed, not shared)."""
    for note in run.notes:
        click.echo(f"catatan: {note}")


def _mode(destination: str | None, env: Mapping[str, str]) -> str:
    from ..channels.platforms import registry

    if destination:
        return destination
    return "platform" if registry.configured(env) else "berkas"


@click.command("terbitkan")
@click.option(
    "--ke",
    "destination",
    type=click.Choice(["berkas", "platform"]),
    default=None,
    help="berkas: tulis ke kotak keluar .jdih/kotak-keluar/ (tanpa kredensial); platform: kirim lewat API. "
    "Bawaan: platform bila ada kredensial JDIH_<PLATFORM>_..., selain itu berkas.",
)
@click.option(
    "--uji", "dry_run", is_flag=True,
    help="Uji coba: tampilkan apa yang akan dikirim, tanpa mengirim atau menulis apa pun."
)
@click.option(
    "--pos", "post_refs", multiple=True, metavar="ID",
    help="Batasi ke pos ini (<tahun>/<slug> atau slug); boleh berulang."
)
@click.option(
    "--selesaikan",
    "settle",
    nargs=2,
    metavar="POS PLATFORM",
    default=None,
    help="Selesaikan catatan TIDAK PASTI setelah memeriksa platform secara manual "
    "(bersama --tautan atau --belum-terbit).",
)
@click.option(
    "--tautan", "link", default=None, metavar="URL", help="Dengan --selesaikan: tautan pos yang ternyata sudah terbit."
)
@click.option(
    "--belum-terbit",
    "not_published",
    is_flag=True,
    help="Dengan --selesaikan: pos ternyata belum terbit; kirim pada jalankan berikutnya.",
)
@click.option("--format", "fmt", type=click.Choice(["teks", "json"]), default="teks", help="Format laporan.")
@click.pass_context
def terbitkan(
    ctx: click.Context,
    destination: str | None,
    dry_run: bool,
    post_refs: tuple[str, ...],
    settle: tuple[str, str] | None,
    link: str | None,
    not_published: bool,
    fmt: str,
) -> None:
    """Langkah 6 SOP (unggah): terbitkan setiap pos berstatus `disetujui` yang jadwalnya
    sudah tiba ke setiap platform dalam daftar `platform`-nya, tepat satu kali.

    Tautan hasil unggah ditulis ke `tautan`, lalu `diunggah` ditambahkan ke `riwayat`.
    Bila sebagian platform gagal, jalankan ulang: hanya yang belum selesai yang dikirim.
    Pengiriman yang hasilnya TIDAK PASTI dicocokkan dulu dengan platform sebelum dikirim ulang.

    \b
    Contoh:
      jdih terbitkan --uji
      jdih terbitkan --ke berkas
      jdih terbitkan --pos 2026/mengenal-pkpu-8-2024
      jdih terbitkan --selesaikan 2026/mengenal-pkpu-8-2024 telegram --tautan https://t.me/kanal/12
    """
    from ..delivery import step_for
    from ..publishing import publish_all, resolve

    project = project_from(ctx)
    env = dict(os.environ)
    now = clock_now()
    step = step_for(project.sop, COMMAND)
    if settle:
        if dry_run or post_refs or destination:
            raise UsageError("--selesaikan tidak dapat digabung dengan --uji, --pos atau --ke")
        if not_published == bool(link):
            raise UsageError("pilih tepat satu: --tautan URL (pos sudah terbit) atau --belum-terbit")
        actor, _how = _person(project, env)
        from ..delivery import check_actor

        check_actor(project.sop, project.people, step, actor)  # refused before the office-wide claim
        # A person's verdict is an outcome of this step like any other: committed, pushed and shared.
        with shared_run(project, env, actor=actor, command=COMMAND, outcome=f"tautan {settle[1]}",
                        now=now) as run:
            verdict = resolve(project, settle[0], settle[1], now, step=step, actor=actor, link=link,
                              not_published=not_published)
        _print_verdict(project, verdict, env, shared=run.shared)
        print_notes(run)
        return
    if link or not_published:
        raise UsageError("--tautan dan --belum-terbit hanya dipakai bersama --selesaikan")

    mode = _mode(destination, env)
    # Resolved in a dry run too, so `--uji` reveals a wrong identity or role before the real run.
    actor, how = _person(project, env)
    sleep = time.sleep
    options: dict[str, Any] = {
        "max_attempts": int(_number(env, "JDIH_TERBIT_PERCOBAAN", 4)),
        "backoff": _number(env, "JDIH_TERBIT_JEDA", 2.0),
        "max_wait": _number(env, "JDIH_TERBIT_TUNGGU_MAKS", 120.0),
    }
    if env.get("JDIH_VERIFIKASI_PERSETUJUAN") == "github":  # set by terbit.yml: verify every approval first
        from ..gitflow.approval_git import approval_gate
        from .github import _client

        options["verify"] = approval_gate(project, _client())
    from ..delivery import check_actor

    check_actor(project.sop, project.people, step, actor)  # before the office-wide claim is taken
    with shared_run(project, env, actor=actor, command=COMMAND, outcome=step.target, now=now, dry_run=dry_run) as run:
        if mode == "berkas":
            from ..channels.outbox import OutboxChannel

            root = project.state_dir / OUTBOX_DIR

            def outbox_factory(platform: str) -> Channel:
                return OutboxChannel(platform, root)

            report = publish_all(project, outbox_factory, now, dry_run, post_refs or None, step=step, actor=actor,
                                 sleep=sleep, on_wait=waiting_notice, **options)
        else:
            from ..channels.platforms import registry

            registry.register_env_secrets(env)
            with registry.new_client(env) as client:

                def factory(platform: str) -> Channel:
                    return registry.build(platform, client, env, sleep=sleep)

                report = publish_all(project, factory, now, dry_run, post_refs or None, step=step, actor=actor,
                                     sleep=sleep, on_wait=waiting_notice, **options)

    if fmt == "json":
        click.echo(scrub(json.dumps(_as_json(report, mode, actor, step), ensure_ascii=False, indent=2)))
    else:
        click.echo(scrub(_as_text(report, mode, actor, how, project.sop.states[step.target].label, step)))
        print_notes(run)
    if unknown_posts(project, post_refs):
        raise SystemExit(UsageError.exit_code)
    failed = not report.ok
    if dry_run:
        failed = any(r.status == FAILED for r in report.results) or bool(report.problems)
    if failed:
        raise SystemExit(1)


def waiting_notice() -> None:
    """Said once when another delivery run holds the lock (the command waits for it)."""
    click.echo("Menunggu perintah pengiriman lain di folder ini selesai...", err=True)


def _print_verdict(project: Project, verdict: Verdict, env: Mapping[str, str], *, shared: bool) -> None:
    """What `--selesaikan` recorded, and the next step exactly as it must be typed."""
    where = f"{verdict.post_id} di {verdict.platform}"
    if verdict.damaged_copy is not None:
        shown = verdict.damaged_copy.relative_to(project.root).as_posix()
        click.echo(f"Catatan buku besar yang rusak untuk {where} diganti; salinannya disimpan di {shown}.")
    if verdict.in_front_matter and verdict.file is not None:
        rel = verdict.file.relative_to(project.root).as_posix()
        click.echo(f"Dicatat: tautan {where} kini {verdict.link} (di {rel}).")
        if env.get("GITHUB_ACTIONS") != "true" and not shared:
            click.echo(f'Simpan ke git: git add {rel} && git commit -m "sop({COMMAND}): tautan {verdict.platform}" '
                       "&& git push")
        return
    if verdict.published:
        click.echo(f"Dicatat: {where} sudah terbit ({verdict.link}).")
    else:
        click.echo(f"Dicatat: {where} belum terbit; akan dikirim pada jalankan berikutnya.")
    click.echo(f"Jalankan `jdih {COMMAND}` untuk menyelesaikan pos tersebut.")


def _as_json(report: PublishReport, mode: str, actor: str, step: Transition) -> dict[str, Any]:
    return {
        "mode": mode,
        "uji": report.dry_run,
        "sekarang": report.now.isoformat(),
        "pengunggah": actor or None,
        "hasil": [
            {
                "pos": r.post_id,
                "platform": r.platform,
                "status": r.status,
                "tautan": r.link,
                "alasan": r.reason,
                "saran": r.hint,
                **({"rincian": r.detail} if r.detail else {}),
            }
            for r in report.results
        ],
        step.target: report.uploaded,  # the SOP's name of the state the posts moved to
        "terjadwal": [{"pos": p, "jadwal": j.isoformat()} for p, j in report.waiting],
        "masalah": report.problems,
        "catatan": report.notes,
        "berhasil": report.ok,
    }


def _outbox_folder(post_id: str, platform: str) -> str:
    return f".jdih/{OUTBOX_DIR}/{platform}/{post_id.replace('/', '__')}/"


def _info(r: PlatformResult, mode: str) -> str:
    """The last column of the table: link, reason, or what a dry run would send."""
    if r.status in (R_PLANNED, R_RECONCILE) and r.detail:
        d = r.detail
        if d.get("batas"):
            size = f"panjang {d['panjang']} dari batas {d['batas']}"
        else:
            size = f"{len(d.get('teks', ''))} karakter"
        info = f"{size}, {len(d.get('gambar', []))} gambar"
        if d.get("tautan_disertakan"):
            info += ", dengan tautan situs"
        return info if r.status == R_PLANNED else f"kiriman sebelumnya akan dicocokkan dulu; {info}"
    if r.status == DONE and mode == "berkas":
        return f"berkas siap diunggah manual: {_outbox_folder(r.post_id, r.platform)}"
    return r.link or r.reason or ""


def _as_text(report: PublishReport, mode: str, actor: str, how: str, done_label: str, step: Transition) -> str:
    lines: list[str] = []
    head = "UJI COBA (tidak ada yang dikirim atau ditulis)" if report.dry_run else "Hasil penerbitan"
    target = f"kotak keluar .jdih/{OUTBOX_DIR}/ (unggah manual)" if mode == "berkas" else "platform (API)"
    lines.append(f"{head} — tujuan: {target}")
    if actor:
        verb = "akan dicatat" if report.dry_run else "dicatat"
        lines.append(f"Pengunggah {verb}: {actor} ({how})")
    if not report.results and not report.problems:
        lines.append(f"Tidak ada pos berstatus '{step.source}' yang jadwalnya sudah tiba.")
    # The outbox sends nothing: its rows must not read as if the post were on the platform.
    labels = dict(LABELS, **{R_PLANNED: "AKAN DISIAPKAN"}) if mode == "berkas" else LABELS
    if mode == "berkas" and not report.dry_run:
        labels[DONE] = "DISIAPKAN"
    if report.results:
        rows = [("POS", "PLATFORM", "STATUS", "TAUTAN / KETERANGAN")]
        for r in report.results:
            rows.append((r.post_id, r.platform, labels.get(r.status, r.status.upper()), _info(r, mode)))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(row[:3])) + "  " + row[3])
    if report.dry_run:
        for r in report.results:
            if r.detail.get("teks"):
                lines.append("")
                lines.append(f"--- {r.post_id} → {r.platform} ---")
                lines.append(r.detail["teks"])
                if r.detail.get("gambar"):
                    lines.append(f"[gambar: {', '.join(r.detail['gambar'])}]")
    # One line per distinct advice: a missing image fails every platform of the post the same way.
    advice: dict[tuple[str, str], list[str]] = {}
    for r in report.results:
        if r.hint and r.status in (FAILED, UNKNOWN):
            advice.setdefault((r.post_id, r.hint), []).append(r.platform)
    for (post_id, hint), platforms in advice.items():
        lines.append(f"saran ({post_id}, {', '.join(platforms)}): {hint}")
    for post_id in report.uploaded:
        lines.append(f"{done_label}: {post_id} (tautan dan riwayat '{step.target}' dicatat di front matter)")
    if report.uploaded and mode == "berkas":
        lines.append(
            f"Perhatian: mode kotak keluar TIDAK mengirim ke media sosial. Unggah isi folder .jdih/{OUTBOX_DIR}/ "
            "secara manual (lihat PETUNJUK.txt di tiap folder). Tautan yang dicatat menunjuk halaman pos "
            "di situs JDIH (#kotak-keluar-<platform>)."
        )
    for post_id, scheduled in report.waiting:
        lines.append(f"Terjadwal: {post_id} pada {format_datetime_id(scheduled)}")
    for n in report.notes:
        lines.append(f"catatan: {n}")
    for p in report.problems:
        lines.append(f"masalah: {p}")
    lines.extend(_summary(report))
    return "\n".join(lines)


def _summary(report: PublishReport) -> list[str]:
    """One closing line with the counts and the next action (only when something went wrong)."""
    if report.dry_run or report.ok:
        return []
    if not report.results:
        return ["", "Tidak ada yang dikirim. Perbaiki masalah di atas lalu jalankan ulang `jdih terbitkan`."]
    failed = sum(1 for r in report.results if r.status == FAILED)
    unknown = sum(1 for r in report.results if r.status == UNKNOWN)
    done = sum(1 for r in report.results if r.status == DONE)
    parts = [f"{done} selesai", f"{failed} gagal", f"{unknown} tidak pasti"]
    if report.problems:
        parts.append(f"{len(report.problems)} masalah")
    return [
        "",
        f"Ringkasan: {', '.join(parts)}. Yang sudah selesai tidak akan dikirim ulang; "
        "perbaiki sesuai saran di atas lalu jalankan ulang `jdih terbitkan`.",
    ]
