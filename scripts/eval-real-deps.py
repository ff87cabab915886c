#!/usr/bin/env python3
"""False alarms of `airlock check` on real dependency names.

    scripts/eval-real-deps.py AIRLOCK [--top N] [--jobs N] [--cache FILE] [-v]

The dependencies that the N most popular npm packages (default 3,000, the top of
data/corpus/npm.tsv) declare in their latest release are real, legitimate packages; many are
not popular enough for the corpus. The script asks the npm registry for each package's
latest manifest (`GET /<name>/latest`), collects the declared names (runtime: dependencies,
optionalDependencies, peerDependencies; and devDependencies), resolves npm aliases
(`"react-17": "npm:react@^17"` installs react), and checks every name that is not in the
corpus with `airlock check --ecosystem npm -`. Every flag there is a false alarm or a near
miss that only popularity tells apart. Needs network access to the npm registry (a few
minutes); --cache FILE keeps the manifests' dependency lists for later runs.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTRY = "https://registry.npmjs.org"
FIELDS = ("dependencies", "optionalDependencies", "peerDependencies", "devDependencies")
MAX_MANIFEST_BYTES = 4 << 20


def declared(name):
    """[(key, field, spec)] of one package's latest manifest; None when it cannot be read."""
    url = f"{REGISTRY}/{urllib.parse.quote(name, safe='@')}/latest"
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            manifest = json.loads(r.read(MAX_MANIFEST_BYTES + 1)[:MAX_MANIFEST_BYTES])
    except (urllib.error.URLError, OSError, ValueError):
        return None
    out = []
    for field in FIELDS:
        deps = manifest.get(field)
        if isinstance(deps, dict):
            out += [(k, field, str(v)) for k, v in deps.items() if isinstance(k, str)]
    return out


def installed(key, spec):
    """The package a dependency entry installs: the alias target for `npm:name@range`."""
    if spec.startswith("npm:"):
        target = spec[4:]
        at = target.find("@", 1 if target.startswith("@") else 0)
        target = target if at < 0 else target[:at]
        if target and target != "@":
            return target.lower()
    return key.lower()


def flagged(airlock, names):
    p = subprocess.run([airlock, "check", "--ecosystem", "npm", "--format", "json", "-"],
                       input="".join(n + "\n" for n in names), capture_output=True, text=True,
                       timeout=600)
    if p.returncode not in (0, 1):
        sys.exit(f"eval-real-deps: airlock check exited {p.returncode}: {p.stderr[:300]}")
    report = json.loads(p.stdout)
    target = {t["id"]: t.get("name") for t in report["targets"]}
    return {target[f["target"]]: f.get("evidence", "") for f in report["findings"]
            if f.get("category") == "name-confusion"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("airlock")
    ap.add_argument("--top", type=int, default=3000)
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--cache", help="JSON file of the dependency lists (read if present)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the flagged names")
    args = ap.parse_args()

    with open(os.path.join(REPO, "data", "corpus", "npm.tsv"), encoding="utf-8") as f:
        ranked = [line.split("\t")[0] for line in f if line.strip()]
    corpus = set(ranked)
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, encoding="utf-8") as f:
            deps = json.load(f)
    else:
        deps = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for name, d in zip(ranked[:args.top], pool.map(declared, ranked[:args.top])):
                if d is not None:
                    deps[name] = d
        if args.cache:
            with open(args.cache, "w", encoding="utf-8") as f:
                json.dump(deps, f)
    if len(deps) < args.top // 2:
        sys.exit(f"eval-real-deps: only {len(deps)} of {args.top} manifests read; "
                 "is the registry reachable?")

    print(f"dependencies declared by {len(deps)} of the {args.top} most popular npm packages")
    print(f"  {'names':<42} {'distinct':>8} {'unlisted':>8} {'flagged':>8} {'of unlisted':>11}")
    for label, runtime_only, resolve in (("runtime, by installed name (scan)", True, True),
                                         ("all fields, by installed name", False, True),
                                         ("all fields, by key (aliases not resolved)", False,
                                          False)):
        names = {installed(k, s) if resolve else k.lower()
                 for entries in deps.values() for k, field, s in entries
                 if not runtime_only or field != "devDependencies"}
        unlisted = sorted(n for n in names if n not in corpus)
        hits = flagged(args.airlock, unlisted) if unlisted else {}
        rate = 100.0 * len(hits) / len(unlisted) if unlisted else 0.0
        print(f"  {label:<42} {len(names):>8} {len(unlisted):>8} {len(hits):>8} {rate:>10.1f}%")
        if args.verbose:
            for n, evidence in sorted(hits.items()):
                print(f"      {n}: {evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
