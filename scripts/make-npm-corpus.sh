#!/usr/bin/env bash
# Writes data/corpus/npm.tsv, the npm popular-name corpus compiled into airlock
# (airlock::names::embedded_npm_corpus()).
#
#   scripts/make-npm-corpus.sh [COUNT]      # default: every name of the list (~17,000)
#
# Source: the npm package `npm-high-impact` (Titus Wormer), pinned below. It exports three
# lists; we use `npmHighImpact` (lib/top.js): the union of the most-downloaded and the
# most-depended-on packages, "sorted by most downloaded first; packages that don't reach the
# download threshold but are depended on a lot are listed after that in order of dependents".
# The rank written is the 1-based position in that list, so rank 1 = most popular. The list
# is read as data (a JS array literal of quoted strings), never executed.
#
# Output: one `name<TAB>rank` line per package, sorted by rank, no header. Needs `npm` and
# network access to the npm registry; nothing else.
set -euo pipefail

version=1.13.0
count=${1:-0}  # 0 = all
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/data/corpus/npm.tsv"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "npm-high-impact@$version" >/dev/null)
tar -xzf "$tmp/npm-high-impact-$version.tgz" -C "$tmp"
list="$tmp/package/lib/top.js"
[[ -f "$list" ]] || { echo "make-npm-corpus: $list missing in npm-high-impact@$version" >&2; exit 1; }

# Lines look like:   'name',   (names never contain quotes; npm forbids them).
grep -E "^  '[^']+',?$" "$list" |
  sed -E "s/^  '([^']+)',?$/\1/" |
  awk -v n="$count" 'BEGIN { OFS = "\t" } !seen[$0]++ && (n == 0 || r < n) { r++; print $0, r }' \
  >"$tmp/npm.tsv"

got=$(wc -l <"$tmp/npm.tsv")
if [[ "$got" -lt 1000 ]]; then
  echo "make-npm-corpus: only $got names extracted; the package layout changed?" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
mv "$tmp/npm.tsv" "$out"
echo "make-npm-corpus: wrote $got names from npm-high-impact@$version (npmHighImpact) to $out"
