"""GitHub REST client against httpx.MockTransport: headers, pagination, errors."""

from __future__ import annotations

import httpx
import pytest

from jdih.forge.client import GitHubClient, next_link
from jdih.forge.errors import GitHubAuthError, GitHubError, GitHubNotFound, GitHubRateLimited

TOKEN = "ghs_UNITTEST_SENTINEL"
API = "https://api.github.com"


def client(handler) -> GitHubClient:  # type: ignore[no-untyped-def]
    return GitHubClient(httpx.Client(transport=httpx.MockTransport(handler)), "o/r", TOKEN, API)


def test_link_header() -> None:
    h = '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'
    assert next_link(h) == "https://api.github.com/x?page=2"
    assert next_link('<https://api.github.com/x?page=1>; rel="prev"') is None
    assert next_link(None) is None


def test_headers_and_pagination() -> None:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        page = int(req.url.params.get("page", "1"))
        headers = (
            {"link": f'<{API}/repos/o/r/issues/3/timeline?per_page=100&page={page + 1}>; rel="next"'}
            if page < 3
            else {}
        )
        return httpx.Response(200, json=[{"event": "commented", "n": page}], headers=headers)

    items = client(handler).timeline(3)
    assert [i["n"] for i in items] == [1, 2, 3]
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert seen[0].headers["x-github-api-version"] == "2022-11-28"
    assert seen[0].headers["accept"] == "application/vnd.github+json"
    assert seen[0].url.params["per_page"] == "100"
    assert all(TOKEN not in str(r.url) for r in seen)


def test_link_to_another_host_is_refused() -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.host != "api.github.com":
            raise AssertionError("token sent to a foreign host")
        return httpx.Response(200, json=[], headers={"link": '<https://evil.invalid/steal>; rel="next"'})

    with pytest.raises(GitHubError, match="host lain"):
        client(handler).comments(1)


@pytest.mark.parametrize(
    ("status", "headers", "body", "exc", "text"),
    [
        (401, {}, {"message": "Bad credentials"}, GitHubAuthError, "token GitHub ditolak"),
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "0"},
            {"message": "API rate limit exceeded"},
            GitHubRateLimited,
            "batas permintaan",
        ),
        (429, {"retry-after": "7"}, {"message": "slow down"}, GitHubRateLimited, "batas permintaan"),
        (403, {}, {"message": "Resource not accessible by integration"}, GitHubAuthError, "tidak punya izin"),
        (404, {}, {"message": "Not Found"}, GitHubNotFound, "tidak ditemukan"),
        (422, {}, {"message": "Validation Failed"}, GitHubError, "menolak isi"),
        (502, {}, {"message": "Server Error"}, GitHubError, "GitHub gagal (502)"),
    ],
)
def test_errors_are_indonesian(status, headers, body, exc, text) -> None:  # type: ignore[no-untyped-def]
    c = client(lambda req: httpx.Response(status, json=body, headers=headers))
    with pytest.raises(exc) as info:
        c.create_comment(5, "hai")
    assert text in info.value.message
    assert TOKEN not in info.value.message
    if status == 429:
        assert info.value.retry_after == 7


def test_network_failures() -> None:
    def timeout(req: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=req)

    def refused(req: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=req)

    with pytest.raises(GitHubError, match="tepat waktu"):
        client(timeout).pull(1)
    with pytest.raises(GitHubError, match="tidak dapat terhubung"):
        client(refused).pull(1)


def test_bad_repo_name_and_sha() -> None:
    with pytest.raises(GitHubError):
        GitHubClient(httpx.Client(), "bukan repo", TOKEN)
    with pytest.raises(GitHubError, match="sha"):
        client(lambda r: httpx.Response(200, json=[])).pulls_for_commit("../../etc")
