"""YAML loading that keeps line numbers, so every finding can name ``file:line``.

Uses the C loader when available (the speed floor in ``bench/``); the composed node tree
is walked once to map each key path to the 1-based line of its key.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

KeyPath = tuple[Hashable, ...]


@dataclass
class LineMap:
    """Maps key paths like ``("riwayat", 2, "waktu")`` to 1-based line numbers."""

    offset: int = 0
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *path: Hashable) -> int | None:
        """Line of the deepest known prefix of ``path`` (None when nothing matched)."""
        p: KeyPath = tuple(path)
        while p:
            found = self.lines.get(p)
            if found is not None:
                return found + self.offset
            p = p[:-1]
        return None


class YamlError(Exception):
    """Raised by :func:`load_with_lines`; ``baris`` is 1-based within the given text."""

    def __init__(self, pesan: str, baris: int | None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.baris = baris


def _describe(exc: yaml.YAMLError) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"YAML tidak dapat dibaca ({problem})", line


def _walk(node: yaml.Node, path: KeyPath, out: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key: Hashable = key_node.value
                sub = (*path, key)
                out[sub] = key_node.start_mark.line + 1
                _walk(value_node, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*path, i)
            out[sub] = item.start_mark.line + 1
            _walk(item, sub, out)


def load_with_lines(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; returns the data and its :class:`LineMap`.

    Raises :class:`YamlError` (never a raw PyYAML error) on malformed input.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap()
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlError(*_describe(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # The constructor can fail on odd scalars (e.g. an impossible date 2026-02-30).
        raise YamlError(f"nilai YAML tidak sah ({exc})", None) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    _walk(node, (), lines)
    return data, LineMap(0, lines)
