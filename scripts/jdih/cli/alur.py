"""SOP step commands on git (local mode), ``riwayat`` and ``pratinjau``.

Thin: parse options, call one function of :mod:`jdih.gitflow` or :mod:`jdih.preview`, print
the result in Indonesian. Errors are JdihError, formatted by :mod:`jdih.cli.output`.
"""

from __future__ import annotations

import inspect
from datetime import datetime, time
from typing import Any

import click

from ..gitflow.steps import StepResult
from ..project import Project
from .output import project_from

POST_ARGUMENT_HELP = (
    "KONTEN = tahun/slug, slug, atau folder konten; bila kosong, diambil dari cabang konten/<slug> saat ini. "
    "Untuk menulis di folder konten lebih dulu, pindah ke cabangnya dengan jdih buka KONTEN "
    "(atau git pull lalu git switch konten/<slug>)."
)


def _now() -> datetime:
    from ..clock import now

    return now()


def _workspace(project: Any) -> Any:
    from ..gitflow.repo import Workspace

    return Workspace.open(project.root)


def _report(project: Project, result: StepResult) -> None:
    from ..worktime import format_datetime_id

    t = project.sop.transition(result.from_state, result.to_state)
    step = f"Langkah {t.step}" if t and t.step else "Pembatalan" if t and t.cancels else "Langkah"
    click.echo(
        f"{step} ({result.command}): {result.post_id} {result.from_state or 'baru'} → {result.to_state} "
        f"oleh {result.actor.name} pada {format_datetime_id(result.at)}."
    )
    where = "digabung ke " + result.branch + " dengan merge commit" if result.merged else "di cabang " + result.branch
    remote = " dan dikirim ke remote" if result.pushed else " (tanpa remote: hanya lokal)"
    click.echo(f"Commit {result.commit[:10]} {where}{remote}.")
    for note in result.notes:
        click.echo(f"Catatan: {note}.")
    from ..gitflow.steps import next_hint

    state = project.sop.states.get(result.to_state)
    if state and state.holder:
        holders = ", ".join(p.name for p in project.people.with_role(state.holder)) or "-"
        click.echo(f"Berikutnya: {project.sop.roles[state.holder].name} ({holders}) — {state.description}")
        hint = next_hint(project, result.to_state, result.post_id)
        if hint:
            click.echo(f"Perintah berikutnya: {hint}.")


def _step(ctx: click.Context, post_ref: str | None, note: str | None) -> None:
    """Run the SOP command named like this click command (its ``perintah`` in sop/alur.yml)."""
    from ..gitflow.steps import advance

    project = project_from(ctx)
    assert ctx.command.name is not None
    result = advance(project, _workspace(project), post_ref, ctx.command.name, _now(), note)
    _report(project, result)


def _parse_deadline(value: str | None) -> datetime | None:
    if not value:
        return None
    return _parse_time(value, "--tenggat", time(16, 0))


def _parse_time(value: str, option: str, date_only_at: time | None) -> datetime:
    """An ISO date/time option in WIB unless it names its zone; a bare date means ``date_only_at``."""
    from ..clock import WIB
    from ..errors import UsageError

    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{option} bukan tanggal/waktu ISO yang sah: {value!r} (contoh: 2026-11-25 atau 2026-11-25T14:00+07:00)"
        ) from None
    if len(value.strip()) <= 10:
        if date_only_at is None:
            raise UsageError(f"{option} perlu jam juga, contoh: {value.strip()}T07:45")
        dt = datetime.combine(dt.date(), date_only_at)
    return dt if dt.tzinfo else dt.replace(tzinfo=WIB)


NOTE_OPTION = click.option("--catatan", "note", default=None, metavar="TEKS", help="Catatan untuk entri riwayat.")


def _time_option(flag: str, dest: str, help_text: str) -> Any:
    """An optional ISO date/time option (read with :func:`_parse_time`)."""
    return click.option(flag, dest, default=None, metavar="WAKTU", help=help_text)

POST_ARGUMENT = click.argument("post_ref", metavar="[KONTEN]", required=False)


@click.command()
@click.argument("title", metavar="JUDUL")
@click.option(
    "--kategori",
    "category",
    required=True,
    metavar="KATEGORI",
    help="Kategori konten dari sop/alur.yml, mis. rutin-edukasi, pengumuman.",
)
@click.option(
    "--platform",
    "platform",
    required=True,
    multiple=True,
    metavar="PLATFORM",
    help="Platform tujuan; ulangi atau pisahkan dengan koma, mis. --platform instagram,facebook,x.",
)
@_time_option("--tenggat", "deadline", "Tenggat penyelesaian (ISO), mis. 2026-11-25 atau 2026-11-25T14:00+07:00.")
@_time_option("--mulai", "started_at",
              "Saat permintaan/bahan diterima (ISO), mis. 2026-11-23T07:45; langkah 1 diukur dari sini.")
@click.option("--seri", "series", default=None, metavar="SERI", help='Seri konten (opsional), mis. "Istilah Pemilu".')
@click.option("--slug", default=None, metavar="SLUG", help="Nama folder/cabang; bawaan dari judul.")
@NOTE_OPTION
@click.pass_context
def disposisi(
    ctx: click.Context,
    title: str,
    category: str,
    platform: tuple[str, ...],
    deadline: str | None,
    started_at: str | None,
    series: str | None,
    slug: str | None,
    note: str | None,
) -> None:
    """Langkah 1 SOP (Kasubbag, norma 10 menit): memberi disposisi pembuatan konten.

    Membuat konten baru content/<tahun>/<slug>/index.md berstatus 'disposisi' di cabang baru
    konten/<slug> (dari main), mencatat riwayat atas nama pemilik `git config user.email`,
    lalu commit dan push bila ada remote. Staf melanjutkan dengan `jdih draf`.
    """
    from ..gitflow.steps import disposisi as do_disposisi

    project = project_from(ctx)
    platforms = [p.strip() for item in platform for p in item.split(",") if p.strip()]
    result = do_disposisi(
        project,
        _workspace(project),
        title=title,
        category=category,
        platform=platforms,
        now=_now(),
        deadline=_parse_deadline(deadline),
        note=note,
        slug=slug,
        series=series,
        started_at=_parse_time(started_at, "--mulai", None) if started_at else None,
    )
    _report(project, result)
    board = _github_board_note(project)
    if board:
        click.echo(board)


def _github_board_note(project: Project) -> str | None:
    """For an office whose desk runs on GitHub (``meja.github`` in kantor.yml): that its board will not show
    a post made here. Decap lists only the ``cms/`` pull requests it opened itself."""
    from ..errors import JdihError
    from ..office import load_office

    try:
        desk = load_office(project.root).desk_github
    except JdihError:
        return None  # kantor.yml's own errors are reported by the commands that read it
    if desk is None:
        return None
    return ("Catatan: kantor ini memakai meja kerja di GitHub. Konten dari `jdih disposisi` (cabang konten/...) "
            "tidak tampil di papan meja kerja itu; lanjutkan dengan perintah jdih dan pull request. Konten yang "
            f"ingin dikerjakan di meja kerja dibuat di sana: {project.site_url}admin/ → Buat baru.")


def _step_command(name: str, help: str, required_note: str | None = None) -> click.Command:
    """The click command for the SOP step ``name`` on one post (``required_note``: help of a mandatory
    ``--catatan``, for the steps whose reason the SOP asks for)."""
    note_option = (NOTE_OPTION if required_note is None
                   else click.option("--catatan", "note", required=True, metavar="TEKS", help=required_note))

    @click.pass_context
    def run(ctx: click.Context, post_ref: str | None, note: str | None) -> None:
        _step(ctx, post_ref, note)

    return click.command(name, help=inspect.cleandoc(help), epilog=POST_ARGUMENT_HELP)(POST_ARGUMENT(note_option(run)))


draf = _step_command(
    "draf",
    """Langkah 2 SOP (Staf, norma 1 hari kerja): bahan dihimpun dan konsep diarahkan.

    Staf menulis bahan/arahan konsep di index.md (perubahan di folder konten ikut di-commit),
    lalu status menjadi 'draf' dan pengelola membuat drafnya.
    """,
)

ajukan = _step_command(
    "ajukan",
    """Langkah 3 SOP (Pengelola, norma 30 menit): membuat dan menyerahkan draf konten.

    Draf (teks, gambar di folder konten) di-commit bersama entri riwayat 'sunting'. Juga dipakai
    untuk menyerahkan kembali draf setelah 'perbaikan'. Di GitHub: buka pull request.
    """,
)

sunting = _step_command(
    "sunting",
    """Langkah 4 SOP (Staf, norma 30 menit): mengoreksi/menyunting draf dan menyerahkannya.

    Hasil suntingan di folder konten ikut di-commit; status menjadi 'persetujuan' (menunggu
    Kasubbag). Di GitHub: review "Approve" oleh staf penyunting.
    """,
)

setujui = _step_command(
    "setujui",
    """Langkah 5 SOP (Kasubbag, norma 10 menit): setuju → perintah pengunggahan.

    Menggabungkan cabang konten/<slug> ke main dengan merge commit (--no-ff) yang mencatat
    entri 'disetujui', lalu push. Bila main di remote berubah lebih dulu, merge lokal
    dibatalkan tanpa kehilangan apa pun; jalankan ulang perintah. Di GitHub: merge pull request.
    Pohon kerja harus bersih.
    """,
)

tolak = _step_command(
    "tolak",
    """Langkah 5 SOP (Kasubbag, norma 10 menit): tidak setuju → perbaikan.

    Status menjadi 'perbaikan' dengan alasannya; pengelola memperbaiki lalu `jdih ajukan` lagi.
    Di GitHub: review "Request changes" oleh Kasubbag.
    """,
    required_note="Alasan tidak setuju (wajib; disimpan di riwayat).",
)

batalkan = _step_command(
    "batalkan",
    """Membatalkan konten sebelum disetujui (Kasubbag; di luar langkah 1-6 SOP, boleh dari langkah 1-5).

    Entri 'dibatalkan' dicatat dalam merge commit ke main, sehingga catatannya tetap tersimpan
    di arsip dan buku agenda.
    """,
    required_note="Alasan pembatalan (wajib; disimpan di riwayat).",
)


@click.command()
@click.argument("post_ref", metavar="KONTEN")
@click.pass_context
def buka(ctx: click.Context, post_ref: str) -> None:
    """Membuka konten untuk dikerjakan (langkah 2-4 SOP): pindah ke cabang konten/<slug> terbaru.

    Mengambil perubahan terbaru dari remote lalu pindah ke cabang konten, sehingga bahan, draf
    atau suntingan dapat ditulis di content/<tahun>/<slug>/ sebelum menjalankan `jdih draf`,
    `jdih ajukan` atau `jdih sunting`. Menolak bila ada pekerjaan yang belum di-commit.
    """
    from ..gitflow.steps import next_hint, open_branch

    project = project_from(ctx)
    branch, post_id, status = open_branch(project, _workspace(project), post_ref)
    post_file = f"{project.content_dir.relative_to(project.root).as_posix()}/{post_id}/index.md"
    click.echo(f"Sekarang di cabang {branch}; konten {post_id} berstatus '{status}'.")
    click.echo(f"Tulis di: {post_file}")
    hint = next_hint(project, status, post_id)
    if hint:
        click.echo(f"Setelah selesai: {hint}.")


@click.command()
@click.argument("post_ref", metavar="KONTEN")
@click.pass_context
def riwayat(ctx: click.Context, post_ref: str) -> None:
    """Jejak lengkap sebuah konten: langkah SOP dari front matter dan commit git yang mencatatnya.

    Menampilkan siapa, kapan dan apa yang berubah (status, teks, gambar, tautan) di setiap commit.
    """
    from ..gitflow.history import format_trail, post_trail

    project = project_from(ctx)
    click.echo(format_trail(post_trail(project, post_ref), project))


@click.command()
@click.argument("paths", metavar="[JALUR]...", nargs=-1)
@click.option(
    "--dasar", "base", default=None, metavar="REV", help="Hanya konten yang berubah sejak revisi ini, mis. origin/main."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["teks", "markdown"]),
    default="teks",
    show_default=True,
    help="markdown untuk komentar pull request dan $GITHUB_STEP_SUMMARY.",
)
@click.option("--penanda", "marker", is_flag=True, help="Sertakan penanda komentar <!-- jdih-pratinjau --> (markdown).")
@click.pass_context
def pratinjau(ctx: click.Context, paths: tuple[str, ...], base: str | None, fmt: str, marker: bool) -> None:
    """Pratinjau konten per platform: teks persis seperti akan diunggah (dengan tautan halaman
    situs), panjang terhitung cara platform terhadap batasnya, gambar, dan temuan pemeriksaan.

    Tanpa JALUR dan --dasar: semua konten yang belum terbit.
    """
    from ..post import load_posts, read_post
    from ..preview import build_preview, render_markdown, render_text

    project = project_from(ctx)
    now = _now()
    marks: dict[str, str] = {}
    if base:
        from ..gitflow.changes import changed_posts

        posts = [read_post(p, project.content_dir) for p in changed_posts(project, base, paths)]
    elif paths:
        from ..gitflow.history import find_post

        found = [find_post(project, j) for j in paths]
        posts = [p for p, _ in found]
        marks = {p.id: where for p, where in found if where}
    else:
        from ..gitflow.branch_posts import with_branch_posts
        from .github import open_pull_numbers

        all_posts, marks = with_branch_posts(project, load_posts(project.content_dir)[0], open_pull_numbers())
        posts = [p for p in all_posts if not project.sop.is_published(p.status) and not project.sop.is_final(p.status)]
    views = build_preview(project, posts, now)
    if fmt != "markdown":
        for post_id, where in sorted(marks.items()):
            click.echo(f"Catatan: {post_id} {where}.")
    click.echo(render_markdown(views, marker) if fmt == "markdown" else render_text(views), nl=False)


__all__ = ["ajukan", "batalkan", "buka", "disposisi", "draf", "pratinjau", "riwayat", "setujui", "sunting", "tolak"]
