"""The one delivery engine: the OS run lock, the retry policy, a done record confirmed by the channel,
and a third caller (a personal reminder keyed by post, step and threshold) delivered exactly once."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import NOW, make_post, new_project
from jdih.announcing import announce_all, load_config
from jdih.channels.base import Delivery, Outgoing, ProgressFn
from jdih.channels.outbox import OutboxChannel
from jdih.delivery import (
    DONE,
    FAILED,
    UNKNOWN,
    Engine,
    RetryPolicy,
    ledger_for,
    run_lock,
    step_for,
)
from jdih.errors import ChannelError, UsageError
from jdih.ledger import DONE as RECORD_DONE
from jdih.post import read_post
from jdih.project import Project
from jdih.publishing import publish_all

HOLDER = """
import sys, time
from pathlib import Path
from jdih.delivery import run_lock
with run_lock(Path(sys.argv[1])):
    print("memegang", flush=True)
    time.sleep(60)
"""


def hold_lock(state_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(state_dir)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "memegang"
    return proc


def test_lock_is_exclusive_and_a_killed_holder_releases_it(tmp_path: Path) -> None:
    state = tmp_path / ".jdih"
    proc = hold_lock(state)
    waits: list[float] = []
    notices: list[str] = []
    with pytest.raises(UsageError, match="masih berjalan"), run_lock(
        state, wait=1.0, sleep=waits.append, poll=0.5, on_wait=lambda: notices.append("menunggu")
    ):
        pass
    assert waits == [0.5, 0.5]  # it waited for the other run before giving up
    assert notices == ["menunggu"]  # and said so once
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with run_lock(state, wait=0):  # the OS released the killed process's lock
        pass


def test_lock_refuses_a_state_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / ".jdih").mkdir()
    (tmp_path / ".jdih" / "buku-besar").write_text("x")
    with pytest.raises(Exception, match="seharusnya folder"), run_lock(tmp_path / ".jdih", wait=0):
        pass


def test_retry_policy_waits_only_for_what_created_nothing() -> None:
    policy = RetryPolicy.doubling(4, 2.0, 120.0)
    retry = ChannelError("x", channel="x", kind="ulang")
    assert [policy.wait_for(retry, n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, None]
    assert policy.wait_for(ChannelError("x", channel="x", kind="batas", retry_after=7), 1) == 7
    assert policy.wait_for(ChannelError("x", channel="x", kind="batas", retry_after=3600), 1) is None
    assert policy.wait_for(ChannelError("x", channel="x", kind="tidak-pasti"), 1) is None


class Handler:
    """A channel as an httpx-handler-like fake: it keeps what it created, by id."""

    name = "pribadi"

    def __init__(self) -> None:
        self.created: dict[str, str] = {}
        self.fail_next: ChannelError | None = None
        self.reconcile_error: ChannelError | None = None

    def send(self, message: Outgoing, progress: ProgressFn, state: dict[str, Any]) -> Delivery:
        if self.fail_next is not None:
            exc, self.fail_next = self.fail_next, None
            raise exc
        rid = str(len(self.created) + 1)
        self.created[rid] = message.text
        return Delivery(rid, f"https://pesan.test/{rid}")

    def reconcile(self, message: Outgoing, state: dict[str, Any]) -> Delivery | None:
        if self.reconcile_error is not None:
            raise self.reconcile_error
        rid = state.get("remote_id")
        if rid in self.created:
            return Delivery(str(rid), f"https://pesan.test/{rid}")
        return None


def engine(tmp_path: Path, **kw: Any) -> Engine:
    return Engine(ledger_for(tmp_path / ".jdih"), NOW, lambda _s: None, RetryPolicy(), **kw)


def test_a_reminder_is_one_more_caller_sent_once_per_post_step_threshold(tmp_path: Path) -> None:
    channel = Handler()
    key = "pengingat/2026/a/5/24j"
    msg = Outgoing(key, "pribadi", "Pengingat: konten 2026/a menunggu persetujuan.")
    first = engine(tmp_path).deliver([key], msg, channel)
    again = engine(tmp_path).deliver([key], msg, channel)
    assert first.status == again.status == DONE and again.earlier
    assert len(channel.created) == 1
    other = engine(tmp_path).deliver(["pengingat/2026/a/5/48j"], msg, channel)
    assert other.status == DONE and len(channel.created) == 2


def test_uncertain_send_is_never_repeated_blindly(tmp_path: Path) -> None:
    channel = Handler()
    channel.fail_next = ChannelError("putus", channel="pribadi", kind="tidak-pasti")
    msg = Outgoing("k", "pribadi", "teks")
    assert engine(tmp_path).deliver(["k"], msg, channel).status == UNKNOWN
    channel.reconcile_error = ChannelError("tidak tahu", channel="pribadi", kind="tidak-pasti")
    assert engine(tmp_path).deliver(["k"], msg, channel).status == UNKNOWN
    assert channel.created == {}
    channel.reconcile_error = None  # the channel now says surely not: sent once
    assert engine(tmp_path).deliver(["k"], msg, channel).status == DONE and len(channel.created) == 1


def test_definite_failure_is_retried_on_the_next_run(tmp_path: Path) -> None:
    channel = Handler()
    channel.fail_next = ChannelError("ditolak", channel="pribadi", kind="gagal")
    msg = Outgoing("k", "pribadi", "teks")
    assert engine(tmp_path).deliver(["k"], msg, channel).status == FAILED
    assert engine(tmp_path).deliver(["k"], msg, channel).status == DONE


@pytest.mark.parametrize(
    ("remote_id", "url", "why"),
    [
        ("999", "https://evil.example/x", "tidak menemukan pos dengan id 999"),
        (None, "https://evil.example/x", "tidak menyebut id"),
        ("manual", "https://evil.example/x", "bukan alamat pos"),
    ],
)
def test_a_planted_done_record_is_not_trusted(tmp_path: Path, remote_id: str | None, url: str, why: str) -> None:
    channel = Handler()
    e = engine(tmp_path, confirm_done=True, link_ok=lambda _c, u: u.startswith("https://pesan.test/"))
    e.ledger.update("k", "pribadi", NOW, status=RECORD_DONE, remote_id=remote_id, url=url)
    out = e.deliver(["k"], Outgoing("k", "pribadi", "teks"), channel)
    assert out.status == UNKNOWN and out.delivery is None
    assert out.error is not None and why in out.error.message
    assert channel.created == {}  # nothing sent: a person decides


def test_a_done_record_gets_the_platforms_own_link(tmp_path: Path) -> None:
    channel = Handler()
    channel.created["1"] = "teks"
    e = engine(tmp_path, confirm_done=True)
    e.ledger.update("k", "pribadi", NOW, status=RECORD_DONE, remote_id="1", url="https://evil.example/x")
    out = e.deliver(["k"], Outgoing("k", "pribadi", "teks"), channel)
    assert out.status == DONE and out.delivery is not None and out.delivery.url == "https://pesan.test/1"
    assert e.ledger.get("k", "pribadi").url == "https://pesan.test/1"


def test_a_check_that_cannot_tell_is_uncertain(tmp_path: Path) -> None:
    channel = Handler()
    channel.reconcile_error = ChannelError("server mati", channel="pribadi", kind="ulang")
    e = engine(tmp_path, confirm_done=True)
    e.ledger.update("k", "pribadi", NOW, status=RECORD_DONE, remote_id="1", url="https://pesan.test/1")
    out = e.deliver(["k"], Outgoing("k", "pribadi", "teks"), channel)
    assert out.status == UNKNOWN and "tidak dapat memastikannya" in (out.error.message if out.error else "")


def test_renaming_states_and_roles_in_the_sop_is_the_only_change_needed(tmp_path: Path) -> None:
    """Issue 11: publishing and announcing spell no state, role or command: they take the step from
    sop/alur.yml. Rename the states and the role there (and in peran.yml) and both still work."""
    root = new_project(tmp_path / "p").root
    renames = {"disetujui": "siap-unggah", "diunggah": "tayang", "diumumkan": "tersiar", "pengelola": "admin"}
    for name in ("alur.yml", "peran.yml"):
        path = root / "sop" / name
        text = path.read_text(encoding="utf-8")
        for old, new in renames.items():
            text = re.sub(rf"(?<![\w-]){old}(?![\w-])", new, text)
        path.write_text(text, encoding="utf-8")
    project = Project(root)
    assert "disetujui" not in project.sop.states and "admin" in project.sop.roles
    post = make_post(project, "satu", status="siap-unggah", platform=["x"], image=False)
    outbox = project.state_dir / "kotak-keluar"
    report = publish_all(project, lambda p: OutboxChannel(p, outbox), NOW, step=step_for(project.sop, "terbitkan"),
                         actor="dwi", sleep=lambda _s: None)
    assert report.ok and report.uploaded == ["2026/satu"], report
    assert read_post(post).status == "tayang"
    channel = Handler()
    channel.name = "wa-fonnte"
    config = dataclasses.replace(load_config(root / "sop"), channel="wa-fonnte", announcer=None)
    later = NOW.replace(hour=11)
    done = announce_all(project, {"wa-fonnte": channel}, later, step=step_for(project.sop, "umumkan"), config=config,
                        actor="rizky", sleep=lambda _s: None)
    assert done.ok and [r.outcome for r in done.results] == ["terkirim"]
    last = read_post(post).history[-1]
    assert (last.status, last.actor) == ("tersiar", "rizky") and len(channel.created) == 1
    # A person without the renamed role is still refused.
    make_post(project, "dua", status="tayang", platform=["x"], image=False)
    with pytest.raises(Exception, match="bukan Pelaksana/Pengelola JDIH"):
        announce_all(project, {"wa-fonnte": channel}, later, step=step_for(project.sop, "umumkan"), config=config,
                     actor="siti", sleep=lambda _s: None)
