#!/usr/bin/env python3
"""End-to-end bad-input test: one `airlock scan` over every hostile or broken input at once.

    tests/e2e/test_bad_input.py AIRLOCK_BIN [FIXTURE_DIR] [--keep DIR] [-v]

The inputs come from scripts/make-bad-inputs.py, generated into a temporary directory of
this test's own (FIXTURE_DIR is accepted for the ctest glue and not used). They are scanned
together with one good tarball, `AIRLOCK_BIN scan <all> --format json`, and the test checks:

  * the process ends normally (no signal) with an exit code of the contract (0, 1, 2),
    within a time limit, and its stdout is one valid JSON document in strict UTF-8;
  * every input appears as a target, in order;
  * each bad input has what EXPECT says: an error for its target whose message carries a
    keyword (the path is removed first, so "empty.tgz" cannot satisfy "empty"), a finding
    of a given rule (and evidence), or, for hostile packages npm would install and run, a
    finding at high or above;
  * inputs that once ended the whole run (SEPARATE) are scanned on their own next to the
    good tarball, with --jobs 1 and 2, so they cannot hide the other results;
  * the good tarball is scanned with its name and version, without errors;
  * peak RSS of the airlock process (os.wait4) stays under 300 MiB;
  * --jobs 4 produces the same report; the text format survives the same inputs.

Prints one line per check; exits 0 if all pass, 1 if any fail, 2 on a usage error.
Standard library only.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from e2e_common import Checker

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "scripts", "make-bad-inputs.py")
# AddressSanitizer's shadow memory and quarantine multiply RSS; the bound is checked on
# normal builds only (ctest sets AIRLOCK_SANITIZED=1 for the ASan build).
MAX_RSS_MIB = 300 if not os.environ.get("AIRLOCK_SANITIZED") else 4096
SCAN_TIMEOUT_S = 300
SEVERITIES = ["info", "low", "medium", "high", "critical"]


def err(*keywords):
    """An error for the target whose message (path removed) contains any keyword."""
    return ("error", [k.lower() for k in keywords])


def finding(rule, evidence=(), severity=None, path=None, message=()):
    """A finding of `rule`; every string in `evidence` appears in some such finding's
    evidence; `message` words appear in its message."""
    return ("finding", {"rule": rule, "evidence": list(evidence), "severity": severity,
                        "path": path, "message": [m.lower() for m in message]})


def min_severity(level):
    return ("min_severity", level)


def max_severity(level):
    """Nothing above `level`: a broken download must not read as an attack."""
    return ("max_severity", level)


def scanned(name, version):
    return ("scanned", (name, version))


def no_errors():
    return ("no_errors", None)


# What each generated input must produce. Several expectations per input: all must hold.
EXPECT = {
    "good.tgz": [scanned("airlock-good-pkg", "1.2.3"), no_errors()],
    "truncated.tgz": [err("truncated", "corrupt")],
    "truncated.zip": [err("truncated", "corrupt")],
    "corrupt.tgz": [err("corrupt", "not a readable archive", "gzip")],
    # Garbage headers from a corrupt body are malformed, not an attack (no high findings),
    # and an unreadable file is not "scanned as plain files".
    "corrupt-body.tgz": [err("corrupt", "truncated"), max_severity("medium")],
    "garbage.tgz": [err("not a readable archive", "unrecognized"), max_severity("info")],
    # A 0-byte download should be named as such, not as an unknown format.
    "empty.tgz": [err("empty", "0 bytes", "zero bytes"), max_severity("info")],
    "bomb.tgz": [err("ratio"), scanned("airlock-good-pkg", "1.2.3")],
    "bomb.zip": [err("ratio")],
    "many-entries.tgz": [err("entries"), scanned("airlock-many-entries-pkg", "1.2.3")],
    "traversal.tgz": [finding("archive-unsafe-entry", ["package/../../.bashrc"],
                              "high", message=["traversal"]),
                      finding("archive-unsafe-entry", ["/etc/passwd"], message=["absolute"])],
    "traversal.zip": [finding("archive-unsafe-entry", ["../../.bashrc"], message=["traversal"]),
                      finding("archive-unsafe-entry", ["/etc/passwd"], message=["absolute"])],
    "links.tgz": [finding("archive-unsafe-entry", ["/etc/shadow"], "high", message=["link"]),
                  finding("archive-unsafe-entry", ["/etc/passwd"], message=["link"]),
                  finding("archive-unsafe-entry", ["../../../../etc/shadow"])],
    "non-utf8.tgz": [scanned("airlock-non-utf8-pkg", "1.2.3"), no_errors(),
                     finding("archive-unsafe-entry", ["-escape.js"], message=["traversal"]),
                     finding("download-exec-pipe-shell")],
    "non-utf8.zip": [scanned("airlock-non-utf8-zip", "1.2.3"), no_errors(),
                     finding("download-exec-pipe-shell")],
    "not-json.tgz": [finding("manifest-unparsable", path="package.json", message=["json"])],
    "deep-json.tgz": [finding("manifest-unparsable", path="package.json",
                              message=["nested deeper"])],
    "deep-json-objects.tgz": [finding("manifest-unparsable", path="package.json",
                                      message=["nested deeper"])],
    # npm installs both and runs the postinstall (checked with npm 11.19 / Node 20): a
    # manifest the scanner could not parse must not turn a pipe-to-shell hook into a warning.
    "deep-json-postinstall.tgz": [finding("manifest-unparsable", path="package.json"),
                                  min_severity("high")],
    "padded-manifest.tgz": [min_severity("high")],
    "big-minified.tgz": [finding("file-too-large", ["sha256:"], "info", path="dist/app.min.js"),
                         scanned("airlock-big-minified-pkg", "1.2.3"), no_errors()],
    "no-manifest": [finding("no-manifest"), no_errors()],
    "dir-links": [finding("archive-unsafe-entry", ["/etc/shadow"], "high"),
                  finding("archive-unsafe-entry", ["/etc"]),
                  scanned("airlock-dir-links-pkg", "1.2.3")],
    "dir-non-utf8": [scanned("airlock-dir-non-utf8-pkg", "1.2.3"), no_errors()],
    # npm strips the first component of every entry; a stray top-level file must not hide
    # package/package.json and its postinstall from the manifest analysis.
    "mixed-prefix.tgz": [scanned("airlock-mixed-prefix", "1.0.0"), min_severity("high")],
    # Scanned in a run of its own with good.tgz (see SEPARATE).
    "zip-fatal-no-message.zip": [err("corrupt", "truncated"),
                                 finding("archive-unsafe-entry", ["../../.bashrc"])],
}

# Inputs that have ended the whole run (not just their target): each is scanned in a run of
# its own next to good.tgz, with --jobs 1 and 2, so that it cannot hide the other results.
SEPARATE = {"zip-fatal-no-message.zip"}


SANITIZER_EXIT = 86


def child_env():
    """Sanitizers exit with 1 by default, which is also the contract's "findings" code; in a
    sanitizer build make their reports exit with a code the contract never uses."""
    env = dict(os.environ)
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        env[var] = ":".join(filter(None, [env.get(var, ""), f"exitcode={SANITIZER_EXIT}"]))
    return env


def run_airlock(argv, cwd, out_path, timeout):
    """Runs argv in cwd with stdout to out_path; returns (status, rusage, stderr, seconds).
    os.wait4 gives the rusage of this one child (peak RSS of airlock alone)."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as errf:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=errf,
                                stdin=subprocess.DEVNULL, env=child_env())
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
        elapsed = time.monotonic() - start
        errf.seek(0)
        stderr = errf.read().decode("utf-8", "replace")
    return status, rusage, stderr, elapsed


def decode_status(status):
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return None, f"killed by signal {sig} ({signal.Signals(sig).name})"
    return os.WEXITSTATUS(status), ""


def message_without_path(message, path):
    return message.replace(path, "").replace(os.path.basename(path), "").lower()


def check_expectations(c, report, inputs):
    targets = report.get("targets", [])
    by_id = {t["id"]: t for t in targets}
    c.check(len(targets) == len(inputs), "one target per input",
            f"{len(targets)} targets for {len(inputs)} inputs")
    paths = [t.get("path") for t in targets]
    c.check(paths == [p for _, p in inputs], "targets are the inputs, in order",
            f"{paths}")
    target_of = {}
    for name, path in inputs:
        ids = [t["id"] for t in targets if t.get("path") == path]
        if c.check(len(ids) == 1, f"{name}: appears as a target", f"{len(ids)} targets"):
            target_of[name] = ids[0]

    for name, _ in inputs:
        if name not in target_of:
            continue
        tid = target_of[name]
        path = by_id[tid]["path"]
        errors = [e["message"] for e in report.get("errors", []) if e.get("target") == tid]
        findings = [f for f in report.get("findings", []) if f.get("target") == tid]
        summary = (f"errors={errors!r} findings="
                   f"{[(f['rule'], f['severity'], f.get('evidence', '')[:60]) for f in findings]!r}")
        for kind, arg in EXPECT[name]:
            if kind == "error":
                ok = any(any(k in message_without_path(m, path) for k in arg) for m in errors)
                c.check(ok, f"{name}: error mentions one of {arg}", summary)
            elif kind == "finding":
                matching = [f for f in findings if f["rule"] == arg["rule"]]
                if arg["severity"]:
                    matching = [f for f in matching if f["severity"] == arg["severity"]]
                if arg["path"]:
                    matching = [f for f in matching
                                if (f.get("location") or {}).get("path") == arg["path"]]
                for word in arg["message"]:
                    matching = [f for f in matching if word in f["message"].lower()]
                for ev in arg["evidence"]:
                    matching = [f for f in matching if ev in f.get("evidence", "")]
                desc = arg["rule"] + (f" ({arg['severity']})" if arg["severity"] else "")
                if arg["evidence"]:
                    desc += f" with evidence {arg['evidence']}"
                c.check(bool(matching), f"{name}: finding {desc}", summary)
            elif kind == "min_severity":
                top = max((SEVERITIES.index(f["severity"]) for f in findings), default=-1)
                c.check(top >= SEVERITIES.index(arg), f"{name}: a finding at {arg} or above",
                        summary)
            elif kind == "max_severity":
                top = max((SEVERITIES.index(f["severity"]) for f in findings), default=-1)
                c.check(top <= SEVERITIES.index(arg), f"{name}: nothing above {arg}", summary)
            elif kind == "scanned":
                t = by_id[tid]
                c.check((t.get("name"), t.get("version")) == arg,
                        f"{name}: scanned as {arg[0]}@{arg[1]}",
                        f"name={t.get('name')!r} version={t.get('version')!r} {summary}")
            elif kind == "no_errors":
                c.check(not errors, f"{name}: no errors", summary)


def check_contract(c, report):
    c.check(report.get("schema") == "airlock.report/1", "schema is airlock.report/1")
    for key in ("targets", "findings", "errors", "summary"):
        c.check(key in report, f"report has '{key}'")
    ids = {t["id"] for t in report.get("targets", [])}
    bad = [f for f in report.get("findings", []) if f.get("target") not in ids
           or f.get("severity") not in SEVERITIES]
    c.check(not bad, "every finding names a target and a known severity", f"{bad[:3]}")
    bad_errors = [e for e in report.get("errors", []) if e.get("target") not in ids
                  or not e.get("message")]
    c.check(not bad_errors, "every error names a target and has a message", f"{bad_errors[:3]}")


def exit_code_expected(report):
    """The contract: 1 when something is at or above high (the default --fail-on), else 2
    when there were errors, else 0."""
    top = max((SEVERITIES.index(f["severity"]) for f in report.get("findings", [])), default=-1)
    if top >= SEVERITIES.index("high"):
        return 1
    return 2 if report.get("errors") else 0


def comparable(report):
    return {k: report.get(k) for k in ("targets", "findings", "errors", "summary")}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("airlock")
    ap.add_argument("fixture_dir", nargs="?", help="accepted for the ctest glue; unused")
    ap.add_argument("--keep", help="generate the inputs into this directory and keep them")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if not os.access(args.airlock, os.X_OK):
        print(f"usage error: {args.airlock} is not executable", file=sys.stderr)
        return 2

    airlock = os.path.abspath(args.airlock)
    work = args.keep or tempfile.mkdtemp(prefix="airlock-bad-input-")
    try:
        inputs_dir = os.path.join(work, "inputs")
        t0 = time.monotonic()
        gen = subprocess.run([sys.executable, GENERATOR, inputs_dir], capture_output=True,
                             text=True)
        if gen.returncode != 0:
            print(f"FAIL make-bad-inputs.py exited {gen.returncode}: {gen.stderr}")
            return 1
        print(f"generated {len(EXPECT)} inputs in {time.monotonic() - t0:.1f}s")
        generated = [os.path.basename(p) for p in gen.stdout.split()]
        c = Checker()
        c.check(sorted(generated) == sorted(EXPECT), "generator and EXPECT list the same inputs",
                f"only generated: {sorted(set(generated) - set(EXPECT))}, "
                f"only expected: {sorted(set(EXPECT) - set(generated))}")
        # Relative paths keep the report's target paths short and predictable.
        inputs = [(n, n) for n in generated if n in EXPECT and n not in SEPARATE]
        names = [p for _, p in inputs]

        reports = {}
        for label, extra in (("jobs=1", []), ("jobs=4", ["--jobs", "4"])):
            out = os.path.join(work, f"report-{label}.json")
            argv_ = [airlock, "scan", *names, "--format", "json", *extra]
            status, rusage, stderr, secs = run_airlock(argv_, inputs_dir, out, SCAN_TIMEOUT_S)
            code, sig = decode_status(status)
            rss_mib = rusage.ru_maxrss / 1024
            print(f"scan {label}: exit {code if sig == '' else sig}, {secs:.1f}s, "
                  f"peak RSS {rss_mib:.0f} MiB")
            if args.verbose and stderr:
                print(stderr)
            c.check(not sig, f"[{label}] no crash", sig + " " + stderr[-2000:])
            c.check(code in (0, 1, 2), f"[{label}] exit code in 0/1/2", f"{code}")
            c.check(rss_mib < MAX_RSS_MIB, f"[{label}] peak RSS under {MAX_RSS_MIB} MiB",
                    f"{rss_mib:.0f} MiB")
            with open(out, "rb") as f:
                raw = f.read()
            try:
                report = json.loads(raw.decode("utf-8", "strict"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                c.check(False, f"[{label}] stdout is one JSON document in UTF-8", str(e))
                continue
            c.check(True, f"[{label}] stdout is one JSON document in UTF-8")
            c.check(code == exit_code_expected(report), f"[{label}] exit code follows the report",
                    f"exit {code}, expected {exit_code_expected(report)}")
            for line in stderr.splitlines():
                if line.strip() and not line.startswith("airlock: "):
                    c.check(False, f"[{label}] stderr lines start with 'airlock: '", line)
                    break
            reports[label] = report

        if "jobs=1" in reports:
            check_contract(c, reports["jobs=1"])
            check_expectations(c, reports["jobs=1"], inputs)
        if len(reports) == 2:
            c.check(comparable(reports["jobs=1"]) == comparable(reports["jobs=4"]),
                    "--jobs 4 gives the same report")

        for name in sorted(SEPARATE):
            pair = [(name, name), ("good.tgz", "good.tgz")]
            for jobs in ("1", "2"):
                label = f"{name} --jobs {jobs}"
                out = os.path.join(work, f"report-separate-{jobs}.json")
                status, _, stderr, _ = run_airlock(
                    [airlock, "scan", name, "good.tgz", "--format", "json", "--jobs", jobs],
                    inputs_dir, out, SCAN_TIMEOUT_S)
                code, sig = decode_status(status)
                c.check(not sig and code in (0, 1, 2), f"[{label}] no crash, exit in 0/1/2",
                        (sig or f"exit {code}") + " " + stderr[-500:])
                try:
                    with open(out, "rb") as f:
                        report = json.loads(f.read().decode("utf-8", "strict"))
                except (UnicodeDecodeError, json.JSONDecodeError) as e:
                    c.check(False, f"[{label}] stdout is one JSON document",
                            f"{e}; stderr: {stderr[-500:]}")
                    continue
                c.check(True, f"[{label}] stdout is one JSON document")
                if jobs == "1":
                    check_expectations(c, report, pair)

        # The text reporter sees the same hostile names and messages.
        out = os.path.join(work, "report.txt")
        status, _, stderr, _ = run_airlock(
            [airlock, "scan", *names, "--format", "text", "--no-color"], inputs_dir, out,
            SCAN_TIMEOUT_S)
        code, sig = decode_status(status)
        c.check(not sig and code in (0, 1, 2), "[text] no crash, exit code in 0/1/2",
                sig or f"{code}")
        with open(out, "rb") as f:
            text = f.read()
        c.check(b"\x1b" not in text, "[text] no raw escape bytes reach the terminal")

        print(f"{c.passed} passed, {c.failed} failed")
        return 1 if c.failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
