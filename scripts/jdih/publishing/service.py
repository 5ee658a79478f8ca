"""``publish_all``: every post waiting for the upload step whose ``jadwal`` has come, to each of its
platforms, once.

Choose the posts, build one message per platform, deliver through :class:`jdih.delivery.Engine`
(the exactly-once ledger, retries, reconciliation and the run lock live there), then record the SOP
step: when every platform of a post is done, its ``tautan`` are written and the step's target
state is appended via :func:`jdih.workflow.apply_transition`. The step (source state, target
state, roles) comes from ``sop/alur.yml`` through the caller; nothing here names a state.

- Uploads before the create call are not "unknown": the adapter reports the create stage, and
  only then is ``mengirim`` written (``write_ahead=False``).
- A ``selesai`` record of an earlier run is a hint: the platform confirms the object by its id
  before its link is written (``confirm_done=True``); a person's link is checked against the
  platform's URL shape (``tautan`` in sop/platform.yml).
- The post's ledger records are forgotten by the next run that reads the post past the step's
  source state (so a front matter that never reached main cannot cause a resend).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import delivery
from .. import ledger as ledger_record
from ..channels.base import Channel, Outgoing
from ..errors import ChannelError, ConfigError, JdihError
from ..ledger import Ledger
from ..links import post_url
from ..post import Post, load_posts, read_post
from ..project import Project
from ..redact import scrub
from ..sop_model import Transition
from . import caption, images
from .records import check_ledger, ledger_for, normalize_post_ref, resolve_hint
from .requested import check_requested

IMAGE_CACHE = "gambar"

# Result statuses shown to the user: the engine's vocabulary, plus two for a dry run.
R_DONE = delivery.DONE
R_FAILED = delivery.FAILED
R_UNKNOWN = delivery.UNKNOWN
R_PLANNED = "akan-dikirim"
R_RECONCILE = "akan-dicocokkan"
FAILING = (R_FAILED, R_UNKNOWN)

ChannelsFactory = Callable[[str], Channel]
Sleep = Callable[[float], None]


@dataclass
class PlatformResult:
    """Outcome of one (post, platform) in this run."""

    post_id: str
    title: str
    platform: str
    status: str
    link: str | None = None
    reason: str | None = None
    hint: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class PublishReport:
    """What a run did (or, in a dry run, would do)."""

    now: datetime
    dry_run: bool
    results: list[PlatformResult] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)  # posts moved to the step's target state
    waiting: list[tuple[str, datetime]] = field(default_factory=list)  # (post, jadwal) not yet due
    problems: list[str] = field(default_factory=list)  # posts that could not be processed at all
    notes: list[str] = field(default_factory=list)  # informational (e.g. --pos of a post already published)

    @property
    def ok(self) -> bool:
        """True when no platform failed or is uncertain and no post was unusable."""
        return not self.problems and not any(r.status in FAILING for r in self.results)


def due_posts(
    posts: Iterable[Post], now: datetime, source: str, only: Iterable[str] | None = None
) -> tuple[list[Post], list[Post]]:
    """(due, waiting): posts in ``source`` whose ``jadwal`` has come / not yet."""
    wanted = {o.strip("/") for o in only} if only else None
    due: list[Post] = []
    waiting: list[Post] = []
    for post in posts:
        if post.status != source or (wanted is not None and post.id not in wanted and post.slug not in wanted):
            continue
        scheduled = post.schedule
        (waiting if scheduled is not None and scheduled > now else due).append(post)
    return due, waiting


def build_message(project: Project, post: Post, platform: str, *, write_images: bool) -> Outgoing:
    """The :class:`Outgoing` for one platform (caption fitted, images converted)."""
    spec = project.platforms.get(platform)
    if spec is None:
        raise ChannelError(f"platform '{platform}' tidak ada di sop/platform.yml", channel=platform, kind="gagal")
    link = post_url(project.site_url, post.id)
    imgs = images.prepare(post, platform, project.state_dir / IMAGE_CACHE, project.site_url, write=write_images)
    try:
        text, with_link = caption.compose(post.caption(platform), link, spec, bool(imgs))
    except ChannelError as exc:
        # The fix is an edit of the post file: name it, so the pengelola knows where to go.
        where = display_path(project, post)
        line = post.line("teks", platform) if isinstance(post.meta.get("teks"), dict) else None
        exc.hint = (
            f"Isi `teks.{platform}` yang lebih pendek di {where}{f':{line}' if line else ''} "
            "(lewat pull request), atau hapus platform ini dari daftar `platform`."
        )
        raise
    extra = {
        "tautan_disertakan": with_link,
        "panjang": caption.length(text, spec),
        "batas": caption.limit(spec, bool(imgs)),
    }
    return Outgoing(post.id, platform, text, imgs, link, post.title, extra)


def display_path(project: Project, post: Post) -> str:
    """The post file relative to the project root (what a user opens in an editor)."""
    try:
        return post.path.relative_to(project.root).as_posix()
    except ValueError:
        return str(post.path)


def link_checker(project: Project) -> Callable[[str, str], bool]:
    """``(platform, url) -> bool``: the platform's URL shape from sop/platform.yml."""

    def ok(platform: str, url: str) -> bool:
        spec = project.platforms.get(platform)
        return spec is not None and spec.link_ok(url)

    return ok


class _Run:
    """One publishing run (holds the injected collaborators)."""

    def __init__(self, project: Project, factory: ChannelsFactory, now: datetime, step: Transition,
                 engine: delivery.Engine) -> None:
        self.project = project
        self.factory = factory
        self.now = now
        self.step = step
        self.engine = engine
        self.ledger: Ledger = engine.ledger
        self._channels: dict[str, Channel] = {}

    def channel(self, platform: str) -> Channel:
        if platform not in self._channels:
            self._channels[platform] = self.factory(platform)
        return self._channels[platform]

    def result(self, post: Post, platform: str, outcome: delivery.Outcome) -> PlatformResult:
        if outcome.status == delivery.DONE and outcome.delivery is not None:
            return PlatformResult(post.id, post.title, platform, R_DONE, link=outcome.delivery.url)
        exc = outcome.error or ChannelError(f"{platform}: gagal", channel=platform)
        status = R_UNKNOWN if outcome.status == delivery.UNKNOWN else R_FAILED
        hint = exc.hint
        if status == R_UNKNOWN and (hint is None or "<pos>" in hint):
            hint = resolve_hint(self.step.command, post.id, platform)
        elif status == R_FAILED and hint is None and exc.retryable:
            hint = f"Belum ada yang terkirim ke {platform}; jalankan ulang `jdih {self.step.command}` beberapa " \
                    "saat lagi."
        return PlatformResult(post.id, post.title, platform, status, reason=scrub(exc.message),
                              hint=scrub(hint) if hint else None)

    def publish_post(self, post: Post, dry_run: bool) -> list[PlatformResult]:
        results = []
        for platform in post.platforms:
            try:
                msg = build_message(self.project, post, platform, write_images=not dry_run)
                channel = self.channel(platform)
            except JdihError as exc:
                results.append(PlatformResult(post.id, post.title, platform, R_FAILED, reason=scrub(exc.message),
                                              hint=scrub(exc.hint) if exc.hint else None))
                continue
            if dry_run:
                results.append(self._planned(post, platform, msg))
                continue
            results.append(self.result(post, platform, self.engine.deliver([post.id], msg, channel)))
        return results

    def _planned(self, post: Post, platform: str, msg: Outgoing) -> PlatformResult:
        entry = self.ledger.get(post.id, platform)
        unsettled = (ledger_record.DONE, ledger_record.SENDING, ledger_record.UNKNOWN)
        status = R_RECONCILE if entry.status in unsettled else R_PLANNED
        return PlatformResult(
            post.id, post.title, platform, status,
            detail={
                "teks": msg.text,
                "gambar": [i.path.name for i in msg.images],
                "tautan_disertakan": msg.extra.get("tautan_disertakan"),
                "panjang": msg.extra.get("panjang"),
                "batas": msg.extra.get("batas"),
                "kunci": msg.key,
            },
        )

    def finalize(self, post: Post, results: list[PlatformResult], actor: str) -> bool:
        """Write ``tautan`` and the step's target state once every platform is done."""
        if not post.platforms or any(r.status != R_DONE for r in results):
            return False
        fresh = read_post(post.path, self.project.content_dir)
        if fresh.status != self.step.source:
            return False
        meta = dict(fresh.meta)
        links = dict(fresh.links)
        for r in results:
            if r.link:
                links[r.platform] = r.link
        meta["tautan"] = links
        delivery.record_delivered_step(self.project, post.path, meta, fresh.body, self.step, actor, self.now)
        # The ledger records are forgotten by the *next* run, once the post it reads is past the
        # source state (see _forget_stale). In CI the front matter reaches main by a later push
        # that may fail; until it has landed, the `selesai` records are what prevents a resend.
        return True


def publish_all(
    project: Project,
    channels_factory: ChannelsFactory,
    now: datetime,
    dry_run: bool = False,
    only: Iterable[str] | None = None,
    *,
    step: Transition | None = None,
    actor: str | None = None,
    sleep: Sleep = time.sleep,
    max_attempts: int = 4,
    backoff: float = 2.0,
    max_wait: float = 120.0,
    lock_wait: float = 600.0,
    verify: Callable[[list[Post]], list[Any]] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> PublishReport:
    """Publish every due post of ``step`` (by default the SOP's publishing transition; see module
    docstring). ``oleh`` = the person recorded in ``riwayat`` (refused unless their role may make
    ``step``); ``dry_run`` sends and writes nothing (it still reads the ledger). A real run holds
    the delivery lock from reading the posts to the end. ``verify`` (``jdih.gitflow.approval_git.
    approval_gate``) returns one ``jdih.approval.Verdict`` per due post: a post whose approval is not
    verified is not published, and the report says why."""
    if now.tzinfo is None:
        raise ConfigError("waktu 'sekarang' harus memiliki zona waktu")
    if not actor:
        raise ConfigError("pengunggah belum ditentukan", hint="Atur identitas git (git config user.email) atau "
                          "JDIH_PENGUNGGAH=<id di sop/peran.yml>.")
    step = step or project.sop.upload
    delivery.check_actor(project.sop, project.people, step, actor)
    policy = delivery.RetryPolicy.doubling(max_attempts, backoff, max_wait)
    ledger = ledger_for(project, step)
    engine = delivery.Engine(ledger, now, sleep, policy, write_ahead=False, confirm_done=True,
                             link_ok=link_checker(project))
    run = _Run(project, channels_factory, now, step, engine)
    if dry_run:
        check_ledger(project, step)
        return _publish(run, only, actor, dry_run=True, verify=verify)
    with delivery.run_lock(project.state_dir, wait=lock_wait, on_wait=on_wait):
        check_ledger(project, step)
        return _publish(run, only, actor, dry_run=False, verify=verify)


def _publish(run: _Run, only: Iterable[str] | None, actor: str, *, dry_run: bool,
             verify: Callable[[list[Post]], list[Any]] | None = None) -> PublishReport:
    project, step = run.project, run.step
    report = PublishReport(now=run.now, dry_run=dry_run)
    posts, errors = load_posts(project.content_dir)
    report.problems.extend(scrub(f"{e.location()}: {e.message}") for e in errors if only is None)
    if only is not None:
        only = list(dict.fromkeys(normalize_post_ref(o) for o in only))
        check_requested(project, step, posts, errors, only, report.problems, report.notes)
    due, waiting = due_posts(posts, run.now, step.source or "", only)
    report.waiting = [(p.id, p.schedule) for p in waiting if p.schedule is not None]
    if verify is not None and due:  # issue 12: an approval is a verified fact before anything is sent
        verdicts = verify(due)
        report.problems.extend(scrub(f"{p.id}: tidak diterbitkan: {v.reason}")
                               for p, v in zip(due, verdicts, strict=True) if not v.valid)
        due = [p for p, v in zip(due, verdicts, strict=True) if v.valid]
    if not dry_run:
        _forget_stale(run.ledger, posts, step)
    for post in due:
        if not post.platforms:
            report.problems.append(f"{post.id}: daftar `platform` kosong")
            continue
        results = run.publish_post(post, dry_run)
        report.results.extend(results)
        if not dry_run:
            try:
                if run.finalize(post, results, actor):
                    report.uploaded.append(post.id)
            except JdihError as exc:
                report.problems.append(scrub(f"{post.id}: tautan tidak dapat dicatat: {exc.message}"))
    return report


def _forget_stale(ledger: Ledger, posts: list[Post], step: Transition) -> None:
    """Drop records of posts already past the step's source state (a run died after writing the front matter)."""
    done = {p.id for p in posts if p.status and p.status != step.source}
    for post_id in {e.post_id for e in ledger.entries()} & done:
        ledger.forget(post_id)
