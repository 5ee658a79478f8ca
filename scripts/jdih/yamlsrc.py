"""YAML loading that keeps line numbers, so every finding can name ``file:line``.

Parsing uses libyaml (PyYAML's C parser and composer). Turning the node tree into Python
objects is done by :class:`FastSafeLoader`, which gives exactly what ``yaml.safe_load``
gives (proven by ``tests/periksa/test_yaml_loader.py``) at about half the cost: PyYAML's own
constructor is generic Python (a generator per mapping, a memo and recursion check per
node), and its resolver runs regular expressions again for every repeated plain scalar.
Anything outside the common shapes (merge keys, ``!!set``/``!!omap``/``!!binary``/custom
tags, collections as keys) is handed to PyYAML's own constructor unchanged.

The line map is built lazily: only when a line is first asked for is the text composed
again and its node tree walked to map each key path to the 1-based line of its key.

Parsing is bounded (untrusted input): :func:`load_with_lines` refuses a text longer than
:data:`MAX_CHARS`, a document whose aliases would expand to more than
:data:`MAX_EXPANDED_NODES` nodes, and a document that contains itself through an alias, each as a
:class:`YamlError` with the line where it happens. Both the check and the line map visit every
node once, never through an alias, so even a "billion laughs" document costs only its own size
(bench/checks/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLATTENED = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # keys PyYAML rewrites first
# The canonical timestamp this project writes (2026-11-24T09:00:00+07:00); other spellings
# go through PyYAML's own timestamp constructor.
_CANONICAL_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-])(\d\d):(\d\d)\Z")
# Bounds for untrusted documents: the largest real document (sop/alur.yml) is under 10 KB and
# uses no alias; these leave room for 10x growth while keeping the worst case under 2 s / 200 MB.
MAX_CHARS = 100_000
MAX_EXPANDED_NODES = 100_000
_RESOLVE_MEMO_MAX = 50_000  # distinct plain scalars remembered per process (short ones only)
_RESOLVE_MEMO_LEN = 64


class _Fallback(Exception):
    """The document needs PyYAML's generic constructor."""


class ScalarValueError(Exception):
    """A tagged scalar whose value its tag's constructor refuses (``!!int abc``)."""

    def __init__(self, node: yaml.Node, cause: Exception) -> None:
        super().__init__(str(cause))
        self.node = node
        self.cause = cause


class FastSafeLoader(_BaseLoader):
    """``yaml.CSafeLoader`` with a memoised resolver and a direct constructor; same results."""

    _resolved: ClassVar[dict[str, str]] = {}
    _zones: ClassVar[dict[tuple[str, str, str], timezone]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's resolver, remembered per plain scalar (it depends on the value alone when no
        path resolvers are registered, as for every safe loader)."""
        if kind is ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            memo = self._resolved
            tag = memo.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _RESOLVE_MEMO_LEN:
                    if len(memo) >= _RESOLVE_MEMO_MAX:
                        memo.clear()
                    memo[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def get_single_data(self) -> Any:
        """The document as Python data, exactly as ``SafeLoader`` builds it."""
        return self.data_of(self.get_single_node())

    def data_of(self, node: yaml.Node | None) -> Any:
        """Python data of an already composed document node."""
        if node is None:
            return None
        try:
            return self._build(node)
        except _Fallback:
            return self.construct_document(node)

    def _timestamp(self, node: ScalarNode) -> Any:
        m = _CANONICAL_TIME.match(node.value)
        if m is None:
            return self.construct_yaml_timestamp(node)
        y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
        zone = self._zones.get((sign, tzh, tzm))
        if zone is None:
            delta = timedelta(hours=int(tzh), minutes=int(tzm))
            zone = self._zones[(sign, tzh, tzm)] = timezone(-delta if sign == "-" else delta)
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), 0, tzinfo=zone)

    def _build(self, root: yaml.Node) -> Any:
        """Build in PyYAML's own order, so even the first of several errors is the same one.

        PyYAML hands out a collection empty and fills it later, level by level (a generator per
        collection, run in rounds); scalars are built on the spot; a mapping's merge keys are
        resolved before any of its pairs. Here: the same rounds, without the generators.
        """
        scalars = {
            "tag:yaml.org,2002:null": self.construct_yaml_null,
            "tag:yaml.org,2002:bool": self.construct_yaml_bool,
            "tag:yaml.org,2002:int": self.construct_yaml_int,
            "tag:yaml.org,2002:float": self.construct_yaml_float,
            _TIMESTAMP: self._timestamp,
        }
        # Collections by node identity: an alias yields the very object its anchor built.
        done: dict[int, Any] = {}
        pending: list[tuple[yaml.Node, Any]] = []

        def obj(node: yaml.Node) -> Any:
            cls = node.__class__
            if cls is ScalarNode:
                if node.tag == _STR:
                    return node.value
                make = scalars.get(node.tag)
                if make is None:
                    raise _Fallback
                try:
                    return make(node)
                except (ValueError, TypeError, OverflowError, KeyError, AttributeError, IndexError) as exc:
                    raise ScalarValueError(node, exc) from None
            found = done.get(id(node))
            if found is not None:
                return found
            if cls is MappingNode and node.tag == _MAP:
                made: Any = {}
            elif cls is SequenceNode and node.tag == _SEQ:
                made = []
            else:
                raise _Fallback
            done[id(node)] = made
            pending.append((node, made))
            return made

        result = obj(root)
        while pending:
            batch, pending[:] = list(pending), []
            for node, made in batch:
                if node.__class__ is SequenceNode:
                    made.extend([obj(item) for item in node.value])
                    continue
                if any(k.tag in _FLATTENED for k, _ in node.value) or any(
                        k.__class__ is not ScalarNode for k, _ in node.value):
                    raise _Fallback  # merge keys, "=" keys, or a list/mapping as key: PyYAML's own rules
                for k, v in node.value:
                    key = obj(k)
                    made[key] = obj(v)
        return result


_Loader = FastSafeLoader


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
    """Raised by :func:`load_with_lines`; ``line`` is 1-based within the given text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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
    return next((indonesian for en, indonesian in table if en.lower() in low), default)


def _describe(exc: yaml.YAMLError) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = _translate(str(problem), _PROBLEMS_ID, "periksa tanda baca: titik dua, tanda kutip, kurung dan indentasi")
    return f"YAML tidak dapat dibaca: {hint}", line


class _TooLarge(Exception):
    """A document over one of the bounds; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _check_expansion(root: yaml.Node) -> None:
    """Raise :class:`_TooLarge` when ``root`` expanded through its aliases exceeds
    :data:`MAX_EXPANDED_NODES` nodes or contains itself.

    Iterative, memoised by node identity: each distinct node is visited once, so the cost is
    the document's own size however far its aliases would expand.
    """
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        ident = id(node)
        if children_done:
            open_.discard(ident)
            if node.__class__ is MappingNode:
                total = 1 + sum(size[id(k)] + size[id(v)] for k, v in node.value)
            else:
                total = 1 + sum(size[id(c)] for c in node.value)
            if total > MAX_EXPANDED_NODES:
                raise _TooLarge("alias YAML ('*') mengembang menjadi terlalu banyak nilai "
                                f"(lebih dari {MAX_EXPANDED_NODES:,}); tulis nilainya tanpa alias".replace(",", "."),
                                node.start_mark.line + 1)
            size[ident] = total
            continue
        if ident in size:
            continue
        if node.__class__ is ScalarNode:
            size[ident] = 1
            continue
        if ident in open_:
            raise _TooLarge("alias YAML ('*') merujuk ke dirinya sendiri", node.start_mark.line + 1)
        open_.add(ident)
        stack.append((node, True))
        children = [n for pair in node.value for n in pair] if node.__class__ is MappingNode else node.value
        for child in reversed(children):
            if id(child) in open_:
                raise _TooLarge("alias YAML ('*') merujuk ke dirinya sendiri", child.start_mark.line + 1)
            if id(child) not in size:
                stack.append((child, False))


def _walk(root: yaml.Node, out: dict[KeyPath, int]) -> None:
    """Record the line of every key path; an aliased node is walked once, at its anchor
    (its first place), so an alias bomb cannot make the walk explode."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node.__class__ is ScalarNode or id(node) in seen:
            continue
        seen.add(id(node))
        subs: list[tuple[yaml.Node, KeyPath]] = []
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key: Hashable = key_node.value
                    sub = (*path, key)
                    out[sub] = key_node.start_mark.line + 1
                    subs.append((value_node, sub))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = (*path, i)
                out[sub] = item.start_mark.line + 1
                subs.append((item, sub))
        stack.extend(reversed(subs))


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
        _walk(node, out)
    return out


def load_with_lines(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; returns the data and its :class:`LineMap`.

    Raises :class:`YamlError` (never a raw PyYAML error) on malformed input and on input over
    the bounds (:data:`MAX_CHARS`, :data:`MAX_EXPANDED_NODES`, a document containing itself).
    """
    if len(text) > MAX_CHARS:
        line = text.count("\n", 0, MAX_CHARS) + 1
        raise YamlError(f"YAML terlalu panjang (lebih dari {MAX_CHARS:,} karakter)".replace(",", "."), line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in text:  # no alias without '*': skip the check on plain documents
            _check_expansion(node)
        data = loader.data_of(node)
    except _TooLarge as exc:
        raise YamlError(exc.message, exc.line) from None
    except yaml.YAMLError as exc:
        raise YamlError(*_describe(exc)) from None
    except ScalarValueError as exc:
        # A tagged scalar its constructor refuses: an impossible date, "!!int abc", "!!bool maybe".
        raise YamlError(_value_message(exc.cause, exc.node.tag), exc.node.start_mark.line + 1) from None
    except (ValueError, TypeError, OverflowError, RecursionError, KeyError, AttributeError, IndexError) as exc:
        # The same failures inside PyYAML's own constructor (documents it builds itself), without a node.
        raise YamlError(_value_message(exc, None), None) from None
    finally:
        loader.dispose()
    return data, LineMap(0, source=text)


_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "ya/tidak (true/false)",
    "tag:yaml.org,2002:int": "bilangan bulat",
    "tag:yaml.org,2002:float": "bilangan",
    "tag:yaml.org,2002:timestamp": "waktu",
    "tag:yaml.org,2002:null": "kosong",
}


def _value_message(exc: BaseException, tag: str | None) -> str:
    hint = _translate(f"{type(exc).__name__} {exc}", _VALUES_ID, "")
    if not hint:
        name = _TAG_NAMES.get(tag or "")
        hint = (f"nilai bertanda !!{tag.rsplit(':', 1)[-1]} bukan {name} yang sah" if tag and name
                else "periksa tanggal, waktu dan angka")
    return f"nilai YAML tidak sah: {hint}"
