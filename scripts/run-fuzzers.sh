#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a fixed time on a copy of its seeds.
#
#   scripts/run-fuzzers.sh BUILD_DIR [SECONDS]      # BUILD_DIR from `make fuzz` (build/fuzz)
#
# Seeds: fuzz/corpus/<target>/ (text, committed) plus, for fuzz_archive, the small archives
# fuzz/make_seeds.py writes at run time. The corpus copy lives in a temp dir, so the
# committed seeds never change. A crash, leak, timeout or out-of-memory stops that target;
# its reproducer is kept in BUILD_DIR/fuzz-artifacts/ and the script exits 1 after running
# the other targets. Reproduce with: BUILD_DIR/fuzz/<target> BUILD_DIR/fuzz-artifacts/<file>
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [SECONDS]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
# The work dir (corpus copies, logs, fuzz_manifest's scratch package) lives on tmpfs when
# there is one; targets get it as TMPDIR, so nothing they write outlives the run.
tmp_base=${TMPDIR:-/tmp}
if [[ -w /dev/shm ]]; then tmp_base=/dev/shm; fi
work=$(mktemp -d "$tmp_base/airlock-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"

# Every fuzz/fuzz_*.cpp is a target (fuzz/CMakeLists.txt builds them all). Input size cap
# in bytes: archives need room for a few headers, names and paths are short, config files
# (manifests, MCP client configs, crontabs) get the default.
max_len_of() {
  case "$1" in
    fuzz_archive) echo 65536 ;;
    fuzz_entry_path | fuzz_names) echo 1024 ;;
    *) echo 16384 ;;
  esac
}
targets=()
for src in "$root"/fuzz/fuzz_*.cpp; do
  t=$(basename "$src" .cpp)
  targets+=("$t:$(max_len_of "$t")")
done

# Memory is bounded by resident size (-rss_limit_mb). Single allocations are allowed to be
# larger for fuzz_archive: libarchive's read-ahead reserves a buffer as large as a header
# claims (a 150-byte cpio whose namesize says 0x22222222 makes it malloc 1 GiB) but only
# touches what the file holds, so the process stays at a few MB resident; with the default
# (malloc limit = RSS limit) every such input would count as out-of-memory.
malloc_limit_mb() {
  if [[ "$1" == fuzz_archive ]]; then echo 16384; else echo 1024; fi
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for spec in "${targets[@]}"; do
  t=${spec%%:*}
  max_len=${spec##*:}
  bin="$build/fuzz/$t"
  if [[ ! -x "$bin" ]]; then
    echo "run-fuzzers: $bin missing (build with -DAIRLOCK_FUZZ=ON)" >&2
    failed+=("$t(missing)")
    continue
  fi
  corpus="$work/corpus/$t"
  mkdir -p "$corpus"
  if [[ -d "$root/fuzz/corpus/$t" ]]; then
    cp -R "$root/fuzz/corpus/$t/." "$corpus/"
  fi
  if [[ "$t" == fuzz_archive ]]; then
    python3 "$root/fuzz/make_seeds.py" "$corpus"
  fi
  dict=()
  if [[ -f "$root/fuzz/$t.dict" ]]; then
    dict=("-dict=$root/fuzz/$t.dict")
  fi
  log="$work/$t.log"
  echo "== $t: ${seconds}s, $(ls "$corpus" | wc -l) seeds, max_len $max_len"
  set +e
  # Run from the work dir: a crash artifact lands in $artifacts, nothing else is written.
  (cd "$work" && "$bin" "$corpus" "${dict[@]}" \
      -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=1024 \
      -malloc_limit_mb="$(malloc_limit_mb "$t")" -timeout=30 \
      -artifact_prefix="$artifacts/$t-" -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    echo "run-fuzzers: $t FAILED (exit $rc); last lines of its log:" >&2
    tail -n 60 "$log" >&2
    cp "$log" "$artifacts/$t.log"
    failed+=("$t")
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$log" | tr '\n' ' '
    echo
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run-fuzzers: failed: ${failed[*]} (reproducers in $artifacts)" >&2
  exit 1
fi
echo "run-fuzzers: all targets ran ${seconds}s without a crash"
