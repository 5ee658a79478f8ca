"""Property-based: ``jdih periksa`` never crashes and never writes, whatever the post holds."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import NOW, make_post, new_project
from jdih.cli import cli
from jdih.post import read_post, render_post
from jdih.schema import TOP_LEVEL_KEYS

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["disposisi", "diumumkan", "x", "instagram", "rahmat", "../../etc/passwd", "/etc/passwd",
                     "gambar-1.jpg", "https://x.com/a", "2026-11-16T08:00:00+07:00", "", "💥" * 3]),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=7))])),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), scalars),
                                                                         inner, max_size=4)),
    max_leaves=12,
)
front_matter = st.dictionaries(st.one_of(st.sampled_from(list(TOP_LEVEL_KEYS)), st.text(max_size=10)), values,
                               max_size=10)


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("prop") / "proyek")
    make_post(project, "contoh", status="diumumkan")
    return project


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def _check_never_crashes_or_writes(project, monkeypatch) -> None:
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("JDIH_SEKARANG", NOW.isoformat())
    before = _snapshot(project.root)
    for args in (["periksa"], ["periksa", "--format", "json"], ["status", "--semua"]):
        res = CliRunner().invoke(cli, ["--proyek", str(project.root), *args])
        assert res.exit_code in (0, 1), (args, res.output, res.exception)
        assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
        assert "Traceback" not in res.output
        assert "PERIKSA-INTERNAL" not in res.output, res.output
    assert _snapshot(project.root) == before


def _write(project, data: bytes) -> None:
    target = project.content_dir / "2026" / "acak" / "index.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


@SETTINGS
@given(meta=front_matter, body=st.text(max_size=200))
def test_arbitrary_front_matter(proj, monkeypatch, meta, body):
    try:
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    except yaml.YAMLError:
        return
    _write(proj, text.encode("utf-8", "surrogatepass"))
    _check_never_crashes_or_writes(proj, monkeypatch)


@SETTINGS
@given(data=st.binary(max_size=300), prefix=st.sampled_from([b"", b"---\n", b"---\njudul: a\n"]))
def test_arbitrary_bytes(proj, monkeypatch, data, prefix):
    _write(proj, prefix + data + (b"\n---\n" if prefix else b""))
    _check_never_crashes_or_writes(proj, monkeypatch)


def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


@SETTINGS
@given(choice=st.data())
def test_mutated_valid_post(proj, monkeypatch, choice):
    """Replace one value anywhere in a valid post's front matter by an arbitrary value."""
    base = read_post(proj.content_dir / "2026" / "contoh" / "index.md")
    meta = copy.deepcopy(base.meta)
    path = choice.draw(st.sampled_from(_paths(meta)[1:]))
    new = choice.draw(values)
    parent = meta
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    try:
        text = render_post(meta, base.body)
    except (yaml.YAMLError, ValueError):
        return
    target = proj.content_dir / "2026" / "acak" / "index.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    (target.parent / "gambar-1.jpg").write_bytes((base.folder / "gambar-1.jpg").read_bytes())
    _check_never_crashes_or_writes(proj, monkeypatch)

