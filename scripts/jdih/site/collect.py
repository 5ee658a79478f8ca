"""Read ``content/`` for the site: published posts as :class:`SitePost`, approved media to stage.

Only posts in a published state (``terbit: true`` in ``sop/alur.yml``) become a SitePost; of
an approved post (a state with a transition into a published state) only media file paths
are kept, never its title or text. A media file that may not be served (see
:mod:`jdih.site.media`) is left out and reported in :attr:`Collection.skipped`. Parsing 10,000
posts is the slow part of a build, so each post is cached by the SHA-256 of its ``index.md``
and the stat of its media files. Reading 10,000 unchanged ``index.md`` files is the next slowest,
so a cached post is taken without reading its file while the file's stat (size, times, inode)
is the one seen when it was read, and the file had not changed in the moments before that read
(a change within the same clock tick would keep the stat).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import PostFormatError
from ..links import file_digest
from ..post import POST_FILE, Post, parse_time, split_front_matter
from ..project import Project
from ..worktime import format_date_id
from ..yamlsrc import LineMap, YamlError, load_with_lines
from . import cache
from .media import check
from .sanitize import excerpt, hashtags, plain_text, render_caption

CACHE_VERSION = 5


@dataclass(frozen=True)
class SiteMedia:
    """One image of a post as served on the site (content-addressed)."""

    src: str  # absolute path of the source file
    digest: str
    ext: str  # derived from the checked content (see jdih.site.media.check)
    alt: str
    width: int = 0
    height: int = 0
    size: int = 0  # bytes


@dataclass
class SitePost:
    """What the public site shows of one published post (all strings already safe to embed)."""

    id: str
    slug: str
    title: str
    category: str
    series: str | None
    tags: list[str]
    published: datetime
    caption_html: str
    media: list[SiteMedia]
    links: list[tuple[str, str]]  # (platform id, https URL)
    legal_document: dict[str, str] | None  # front matter keys (jenis, nomor, tahun, judul, tautan)
    status: str
    key: str = ""  # cache key of the source (index.md bytes + media stat)
    summary_text: str = ""
    hashtags: tuple[str, ...] = ()  # hashtags of the caption's running text (without "#")

    @property
    def year(self) -> int:
        """Year of publication (archive grouping)."""
        return self.published.year

    @property
    def month(self) -> int:
        """Month of publication."""
        return self.published.month

    @property
    def date_label(self) -> str:
        """Indonesian date: "24 November 2026"."""
        return format_date_id(self.published)

    @property
    def summary(self) -> str:
        """Plain-text excerpt of the caption (computed once when the post is read)."""
        return self.summary_text or excerpt(self.caption_html)

    @property
    def text(self) -> str:
        """Plain text of the caption."""
        return plain_text(self.caption_html)


@dataclass
class _Entry:
    key: str
    media_names: list[str]
    media_stat: str
    status: str
    post: SitePost | None
    approved_media: list[SiteMedia]
    skipped: list[str] = field(default_factory=list)
    file_stat: tuple[int, int, int, int] = (0, 0, 0, 0)  # index.md when read: size, mtime, ctime, inode
    read_at: int = 0  # time.time_ns() of that read


# A file changed less than this before it was read may change again with the same stat.
_RACY_NS = 2_000_000_000


def _file_stat(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _post_files(root: Path) -> list[tuple[str, str, os.stat_result]]:
    """The files of :func:`jdih.post.iter_post_files` (``content/*/*/index.md``, same order) as
    (post id, folder, stat of the file): one ``stat`` per post instead of listing its folder."""
    found: list[tuple[str, str, os.stat_result]] = []
    try:
        years = [e for e in os.scandir(root) if not e.name.startswith(".") and e.is_dir()]
    except OSError:
        return found
    for year in years:
        for entry in os.scandir(year.path):
            if entry.name.startswith("."):
                continue
            try:
                st = os.stat(os.path.join(entry.path, POST_FILE))
            except OSError:
                continue
            found.append((f"{year.name}/{entry.name}", entry.path, st))
    found.sort(key=lambda item: item[0].split("/"))  # the order of the paths
    return found


@dataclass
class Collection:
    """Result of reading content/: published posts (newest first) and approved media."""

    posts: list[SitePost]
    approved_media: list[SiteMedia]
    stats: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # "<post>/<file>: reason" of media not served


def _http_url(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(("https://", "http://")) and not any(c in value for c in "\"'<> "):
        return value
    return None


def _media_stat(post_dir: Path | str, names: list[str]) -> str:
    """Size and mtime of the media files: a changed image invalidates the cached entry."""
    parts = []
    for name in names:
        try:
            st = os.stat(os.path.join(post_dir, name))
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "|".join(parts)


def _safe_media_file(post: Post, name: str) -> Path:
    folder = post.folder.resolve()
    path = (post.folder / name).resolve()
    if os.path.isabs(name) or folder not in path.parents or not path.is_file():
        raise PostFormatError(
            f"berkas media '{name}' tidak ada di dalam folder konten",
            file=post.path,
            hint="Jalankan 'jdih periksa' untuk melihat semua masalah konten.",
        )
    return path


def _media(post: Post, digests: dict[str, str], skipped: list[str]) -> list[SiteMedia]:
    out = []
    for item in post.media:
        path = _safe_media_file(post, item.path)
        checked = check(path)
        if isinstance(checked, str):
            skipped.append(f"{post.id}/{item.path}: {checked}")
            continue
        st = path.stat()
        dkey = f"{path}:{st.st_size}:{st.st_mtime_ns}"
        digest = digests.get(dkey) or file_digest(path)
        digests[dkey] = digest
        out.append(SiteMedia(str(path), digest, checked.ext, item.alt or "", checked.width, checked.height, st.st_size))
    return out


def _published_time(post: Post, published: tuple[str, ...], tz: ZoneInfo) -> datetime:
    for h in post.history:
        if h.status in published:
            return h.at.astimezone(tz)
    last = post.last_change or parse_time(post.meta.get("jadwal"))
    if last is None:
        raise PostFormatError("riwayat konten terbit tidak memuat waktu unggah", file=post.path)
    return last.astimezone(tz)


def _legal_document(value: dict[str, Any] | None) -> dict[str, str] | None:
    if not value:
        return None
    out = {k: str(value[k]) for k in ("jenis", "nomor", "tahun", "judul") if value.get(k) is not None}
    link = _http_url(value.get("tautan"))
    if link:
        out["tautan"] = link
    return out or None


def _parse(path: Path, raw: bytes, content_root: Path) -> Post:
    try:
        text = raw.decode("utf-8")
        fm, body, body_line = split_front_matter(text)
        meta, _ = load_with_lines(fm)
    except (UnicodeDecodeError, ValueError, YamlError):
        # The precise message (with line) comes from the core reader.
        from ..post import read_post

        return read_post(path, content_root)
    if not isinstance(meta, dict):
        raise PostFormatError("front matter harus berupa pemetaan kunci: nilai", file=path, line=2)
    return Post(path, meta, body, LineMap(), body_line, content_root)


class Collector:
    """Reads content/ with a persistent cache in ``.jdih/situs-cache/``."""

    def __init__(self, project: Project, render_key: str = "") -> None:
        self.project = project
        self.cache_dir = project.state_dir / "situs-cache"
        self.cache_file = self.cache_dir / "pos.pickle"  # media digests (and, before v5, the posts)
        self.stat_file = self.cache_dir / "pos-stat.pickle"  # index.md stats of the cached posts
        self._early: dict[str, _Entry] = {}  # posts read by changed(), taken by collect()
        self._early_digests: dict[str, str] = {}
        self.render_key = f"{CACHE_VERSION}:{render_key}"
        sop = project.sop
        self.published = sop.published_states
        self.approved = tuple(
            s
            for s in sop.states
            if s not in self.published and any(t.target in self.published for t in sop.transitions_from(s))
        )
        self.tz = ZoneInfo(sop.office.timezone)

    def scan(self) -> list[tuple[str, str, os.stat_result]]:
        """The post files of content/ with their stat (what :meth:`collect` and :meth:`changed` take)."""
        return _post_files(self.project.content_dir)

    def changed(self, files: list[tuple[str, str, os.stat_result]], limit: int) -> list[SitePost] | None:
        """The published posts whose ``index.md`` changed since the last :meth:`collect`, read
        without loading the cache of the others (a hint: the search index starts on them while
        :meth:`collect` reads the rest). None when that last collect is unknown, a post was added
        or removed, more than ``limit`` files changed, or a changed post is not published."""
        stats: dict[str, tuple[tuple[int, int, int, int], int]] = cache.load(self.stat_file, self.render_key)
        if not stats or len(stats) != len(files):
            return None
        out: list[SitePost] = []
        digests: dict[str, str] | None = None
        for pid, folder, st in files:
            known = stats.get(pid)
            if known is None:
                return None
            sig = _file_stat(st)
            if known[0] == sig and sig[2] < known[1] - _RACY_NS:
                continue
            if len(out) >= limit:
                return None
            if digests is None:
                digests = self._early_digests = dict(cache.load(self.cache_file, self.render_key).get("digests", {}))
            read_at = time.time_ns()
            path = Path(folder) / POST_FILE
            raw = path.read_bytes()
            entry = self._entry(_parse(path, raw, self.project.content_dir), hashlib.sha256(raw).hexdigest(), digests)
            if entry.post is None:
                return None
            self._early[pid] = replace(entry, file_stat=sig, read_at=read_at)
            out.append(entry.post)
        return out

    def collect(self, files: list[tuple[str, str, os.stat_result]] | None = None) -> Collection:
        """Read every post (cached), return published posts newest first and approved media.

        The posts are cached in shards (``pos/``), so a rebuild after one change saves one small
        file; the media digests, which rarely change, in ``pos.pickle``; the stat of each
        ``index.md`` also in ``pos-stat.pickle`` (for :meth:`changed`). ``files``: the result of
        :meth:`scan`, when already made."""
        root = self.project.content_dir
        store = cache.Shards(self.cache_dir / "pos", self.render_key)
        old: dict[str, _Entry] = store.load_all()
        saved = cache.load(self.cache_file, self.render_key).get("digests", {})
        digests = {**saved, **self._early_digests}
        entries: dict[str, _Entry] = {}
        parsed = 0
        for pid, folder, st in _post_files(root) if files is None else files:
            prev = old.get(pid)
            media_same = prev is not None and prev.media_stat == _media_stat(folder, prev.media_names)
            sig = _file_stat(st)
            if prev is not None and media_same and prev.file_stat == sig and sig[2] < prev.read_at - _RACY_NS:
                entries[pid] = prev
                continue
            early = self._early.get(pid)
            if early is not None and early.file_stat == sig:  # read by changed() a moment ago
                entries[pid] = early
                store.put(pid, early)
                parsed += 1
                continue
            read_at = time.time_ns()
            path = Path(folder) / POST_FILE
            raw = path.read_bytes()
            key = hashlib.sha256(raw).hexdigest()
            if prev is not None and media_same and prev.key == key:
                entries[pid] = replace(prev, file_stat=sig, read_at=read_at)  # same text: no parsing
            else:
                post = _parse(path, raw, root)
                parsed += 1
                entries[pid] = replace(self._entry(post, key, digests), file_stat=sig, read_at=read_at)
            store.put(pid, entries[pid])
        store.forget(old.keys() - entries.keys())
        changed = store.changed
        store.save()
        if changed or not self.stat_file.exists():  # after the posts: a stat seen here is of a cached post
            seen = {pid: (e.file_stat, e.read_at) for pid, e in entries.items()}
            cache.save(self.stat_file, self.render_key, seen)
        if digests != saved:
            cache.save(self.cache_file, self.render_key, {"digests": digests})
        posts = [e.post for e in entries.values() if e.post is not None]
        posts.sort(key=lambda p: (p.published, p.id), reverse=True)
        approved = [m for e in entries.values() for m in e.approved_media]
        skipped = [s for e in entries.values() for s in e.skipped]
        stats = {"pos": len(entries), "terbit": len(posts), "dibaca_ulang": parsed}
        return Collection(posts, approved, stats, skipped)

    def _entry(self, post: Post, key: str, digests: dict[str, str]) -> _Entry:
        status = post.status
        names = [m.path for m in post.media]
        stat = _media_stat(post.folder, names)
        skipped: list[str] = []
        if status in self.approved:
            return _Entry(key, names, stat, status, None, _media(post, digests, skipped), skipped)
        if status not in self.published:
            return _Entry(key, names, stat, status, None, [])
        links = []
        for platform, url in post.links.items():
            safe = _http_url(url)
            if safe:
                links.append((platform, safe))
        site_post = SitePost(
            id=post.id,
            slug=post.slug,
            title=post.title,
            category=post.category,
            series=post.series,
            tags=post.tags,
            published=_published_time(post, self.published, self.tz),
            caption_html=render_caption(post.caption()),
            media=_media(post, digests, skipped),
            links=links,
            legal_document=_legal_document(post.legal_document),
            status=status,
            key=key,
        )
        # Pages made from this post change with its text and with its media files' content.
        site_post.key = key + "|" + ",".join(m.digest for m in site_post.media)
        site_post.summary_text = excerpt(site_post.caption_html)
        site_post.hashtags = tuple(hashtags(site_post.caption_html))
        return _Entry(key, names, stat, status, site_post, [], skipped)
