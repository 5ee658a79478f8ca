"""Decap's proxy-backend protocol (what ``decap-server`` speaks) over the project's own git workflow.

Every action arrives as ``{"action": ..., "params": {...}}`` from a signed-in person. Reads
come from the remote-tracking refs of the desk's clone; writes are SOP steps of
:mod:`jdih.gitflow.steps` (or a save: a commit of the post's own files on its branch):

- new entry = ``disposisi``; save = commit on ``konten/<slug>`` by the post's holder;
- column move = the SOP step into that column (:mod:`jdih.desk.columns`);
- Publish = the approval; delete of an open entry = the cancellation (reason required);
- the Media tab, deleting files and the simple (no workflow) mode are refused: they would
  bypass the SOP.

Answers are ``(http status, json)``; a refusal carries ``{"error": <Indonesian message>}``,
which Decap shows in its notification.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import JdihError, PostFormatError, TransitionError, UsageError
from ..gitflow import steps
from ..gitflow.desk_git import DeskRepo
from ..people import Person
from ..post import POST_FILE, Post, parse_post
from ..project import CONTENT_DIR, Project
from ..sop_model import role_names
from . import columns, entry
from .config import COLLECTION

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
_POST_PATH = re.compile(rf"^{CONTENT_DIR}/(\d{{4}})/([a-z0-9][a-z0-9-]{{0,79}})/{re.escape(POST_FILE)}$")
_ASSET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
MAX_ASSET_BYTES = 25 * 1024 * 1024


class Refused(JdihError):
    """An action the desk does not allow (bypasses the SOP, or malformed); shown to the person."""

    http_status = 422


class NeedsNote(Refused):
    """The SOP requires a reason for this step; the admin page asks for it and sends again."""

    http_status = 428


@dataclass(frozen=True)
class EntryKey:
    """A post as Decap names it (``2026/<slug>/index``) and as git does (``konten/<slug>``)."""

    year: int
    slug: str

    @classmethod
    def from_decap(cls, slug: str) -> EntryKey:
        """Parse Decap's entry slug ``<tahun>/<slug>/index`` (or a path ``content/.../index.md``)."""
        text = slug.strip().removeprefix(f"{COLLECTION}/")
        if not text.startswith(f"{CONTENT_DIR}/"):
            text = f"{CONTENT_DIR}/{text}"
        if not text.endswith(".md"):
            text += ".md"
        m = _POST_PATH.match(text)
        if not m:
            raise Refused(f"alamat konten tidak sah: {slug!r}")
        return cls(int(m.group(1)), m.group(2))

    @property
    def decap_slug(self) -> str:
        """``<tahun>/<slug>/index``."""
        return f"{self.year}/{self.slug}/{PurePosixPath(POST_FILE).stem}"

    @property
    def folder(self) -> str:
        """``content/<tahun>/<slug>``."""
        return f"{CONTENT_DIR}/{self.year}/{self.slug}"

    @property
    def path(self) -> str:
        """``content/<tahun>/<slug>/index.md``."""
        return f"{self.folder}/{POST_FILE}"

    @property
    def post_id(self) -> str:
        """``<tahun>/<slug>``."""
        return f"{self.year}/{self.slug}"

    @property
    def branch(self) -> str:
        """``konten/<slug>``."""
        return steps.branch_for(self.slug)


class DeskBackend:
    """The proxy backend for one office repository."""

    def __init__(self, desk: DeskRepo, project_factory: Callable[[], Project]) -> None:
        self.desk = desk
        self.project_factory = project_factory
        self._listing: dict[tuple[str, str, int], list[dict[str, Any]]] = {}

    # -- dispatch ----------------------------------------------------------------------
    def handle(self, action: str, params: dict[str, Any], person: Person, now: datetime) -> tuple[int, Any]:
        """Answer one protocol request."""
        handler = getattr(self, f"_a_{action}", None)
        if handler is None:
            return 422, {"error": f"aksi '{action}' tidak didukung oleh meja kerja"}
        try:
            return 200, handler(params, person, now)
        except Refused as exc:
            return exc.http_status, {"error": _message(exc)}
        except JdihError as exc:
            return 409, {"error": _message(exc)}

    # -- reads -------------------------------------------------------------------------
    def _a_info(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return {"repo": "jdih", "publish_modes": ["editorial_workflow"], "type": "jdih_meja"}

    def _entry_file(self, branch: str, path: str) -> dict[str, Any]:
        data = self.desk.read_bytes(branch, path)
        if data is None:
            return {"data": None, "file": {"path": path, "id": None}}
        return {"data": data.decode("utf-8", errors="replace"), "file": {"path": path, "id": self.desk.file_id(data)}}

    def _a_entriesByFolder(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        folder = str(params.get("folder") or "").strip("/")
        ext = str(params.get("extension") or "md")
        depth = int(params.get("depth") or 1)
        if folder != CONTENT_DIR:
            return []
        self.desk.fetch()
        tip = self.desk.tip(self.desk.main)
        cached = self._listing.get((tip, ext, depth))
        if cached is not None:
            return cached
        files = [
            f
            for f in self.desk.list_files(self.desk.main, folder)
            if f.endswith(f".{ext}") and f.count("/") - folder.count("/") <= depth and _POST_PATH.match(f)
        ]
        blobs = self.desk.read_many(tip, files)
        answer = [
            {"data": data.decode("utf-8", errors="replace"), "file": {"path": f, "id": self.desk.file_id(data)}}
            for f, data in blobs.items()
            if data is not None
        ]
        self._listing = {(tip, ext, depth): answer}  # one main at a time: a new commit replaces it
        return answer

    def _a_entriesByFiles(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        files = params.get("files") or []
        return [self._entry_file(self.desk.main, _safe_path(str(f.get("path", "")))) for f in files]

    def _a_getEntry(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return self._entry_file(self.desk.main, _safe_path(str(params.get("path", ""))))

    def _open_post(self, key: EntryKey) -> Post | None:
        """The post on its open branch (None when the branch is not open on the remote)."""
        if not any(b.slug == key.slug for b in self.desk.open_branches()):
            return None
        data = self.desk.read_bytes(key.branch, key.path)
        if data is None:
            return None
        return parse_post(Path(key.path), data.decode("utf-8", errors="replace"))

    def _a_unpublishedEntries(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        self.desk.fetch()
        board = columns.board(self.project_factory().sop)
        ids = []
        for b in self.desk.open_branches():
            m = _POST_PATH.match(b.post_path)
            if not m:
                continue
            data = self.desk.read_bytes(b.branch, b.post_path)
            try:
                status = parse_post(Path(b.post_path), (data or b"").decode("utf-8")).status
            except (PostFormatError, UnicodeDecodeError):
                continue
            if board.column(status):
                ids.append(f"{COLLECTION}/{EntryKey(int(m.group(1)), m.group(2)).decap_slug}")
        return ids

    def _key(self, params: dict[str, Any], by_id: bool = False) -> EntryKey:
        ident = params.get("id") if by_id else None  # elsewhere "id" is a file's id, not the entry's
        if ident:
            return EntryKey.from_decap(str(ident))
        if params.get("collection") not in (None, COLLECTION):
            raise Refused("koleksi tidak dikenal")
        return EntryKey.from_decap(str(params.get("slug") or ""))

    def _a_unpublishedEntry(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params, by_id=True)
        project = self.project_factory()
        post = self._open_post(key)
        column = columns.board(project.sop).column(post.status) if post else None
        if post is None or column is None:
            exc = Refused("konten tidak sedang dalam alur kerja")
            exc.http_status = 404
            raise exc
        diffs = [
            {
                "path": d.path,
                "oldPath": d.path,
                "newPath": d.path,
                "id": d.path,
                "newFile": d.status == "added",
                "status": d.status,
                "binary": not d.path.endswith(".md"),
            }
            for d in self.desk.diffs(key.branch, key.folder)
            if d.status != "deleted"
        ]
        if not any(d["path"] == key.path for d in diffs):
            diffs.append({"path": key.path, "oldPath": key.path, "newPath": key.path, "id": key.path,
                          "newFile": False, "status": "modified", "binary": False})
        state = project.sop.states.get(post.status)
        holders = [p.name for p in project.people.with_role(state.holder)] if state and state.holder else []
        return {
            "collection": COLLECTION,
            "slug": key.decap_slug,
            "status": column,
            "diffs": diffs,
            "updatedAt": self.desk.updated_at(key.branch).isoformat(),
            "pullRequestAuthor": f"{state.label if state else post.status}: {', '.join(holders) or '-'}",
        }

    def _a_unpublishedEntryDataFile(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params)
        path = _inside(key, str(params.get("path", "")))
        data = self.desk.read_bytes(key.branch, path)
        if data is None:
            raise Refused(f"berkas {path} tidak ada di cabang {key.branch}")
        return {"data": data.decode("utf-8", errors="replace")}

    def _media_file(self, branch: str, path: str) -> dict[str, Any]:
        data = self.desk.read_bytes(branch, path)
        if data is None:
            raise Refused(f"berkas {path} tidak ditemukan")
        return {
            "id": self.desk.file_id(data),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": path,
            "name": PurePosixPath(path).name,
        }

    def _a_unpublishedEntryMediaFile(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params)
        return self._media_file(key.branch, _inside(key, str(params.get("path", ""))))

    def _a_getMedia(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return []  # the Media tab is not used: images live in each post's folder

    def _a_getMediaFile(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return self._media_file(self.desk.main, _safe_path(str(params.get("path", ""))))

    def _a_getDeployPreview(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return None

    def _a_getNotes(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return {"notes": []}

    def _a_getPRMetadata(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        return {"metadata": None}

    # -- refused: they would bypass the SOP ------------------------------------------------
    def _a_persistMedia(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        raise Refused(
            "gambar tidak diunggah lewat tab Media (itu akan langsung masuk ke main tanpa langkah SOP); "
            "unggah gambar dari isian Gambar di formulir konten"
        )

    def _a_deleteFile(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        raise Refused("meja kerja tidak menghapus berkas di main; konten yang belum disetujui dibatalkan oleh Kasubbag")

    _a_deleteFiles = _a_deleteFile

    def _a_addNote(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        raise Refused("catatan dicatat di riwayat lewat panel Langkah SOP")

    # -- writes --------------------------------------------------------------------------
    def _a_persistEntry(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        options = params.get("options") or {}
        if not options.get("useWorkflow"):
            raise Refused("meja kerja hanya menyimpan lewat alur kerja SOP (editorial workflow)")
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if len(files) != 1 or not isinstance(files[0], dict):
            raise Refused("satu penyimpanan berisi tepat satu berkas konten")
        sent = files[0]
        if sent.get("newPath") and sent.get("newPath") != sent.get("path"):
            raise Refused("konten tidak dapat dipindah ke folder lain dari meja kerja")
        key = EntryKey.from_decap(str(sent.get("path", "")))
        meta, body = entry.parse_raw(str(sent.get("raw", "")), key.path)
        entry.require_post(meta, key.path)
        assets = self._assets(key, params.get("assets") or [])
        project = self.project_factory()
        self.desk.fetch()
        exists = self.desk.has_branch(key.branch) or any(
            p.split("/")[2:3] == [key.slug] for p in self.desk.list_files(self.desk.main, CONTENT_DIR)
        )
        if options.get("newEntry") or not exists:
            if exists:
                raise Refused(f"konten dengan slug '{key.slug}' sudah ada; ubah judulnya")
            return self._disposisi(project, person, key, meta, body, assets, now)
        return self._save(project, person, key, meta, body, assets, now)

    def _assets(self, key: EntryKey, assets: list[Any]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for a in assets:
            path = _inside(key, str(a.get("path", "")) if isinstance(a, dict) else "")
            name = PurePosixPath(path).name
            if not _ASSET_NAME.match(name) or not name.lower().endswith(IMAGE_SUFFIXES):
                raise Refused(f"berkas {name!r} ditolak: hanya gambar JPEG, PNG, GIF atau WEBP dengan nama sederhana")
            if a.get("encoding") != "base64":
                raise Refused(f"berkas {name} tidak dikirim dalam base64")
            try:
                data = base64.b64decode(str(a.get("content", "")), validate=True)
            except ValueError:
                raise Refused(f"isi berkas {name} rusak") from None
            if len(data) > MAX_ASSET_BYTES:
                raise Refused(f"berkas {name} terlalu besar (lebih dari 25 MB)")
            out[path] = data
        return out

    def _disposisi(
        self, project: Project, person: Person, key: EntryKey, meta: dict[str, Any], body: str,
        assets: dict[str, bytes], now: datetime,
    ) -> Any:
        fields = entry.editor_fields(meta)
        note, started_at = entry.step_inputs(meta)
        result = self.desk.run_step(
            person,
            lambda ws: steps.disposisi(
                project, ws, title=fields.get("judul", ""), category=str(fields.get("kategori", "")),
                platform=list(fields.get("platform") or []), now=now, deadline=fields.get("tenggat"),
                note=note, slug=key.slug, year=key.year, series=fields.get("seri"), started_at=started_at,
            ),
        )
        extra = {k: v for k, v in fields.items() if k not in ("judul", "kategori", "platform", "tenggat", "seri")}
        if extra or body.strip() or assets:
            self._write(project, person, key, meta, body, assets, now)
        return {"message": f"disposisi {result.post_id} tercatat"}

    def _save(
        self, project: Project, person: Person, key: EntryKey, meta: dict[str, Any], body: str,
        assets: dict[str, bytes], now: datetime,
    ) -> Any:
        post = self._open_post(key)
        if post is None:
            raise Refused(
                f"konten {key.post_id} sudah tidak dalam alur kerja (sudah disetujui atau dibatalkan); "
                "perubahan tidak disimpan"
            )
        state = project.sop.states.get(post.status)
        if state is None or not state.holder or not person.has_role(state.holder):
            holder = role_names(project.sop, [state.holder]) if state and state.holder else "-"
            raise TransitionError(
                f"{person.name} tidak dapat menyimpan konten {key.post_id}: konten berstatus "
                f"\u201c{state.label if state else post.status}\u201d sedang dipegang {holder}"
            )
        self._write(project, person, key, meta, body, assets, now)
        return {"message": "tersimpan"}

    def _write(
        self, project: Project, person: Person, key: EntryKey, meta: dict[str, Any], body: str,
        assets: dict[str, bytes], now: datetime,
    ) -> None:
        latest_raw = self.desk.read_bytes(key.branch, key.path)
        if latest_raw is None:
            raise Refused(f"berkas {key.path} tidak ada di cabang {key.branch}")
        latest = parse_post(Path(key.path), latest_raw.decode("utf-8"))
        text = entry.overlay(latest.meta, latest.body, meta, body)
        msg = f"desk(simpan): {key.post_id}\n\nby: {person.id}\n"
        self.desk.save(project, person, key.slug, {key.path: text.encode("utf-8"), **assets}, msg, now)

    def _step(self, person: Person, key: EntryKey, command: str, note: str | None, now: datetime) -> Any:
        project = self.project_factory()
        if columns.needs_note(project.sop, command) and not note:
            state = project.sop.states[next(t.target for t in project.sop.transitions_for_command(command))]
            raise NeedsNote(f"Alasan wajib dicatat di riwayat untuk langkah “{state.label}”. Tulis alasannya:")
        result = self.desk.run_step(
            person, lambda ws: steps.advance(project, ws, key.post_id, command, now, note)
        )
        return {"message": f"{result.post_id}: {result.from_state} \u2192 {result.to_state}", "ke": result.to_state}

    def _a_updateUnpublishedEntryStatus(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params)
        project = self.project_factory()
        post = self._open_post(key)
        if post is None:
            raise Refused(f"konten {key.post_id} tidak sedang dalam alur kerja")
        new = str(params.get("newStatus", ""))
        if new not in columns.COLUMNS:
            raise Refused(f"status papan tidak dikenal: {new!r}")
        t = columns.move_for(project.sop, post.status, new)
        return self._step(person, key, t.command, _note(params), now)

    def _a_publishUnpublishedEntry(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params)
        board = columns.board(self.project_factory().sop)
        return self._step(person, key, board.approve, _note(params), now)

    def _a_deleteUnpublishedEntry(self, params: dict[str, Any], person: Person, now: datetime) -> Any:
        key = self._key(params)
        board = columns.board(self.project_factory().sop)
        return self._step(person, key, board.cancel, _note(params), now)

    # -- the SOP panel -------------------------------------------------------------------
    def panel(self, decap_slug: str, person: Person) -> dict[str, Any]:
        """Status, history and the next steps (with whether ``person`` may take each) of one post."""
        key = EntryKey.from_decap(decap_slug)
        project = self.project_factory()
        post = self._open_post(key)
        landed = None
        if post is None:
            data = self.desk.read_bytes(self.desk.main, key.path)
            landed = parse_post(Path(key.path), data.decode("utf-8")) if data else None
        shown = post or landed
        if shown is None:
            return {"ada": False}
        sop = project.sop
        state = sop.states.get(shown.status)
        moves = []
        if post is not None:
            for t in steps.next_commands(project, post.status):
                moves.append({
                    "perintah": t.command,
                    "ke": t.target,
                    "label": sop.states[t.target].label,
                    "langkah": t.step,
                    "peran": role_names(sop, t.roles),
                    "boleh": person.has_role(*t.roles),
                    "catatan_wajib": columns.needs_note(sop, t.command),
                })
        history = []
        for h in shown.history:
            who = project.people.get(h.actor)
            st = sop.states.get(h.status)
            history.append({
                "status": st.label if st else h.status,
                "oleh": who.name if who else h.actor,
                "waktu": h.at.isoformat(),
                "catatan": h.note or "",
            })
        holder = state.holder if state else None
        return {
            "ada": True,
            "id": key.post_id,
            "status": shown.status,
            "label": state.label if state else shown.status,
            "keterangan": state.description if state else "",
            "pemegang": role_names(sop, [holder]) if holder else "",
            "dalam_alur": post is not None,
            "langkah": moves,
            "riwayat": history,
        }

    def step(self, decap_slug: str, command: str, note: str | None, person: Person, now: datetime) -> dict[str, Any]:
        """One SOP step chosen in the panel."""
        key = EntryKey.from_decap(decap_slug)
        project = self.project_factory()
        post = self._open_post(key)
        if post is None:
            raise Refused(f"konten {key.post_id} tidak sedang dalam alur kerja")
        if command not in [t.command for t in steps.next_commands(project, post.status)]:
            raise Refused(f"langkah '{command}' tidak berlaku untuk status \u201c{post.status}\u201d")
        return self._step(person, key, command, note, now)


def _message(exc: JdihError) -> str:
    from ..redact import scrub

    text = exc.message[:1].upper() + exc.message[1:]
    if exc.hint:
        text += f". {exc.hint}"
    return scrub(text)


def _note(params: dict[str, Any]) -> str | None:
    value = params.get("catatan")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _safe_path(path: str) -> str:
    p = PurePosixPath(path)
    if p.is_absolute() or ".." in p.parts or not path.startswith(f"{CONTENT_DIR}/"):
        raise Refused(f"alamat berkas tidak sah: {path!r}")
    return p.as_posix()


def _inside(key: EntryKey, path: str) -> str:
    """``path`` if it lies directly inside the post's folder, else a refusal."""
    p = _safe_path(path)
    if PurePosixPath(p).parent.as_posix() != key.folder:
        raise Refused(f"berkas {path!r} berada di luar folder konten {key.folder}")
    return p


__all__ = ["DeskBackend", "EntryKey", "Refused", "UsageError"]
