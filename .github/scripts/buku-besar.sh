#!/usr/bin/env bash
# Keep the exactly-once ledger (.jdih/buku-besar: in-flight publish/announce records) across CI runs.
# A runner is thrown away after each job; without this, a run killed between a platform's create
# call and the commit of the front matter would leave no trace and the next run could post twice.
#   buku-besar.sh ambil   restore the ledger from branch `buku-besar` (absent on the first run)
#   buku-besar.sh simpan  store the current ledger as a new commit on that branch
# Only one publish run exists at a time (workflow concurrency group `publish`), so the branch has
# a single writer and a forced update is safe. Env: GITHUB_TOKEN.
set -euo pipefail
branch="buku-besar"
dir=".jdih/buku-besar"
auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
case "${1:-}" in
  ambil)
    if git -c http.extraheader="$auth" fetch --quiet origin "refs/heads/$branch:refs/remotes/origin/$branch" 2>/dev/null; then
      rm -rf "$dir"
      mkdir -p .jdih
      git archive "refs/remotes/origin/$branch" | tar -x -C .jdih
      echo "Buku besar dipulihkan dari cabang $branch."
    else
      echo "Cabang $branch belum ada: buku besar dimulai kosong."
    fi
    ;;
  simpan)
    mkdir -p "$dir"
    index="$(mktemp)"
    rm -f "$index"
    # A private index: .jdih/ is ignored on main and the work tree must stay untouched.
    GIT_INDEX_FILE="$index" git --work-tree=.jdih add --force --all -- buku-besar
    tree="$(GIT_INDEX_FILE="$index" git --work-tree=.jdih write-tree)"
    rm -f "$index"
    parent_args=()
    if git rev-parse -q --verify "refs/remotes/origin/$branch" >/dev/null; then
      parent_args=(-p "refs/remotes/origin/$branch")
      if [ "$(git rev-parse "refs/remotes/origin/$branch^{tree}")" = "$tree" ]; then
        echo "Buku besar tidak berubah."
        exit 0
      fi
    fi
    commit="$(git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
      commit-tree "$tree" "${parent_args[@]}" -m "ci(ledger): in-flight publish state")"
    git -c http.extraheader="$auth" push --quiet --force origin "$commit:refs/heads/$branch"
    git update-ref "refs/remotes/origin/$branch" "$commit"
    echo "Buku besar disimpan ke cabang $branch."
    ;;
  *)
    echo "pemakaian: buku-besar.sh ambil|simpan" >&2
    exit 2
    ;;
esac
