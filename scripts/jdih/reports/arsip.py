"""The electronic original ("naskah asli elektronik"): a deterministic ZIP per period.

For every post published in the period the ZIP holds:

- ``terbit/``: the post folder as it is now (front matter, caption, media); for a post since
  deleted from ``content/``, as it was at the last commit that still had it;
- ``disetujui/``: the post folder as it was at approval, read from git (the last committed
  version of ``index.md`` whose status is the approval state, with the media of that commit);
- ``riwayat.txt`` / ``riwayat.json``: the SOP history (``riwayat``) and the git log of the folder.

``MANIFEST.json`` lists the SHA-256 and size of every other file (``MANIFEST.txt`` is the same
in readable form and is itself listed). Entries are sorted, timestamps fixed and compression
fixed, so the same repository state gives the same bytes. :func:`verify_archive` checks a ZIP
against its manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from ..errors import JdihError
from ..post import Post, parse_post
from ..sop_model import Sop
from ..worktime import format_datetime_id
from .git_history import GitHistory
from .measures import decision_step, rework_states
from .periods import Period
from .removed import RemovedPost

MANIFEST_JSON = "MANIFEST.json"
MANIFEST_TXT = "MANIFEST.txt"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP's epoch: entry times carry no information


@dataclass
class ArchiveResult:
    """The ZIP bytes and what went into it."""

    data: bytes
    manifest: dict[str, Any]
    folder: str
    notes: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """SHA-256 of the whole ZIP (to note on the hardcopy record)."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def manifest_sha256(self) -> str:
        """SHA-256 of MANIFEST.json inside the ZIP."""
        return hashlib.sha256(_manifest_bytes(self.manifest)).hexdigest()


class CommittedFiles(Protocol):
    """Reads committed files (the CLI passes :class:`jdih.gitflow.objects.BlobReader`): reports never start git."""

    def read(self, spec: str) -> bytes | None:
        """Content of blob ``<commit>:<path>``, None when missing."""

    def read_files(self, commit: str, folder: str) -> list[tuple[str, bytes]]:
        """Every file under ``folder`` at ``commit`` as (path relative to folder, bytes)."""


def approval_states(sop: Sop) -> frozenset[str]:
    """States meaning "approved" (the decision step's non-rework outcome: ``disetujui``)."""
    d = decision_step(sop)
    if d is None:
        return frozenset()
    return frozenset(set(sop.step(d).ends) - rework_states(sop))


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _folder_files(folder: Path) -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            out.append((p.relative_to(folder).as_posix(), p.read_bytes()))
    return out


def _committed_files(reader: CommittedFiles, commit: str, folder: str) -> list[tuple[str, bytes]]:
    """The files of ``folder`` at ``commit``, hidden ones left out as :func:`_folder_files` does."""
    return [(rel, data) for rel, data in reader.read_files(commit, folder)
            if not any(part.startswith(".") for part in rel.split("/"))]


def _approved_version(post: Post, sop: Sop, git: GitHistory, reader: CommittedFiles,
                      content_dir: str) -> tuple[str | None, list[tuple[str, bytes]]]:
    hist = git.get(post.id)
    if hist is None or git.root is None:
        return None, []
    wanted = approval_states(sop)
    found: str | None = None
    for change in hist.index_changes():
        if change.action == "D":
            continue
        data = reader.read(f"{change.commit}:{change.path}")
        if data is None:
            continue
        try:
            version = parse_post(git.root / change.path, data.decode("utf-8", "replace"))
        except JdihError:
            continue
        if version.status in wanted:
            found = change.commit
    if found is None:
        return None, []
    return found, _committed_files(reader, found, f"{content_dir}/{post.id}")


def _history_text(post: Post, git: GitHistory | None, sop: Sop) -> str:
    lines = [f"Riwayat konten {post.id}", f"Judul: {post.title}", "", "Riwayat SOP (riwayat):"]
    for h in post.history:
        label = sop.states[h.status].label if h.status in sop.states else h.status
        extra = f" — {h.note}" if h.note else ""
        lines.append(f"  {format_datetime_id(h.at)}  {label:<22} oleh {h.actor}{extra}")
    lines += ["", "Riwayat git folder konten:"]
    hist = git.get(post.id) if git else None
    if hist is None:
        lines.append("  (tidak tersedia)")
    else:
        by_commit: dict[str, list[str]] = {}
        for c in hist.changes:
            by_commit.setdefault(c.commit, []).append(f"{c.action} {c.path}")
        for c in hist.commits():
            lines.append(f"  {c.commit[:12]}  {c.at.isoformat()}  {c.author} <{c.email}>  {c.subject}")
            lines += [f"      {f}" for f in by_commit[c.commit]]
    return "\n".join(lines) + "\n"


def _history_json(post: Post, git: GitHistory | None) -> dict[str, Any]:
    hist = git.get(post.id) if git else None
    return {
        "id": post.id,
        "riwayat": [{"status": h.status, "oleh": h.actor, "waktu": h.at.isoformat(),
                     **({"catatan": h.note} if h.note else {}),
                     **({"mulai": h.started_at.isoformat()} if h.started_at else {})} for h in post.history],
        "git": [] if hist is None else [
            {"commit": c.commit, "waktu": c.at.isoformat(), "penulis": c.author, "email": c.email,
             "pesan": c.subject, "aksi": c.action, "berkas": c.path} for c in hist.changes],
    }


def build_archive(
    posts: list[Post],
    sop: Sop,
    period: Period,
    *,
    git: GitHistory | None = None,
    content_dir: str = "content",
    removed: list[RemovedPost] | None = None,
    files_reader: CommittedFiles | None = None,
    uncommitted: list[str] | None = None,
) -> ArchiveResult:
    """Build the archive ZIP of the posts published in ``period`` (``removed``: posts deleted from
    ``content/`` since, read from git: a deletion does not erase the record).

    ``files_reader`` reads committed versions (approved, deleted) and ``uncommitted`` lists the
    uncommitted paths under ``content/``; both come from :mod:`jdih.gitflow` through the CLI."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(sop.office.timezone)
    published_states = sop.published_states

    def published_at(p: Post) -> datetime | None:
        return p.first_entered(published_states)

    gone = {id(r.post): r for r in removed or []}
    present = {p.id for p in posts}
    candidates = [*posts, *(r.post for r in removed or [] if r.post.id not in present)]
    chosen = sorted((p for p in candidates if period.contains(published_at(p), tz)), key=lambda p: p.id)
    root = f"arsip-jdih-{period.code}"
    files: dict[str, bytes] = {}
    items: list[dict[str, Any]] = []
    notes: list[str] = []
    reader = files_reader if git is not None and git.available and git.root is not None else None
    for post in chosen:
        base = f"{root}/konten/{post.id}"
        deleted = gone.get(id(post))
        if deleted is None:
            published_files = _folder_files(post.folder)
        elif reader is not None:
            published_files = _committed_files(reader, deleted.version_commit, f"{content_dir}/{post.id}")
            notes.append(f"{post.id}: dihapus dari content/ pada {format_datetime_id(deleted.deleted_at)} "
                         f"(commit {deleted.deleting_commit[:12]}); versi terbit diambil dari commit "
                         f"{deleted.version_commit[:12]}")
        else:  # pragma: no cover - removed posts come from git
            published_files = []
        for rel, data in published_files:
            files[f"{base}/terbit/{rel}"] = data
        commit = None
        if reader is not None and git is not None:
            commit, approved = _approved_version(post, sop, git, reader, content_dir)
            for rel, data in approved:
                files[f"{base}/disetujui/{rel}"] = data
        if commit is None:
            notes.append(f"{post.id}: versi saat disetujui tidak ditemukan di riwayat git; hanya versi terbit")
        files[f"{base}/riwayat.txt"] = _history_text(post, git, sop).encode("utf-8")
        files[f"{base}/riwayat.json"] = (json.dumps(_history_json(post, git), ensure_ascii=False, indent=2,
                                                    sort_keys=True) + "\n").encode("utf-8")
        pa = published_at(post)
        items.append({"id": post.id, "judul": post.title, "status": post.status,
                      "terbit": pa.isoformat() if pa else None, "commit_disetujui": commit,
                      "tautan": dict(sorted(post.links.items())),
                      **({"dihapus": deleted.deleted_at.isoformat(), "commit_dihapus": deleted.deleting_commit}
                         if deleted is not None else {})})

    if git is not None and git.available and git.root is not None:
        archived = {f"{content_dir}/{item['id']}/" for item in items}
        dirty = [p for p in uncommitted or [] if any(p.startswith(a) for a in archived)]
        if dirty:
            notes.append(f"{len(dirty)} berkas konten yang diarsipkan belum di-commit (versi terbit diambil dari "
                         f"berkas kerja, bukan dari commit {git.head}): {', '.join(dirty[:5])}"
                         + (" ..." if len(dirty) > 5 else ""))
    head = {
        "arsip": "Naskah asli elektronik konten media sosial JDIH",
        "instansi": str(sop.meta.get("instansi", "")),
        "sop": str(sop.meta.get("nomor", "")),
        "periode": {"kode": period.code, "label": period.label, "dari": period.start.isoformat(),
                    "sampai": period.end.isoformat()},
        "commit_repositori": git.head if git is not None else None,
        "jumlah_konten": len(items),
        "konten": items,
        "catatan": notes,
    }
    txt = _manifest_text(head, files)
    files[f"{root}/{MANIFEST_TXT}"] = txt.encode("utf-8")
    manifest = {**head, "berkas": [{"path": path, "sha256": hashlib.sha256(data).hexdigest(), "ukuran": len(data)}
                                   for path, data in sorted(files.items())]}
    files[f"{root}/{MANIFEST_JSON}"] = _manifest_bytes(manifest)
    return ArchiveResult(_zip(files), manifest, root, notes)


def _manifest_text(head: dict[str, Any], files: dict[str, bytes]) -> str:
    p = head["periode"]
    lines = [
        head["arsip"].upper(), head["instansi"], f"SOP {head['sop']}",
        f"Periode: {p['label']} ({p['dari']} s.d. {p['sampai']})",
        f"Commit repositori: {head['commit_repositori'] or '-'}",
        f"Jumlah konten: {head['jumlah_konten']}", "",
        "Daftar berkas dan sidik SHA-256 (MANIFEST.json memuat daftar yang sama untuk diperiksa mesin):", "",
    ]
    lines += [f"{hashlib.sha256(data).hexdigest()}  {len(data):>10}  {path}" for path, data in sorted(files.items())]
    if head["catatan"]:
        lines += ["", "Catatan:", *[f"- {n}" for n in head["catatan"]]]
    lines += ["", "Periksa keutuhan arsip dengan: jdih arsip periksa <berkas.zip>"]
    return "\n".join(lines) + "\n"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, files[path], compresslevel=6)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------
# verification


@dataclass
class VerifyResult:
    """Outcome of :func:`verify_archive`: Indonesian problem lines (empty when intact)."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True when every file matches the manifest."""
        return not self.problems


def verify_archive(path: Path) -> VerifyResult:
    """Check every file of an archive ZIP against its MANIFEST.json."""
    res = VerifyResult()
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise JdihError("berkas arsip tidak ditemukan", file=path) from None
    except IsADirectoryError:
        raise JdihError("itu adalah folder, bukan berkas arsip ZIP", file=path) from None
    except PermissionError:
        raise JdihError("berkas arsip tidak dapat dibaca (tidak ada izin)", file=path) from None
    except (zipfile.BadZipFile, OSError):
        # The exception text is English; the user needs only the verdict.
        raise JdihError(
            "berkas bukan arsip ZIP yang sah (rusak, terpotong, atau bukan ZIP)",
            file=path,
            hint="Pastikan berkas yang diperiksa adalah arsip dari `jdih arsip` dan tersalin utuh.",
        ) from None
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        manifests = [n for n in names if PurePosixPath(n).name == MANIFEST_JSON and len(PurePosixPath(n).parts) == 2]
        if len(manifests) != 1:
            res.problems.append(f"{MANIFEST_JSON} tidak ditemukan di arsip (atau lebih dari satu)")
            return res
        mname = manifests[0]
        try:
            manifest = json.loads(zf.read(mname).decode("utf-8"))
            listed = {str(f["path"]): (str(f["sha256"]), int(f["ukuran"])) for f in manifest["berkas"]}
        except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            res.problems.append(f"{mname}: manifest rusak atau tidak dapat dibaca ({_why(exc)})")
            return res
        res.manifest = manifest
        present = set(names)
        for name, (digest, size) in sorted(listed.items()):
            if name not in present:
                res.problems.append(f"{name}: HILANG (tercantum di manifest, tidak ada di arsip)")
                continue
            res.checked += 1
            try:
                data = zf.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError) as exc:
                res.problems.append(f"{name}: RUSAK/DIUBAH (isi tidak dapat dibaca utuh: {_why(exc)})")
                continue
            if hashlib.sha256(data).hexdigest() != digest or len(data) != size:
                res.problems.append(f"{name}: DIUBAH (SHA-256 tidak sama dengan manifest)")
        for name in sorted(present - set(listed) - {mname}):
            res.problems.append(f"{name}: TAMBAHAN (tidak tercantum di manifest)")
    return res


def _why(exc: Exception) -> str:
    """An Indonesian reason for a damaged archive member (exception texts are English)."""
    if isinstance(exc, zipfile.BadZipFile | zlib.error):
        return "data ZIP rusak"
    if isinstance(exc, UnicodeDecodeError):
        return "bukan teks UTF-8"
    if isinstance(exc, KeyError | TypeError):
        return "isian wajib hilang atau salah bentuk"
    if isinstance(exc, ValueError):
        return "bukan JSON yang sah"
    return "galat baca"
