"""The GitHub fake's repository endpoints, the ones Decap CMS's GitHub backend calls (REST, editorial
workflow), over a real bare repository (:class:`~fakes.github_git.GitStore`).

Served (docs.github.com/rest): ``GET /user``, ``GET /users/{login}``, ``GET /repos/{o}/{r}`` (with the
caller's ``permissions``), ``GET /repos/{o}/{r}/collaborators/{login}/permission``,
``GET /branches/{branch}``, ``GET /git/trees/{rev:path|sha}[?recursive=1]``, ``GET|POST /git/blobs``,
``POST /git/trees``, ``POST /git/commits``, ``GET|POST /git/refs``, ``PATCH|DELETE /git/refs/heads/{b}``,
``GET /compare/{base}...{head}``, ``GET /commits?path=&sha=``, ``GET /commits/{sha}/status``,
``GET|POST /pulls`` (``head``/``base``/``state`` filters), ``PATCH /pulls/{n}``, ``GET /pulls/{n}/commits``,
``PUT /pulls/{n}/merge``, ``PUT /issues/{n}/labels`` and ``GET /search/issues`` (Decap's notes; none here).

Every branch update through these endpoints is also recorded as the repository activity GitHub lists
(``GET /repos/{o}/{r}/activity``, served by :class:`~fakes.github.FakeGitHub`): ``branch_creation``
(``POST /git/refs``), ``push`` or ``force_push`` (``PATCH /git/refs``, forced when not a fast-forward),
``branch_deletion`` and ``pr_merge`` (on the base branch), with the token's account as ``actor``.

Every change a pull request sees is recorded as the ``pull_request`` webhook GitHub would send
(``opened``, ``labeled``, ``unlabeled``, ``synchronize``, ``closed`` with ``merged``) and as the
issue-timeline events the forge mapping reads, each with its actor and time from the fake's clock.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from .github_git import GitStore, Identity, github_time

DOCS = "https://docs.github.com/rest"
Answer = tuple[int, Any, dict[str, str]]
BOT = {"login": "web-flow", "id": 19864447, "type": "User"}


def record_activity(activities: list[dict[str, Any]], ident: int, ref: str, before: str | None, after: str | None,
                    kind: str, actor: dict[str, Any] | None, at: datetime) -> dict[str, Any]:
    """Append one repository activity in GitHub's shape (docs.github.com/rest/repos/repos#list-repository-
    activities): ``id, node_id, before, after, ref, timestamp, activity_type, actor`` (a created branch's
    ``before`` and a deleted one's ``after`` are forty zeros)."""
    zero = "0" * 40
    item = {"id": ident, "node_id": f"RA_{ident}", "before": before or zero, "after": after or zero,
            "ref": ref if ref.startswith("refs/") else f"refs/heads/{ref}", "timestamp": github_time(at),
            "activity_type": kind, "actor": actor}
    activities.append(item)
    return item


def error(status: int, message: str, doc: str = "", **more: Any) -> Answer:
    """GitHub's error body: ``{"message", "documentation_url"}`` (422s add ``errors``)."""
    return status, {"message": message, "documentation_url": f"{DOCS}{doc}", **more}, {}


@dataclass(frozen=True)
class Account:
    """A GitHub user of the fake."""

    login: str
    id: int
    name: str
    email: str
    push: bool = True  # write access to the repository

    def as_json(self, api: str) -> dict[str, Any]:
        """``GET /user`` / ``GET /users/{login}``."""
        return {"login": self.login, "id": self.id, "node_id": f"U_{self.id}", "type": "User", "name": self.name,
                "email": self.email, "avatar_url": f"{api}/avatars/u/{self.id}", "html_url": f"{api}/{self.login}"}

    def short(self) -> dict[str, Any]:
        """The ``user``/``actor``/``sender`` object."""
        return {"login": self.login, "id": self.id, "type": "User"}


@dataclass(frozen=True)
class Webhook:
    """One webhook delivery GitHub would send: ``X-GitHub-Event`` name, payload, actor, time."""

    event: str
    payload: dict[str, Any]
    actor: str
    at: datetime


@dataclass
class RepoState:
    """What the endpoints share with :class:`~fakes.github.FakeGitHub`."""

    repo: str
    store: GitStore
    base_url: str
    clock: Callable[[], datetime]
    accounts: dict[str, Account]
    pulls: dict[int, dict[str, Any]]
    timelines: dict[int, list[dict[str, Any]]]
    commit_pulls: dict[str, list[dict[str, Any]]]
    webhooks: list[Webhook] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)  # GET /activity, oldest first
    next_number: int = 1
    next_id: int = 500000

    @property
    def owner(self) -> str:
        return self.repo.split("/")[0]

    @property
    def api(self) -> str:
        return f"{self.base_url}/repos/{self.repo}"


class RepoEndpoints:
    """Route one authenticated request (``login``) to a repository endpoint; None when not one of them."""

    def __init__(self, state: RepoState) -> None:
        self.s = state

    # --- helpers -------------------------------------------------------------------------------------------
    def _id(self) -> int:
        self.s.next_id += 1
        return self.s.next_id

    def _repository(self, me: Account | None) -> dict[str, Any]:
        owner = self.s.owner
        data: dict[str, Any] = {
            "id": 900, "node_id": "R_900", "name": self.s.repo.split("/")[1], "full_name": self.s.repo,
            "private": False, "fork": False, "owner": {"login": owner, "id": 800, "type": "Organization"},
            "default_branch": "main", "url": self.s.api, "html_url": f"{self.s.base_url}/{self.s.repo}",
        }
        if me is not None:
            data["permissions"] = {"admin": False, "maintain": False, "push": me.push, "triage": me.push, "pull": True}
        return data

    def _branch_ref(self, ref: str) -> str:
        """``owner:branch`` or ``branch`` -> branch name."""
        prefix = f"{self.s.owner}:"
        return ref[len(prefix) :] if ref.startswith(prefix) else ref

    def _rev(self, name: str) -> str | None:
        name = self._branch_ref(name)
        if re.fullmatch(r"[0-9a-f]{40}", name):
            return self.s.store.resolve(name)
        return self.s.store.ref(f"refs/heads/{name}")

    def _ref_json(self, ref: str, sha: str) -> dict[str, Any]:
        return {"ref": ref, "node_id": f"REF_{sha[:8]}", "url": f"{self.s.api}/git/{ref}",
                "object": {"type": "commit", "sha": sha, "url": f"{self.s.api}/git/commits/{sha}"}}

    def _label(self, name: str) -> dict[str, Any]:
        return {"id": zlib.crc32(name.encode()) % 100000, "node_id": f"LA_{name}", "url": f"{self.s.api}/labels/{name}",
                "name": name, "color": "ededed", "default": False, "description": None}

    def _event(self, number: int, action: str, me: Account, at: datetime, **extra: Any) -> None:
        """Record the ``pull_request`` webhook GitHub sends for this change."""
        pr = self.s.pulls[number]
        payload = {"action": action, "number": number, "pull_request": dict(pr), **extra,
                   "repository": self._repository(None), "organization": {"login": self.s.owner},
                   "sender": me.short()}
        self.s.webhooks.append(Webhook("pull_request", payload, me.login, at))

    def _timeline(self, number: int, kind: str, me: Account, at: datetime, **extra: Any) -> None:
        """Record an issue-timeline event (what ``GET /issues/{n}/timeline`` lists)."""
        eid = self._id()
        self.s.timelines.setdefault(number, []).append(
            {"id": eid, "node_id": f"LE_{eid}", "url": f"{self.s.api}/issues/events/{eid}", "actor": me.short(),
             "event": kind, "commit_id": None, "commit_url": None, "created_at": github_time(at),
             "performed_via_github_app": None, **extra})

    def _activity(self, ref: str, before: str | None, after: str | None, kind: str, me: Account,
                  at: datetime | None = None) -> None:
        """Record a repository activity (what ``GET /repos/{o}/{r}/activity`` lists) by the signed-in account."""
        record_activity(self.s.activities, self._id(), ref, before, after, kind, me.short(), at or self.s.clock())

    def _committed(self, number: int, shas: list[str]) -> None:
        for sha in shas:
            c = self.s.store.commit_json(sha)
            self.s.timelines.setdefault(number, []).append(
                {"sha": sha, "node_id": c["node_id"], "url": c["url"], "html_url": c["url"], "event": "committed",
                 "author": c["commit"]["author"], "committer": c["commit"]["committer"],
                 "message": c["commit"]["message"], "tree": c["commit"]["tree"], "parents": c["parents"]})

    def _open_pull(self, branch: str) -> dict[str, Any] | None:
        for pr in self.s.pulls.values():
            if pr.get("state") == "open" and (pr.get("head") or {}).get("ref") == branch:
                return pr
        return None

    # --- dispatch ------------------------------------------------------------------------------------------
    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any, login: str) -> Answer | None:
        """The answer, or None for paths these endpoints do not serve."""
        me = self.s.accounts.get(login)
        if path == "/user" and method == "GET":
            return (200, me.as_json(self.s.base_url), {}) if me else error(403, "Resource not accessible")
        if (m := re.fullmatch(r"/users/([^/]+)", path)) and method == "GET":
            acc = self.s.accounts.get(unquote(m[1]))
            return (200, acc.as_json(self.s.base_url), {}) if acc else error(404, "Not Found", "/users/users")
        if path == "/search/issues" and method == "GET":
            return 200, {"total_count": 0, "incomplete_results": False, "items": []}, {}
        prefix = f"/repos/{self.s.repo}"
        if path == prefix and method == "GET":
            return 200, self._repository(me), {}
        if not path.startswith(prefix + "/") or me is None:
            return None
        rest = path[len(prefix) + 1 :]
        for pattern, verb, handler in self._table():
            if verb == method and (m := re.fullmatch(pattern, rest)):
                return handler(me, [unquote(g) for g in m.groups()], query, body)
        return None

    def _table(self) -> list[tuple[str, str, Callable[..., Answer]]]:
        return [
            (r"collaborators/([^/]+)/permission", "GET", self.permission),
            (r"branches/(.+)", "GET", self.branch),
            (r"git/trees/(.+)", "GET", self.get_tree),
            (r"git/trees", "POST", self.post_tree),
            (r"git/blobs/([0-9a-f]{40})", "GET", self.get_blob),
            (r"git/blobs", "POST", self.post_blob),
            (r"git/commits", "POST", self.post_commit),
            (r"git/refs", "POST", self.post_ref),
            (r"git/(?:ref|refs)/(heads/.+|meta/.+)", "GET", self.get_ref),
            (r"git/refs/heads/(.+)", "PATCH", self.patch_ref),
            (r"git/refs/heads/(.+)", "DELETE", self.delete_ref),
            (r"compare/(.+)\.\.\.(.+)", "GET", self.compare),
            (r"commits", "GET", self.commits),
            (r"commits/([^/]+)/status", "GET", self.status),
            (r"pulls", "GET", self.list_pulls),
            (r"pulls", "POST", self.create_pull),
            (r"pulls/(\d+)", "PATCH", self.patch_pull),
            (r"pulls/(\d+)/commits", "GET", self.pull_commits),
            (r"pulls/(\d+)/merge", "PUT", self.merge),
            (r"issues/(\d+)/labels", "PUT", self.set_labels),
        ]

    # --- endpoints -----------------------------------------------------------------------------------------
    def permission(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        acc = self.s.accounts.get(g[0])
        if acc is None:
            return error(404, "Not Found", "/collaborators/collaborators")
        level = "write" if acc.push else "read"
        return 200, {"permission": level, "role_name": level, "user": acc.short()}, {}

    def branch(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        sha = self.s.store.ref(f"refs/heads/{g[0]}")
        if sha is None:
            return error(404, "Branch not found", "/branches/branches#get-a-branch")
        return 200, {"name": g[0], "commit": self.s.store.commit_json(sha), "protected": False,
                     "_links": {"self": f"{self.s.api}/branches/{g[0]}"}}, {}

    def get_tree(self, me: Account, g: list[str], q: dict[str, list[str]], b: Any) -> Answer:
        rev, sep, folder = g[0].partition(":")
        sha = self._rev(rev) or (rev if re.fullmatch(r"[0-9a-f]{40}", rev) else None)  # a commit, or a tree's sha
        recursive = q.get("recursive", ["0"])[0] not in ("0", "false", "")
        tree = self.s.store.tree(f"{sha}:{folder}" if sep else sha, recursive) if sha else None
        return (200, tree, {}) if tree else error(404, "Not Found", "/git/trees#get-a-tree")

    def post_tree(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        entries = body.get("tree") if isinstance(body, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("path") for e in entries):
            return error(422, "Invalid tree info", "/git/trees#create-a-tree")
        base = body.get("base_tree")
        if base and self.s.store.resolve(base, "tree") is None:
            return error(422, "base_tree is not a valid tree oid", "/git/trees#create-a-tree")
        for e in entries:
            if e.get("sha") is not None and self.s.store.resolve(str(e["sha"]), "blob") is None:
                return error(422, "tree.sha is not a valid blob", "/git/trees#create-a-tree")
        sha = self.s.store.write_tree(base, entries)
        tree = self.s.store.tree(sha, recursive=False)
        return 201, tree, {"Location": f"{self.s.api}/git/trees/{sha}"}

    def get_blob(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        data = self.s.store.blob(g[0])
        return (200, self.s.store.blob_json(g[0], data), {}) if data is not None else \
            error(404, "Not Found", "/git/blobs#get-a-blob")

    def post_blob(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("content"), str):
            return error(422, "Invalid request.\n\n\"content\" wasn't supplied.", "/git/blobs#create-a-blob")
        try:
            data = base64.b64decode(body["content"], validate=False) if body.get("encoding") == "base64" else \
                body["content"].encode("utf-8")
        except binascii.Error:
            return error(422, "Invalid request.\n\nInvalid base64 content.", "/git/blobs#create-a-blob")
        sha = self.s.store.write_blob(data)
        return 201, {"sha": sha, "url": f"{self.s.api}/git/blobs/{sha}"}, {"Location": f"{self.s.api}/git/blobs/{sha}"}

    def post_commit(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        if not isinstance(body, dict) or not body.get("message") or not body.get("tree"):
            return error(422, "Invalid request.", "/git/commits#create-a-commit")
        parents = [str(p) for p in body.get("parents") or []]
        if self.s.store.resolve(str(body["tree"]), "tree") is None or \
                any(self.s.store.resolve(p) is None for p in parents):
            return error(422, "Tree SHA does not exist", "/git/commits#create-a-commit")
        now = self.s.clock()

        def who(given: Any) -> Identity:  # the signed-in user when the client names nobody
            if isinstance(given, dict) and given.get("name") and given.get("email"):
                when = datetime.fromisoformat(str(given["date"]).replace("Z", "+00:00")) if given.get("date") else now
                return Identity(str(given["name"]), str(given["email"]), when)
            return Identity(me.name, me.email, now)

        sha = self.s.store.commit(str(body["tree"]), parents, str(body["message"]), who(body.get("author")),
                                  who(body.get("committer")))
        return 201, self.s.store.git_commit_json(sha), {"Location": f"{self.s.api}/git/commits/{sha}"}

    def post_ref(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        ref, sha = (body or {}).get("ref"), (body or {}).get("sha")
        if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2 or not isinstance(sha, str):
            return error(422, "Reference name must start with 'refs/' and have at least two slashes.",
                         "/git/refs#create-a-reference")
        if self.s.store.resolve(sha) is None:
            return error(422, "Object does not exist", "/git/refs#create-a-reference")
        if self.s.store.ref(ref) is not None:
            return error(422, "Reference already exists", "/git/refs#create-a-reference")
        self.s.store.set_ref(ref, sha)
        if ref.startswith("refs/heads/"):
            self._activity(ref, None, sha, "branch_creation", me)
        return 201, self._ref_json(ref, sha), {"Location": f"{self.s.api}/git/{ref}"}

    def get_ref(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        sha = self.s.store.ref(f"refs/{g[0]}")
        return (200, self._ref_json(f"refs/{g[0]}", sha), {}) if sha else \
            error(404, "Not Found", "/git/refs#get-a-reference")

    def patch_ref(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        ref = f"refs/heads/{g[0]}"
        old, sha = self.s.store.ref(ref), (body or {}).get("sha")
        if old is None:
            return error(422, "Reference does not exist", "/git/refs#update-a-reference")
        if not isinstance(sha, str) or self.s.store.resolve(sha) is None:
            return error(422, "Object does not exist", "/git/refs#update-a-reference")
        forward = self.s.store.is_ancestor(old, sha)
        if not (body or {}).get("force") and not forward:
            return error(422, "Update is not a fast forward", "/git/refs#update-a-reference")
        self.s.store.set_ref(ref, sha)
        at = self.s.clock() if old != sha else None
        if at is not None:
            self._activity(ref, old, sha, "push" if forward else "force_push", me, at)
        pr = self._open_pull(g[0])
        if pr is not None and at is not None:
            new = [c for c in self.s.store.git("rev-list", "--reverse", f"{old}..{sha}").split() if c]
            pr["head"]["sha"] = sha
            pr["updated_at"] = github_time(at)
            self._committed(pr["number"], new)
            self._event(pr["number"], "synchronize", me, at, before=old, after=sha)
        return 200, self._ref_json(ref, sha), {}

    def delete_ref(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        ref = f"refs/heads/{g[0]}"
        old = self.s.store.ref(ref)
        if old is None:
            return error(422, "Reference does not exist", "/git/refs#delete-a-reference")
        self.s.store.delete_ref(ref)
        self._activity(ref, old, None, "branch_deletion", me)
        return 204, None, {}

    def compare(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        base, head = self._rev(g[0]), self._rev(g[1])
        if base is None or head is None:
            return error(404, "Not Found", "/commits/commits#compare-two-commits")
        return 200, self.s.store.compare(base, head), {}

    def commits(self, me: Account, g: list[str], q: dict[str, list[str]], b: Any) -> Answer:
        rev = self._rev(q.get("sha", ["main"])[0])
        if rev is None:
            return error(404, "No commit found for SHA", "/commits/commits#list-commits")
        shas = self.s.store.path_commits(rev, q["path"][0]) if "path" in q else \
            [c for c in self.s.store.git("rev-list", rev).split() if c]
        return 200, [self.s.store.commit_json(c) for c in shas[:30]], {}

    def status(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        sha = self._rev(g[0])
        if sha is None:
            return error(404, "No commit found for SHA: " + g[0], "/commits/statuses")
        return 200, {"state": "pending", "statuses": [], "sha": sha, "total_count": 0,
                     "repository": self._repository(None)}, {}

    def list_pulls(self, me: Account, g: list[str], q: dict[str, list[str]], b: Any) -> Answer:
        state = q.get("state", ["open"])[0]
        head, base = q.get("head", [None])[0], q.get("base", [None])[0]
        found = [pr for _, pr in sorted(self.s.pulls.items())
                 if (state == "all" or pr.get("state") == state)
                 and (head is None or (pr.get("head") or {}).get("label") == head)
                 and (base is None or (pr.get("base") or {}).get("ref") == base)]
        return 200, found, {}

    def create_pull(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        if not isinstance(body, dict) or not body.get("title") or not body.get("head") or not body.get("base"):
            return error(422, "Validation Failed", "/pulls/pulls#create-a-pull-request",
                         errors=[{"resource": "PullRequest", "code": "missing_field", "field": "head"}])
        branch = self._branch_ref(str(body["head"]))
        head, base = self._rev(branch), self._rev(str(body["base"]))
        if head is None or base is None:
            return error(422, "Validation Failed", "/pulls/pulls#create-a-pull-request",
                         errors=[{"resource": "PullRequest", "field": "head", "code": "invalid"}])
        if self._open_pull(branch) is not None:
            return error(422, "Validation Failed", "/pulls/pulls#create-a-pull-request",
                         errors=[{"resource": "PullRequest", "code": "custom",
                                  "message": f"A pull request already exists for {self.s.owner}:{branch}."}])
        if self.s.store.is_ancestor(head, base):
            return error(422, "Validation Failed", "/pulls/pulls#create-a-pull-request",
                         errors=[{"resource": "PullRequest", "code": "custom",
                                  "message": f"No commits between {body['base']} and {branch}"}])
        at = self.s.clock()
        n = self.s.next_number
        self.s.next_number += 1
        repo = self._repository(None)
        pr: dict[str, Any] = {
            "url": f"{self.s.api}/pulls/{n}", "id": self._id(), "node_id": f"PR_{n}",
            "html_url": f"{self.s.base_url}/{self.s.repo}/pull/{n}", "number": n, "state": "open", "locked": False,
            "title": str(body["title"]), "body": body.get("body"), "user": me.short(), "labels": [],
            "created_at": github_time(at), "updated_at": github_time(at), "closed_at": None, "merged_at": None,
            "merge_commit_sha": None, "assignees": [], "requested_reviewers": [], "draft": False,
            "head": {"label": f"{self.s.owner}:{branch}", "ref": branch, "sha": head, "user": repo["owner"],
                     "repo": repo},
            "base": {"label": f"{self.s.owner}:{body['base']}", "ref": str(body["base"]), "sha": base,
                     "user": repo["owner"], "repo": repo},
            "author_association": "MEMBER", "merged": False, "mergeable": True, "merged_by": None,
        }
        self.s.pulls[n] = pr
        self.s.timelines.setdefault(n, [])
        mb = self.s.store.merge_base(base, head) or base
        self._committed(n, [c for c in self.s.store.git("rev-list", "--reverse", f"{mb}..{head}").split() if c])
        self._event(n, "opened", me, at)
        return 201, pr, {"Location": pr["url"]}

    def patch_pull(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        pr = self.s.pulls.get(int(g[0]))
        if pr is None:
            return error(404, "Not Found", "/pulls/pulls#update-a-pull-request")
        state = (body or {}).get("state")
        if state in ("open", "closed") and state != pr["state"]:
            at = self.s.clock()
            pr.update(state=state, updated_at=github_time(at), closed_at=github_time(at) if state == "closed" else None)
            self._timeline(pr["number"], "closed" if state == "closed" else "reopened", me, at)
            self._event(pr["number"], "closed" if state == "closed" else "reopened", me, at)
        if isinstance((body or {}).get("title"), str):
            pr["title"] = body["title"]
        return 200, pr, {}

    def pull_commits(self, me: Account, g: list[str], q: Any, b: Any) -> Answer:
        pr = self.s.pulls.get(int(g[0]))
        if pr is None:
            return error(404, "Not Found", "/pulls/pulls#list-commits-on-a-pull-request")
        mb = self.s.store.merge_base(pr["base"]["sha"], pr["head"]["sha"]) or pr["base"]["sha"]
        shas = [c for c in self.s.store.git("rev-list", "--reverse", f"{mb}..{pr['head']['sha']}").split() if c]
        return 200, [self.s.store.commit_json(c) for c in shas], {}

    def merge(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        pr = self.s.pulls.get(int(g[0]))
        if pr is None:
            return error(404, "Not Found", "/pulls/pulls#merge-a-pull-request")
        if pr["state"] != "open":
            return error(405, "Pull Request is not mergeable", "/pulls/pulls#merge-a-pull-request")
        if (body or {}).get("sha") not in (None, pr["head"]["sha"]):
            return error(409, "Head branch was modified. Review and try the merge again.",
                         "/pulls/pulls#merge-a-pull-request")
        if (body or {}).get("merge_method", "merge") != "merge":
            return error(405, "Merge commits are the only allowed merge method on this fake.",
                         "/pulls/pulls#merge-a-pull-request")
        base_ref = f"refs/heads/{pr['base']['ref']}"
        base = self.s.store.ref(base_ref)
        tree = self.s.store.merge_tree(str(base), pr["head"]["sha"]) if base else None
        if base is None or tree is None:
            return error(405, "Pull Request is not mergeable", "/pulls/pulls#merge-a-pull-request")
        at = self.s.clock()
        title = f"Merge pull request #{pr['number']} from {self.s.owner}/{pr['head']['ref']}"
        text = str((body or {}).get("commit_message") or pr["title"])
        sha = self.s.store.commit(tree, [base, pr["head"]["sha"]], f"{title}\n\n{text}\n",
                                  Identity(me.name, me.email, at), Identity("GitHub", "noreply@github.com", at))
        self.s.store.set_ref(base_ref, sha)
        self._activity(base_ref, str(base), sha, "pr_merge", me, at)
        pr.update(state="closed", merged=True, merged_at=github_time(at), closed_at=github_time(at),
                  updated_at=github_time(at), merge_commit_sha=sha, merged_by=me.short(), mergeable=None)
        self.s.commit_pulls[sha] = [{"number": pr["number"], "merged_at": pr["merged_at"], "merge_commit_sha": sha}]
        self._timeline(pr["number"], "merged", me, at, commit_id=sha)
        self._timeline(pr["number"], "closed", me, at, commit_id=sha)
        self._event(pr["number"], "closed", me, at)
        return 200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}, {}

    def set_labels(self, me: Account, g: list[str], q: Any, body: Any) -> Answer:
        pr = self.s.pulls.get(int(g[0]))
        names = (body or {}).get("labels")
        if pr is None:
            return error(404, "Not Found", "/issues/labels#set-labels-for-an-issue")
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            return error(422, "Invalid request.", "/issues/labels#set-labels-for-an-issue")
        at = self.s.clock()
        old = [lab["name"] for lab in pr["labels"]]
        pr["labels"] = [self._label(n) for n in dict.fromkeys(names)]
        pr["updated_at"] = github_time(at)
        for name in [n for n in old if n not in names]:
            self._timeline(pr["number"], "unlabeled", me, at, label={"name": name, "color": "ededed"})
            self._event(pr["number"], "unlabeled", me, at, label=self._label(name))
        for name in [n for n in dict.fromkeys(names) if n not in old]:
            self._timeline(pr["number"], "labeled", me, at, label={"name": name, "color": "ededed"})
            self._event(pr["number"], "labeled", me, at, label=self._label(name))
        return 200, pr["labels"], {}
