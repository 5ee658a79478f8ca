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


# -- GET /repos/{o}/{r}/activity: who pushed to a branch ------------------------------------------------------

def _activity(n: int, kind: str = "push", login: str | None = "siti-kpukotim") -> dict[str, object]:
    return {"id": n, "node_id": f"RA_{n}", "before": f"{n - 1:040x}", "after": f"{n:040x}",
            "ref": "refs/heads/cms/konten/2026/x/index", "timestamp": f"2026-11-23T01:{n:02d}:00Z",
            "activity_type": kind, "actor": {"login": login, "id": 4004, "type": "User"} if login else None}


def test_branch_pushes_follow_the_cursor_links_and_keep_pushes_only() -> None:
    seen: list[httpx.Request] = []
    pages = {None: [_activity(1, "branch_creation"), _activity(2)], "c2": [_activity(3, "force_push")],
             "c3": [_activity(4, "pr_merge"), _activity(5, login=None), {"activity_type": "push"}, "x"]}

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        cursor = req.url.params.get("after")
        following = {None: "c2", "c2": "c3"}.get(cursor)
        link = {"link": f'<{API}/repos/o/r/activity?ref=refs%2Fheads%2Fx&direction=asc&after={following}>; '
                        'rel="next"'} if following else {}
        return httpx.Response(200, json=pages[cursor], headers=link)

    pushes = client(handler).branch_pushes("cms/konten/2026/x/index")
    assert pushes is not None
    assert [(p.login, p.after[-1], p.forced) for p in pushes] == [
        ("siti-kpukotim", "2", False), ("siti-kpukotim", "3", True), (None, "5", False)]
    first = seen[0].url.params
    assert first["ref"] == "refs/heads/cms/konten/2026/x/index" and first["direction"] == "asc"
    assert first["per_page"] == "100" and "activity_type" not in first  # force pushes (Decap's saves) too
    assert [r.url.params.get("after") for r in seen] == [None, "c2", "c3"]
    assert seen[0].url.path == "/repos/o/r/activity" and seen[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_activities_passes_a_full_ref_and_a_type_filter_through() -> None:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json=[])

    assert client(handler).activities("refs/heads/main", "push") == []
    assert seen[0].url.params["ref"] == "refs/heads/main" and seen[0].url.params["activity_type"] == "push"


@pytest.mark.parametrize("status", [404, 403])
def test_branch_pushes_is_none_where_github_has_no_activity_list(status: int) -> None:
    """GitHub Enterprise Server versions without the endpoint (404), a token that may not read it (403)."""
    def handler(req: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"message": "Not Found"})

    assert client(handler).branch_pushes("x") is None


@pytest.mark.parametrize(("status", "headers", "error"), [
    (401, {}, GitHubAuthError),
    (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "0"}, GitHubRateLimited),
    (500, {}, GitHubError),
    (422, {}, GitHubError),
])
def test_branch_pushes_raises_what_is_not_unavailability(status: int, headers: dict[str, str],
                                                          error: type[GitHubError]) -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"message": "nope"}, headers=headers)

    with pytest.raises(error) as info:
        client(handler).branch_pushes("x")
    assert TOKEN not in info.value.message
