#!/usr/bin/env bash
# validate-sarif.sh [--notes] FILE...
#
# Validates SARIF 2.1.0 files with the official SARIF Multitool
# (npm package @microsoft/sarif-multitool-linux, `Sarif.Multitool validate`), plus a JSON
# Schema check (ajv) against the schema shipped inside that package, because the multitool
# silently reports NOTHING for a file it cannot deserialize (e.g. "level": "fatal", or a
# string where an integer belongs), and a UTF-8 check (no BOM, no invalid bytes: the
# multitool accepts both). Tools are installed on first use into
#   ${AIRLOCK_TOOLS_CACHE:-$HOME/.cache/airlock-tools}/sarif-multitool-<version>/
#
# Prints every error and warning (file:line:col: level RULE: message), a summary line per
# file, and exits
#   0  every file has zero errors (warnings are listed but allowed)
#   1  at least one file has an error (multitool error result, schema or encoding error,
#      or a file the multitool refused to analyse)
#   2  usage error, missing input file, or the tools cannot be installed / run
#
# --notes  also list the multitool's note-level results (SARIF2002, SARIF2003, ...); they
#          never fail the run.
#
# Environment: AIRLOCK_TOOLS_CACHE (cache root), SARIF_VALIDATE_TIMEOUT (seconds per file,
# default 300). DOTNET_SYSTEM_GLOBALIZATION_INVARIANT defaults to 1 so that libicu is not
# required.
set -uo pipefail

MULTITOOL_VERSION=5.7.0
AJV_VERSION=8.17.1
AJV_FORMATS_VERSION=3.0.1

me=validate-sarif
die() { echo "$me: $*" >&2; exit 2; }

show_notes=0
files=()
for a in "$@"; do
  case "$a" in
    --notes) show_notes=1 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) ;;
    -*) die "unknown option '$a'" ;;
    *) files+=("$a") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || die "usage: $0 [--notes] FILE..."
for f in "${files[@]}"; do
  if [ ! -f "$f" ] || [ ! -r "$f" ]; then die "cannot read '$f'"; fi
done

cache_root=${AIRLOCK_TOOLS_CACHE:-${HOME:-/tmp}/.cache/airlock-tools}
prefix=$cache_root/sarif-multitool-$MULTITOOL_VERSION
pkg=$prefix/node_modules/@microsoft/sarif-multitool-linux
tool=$pkg/Sarif.Multitool
schema=$pkg/sarif-2.1.0.json

command -v node >/dev/null 2>&1 || die "node is required (apt-get install nodejs npm)"

installed() {
  [ -x "$tool" ] && [ -f "$schema" ] &&
    [ -f "$prefix/node_modules/ajv/dist/2020.js" ] &&
    [ -f "$prefix/node_modules/ajv-formats/package.json" ] &&
    node -e 'process.exit(require(process.argv[1]).version === process.argv[2] ? 0 : 1)' \
      "$pkg/package.json" "$MULTITOOL_VERSION" 2>/dev/null
}

install_tools() {
  command -v npm >/dev/null 2>&1 || die "npm is required to install the SARIF multitool"
  mkdir -p "$prefix" || die "cannot create '$prefix'"
  echo "$me: installing @microsoft/sarif-multitool-linux@$MULTITOOL_VERSION into $prefix" >&2
  if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
      "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" \
      "ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" >&2; then
    die "npm install failed"
  fi
  # The package's postinstall does `chmod u+x Sarif.Multitool`; do it ourselves in case
  # install scripts were skipped (--ignore-scripts, npm's allowScripts policy).
  chmod u+x "$tool" 2>/dev/null || true
}

if ! installed; then
  mkdir -p "$cache_root" || die "cannot create '$cache_root'"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.sarif-multitool.lock"
    flock 9
    installed || install_tools
    flock -u 9
    exec 9>&-
  else
    install_tools
  fi
  installed || die "SARIF multitool is not usable after install (expected $tool)"
fi

# The multitool is a self-contained .NET app: without libicu it aborts (exit 134) unless
# globalization-invariant mode is on. Invariant mode gives the same validation results.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/report.js" <<'JS'
// report.js INPUT MULTITOOL_OUT PKG_PREFIX SCHEMA SHOW_NOTES
// Prints findings; exit 0 = no errors, 1 = errors, 3 = multitool output unusable.
'use strict';
const fs = require('fs');
const path = require('path');
const [input, outFile, prefix, schemaFile, showNotesArg] = process.argv.slice(2);
const showNotes = showNotesArg === '1';
let errors = 0, warnings = 0, notes = 0;

function fmt(template, args) {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n) =>
    m === '{{' ? '{' : m === '}}' ? '}' : (args && args[n] !== undefined ? String(args[n]) : m));
}
function emit(level, where, rule, msg) {
  if (level === 'error') errors++;
  else if (level === 'warning') warnings++;
  else { notes++; if (!showNotes) return; }
  console.log(`${where}: ${level} ${rule}: ${msg}`);
}

// 1. Results of `Sarif.Multitool validate`.
let log;
try { log = JSON.parse(fs.readFileSync(outFile, 'utf8')); }
catch (e) { console.error(`validate-sarif: cannot read multitool output: ${e.message}`); process.exit(3); }
const run = (log.runs || [])[0] || {};
const rules = ((run.tool || {}).driver || {}).rules || [];
const jsonPathsSeen = new Set();
let inputUnparsable = false;
for (const r of run.results || []) {
  const rule = (typeof r.ruleIndex === 'number' && rules[r.ruleIndex]) ||
               rules.find(x => x.id === r.ruleId) || {};
  const level = r.level || (rule.defaultConfiguration || {}).level || 'warning';
  const m = r.message || {};
  let text = m.text;
  if (text === undefined && m.id && rule.messageStrings && rule.messageStrings[m.id])
    text = rule.messageStrings[m.id].text;
  text = text === undefined ? JSON.stringify(m) : fmt(text, m.arguments);
  const reg = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
  let where = input;
  if (reg.startLine) where += `:${reg.startLine}` + (reg.startColumn ? `:${reg.startColumn}` : '');
  const rid = (r.ruleId || '?') + (rule.name ? `.${rule.name}` : '');
  if (/^JSON/.test(r.ruleId || '')) {
    const jp = (r.properties || {}).jsonPath || (m.arguments || [])[0];
    if (jp !== undefined) jsonPathsSeen.add(String(jp));
    if (r.ruleId === 'JSON0001') inputUnparsable = true;
  }
  emit(level, where, rid, text);
}
for (const inv of run.invocations || []) {
  for (const n of [...(inv.toolConfigurationNotifications || []), ...(inv.toolExecutionNotifications || [])]) {
    const level = n.level || 'warning';
    const id = (n.descriptor || {}).id || 'multitool';
    emit(level === 'error' ? 'error' : level, input, id, (n.message || {}).text || JSON.stringify(n.message));
  }
}

// 2. JSON Schema check with ajv against the schema shipped in the multitool package.
//    Catches what the multitool skips silently (values it cannot deserialize).
//    Also: the file must be UTF-8 without a BOM (RFC 8259); the multitool accepts invalid
//    UTF-8 bytes (e.g. copied from a scanned file into a snippet) without a word.
function firstBadUtf8(b) {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    let n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length + (n ? 0 : 1)) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    if (n === 2) {
      const cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    } else if (n === 3) {
      const cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) return i;
    }
    i += n + 1;
  }
  return -1;
}
let doc;
const raw = fs.readFileSync(input);
const bad = firstBadUtf8(raw);
if (bad >= 0) emit('error', input, 'encoding', `not valid UTF-8 at byte offset ${bad}`);
let textIn = raw.toString('utf8');
if (textIn.charCodeAt(0) === 0xfeff) {
  emit('error', input, 'encoding', 'starts with a byte order mark; JSON text must not (RFC 8259 8.1)');
  textIn = textIn.slice(1);
}
try { doc = JSON.parse(textIn); }
catch (e) {
  if (!inputUnparsable) emit('error', input, 'schema', `not valid JSON: ${e.message}`);
}
if (doc !== undefined) {
  const Ajv2020 = require(path.join(prefix, 'node_modules/ajv/dist/2020')).default;
  const addFormats = require(path.join(prefix, 'node_modules/ajv-formats')).default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  if (!validate(doc)) {
    const seen = new Set();
    for (const e of validate.errors) {
      // '/runs/0/results/1/level' -> 'runs[0].results[1].level' (the multitool's jsonPath style)
      let p = e.instancePath.split('/').slice(1)
        .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, s) => /^\d+$/.test(s) ? `${acc}[${s}]` : (acc ? `${acc}.${s}` : s), '');
      const where = p || 'root';
      const full = e.params && e.params.additionalProperty ? (p ? `${p}.${e.params.additionalProperty}` : e.params.additionalProperty) : where;
      if (jsonPathsSeen.has(where) || jsonPathsSeen.has(full)) continue;  // multitool reported it
      const extra = e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(', ')})`
                  : e.params && e.params.additionalProperty ? ` ('${e.params.additionalProperty}')` : '';
      const line = `${where}: ${e.message}${extra}`;
      if (seen.has(line)) continue;
      seen.add(line);
      emit('error', input, 'schema', line);
    }
  }
}

console.log(`${input}: ${errors} error(s), ${warnings} warning(s)` + (showNotes ? `, ${notes} note(s)` : ''));
process.exit(errors ? 1 : 0);
JS

timeout_s=${SARIF_VALIDATE_TIMEOUT:-300}
have_timeout=0; command -v timeout >/dev/null 2>&1 && have_timeout=1
levels="Error;Warning"; [ $show_notes = 1 ] && levels="Error;Warning;Note"

status=0
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  out=$tmp/out-$i.sarif
  cmd=("$tool" validate "$f" --output "$out" --level "$levels" --log ForceOverwrite)
  if [ $have_timeout = 1 ]; then cmd=(timeout "$timeout_s" "${cmd[@]}"); fi
  "${cmd[@]}" >"$tmp/console-$i.txt" 2>&1
  rc=$?
  # rc 0: analysed (errors, if any, are in $out). rc 1 with an output log: the multitool
  # refused the file (e.g. ERR997.NoValidAnalysisTargets for an empty file); the log says
  # why. Anything else (crash, 134 = missing libicu, 124 = timeout) is a tool failure.
  if [ ! -s "$out" ] || { [ $rc -ne 0 ] && [ $rc -ne 1 ]; }; then
    cat "$tmp/console-$i.txt" >&2
    die "Sarif.Multitool failed on '$f' (exit $rc)"
  fi
  node "$tmp/report.js" "$f" "$out" "$prefix" "$schema" "$show_notes"
  case $? in
    0) ;;
    1) status=1 ;;
    *) cat "$tmp/console-$i.txt" >&2; die "cannot interpret multitool output for '$f'" ;;
  esac
done
exit $status
