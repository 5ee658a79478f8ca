"""``jdih periksa``, ``jdih status`` and ``jdih skema``: thin shells over the checks core."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from ..clock import now as clock_now
from ..errors import UsageError
from ..findings import Finding, format_json, format_text, sort_findings
from ..project import Project
from .output import project_from


def _display(path: str, cwd: Path) -> str:
    """A path relative to the current folder when it lies below it, else as given."""
    p = Path(path)
    try:
        return p.absolute().relative_to(cwd).as_posix()
    except ValueError:
        return str(p)


def _on_decap_branch(project: Project) -> bool:
    """True when checking a Decap CMS branch (``cms/...``), in PR CI or checked out; False without git."""
    from ..forge.decap import is_decap_branch
    from ..gitflow.branch import review_branch

    return is_decap_branch(review_branch(project.root))


def _pr_opener() -> str | None:
    """Who opened the pull request under review, from the event file of its CI run (GITHUB_EVENT_PATH);
    None outside such a run."""
    import os

    from ..errors import JdihError
    from ..forge.events import PullRequest, load_event_payload

    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        payload = load_event_payload(Path(path))
        pr = payload.get("pull_request") if isinstance(payload, dict) else None
        return PullRequest.from_api(pr).author if isinstance(pr, dict) else None
    except JdihError:
        return None


@click.command("periksa")
@click.argument("paths", metavar="[JALUR]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["teks", "json"]), default="teks", show_default=True,
    help="Bentuk keluaran: teks (satu baris per temuan) atau json (untuk mesin).",
)
@click.option(
    "--dasar", "base", metavar="REV", default=None,
    help="Periksa juga perubahan terhadap revisi git REV (mis. origin/main): lompatan status, "
         "riwayat yang diubah, tautan yang diubah.",
)
@click.option(
    "--proses", "workers", type=click.IntRange(1, 64), default=None, metavar="N",
    help="Jumlah proses pemeriksa (bawaan: otomatis, 2 untuk konten yang sangat banyak).",
)
@click.pass_context
def periksa(ctx: click.Context, paths: tuple[Path, ...], fmt: str, base: str | None, workers: int | None) -> None:
    """Memeriksa konten terhadap SOP: skema front matter, riwayat langkah SOP,
    waktu norma, batas teks tiap platform, dan media.

    \b
    JALUR boleh berupa berkas index.md, folder konten, atau folder apa pun;
    tanpa JALUR seluruh folder content/ diperiksa.
    Keluaran: satu baris per temuan, "berkas:baris: TINGKAT KODE: pesan".
    Kode keluar: 0 bersih (peringatan boleh), 1 ada galat, 2 salah penggunaan.
    Tidak ada berkas yang diubah.
    """
    from ..checks import check_paths

    project = project_from(ctx)
    now = clock_now()
    decap = _on_decap_branch(project)  # a web-desk branch: its new posts are recorded by CI at the merge
    report = check_paths(project, list(paths), now, workers=workers, decap_branch=decap)
    findings: list[Finding] = list(report.findings)
    if base is not None:
        try:
            from ..gitflow.changes import check_changes
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("jdih.gitflow"):
                raise UsageError(
                    "pemeriksaan perubahan (--dasar) belum tersedia di versi ini",
                    hint="Jalankan tanpa --dasar, atau perbarui jdih.",
                ) from None
            raise
        findings.extend(check_changes(project, base, list(paths), now, decap_branch=decap,
                                      opener=_pr_opener() if decap else None))
    cwd = Path.cwd()
    shown = sort_findings(replace(f, path=_display(f.path, cwd)) for f in findings)
    out = format_json(shown, report.checked) if fmt == "json" else format_text(shown, report.checked)
    click.echo(out)
    if any(f.is_error for f in shown):
        raise SystemExit(1)


@click.command("status")
@click.option("--semua", "show_all", is_flag=True,
              help="Tampilkan juga konten yang sudah selesai (diumumkan/dibatalkan).")
@click.option(
    "--format", "fmt", type=click.Choice(["teks", "json"]), default="teks", show_default=True,
    help="Bentuk keluaran.",
)
@click.pass_context
def status(ctx: click.Context, show_all: bool, fmt: str) -> None:
    """Tabel konten menurut status: siapa pemegangnya sekarang, waktu kerja yang
    sudah terpakai pada langkah SOP yang sedang berjalan dibanding normanya, dan
    konten yang TERLAMBAT. Konten yang sudah selesai hanya dihitung, kecuali --semua.
    """
    from ..post import load_posts
    from ..status_table import build_status, format_status

    project = project_from(ctx)
    now = clock_now()
    posts, broken = load_posts(project.content_dir)
    from ..gitflow.branch_posts import with_branch_posts  # posts still on konten/ branches, marked
    from .github import open_pull_numbers

    posts, on_branch = with_branch_posts(project, posts, open_pull_numbers())
    from ..reminders.config import load_reminder_config

    policy = project.root / "sop" / "pengingat.yml"  # optional: without it no reminder column
    reminders = load_reminder_config(policy, project.sop) if policy.exists() else None
    table = build_status(project, posts, now, show_all=show_all, reminders=reminders)
    if fmt == "json":
        data = {
            "waktu": now.isoformat(),
            "jumlah": table.counts,
            "terlambat": table.late,
            "tidak_terbaca": len(broken),
            "konten": [
                {
                    "id": r.id,
                    "judul": r.title,
                    "status": r.status,
                    "pemegang": r.holder,
                    "langkah": r.run.step.number if r.run else None,
                    "menit_kerja": round(r.run.minutes) if r.run else None,
                    "norma_menit": r.run.step.norm.minutes if r.run else None,
                    "terlambat": r.late,
                    "keterangan": r.description,
                    "cabang": on_branch.get(r.id),
                    "pengingat_berikutnya": (
                        {"ambang_persen": r.reminder[0], "waktu": r.reminder[1].isoformat()} if r.reminder else None
                    ),
                }
                for r in table.rows
            ],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(format_status(project, table))
    for post_id, where in sorted(on_branch.items()):
        click.echo(f"Catatan: {post_id} {where}.")
    if broken:
        click.echo(f"{len(broken)} berkas konten tidak dapat dibaca; jalankan 'jdih periksa' untuk rinciannya.")


@click.command("skema")
@click.option(
    "--keluaran", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Tulis skema ke berkas ini (mis. .jdih/skema.json) alih-alih ke layar.",
)
@click.pass_context
def skema(ctx: click.Context, output: Path | None) -> None:
    """JSON Schema (draft 2020-12) front matter konten, dibuat dari data SOP,
    agar editor seperti VS Code dapat melengkapi dan memeriksa konten.

    \b
    Buat berkasnya:  jdih skema -o .jdih/skema.json
    VS Code: ekstensi remark (unifiedjs.vscode-remark) dengan paket npm
    remark-frontmatter dan remark-lint-frontmatter-schema; di .remarkrc.mjs
    petakan "./.jdih/skema.json" ke "./content/**/index.md" (lihat README).
    Pemeriksa yang menentukan tetap "jdih periksa".
    """
    from ..post import atomic_write
    from ..schema import front_matter_schema

    project = project_from(ctx)
    text = json.dumps(front_matter_schema(project), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, text)
    click.echo(f"Skema ditulis ke {output}.")
