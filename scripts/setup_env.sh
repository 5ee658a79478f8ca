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
# WeasyPrint (naskah PDF: laporan, Buku Agenda, berita acara) needs Pango and HarfBuzz from Debian,
# and the DejaVu fonts it embeds; installed only when missing.
pdf_missing=""
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
  /sbin/ldconfig -p 2>/dev/null | grep -q "$lib" || pdf_missing=1
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || pdf_missing=1
if [ -n "$pdf_missing" ] && command -v apt-get >/dev/null 2>&1; then
  echo "» Memasang pustaka Pango/HarfBuzz dan huruf DejaVu untuk PDF (paket Debian) ..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core
fi
if [ ! -x .venv/bin/python ]; then
  echo "» Membuat lingkungan Python di .venv ..."
  "$py" -m venv .venv
fi
stamp=".venv/.jdih-terpasang${extras:+-$extras}"
# Dependencies come from the hashed lock (requirements.lock, or requirements-dev.lock for `dev`), never
# from whatever the registry serves today; refresh the locks with scripts/kunci-dependensi.sh.
lock="requirements${extras:+-$extras}.lock"
want="$(cat pyproject.toml "$lock" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» Memasang paket Python dari $lock (sekali saja; berikutnya cepat) ..."
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$lock"
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  if ! .venv/bin/python -m pip check >/dev/null; then
    echo "galat: $lock tidak lagi memuat semua dependensi pyproject.toml." >&2
    echo "       Jalankan scripts/kunci-dependensi.sh, lalu ulangi." >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
# Decap CMS for the web desk (`jdih meja`), pinned in desk/package-lock.json, from npm (never a CDN).
if command -v npm >/dev/null 2>&1; then
  desk_want="$(sha256sum desk/package-lock.json | cut -d' ' -f1)"
  if [ ! -f desk/node_modules/decap-cms/dist/decap-cms.js ] || [ ! -f desk/node_modules/.jdih/twitter-text.js ] \
     || [ "$(cat desk/node_modules/.jdih-terpasang 2>/dev/null)" != "$desk_want" ]; then
    echo "» Memasang Decap CMS untuk meja kerja (npm, sekali saja) ..."
    npm ci --silent --no-audit --no-fund --ignore-scripts --prefix desk >/dev/null
    # twitter-text ships CommonJS only: one browser script for the GitHub desk preview (no CDN).
    node desk/build-twitter-text.mjs
    echo "$desk_want" > desk/node_modules/.jdih-terpasang
  fi
else
  echo "catatan: npm tidak ditemukan; meja kerja (jdih meja) butuh Decap CMS dari npm." >&2
fi
