"""The cold-run speed-ups of the report keep results identical (the timings are in bench/reports)."""

from __future__ import annotations

import itertools

from jdih.gitflow.content_log import _post_id, _post_id_fn


def test_fast_post_id_matches_the_path_based_one() -> None:
    segs = ["content", "2026", "slug", "index.md", "a", "x.md", "content2"]
    fast = _post_id_fn("content")
    for k in range(1, 6):
        for combo in itertools.product(segs, repeat=k):
            path = "/".join(combo)
            assert fast(path) == _post_id(path, "content"), path
    nested = _post_id_fn("situs/content")
    assert nested("situs/content/2026/a/index.md") == _post_id("situs/content/2026/a/index.md", "situs/content")
    assert nested("content/2026/a/index.md") is None


def test_parsing_git_output_in_pieces_equals_parsing_it_whole() -> None:
    from jdih.gitflow.content_log import _FLD, _REC, _merge_parts, parse_log_rows

    def record(i: int, paths: list[str]) -> str:
        head = _FLD.join([f"{i:040x}", f"2026-01-{1 + i % 28:02d}T08:00:00+07:00", "Dwi", "d@x", f"pesan {i}"])
        body = "".join(f"M\0{p}\0" for p in paths)
        return f"{_REC}{head}\0\n{body}"

    raw = "".join(
        record(i, [f"content/2026/pos-{i % 7}/index.md", "README.md", f"content/2025/lama-{i % 3}/gambar.jpg"])
        for i in range(60)
    )
    whole, n = parse_log_rows(raw)
    cuts = [*[i for i, ch in enumerate(raw) if ch == _REC][::7], len(raw)]
    pieces = [raw[a:b] for a, b in zip([0, *cuts], cuts, strict=False) if a != b]
    assert "".join(pieces) == raw and len(pieces) > 5
    merged, m = _merge_parts([parse_log_rows(p) for p in pieces])
    assert m == n == 60
    assert list(merged) == list(whole)
    assert merged == whole
