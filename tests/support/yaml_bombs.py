"""A corpus of hostile YAML documents (alias bombs, self-reference, sheer size).

Used by tests/test_yamlsrc.py (each must be a BERKAS-FORMAT finding with its line, within
generous resource limits) and by bench/checks/bench_yaml_bombs.py (exact time and memory).
Each entry: name -> (front matter text, expected 1-based line within the YAML text).
"""

from __future__ import annotations


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """Classic exponential alias nesting: about ``width ** levels`` nodes when expanded (~1 KB)."""
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def mapping_laughs(levels: int = 12, width: int = 6) -> str:
    """The same with mappings in block style, as a front matter would look."""
    lines = ["judul: Bom", "l0: &l0 {k: v}"]
    for i in range(1, levels + 1):
        pairs = ", ".join(f"k{j}: *l{i - 1}" for j in range(width))
        lines.append(f"l{i}: &l{i} {{{pairs}}}")
    return "\n".join(lines) + "\n"


def merge_laughs(levels: int = 12) -> str:
    """Merge keys (handled by PyYAML's own constructor) over nested aliases."""
    lines = ["m0: &m0 {a: 1}"]
    for i in range(1, levels + 1):
        lines.append(f"m{i}: &m{i} {{<<: *m{i - 1}, x: [*m{i - 1}, *m{i - 1}, *m{i - 1}, *m{i - 1}]}}")
    return "\n".join(lines) + "\n"


def wide_and_long(chars: int = 2_000_000) -> str:
    """A flow list far beyond any real document: refused on its size before it is parsed."""
    return "x: [" + "a," * (chars // 2) + "]\n"


CORPUS: dict[str, tuple[str, int]] = {
    "billion-laughs": (billion_laughs(), 6),
    "mapping-laughs": (mapping_laughs(), 8),
    "merge-laughs": (merge_laughs(), 8),
    "self-reference": ("judul: a\nx: &x [1, *x]\n", 2),
    "too-long": (wide_and_long(), 1),
}


# The heaviest documents still accepted: what a bounded parse may cost at most.
ACCEPTED_WORST: dict[str, str] = {
    "flow-list-at-size-limit": "x: [" + "a," * 49_990 + "]\n",
    "block-mappings-at-size-limit": "".join(f"- k{i}: v\n" for i in range(9_000)),
    "aliases-at-node-limit": billion_laughs(levels=4, width=14),
}
