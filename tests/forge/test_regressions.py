"""QA regressions of `jdih github ...` (what a maintainer sees when a workflow step is miswired)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jdih.cli import cli


def test_pr_number_that_is_not_a_number_is_explained_in_indonesian(project) -> None:
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "komentar", "--pr", "abc"])
    assert r.exit_code == 2, r.output
    assert "'abc' bukan nomor pull request" in r.output
    assert "integer" not in r.output


def test_broken_event_file_names_file_and_line(project, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text('{\n  "action": "closed",\n  "pull_request": {\n', encoding="utf-8")
    r = CliRunner().invoke(cli, ["--proyek", str(project.root), "github", "catat-merge", "--event", str(event)])
    assert r.exit_code == 1, r.output
    assert f"{event}:4: berkas event bukan JSON yang sah" in r.output
    assert "JSONDecodeError" not in r.output
