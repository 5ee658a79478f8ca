"""The scheduled reminder workflow: working days only, one ledger writer, secrets only in production."""

from __future__ import annotations

from typing import Any

import yaml

from helpers import REPO

PATH = REPO / ".github" / "workflows" / "ingatkan.yml"


def _load() -> dict[Any, Any]:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # PyYAML reads the key `on` as True
    return dict(data)


def _index(steps: list[dict[str, Any]], text: str) -> int:
    return next(i for i, s in enumerate(steps) if text in s.get("run", ""))


def test_runs_on_working_days_in_office_hours_and_shares_the_publish_queue() -> None:
    wf = _load()
    [cron] = [c["cron"] for c in wf["on"]["schedule"]]
    minute, hour, _dom, _month, weekday = cron.split()
    assert weekday == "1-5" and hour == "0-9"  # 07.xx-16.xx WIB is 00.xx-09.xx UTC
    assert "0" not in minute.split(",") and "15" not in minute.split(",")  # not on Terbitkan's quarter hours
    # The ledger branch has one writer at a time (buku-besar.sh): the same queue as Terbitkan.
    assert wf["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    assert wf["permissions"] == {}


def test_the_job_restores_the_ledger_sends_then_saves_record_and_ledger() -> None:
    job = _load()["jobs"]["ingatkan"]
    assert job["environment"] == "production"
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    steps = job["steps"]
    order = [_index(steps, t) for t in ("buku-besar.sh ambil", "jdih ingatkan", "simpan.sh", "buku-besar.sh simpan")]
    assert order == sorted(order)
    send = steps[_index(steps, "jdih ingatkan")]
    assert send["env"]["JDIH_FONNTE_TOKEN"] == "${{ secrets.JDIH_FONNTE_TOKEN }}"
    assert "git add -A -- catatan" in steps[_index(steps, "simpan.sh")]["run"]
    assert steps[_index(steps, "buku-besar.sh simpan")]["if"].startswith("${{ always()")
    checkout = steps[0]
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
