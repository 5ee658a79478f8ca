"""Time and peak memory of `load_with_lines` on the YAML bomb corpus (tests/support/yaml_bombs.py).

Run: `.venv/bin/python bench/checks/bench_yaml_bombs.py`. Each document is loaded in a fresh
subprocess, which reports wall seconds for the load and its peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2] / "tests"

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from support.yaml_bombs import ACCEPTED_WORST, CORPUS
from jdih.yamlsrc import YamlError, load_with_lines
text = CORPUS[sys.argv[2]][0] if sys.argv[2] in CORPUS else ACCEPTED_WORST[sys.argv[2]]
start = time.perf_counter()
try:
    load_with_lines(text)
    outcome = "dimuat"
except YamlError as exc:
    outcome = f"YamlError baris {exc.line}"
took = time.perf_counter() - start
print(json.dumps({"s": took, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "hasil": outcome}))
"""


def main() -> None:
    """Print one Markdown table row per corpus entry."""
    sys.path.insert(0, str(TESTS))
    from support.yaml_bombs import ACCEPTED_WORST, CORPUS

    print("| dokumen | ukuran (karakter) | hasil | waktu muat (s) | memori puncak proses (MB) |")
    print("| --- | ---: | --- | ---: | ---: |")
    texts = {**{name: text for name, (text, _line) in CORPUS.items()}, **ACCEPTED_WORST}
    for name, text in texts.items():
        out = subprocess.run([sys.executable, "-c", _CHILD, str(TESTS), name], capture_output=True, text=True,
                             check=True)
        row = json.loads(out.stdout)
        print(f"| {name} | {len(text):,} | {row['hasil']} | {row['s']:.4f} | {row['mb']:.0f} |")


if __name__ == "__main__":
    main()
