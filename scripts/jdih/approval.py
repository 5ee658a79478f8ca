"""An approval is a verified fact, not a line anyone can type (issue 12).

Before anything is published, each post's approval entry (the SOP's approving state in
``riwayat``) is checked against facts nobody can type into a front matter:

- **GitHub mode** (the entry names ``pr`` and ``commit``): GitHub must say the pull request was
  merged into main as that commit, by a person who held the approving role in ``sop/peran.yml``
  *as of the merge's first parent* (so a push that also adds a Kasubbag does not count), and the
  entry must name that person.
- **Local mode** (no ``pr``): the first-parent commit that brought the entry onto main must be
  authored and committed by a person holding the approving role as of its first parent, the one
  the entry names; when ``sop/alur.yml`` (as of that parent) sets ``persetujuan_bertanda_tangan:
  true``, ``git verify-commit`` must accept its signature. With a GitHub client (CI), an entry
  without ``pr`` is accepted only under that signature rule: an e-mail address proves nothing.
- **Both**: the post being published is the post that was approved: the same front matter apart
  from what CI writes afterwards (``status``, ``tautan``, ``riwayat`` entries appended), the same
  text, the same media files (git blob by blob).

Pure orchestration: git facts come through :class:`ApprovalFacts`
(:class:`jdih.gitflow.approval_git.ApprovalGit`), GitHub through :class:`PullSource`
(:class:`jdih.forge.client.GitHubClient`). Nothing here spells a state, role or command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Protocol

from .errors import JdihError
from .people import People
from .post import POST_FILE, Post, parse_post
from .project import SOP_DIR, WORKFLOW_FILE, Project
from .sop_model import Sop, role_names
from .yamlsrc import YamlError, load_with_lines

# Front-matter keys CI writes after the approval; everything else must be as approved.
CI_KEYS = frozenset({"status", "tautan", "riwayat"})
SIGNED_OPTION = "persetujuan_bertanda_tangan"  # top-level key of sop/alur.yml


@dataclass(frozen=True)
class Verdict:
    """Whether one post's approval is verified; ``reason`` says why (Indonesian)."""

    path: str
    valid: bool
    reason: str
    pr: int | None = None
    commit: str | None = None
    approver: str | None = None


class CommitLike(Protocol):
    """What :meth:`ApprovalFacts.commit` returns."""

    @property
    def sha(self) -> str: ...
    @property
    def parents(self) -> tuple[str, ...]: ...
    @property
    def author_email(self) -> str: ...
    @property
    def committer_email(self) -> str: ...


class ApprovalFacts(Protocol):
    """Git facts (see :class:`jdih.gitflow.approval_git.ApprovalGit`)."""

    def commit(self, sha: str) -> CommitLike | None: ...
    def on_main(self, sha: str) -> bool: ...
    def text_at(self, sha: str, rel: str) -> str | None: ...
    def folder_at(self, sha: str, folder: str) -> dict[str, str]: ...
    def folder_now(self, folder: str, names: list[str]) -> dict[str, str]: ...
    def first_commit_where(self, rel: str, holds: Callable[[str], bool]) -> str | None: ...
    def signature_ok(self, sha: str) -> bool: ...
    def sop_at(self, sha: str) -> tuple[Sop, People]: ...


class PullSource(Protocol):
    """GitHub's ``GET /repos/{o}/{r}/pulls/{n}`` (see :class:`jdih.forge.client.GitHubClient`)."""

    def pull(self, number: int) -> dict[str, Any]: ...


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def verify_approvals(
    project: Project, posts: Iterable[Post], *, git: ApprovalFacts, github: PullSource | None = None,
    main: str = "main",
) -> list[Verdict]:
    """One :class:`Verdict` per post, in order: publish only those with ``sah`` True."""
    out = []
    for post in posts:
        rel = _rel(project, post)
        try:
            out.append(_verify(project, post, rel, git, github, main))
        except _Refused as exc:
            out.append(Verdict(rel, False, exc.reason))
    return out


def _rel(project: Project, post: Post) -> str:
    try:
        return post.path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return post.path.as_posix()


def _verify(project: Project, post: Post, rel: str, git: ApprovalFacts, github: PullSource | None,
            main: str) -> Verdict:
    approving = project.sop.approval.target
    approvals = [e for e in post.history if e.status == approving]
    if not approvals:
        raise _Refused(f"riwayat tidak memuat persetujuan ('{approving}'); tidak diterbitkan")
    entry = approvals[-1]
    pr, commit = entry.extra.get("pr"), entry.extra.get("commit")
    if pr is not None or commit is not None:
        if not isinstance(pr, int) or isinstance(pr, bool) or not isinstance(commit, str):
            raise _Refused("entri persetujuan harus menyebut 'pr' (nomor) dan 'commit' (sha merge) yang sah")
        if github is None:
            raise _Refused(f"persetujuan lewat PR #{pr} hanya dapat diverifikasi dengan akses GitHub")
        return _verify_pull(post, rel, entry.actor, pr, commit, git, github, main)
    return _verify_local(post, rel, entry.index, entry.actor, git, strict=github is not None)


def _parent_roles(git: ApprovalFacts, sha: str) -> tuple[CommitLike, str, Sop, People]:
    facts = git.commit(sha)
    if facts is None:
        raise _Refused(f"commit {sha[:12]} tidak ada di repositori ini")
    if not git.on_main(facts.sha):
        raise _Refused(f"commit {facts.sha[:12]} tidak berada di riwayat cabang yang diterbitkan")
    if not facts.parents:
        raise _Refused(f"commit {facts.sha[:12]} tidak punya induk; peran saat itu tidak dapat dibaca")
    parent = facts.parents[0]
    try:
        sop, people = git.sop_at(parent)
    except JdihError as exc:
        raise _Refused(f"peran sebelum commit {facts.sha[:12]} tidak dapat dibaca: {exc.message}") from None
    return facts, parent, sop, people


def _verify_pull(post: Post, rel: str, named: str, number: int, commit: str, git: ApprovalFacts,
                 github: PullSource, main: str) -> Verdict:
    from .forge.events import PullRequest  # the forge's parser of pull objects (no network)

    facts, parent, sop, people = _parent_roles(git, commit)
    try:
        pr = PullRequest.from_api(github.pull(number))
    except JdihError as exc:
        raise _Refused(f"PR #{number} tidak dapat diperiksa di GitHub: {exc.message}") from None
    if not pr.merged or not pr.merge_commit_sha:
        raise _Refused(f"menurut GitHub, PR #{number} belum di-merge; persetujuan tidak sah")
    if pr.base_ref != main:
        raise _Refused(f"menurut GitHub, PR #{number} di-merge ke '{pr.base_ref}', bukan ke '{main}'")
    if pr.merge_commit_sha != facts.sha:
        raise _Refused(f"menurut GitHub, commit merge PR #{number} adalah {pr.merge_commit_sha[:12]}, "
                       f"bukan {facts.sha[:12]} seperti tertulis di riwayat")
    roles = sop.approver_roles
    person = people.by_github(pr.merged_by) if pr.merged_by else None
    if person is None or not person.has_role(*roles):
        raise _Refused(f"PR #{number} di-merge oleh '{pr.merged_by or '?'}', yang sebelum merge itu tidak "
                       f"memegang peran {role_names(sop, roles)} di {SOP_DIR}/peran.yml; persetujuan tidak sah")
    if person.id != named:
        raise _Refused(f"riwayat menyebut '{named}' sebagai penyetuju, padahal PR #{number} di-merge oleh "
                       f"'{person.id}'")
    merged = git.text_at(facts.sha, rel)
    if merged is None or merged == git.text_at(parent, rel):
        raise _Refused(f"PR #{number} tidak mengubah {rel}; isinya tidak disetujui lewat PR itu")
    _same_content(post, rel, merged, git, facts.sha)
    return Verdict(rel, True, f"disetujui lewat PR #{number} (merge {facts.sha[:12]}) oleh {person.name}",
                   number, facts.sha, person.id)


def _verify_local(post: Post, rel: str, index: int, named: str, git: ApprovalFacts, *, strict: bool) -> Verdict:
    mine = post.meta["riwayat"][index]

    def holds(text: str) -> bool:
        try:
            other = parse_post(post.path, text)
        except JdihError:
            return False
        history = other.meta.get("riwayat")
        return isinstance(history, list) and len(history) > index and history[index] == mine

    sha = git.first_commit_where(rel, holds)
    if sha is None:
        raise _Refused("commit yang mencatat persetujuan tidak ditemukan di riwayat main")
    facts, parent, sop, people = _parent_roles(git, sha)
    signed = _signatures_required(git, parent)
    if strict and not signed:
        raise _Refused("persetujuan tanpa nomor PR dan commit merge tidak dapat diverifikasi lewat GitHub "
                       "(persetujuan harus berupa merge PR oleh Kasubbag)")
    roles = sop.approver_roles
    who = role_names(sop, roles)
    for label, email in (("penulis", facts.author_email), ("pembuat", facts.committer_email)):
        person = people.by_email(email)
        if person is None or not person.has_role(*roles):
            raise _Refused(f"{label} commit {facts.sha[:12]} ({email}) tidak memegang peran {who} sebelum commit "
                           "itu; persetujuan tidak sah")
        if person.id != named:
            raise _Refused(f"riwayat menyebut '{named}' sebagai penyetuju, padahal {label} commit "
                           f"{facts.sha[:12]} adalah '{person.id}'")
    if signed and not git.signature_ok(facts.sha):
        raise _Refused(f"tanda tangan commit {facts.sha[:12]} tidak dapat diverifikasi (git verify-commit), "
                       f"padahal {SOP_DIR}/{WORKFLOW_FILE} mewajibkan persetujuan bertanda tangan")
    merged = git.text_at(facts.sha, rel)
    assert merged is not None  # first_commit_where read it
    _same_content(post, rel, merged, git, facts.sha)
    approver = people.by_email(facts.author_email)
    assert approver is not None
    return Verdict(rel, True, f"disetujui dengan commit {facts.sha[:12]} oleh {approver.name}", None, facts.sha,
                   approver.id)


def _signatures_required(git: ApprovalFacts, parent: str) -> bool:
    text = git.text_at(parent, f"{SOP_DIR}/{WORKFLOW_FILE}")
    try:
        data, _lines = load_with_lines(text or "")
    except YamlError:
        return False  # sop_at already refused an unreadable SOP
    return isinstance(data, dict) and data.get(SIGNED_OPTION) is True


def _same_content(post: Post, rel: str, merged_text: str, git: ApprovalFacts, sha: str) -> None:
    try:
        merged = parse_post(post.path, merged_text)
    except JdihError as exc:
        raise _Refused(f"{rel} pada commit {sha[:12]} tidak dapat dibaca: {exc.message}") from None
    keys = sorted({*merged.meta, *post.meta} - CI_KEYS, key=str)
    changed = [str(k) for k in keys if merged.meta.get(k) != post.meta.get(k)]
    if merged.body.strip() != post.body.strip():
        changed.append("isi tulisan")
    before = merged.meta.get("riwayat") or []
    now = post.meta.get("riwayat") or []
    if not isinstance(before, list) or not isinstance(now, list) or now[: len(before)] != before:
        changed.append("riwayat sebelum persetujuan")
    if changed:
        raise _Refused(f"isi yang akan diterbitkan berbeda dari yang disetujui pada commit {sha[:12]}: "
                       f"{', '.join(changed)}")
    folder = PurePosixPath(rel).parent.as_posix()
    names = sorted({m.path for m in post.media if m.path and m.path != POST_FILE})
    at = {k: v for k, v in git.folder_at(sha, folder).items() if k in names}
    now_files = git.folder_now(folder, names)
    differ = [n for n in names if at.get(n) != now_files.get(n)]
    if differ:
        raise _Refused(f"berkas media berbeda dari yang disetujui pada commit {sha[:12]}: {', '.join(differ)}")


def refused(verdicts: Iterable[Verdict]) -> list[Verdict]:
    """The verdicts that block publishing."""
    return [v for v in verdicts if not v.valid]




# --- what a change does that only the Kasubbag may let through (periksa --dasar, PR comment) -------

# Path prefix (or exact name) outside content/ -> what it is, in plain Indonesian. First match wins.
_AREAS: tuple[tuple[str, str], ...] = (
    ("scripts/", "kode program"),
    ("sop/", "SOP (alur, peran, platform)"),
    (".github/", "alur kerja GitHub Actions / CODEOWNERS"),
    ("mkdocs.yml", "pengaturan situs"),
    ("kantor.yml", "pengaturan kantor"),
    ("pyproject.toml", "pengaturan paket dan dependensi"),
    ("requirements", "daftar dependensi terkunci"),
    ("package.json", "dependensi npm"),
    ("package-lock.json", "dependensi npm terkunci"),
    ("uji", "skrip uji"),
    ("jalankan", "skrip peluncur"),
)
# Post fields whose change after approval means the post is no longer what was approved.
APPROVED_FIELDS = ("media", "platform", "teks", "judul")


def outside_content(paths: Iterable[str], content_dir: str = "content") -> list[tuple[str, str]]:
    """Changed paths outside ``content/`` with what each is (sorted): each needs the Kasubbag's review,
    since code, SOP and workflows run with every secret once merged."""
    out = []
    for path in sorted(set(paths)):
        if path == content_dir or path.startswith(content_dir + "/"):
            continue
        name = PurePosixPath(path).name
        label = next((what for prefix, what in _AREAS
                      if path.startswith(prefix) or name.startswith(prefix.rstrip("/"))),
                     "berkas di luar content/")
        out.append((path, label))
    return out


def review_message(path: str, label: str) -> str:
    """One line of ``periksa --dasar`` for a change outside ``content/``."""
    return (f"{label} berubah: {path}. Perubahan di luar content/ menentukan cara kerja sistem dan berjalan "
            "dengan semua kunci rahasia saat menerbitkan; wajib ditinjau Kasubbag sebelum merge")


def approved_changes(sop: Sop, old_meta: dict[str, Any] | None, old_body: str,
                     new_meta: dict[str, Any] | None, new_body: str) -> list[str]:
    """What changed in a post that was already approved (or further) at the base: its caption
    (text or per-platform ``teks``), media list, platforms or title. Empty when nothing did or
    when the post was not approved yet."""
    if not old_meta or new_meta is None or not is_approved(sop, old_meta):
        return []
    changed = [k for k in APPROVED_FIELDS if old_meta.get(k) != new_meta.get(k)]
    if old_body.strip() != new_body.strip():
        changed.insert(0, "keterangan (isi tulisan)")
    return changed


def is_approved(sop: Sop, meta: dict[str, Any]) -> bool:
    """True when the front matter records the approval (so the post is approved or further)."""
    history = meta.get("riwayat")
    if not isinstance(history, list):
        return False
    return any(isinstance(e, dict) and e.get("status") == sop.approval.target for e in history)


def pending_posts(project: Project) -> list[Post]:
    """Posts the publisher would still act on: in the approving or the upload state (older, fully
    published posts are history and are not re-verified). Unreadable posts are left to ``periksa``."""
    from .checks.paths import walk_posts
    from .post import read_post

    wanted = {project.sop.approval.target, project.sop.upload.target}
    out = []
    for path in walk_posts(project.content_dir) if project.content_dir.is_dir() else []:
        try:
            post = read_post(path, project.content_dir)
        except JdihError:
            continue
        if post.status in wanted:
            out.append(post)
    return out
