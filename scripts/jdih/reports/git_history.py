"""The git history values the reports receive (read from git by :mod:`jdih.gitflow.content_log`).

Reports never start git: the CLI reads the history through :mod:`jdih.gitflow` and passes these
values in.
"""

from __future__ import annotations

from ..gitflow.history_model import Change, DeletedVersion, GitHistory, PostGitHistory

__all__ = ["Change", "DeletedVersion", "GitHistory", "PostGitHistory"]
