#!/usr/bin/env bash
# Commit what CI wrote into content/ (riwayat, tautan) back to main with GITHUB_TOKEN (the GitHub App's
# installation token in production: the only identity branch protection lets write to main).
# Usage: simpan.sh "commit message"   (env: GITHUB_TOKEN, GITHUB_OUTPUT)
# When main moved meanwhile, rebase onto it and retry; content/ only ever gains lines from CI.
set -euo pipefail
msg="$1"
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add -A content
if git diff --cached --quiet; then
  echo "Tidak ada perubahan konten untuk disimpan."
  echo "berubah=false" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit 0
fi
# "[skip ci]": the GitHub App token's push would otherwise start this workflow again (a GITHUB_TOKEN
# push does not, but that token may no longer write to main).
git commit --quiet -m "$msg [skip ci]"
# The token goes in a header for this one command only (checkout used persist-credentials: false).
auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
for attempt in 1 2 3; do
  if git -c http.extraheader="$auth" push --quiet origin HEAD:main; then
    echo "Perubahan konten disimpan ke main."
    echo "berubah=true" >> "${GITHUB_OUTPUT:-/dev/null}"
    exit 0
  fi
  echo "Push ditolak (percobaan $attempt); menarik main terbaru ..."
  git -c http.extraheader="$auth" pull --quiet --rebase origin main
done
echo "galat: gagal menyimpan perubahan konten ke main setelah 3 percobaan." >&2
exit 1
