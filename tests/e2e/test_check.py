#!/usr/bin/env python3
"""End-to-end test of `airlock check` on hostile names and corpus files.

    tests/e2e/test_check.py AIRLOCK_BIN [FIXTURE_DIR]

Names go in on stdin (`check --ecosystem ECO -`), as raw bytes: an empty line, a
10,000-character name, control characters, invalid UTF-8, a Cyrillic homoglyph of a popular
name, a right-to-left override, and ordinary squats. Checks: the process ends normally with an
exit code of the contract; stdout is one JSON report; every non-blank line is a target, in
order; each bad name has an error naming the problem and no finding; the good names are
still checked (crossenv flagged as cross-env, the homoglyph flagged as homoglyph). Corpus
files that are not what they claim (HTML, binary, JSON of another shape, an empty file, a
missing file) make `check --corpus` exit 2 with a message naming the file. Every run gets an
empty temporary XDG_DATA_HOME. Prints one line per check; exits 0 if all pass, 1 otherwise.
Standard library only.
"""

import json
import os
import subprocess
import sys
import tempfile

from e2e_common import Checker

NAMES = [
    (b"crossenv", "flag:cross-env"),
    (b"", "skip"),
    (b"a" * 10_000, "error:too long"),
    (b"lod\x01ash", "error:control character"),
    (b"lod\x1bash", "error:control character"),
    (b"lod\xc3ash", "error:UTF-8"),
    (b"\xff\xfe", "error:UTF-8"),
    (b"re\xd0\xb0ct", "flag:react"),  # Cyrillic a
    (b"ex\xe2\x80\xaepress", "any"),  # right-to-left override: kept, never a crash
    (b"@/", "any"),
    (b"lodash", "clean"),
    (b"lodahs", "flag:lodash"),
]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    airlock = os.path.abspath(sys.argv[1])
    c = Checker()
    with tempfile.TemporaryDirectory(prefix="airlock-check-") as tmp:
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"), HOME=tmp)

        def run(args, stdin=b""):
            return subprocess.run([airlock, *args], input=stdin, capture_output=True, env=env,
                                  timeout=120)

        stdin = b"".join(n + b"\n" for n, _ in NAMES)
        p = run(["check", "--ecosystem", "npm", "-", "--format", "json"], stdin)
        c.check(p.returncode in (0, 1, 2), "hostile names: exit code of the contract",
                str(p.returncode))
        try:
            report = json.loads(p.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            c.check(False, "hostile names: stdout is one JSON document in UTF-8", str(e))
            return 1
        expected = [(n, want) for n, want in NAMES if want != "skip"]
        targets = report.get("targets", [])
        c.check(len(targets) == len(expected), "every non-blank line is a target",
                f"{len(targets)} targets for {len(expected)} names")
        errors = {e.get("target"): e.get("message", "") for e in report.get("errors", [])}
        findings = {}
        for f in report.get("findings", []):
            findings.setdefault(f.get("target"), []).append(f)
        for t, (raw, want) in zip(targets, expected):
            label = repr(raw[:24])
            tid = t.get("id")
            if want.startswith("error:"):
                word = want.split(":", 1)[1]
                c.check(word.lower() in errors.get(tid, "").lower() and tid not in findings,
                        f"{label}: error mentions '{word}', no finding",
                        f"{errors.get(tid)!r} {findings.get(tid)}")
            elif want.startswith("flag:"):
                target = want.split(":", 1)[1]
                hits = [f for f in findings.get(tid, []) if f"'{target}'" in f.get("evidence", "")]
                c.check(bool(hits) and tid not in errors, f"{label}: flagged as {target}",
                        f"{findings.get(tid)} {errors.get(tid)}")
            elif want == "clean":
                c.check(tid not in findings and tid not in errors, f"{label}: not flagged",
                        f"{findings.get(tid)}")
        homoglyph = [f for t, (raw, want) in zip(targets, expected) if raw.startswith(b"re\xd0")
                     for f in findings.get(t.get("id"), [])]
        c.check(any("homoglyph" in f.get("evidence", "") for f in homoglyph),
                "Cyrillic look-alike reported as homoglyph", str(homoglyph))

        bad_corpora = {
            "page.html": b"<!doctype html><html><body>Not found</body></html>\n",
            "blob.bin": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)),
            "other.json": b'{"packages": ["a", "b"]}',
            "empty.txt": b"",
            "prose.txt": b"This file lists the packages we like, for example lodash.\n",
        }
        for name, data in bad_corpora.items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            p = run(["check", "--ecosystem", "pypi", "--corpus", f"pypi={path}", "requests"])
            err = p.stderr.decode("utf-8", "replace")
            c.check(p.returncode == 2 and name in err and "corpus" in err,
                    f"corpus {name}: exit 2, message names the file", f"{p.returncode} {err}")
        p = run(["check", "--ecosystem", "npm", "--corpus", f"npm={tmp}/missing.tsv", "x"])
        c.check(p.returncode == 2 and b"missing.tsv" in p.stderr, "missing corpus file: exit 2",
                f"{p.returncode} {p.stderr!r}")
        p = run(["check", "--ecosystem", "npm", "--corpus", "cargo=x.txt", "x"])
        c.check(p.returncode == 2 and b"cargo" in p.stderr, "unknown corpus ecosystem: exit 2",
                f"{p.returncode} {p.stderr!r}")

    print(f"test_check: {'FAILED' if c.failed else 'all checks passed'}")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
