#!/usr/bin/env bash
# Self-test of scripts/validate-sarif.sh on the fixtures beside this file:
#   example.sarif     -> exit 0, 0 errors, 0 warnings
#   no-region.sarif   -> exit 0, 1 warning (SARIF2017: result location without region)
#   invalid/*.sarif   -> exit 1 (each has at least one error)
# Exit 2 from the validator (tools not installable) is passed through.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
validate=$here/../../scripts/validate-sarif.sh
pass=0 fail=0

check() {  # check NAME EXPECTED_RC GREP_PATTERN FILE
  local name=$1 want=$2 pat=$3 file=$4 out rc
  out=$("$validate" "$file" 2>&1); rc=$?
  if [ $rc -eq 2 ]; then echo "$out" >&2; echo "selftest: validator unavailable" >&2; exit 2; fi
  if [ $rc -eq "$want" ] && grep -q -- "$pat" <<<"$out"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name (exit $rc, wanted $want and /$pat/)"; echo "$out" | sed 's/^/     /'
  fi
}

check example.sarif 0 ': 0 error(s), 0 warning(s)$' "$here/example.sarif"
check no-region.sarif 0 ': 0 error(s), 1 warning(s)$' "$here/no-region.sarif"
check invalid/uribase-no-trailing-slash.sarif 1 'error SARIF1004' "$here/invalid/uribase-no-trailing-slash.sarif"
check invalid/unknown-level.sarif 1 'error schema: runs\[0\].results\[0\].level' "$here/invalid/unknown-level.sarif"
check invalid/startline-zero.sarif 1 'error JSON1008' "$here/invalid/startline-zero.sarif"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
