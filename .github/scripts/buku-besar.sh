#!/usr/bin/env bash
# Keep the exactly-once ledger (.jdih/buku-besar: in-flight publish/announce records) across CI runs.
# A runner is thrown away after each job; without this, a run killed between a platform's create
# call and the commit of the front matter would leave no trace and the next run could post twice.
#   buku-besar.sh ambil   restore the ledger from branch `buku-besar` (absent on the first run)
#   buku-besar.sh simpan  store the current ledger as a new commit on that branch
# Office clones share the same branch (jdih.gitflow.ledger_branch): a run that delivers claims it with
# klaim/pengiriman.json. `ambil` refuses while another run holds the claim and takes it for this CI run;
# `simpan` stores the ledger and drops this run's claim. Every update is a compare-and-swap push
# (--force-with-lease on the branch as last seen), so a clone's claim is never overwritten. Env: GITHUB_TOKEN.
set -euo pipefail
branch="buku-besar"
dir=".jdih/buku-besar"
claim="klaim/pengiriman.json"
auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
ref="refs/remotes/origin/$branch"
who=(-c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com")

# push COMMIT: compare-and-swap of the branch against what this runner last saw of it.
push_cas() {
  local seen=""
  seen="$(git rev-parse -q --verify "$ref" || true)"
  if ! git -c http.extraheader="$auth" push --quiet --force-with-lease="refs/heads/$branch:$seen" \
      origin "$1:refs/heads/$branch" 2>/dev/null; then
    echo "galat: cabang $branch berubah bersamaan (klon kantor lain sedang mengirim); jalankan lagi nanti." >&2
    return 1
  fi
  git update-ref "$ref" "$1"
}
case "${1:-}" in
  ambil)
    if git -c http.extraheader="$auth" fetch --quiet origin "refs/heads/$branch:refs/remotes/origin/$branch" 2>/dev/null; then
      # The branch is untrusted input: only regular files under buku-besar/ are written, each inside
      # .jdih/ (no symlink, no submodule, no '..', no absolute path); anything else is skipped and named.
      if [ -L .jdih ] || { [ -e .jdih ] && [ ! -d .jdih ]; }; then
        echo "galat: .jdih bukan folder biasa; buku besar tidak dipulihkan." >&2
        exit 1
      fi
      if git cat-file -e "$ref:$claim" 2>/dev/null; then
        echo "galat: pengiriman lain sedang berjalan (klaim di cabang $branch: $(git cat-file blob "$ref:$claim" \
          | tr -d '\n' | cut -c1-300)). Tidak ada yang dikirim; jalankan lagi setelah pengiriman itu selesai." >&2
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
          klaim/*) continue ;;
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
    # Take the office's delivery claim for this run (a clone that sees it sends nothing meanwhile).
    body="{\"klon\": \"github-actions-${GITHUB_RUN_ID:-lokal}\", \"oleh\": \"github-actions\", \"komputer\": \"GitHub Actions\", \"perintah\": \"ci\", \"sejak\": \"$(date -Iseconds)\"}"
    blob="$(printf '%s\n' "$body" | git hash-object -w --stdin)"
    index="$(mktemp)"
    rm -f "$index"
    if git rev-parse -q --verify "$ref" >/dev/null; then
      GIT_INDEX_FILE="$index" git read-tree "$ref"
      parent_args=(-p "$ref")
    else
      parent_args=()
    fi
    GIT_INDEX_FILE="$index" git update-index --add --cacheinfo "100644,$blob,$claim"
    tree="$(GIT_INDEX_FILE="$index" git write-tree)"
    rm -f "$index"
    commit="$(git "${who[@]}" commit-tree "$tree" "${parent_args[@]}" -m "ci(ledger): claim delivery run")"
    push_cas "$commit"
    echo "Klaim pengiriman diambil untuk proses CI ini."
    ;;
  simpan)
    mine="\"github-actions-${GITHUB_RUN_ID:-lokal}\""
    if ! { git cat-file -e "$ref:$claim" 2>/dev/null && git cat-file blob "$ref:$claim" | grep -q "$mine"; }; then
      # `ambil` did not take the claim (another run holds it, or it failed): this runner restored
      # nothing, so storing its empty ledger would erase the office's records.
      echo "Proses ini tidak memegang klaim pengiriman: buku besar tidak disimpan."
      exit 0
    fi
    mkdir -p "$dir"
    index="$(mktemp)"
    rm -f "$index"
    # A private index over the branch as last seen: .jdih/ is ignored on main and the work tree must
    # stay untouched; what the branch holds besides the ledger (a clone's claim) is kept as it is.
    parent_args=()
    if git rev-parse -q --verify "$ref" >/dev/null; then
      GIT_INDEX_FILE="$index" git read-tree "$ref"
      parent_args=(-p "$ref")
      GIT_INDEX_FILE="$index" git update-index --force-remove "$claim"  # this run's own claim (checked above)
    fi
    GIT_INDEX_FILE="$index" git --work-tree=.jdih add --force --all -- buku-besar
    tree="$(GIT_INDEX_FILE="$index" git --work-tree=.jdih write-tree)"
    rm -f "$index"
    if [ ${#parent_args[@]} -gt 0 ] && [ "$(git rev-parse "$ref^{tree}")" = "$tree" ]; then
      echo "Buku besar tidak berubah."
      exit 0
    fi
    commit="$(git "${who[@]}" commit-tree "$tree" "${parent_args[@]}" -m "ci(ledger): in-flight publish state")"
    push_cas "$commit"
    echo "Buku besar disimpan ke cabang $branch."
    ;;
  *)
    echo "pemakaian: buku-besar.sh ambil|simpan" >&2
    exit 2
    ;;
esac
