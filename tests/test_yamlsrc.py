"""The fast YAML loader gives exactly what PyYAML's safe loader gives, and bad values are findings.

``jdih.yamlsrc.FastSafeLoader`` replaces PyYAML's generic Python constructor for speed
(bench/checks/README.md). These tests hold it to PyYAML's own result: same values, same
types (``True`` is not ``1``), same key order, same object sharing for aliases, and the
same failures, on the project's real files, on generated data in every YAML style, and on
raw text that is mostly not valid YAML at all.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import REPO, new_project
from jdih.cli import cli
from jdih.post import split_front_matter
from jdih.yamlsrc import FastSafeLoader, ScalarValueError, YamlError, load_with_lines
from support.yaml_bombs import CORPUS as YAML_BOMBS


def same(a: Any, b: Any) -> bool:
    """Equal values of identical types, keys in the same order, datetimes with the same offset."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (list(a) == list(b) and all(type(x) is type(y) for x, y in zip(a, b, strict=True))
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime):
        return a == b and a.utcoffset() == b.utcoffset() and (a.tzinfo is None) == (b.tzinfo is None)
    if isinstance(a, float) and a != a:
        return b != b  # NaN
    return bool(a == b)


def outcome(text: str, loader: type) -> tuple[str, Any]:
    """("ok", data) or ("error", exception type) for one loader; the fast loader's wrapped
    scalar errors count as the error PyYAML itself raises."""
    try:
        return "ok", yaml.load(text, Loader=loader)
    except ScalarValueError as exc:
        return "error", type(exc.cause)
    except Exception as exc:
        return "error", type(exc)


def assert_same_as_pyyaml(text: str) -> None:
    kind_c, c = outcome(text, yaml.CSafeLoader)
    kind_f, f = outcome(text, FastSafeLoader)
    assert kind_c == kind_f, (text, c, f)
    if kind_c == "ok":
        assert same(c, f), (text, c, f)
    else:
        assert c is f, (text, c, f)


def project_yaml_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((REPO / "content").glob("*/*/index.md")):
        out.append((path.relative_to(REPO).as_posix(), split_front_matter(path.read_text(encoding="utf-8"))[0]))
    for path in sorted((REPO / "sop").glob("*.yml")):
        out.append((path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize(("name", "text"), project_yaml_texts(), ids=lambda v: v if "/" in v else "")
def test_every_project_file_loads_exactly_as_pyyaml(name, text):
    assert_same_as_pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",  # alias to a list
        "a: &x {k: v}\nb: [*x, *x]\n",
        "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",  # merge key
        "s: !!set {a, b}\no: !!omap [a: 1, b: 2]\np: !!pairs [a: 1, a: 2]\n",
        "b: !!binary aGFsbw==\n",
        "=: nilai\n",  # value key
        "[a, b]: 1\n",  # unhashable key
        "{a: 1}: 1\n",
        "t1: 2026-11-24T09:00:00+07:00\nt2: 2026-11-24 09:00:00\nt3: 2026-11-24T02:00:00Z\n"
        "t4: 2026-11-24T09:00:00.123456789+07:00\nt5: 2026-11-24t09:00:00-03:30\nt6: 2026-11-24\n"
        "t7: 2026-11-24T09:00:00+7\nt8: 2026-11-24 9:00:00 +07:00\n",
        "t: 2026-11-24T09:00:00-00:30\n",
        "n: ~\nb: [yes, No, on, OFF, true, FALSE]\ni: [0x1F, 0o17, 017, 1_000, -0, +5, 190:20:30]\n"
        "f: [1.5, .inf, -.Inf, .nan, 1e3, 6.8523015e+5, 190:20:30.15]\n",
        "x: !!str 123\ny: !!int '7'\nz: !!float '1'\nw: !!null ''\nv: !!bool 'yes'\nu: !!timestamp 2026-01-02\n",
        "x: !!bool maybe\n", "x: !!timestamp nope\n", "x: !!int ''\n", "x: !!float abc\n",
        "x: 2026-02-30T09:00:00+07:00\n", "x: !!str {a: 1}\n", "x: !!map abc\n", "x: !tidak-dikenal a\n",
        "dup: 1\ndup: 2\n", "- a\n- b\n", "just a scalar", "", "a: 1\n---\nb: 2\n",
        "a:\n  - b:\n      - c: [d, {e: f}]\n",
        "k: |\n  baris satu\n  baris dua\nl: >-\n  dilipat\n  jadi satu\n",
    ],
)
def test_special_shapes_load_exactly_as_pyyaml(text):
    assert_same_as_pyyaml(text)


def test_aliases_share_one_object_like_pyyaml():
    data = yaml.load("a: &x [1]\nb: *x\nc: &y {k: v}\nd: [*y]\n", Loader=FastSafeLoader)
    assert data["a"] is data["b"]
    assert data["c"] is data["d"][0]


def test_recursive_alias_is_built_by_pyyaml_itself():
    data = yaml.load("a: &a {b: *a}\n", Loader=FastSafeLoader)
    assert data["a"]["b"] is data["a"]


def test_resolver_memo_does_not_leak_between_quoted_and_plain_scalars():
    # "123" quoted is text, plain is a number: the memo must keep them apart in either order.
    assert yaml.load("a: '123'\nb: 123\nc: '123'\n", Loader=FastSafeLoader) == {"a": "123", "b": 123, "c": "123"}


_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["yes", "no", "on", "off", "~", "null", "0x1F", "017", "1_000", "1e3", ".inf", "=", "<<",
                     "2026-11-24", "2026-11-24T09:00:00+07:00", "12:30:00", "- a", "a: b", "#x", "'q'"]),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=7)),
                                            timezone(-timedelta(hours=3, minutes=30))])),
    st.dates(min_value=date(1, 1, 1)),
)
_data = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=8), _scalar), inner, max_size=4)),
    max_leaves=16,
)


@settings(max_examples=300, deadline=None)
@given(_data, st.sampled_from([None, False, True]), st.booleans())
def test_generated_data_in_every_style_loads_exactly_as_pyyaml(data, flow, canonical):
    text = yaml.safe_dump(data, default_flow_style=flow, canonical=canonical, allow_unicode=True, sort_keys=False)
    assert_same_as_pyyaml(text)


_yamlish = st.lists(
    st.sampled_from([*string.ascii_lowercase[:6], *"019:-,[]{}&*!<=#'\"|>?~.+ \n\t",
                     "!!int ", "!!bool ", "!!timestamp ", "!!str ", "!!set ", "&a ", "*a", "<<: ",
                     "2026-11-24T09:00:00+07:00", "\n  ", "\n- ", "yes", "null", ": "]),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_yamlish)
def test_arbitrary_text_loads_or_fails_exactly_as_pyyaml(text):
    assert_same_as_pyyaml(text)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("judul: a\nstatus: !!bool mungkin\n", 2, "nilai bertanda !!bool bukan ya/tidak (true/false) yang sah"),
        ("judul: !!timestamp besok\n", 1, "nilai bertanda !!timestamp bukan waktu yang sah"),
        ("a: 1\nb: 2\nc: !!int ''\n", 3, "nilai bertanda !!int bukan bilangan bulat yang sah"),
        ("jadwal: 2026-02-30T09:00:00+07:00\n", 1, "tanggal tidak ada dalam bulan tersebut"),
    ],
)
def test_refused_tagged_values_are_yaml_errors_with_their_line(text, line, message):
    with pytest.raises(YamlError) as info:
        load_with_lines(text)
    assert info.value.line == line
    assert info.value.message == f"nilai YAML tidak sah: {message}"


def test_refused_tagged_value_is_a_finding_with_line_and_status_does_not_crash(tmp_path: Path, monkeypatch):
    project = new_project(tmp_path / "proyek")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("JDIH_SEKARANG", "2026-11-24T10:00:00+07:00")
    folder = project.content_dir / "2026" / "x"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\njudul: Contoh\nstatus: !!timestamp besok\n---\n\nIsi.\n", encoding="utf-8")
    before = (folder / "index.md").read_bytes()
    runner = CliRunner()
    res = runner.invoke(cli, ["--proyek", str(project.root), "periksa"], catch_exceptions=False)
    assert res.exit_code == 1
    assert res.output.splitlines()[0] == (
        "content/2026/x/index.md:3: GALAT BERKAS-FORMAT: nilai YAML tidak sah: nilai bertanda !!timestamp bukan "
        "waktu yang sah")
    res = runner.invoke(cli, ["--proyek", str(project.root), "status"], catch_exceptions=False)  # a crash raises
    assert "Traceback" not in res.output
    assert (folder / "index.md").read_bytes() == before


# --- bounded parsing: alias bombs, self-reference and sheer size (issue 12) ------------------------


@pytest.mark.parametrize("name", sorted(YAML_BOMBS))
def test_yaml_bomb_is_a_yaml_error_with_its_line(name):
    text, line = YAML_BOMBS[name]
    with pytest.raises(YamlError) as info:
        load_with_lines(text)
    assert info.value.line == line
    assert info.value.message.startswith(("alias YAML", "YAML terlalu panjang"))


def test_line_map_does_not_walk_through_aliases():
    _data, lines = load_with_lines("a: &x [1, 2]\nb: *x\nc:\n  d: 1\n")
    assert lines.lines == {("a",): 1, ("a", 0): 1, ("a", 1): 1, ("b",): 2, ("c",): 3, ("c", "d"): 4}
    assert lines.line("b", 0) == 2  # the alias's own key, not the anchor's items


def test_harmless_aliases_still_load():
    data, _lines = load_with_lines("a: &x {k: [1, 2]}\nb: *x\nc: [*x, *x]\n")
    assert data["b"] == {"k": [1, 2]} and data["c"][1] is data["a"]


_BOUNDED_PERIKSA = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
resource.setrlimit(resource.RLIMIT_CPU, (30, 30))
from jdih.cli import cli
sys.exit(cli.main(["--proyek", sys.argv[1], "periksa"], standalone_mode=True))
"""


def test_periksa_reports_every_bomb_as_a_finding_within_resource_limits(tmp_path: Path):
    """The real CLI in a subprocess capped at 1.5 GB address space and 30 s CPU (generous: the
    measured figures are in bench/checks/README.md); before bounded parsing the first bomb
    alone took more than 3 GB."""
    project = new_project(tmp_path / "proyek")
    expected = []
    for name, (text, line) in sorted(YAML_BOMBS.items()):
        folder = project.content_dir / "2026" / name
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"---\n{text}---\n\nIsi.\n", encoding="utf-8")
        expected.append(f"content/2026/{name}/index.md:{line + 1}: GALAT BERKAS-FORMAT: ")
    env = {**os.environ, "JDIH_SEKARANG": "2026-11-24T10:00:00+07:00"}
    res = subprocess.run([sys.executable, "-c", _BOUNDED_PERIKSA, str(project.root)], capture_output=True,
                         text=True, env=env, cwd=project.root, check=False)
    assert res.returncode == 1, res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    for prefix in expected:
        assert any(out.startswith(prefix) for out in res.stdout.splitlines()), (prefix, res.stdout[-2000:])
