#!/usr/bin/env python3
"""Measure `airlock check` on labelled package names: recall on real typosquats, false alarms
on legitimate near-miss pairs.

    scripts/eval-names.py AIRLOCK_BIN [--corpus ECO=FILE]... [--verbose]
                          [--min-recall X --max-fp Y] [--json FILE] [--no-batch]

Data (tests/names/, see its README.md):
  typosquats.tsv   ecosystem, malicious_name, imitated_name, kind, source
  legit-pairs.tsv  ecosystem, name, similar_to, why

For each ecosystem the names go to ONE call, `AIRLOCK_BIN check --ecosystem ECO - --format json`
with the names on stdin (`--no-batch`: one call per name, for a binary whose stdin mode is
broken). The report is `airlock.report/1`: every checked name is a target
{id, kind: "name", name, ecosystem}; a suspicious one has a finding with category
"name-confusion" whose `target` is that id and whose evidence or message names the imitated
package. The imitated name is read from those strings (no other field is relied on).

A typosquat counts as
  * flagged: it has at least one name-confusion finding;
  * detected: one of its findings names the expected imitated package (compared after the
    ecosystem's normalisation: PEP 503 for PyPI, lowercase for npm/MCP). For a scoped
    look-alike (`@typescript_eslinter/eslint`) any package of the imitated scope counts.
Recall = detected / rows. A legitimate pair is a false alarm when either of its names is
flagged at all; both names are checked.

Corpora: `--corpus ECO=FILE` is passed on to airlock and also tells this script which names
are "popular", so that misses whose imitated name is not in the corpus (nothing to compare
with) are reported apart. Defaults: npm uses the corpus built into airlock (coverage read from
data/corpus/npm.tsv); PyPI uses ../shared/data/top-pypi-packages.min.json when it exists, and
is skipped with a note otherwise (the PyPI corpus is not shipped); MCP uses airlock's built-in
list (data/corpus/mcp.tsv) unless a file is given. Corpora installed by `airlock corpus
update` in the user's data directory would change the figures: the script runs airlock with
an empty XDG_DATA_HOME so that only the corpora named here count.

Exit status: 0 after printing the evaluation (it is a measurement, not a test); 1 when
--min-recall or --max-fp is given and missed; 2 on usage errors or when airlock could not be
run. Thresholds accept fractions (0.9) or percentages (90).
Only the Python standard library is used.
"""

import argparse
import atexit
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "tests", "names")
KINDS = (
    "edit-distance-1", "edit-distance-2", "transposition", "keyboard-neighbour", "homoglyph",
    "repeated-character", "omitted-character", "delimiter", "word-order", "combosquat",
    "scope-confusion", "plural", "alternate-spelling",
)
ECOSYSTEMS = ("npm", "pypi", "mcp")
# No user-installed corpora (see the docstring).
EMPTY_DATA_HOME = tempfile.mkdtemp(prefix="eval-names-data-")
atexit.register(shutil.rmtree, EMPTY_DATA_HOME, True)
# Tokens that can be package names inside a message: scoped names, dotted names, digits.
TOKEN_RE = re.compile(r"@?[A-Za-z0-9](?:[A-Za-z0-9._/~-]*[A-Za-z0-9])?")


def die(msg):
    print(f"eval-names: {msg}", file=sys.stderr)
    sys.exit(2)


def normalise(eco, name):
    name = name.strip()
    if eco == "pypi":
        return re.sub(r"[-_.]+", "-", name).lower()
    return name.lower()


def read_tsv(path, columns):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != list(columns):
            die(f"{path}: header is {header}, expected {list(columns)}")
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != len(columns):
                die(f"{path}:{n}: {len(cells)} columns, expected {len(columns)}")
            row = dict(zip(columns, cells))
            if row["ecosystem"] not in ECOSYSTEMS:
                die(f"{path}:{n}: unknown ecosystem {row['ecosystem']!r}")
            if "kind" in row and row["kind"] not in KINDS:
                die(f"{path}:{n}: unknown kind {row['kind']!r}")
            row["line"] = n
            rows.append(row)
    return rows


def load_corpus_names(eco, path):
    """The names of a corpus file in any of the formats airlock accepts, normalised; None when
    the file cannot be read (airlock will say why)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    stripped = text.lstrip()
    names = set()
    if stripped.startswith("{"):
        try:
            doc = json.loads(text)
            for row in doc.get("rows", []):
                if isinstance(row, dict) and isinstance(row.get("project"), str):
                    names.add(normalise(eco, row["project"]))
        except (ValueError, AttributeError):
            return None
        return names
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names.add(normalise(eco, line.split("\t")[0]))
    return names


def names_in_text(eco, text):
    out = set()
    for tok in TOKEN_RE.findall(text or ""):
        out.add(normalise(eco, tok.rstrip(".")))
    return out


def strings_of(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_of(v)


def finding_names(eco, finding):
    """Package names mentioned by a finding: its evidence and message (and, if present, any
    string under a nested object such as `properties`)."""
    text = []
    for key in ("evidence", "message"):
        if isinstance(finding.get(key), str):
            text.append(finding[key])
    for key, value in finding.items():
        if isinstance(value, (dict, list)) and key not in ("location", "attack", "references"):
            text.extend(strings_of(value))
    names = set()
    for t in text:
        names |= names_in_text(eco, t)
    return names, " | ".join(t for t in text if t)


def run_airlock(binary, eco, names, corpus_args, batch):
    """{normalised name: [(names mentioned, finding text), ...]} for every name airlock
    reported as a target, plus stderr notes and timing."""
    results = {}
    notes = []
    elapsed = 0.0

    def call(args, stdin_text):
        nonlocal elapsed
        cmd = [binary, "check", "--ecosystem", eco, *corpus_args, "--format", "json", *args]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, input=stdin_text, capture_output=True, text=True,
                               encoding="utf-8", errors="replace", timeout=600,
                               env=dict(os.environ, XDG_DATA_HOME=EMPTY_DATA_HOME))
        except OSError as e:
            die(f"cannot run {binary}: {e}")
        except subprocess.TimeoutExpired:
            die(f"{' '.join(cmd)} did not finish in 600 s")
        elapsed += time.monotonic() - t0
        for line in p.stderr.splitlines():
            line = "airlock said: " + line.strip()
            if line != "airlock said: " and line not in notes and len(notes) < 20:
                notes.append(line)
        if p.returncode not in (0, 1, 2):
            die(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[:500]}")
        try:
            return json.loads(p.stdout)
        except ValueError:
            return None

    def absorb(report):
        targets = {}
        for t in report.get("targets", []):
            if t.get("kind") not in (None, "name"):
                continue
            label = t.get("name") or t.get("path")
            if isinstance(label, str):
                targets[t.get("id")] = normalise(eco, label)
                results.setdefault(normalise(eco, label), [])
            # Some reporters keep the raw input in `path` and the normalised one in `name`.
            if isinstance(t.get("path"), str):
                results.setdefault(normalise(eco, t["path"]), [])
        for f in report.get("findings", []):
            if f.get("category") != "name-confusion":
                continue
            key = targets.get(f.get("target"))
            if key is None:
                continue
            results[key].append(finding_names(eco, f))
            # Mirror under the raw path so either spelling finds it.
        for t in report.get("targets", []):
            key = targets.get(t.get("id"))
            if key is not None and isinstance(t.get("path"), str):
                raw = normalise(eco, t["path"])
                if raw != key:
                    results[raw] = results[key]

    reports = 0
    if batch:
        report = call(["-"], "".join(n + "\n" for n in names))
        if report is None:
            notes.append("batch call gave no JSON report; falling back to one call per name")
            batch = False
        else:
            absorb(report)
            reports += 1
    if not batch:
        for n in names:
            report = call(["--", n], None)
            if report is not None:
                absorb(report)
                reports += 1
    return results, notes, elapsed, reports


def pct(a, b):
    return "   -  " if b == 0 else f"{100.0 * a / b:5.1f}%"


def threshold(x):
    v = float(x)
    return v / 100.0 if v > 1.0 else v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("airlock", help="path to the airlock binary")
    ap.add_argument("--corpus", action="append", default=[], metavar="ECO=FILE",
                    help="corpus passed to airlock for that ecosystem (repeatable)")
    ap.add_argument("--data", default=DATA, help="folder with typosquats.tsv and legit-pairs.tsv")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--min-recall", type=threshold, help="fail (exit 1) below this recall")
    ap.add_argument("--max-fp", type=threshold, help="fail (exit 1) above this false-alarm rate")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--no-batch", action="store_true", help="one airlock call per name")
    args = ap.parse_args()

    if not (os.path.isfile(args.airlock) and os.access(args.airlock, os.X_OK)):
        die(f"{args.airlock}: not an executable file")

    squats = read_tsv(os.path.join(args.data, "typosquats.tsv"),
                      ("ecosystem", "malicious_name", "imitated_name", "kind", "source"))
    legit = read_tsv(os.path.join(args.data, "legit-pairs.tsv"),
                     ("ecosystem", "name", "similar_to", "why"))

    corpus_files = {}
    for spec in args.corpus:
        eco, sep, path = spec.partition("=")
        if not sep or not path:
            die(f"--corpus {spec!r}: expected ECO=FILE")
        corpus_files.setdefault(eco, []).append(path)

    notes = []
    shared_pypi = os.path.join(os.path.dirname(REPO), "shared", "data",
                               "top-pypi-packages.min.json")
    if "pypi" not in corpus_files:
        if os.path.isfile(shared_pypi):
            corpus_files["pypi"] = [shared_pypi]
        else:
            notes.append(f"PyPI skipped: no corpus ({shared_pypi} is absent; "
                         "give --corpus pypi=FILE)")

    # Which imitated names exist in the corpus in use (None: unknown).
    coverage = {}
    for eco in ECOSYSTEMS:
        paths = corpus_files.get(eco, [])
        if not paths and eco in ("npm", "mcp"):  # the corpora compiled into airlock
            shipped = os.path.join(REPO, "data", "corpus", f"{eco}.tsv")
            paths = [shipped] if os.path.isfile(shipped) else []
        sets = [load_corpus_names(eco, p) for p in paths]
        coverage[eco] = set().union(*sets) if sets and all(s is not None for s in sets) else None

    evaluated = [e for e in ECOSYSTEMS if e != "pypi" or "pypi" in corpus_files]
    results = {}
    timing = {}
    broken = []  # ecosystems for which airlock never produced a JSON report
    for eco in evaluated:
        names = set()
        for r in squats:
            if r["ecosystem"] == eco:
                names.add(r["malicious_name"])
        for r in legit:
            if r["ecosystem"] == eco:
                names.add(r["name"])
                names.add(r["similar_to"])
        if not names:
            continue
        corpus_args = []
        for p in corpus_files.get(eco, []):
            corpus_args += ["--corpus", f"{eco}={p}"]
        res, eco_notes, elapsed, reports = run_airlock(args.airlock, eco, sorted(names), corpus_args,
                                              not args.no_batch)
        results[eco] = res
        timing[eco] = (len(names), elapsed)
        notes += [f"[{eco}] {n}" for n in eco_notes]
        if reports == 0:
            broken.append(eco)

    # ---- typosquat recall -----------------------------------------------------------------
    by_eco = collections.defaultdict(lambda: collections.Counter())
    by_kind = collections.defaultdict(lambda: collections.Counter())
    misses = []
    unchecked = 0
    for r in squats:
        eco = r["ecosystem"]
        if eco not in results:
            continue
        mal = normalise(eco, r["malicious_name"])
        want = normalise(eco, r["imitated_name"])
        got = results[eco].get(mal)
        if got is None:
            unchecked += 1
            got = []
        flagged = bool(got)
        mentioned = set().union(*[g[0] for g in got]) if got else set()
        detected = want in mentioned
        if not detected and mal.startswith("@") and want.startswith("@"):
            scope = want.split("/", 1)[0] + "/"
            detected = any(m.startswith(scope) for m in mentioned)
        cov = coverage.get(eco)
        in_corpus = None if cov is None else (want in cov)
        for c in (by_eco[eco], by_kind[(eco, r["kind"])], by_kind[("all", r["kind"])],
                  by_eco["all"]):
            c["rows"] += 1
            c["flagged"] += flagged
            c["detected"] += detected
            if in_corpus:
                c["in_corpus"] += 1
                c["in_corpus_detected"] += detected
        if not detected:
            misses.append((r, flagged, " | ".join(g[1] for g in got), in_corpus))

    # ---- false alarms on legitimate pairs ----------------------------------------------------
    fp = collections.defaultdict(lambda: collections.Counter())
    fp_names = collections.defaultdict(set)
    fp_rows = []
    checked_names = collections.defaultdict(set)
    for r in legit:
        eco = r["ecosystem"]
        if eco not in results:
            continue
        hits = []
        for n in (r["name"], r["similar_to"]):
            key = normalise(eco, n)
            checked_names[eco].add(key)
            got = results[eco].get(key) or []
            if got:
                hits.append((n, " | ".join(g[1] for g in got)))
                fp_names[eco].add(key)
        for c in (fp[eco], fp["all"]):
            c["pairs"] += 1
            c["flagged"] += bool(hits)
        if hits:
            fp_rows.append((r, hits))

    # ---- report ------------------------------------------------------------------------------
    print("airlock check on tests/names (measured with scripts/eval-names.py)")
    for eco, (n, secs) in timing.items():
        print(f"  {eco}: {n} distinct names, {secs:.2f} s wall")
    print()
    print("Typosquats: recall (detected with the right imitated name)")
    hdr = f"  {'ecosystem':<10} {'kind':<20} {'rows':>5} {'flagged':>8} {'detected':>9} " \
          f"{'recall':>7}   {'in corpus':>9} {'recall':>7}"
    print(hdr)
    print("  " + "-" * (len(hdr) - 2))

    def line(eco, kind, c):
        cov = f"{c['in_corpus']:>9} {pct(c['in_corpus_detected'], c['in_corpus']):>7}" \
              if coverage.get(eco, True) is not None else f"{'?':>9} {'':>7}"
        print(f"  {eco:<10} {kind:<20} {c['rows']:>5} {c['flagged']:>8} {c['detected']:>9} "
              f"{pct(c['detected'], c['rows']):>7}   {cov}")

    for eco in ECOSYSTEMS:
        if eco not in by_eco:
            continue
        for kind in KINDS:
            if (eco, kind) in by_kind:
                line(eco, kind, by_kind[(eco, kind)])
        line(eco, "(all kinds)", by_eco[eco])
        print()
    for kind in KINDS:
        if ("all", kind) in by_kind:
            line("all", kind, by_kind[("all", kind)])
    line("all", "(total)", by_eco["all"])
    print()
    print("Legitimate near-miss pairs: false alarms (either name flagged)")
    print(f"  {'ecosystem':<10} {'pairs':>6} {'flagged':>8} {'rate':>7}   "
          f"{'names':>6} {'flagged':>8} {'rate':>7}")
    for eco in list(ECOSYSTEMS) + ["all"]:
        if eco not in fp:
            continue
        if eco == "all":
            names_total = sum(len(v) for v in checked_names.values())
            names_fp = sum(len(v) for v in fp_names.values())
        else:
            names_total, names_fp = len(checked_names[eco]), len(fp_names[eco])
        c = fp[eco]
        print(f"  {eco:<10} {c['pairs']:>6} {c['flagged']:>8} {pct(c['flagged'], c['pairs']):>7}   "
              f"{names_total:>6} {names_fp:>8} {pct(names_fp, names_total):>7}")
    print()

    if args.verbose:
        if misses:
            print("Misses (typosquats not detected with the expected imitated name):")
            for r, flagged, text, in_corpus in misses:
                where = "" if in_corpus is None else ("" if in_corpus else "  [imitated name not in corpus]")
                what = f"flagged: {text}" if flagged else "not flagged"
                print(f"  {r['ecosystem']:<5} {r['malicious_name']:<28} want {r['imitated_name']:<28} "
                      f"{r['kind']:<19} {what}{where}")
            print()
        if fp_rows:
            print("False alarms on legitimate pairs:")
            for r, hits in fp_rows:
                for n, text in hits:
                    print(f"  {r['ecosystem']:<5} {n:<28} (pair {r['name']} / {r['similar_to']}): {text}")
            print()

    missing_legit = sum(1 for eco in checked_names for n in checked_names[eco]
                        if n not in results.get(eco, {}))
    if missing_legit:
        notes.append(f"{missing_legit} legitimate names were not in airlock's report at all "
                     "(counted as not flagged)")
    if unchecked:
        notes.append(f"{unchecked} typosquat names were not in airlock's report at all "
                     "(counted as not flagged)")
    for n in notes:
        print(f"note: {n}")

    total = by_eco["all"]
    recall = total["detected"] / total["rows"] if total["rows"] else 0.0
    fp_rate = fp["all"]["flagged"] / fp["all"]["pairs"] if fp["all"]["pairs"] else 0.0
    print(f"TOTAL recall {100 * recall:.1f}% ({total['detected']}/{total['rows']}), "
          f"false alarms {100 * fp_rate:.1f}% of legitimate pairs "
          f"({fp['all']['flagged']}/{fp['all']['pairs']})")

    if args.json:
        doc = {
            "recall": {"detected": total["detected"], "rows": total["rows"],
                       "flagged": total["flagged"]},
            "by_ecosystem": {e: dict(c) for e, c in by_eco.items() if e != "all"},
            "by_kind": {f"{e}/{k}": dict(c) for (e, k), c in by_kind.items()},
            "false_alarms": {e: dict(c) for e, c in fp.items()},
            "timing_s": {e: t[1] for e, t in timing.items()},
            "notes": notes,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, sort_keys=True)

    if broken:
        print(f"ERROR: airlock gave no JSON report for {', '.join(broken)}; figures above "
              "are meaningless", file=sys.stderr)
        return 2
    failed = []
    if args.min_recall is not None and recall < args.min_recall:
        failed.append(f"recall {100 * recall:.1f}% < {100 * args.min_recall:.1f}%")
    if args.max_fp is not None and fp_rate > args.max_fp:
        failed.append(f"false alarms {100 * fp_rate:.1f}% > {100 * args.max_fp:.1f}%")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
