#!/usr/bin/env python3
"""End-to-end detection test: run the real airlock binary on every generated fixture.

    tests/e2e/test_detection.py AIRLOCK_BIN FIXTURE_DIR [--expected TSV] [--jobs N] [-k SUBSTR] [-v]

FIXTURE_DIR is what `scripts/make-fixtures.py FIXTURE_DIR` wrote (npm/, pypi/). The table of
expectations defaults to tests/fixtures/expected.tsv beside this script; its columns are
`archive_relpath  expect  category  note` (tab separated, `#` comments):

  block  `AIRLOCK_BIN scan ARCHIVE --format json` exits 1, the report says verdict "block", and
         some finding with severity high|critical has the category (`a|b` = either one);
  pass   it exits 0, and no finding is high|critical (verdict "allow" or "warn").

Every report must also follow the airlock.report/1 contract (docs/output-format.md): schema,
a targets list, findings whose severity and category are from the fixed vocabularies, and a
summary. An archive may have several rows (one per expected category); it is scanned once.
Archives in FIXTURE_DIR/npm and FIXTURE_DIR/pypi without a row fail too, so the table and the
generator cannot drift apart. Prints one line per row; exits 0 if all pass, 1 if any fail,
2 on a usage error. Standard library only; usable directly as a ctest COMMAND.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

SCHEMA = "airlock.report/1"
SEVERITIES = ["info", "low", "medium", "high", "critical"]
HIGH = {"high", "critical"}
CATEGORIES = {
    "install-hook", "execution", "download-exec", "persistence", "agent-registration",
    "credential-access", "exfiltration", "c2", "obfuscation", "name-confusion",
    "binary-shadowing", "self-propagation", "bundled-binary", "provenance", "policy",
}
ARCHIVE_SUFFIXES = (".tgz", ".tar.gz", ".whl", ".zip", ".vsix")
SCAN_TIMEOUT_S = 120


class Row:
    def __init__(self, lineno, relpath, expect, category, note):
        self.lineno = lineno
        self.relpath = relpath
        self.expect = expect
        self.category = category
        self.note = note


def load_expected(path):
    """Parse the TSV; raise ValueError with file:line on a malformed row."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "archive_relpath":
                continue  # header
            if len(cols) < 3:
                raise ValueError("%s:%d: want at least 3 tab-separated columns" % (path, lineno))
            relpath, expect, category = cols[0], cols[1], cols[2]
            note = cols[3] if len(cols) > 3 else ""
            if expect not in ("block", "pass"):
                raise ValueError("%s:%d: expect must be block or pass, not %r" % (path, lineno, expect))
            if expect == "block":
                unknown = [c for c in category.split("|") if c not in CATEGORIES]
                if unknown:
                    raise ValueError("%s:%d: unknown category %s" % (path, lineno, ",".join(unknown)))
            rows.append(Row(lineno, relpath, expect, category, note))
    return rows


class Scan:
    """Outcome of one `airlock scan ARCHIVE --format json`."""

    def __init__(self):
        self.rc = None
        self.report = None
        self.stderr = ""
        self.error = None  # a reason the run itself is unusable
        self.contract = []  # airlock.report/1 violations


def run_scan(airlock, archive):
    scan = Scan()
    cmd = [airlock, "scan", archive, "--format", "json"]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=SCAN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        scan.error = "timed out after %ds" % SCAN_TIMEOUT_S
        return scan
    except OSError as e:
        scan.error = "cannot run %s: %s" % (airlock, e)
        return scan
    scan.rc = proc.returncode
    scan.stderr = proc.stderr.decode("utf-8", "replace").strip()
    out = proc.stdout.decode("utf-8", "replace")
    try:
        scan.report = json.loads(out)
    except ValueError as e:
        scan.error = "stdout is not one JSON document (%s): %r" % (e, out[:200])
        return scan
    scan.contract = check_contract(scan.report)
    return scan


def check_contract(report):
    """The parts of airlock.report/1 this test relies on; returns a list of violations."""
    problems = []
    if not isinstance(report, dict):
        return ["report is not a JSON object"]
    if report.get("schema") != SCHEMA:
        problems.append("schema is %r, want %r" % (report.get("schema"), SCHEMA))
    if report.get("command") not in (None, "scan"):
        problems.append("command is %r, want 'scan'" % report.get("command"))
    targets = report.get("targets")
    if not isinstance(targets, list) or not targets:
        problems.append("targets is missing or empty")
    findings = report.get("findings")
    if not isinstance(findings, list):
        problems.append("findings is not a list")
        findings = []
    for i, f in enumerate(findings):
        if not isinstance(f, dict):
            problems.append("findings[%d] is not an object" % i)
            continue
        if f.get("severity") not in SEVERITIES:
            problems.append("findings[%d].severity %r not in vocabulary" % (i, f.get("severity")))
        if f.get("category") not in CATEGORIES:
            problems.append("findings[%d].category %r not in vocabulary" % (i, f.get("category")))
        for key in ("rule", "message"):
            if not isinstance(f.get(key), str) or not f.get(key):
                problems.append("findings[%d].%s missing" % (i, key))
    summary = report.get("summary")
    if not isinstance(summary, dict):
        problems.append("summary missing")
    elif summary.get("verdict") not in ("block", "warn", "allow"):
        problems.append("summary.verdict %r not block|warn|allow" % summary.get("verdict"))
    return problems


def findings_of(scan):
    if scan.report and isinstance(scan.report.get("findings"), list):
        return [f for f in scan.report["findings"] if isinstance(f, dict)]
    return []


def verdict_of(scan):
    summary = scan.report.get("summary") if isinstance(scan.report, dict) else None
    return summary.get("verdict") if isinstance(summary, dict) else None


def describe(f):
    loc = f.get("location") or {}
    where = loc.get("path", "") if isinstance(loc, dict) else ""
    if isinstance(loc, dict) and loc.get("line"):
        where += ":%s" % loc["line"]
    return "%s/%s %s%s" % (f.get("severity"), f.get("category"), f.get("rule"),
                           (" @ " + where) if where else "")


def judge(row, scan):
    """Return a list of reasons the row fails (empty = PASS)."""
    if scan.error:
        return [scan.error]
    reasons = list(scan.contract)
    want_rc = 1 if row.expect == "block" else 0
    if scan.rc != want_rc:
        reasons.append("exit code %s, want %d" % (scan.rc, want_rc))
    high = [f for f in findings_of(scan) if f.get("severity") in HIGH]
    verdict = verdict_of(scan)
    if row.expect == "block":
        wanted = set(row.category.split("|"))
        if not any(f.get("category") in wanted for f in high):
            reasons.append("no high/critical finding with category %s" % row.category)
        if verdict != "block":
            reasons.append("verdict %r, want 'block'" % verdict)
    else:
        if high:
            reasons.append("%d high/critical finding(s)" % len(high))
        if verdict == "block":
            reasons.append("verdict 'block', want allow or warn")
    return reasons


def listed_archives(fixture_dir):
    found = []
    for sub in ("npm", "pypi"):
        d = os.path.join(fixture_dir, sub)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                if name.endswith(ARCHIVE_SUFFIXES):
                    found.append(sub + "/" + name)
    return found


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("airlock", metavar="AIRLOCK_BIN")
    ap.add_argument("fixture_dir", metavar="FIXTURE_DIR")
    ap.add_argument("--expected", default=os.path.join(here, "..", "fixtures", "expected.tsv"),
                    help="expectations table (default: tests/fixtures/expected.tsv)")
    ap.add_argument("--jobs", "-j", type=int, default=min(8, os.cpu_count() or 1))
    ap.add_argument("-k", dest="only", metavar="SUBSTR", help="only rows whose archive contains SUBSTR")
    ap.add_argument("-v", "--verbose", action="store_true", help="show findings for passing rows too")
    args = ap.parse_args(argv)

    if not (os.path.isfile(args.airlock) and os.access(args.airlock, os.X_OK)):
        print("test_detection: %s is not an executable file" % args.airlock, file=sys.stderr)
        return 2
    if not os.path.isdir(args.fixture_dir):
        print("test_detection: %s is not a directory (run scripts/make-fixtures.py %s)"
              % (args.fixture_dir, args.fixture_dir), file=sys.stderr)
        return 2
    try:
        rows = load_expected(args.expected)
    except (OSError, ValueError) as e:
        print("test_detection: %s" % e, file=sys.stderr)
        return 2
    if args.only:
        rows = [r for r in rows if args.only in r.relpath]
    if not rows:
        print("test_detection: no rows selected from %s" % args.expected, file=sys.stderr)
        return 2

    missing = sorted({r.relpath for r in rows
                      if not os.path.isfile(os.path.join(args.fixture_dir, r.relpath))})
    unlisted = [] if args.only else sorted(set(listed_archives(args.fixture_dir)) -
                                           {r.relpath for r in rows})
    to_scan = sorted({r.relpath for r in rows} - set(missing))

    scans = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_scan, args.airlock, os.path.join(args.fixture_dir, rel)): rel
                   for rel in to_scan}
        for fut in concurrent.futures.as_completed(futures):
            scans[futures[fut]] = fut.result()

    width = max(len(r.relpath) for r in rows)
    failed = 0
    print("%-6s %-*s %-6s %s" % ("RESULT", width, "FIXTURE", "EXPECT", "CATEGORY"))
    for row in rows:
        if row.relpath in missing:
            reasons, scan = ["archive missing from %s" % args.fixture_dir], None
        else:
            scan = scans[row.relpath]
            reasons = judge(row, scan)
        status = "FAIL" if reasons else "PASS"
        failed += bool(reasons)
        print("%-6s %-*s %-6s %s" % (status, width, row.relpath, row.expect, row.category))
        if reasons or args.verbose:
            if reasons and row.note:
                print("         fixture: %s" % row.note)
            for reason in reasons:
                print("         - %s" % reason)
            if scan is not None:
                seen = findings_of(scan)
                if seen:
                    print("         findings: %s" % "; ".join(describe(f) for f in seen))
                elif not scan.error:
                    print("         findings: none")
                errors = scan.report.get("errors") if isinstance(scan.report, dict) else None
                if reasons and isinstance(errors, list) and errors:
                    print("         errors: %s" % "; ".join(
                        str(e.get("message") if isinstance(e, dict) else e) for e in errors))
                if reasons and scan.stderr:
                    print("         stderr: %s" % scan.stderr.replace("\n", " | ")[:500])
    for rel in unlisted:
        failed += 1
        print("%-6s %-*s %-6s %s" % ("FAIL", width, rel, "?", "?"))
        print("         - fixture not listed in %s" % os.path.relpath(args.expected))

    total = len(rows) + len(unlisted)
    print("\n%d/%d passed, %d failed (%d archives scanned)" % (total - failed, total, failed, len(scans)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
