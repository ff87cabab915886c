#!/bin/bash
# Checks the YARA rule set in rules/yara/ against the samples in tests/rules/.
#
#  1. all rules/yara/*.yar compile together (one namespace, as the engine does)
#     with no warnings (slow-atom warnings fail the check);
#  2. every rule carries the meta fields of the airlock convention with allowed
#     values (see docs/rules.md);
#  3. every rule has at least one pos_* and one neg_* sample in
#     tests/rules/<rule_name>/ (binary samples are generated into a temp dir by
#     make_binary_samples.sh);
#  4. every pos_* sample fires its rule and no neg_* sample does;
#  5. every rule is listed in docs/rules.md.
#
# usage: tests/rules/check_samples.sh [-v]     exit 0 = all good, 1 = failures
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rules_dir="$root/rules/yara"
verbose=0
[ "${1:-}" = "-v" ] && verbose=1

if ! command -v yara >/dev/null 2>&1; then
  echo "check_samples: yara CLI not found (Debian: apt-get install yara)" >&2
  exit 2
fi

shopt -s nullglob
rule_files=("$rules_dir"/*.yar)
if [ ${#rule_files[@]} -eq 0 ]; then
  echo "check_samples: no rule files in $rules_dir" >&2
  exit 2
fi

pass=0
fail=0
ok()  { pass=$((pass + 1)); [ $verbose -eq 1 ] && echo "ok   $*"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. compile everything together, warnings are errors
if yara --fail-on-warnings "${rule_files[@]}" /dev/null >"$tmp/compile.out" 2>&1; then
  ok "compile: ${#rule_files[@]} rule files, no warnings"
else
  bad "compile:"; sed 's/^/     /' "$tmp/compile.out"
fi

# 2. meta convention
awk -v out="$tmp/rules.txt" '
  function flush() {
    if (name == "") return
    print name, role, category, severity, capability, needs, attack, (desc != ""), (help != "") > out
  }
  /^[ \t]*(private[ \t]+|global[ \t]+)*rule[ \t]+[A-Za-z0-9_]+/ {
    flush()
    line = $0; sub(/^[ \t]*(private[ \t]+|global[ \t]+)*rule[ \t]+/, "", line)
    match(line, /^[A-Za-z0-9_]+/); name = substr(line, 1, RLENGTH)
    role = category = severity = capability = needs = attack = desc = help = "-"
    desc = ""; help = ""
    next
  }
  /^[ \t]*(role|category|severity|capability|needs|attack|description|help)[ \t]*=/ {
    key = $0; sub(/^[ \t]*/, "", key); sub(/[ \t]*=.*/, "", key)
    val = $0; sub(/^[^=]*=[ \t]*"/, "", val); sub(/"[ \t]*(\/\/.*)?$/, "", val)
    if (key == "role") role = val
    else if (key == "category") category = val
    else if (key == "severity") severity = val
    else if (key == "capability") capability = val
    else if (key == "needs") needs = val
    else if (key == "attack") attack = val
    else if (key == "description") desc = val
    else if (key == "help") help = val
  }
  END { flush() }
' "${rule_files[@]}"

categories=" install-hook execution download-exec persistence agent-registration credential-access exfiltration c2 obfuscation binary-shadowing self-propagation bundled-binary "
severities=" info low medium high critical "
caps=" network spawn fswrite fsread envread "
declare -A role_of=()
while read -r name role category severity capability needs attack has_desc has_help; do
  role_of[$name]=$role
  problems=""
  case "$role" in threat|capability|target) ;; *) problems+=" role='$role'" ;; esac
  [[ "$categories" == *" $category "* ]] || problems+=" category='$category'"
  [[ "$severities" == *" $severity "* ]] || problems+=" severity='$severity'"
  [[ "$attack" =~ ^T[0-9]{4}(\.[0-9]{3})?(,T[0-9]{4}(\.[0-9]{3})?)*$ ]] || problems+=" attack='$attack'"
  [ "$has_desc" = 1 ] || problems+=" no description"
  [ "$has_help" = 1 ] || problems+=" no help"
  if [ "$role" = capability ]; then
    [[ "$caps" == *" $capability "* ]] || problems+=" capability='$capability'"
  elif [ "$capability" != "-" ]; then
    problems+=" capability set on a $role rule"
  fi
  if [ "$role" = target ]; then
    IFS=, read -ra nl <<<"$needs"
    [ ${#nl[@]} -gt 0 ] || problems+=" needs empty"
    for n in "${nl[@]}"; do [[ "$caps" == *" $n "* ]] || problems+=" needs='$n'"; done
  elif [ "$needs" != "-" ]; then
    problems+=" needs set on a $role rule"
  fi
  if [ -z "$problems" ]; then ok "meta: $name"; else bad "meta: $name:$problems"; fi
done < "$tmp/rules.txt"

# 3 + 4. samples
"$here/make_binary_samples.sh" "$tmp/generated" || bad "make_binary_samples.sh failed"

: > "$tmp/hits.txt"
for d in "$here" "$tmp/generated"; do
  yara -w -r "${rule_files[@]}" "$d" >>"$tmp/hits.txt" 2>"$tmp/scan.err" || true
  if [ -s "$tmp/scan.err" ]; then bad "scan errors in $d:"; sed 's/^/     /' "$tmp/scan.err"; fi
done

for name in "${!role_of[@]}"; do
  samples=()
  for d in "$here/$name" "$tmp/generated/$name"; do
    [ -d "$d" ] && samples+=("$d"/pos_* "$d"/neg_*)
  done
  npos=0; nneg=0
  for s in "${samples[@]}"; do
    base="$(basename "$s")"
    shown="${s#"$here/"}"; shown="${shown#"$tmp/generated/"}"
    if grep -qxF "$name $s" "$tmp/hits.txt"; then fired=1; else fired=0; fi
    case "$base" in
      pos_*) npos=$((npos + 1))
             if [ $fired -eq 1 ]; then ok "pos $shown"; else bad "pos $shown: rule $name did not fire"; fi ;;
      neg_*) nneg=$((nneg + 1))
             if [ $fired -eq 0 ]; then ok "neg $shown"; else bad "neg $shown: rule $name fired"; fi ;;
    esac
  done
  [ $npos -gt 0 ] || bad "samples: $name has no pos_* sample"
  [ $nneg -gt 0 ] || bad "samples: $name has no neg_* sample"
done

# sample directories that name no rule
for d in "$here"/*/; do
  n="$(basename "$d")"
  [ -n "${role_of[$n]+x}" ] || bad "samples: tests/rules/$n/ does not match any rule"
done

# every rule is listed in docs/rules.md
doc="$root/docs/rules.md"
for name in "${!role_of[@]}"; do
  if [ -f "$doc" ] && grep -qF "\`$name\`" "$doc"; then ok "docs: $name"; else bad "docs: $name is not listed in docs/rules.md"; fi
done

echo "check_samples: ${#role_of[@]} rules in ${#rule_files[@]} files"
echo "rules: $pass passed, $fail failed"
[ $fail -eq 0 ]
