#!/usr/bin/env bash
# Shared set-up for ./jalankan and ./uji: a virtual environment in .venv with the project installed.
# Idempotent and quick when nothing changed (a stamp file records the pyproject hash).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
extras="${1:-}"
py="${PYTHON:-python3}"
if ! command -v "$py" >/dev/null 2>&1; then
  echo "galat: Python 3.11 atau lebih baru tidak ditemukan (perintah '$py')." >&2
  exit 1
fi
"$py" - <<'PY' || { echo "galat: butuh Python 3.11 atau lebih baru." >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  echo "» Membuat lingkungan Python di .venv ..."
  "$py" -m venv .venv
fi
stamp=".venv/.jdih-terpasang${extras:+-$extras}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» Memasang paket Python (sekali saja; berikutnya cepat) ..."
  .venv/bin/python -m pip install -q --upgrade pip
  if [ -n "$extras" ]; then
    .venv/bin/python -m pip install -q -e ".[$extras]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
  echo "$want" > "$stamp"
fi
