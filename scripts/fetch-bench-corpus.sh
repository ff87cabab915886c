#!/usr/bin/env bash
# Fetch the airlock benchmark corpus: the npm packages named in
# bench/packages.txt, packed with `npm pack NAME --ignore-scripts` (no package
# code is ever run), then extracted for the `yara -r` comparison.
#
# Usage: scripts/fetch-bench-corpus.sh [DIR]
#   DIR defaults to ${AIRLOCK_BENCH_CACHE:-$HOME/.cache/airlock-bench}
#
# Layout produced (all outside the repository):
#   DIR/tarballs/*.tgz              as written by `npm pack`
#   DIR/extracted/<tgz-basename>/   each tarball unpacked (usually holds package/)
#   DIR/manifest.tsv                name <TAB> tarball file name
#
# Idempotent: a name already in the manifest whose tarball is present is not
# fetched again (the corpus stays pinned to the versions first fetched; delete
# DIR to refresh), and a tarball already extracted is not extracted again.
# Failures are reported at the end; the script still exits 0 when at least one
# package is in the corpus (exit 1 when none is).
#
# Environment:
#   AIRLOCK_BENCH_CACHE   default DIR
#   FETCH_JOBS            parallel `npm pack` processes (default 4)
#   PACKAGES_FILE         list of names (default bench/packages.txt of the repo)
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
PACKAGES_FILE=${PACKAGES_FILE:-$REPO_ROOT/bench/packages.txt}
DIR=${1:-${AIRLOCK_BENCH_CACHE:-$HOME/.cache/airlock-bench}}
FETCH_JOBS=${FETCH_JOBS:-4}

die() { echo "fetch-bench-corpus: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm not found (apt-get install npm)"
command -v tar >/dev/null || die "tar not found"
[ -r "$PACKAGES_FILE" ] || die "cannot read $PACKAGES_FILE"

# Resolve DIR (even if it does not exist yet) and refuse anything in the repo.
DIR=$(realpath -m -- "$DIR") || die "bad DIR"
REPO_REAL=$(realpath -- "$REPO_ROOT")
case "$DIR/" in
  "$REPO_REAL"/*) die "refusing to write inside the repository ($DIR); pick a DIR outside $REPO_REAL" ;;
esac
mkdir -p "$DIR" || die "cannot create $DIR"

TARBALLS=$DIR/tarballs
EXTRACTED=$DIR/extracted
MANIFEST=$DIR/manifest.tsv
LOGS=$DIR/logs
mkdir -p "$TARBALLS" "$EXTRACTED" "$LOGS"
touch "$MANIFEST"

# Names to fetch: strip comments and blanks.
mapfile -t NAMES < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$PACKAGES_FILE" | awk 'NF && !seen[$0]++')
[ "${#NAMES[@]}" -gt 0 ] || die "no package names in $PACKAGES_FILE"

# Manifest lookup: tarball already fetched for NAME?
have() {
  local name=$1 file
  file=$(awk -F'\t' -v n="$name" '$1==n {f=$2} END {print f}' "$MANIFEST")
  [ -n "$file" ] && [ -s "$TARBALLS/$file" ]
}

# shellcheck disable=SC2317  # invoked through xargs
# Fetch one name; prints "OK name file" or "FAIL name" on stdout.
fetch_one() {
  local name=$1 log out file
  log="$LOGS/$(printf '%s' "$name" | tr '/@' '__').log"
  # Run from DIR so nothing can land in the caller's cwd (e.g. the repo).
  if out=$(cd "$DIR" && npm pack "$name" --ignore-scripts --json \
             --pack-destination "$TARBALLS" --loglevel=error --no-fund --no-audit 2>"$log"); then
    file=$(printf '%s' "$out" | node -e '
      let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
        try { const j = JSON.parse(s); process.stdout.write(j[0].filename); } catch (e) {} });')
    # npm names scoped tarballs "scope-name-1.2.3.tgz"; fall back to newest file.
    if [ -n "$file" ] && [ -s "$TARBALLS/$file" ]; then
      echo "OK	$name	$file"; return 0
    fi
  fi
  echo "FAIL	$name"
  return 0
}
export -f fetch_one
export DIR TARBALLS LOGS

TODO=()
for n in "${NAMES[@]}"; do have "$n" || TODO+=("$n"); done
echo "fetch-bench-corpus: ${#NAMES[@]} names, ${#TODO[@]} to fetch into $TARBALLS (jobs=$FETCH_JOBS)"

FAILED=()
if [ "${#TODO[@]}" -gt 0 ]; then
  RESULTS=$(mktemp)
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  printf '%s\0' "${TODO[@]}" | xargs -0 -n 1 -P "$FETCH_JOBS" bash -c 'fetch_one "$1"' _ >"$RESULTS"
  while IFS=$'\t' read -r status name file; do
    case $status in
      OK)   printf '%s\t%s\n' "$name" "$file" >>"$MANIFEST"; echo "  fetched $name -> $file" ;;
      FAIL) FAILED+=("$name") ;;
    esac
  done <"$RESULTS"
  rm -f "$RESULTS"
fi

# Extract every tarball not yet extracted (atomic: tmp dir, then rename).
n_extracted=0; EXTRACT_FAILED=()
for tgz in "$TARBALLS"/*.tgz; do
  [ -e "$tgz" ] || continue
  base=$(basename "$tgz" .tgz)
  dest=$EXTRACTED/$base
  [ -d "$dest" ] && continue
  tmp=$(mktemp -d "$EXTRACTED/.tmp.$base.XXXXXX")
  if tar -xzf "$tgz" -C "$tmp" --no-same-owner --no-same-permissions 2>>"$LOGS/extract.log"; then
    chmod -R u+rwX "$tmp"
    mv "$tmp" "$dest"; n_extracted=$((n_extracted + 1))
  else
    rm -rf "$tmp"; EXTRACT_FAILED+=("$base")
  fi
done

n_tgz=$(find "$TARBALLS" -maxdepth 1 -name '*.tgz' | wc -l)
n_dirs=$(find "$EXTRACTED" -mindepth 1 -maxdepth 1 -type d ! -name '.tmp.*' | wc -l)
tgz_bytes=$(find "$TARBALLS" -maxdepth 1 -name '*.tgz' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')
raw_bytes=$(find "$EXTRACTED" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')
n_files=$(find "$EXTRACTED" -type f | wc -l)

echo
echo "corpus:     $DIR"
echo "tarballs:   $n_tgz ($(awk -v b="$tgz_bytes" 'BEGIN {printf "%.1f", b/1e6}') MB compressed)"
echo "extracted:  $n_dirs trees, $n_files files, $(awk -v b="$raw_bytes" 'BEGIN {printf "%.1f", b/1e6}') MB uncompressed (newly extracted: $n_extracted)"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "FAILED to fetch (${#FAILED[@]}), see $LOGS/: ${FAILED[*]}"
fi
if [ "${#EXTRACT_FAILED[@]}" -gt 0 ]; then
  echo "FAILED to extract (${#EXTRACT_FAILED[@]}), see $LOGS/extract.log: ${EXTRACT_FAILED[*]}"
fi
[ "$n_tgz" -gt 0 ] || exit 1
exit 0
