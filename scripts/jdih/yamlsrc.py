"""YAML loading that keeps line numbers, so every finding can name ``file:line``.

Uses the C loader when available (the speed floor in ``bench/``). The line map is built
lazily: only when a line is first asked for is the text composed again and its node tree
walked to map each key path to the 1-based line of its key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable
from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

KeyPath = tuple[Hashable, ...]


class LineMap:
    """Maps key paths like ``("riwayat", 2, "waktu")`` to 1-based line numbers.

    Built lazily: :func:`load_with_lines` keeps only the YAML text, and the node tree is
    composed and walked the first time a line is asked for. Lines are needed only when a
    finding is reported, so checking thousands of clean files never pays for the walk.
    """

    __slots__ = ("_lines", "_source", "offset")

    def __init__(self, offset: int = 0, lines: dict[KeyPath, int] | None = None, *, source: str | None = None):
        self.offset = offset
        self._lines = lines
        self._source = source

    @property
    def lines(self) -> dict[KeyPath, int]:
        """Key path -> line within the parsed text (offset not applied)."""
        if self._lines is None:
            self._lines = _lines_of(self._source) if self._source is not None else {}
            self._source = None
        return self._lines

    def line(self, *path: Hashable) -> int | None:
        """Line of the deepest known prefix of ``path`` (None when nothing matched)."""
        lines = self.lines
        p: KeyPath = tuple(path)
        while p:
            found = lines.get(p)
            if found is not None:
                return found + self.offset
            p = p[:-1]
        return None

    def __repr__(self) -> str:
        return f"LineMap(offset={self.offset}, lines={self.lines!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineMap):
            return NotImplemented
        return (self.offset, self.lines) == (other.offset, other.lines)

    __hash__ = None  # type: ignore[assignment]


class YamlError(Exception):
    """Raised by :func:`load_with_lines`; ``baris`` is 1-based within the given text."""

    def __init__(self, pesan: str, baris: int | None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.baris = baris


# PyYAML/libyaml problem texts (English) → what an office user should read and do.
_PROBLEMS_ID = (
    ("did not find expected key", "struktur kunci tidak sesuai; periksa indentasi (spasi di awal baris)"),
    ("did not find expected ',' or ']'", "daftar [ ... ] tidak ditutup dengan ']' atau pemisahnya bukan koma"),
    ("did not find expected ',' or '}'", "pemetaan { ... } tidak ditutup dengan '}' atau pemisahnya bukan koma"),
    ("did not find expected '-' indicator", "butir daftar harus diawali '- ' dengan indentasi yang sama"),
    ("did not find expected <document start>", "ada teks di luar struktur YAML"),
    ("did not find expected node content", "nilai kosong atau tanda baca di tempat yang salah"),
    ("mapping values are not allowed", "ada titik dua ':' yang tidak diharapkan; beri tanda kutip pada nilainya"),
    ("could not find expected ':'", "kunci tanpa titik dua ':' (atau tanda kutip tidak ditutup)"),
    ("found unexpected ':'", "ada titik dua ':' yang tidak diharapkan"),
    ("that cannot start any token", "ada karakter yang tidak boleh mengawali nilai (tab, @ atau `); beri tanda kutip"),
    ("found undefined alias", "ada alias '*' tanpa jangkar '&'; beri tanda kutip bila maksudnya teks biasa"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup"),
    ("found unknown escape character", "ada garis miring terbalik '\\' yang tidak sah di dalam tanda kutip ganda"),
    ("tab character", "ada karakter tab; gunakan spasi untuk indentasi"),
    ("expected <block end>", "indentasi tidak konsisten"),
    ("block sequence entries are not allowed", "butir daftar '- ' di tempat yang salah; periksa indentasi"),
    ("but found another document", "ada lebih dari satu dokumen YAML (baris '---' tambahan)"),
    ("found duplicate anchor", "jangkar '&' dipakai dua kali"),
    ("control characters are not allowed", "ada karakter kontrol yang tidak sah"),
    ("found unhashable key", "kunci berupa daftar atau pemetaan tidak diperbolehkan"),
    ("could not determine a constructor", "tag YAML (!...) tidak dikenal"),
    ("found character", "ada karakter yang tidak sah"),
)
_VALUES_ID = (
    ("day is out of range", "tanggal tidak ada dalam bulan tersebut"),
    ("month must be in", "bulan harus 1 sampai 12"),
    ("hour must be in", "jam harus 0 sampai 23"),
    ("minute must be in", "menit harus 0 sampai 59"),
    ("second must be in", "detik harus 0 sampai 59"),
    ("year", "tahun di luar rentang"),
    ("recursion", "struktur bersarang terlalu dalam"),
)


def _translate(text: str, table: tuple[tuple[str, str], ...], default: str) -> str:
    low = text.lower()
    return next((indo for en, indo in table if en.lower() in low), default)


def _describe(exc: yaml.YAMLError) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = _translate(str(problem), _PROBLEMS_ID, "periksa tanda baca: titik dua, tanda kutip, kurung dan indentasi")
    return f"YAML tidak dapat dibaca: {hint}", line


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


def _lines_of(text: str) -> dict[KeyPath, int]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:  # pragma: no cover - the text parsed once already
        return {}
    finally:
        loader.dispose()
    out: dict[KeyPath, int] = {}
    if node is not None:
        with contextlib.suppress(RecursionError):  # absurdly deep nesting: keep the lines found so far
            _walk(node, (), out)
    return out


def load_with_lines(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; returns the data and its :class:`LineMap`.

    Raises :class:`YamlError` (never a raw PyYAML error) on malformed input.
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise YamlError(*_describe(exc)) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # The constructor can fail on odd scalars (e.g. an impossible date 2026-02-30).
        hint = _translate(f"{type(exc).__name__} {exc}", _VALUES_ID, "periksa tanggal, waktu dan angka")
        raise YamlError(f"nilai YAML tidak sah: {hint}", None) from None
    finally:
        loader.dispose()
    return data, LineMap(0, source=text)
