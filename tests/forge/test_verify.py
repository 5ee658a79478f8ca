"""The PR comment names every change outside content/ for the Kasubbag (issue 12), read from
GitHub's list of the PR's files, against the GitHub fake on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakes.github import REPO, TOKEN
from fakes.github_merges import FakeGitHubWithFiles
from jdih.forge.client import GitHubClient
from jdih.forge.comment import upsert_preview


@pytest.fixture
def fake() -> Iterator[FakeGitHubWithFiles]:
    with FakeGitHubWithFiles() as server:
        yield server


@pytest.fixture
def client(fake: FakeGitHubWithFiles) -> Iterator[GitHubClient]:
    with httpx.Client(timeout=5) as http:
        yield GitHubClient(http, REPO, TOKEN, api_url=fake.url)


def _body(fake: FakeGitHubWithFiles) -> str:
    (comment,) = fake.comments[7]
    return str(comment["body"])


def test_pr_touching_scripts_and_sop_is_named_in_the_comment(fake, client):
    fake.files[7] = [{"filename": f"content/2026/a/{i}.jpg", "status": "added"} for i in range(120)] + [
        {"filename": "scripts/jdih/redact.py", "status": "modified"},
        {"filename": "sop/peran.yml", "status": "modified"},
        {"filename": ".github/workflows/liar.yml", "status": "renamed", "previous_filename": ".github/x.yml"},
    ]
    upsert_preview(client, 7, "## Pratinjau\n")
    body = _body(fake)
    assert "### ⚠️ Perubahan di luar konten: wajib ditinjau Kasubbag" in body
    assert body.endswith(
        "- `.github/workflows/liar.yml` (alur kerja GitHub Actions / CODEOWNERS)\n"
        "- `.github/x.yml` (alur kerja GitHub Actions / CODEOWNERS)\n"
        "- `scripts/jdih/redact.py` (kode program)\n"
        "- `sop/peran.yml` (SOP (alur, peran, platform))\n")
    assert any("files?per_page=100&page=2" in p for _, p, _ in fake.requests)  # paged to the end


def test_content_only_pr_has_no_review_section(fake, client):
    fake.files[7] = [{"filename": "content/2026/a/index.md", "status": "modified"}]
    upsert_preview(client, 7, "## Pratinjau\n")
    assert "luar konten" not in _body(fake)


def test_unreadable_file_list_says_so_instead_of_staying_silent(fake, client):
    upsert_preview(client, 7, "## Pratinjau\n")  # no files registered: 404
    assert "Daftar berkas pull request ini tidak dapat dibaca dari GitHub" in _body(fake)
