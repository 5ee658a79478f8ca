"""Every environment variable of a channel is declared once, in jdih.channels.credentials."""

from __future__ import annotations

import ast
from pathlib import Path

import jdih.channels
from jdih.channels import credentials
from jdih.channels.platforms import registry


def _strings_outside_docstrings(tree: ast.AST) -> list[str]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node) is not None:
            docstrings.add(id(node.body[0].value))  # type: ignore[attr-defined]
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_channel_module_spells_a_variable_name():
    folder = Path(jdih.channels.__file__).parent
    spelled = {
        str(src.relative_to(folder)): [s for s in _strings_outside_docstrings(ast.parse(src.read_text()))
                                       if "JDIH_" in s]
        for src in folder.rglob("*.py") if src.name != "credentials.py"
    }
    assert {k: v for k, v in spelled.items() if v} == {}


def test_each_variable_is_declared_once_and_every_secret_is_registered():
    declared = [v for v in vars(credentials).values() if isinstance(v, credentials.Var)]
    declared += [e.var for e in vars(credentials).values() if isinstance(e, credentials.Endpoint)]
    names = [v.name for v in declared]
    assert len(names) == len(set(names))
    assert {v.name for v in credentials.SECRETS} >= {"JDIH_TELEGRAM_BOT_TOKEN", "JDIH_WEBHOOK_SECRET",
                                                     "JDIH_SMTP_PASSWORD", "JDIH_X_ACCESS_SECRET"}
    for platform in registry.PLATFORMS:
        service = registry.module(platform).SERVICE
        assert service.channel == platform and all(v in declared for v in service.required)
