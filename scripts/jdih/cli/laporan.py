"""``jdih agenda``, ``jdih laporan`` and ``jdih arsip``: the SOP's records as commands.

Thin shell: parse options, load the project, call one core function in :mod:`jdih.reports`,
write its bytes. Time comes from :func:`jdih.clock.now` (``JDIH_SEKARANG`` in tests).
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError, UsageError
from ..project import Project
from .output import project_from

_PERIOD_HELP = "Periode: 2026-S2 (semester), 2026-T3 atau 2026-Q3 (triwulan), 2026-11 (bulan), 2026 (tahun)."


def _period_options(fn: Any) -> Any:
    fn = click.option("--sampai", "until", metavar="TTTT-BB-HH", help="Tanggal akhir (termasuk), bersama --dari.")(fn)
    fn = click.option("--dari", "since", metavar="TTTT-BB-HH", help="Tanggal awal (termasuk), bersama --sampai.")(fn)
    fn = click.option("--periode", "period_code", metavar="KODE", help=_PERIOD_HELP)(fn)
    return fn


_SEQUENCE_HELP = ("Nomor urut naskah dari buku register surat kantor, untuk {urut} pada pola `penomoran` di "
                    "kantor.yml (mis. 017). Tanpa opsi ini nomor urut dicetak titik-titik untuk diisi tangan.")


def _number_option(fn: Any) -> Any:
    return click.option("--nomor-urut", "raw_sequence", metavar="NOMOR", help=_SEQUENCE_HELP)(fn)


def _serial(raw_sequence: str | None, fmt: str | None, numbered: tuple[str, ...] = ("html", "pdf")) -> str | None:
    """The document's register number as typed (digits, leading zeros kept), checked before any work;
    ``None`` without ``--nomor-urut``. Only a numbered document (html/pdf) takes it."""
    if raw_sequence is None:
        return None
    import re

    value = raw_sequence.strip()
    if not re.fullmatch(r"[0-9]{1,6}", value) or not value.strip("0"):
        raise UsageError(f"--nomor-urut '{raw_sequence}' bukan nomor urut (angka 1 sampai 999999, mis. 017)",
                         hint="Salin nomor urut dari buku register surat kantor, mis. --nomor-urut 017.")
    if fmt not in numbered:
        raise UsageError(f"--nomor-urut hanya dipakai untuk naskah bernomor ({' atau '.join(numbered)}), "
                         f"bukan keluaran {fmt}",
                         hint="Pilih --format pdf atau --keluaran berakhiran .pdf, atau hilangkan --nomor-urut.")
    return value


def _format_for(fmt: str | None, output: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The output format from ``--format`` and the suffix of ``--keluaran``; a mismatch or an
    unknown suffix is a usage error (writing Excel bytes into ``laporan.pdf`` helps nobody)."""
    if not output or output == "-":
        return fmt or default
    suffix = Path(output).suffix.lower().lstrip(".")
    suffix = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    choices = ", ".join(f".{a}" for a in allowed)
    if fmt:
        if suffix != fmt:
            raise UsageError(
                f"akhiran berkas keluaran '{Path(output).name}' tidak cocok dengan --format {fmt}",
                hint=f"Gunakan nama berakhiran .{fmt}, atau hilangkan --format (bentuk diambil dari akhiran).",
            )
        return fmt
    if suffix not in allowed:
        raise UsageError(
            f"akhiran berkas keluaran '{Path(output).name}' tidak dikenal; pilihan: {choices}",
            hint=f"Contoh: --keluaran {Path(output).stem or 'hasil'}.{default}",
        )
    return suffix


def _to_screen(output: str | None, fmt: str, screen_ok: tuple[str, ...]) -> bool:
    """True when the output goes to the terminal; ``-`` for a binary format is refused."""
    if output != "-":
        return False
    if fmt not in screen_ok:
        raise UsageError(
            f"keluaran {fmt} tidak dapat ditampilkan di layar ('-')",
            hint=f"Berikan nama berkas, mis. --keluaran hasil.{fmt}, atau pilih --format {screen_ok[0]}.",
        )
    return True


# errno -> Indonesian reason (OSError.strerror is English).
_OS_REASONS = {
    errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis",
    errno.EISDIR: "itu adalah folder, bukan berkas",
    errno.ENOENT: "folder tujuan tidak ada",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.ENOSPC: "ruang disk penuh",
    errno.EROFS: "sistem berkas hanya-baca",
}


def _check_target(output: str | None) -> None:
    """Refuse an impossible output path before the (slow) reading of every post."""
    if output and output != "-":
        _check_path(Path(output))


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise ConfigError("berkas keluaran adalah sebuah folder; sebutkan nama berkas di dalamnya",
                          file=path, hint=f"Contoh: --keluaran {path / 'hasil'}.<akhiran>")
    parent = next((p for p in [path.parent, *path.parent.parents] if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise ConfigError(f"'{parent}' adalah berkas, bukan folder", file=path,
                          hint="Pilih folder keluaran yang lain.")


OUTPUT_DIR = "keluaran"  # under the project's state folder (.jdih/): ignored by git


def _default_output(ctx: click.Context, name: str) -> Path:
    """Where a record goes without --keluaran: ``.jdih/keluaran/<name>``, which git ignores, so the
    file never blocks a workflow command (an untracked report in the repository root did)."""
    from ..gitflow.repo import exclude_locally

    project = project_from(ctx)
    exclude_locally(project.root, project.state_dir)
    target = project.state_dir / OUTPUT_DIR / name
    try:
        return target.relative_to(Path.cwd())
    except ValueError:
        return target


def _where(target: Path, output: str | None) -> str:
    """The "written to" text, saying that a default location is local and outside git."""
    if output:
        return str(target)
    return f"{target} (folder keluaran lokal, tidak ikut git; pilih tempat lain dengan --keluaran)"


def _write(path: Path, data: bytes) -> None:
    from ..post import atomic_write

    _check_path(path)
    try:
        atomic_write(path, data)
    except OSError as exc:
        reason = _OS_REASONS.get(exc.errno or 0, f"galat sistem {exc.errno}")
        raise ConfigError(f"berkas keluaran tidak dapat ditulis: {reason}", file=path) from None


@dataclass
class _Records:
    """What a record command reads: the project, its posts, git history and deleted posts."""

    project: Any
    posts: list[Any]
    errors: list[Any]  # files that could not be read
    git: Any
    removed: list[Any]  # posts deleted from content/, read back from git
    removed_notes: list[str]  # deleted posts that could not be read back
    early: Any = None  # the result of ``while_git``
    on_branch: dict[str, str] | None = None  # post id -> mark, for posts read from konten/ branches


def _load(ctx: click.Context, while_git: Callable[[Any, list[Any]], Any] | None = None,
          warm: Callable[[], None] | None = None) -> _Records:
    """Read everything a record command needs.

    ``git log`` starts first and runs on the other core while this process parses the posts,
    runs ``while_git(project, posts)`` (work that needs no git) and ``warm`` (imports needed later).
    """
    from ..gitflow.content_log import start_git_history
    from ..gitflow.objects import deleted_versions
    from ..reports.postcache import load_posts_cached
    from ..reports.removed import removed_posts

    project = project_from(ctx)
    cache = project.state_dir / "cache"
    content = project.content_dir.relative_to(project.root).as_posix()
    pending = start_git_history(project.root, content, cache)
    posts, errors = load_posts_cached(project.content_dir, cache)
    on_branch: dict[str, str] = {}
    if pending.head is not None:  # posts still on their konten/ branches count too, marked as such
        from ..gitflow.branch_posts import with_branch_posts
        from .github import open_pull_numbers

        posts, on_branch = with_branch_posts(project, posts, open_pull_numbers())
    early = while_git(project, posts) if while_git is not None else None
    if warm is not None and pending.running():
        warm()
    git = pending.result()
    removed, notes = removed_posts(deleted_versions(git), project.content_dir, git.root or project.root)
    return _Records(project, posts, errors, git, removed, notes, early, on_branch)


def _site_url(project: Project) -> str | None:
    try:
        return str(project.site_url)
    except ConfigError:
        return None


@click.command()
@_period_options
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "html", "pdf"]), default=None,
              help="Bentuk keluaran (bawaan: dari akhiran --keluaran, atau xlsx).")
@click.option("--keluaran", "-o", "output", metavar="BERKAS", help="Berkas keluaran; '-' = layar (csv atau html).")
@_number_option
@click.pass_context
def agenda(ctx: click.Context, period_code: str | None, since: str | None, until: str | None,
           fmt: str | None, output: str | None, raw_sequence: str | None = None) -> None:
    """Buku Agenda: setiap konten yang pernah diberi disposisi, bernomor agenda per tahun.

    \b
    Nomor agenda (mis. 012/JDIH-MEDSOS/2026) urut menurut waktu disposisi dalam tahunnya dan
    tidak berubah bila konten baru ditambahkan, dibatalkan atau dihapus (konten terhapus dibaca
    dari riwayat git). Tanpa --periode: semua tahun.
    Keluaran: xlsx (Excel), csv (UTF-8 ber-BOM, pemisah ';'), html atau pdf (siap cetak A4 lanskap,
    berkop surat dan blok tanda tangan dari kantor.yml dan sop/peran.yml).
    """
    from ..clock import now
    from ..reports.agenda import build_agenda
    from ..reports.pdf import project_letterhead
    from ..reports.periods import resolve_period
    from ..reports.render_agenda import to_csv, to_html, to_pdf, to_xlsx

    period = resolve_period(period_code, since, until) if (period_code or since or until) else None
    fmt = _format_for(fmt, output, ("xlsx", "csv", "html", "pdf"), "xlsx")
    sequence = _serial(raw_sequence, fmt)
    screen = _to_screen(output, fmt, ("csv", "html"))
    _check_target(output)
    rec = _load(ctx)
    ag = build_agenda(rec.posts, rec.project.sop, rec.project.people, git=rec.git, removed=rec.removed,
                      site_url=_site_url(rec.project), period=period, on_branch=rec.on_branch)
    ag.notes.extend(rec.removed_notes)
    at = now()
    letterhead = project_letterhead(rec.project, "agenda", at, period=period.code if period else "",
                                    sequence=sequence) if fmt in ("html", "pdf") else None
    data = {"csv": lambda: to_csv(ag), "xlsx": lambda: to_xlsx(ag), "html": lambda: to_html(ag, at, letterhead),
            "pdf": lambda: to_pdf(ag, at, letterhead)}[fmt]()
    if screen or (output is None and fmt == "csv"):
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    name = f"buku-agenda-{period.code if period else 'semua'}.{fmt}"
    target = Path(output) if output else _default_output(ctx, name)
    _write(target, data)
    click.echo(f"Buku Agenda ({len(ag.rows)} konten) ditulis ke {_where(target, output)}")
    for note in ag.notes:
        click.echo(f"catatan: {note}", err=True)


@click.command()
@_period_options
@click.option("--format", "fmt", type=click.Choice(["md", "html", "xlsx", "pdf"]), default=None,
              help="Bentuk keluaran (bawaan: dari akhiran --keluaran, atau md).")
@click.option("--keluaran", "-o", "output", metavar="BERKAS",
              help="Berkas keluaran; '-' = layar (md atau html). Bawaan md: layar, tanpa grafik.")
@_number_option
@click.pass_context
def laporan(ctx: click.Context, period_code: str | None, since: str | None, until: str | None,
            fmt: str | None, output: str | None, raw_sequence: str | None = None) -> None:
    """Laporan evaluasi SOP 03/2022 untuk satu periode (bahan evaluasi semesteran).

    \b
    Isi: jumlah konten terbit per platform, kategori, seri dan bulan; konten dibatalkan;
    tingkat perbaikan dan jumlah ronde; tiap langkah SOP (median, persentil ke-90, % dalam
    norma, pelampauan terbesar) dan siklus penuh dibanding "1 hari 95 menit" dalam jam kerja;
    konten yang masih menunggu; grafik; dan ringkasan naratif siap tempel. Temuan (dibanding
    periode sebelumnya) dan Rekomendasi menurut aturan `evaluasi` di kantor.yml. html dan pdf
    berkop surat, bernomor dan berblok tanda tangan (kantor.yml, sop/peran.yml).
    Contoh: jdih laporan --periode 2026-S2 --keluaran laporan-2026-S2.pdf
    """
    from ..clock import now
    from ..office import load_office
    from ..reports.agenda import agenda_numbers
    from ..reports.charts import monthly_chart, steps_chart
    from ..reports.charts import warm_up as charts_warm_up
    from ..reports.evaluation import evaluate, previous_period
    from ..reports.laporan import build_laporan, measure_all
    from ..reports.pdf import project_letterhead
    from ..reports.periods import resolve_period
    from ..reports.render_laporan import to_html, to_markdown, to_pdf, to_xlsx

    period = resolve_period(period_code, since, until)
    fmt = _format_for(fmt, output, ("md", "html", "xlsx", "pdf"), "md")
    sequence = _serial(raw_sequence, fmt)
    screen = _to_screen(output, fmt, ("md", "html")) or (output is None and fmt == "md")
    _check_target(output)
    at = now()
    rec = _load(ctx, while_git=lambda pr, ps: measure_all(ps, pr.sop, pr.calendar, at),
                warm=None if fmt == "md" and screen else charts_warm_up)
    project = rec.project
    names = {k: v.name for k, v in project.platforms.items()}
    numbers = agenda_numbers(rec.posts, project.sop, git=rec.git, removed=rec.removed)
    report = build_laporan(rec.posts, project.sop, project.calendar, period, at, load_errors=rec.errors, git=rec.git,
                           platform_names=names, removed=rec.removed, measured=rec.early,
                           source_notes=rec.removed_notes, agenda_numbers=numbers, previous=previous_period(period))
    if rec.on_branch:  # where a waiting post is: still on its konten/ branch, not on main
        from dataclasses import replace

        report.waiting = [replace(w, title=f"{w.title} [{rec.on_branch[w.post_id]}]") if w.post_id in rec.on_branch
                          else w for w in report.waiting]
    from ..reminders.record import read_records
    from ..reminders.stats import reminder_rows, reminder_stats

    sent, _bad = read_records(project.root)  # reminders sent (jdih ingatkan): their own section, once there are any
    if sent:
        stats = reminder_stats(sent, rec.posts, period, sop=project.sop, calendar=project.calendar, now=at)
        report.reminders = reminder_rows(stats, project.sop.office.minutes_per_day)
    ev = evaluate(report, load_office(project.root).rules)
    if screen and fmt == "md":
        click.echo(to_markdown(report, ev=ev))
        return
    target = Path(output) if output else _default_output(ctx, f"laporan-{period.code}.{fmt}")
    charts = (steps_chart(report), monthly_chart(report))
    letterhead = project_letterhead(project, "laporan", at, period=period.code, sequence=sequence) \
        if fmt in ("html", "pdf") else None
    if screen:
        click.echo(to_html(report, charts, letterhead, ev), nl=False)
        return
    if fmt == "md":
        img_names = (f"{target.stem}-grafik-langkah.png", f"{target.stem}-grafik-bulanan.png")
        for name, png in zip(img_names, charts, strict=True):
            _write(target.parent / name, png)
        _write(target, to_markdown(report, img_names, ev).encode("utf-8"))
    elif fmt == "html":
        _write(target, to_html(report, charts, letterhead, ev).encode("utf-8"))
    elif fmt == "pdf":
        _write(target, to_pdf(report, charts, letterhead, ev))
    else:
        _write(target, to_xlsx(report, charts, ev))
    click.echo(f"Laporan {period.label} ({report.total_published} konten terbit) ditulis ke {_where(target, output)}")
    if report.problems:
        click.echo(f"perhatian: {len(report.problems)} catatan riwayat tidak konsisten (lihat bagian laporan).",
                   err=True)


@click.group(invoke_without_command=True)
@_period_options
@click.option("--keluaran", "-o", "output", metavar="BERKAS", help="Berkas ZIP (bawaan: arsip-jdih-<periode>.zip).")
@click.option("--berita-acara", "berita_acara", is_flag=True,
              help="Tulis juga berita acara PDF siap tanda tangan (<nama arsip>-berita-acara.pdf).")
@_number_option
@click.pass_context
def arsip(ctx: click.Context, period_code: str | None, since: str | None, until: str | None,
          output: str | None, berita_acara: bool = False, raw_sequence: str | None = None) -> None:
    """Naskah asli elektronik: ZIP berisi setiap konten terbit dalam periode.

    \b
    Setiap konten: versi saat disetujui (dari git) dan versi terbit (front matter, teks,
    media), riwayat SOP dan riwayat git foldernya, serta MANIFEST.json/MANIFEST.txt dengan
    SHA-256 setiap berkas. ZIP yang sama dihasilkan lagi dari keadaan repositori yang sama.
    Contoh: jdih arsip --periode 2026-S2      Periksa: jdih arsip periksa arsip-jdih-2026-S2.zip
    """
    if ctx.invoked_subcommand is not None:
        if period_code or since or until or output or berita_acara or raw_sequence:
            raise UsageError("opsi --periode/--dari/--sampai/--keluaran/--berita-acara/--nomor-urut tidak dipakai "
                             "bersama 'periksa'")
        return
    from ..reports.arsip import build_archive
    from ..reports.periods import resolve_period

    period = resolve_period(period_code, since, until)
    if raw_sequence is not None and not berita_acara:
        raise UsageError("--nomor-urut adalah nomor berita acara: pakai bersama --berita-acara")
    sequence = _serial(raw_sequence, "pdf")
    if output == "-":
        raise UsageError("arsip ZIP tidak dapat ditampilkan di layar ('-')", hint="Berikan nama berkas .zip.")
    target = Path(output) if output else _default_output(ctx, f"arsip-jdih-{period.code}.zip")
    if target.suffix.lower() != ".zip":
        raise UsageError(f"berkas arsip harus berakhiran .zip, bukan '{target.name}'",
                         hint=f"Contoh: --keluaran {target.with_suffix('.zip').name}")
    _check_path(target)
    rec = _load(ctx)
    content_dir = rec.project.content_dir.relative_to(rec.project.root).as_posix()
    if rec.git.available and rec.git.root is not None:
        from ..gitflow.content_log import uncommitted_paths
        from ..gitflow.objects import BlobReader

        with BlobReader(rec.git.root) as reader:
            result = build_archive(rec.posts, rec.project.sop, period, git=rec.git, content_dir=content_dir,
                                   removed=rec.removed, files_reader=reader,
                                   uncommitted=uncommitted_paths(rec.git.root, content_dir))
    else:
        result = build_archive(rec.posts, rec.project.sop, period, git=rec.git, content_dir=content_dir,
                               removed=rec.removed)
    result.notes.extend(rec.removed_notes)
    _write(target, result.data)
    click.echo(f"Arsip {period.label}: {result.manifest['jumlah_konten']} konten, "
               f"{len(result.manifest['berkas'])} berkas, ditulis ke {_where(target, output)}")
    click.echo(f"SHA-256 arsip         : {result.sha256}")
    click.echo(f"SHA-256 MANIFEST.json : {result.manifest_sha256}")
    click.echo("Catat kedua sidik di atas pada berita acara/hardcopy untuk pemeriksaan kelak.")
    if berita_acara:
        from ..clock import now
        from ..reports.pdf import project_letterhead
        from ..reports.render_arsip import ArchiveRecord
        from ..reports.render_arsip import to_pdf as archive_record_pdf

        at = now()
        record = ArchiveRecord(period, target.name, result.manifest["jumlah_konten"], len(result.manifest["berkas"]),
                               result.sha256, result.manifest_sha256, at.date())
        record_pdf = target.with_name(f"{target.stem}-berita-acara.pdf")
        _write(record_pdf, archive_record_pdf(record, project_letterhead(rec.project, "berita_acara", at,
                                                                         period=period.code, sequence=sequence)))
        click.echo(f"Berita acara arsip ditulis ke {record_pdf}")
    if not result.manifest["jumlah_konten"]:
        click.echo(f"catatan: tidak ada konten yang terbit dalam periode {period.label}; arsip hanya berisi manifest.",
                   err=True)
    for note in result.notes:
        click.echo(f"catatan: {note}", err=True)


@arsip.command("periksa")
@click.argument("archive", metavar="BERKAS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sidik", "fingerprint", metavar="SHA256",
              help="Sidik yang tercatat di berita acara: 'SHA-256 arsip' atau 'SHA-256 MANIFEST.json' "
                   "yang dicetak `jdih arsip` (64 digit heksadesimal).")
def periksa_arsip(archive: Path, fingerprint: str | None) -> None:
    """Memeriksa keutuhan arsip: setiap berkas dibandingkan dengan SHA-256 di manifest.

    Dengan --sidik, arsip juga dicocokkan dengan sidik yang dicatat pada hardcopy: baik
    "SHA-256 arsip" (seluruh berkas ZIP) maupun "SHA-256 MANIFEST.json" diterima.
    Keluar 0 bila utuh; 1 bila ada berkas yang diubah, hilang atau tambahan (disebutkan namanya).
    """
    import hashlib
    import re
    import zipfile

    from ..reports.arsip import MANIFEST_JSON, verify_archive

    wanted = None
    if fingerprint is not None:
        wanted = re.sub(r"\s+", "", fingerprint).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", wanted):
            raise UsageError(
                f"--sidik '{fingerprint}' bukan sidik SHA-256 (harus 64 digit heksadesimal 0-9 dan a-f)",
                hint="Salin persis 'SHA-256 arsip' atau 'SHA-256 MANIFEST.json' yang dicetak `jdih arsip`.",
            )
    res = verify_archive(archive)
    if wanted is not None and res.manifest is not None:
        whole = hashlib.sha256(archive.read_bytes()).hexdigest()
        with zipfile.ZipFile(archive) as zf:
            mname = next(n for n in zf.namelist() if n.endswith("/" + MANIFEST_JSON))
            actual = hashlib.sha256(zf.read(mname)).hexdigest()
        if wanted not in (whole, actual):
            res.problems.insert(0, f"{archive.name}: DIUBAH (SHA-256 arsip {whole} dan SHA-256 {MANIFEST_JSON} "
                                   f"{actual} tidak sama dengan sidik tercatat {wanted})")
    if res.ok:
        click.echo(f"Arsip utuh: {res.checked} berkas sesuai dengan manifest ({archive}).")
        return
    for line in res.problems:
        click.echo(f"galat: {line}", err=True)
    click.echo(f"Arsip TIDAK utuh: {len(res.problems)} masalah dari {res.checked} berkas yang diperiksa.", err=True)
    raise SystemExit(1)
