"""``jdih pratinjau``: each post as it will appear on each platform, before it is approved.

Per post and platform: the caption exactly as it will be sent (the platform's ``teks``
override or the body, plus the post's canonical link on the JDIH site), its length counted
the platform's way against the limit, the images, and the check warnings. Rendered as
Markdown (PR comment, ``$GITHUB_STEP_SUMMARY``) or plain text.

Counting reuses :mod:`jdih.checks.limits` (one counter in the project).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from .findings import Finding
from .links import post_url
from .platforms import PlatformSpec
from .post import Post
from .project import Project

MARKER = "<!-- jdih-pratinjau -->"

UNRECORDED = "belum dicatat"  # status shown for a post without one yet


@dataclass(frozen=True)
class ImageView:
    """One image of the post as the preview lists it."""

    path: str
    alt: str | None
    exists: bool


@dataclass(frozen=True)
class PlatformView:
    """One post on one platform."""

    platform: str
    name: str
    text: str
    length: int
    limit: int
    unit: str
    source: str  # "teks.<platform>" or "isi konten"

    @property
    def over_limit(self) -> bool:
        """True when the caption is over the limit."""
        return bool(self.limit) and self.length > self.limit


@dataclass
class PostView:
    """The preview of one post."""

    post_id: str
    title: str
    status: str
    path: str
    site_link: str
    platforms: list[PlatformView] = field(default_factory=list)
    images: list[ImageView] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


def compose_caption(post: Post, spec: PlatformSpec, site_url: str) -> str:
    """The caption exactly as publishing will post it (:func:`jdih.publishing.caption.compose`).

    When the caption is too long even without the link, publishing refuses it; the preview then
    shows the bare caption so its over-limit length is visible.
    """
    from .errors import ChannelError
    from .publishing.caption import compose

    body = post.caption(spec.id)
    try:
        return compose(body, post_url(site_url, post.id), spec, bool(post.media))[0]
    except ChannelError:
        return body


def build_preview(project: Project, posts: list[Post], now: datetime) -> list[PostView]:
    """Preview of ``posts`` on each of their platforms."""
    from .checks.context import CheckContext
    from .checks.limits import UNIT, check_limits, measure
    from .checks.media import check_media

    ctx = CheckContext(project, now)
    site = project.site_url
    out: list[PostView] = []
    for post in posts:
        rel = post.path.relative_to(project.root).as_posix() if post.path.is_absolute() else str(post.path)
        # a new web-desk post has no status until CI records its disposisi at the merge
        view = PostView(post.id, post.title, post.status or UNRECORDED, rel, post_url(site, post.id))
        has_media = bool(post.media)
        overrides = post.meta.get("teks")
        for pid in dict.fromkeys(post.platforms):
            spec = project.platforms.get(pid)
            if spec is None:
                continue
            caption = compose_caption(post, spec, site)
            limit = int(spec.text.get("maks_dengan_gambar") or 0) if has_media else 0
            limit = limit or spec.max_chars
            own = isinstance(overrides, dict) and isinstance(overrides.get(pid), str)
            view.platforms.append(
                PlatformView(
                    pid,
                    spec.name,
                    caption,
                    measure(ctx, spec, caption),
                    limit,
                    UNIT.get(spec.counting, "karakter"),
                    f"teks.{pid}" if own else "isi konten",
                )
            )
        for item in post.media:
            view.images.append(ImageView(item.path, item.alt, post.media_path(item).is_file()))
        view.warnings = [*check_limits(ctx, post), *check_media(ctx, post)]
        out.append(view)
    return out


# ---------------------------------------------------------------------------------------
# rendering


def _md_inline(text: str) -> str:
    """Untrusted text safe inside Markdown prose: no HTML, no @mentions, no link/emphasis syntax."""
    text = html.escape(text, quote=False).replace("@", "@\u200b")
    for ch in "\\`*_[]()#|!~":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _fence(text: str) -> str:
    """A code fence longer than any backtick run in ``text`` (so the caption cannot close it)."""
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def render_markdown(views: list[PostView], marker: bool = False) -> str:
    """Markdown for the PR comment and the job summary."""
    lines = [MARKER] if marker else []
    lines.append("## Pratinjau konten JDIH")
    if not views:
        lines += ["", "Tidak ada konten yang berubah."]
        return "\n".join(lines) + "\n"
    for v in views:
        lines += [
            "",
            f"### {_md_inline(v.title or v.post_id)}",
            "",
            f"`{v.path}` · status **{_md_inline(v.status)}** · halaman: {_md_inline(v.site_link)}",
            "",
        ]
        lines += ["| Platform | Panjang | Batas | Hasil |", "|---|---:|---:|---|"]
        for p in v.platforms:
            mark = "❌ melebihi batas" if p.over_limit else "✅"
            lines.append(f"| {_md_inline(p.name)} | {p.length} | {p.limit or '-'} {p.unit} | {mark} |")
        if v.images:
            lines += ["", "**Gambar:**"]
            for g in v.images:
                status = "" if g.exists else " — ❌ berkas tidak ada"
                alt = _md_inline(g.alt) if g.alt else "❌ tanpa teks alternatif"
                lines.append(f"- {_md_inline(g.path)}: {alt}{status}")
        else:
            lines += ["", "**Gambar:** tidak ada"]
        if v.warnings:
            lines += ["", "**Temuan pemeriksaan:**"]
            lines += [f"- {f.level} {f.code}: {_md_inline(f.message)}" for f in v.warnings]
        for p in v.platforms:
            fence = _fence(p.text)
            lines += [
                "",
                f"<details><summary>{html.escape(p.name)}: {p.length}/{p.limit or '-'} {p.unit}"
                f" (dari {html.escape(p.source)})</summary>",
                "",
                f"{fence}text",
                p.text,
                fence,
                "",
                "</details>",
            ]
    return "\n".join(lines) + "\n"


def render_text(views: list[PostView]) -> str:
    """Plain-text preview for the terminal."""
    if not views:
        return "Tidak ada konten untuk dipratinjau."
    lines: list[str] = []
    for v in views:
        lines += [f"== {v.title or v.post_id} ({v.post_id}, status {v.status})", f"   halaman: {v.site_link}"]
        for p in v.platforms:
            flag = "MELEBIHI BATAS" if p.over_limit else "ok"
            lines += [f"-- {p.name}: {p.length}/{p.limit or '-'} {p.unit} [{flag}] (dari {p.source})"]
            lines += ["   " + ln for ln in p.text.splitlines()]
        for g in v.images:
            lines.append(
                f"   gambar: {g.path} — alt: {g.alt or '(tidak ada)'}{'' if g.exists else ' (BERKAS TIDAK ADA)'}"
            )
        for f in v.warnings:
            lines.append(f"   {f.level} {f.code}: {f.message}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
