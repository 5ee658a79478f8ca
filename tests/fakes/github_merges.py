"""GitHub fake with ``GET /repos/{o}/{r}/pulls/{n}/files`` (paged), on top of :class:`FakeGitHub`.

Contract (docs.github.com/rest/pulls/pulls#list-pull-requests-files): a list of objects with
``filename``, ``status`` and, for renames, ``previous_filename``; paged like every list.
"""

from __future__ import annotations

import re
from typing import Any

from .github import REPO, FakeGitHub


class FakeGitHubWithFiles(FakeGitHub):
    """``files[n]`` = the file objects of PR ``n``."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[int, list[dict[str, Any]]] = {}

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, server: Any, login: str | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        """Serve the files endpoint; everything else as the base fake does."""
        m = re.fullmatch(rf"/repos/{re.escape(REPO)}/pulls/(\d+)/files", path)
        if m and method == "GET":
            with self.lock:
                if int(m[1]) not in self.files:
                    return 404, {"message": "Not Found"}, {}
                return self._page(path, list(self.files[int(m[1])]), query)
        return super().route(method, path, query, body, server, login)
