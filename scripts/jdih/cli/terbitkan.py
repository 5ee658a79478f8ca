"""`jdih terbitkan`: SOP step 6a, approved posts go to the office's social media accounts."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping
from typing import Any

import click

from ..channels.base import Channel
from ..clock import now as clock_now
from ..errors import ConfigError, UsageError
from ..project import Project
from ..redact import scrub
from ..worktime import format_datetime_id
from .output import project_from

LABELS = {
    "selesai": "SELESAI",
    "gagal": "GAGAL",
    "tidak-pasti": "TIDAK PASTI",
    "akan-dikirim": "AKAN DIKIRIM",
    "akan-dicocokkan": "AKAN DICOCOKKAN",
}
OUTBOX_DIR = "kotak-keluar"


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} harus berupa angka: {raw!r}") from None


def resolve_uploader(project: Project, env: Mapping[str, str]) -> tuple[str, str]:
    """(person id, how it was chosen): ``JDIH_PENGUNGGAH``, else the git identity mapped through
    sop/peran.yml, else the first pengelola listed there."""
    people = project.people
    pid = env.get("JDIH_PENGUNGGAH", "").strip()
    if pid:
        person = people.get(pid)
        choices = ", ".join(p.id for p in people.with_role("pengelola")) or "-"
        if person is None:
            raise ConfigError(
                f"JDIH_PENGUNGGAH='{pid}' tidak terdaftar di sop/peran.yml",
                saran=f"Isi dengan id pengelola yang terdaftar: {choices}.",
            )
        if not person.has_role("pengelola"):
            # Checked before anything is sent: otherwise the posts would go out and only the
            # `diunggah` record would be refused by the SOP (wrong role), leaving it half done.
            raise ConfigError(
                f"JDIH_PENGUNGGAH='{pid}' ({person.nama}) bukan Pelaksana/Pengelola JDIH; "
                "langkah unggah hanya boleh dicatat atas nama pengelola",
                saran=f"Isi JDIH_PENGUNGGAH dengan salah satu: {choices}.",
            )
        return pid, "JDIH_PENGUNGGAH"
    try:
        email = subprocess.run(
            ["git", "config", "--get", "user.email"], cwd=project.root, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        email = ""
    if email:
        person = people.by_email(email)
        if person is not None and person.has_role("pengelola"):
            return person.id, f"identitas git {email}"
    pengelola = people.with_role("pengelola")
    if not pengelola:
        raise ConfigError("tidak ada orang berperan pengelola di sop/peran.yml", saran="Atur JDIH_PENGUNGGAH.")
    return pengelola[0].id, "pengelola pertama di sop/peran.yml; atur JDIH_PENGUNGGAH untuk mengubah"


def _mode(ke: str | None, env: Mapping[str, str]) -> str:
    from ..channels.platforms import registry

    if ke:
        return ke
    return "platform" if registry.configured(env) else "berkas"


@click.command("terbitkan")
@click.option(
    "--ke",
    type=click.Choice(["berkas", "platform"]),
    default=None,
    help="berkas: tulis ke kotak keluar .jdih/kotak-keluar/ (tanpa kredensial); platform: kirim lewat API. "
    "Bawaan: platform bila ada kredensial JDIH_<PLATFORM>_..., selain itu berkas.",
)
@click.option(
    "--uji", is_flag=True, help="Uji coba: tampilkan apa yang akan dikirim, tanpa mengirim atau menulis apa pun."
)
@click.option(
    "--pos", "pos", multiple=True, metavar="ID", help="Batasi ke pos ini (<tahun>/<slug> atau slug); boleh berulang."
)
@click.option(
    "--selesaikan",
    nargs=2,
    metavar="POS PLATFORM",
    default=None,
    help="Selesaikan catatan TIDAK PASTI setelah memeriksa platform secara manual "
    "(bersama --tautan atau --belum-terbit).",
)
@click.option(
    "--tautan", default=None, metavar="URL", help="Dengan --selesaikan: tautan pos yang ternyata sudah terbit."
)
@click.option(
    "--belum-terbit",
    is_flag=True,
    help="Dengan --selesaikan: pos ternyata belum terbit; kirim pada jalankan berikutnya.",
)
@click.option("--format", "fmt", type=click.Choice(["teks", "json"]), default="teks", help="Format laporan.")
@click.pass_context
def terbitkan(
    ctx: click.Context,
    ke: str | None,
    uji: bool,
    pos: tuple[str, ...],
    selesaikan: tuple[str, str] | None,
    tautan: str | None,
    belum_terbit: bool,
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
    from ..publishing import publish_all, resolve

    project = project_from(ctx)
    env = dict(os.environ)
    now = clock_now()
    if selesaikan:
        if uji or pos or ke:
            raise UsageError("--selesaikan tidak dapat digabung dengan --uji, --pos atau --ke")
        entry = resolve(project, selesaikan[0], selesaikan[1], now, tautan=tautan, belum_terbit=belum_terbit)
        if entry.status == "selesai":
            click.echo(f"Dicatat: {entry.post_id} di {entry.kanal} sudah terbit ({entry.url}).")
        else:
            click.echo(
                f"Dicatat: {entry.post_id} di {entry.kanal} belum terbit; akan dikirim pada jalankan berikutnya."
            )
        click.echo("Jalankan `jdih terbitkan` untuk menyelesaikan pos tersebut.")
        return
    if tautan or belum_terbit:
        raise UsageError("--tautan dan --belum-terbit hanya dipakai bersama --selesaikan")

    mode = _mode(ke, env)
    # Resolved in a dry run too, so `--uji` reveals a wrong JDIH_PENGUNGGAH before the real run.
    oleh, how = resolve_uploader(project, env)
    sleep = time.sleep
    options: dict[str, Any] = {
        "max_attempts": int(_number(env, "JDIH_TERBIT_PERCOBAAN", 4)),
        "backoff": _number(env, "JDIH_TERBIT_JEDA", 2.0),
        "max_wait": _number(env, "JDIH_TERBIT_TUNGGU_MAKS", 120.0),
    }
    if mode == "berkas":
        from ..channels.platforms.outbox import OutboxChannel

        root = project.state_dir / OUTBOX_DIR

        def outbox_factory(platform: str) -> Channel:
            return OutboxChannel(platform, root)

        report = publish_all(project, outbox_factory, now, uji, pos or None, oleh=oleh, sleep=sleep, **options)
    else:
        from ..channels.platforms import registry

        registry.register_env_secrets(env)
        with registry.new_client(env) as client:

            def factory(platform: str) -> Channel:
                return registry.build(platform, client, env, sleep=sleep)

            report = publish_all(project, factory, now, uji, pos or None, oleh=oleh, sleep=sleep, **options)

    if fmt == "json":
        click.echo(scrub(json.dumps(_as_json(report, mode, oleh), ensure_ascii=False, indent=2)))
    else:
        click.echo(scrub(_as_text(report, mode, oleh, how)))
    failed = not report.ok
    if uji:
        failed = any(r.status == "gagal" for r in report.results) or bool(report.problems)
    if failed:
        raise SystemExit(1)


def _as_json(report: Any, mode: str, oleh: str) -> dict[str, Any]:
    return {
        "mode": mode,
        "uji": report.dry_run,
        "sekarang": report.now.isoformat(),
        "pengunggah": oleh or None,
        "hasil": [
            {
                "pos": r.post_id,
                "platform": r.platform,
                "status": r.status,
                "tautan": r.tautan,
                "alasan": r.alasan,
                "saran": r.saran,
                **({"rincian": r.detail} if r.detail else {}),
            }
            for r in report.results
        ],
        "diunggah": report.uploaded,
        "terjadwal": [{"pos": p, "jadwal": j.isoformat()} for p, j in report.waiting],
        "masalah": report.problems,
        "catatan": report.notes,
        "berhasil": report.ok,
    }


def _outbox_folder(post_id: str, platform: str) -> str:
    return f".jdih/{OUTBOX_DIR}/{platform}/{post_id.replace('/', '__')}/"


def _info(r: Any, mode: str) -> str:
    """The last column of the table: link, reason, or what a dry run would send."""
    if r.status in ("akan-dikirim", "akan-dicocokkan") and r.detail:
        d = r.detail
        if d.get("batas"):
            size = f"panjang {d['panjang']} dari batas {d['batas']}"
        else:
            size = f"{len(d.get('teks', ''))} karakter"
        info = f"{size}, {len(d.get('gambar', []))} gambar"
        if d.get("tautan_disertakan"):
            info += ", dengan tautan situs"
        return info if r.status == "akan-dikirim" else f"kiriman sebelumnya akan dicocokkan dulu; {info}"
    if r.status == "selesai" and mode == "berkas":
        return f"berkas siap diunggah manual: {_outbox_folder(r.post_id, r.platform)}"
    return r.tautan or r.alasan or ""


def _as_text(report: Any, mode: str, oleh: str, how: str) -> str:
    lines: list[str] = []
    head = "UJI COBA (tidak ada yang dikirim atau ditulis)" if report.dry_run else "Hasil penerbitan"
    tujuan = f"kotak keluar .jdih/{OUTBOX_DIR}/ (unggah manual)" if mode == "berkas" else "platform (API)"
    lines.append(f"{head} — tujuan: {tujuan}")
    if oleh:
        verb = "akan dicatat" if report.dry_run else "dicatat"
        lines.append(f"Pengunggah {verb}: {oleh} ({how})")
    if not report.results and not report.problems:
        lines.append("Tidak ada pos berstatus 'disetujui' yang jadwalnya sudah tiba.")
    # The outbox sends nothing: its rows must not read as if the post were on the platform.
    labels = dict(LABELS, **{"akan-dikirim": "AKAN DISIAPKAN"}) if mode == "berkas" else LABELS
    if mode == "berkas" and not report.dry_run:
        labels["selesai"] = "DISIAPKAN"
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
        if r.saran and r.status in ("gagal", "tidak-pasti"):
            advice.setdefault((r.post_id, r.saran), []).append(r.platform)
    for (post_id, saran), platforms in advice.items():
        lines.append(f"saran ({post_id}, {', '.join(platforms)}): {saran}")
    for post_id in report.uploaded:
        lines.append(f"Diunggah: {post_id} (tautan dan riwayat 'diunggah' dicatat di front matter)")
    if report.uploaded and mode == "berkas":
        lines.append(
            f"Perhatian: mode kotak keluar TIDAK mengirim ke media sosial. Unggah isi folder .jdih/{OUTBOX_DIR}/ "
            "secara manual (lihat PETUNJUK.txt di tiap folder). Tautan yang dicatat menunjuk halaman pos "
            "di situs JDIH (#kotak-keluar-<platform>)."
        )
    for post_id, jadwal in report.waiting:
        lines.append(f"Terjadwal: {post_id} pada {format_datetime_id(jadwal)}")
    for n in report.notes:
        lines.append(f"catatan: {n}")
    for p in report.problems:
        lines.append(f"masalah: {p}")
    lines.extend(_summary(report))
    return "\n".join(lines)


def _summary(report: Any) -> list[str]:
    """One closing line with the counts and the next action (only when something went wrong)."""
    if report.dry_run or report.ok:
        return []
    if not report.results:
        return ["", "Tidak ada yang dikirim. Perbaiki masalah di atas lalu jalankan ulang `jdih terbitkan`."]
    gagal = sum(1 for r in report.results if r.status == "gagal")
    tidak = sum(1 for r in report.results if r.status == "tidak-pasti")
    selesai = sum(1 for r in report.results if r.status == "selesai")
    parts = [f"{selesai} selesai", f"{gagal} gagal", f"{tidak} tidak pasti"]
    if report.problems:
        parts.append(f"{len(report.problems)} masalah")
    return [
        "",
        f"Ringkasan: {', '.join(parts)}. Yang sudah selesai tidak akan dikirim ulang; "
        "perbaiki sesuai saran di atas lalu jalankan ulang `jdih terbitkan`.",
    ]
