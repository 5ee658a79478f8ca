"""All git I/O lives in jdih.gitflow: no other module imports gitpython or starts a git process."""

from __future__ import annotations

import ast
from pathlib import Path

import jdih

PACKAGE = Path(jdih.__file__).parent
GITFLOW = PACKAGE / "gitflow"
_SPAWN = {"run", "Popen", "call", "check_call", "check_output", "system", "popen", "execvp", "execlp", "spawnlp"}


def git_uses(source: str) -> list[str]:
    """``line: what`` for each gitpython import and each process call naming ``git`` in ``source``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "git"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "git":
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _SPAWN and any(
                isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value.split(" ")[0] == "git"
                for arg in [*node.args, *(k.value for k in node.keywords)]
                for sub in ast.walk(arg)
            ):
                found.append(f"{node.lineno}: {name}(... 'git' ...)")
    return found


def test_the_checker_finds_every_form_of_reaching_git() -> None:
    sample = (
        "import git\nfrom git import Repo\nimport subprocess\n"
        "subprocess.run(['git', 'log'])\nsubprocess.Popen(('git', 'cat-file', '--batch'))\n"
        "import os\nos.system('git status')\nsubprocess.run(['ls'])\n"
    )
    assert [line.split(":")[0] for line in git_uses(sample)] == ["1", "2", "4", "5", "7"]


def test_no_module_outside_gitflow_reaches_git() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{use}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if GITFLOW not in path.parents
        for use in git_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
