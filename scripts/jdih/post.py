"""The post model: one folder ``content/<tahun>/<slug>/`` with ``index.md`` and its media.

``index.md`` is YAML front matter plus the caption in Markdown. Parsing keeps the line of
every key so findings can name ``file:line``. Reading is lenient (typed accessors skip
malformed values; :mod:`jdih.checks` reports them); writing is canonical, so a workflow
step changes only the lines it must.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .errors import PostFormatError
from .files import atomic_write as atomic_write  # re-exported: the one implementation lives in jdih.files
from .yamlsrc import LineMap, YamlError, load_with_lines

POST_FILE = "index.md"
_HISTORY_KEYS = frozenset({"status", "oleh", "waktu", "catatan", "mulai"})  # HistoryEntry's own fields

# Canonical key order when writing. Unknown keys keep their order after these.
KEY_ORDER = (
    "judul",
    "status",
    "kategori",
    "seri",
    "platform",
    "jadwal",
    "tenggat",
    "tag",
    "media",
    "dokumen_hukum",
    "teks",
    "riwayat",
    "tautan",
)


def parse_time(value: Any) -> datetime | None:
    """A front-matter timestamp as an aware datetime; None when absent, naive or malformed."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return dt if dt.tzinfo is not None else None
    return None


@dataclass(frozen=True)
class HistoryEntry:
    """One ``riwayat`` entry: a step made by a person at a time."""

    index: int
    status: str
    actor: str
    at: datetime
    note: str | None = None
    started_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MediaItem:
    """One media file of a post (path relative to the post folder)."""

    index: int
    path: str
    alt: str | None


@dataclass
class Post:
    """A parsed post. ``meta`` is the raw front matter; accessors are typed and lenient."""

    path: Path
    meta: dict[str, Any]
    body: str
    lines: LineMap
    body_line: int
    content_root: Path | None = None

    # -- identity --------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        """The post folder (holds index.md and media)."""
        return self.path.parent

    @property
    def slug(self) -> str:
        """The folder name, used in URLs and branch names."""
        return self.folder.name

    @property
    def id(self) -> str:
        """Stable id ``<tahun>/<slug>`` (the folder relative to ``content/``)."""
        if self.content_root is not None:
            try:
                return self.folder.relative_to(self.content_root).as_posix()
            except ValueError:
                pass
        return f"{self.folder.parent.name}/{self.folder.name}"

    def line(self, *keys: Any) -> int | None:
        """File line of a front-matter key path (or of its nearest parent)."""
        return self.lines.line(*keys)

    # -- typed accessors ----------------------------------------------------------------
    def _str(self, key: str) -> str | None:
        v = self.meta.get(key)
        return str(v) if isinstance(v, str | int | float) and not isinstance(v, bool) else None

    @property
    def title(self) -> str:
        """Title ('' when missing)."""
        return self._str("judul") or ""

    @property
    def status(self) -> str:
        """Current state id ('' when missing)."""
        return self._str("status") or ""

    @property
    def category(self) -> str:
        """Category id."""
        return self._str("kategori") or ""

    @property
    def series(self) -> str | None:
        """Optional series name."""
        return self._str("seri")

    @property
    def platforms(self) -> list[str]:
        """Platform ids the post goes to."""
        v = self.meta.get("platform")
        if isinstance(v, str):
            return [v]
        return [str(p) for p in v if isinstance(p, str)] if isinstance(v, list) else []

    @property
    def tags(self) -> list[str]:
        """Tags."""
        v = self.meta.get("tag")
        return [str(t) for t in v if isinstance(t, str | int)] if isinstance(v, list) else []

    @property
    def schedule(self) -> datetime | None:
        """Publish-not-before time."""
        return parse_time(self.meta.get("jadwal"))

    @property
    def media(self) -> list[MediaItem]:
        """Media items with a file name."""
        v = self.meta.get("media")
        out = []
        if isinstance(v, list):
            for i, item in enumerate(v):
                if isinstance(item, dict) and isinstance(item.get("berkas"), str):
                    alt = item.get("alt")
                    out.append(MediaItem(i, item["berkas"], alt if isinstance(alt, str) else None))
        return out

    @property
    def legal_document(self) -> dict[str, Any] | None:
        """The legal product the post is about (JDIHN metadata), if any."""
        v = self.meta.get("dokumen_hukum")
        return v if isinstance(v, dict) else None

    @property
    def links(self) -> dict[str, str]:
        """Public link per platform (written by publishing)."""
        v = self.meta.get("tautan")
        if not isinstance(v, dict):
            return {}
        return {str(k): str(u) for k, u in v.items() if isinstance(u, str)}

    @property
    def history(self) -> list[HistoryEntry]:
        """Well-formed ``riwayat`` entries, oldest first (malformed ones are skipped)."""
        v = self.meta.get("riwayat")
        out: list[HistoryEntry] = []
        if not isinstance(v, list):
            return out
        for i, item in enumerate(v):
            if not isinstance(item, dict):
                continue
            at = parse_time(item.get("waktu"))
            status, actor = item.get("status"), item.get("oleh")
            if at is None or not isinstance(status, str) or not isinstance(actor, str):
                continue
            note = item.get("catatan")
            extra = {} if item.keys() <= _HISTORY_KEYS else {
                k: val for k, val in item.items() if k not in _HISTORY_KEYS}
            out.append(
                HistoryEntry(i, status, actor, at, str(note) if note is not None else None,
                             parse_time(item.get("mulai")), extra)
            )
        return out

    def entered(self, status: str) -> datetime | None:
        """When the post last entered ``status`` (from ``riwayat``)."""
        times = [h.at for h in self.history if h.status == status]
        return times[-1] if times else None

    @property
    def last_change(self) -> datetime | None:
        """Time of the newest history entry."""
        h = self.history
        return h[-1].at if h else None

    def first_entered(self, states: Iterable[str]) -> datetime | None:
        """When the post first entered one of ``states`` (e.g. ``sop.published_states``: first upload)."""
        wanted = set(states)
        return next((h.at for h in self.history if h.status in wanted), None)

    def caption(self, platform: str | None = None) -> str:
        """Caption for ``platform``: its ``teks`` override, else the body."""
        overrides = self.meta.get("teks")
        if platform and isinstance(overrides, dict) and isinstance(overrides.get(platform), str):
            return str(overrides[platform]).strip()
        return self.body.strip()

    def media_path(self, item: MediaItem) -> Path:
        """Absolute path of a media item (not checked for escapes: see checks.media)."""
        return self.folder / item.path


# ---------------------------------------------------------------------------------------
# reading


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from the body; returns (yaml, body, body_first_line).

    Raises ValueError with an Indonesian message when there is no front matter block.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        raise ValueError("berkas tidak diawali blok front matter '---'")
    lines = text.splitlines(keepends=True)
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise ValueError("blok front matter tidak ditutup dengan '---'")


def parse_post(path: Path, text: str, content_root: Path | None = None) -> Post:
    """Parse post text. Raises :class:`PostFormatError` (with line) when it is unusable."""
    if "\x00" in text:
        raise PostFormatError("berkas berisi data biner, bukan teks Markdown", file=path, line=1)
    try:
        fm, body, body_line = split_front_matter(text)
    except ValueError as exc:
        raise PostFormatError(str(exc), file=path, line=1) from None
    try:
        data, lines = load_with_lines(fm)
    except YamlError as exc:
        raise PostFormatError(exc.message, file=path, line=(exc.line + 1) if exc.line else 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PostFormatError("front matter harus berupa pemetaan kunci: nilai", file=path, line=2)
    lines.offset = 1  # the '---' line precedes the YAML
    return Post(path, data, body, lines, body_line, content_root)


def read_post(path: Path, content_root: Path | None = None) -> Post:
    """Read and parse ``path`` (an ``index.md``)."""
    return parse_post(path, read_post_text(path), content_root)


def read_post_text(path: Path) -> str:
    """The text of ``path`` (an ``index.md``), or :class:`PostFormatError` saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PostFormatError("berkas tidak ditemukan", file=path) from None
    except IsADirectoryError:
        raise PostFormatError("yang diberikan adalah folder, bukan berkas", file=path) from None
    except OSError as exc:
        raise PostFormatError(f"berkas tidak dapat dibaca ({exc.strerror})", file=path) from None
    if not raw.strip():
        raise PostFormatError("berkas kosong", file=path, line=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PostFormatError("berkas bukan teks UTF-8 (mungkin berkas biner)", file=path, line=line) from None
    return text


def iter_post_files(content_root: Path) -> Iterator[Path]:
    """Every ``index.md`` under ``content/`` in a stable order."""
    if not content_root.is_dir():
        return
    yield from sorted(content_root.glob(f"*/*/{POST_FILE}"))


def load_posts(content_root: Path) -> tuple[list[Post], list[PostFormatError]]:
    """Read all posts; unreadable ones are returned as errors, never raised."""
    posts: list[Post] = []
    errors: list[PostFormatError] = []
    for path in iter_post_files(content_root):
        try:
            posts.append(read_post(path, content_root))
        except PostFormatError as exc:
            errors.append(exc)
    return posts, errors


# ---------------------------------------------------------------------------------------
# writing


class _Dumper(yaml.SafeDumper):
    pass


def _repr_datetime(dumper: yaml.SafeDumper, dt: datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", dt.isoformat())


def _repr_date(dumper: yaml.SafeDumper, d: date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", d.isoformat())


def _repr_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # Multi-line captions are written as literal blocks (|), readable and diff-friendly.
    if "\n" in text:
        clean = "\n".join(line.rstrip() for line in text.split("\n"))
        return dumper.represent_scalar("tag:yaml.org,2002:str", clean, style="|")
    return dumper.represent_str(text)


def _repr_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    # Short lists of plain words stay on one line ([x, instagram]); anything else is block style.
    flow = bool(items) and all(isinstance(i, str | int | float) and not isinstance(i, bool) for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(datetime, _repr_datetime)
_Dumper.add_representer(date, _repr_date)


def _ordered(meta: dict[str, Any]) -> dict[str, Any]:
    out = {k: meta[k] for k in KEY_ORDER if k in meta}
    out.update({k: v for k, v in meta.items() if k not in out})
    return out


def dump_front_matter(meta: dict[str, Any]) -> str:
    """Canonical YAML for front matter (stable key order; short lists inline, mappings in block style)."""
    text = yaml.dump(
        _ordered(meta),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100_000,
        default_flow_style=False,
    )
    return str(text)


def render_post(meta: dict[str, Any], body: str) -> str:
    """The full text of ``index.md``."""
    body = body.lstrip("\n")
    return f"---\n{dump_front_matter(meta)}---\n\n{body}" if body else f"---\n{dump_front_matter(meta)}---\n"


def write_post(path: Path, meta: dict[str, Any], body: str) -> None:
    """Write a post atomically in canonical form."""
    atomic_write(path, render_post(meta, body))
