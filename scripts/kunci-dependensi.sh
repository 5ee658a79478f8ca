#!/usr/bin/env bash
# Refresh the dependency locks (Python with hashes; npm lockfiles) after changing pyproject.toml or a
# package.json. Run: scripts/kunci-dependensi.sh   (network: PyPI and npm). Commit the changed locks.
#   requirements.lock      runtime dependencies + the build backend (setuptools), every file hashed
#   requirements-dev.lock  the same plus the `dev` extra (tests, linters)
#   desk/package-lock.json Decap CMS for the web desk (npm; installed with `npm ci`)
# Everything installs with `pip install --require-hashes` (scripts/setup_env.sh, the workflows), so a
# package the registry serves tomorrow with other content is refused instead of run with every secret.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools=".tools/pip-tools"
if [ ! -x "$tools/bin/pip-compile" ]; then
  python3 -m venv "$tools"
  "$tools/bin/python" -m pip install -q "pip-tools==7.6.2"
fi
compile=("$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
         --all-build-deps --resolver=backtracking)
CUSTOM_COMPILE_COMMAND="scripts/kunci-dependensi.sh" "${compile[@]}" --output-file requirements.lock pyproject.toml
CUSTOM_COMPILE_COMMAND="scripts/kunci-dependensi.sh" "${compile[@]}" --extra dev --output-file requirements-dev.lock \
  pyproject.toml
for lock in $(git ls-files '*package-lock.json'); do
  (cd "$(dirname "$lock")" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --silent)
done
echo "Kunci dependensi diperbarui: requirements.lock, requirements-dev.lock, package-lock.json. Commit berkas itu."
