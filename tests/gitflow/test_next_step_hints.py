"""Every "next step" a workflow command prints is a command that works exactly as printed: the test runs it."""

from __future__ import annotations

import re
import shlex

from support.office import SLUG, Office, give_disposisi, write_draft

WHO = {"Kasubbag": "rahmat", "Staf": "siti", "Pengelola": "dwi"}  # role name as printed -> person of the office
HINT = re.compile(r"`(jdih [^`]+)` \(([^)]+)\)")


def _hints(output: str, label: str) -> list[tuple[str, str]]:
    """(command, person) of each hint on the line starting with ``label``."""
    line = next((x for x in output.splitlines() if x.startswith(label)), "")
    found = []
    for cmd, role in HINT.findall(line):
        person = next(p for name, p in WHO.items() if name in role)
        found.append((cmd, person))
    return found


def _run_hint(office: Office, cmd: str, who: str) -> str:
    args = shlex.split(cmd)
    assert args[0] == "jdih"
    repo = office[who].repo
    if "--pos" in args:  # the upload and announcement steps run on main, as the README says
        repo.git.checkout("main")
        repo.git.pull("--ff-only")
    r = office.run(who, *args[1:])
    assert r.exit_code == 0, f"{cmd} (as {who}) failed:\n{r.output}"
    return r.output


def test_each_printed_next_step_runs_as_printed_through_the_whole_cycle(office: Office) -> None:
    give_disposisi(office)
    out = office.run("siti", "buka", SLUG).output
    hints = _hints(out, "Setelah selesai:")
    assert [c for c, _ in hints] == [f"jdih draf 2026/{SLUG}"]
    out = _run_hint(office, *hints[0])
    ran = ["draf"]
    write_draft(office, "dwi", "Yuk kenali tahapan kampanye Pemilu menurut PKPU 8/2024! #JDIH")
    while True:
        hints = _hints(out, "Perintah berikutnya:")
        if not hints:
            break
        cmd, who = hints[0]  # the SOP's main path: the first move offered
        ran.append(shlex.split(cmd)[1])
        out = _run_hint(office, cmd, who)
    assert ran == ["draf", "ajukan", "sunting", "setujui", "terbitkan", "umumkan"][: len(ran)]
    assert ran[:4] == ["draf", "ajukan", "sunting", "setujui"]
    assert "terbitkan" in ran, ran  # the hint after the approval is a working upload command


def test_the_rework_hint_after_tolak_runs_as_printed(office: Office) -> None:
    give_disposisi(office)
    assert office.run("siti", "draf", SLUG).exit_code == 0
    write_draft(office, "dwi", "Draf pertama #JDIH")
    assert office.run("dwi", "ajukan").exit_code == 0
    assert office.run("siti", "sunting", SLUG).exit_code == 0
    out = office.run("rahmat", "tolak", SLUG, "--catatan", "Judul kurang jelas").output
    hints = _hints(out, "Perintah berikutnya:")
    assert [c for c, _ in hints] == [f"jdih ajukan 2026/{SLUG}"]
    _run_hint(office, *hints[0])
