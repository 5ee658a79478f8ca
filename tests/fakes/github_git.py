"""The repository behind the GitHub fake: GitHub's git data (refs, trees, blobs, commits, compare,
merge) read from and written to a real bare repository with git plumbing commands.

Shapes follow docs.github.com/rest/git (``trees``, ``blobs``, ``commits``, ``refs``),
docs.github.com/rest/commits/commits#compare-two-commits and docs.github.com/rest/branches.
"""

from __future__ import annotations

import base64
import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Identity:
    """A commit author or committer: GitHub takes it from the signed-in user when the client sends none."""

    name: str
    email: str
    date: datetime

    def as_json(self) -> dict[str, str]:
        """GitHub's ``{"name", "email", "date"}`` (ISO 8601, UTC ``Z``)."""
        return {"name": self.name, "email": self.email, "date": github_time(self.date)}


def github_time(when: datetime) -> str:
    """GitHub's timestamp format: ``2026-11-24T01:00:00Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitStore:
    """Git plumbing on one bare repository (``git_dir``); every method is one GitHub git-data operation."""

    def __init__(self, git_dir: Path, api: str) -> None:
        self.git_dir = git_dir
        self.api = api  # e.g. http://127.0.0.1:4567/repos/owner/name, for the ``url`` fields

    def git(self, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
        """Run git on the bare repository; its stdout (raises CalledProcessError on failure)."""
        full_env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
        done = subprocess.run(["git", "--git-dir", str(self.git_dir), *args], input=data, capture_output=True,
                              check=True, env=full_env)
        return done.stdout.decode("utf-8", "surrogateescape")

    def resolve(self, rev: str, kind: str = "commit") -> str | None:
        """The object id of ``rev`` peeled to ``kind``, or None."""
        try:
            if ":" not in rev:
                return self.git("rev-parse", "--verify", "-q", f"{rev}^{{{kind}}}").strip() or None
            # <rev>:<path> takes everything after the colon as the path: no peeling suffix, check the type
            oid = self.git("rev-parse", "--verify", "-q", rev).strip()
            return oid if oid and self.git("cat-file", "-t", oid).strip() == kind else None
        except subprocess.CalledProcessError:
            return None

    def ref(self, ref: str) -> str | None:
        """The commit a full ref name (``refs/heads/main``) points to, or None."""
        try:
            return self.git("rev-parse", "--verify", "-q", ref).strip() or None
        except subprocess.CalledProcessError:
            return None

    def set_ref(self, ref: str, sha: str) -> None:
        """Point ``ref`` at ``sha``."""
        self.git("update-ref", ref, sha)

    def delete_ref(self, ref: str) -> None:
        """Remove ``ref``."""
        self.git("update-ref", "-d", ref)

    def is_ancestor(self, old: str, new: str) -> bool:
        """True when ``new`` fast-forwards ``old``."""
        try:
            self.git("merge-base", "--is-ancestor", old, new)
        except subprocess.CalledProcessError:
            return False
        return True

    def tree(self, treeish: str, recursive: bool) -> dict[str, Any] | None:
        """``GET /git/trees/{treeish}``: entries with path, mode, type, sha, size; None when missing."""
        sha = self.resolve(treeish, "tree")
        if sha is None:
            return None
        out = self.git("ls-tree", "-l", "-z", *(["-r", "-t"] if recursive else []), sha)
        entries = []
        for line in filter(None, out.split("\0")):
            meta, path = line.split("\t", 1)
            mode, kind, obj, size = meta.split()
            entry: dict[str, Any] = {"path": path, "mode": mode, "type": kind, "sha": obj,
                                     "url": f"{self.api}/git/{kind}s/{obj}"}
            if kind == "blob":
                entry["size"] = int(size)
            entries.append(entry)
        return {"sha": sha, "url": f"{self.api}/git/trees/{sha}", "tree": entries, "truncated": False}

    def blob(self, sha: str) -> bytes | None:
        """The bytes of blob ``sha``, or None."""
        if self.resolve(sha, "blob") != sha:
            return None
        return subprocess.run(["git", "--git-dir", str(self.git_dir), "cat-file", "blob", sha], capture_output=True,
                              check=True).stdout

    def blob_json(self, sha: str, data: bytes) -> dict[str, Any]:
        """``GET /git/blobs/{sha}``: base64 content wrapped at 60 columns, as GitHub sends it."""
        text = base64.b64encode(data).decode("ascii")
        wrapped = "\n".join(text[i : i + 60] for i in range(0, len(text), 60)) + "\n"
        return {"sha": sha, "node_id": f"B_{sha[:12]}", "size": len(data), "url": f"{self.api}/git/blobs/{sha}",
                "content": wrapped, "encoding": "base64"}

    def write_blob(self, data: bytes) -> str:
        """Store a blob; its sha."""
        return self.git("hash-object", "-w", "--stdin", data=data).strip()

    def write_tree(self, base: str | None, entries: list[dict[str, Any]]) -> str:
        """``POST /git/trees``: ``base_tree`` with entries added, replaced or (``sha: null``) removed."""
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if base:
                self.git("read-tree", base, env=env)
            for e in entries:
                if e.get("sha") is None:
                    self.git("update-index", "--force-remove", "--", str(e["path"]), env=env)
                else:
                    self.git("update-index", "--add", "--cacheinfo", f"{e['mode']},{e['sha']},{e['path']}", env=env)
            return self.git("write-tree", env=env).strip()

    def commit(self, tree: str, parents: list[str], message: str, author: Identity, committer: Identity) -> str:
        """``POST /git/commits``: a commit object; its sha."""
        env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
               "GIT_AUTHOR_DATE": author.date.isoformat(), "GIT_COMMITTER_NAME": committer.name,
               "GIT_COMMITTER_EMAIL": committer.email, "GIT_COMMITTER_DATE": committer.date.isoformat()}
        args = ["commit-tree", tree]
        for p in parents:
            args += ["-p", p]
        return self.git(*args, data=message.encode("utf-8"), env=env).strip()

    def commit_json(self, sha: str) -> dict[str, Any]:
        """A commit as the compare, branch and commits endpoints give it."""
        fmt = "%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B"
        tree, parents, an, ae, ad, cn, ce, cd, message = self.git("show", "-s", f"--format={fmt}", sha).split("\0", 8)

        def person(name: str, email: str, date: str) -> dict[str, str]:
            return {"name": name, "email": email, "date": _utc(date)}

        return {
            "sha": sha, "node_id": f"C_{sha[:12]}", "url": f"{self.api}/commits/{sha}",
            "commit": {"author": person(an, ae, ad), "committer": person(cn, ce, cd), "message": message.rstrip("\n"),
                       "tree": {"sha": tree, "url": f"{self.api}/git/trees/{tree}"}},
            "parents": [{"sha": p, "url": f"{self.api}/commits/{p}"} for p in parents.split()],
        }

    def git_commit_json(self, sha: str) -> dict[str, Any]:
        """``POST /git/commits``'s answer: the git-data shape (author, committer, tree, parents at top level)."""
        full = self.commit_json(sha)
        return {"sha": sha, "node_id": full["node_id"], "url": f"{self.api}/git/commits/{sha}", **full["commit"],
                "parents": full["parents"]}

    def merge_base(self, a: str, b: str) -> str | None:
        """The best common ancestor, or None."""
        try:
            return self.git("merge-base", a, b).strip() or None
        except subprocess.CalledProcessError:
            return None

    def compare(self, base: str, head: str) -> dict[str, Any]:
        """``GET /compare/{base}...{head}`` (three-dot: the changes of ``head`` since the merge base)."""
        mb = self.merge_base(base, head) or base
        commits = [c for c in self.git("rev-list", "--reverse", f"{mb}..{head}").split() if c]
        behind = [c for c in self.git("rev-list", f"{mb}..{base}").split() if c]
        files = []
        numstat = {}
        for line in filter(None, self.git("diff", "--numstat", "-z", "--no-renames", mb, head).split("\0")):
            added, deleted, path = line.split("\t", 2)
            numstat[path] = (added, deleted)
        raw = self.git("diff", "--raw", "-z", "--no-renames", "--no-abbrev", mb, head).split("\0")
        for meta, path in zip(raw[0::2], raw[1::2], strict=False):
            if not meta:
                continue
            _old_mode, _new_mode, old_sha, new_sha, letter = meta.lstrip(":").split()
            status = {"A": "added", "D": "removed", "M": "modified"}.get(letter[0], "changed")
            added, deleted = numstat.get(path, ("0", "0"))
            entry: dict[str, Any] = {"sha": new_sha if status != "removed" else old_sha, "filename": path,
                                     "status": status}
            if added != "-":  # text: GitHub sends a patch; binary files have none
                diff = self.git("diff", "--no-color", "-U3", mb, head, "--", path)
                entry.update(additions=int(added), deletions=int(deleted), changes=int(added) + int(deleted),
                             patch=diff[diff.find("@@"):] if "@@" in diff else "")
            files.append(entry)
        status = "identical" if not commits and not behind else "ahead" if not behind else \
            "behind" if not commits else "diverged"
        return {
            "url": f"{self.api}/compare/{base}...{head}", "status": status, "ahead_by": len(commits),
            "behind_by": len(behind), "total_commits": len(commits),
            "base_commit": self.commit_json(base), "merge_base_commit": self.commit_json(mb),
            "commits": [self.commit_json(c) for c in commits], "files": files,
        }

    def merge_tree(self, ours: str, theirs: str) -> str | None:
        """The tree of merging ``theirs`` into ``ours``; None on a conflict (git >= 2.38)."""
        try:
            return self.git("merge-tree", "--write-tree", ours, theirs).split()[0]
        except subprocess.CalledProcessError:
            return None

    def path_commits(self, rev: str, path: str) -> list[str]:
        """``GET /commits?sha=rev&path=path``: the commits touching ``path``, newest first."""
        return [c for c in self.git("rev-list", rev, "--", path).split() if c]


def _utc(iso: str) -> str:
    return github_time(datetime.fromisoformat(iso))
