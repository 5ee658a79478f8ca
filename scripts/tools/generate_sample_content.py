# ruff: noqa: E501
"""Regenerate the sample posts in ``content/`` deterministically.

The sample posts are the site's first content and the fixtures several checks and reports are
tried on. The posts themselves are data, in ``sample_content.yml`` beside this script; this script
turns them into post folders. Every history entry is made through
:func:`jdih.workflow.apply_transition`, so each step is one the SOP allows, by a person holding the
right role, at strictly increasing times. Step durations are given in office working minutes and
turned into timestamps with the office calendar, so they land in office hours (WIB) and skip
weekends and public holidays.

Usage (from the repository root)::

    .venv/bin/python scripts/tools/generate_sample_content.py [--root .] [--bersihkan]

``--bersihkan`` first removes the sample posts this script owns (only their folders).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from PIL import Image, ImageDraw, ImageFont

from jdih.links import post_url
from jdih.post import load_posts, write_post
from jdih.project import Project, read_site_url
from jdih.workflow import apply_transition

DATA_FILE = Path(__file__).with_name("sample_content.yml")
WIB = ZoneInfo("Asia/Jakarta")
FOOTER = "JDIH KPU Kab. Kotawaringin Timur"
ACCOUNT = "jdihkpukotim"
# Nothing in the sample history may be newer than this (the samples must read as past events).
LATEST = datetime(2026, 11, 21, 0, 0, tzinfo=WIB)

RED = (179, 0, 27)
DARK_RED = (122, 0, 18)
INK = (34, 34, 34)
GREY = (110, 110, 110)
PALE = (250, 236, 238)


# ---------------------------------------------------------------------------------------------
# the samples, read from sample_content.yml


@dataclass
class Infographic:
    """One generated infographic."""

    file: str
    alt: str
    title: str
    points: list[str]
    label: str = ""
    source: str = ""
    size: tuple[int, int] = (1080, 1350)


@dataclass
class Step:
    """One SOP step: the state entered, who, and either working minutes after the previous step or a time."""

    state: str
    actor: str
    after: float | datetime
    note: str | None = None


@dataclass
class Sample:
    """A sample post."""

    year: int
    slug: str
    title: str
    category: str
    platforms: list[str]
    started_at: datetime  # time of the disposisi
    disposisi_actor: str
    disposisi_note: str
    steps: list[Step]
    body: str
    short: str = ""  # short caption for X, Threads, Bluesky, Mastodon
    series: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Infographic] = field(default_factory=list)
    legal_document: dict[str, Any] | None = None
    schedule: datetime | None = None
    texts: dict[str, str] = field(default_factory=dict)  # explicit overrides beyond the derived ones
    received_before: float | None = None  # minutes between receiving the request and the disposisi (step 1)


def wib(text: str) -> datetime:
    """A WIB datetime from ``YYYY-MM-DD HH:MM[:SS]``."""
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def legal_document(kind: str, number: str, year: int, title: str) -> dict[str, Any]:
    """JDIHN metadata of a legal product (front matter ``dokumen_hukum``), with a jdih.kpu.go.id style link."""
    kind_slug = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
    number_slug = re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")
    return {
        "jenis": kind,
        "nomor": number,
        "tahun": year,
        "judul": title,
        "tautan": f"https://jdih.kpu.go.id/peraturan/{kind_slug}-nomor-{number_slug}-tahun-{year}",
    }


def straight_path(data: dict[str, Any], path: dict[str, Any]) -> list[Step]:
    """The straight path disposisi → ... → ``until``: ``path_defaults`` overridden by the sample's ``path``."""
    p = {**data["path_defaults"], **path}
    notes = {**data["path_defaults"]["notes"], **path.get("notes", {})}
    who = {"staff": p["staff"], "manager": p["manager"], "editor": p.get("editor", p["staff"]),
           "kasubbag": data["kasubbag"]}
    out = []
    for (state, slot), minutes in zip(data["straight_path"], p["minutes"], strict=True):
        out.append(Step(state, who[slot], minutes, notes.get(state)))
        if state == p["until"]:
            break
    return out


def _step(row: list[Any]) -> Step:
    state, actor, after, *note = row
    return Step(state, actor, after if isinstance(after, int | float) else wib(after), *note)


def _infographic(entry: dict[str, Any]) -> Infographic:
    if "size" in entry:
        entry["size"] = tuple(entry["size"])
    return Infographic(**entry)


def load_samples(path: Path = DATA_FILE) -> list[Sample]:
    """The samples of ``sample_content.yml``, their history steps and legal documents resolved."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    samples = []
    for entry in data["samples"]:
        steps = straight_path(data, entry.pop("path")) if "path" in entry else []
        steps += [_step(row) for row in entry.pop("steps", [])]
        doc = entry.pop("legal_document", None)
        schedule = entry.pop("schedule", None)
        samples.append(Sample(
            **{k: v for k, v in entry.items() if k not in ("disposisi", "images")},
            started_at=wib(entry["disposisi"]),
            disposisi_actor=data["kasubbag"],
            disposisi_note=data["disposisi_note"].format(title=entry["title"]),
            steps=steps,
            images=[_infographic(e) for e in entry.get("images", [])],
            legal_document=legal_document(**data["legal_documents"][doc]) if doc else None,
            schedule=wib(schedule) if schedule else None,
        ))
    return samples


SAMPLES: list[Sample] = load_samples()



# ---------------------------------------------------------------------------------------------
# images


def _font_file(bold: bool) -> str | None:
    names = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"] if bold else ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation",
                   "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"):
        for n in names:
            p = Path(folder) / n
            if p.is_file():
                return str(p)
    return None


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font (DejaVu/Liberation) or Pillow's scalable default font."""
    path = _font_file(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt: Any, width: int) -> list[str]:
    """Greedy word wrap to a pixel width."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if draw.textlength(trial, font=fnt) <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def draw_infographic(g: Infographic, path: Path) -> None:
    """A simple red/white infographic: title band, points, source line and office footer.

    The text is laid out at the largest scale that fits, so square cards and tall slides share one design.
    """
    for scale in (1.0, 0.9, 0.8, 0.72, 0.64):
        img = _layout(g, scale)
        if img is not None:
            img.save(path, "JPEG", quality=85, optimize=True)
            return
    raise SystemExit(f"teks infografis terlalu panjang: {path}")


def _layout(g: Infographic, scale: float) -> Image.Image | None:
    w, h = g.size
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)

    def px(v: float) -> int:
        return round(v * scale)

    margin = 80
    f_label, f_title = font(34, bold=True), font(px(66), bold=True)
    f_point, f_small, f_foot = font(px(42)), font(28), font(34, bold=True)
    title_lines = wrap(d, g.title, f_title, w - 2 * margin)
    band = 150 + len(title_lines) * px(80) + 50
    d.rectangle((0, 0, w, band), fill=RED)
    d.rectangle((0, band, w, band + 14), fill=DARK_RED)
    y = 70
    if g.label:
        tw = d.textlength(g.label, font=f_label)
        d.rounded_rectangle((margin - 16, y - 10, margin + tw + 16, y + 48), radius=24, fill="white")
        d.text((margin, y), g.label, font=f_label, fill=RED)
    y = 150
    for line in title_lines:
        d.text((margin, y), line, font=f_title, fill="white")
        y += px(80)
    footer_h = 110
    y = band + px(70)
    for point in g.points:
        lines = wrap(d, point, f_point, w - 2 * margin - 70)
        box_h = len(lines) * px(56) + px(40)
        d.rounded_rectangle((margin - 20, y - px(20), w - margin + 20, y - px(20) + box_h), radius=22, fill=PALE)
        d.ellipse((margin, y + px(8), margin + px(28), y + px(36)), fill=RED)
        for i, line in enumerate(lines):
            d.text((margin + 60, y + i * px(56)), line, font=f_point, fill=INK)
        y += box_h + px(28)
    if y > h - footer_h - (70 if g.source else 20):
        return None
    if g.source:
        d.text((margin, h - footer_h - 55), g.source, font=f_small, fill=GREY)
    d.rectangle((0, h - footer_h, w, h), fill=DARK_RED)
    fw = d.textlength(FOOTER, font=f_foot)
    d.text(((w - fw) / 2, h - footer_h + 36), FOOTER, font=f_foot, fill="white")
    return img


# ---------------------------------------------------------------------------------------------
# links (deterministic, shaped like each platform's real ones)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TID = "234567abcdefghijklmnopqrstuvwxyz"


def _h(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def _code(seed: int, n: int = 11) -> str:
    out = ""
    for _ in range(n):
        seed, r = divmod(seed, 64)
        out += _B64[r]
    return out


def platform_link(platform: str, slug: str, at: datetime, telegram_no: int) -> str:
    """A realistic public URL for the post on ``platform``, derived from the slug and upload time."""
    ms = int(at.timestamp() * 1000)
    h = _h(platform, slug)
    if platform == "instagram":
        return f"https://www.instagram.com/p/{_code(h)}/"
    if platform == "facebook":
        return f"https://www.facebook.com/{ACCOUNT}/posts/1221{h % 10**14:014d}"
    if platform == "x":
        return f"https://x.com/{ACCOUNT}/status/{((ms - 1288834974657) << 22) | (h & 0x3FFFFF)}"
    if platform == "threads":
        return f"https://www.threads.net/@{ACCOUNT}/post/{_code(h)}"
    if platform == "bluesky":
        tid_int = ((ms * 1000) << 10) | (h & 0x3FF)
        tid = "".join(_TID[(tid_int >> (5 * i)) & 31] for i in range(12, -1, -1))
        return f"https://bsky.app/profile/{ACCOUNT}.bsky.social/post/{tid}"
    if platform == "mastodon":
        return f"https://mastodon.social/@{ACCOUNT}/{(ms << 16) | (h & 0xFFFF)}"
    if platform == "telegram":
        return f"https://t.me/{ACCOUNT}/{telegram_no}"
    raise ValueError(platform)


# ---------------------------------------------------------------------------------------------
# building


SHORT_PLATFORMS = ("x", "threads", "bluesky", "mastodon")


def overrides(c: Sample, page: str) -> dict[str, str]:
    """Per-platform captions: the short one (with the post page link) where the body is too long."""
    texts = dict(c.texts)
    if c.short:
        tags = " ".join(t for t in c.body.split()[-5:] if t.startswith("#"))
        first_tag = tags.split()[0] if tags else ""
        short = f"{c.short} Selengkapnya: {page}"
        for p in SHORT_PLATFORMS:
            if p in c.platforms and p not in texts:
                texts[p] = f"{short} {first_tag}".strip() if p != "bluesky" else short
    return texts


def build(project: Project, c: Sample, telegram_counter: list[int]) -> None:
    """Write one sample post (folder, images, index.md)."""
    sop, people, cal = project.sop, project.people, project.calendar
    folder = project.content_dir / str(c.year) / c.slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    if not cal.is_working_day(c.started_at.date()):
        raise SystemExit(f"{c.slug}: disposisi bukan pada hari kerja")
    meta: dict[str, Any] = {}
    extra = {"mulai": c.started_at - timedelta(minutes=c.received_before)} if c.received_before else None
    meta = apply_transition(sop, people, meta, sop.initial_state, c.disposisi_actor, c.started_at, c.disposisi_note,
                            extra)
    t = c.started_at
    uploaded: datetime | None = None
    for step in c.steps:
        if isinstance(step.after, datetime):
            t = step.after
        else:
            t = cal.add_working_minutes(t, step.after).replace(second=0, microsecond=0)
            if step.after and not cal.working_minutes(t, t + timedelta(minutes=1)):
                # landed exactly on the end of a working block: keep the stamp inside office hours
                t = t - timedelta(minutes=1)
        meta = apply_transition(sop, people, meta, step.state, step.actor, t, step.note)
        if step.state == sop.upload.target:
            uploaded = t
    if t >= LATEST:
        raise SystemExit(f"{c.slug}: riwayat melewati batas {LATEST.isoformat()}")

    page = post_url(read_site_url(project.root / "mkdocs.yml"), f"{c.year}/{c.slug}")
    meta.update({"judul": c.title, "kategori": c.category, "platform": list(c.platforms)})
    if c.series:
        meta["seri"] = c.series
    if c.schedule:
        meta["jadwal"] = c.schedule
    if c.tags:
        meta["tag"] = list(c.tags)
    if c.images:
        for g in c.images:
            draw_infographic(g, folder / g.file)
        meta["media"] = [{"berkas": g.file, "alt": g.alt} for g in c.images]
    if c.legal_document:
        meta["dokumen_hukum"] = dict(c.legal_document)
    texts = overrides(c, page)
    if texts:
        meta["teks"] = texts
    if uploaded is not None:
        links = {}
        for p in c.platforms:
            if p == "telegram":
                telegram_counter[0] += 1
            links[p] = platform_link(p, c.slug, uploaded, telegram_counter[0])
        meta["tautan"] = links
    write_post(folder / "index.md", meta, c.body.strip() + "\n")
    (folder / "index.md").chmod(0o644)  # atomic_write's temp file is 0600; content files are public


def verify(project: Project) -> list[str]:
    """Re-read the written posts and check what this script promises (limits, sizes, coverage)."""
    from twitter_text import parse_tweet

    problems: list[str] = []
    posts, errors = load_posts(project.content_dir)
    problems += [str(e) for e in errors]
    ours = {f"{c.year}/{c.slug}" for c in SAMPLES}
    posts = [p for p in posts if p.id in ours]
    total = 0
    for p in posts:
        words = len(p.body.split())
        if not 80 <= words <= 250:
            problems.append(f"{p.id}: isi {words} kata (harus 80-250)")
        if len(re.findall(r"(?<!\w)#\w+", p.body)) > 5:
            problems.append(f"{p.id}: lebih dari 5 tagar")
        for plat in p.platforms:
            text = p.caption(plat)
            n = {
                "x": lambda s: parse_tweet(s).weightedLength,
                "mastodon": lambda s: len(re.sub(r"https?://\S+", "x" * 23, s)),
                "threads": lambda s: len(s.encode("utf-16-le")) // 2,
            }.get(plat, len)(text)
            limit = {"x": 280, "threads": 500, "bluesky": 300, "mastodon": 500, "instagram": 2200,
                     "telegram": 1024 if p.media else 4096}.get(plat)
            if limit and n > limit:
                problems.append(f"{p.id}: teks {plat} {n} > {limit}")
        if "instagram" in p.platforms and not p.media:
            problems.append(f"{p.id}: instagram tanpa gambar")
        for m in p.media:
            f = p.media_path(m)
            size = f.stat().st_size
            total += size
            if size > 300_000:
                problems.append(f"{p.id}: {m.path} {size} byte")
        if project.sop.is_published(p.status) and set(p.links) != set(p.platforms):
            problems.append(f"{p.id}: tautan tidak lengkap")
    covered = {p.status for p in posts}
    missing = set(project.sop.states) - covered
    if missing:
        problems.append(f"status belum tercakup: {sorted(missing)}")
    if total > 5_000_000:
        problems.append(f"total gambar {total} byte")
    print(f"{len(posts)} contoh, gambar total {total / 1e6:.2f} MB")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description="Membuat ulang contoh konten di content/.")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--bersihkan", action="store_true", help="hapus dulu folder contoh milik skrip ini")
    args = ap.parse_args(argv)
    project = Project(args.root.resolve())
    if args.bersihkan:
        for c in SAMPLES:
            shutil.rmtree(project.content_dir / str(c.year) / c.slug, ignore_errors=True)
    counter = [111]
    # Telegram message numbers grow with upload time, so build in chronological order.
    for c in sorted(SAMPLES, key=lambda c: c.started_at):
        build(project, c, counter)
    problems = verify(project)
    for pr in problems:
        print("MASALAH:", pr, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
