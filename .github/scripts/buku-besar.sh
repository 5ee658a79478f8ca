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
      # The branch is untrusted input: only regular files under buku-besar/ are written, each inside
      # .jdih/ (no symlink, no submodule, no '..', no absolute path); anything else is skipped and named.
      if [ -L .jdih ] || { [ -e .jdih ] && [ ! -d .jdih ]; }; then
        echo "galat: .jdih bukan folder biasa; buku besar tidak dipulihkan." >&2
        exit 1
      fi
      rm -rf "$dir"
      mkdir -p "$dir"
      while IFS= read -r -d '' row; do
        meta="${row%%$'\t'*}"
        path="${row#*$'\t'}"
        read -r mode kind blob <<<"$meta"
        case "/$path/" in
          */../*|*/./*|//*) echo "peringatan: '$path' dilewati (jalur tidak sah)." >&2; continue ;;
        esac
        if [ "$kind" != blob ] || { [ "$mode" != 100644 ] && [ "$mode" != 100755 ]; }; then
          echo "peringatan: '$path' dilewati (bukan berkas biasa: mode $mode)." >&2
          continue
        fi
        case "$path" in
          buku-besar/*) ;;
          *) echo "peringatan: '$path' dilewati (di luar buku-besar/)." >&2; continue ;;
        esac
        target=".jdih/$path"
        mkdir -p "$(dirname "$target")"
        # A folder on the way that is a symlink cannot exist: every folder was made here, from nothing.
        git cat-file blob "$blob" > "$target"
      done < <(git -c core.quotepath=off ls-tree -r -z --full-tree "refs/remotes/origin/$branch")
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
