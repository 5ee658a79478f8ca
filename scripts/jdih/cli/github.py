"""``jdih github ...``: the commands the GitHub Actions workflows run.

Thin: read the event payload and environment (``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``,
``GITHUB_API_URL``), call :mod:`jdih.forge`, print an Indonesian summary.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..forge.record import MergeRecord
from .output import project_from


class _PrNumber(click.ParamType):
    """A pull request number (positive integer), with an Indonesian message when it is not one."""

    name = "nomor"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The number, or a usage error in Indonesian."""
        try:
            number = int(str(value).lstrip("#"))
        except ValueError:
            self.fail(f"{value!r} bukan nomor pull request (contoh: 12)", param, ctx)
        if number < 1:
            self.fail(f"{value!r} bukan nomor pull request (harus 1 atau lebih)", param, ctx)
        return number


PR_NUMBER = _PrNumber()


def _client() -> Any:
    import httpx

    from ..errors import ConfigError
    from ..forge.client import API_URL, GitHubClient

    repo = os.environ.get("GITHUB_REPOSITORY", "")
    token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
    if not repo:
        raise ConfigError("GITHUB_REPOSITORY belum diatur (bentuk pemilik/nama)")
    if not token:
        raise ConfigError("GITHUB_TOKEN belum diatur", hint="Di workflow: env: GITHUB_TOKEN: ${{ github.token }}")
    http = httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=False)
    return GitHubClient(http, repo, token, os.environ.get("GITHUB_API_URL", API_URL))


def _roles_before(project: Any, sha: str | None) -> Any:
    """People as of the first parent of merge ``sha`` (None: not readable there, today's roles apply;
    the publisher's own verification, ``jdih github verifikasi``, refuses such an approval anyway)."""
    from ..errors import JdihError
    from ..gitflow.approval_git import ApprovalGit

    facts_git = ApprovalGit(project.root)
    facts = facts_git.commit(sha) if sha else None
    if facts is None or not facts.parents:
        return None
    try:
        return facts_git.sop_at(facts.parents[0])[1]
    except JdihError:
        return None


def _pushes(client: Any, pr: Any) -> Any:
    """Who pushed to the PR's branch (GitHub's activity list); None when unavailable (then commit e-mails
    stand in and the record says they are unverified)."""
    return client.branch_pushes(pr.head_ref) if pr.head_ref else None


def open_pull_numbers() -> dict[str, int]:
    """Head branch -> number of the open pull requests, when GITHUB_TOKEN and GITHUB_REPOSITORY are set
    (lists of posts then mark a post under review with its PR); {} otherwise or when GitHub cannot be
    read (a note says so: the list itself never fails for it)."""
    if not (os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")) or not os.environ.get("GITHUB_REPOSITORY"):
        return {}
    from ..errors import JdihError

    try:
        return dict(_client().open_pull_branches())
    except JdihError as exc:
        click.echo(f"catatan: pull request terbuka tidak dapat dibaca dari GitHub: {exc.message}", err=True)
        return {}


def _print_record(rec: MergeRecord) -> None:
    click.echo(f"PR #{rec.pr}: persetujuan oleh {rec.approver} diverifikasi (memegang peran penyetuju).")
    if not rec.posts:
        click.echo("Tidak ada konten yang berubah dalam PR ini.")
    for p in rec.posts:
        if p.added:
            steps = ", ".join(f"{s.command} oleh {s.actor} ({s.source})" for s in p.added)
            click.echo(f"{p.path}: {p.status_before} → {p.status_after}; dicatat: {steps}")
        else:
            click.echo(f"{p.path}: tetap {p.status_after} (sudah tercatat)")
        for s in p.skipped:
            click.echo(f"  PERINGATAN: {s}")
    for n in rec.note:
        click.echo(f"Catatan: {n}")


@click.group()
def github() -> None:
    """Perintah untuk GitHub Actions: mencatat merge sebagai persetujuan, komentar pratinjau,
    sinkron riwayat dari timeline pull request, dan CODEOWNERS dari sop/peran.yml.
    """


@github.command("catat-merge")
@click.option(
    "--event",
    "event_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Berkas payload event ($GITHUB_EVENT_PATH).",
)
@click.option("--nama-event", "event_name", default=None, metavar="NAMA",
              help="Nama event ($GITHUB_EVENT_NAME), bila diketahui.")
@click.pass_context
def catat_merge(ctx: click.Context, event_path: str, event_name: str | None) -> None:
    """Langkah 5 SOP di GitHub: merge oleh Kasubbag = 'disetujui'.

    Memverifikasi bahwa yang me-merge memegang peran Kasubbag di sop/peran.yml (bila tidak,
    menolak dan penerbitan berhenti), lalu menulis entri riwayat dari timeline PR (dibuka,
    review, commit baru, merge) ke konten di main. Aman diulang: entri yang sudah ada dilewati.
    """
    from ..forge.events import MergeEvent, PullRequest, PushEvent, load_event
    from ..forge.record import record_pr, verify_direct_push
    from ..gitflow.changes import entries_added_between, posts_added_between, posts_changed_between

    project = project_from(ctx)
    event = load_event(Path(event_path), event_name)
    if isinstance(event, MergeEvent):
        client = _client()
        pr = PullRequest.from_api(client.pull(event.pr.number))
        after = pr.merge_commit_sha or "HEAD"
        files = posts_changed_between(project, None, after)
        _print_record(record_pr(project, pr, client.timeline(pr.number), files,
                                roles_before=_roles_before(project, pr.merge_commit_sha),
                                new_files=posts_added_between(project, None, after), pushes=_pushes(client, pr)))
        return
    if isinstance(event, PushEvent):
        if not event.ref.startswith("refs/heads/"):
            click.echo("Bukan push ke cabang; tidak ada yang dicatat.")
            return
        client = _client()
        pulls = [
            p
            for p in client.pulls_for_commit(event.after)
            if p.get("merged_at") and p.get("merge_commit_sha") == event.after
        ]
        if pulls:
            pr = PullRequest.from_api(client.pull(int(pulls[0]["number"])))
            files = posts_changed_between(project, event.before, event.after)
            _print_record(record_pr(project, pr, client.timeline(pr.number), files,
                                    roles_before=_roles_before(project, pr.merge_commit_sha),
                                    new_files=posts_added_between(project, event.before, event.after),
                                    pushes=_pushes(client, pr)))
            return
        approved = verify_direct_push(project, event.pusher, entries_added_between(project, event.before, event.after))
        if approved:
            click.echo(f"Push langsung oleh {event.pusher} (merge lokal `jdih setujui`): {', '.join(approved)} sah.")
        else:
            click.echo("Push tanpa pull request dan tanpa persetujuan baru; tidak ada yang dicatat.")
        return
    click.echo(f"Event '{getattr(event, 'name', type(event).__name__)}' tidak memuat merge; tidak ada yang dicatat.")


@github.command("papan")
@click.option("--event", "event_path", required=True, type=click.Path(dir_okay=False),
              help="Berkas payload event pull_request ($GITHUB_EVENT_PATH).")
@click.pass_context
def papan(ctx: click.Context, event_path: str) -> None:
    """Papan Decap CMS di GitHub: kartu yang dipindah oleh orang yang perannya tidak boleh
    melakukan langkah itu dikembalikan ke kolomnya, dengan komentar di pull request.

    Dijalankan workflow pada setiap label yang dipasang; tidak mencatat langkah SOP (itu dilakukan
    saat merge). Aman diulang.
    """
    from ..desk.config import column_labels
    from ..forge.board import MARKER, correct_board
    from ..forge.decap import is_decap_branch
    from ..forge.events import PullRequest, load_event_payload

    project = project_from(ctx)
    payload = load_event_payload(Path(event_path))
    raw = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(raw, dict) or not is_decap_branch((raw.get("head") or {}).get("ref")):
        click.echo("Bukan pull request dari meja kerja (cabang cms/...); tidak ada yang diperiksa.")
        return
    client = _client()
    current = client.pull(PullRequest.from_api(raw).number)
    pr = PullRequest.from_api(current)
    labels = [str(lab.get("name")) for lab in current.get("labels") or [] if isinstance(lab, dict)]
    fix = correct_board(project.sop, project.people, pr, labels, client.timeline(pr.number),
                        column_labels(project))
    if fix is None:
        click.echo(f"PR #{pr.number}: kartu di kolom yang sah; tidak ada yang diubah.")
        return
    client.set_labels(pr.number, fix.labels)
    client.create_comment(pr.number, f"{MARKER}\n{fix.message}\n")
    click.echo(fix.message)


@github.command("catat-batal")
@click.option("--event", "event_path", default=None, type=click.Path(dir_okay=False),
              help="Berkas payload event pull_request yang ditutup ($GITHUB_EVENT_PATH).")
@click.option("--pr", "number", type=PR_NUMBER, default=None, metavar="NOMOR",
              help="Atau nomor pull request yang ditutup (setelah alasan ditulis sebagai komentar).")
@click.pass_context
def catat_batal(ctx: click.Context, event_path: str | None, number: int | None) -> None:
    """Batal dari meja kerja di GitHub: pull request konten baru (cabang cms/...) yang ditutup
    Kasubbag tanpa merge dicatat di main sebagai konten dibatalkan, dengan seluruh riwayatnya dan
    komentar terakhir Kasubbag di pull request sebagai alasan. Tanpa alasan atau bila ditutup orang
    lain: tidak ada yang dicatat dan pull request mendapat komentar. Aman diulang (--pr NOMOR setelah
    alasan ditulis).
    """
    from ..forge.cancel import cancel_outcome
    from ..forge.decap import is_decap_branch
    from ..forge.events import PullRequest, load_event_payload
    from ..post import parse_post, write_post
    from ..project import CONTENT_DIR

    if (event_path is None) == (number is None):
        raise click.UsageError("berikan salah satu: --event BERKAS atau --pr NOMOR")
    project = project_from(ctx)
    if event_path is not None:
        payload = load_event_payload(Path(event_path))
        source = payload.get("pull_request") if isinstance(payload, dict) else None
        number = source.get("number") if isinstance(source, dict) else None
        if not isinstance(number, int) or isinstance(number, bool):
            click.echo("Event tanpa pull request; tidak ada yang dicatat.")
            return
    client = _client()
    raw = client.pull(number)
    pr = PullRequest.from_api(raw)
    head = (raw.get("head") or {}).get("sha")
    base = (raw.get("base") or {}).get("sha")
    if not is_decap_branch(pr.head_ref) or raw.get("state") != "closed" or pr.merged or not head or not base:
        click.echo(f"PR #{number} bukan pull request meja kerja yang ditutup tanpa merge; tidak ada yang dicatat.")
        return
    added = client.added_files(str(base), str(head))
    posts = [f for f in added if f.startswith(f"{CONTENT_DIR}/") and f.endswith("/index.md")]
    if not posts:
        click.echo(f"PR #{number} tidak membuat konten baru; perubahan yang ditutup dibuang, tidak ada yang dicatat.")
        return
    blobs = client.file_blobs(str(head))
    timeline = client.timeline(number)
    for rel in posts:
        if (project.root / rel).exists():
            click.echo(f"{rel}: sudah ada di main; tidak ada yang dicatat lagi.")
            continue
        text = client.blob(blobs[rel]).decode("utf-8", errors="replace")
        post = parse_post(project.root / rel, text, project.content_dir)
        outcome = cancel_outcome(project.sop, project.people, pr, timeline, post.meta, rel, _pushes(client, pr))
        click.echo(outcome.message)
        if outcome.comment:
            client.create_comment(number, outcome.message)
        if outcome.meta is None:
            continue
        folder = rel.rsplit("/", 1)[0] + "/"
        for path in (f for f in added if f.startswith(folder) and f != rel and ".." not in f.split("/")):
            target = project.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(client.blob(blobs[path]))
        write_post(project.root / rel, outcome.meta, post.body)


@github.command("komentar")
@click.option("--pr", "number", type=PR_NUMBER, required=True, metavar="NOMOR", help="Nomor pull request.")
@click.option(
    "--berkas",
    "file",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    metavar="BERKAS",
    help="Berkas Markdown pratinjau (bawaan: dibaca dari stdin).",
)
def komentar(number: int, file: str | None) -> None:
    """Memasang atau memperbarui SATU komentar pratinjau di pull request (penanda
    <!-- jdih-pratinjau -->), tanpa membuat komentar ganda.
    """
    from ..forge.comment import upsert_preview

    body = Path(file).read_text(encoding="utf-8") if file else sys.stdin.read()
    if len(body) > 60000:  # GitHub caps a comment at 65,536 characters
        body = body[:60000] + "\n\n… (pratinjau dipotong; lihat ringkasan job untuk selengkapnya)\n"
    res = upsert_preview(_client(), number, body)
    click.echo(f"Komentar pratinjau {res.action} (id {res.id}) {res.url}".rstrip())


@github.command("sinkron-pr")
@click.option("--pr", "number", type=PR_NUMBER, required=True, metavar="NOMOR", help="Nomor pull request.")
@click.option("--tulis", "write", is_flag=True, help="Tulis entri ke konten yang berubah (bawaan: hanya tampilkan).")
@click.option(
    "--dasar",
    "base",
    default="origin/main",
    show_default=True,
    metavar="REV",
    help="Revisi dasar untuk mencari konten yang berubah.",
)
@click.pass_context
def sinkron_pr(ctx: click.Context, number: int, write: bool, base: str) -> None:
    """Menampilkan langkah SOP yang terbaca dari timeline pull request (dibuka = sunting,
    review setuju staf = persetujuan, minta perubahan Kasubbag = perbaikan, merge = disetujui).
    """
    from ..errors import JdihError
    from ..forge.decap import is_decap_branch
    from ..forge.events import PullRequest
    from ..forge.mapping import apply_steps, timeline_steps
    from ..gitflow.changes import changed_posts
    from ..post import read_post, write_post

    project = project_from(ctx)
    client = _client()
    pr = PullRequest.from_api(client.pull(number))
    steps, notes = timeline_steps(project.sop, project.people, pr, client.timeline(number), _pushes(client, pr))
    for s in steps:
        click.echo(f"{s.at.isoformat()}  {s.command:<8} oleh {s.actor}  ({s.source})")
    for n in notes:
        click.echo(f"Catatan: {n}")
    if write and is_decap_branch(pr.head_ref):
        # A web-desk PR is recorded by CI at its merge (jdih.forge.record), new entries included;
        # riwayat written on its branch would be refused there as SOP fields changed outside a step.
        raise JdihError(
            f"PR #{number} berasal dari meja kerja (cabang {pr.head_ref}): langkah SOP-nya dicatat otomatis "
            "saat merge, bukan dengan --tulis",
            hint=f"Jalankan tanpa --tulis untuk melihat langkahnya: jdih github sinkron-pr --pr {number}",
        )
    if write:
        for path in changed_posts(project, base):
            post = read_post(path, project.content_dir)
            applied = apply_steps(project.sop, project.people, post.meta, steps)
            if applied.added:
                write_post(path, applied.meta, post.body)
                click.echo(f"{path.relative_to(project.root)}: {len(applied.added)} entri ditulis")


@github.command("codeowners")
@click.option("--periksa", "check", is_flag=True, help="Bandingkan dengan .github/CODEOWNERS; keluar 1 bila berbeda.")
@click.pass_context
def codeowners(ctx: click.Context, check: bool) -> None:
    """Mencetak CODEOWNERS dari sop/peran.yml: Kasubbag wajib me-review semua berkas (content/, sop/,
    .github/, scripts/, pengaturan dan kunci dependensi)."""
    from ..errors import JdihError
    from ..forge.codeowners import render_codeowners

    project = project_from(ctx)
    text = render_codeowners(project.sop, project.people)
    if not check:
        click.echo(text, nl=False)
        return
    path = project.root / ".github" / "CODEOWNERS"
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if current != text:
        raise JdihError(
            ".github/CODEOWNERS tidak sama dengan hasil dari sop/peran.yml",
            file=path,
            hint="Jalankan: jdih github codeowners > .github/CODEOWNERS",
        )
    click.echo(".github/CODEOWNERS sesuai dengan sop/peran.yml.")


@github.command("verifikasi")
@click.option("--main", "main", default="main", show_default=True, metavar="CABANG",
              help="Cabang tempat pull request harus di-merge.")
@click.pass_context
def verifikasi(ctx: click.Context, main: str) -> None:
    """Memverifikasi setiap persetujuan yang akan diterbitkan: PR di-merge ke main oleh pemegang peran
    Kasubbag (peran sebelum merge) dan isi yang terbit sama dengan yang di-merge. Keluar 1 bila ada yang
    tidak sah; tanpa GITHUB_TOKEN hanya persetujuan lokal (commit Kasubbag) yang dapat diverifikasi.
    """
    from ..approval import pending_posts, verify_approvals
    from ..gitflow.approval_git import ApprovalGit

    project = project_from(ctx)
    has_github = bool(os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN"))
    verdicts = verify_approvals(project, pending_posts(project), git=ApprovalGit(project.root),
                                github=_client() if has_github else None, main=main)
    for v in verdicts:
        click.echo(f"{v.path}: {'SAH' if v.valid else 'DITOLAK'}: {v.reason}")
    refused = [v for v in verdicts if not v.valid]
    if refused:
        click.echo(f"{len(refused)} persetujuan tidak dapat diverifikasi; konten itu tidak boleh diterbitkan.",
                   err=True)
        ctx.exit(1)
    click.echo(f"{len(verdicts)} persetujuan terverifikasi." if verdicts
               else "Tidak ada persetujuan yang menunggu terbit.")

