#!/usr/bin/env python3
"""Write data/corpus/npm.tsv, the npm popular-name corpus compiled into airlock
(airlock::names::embedded_npm_corpus()).

    scripts/make-npm-corpus.py [--downloads N] [--dependents N] [--scope-min-names N]
                               [--scope-min-downloads N] [--out FILE] [--cache DIR]

Three public npm-registry packages, pinned below, fetched with `npm pack` into a temporary
directory (or --cache DIR, reused when the tarballs are already there) and read as data,
never executed:

  * npm-high-impact (Titus Wormer): lib/top.js, the union of the most-downloaded and the
    most-depended-on packages. Its dependents half keeps packages that many others build on
    but whose own download counts are modest (and a few that download-counts misses).
  * download-counts (nice-registry): counts.json, the downloads of the last month of every
    npm package. Its top N (default 40,000) reaches the mid-popularity packages that real
    typosquat campaigns imitated (crypto-wallet libraries, most of the Azure SDK, ffmpeg,
    ccxt) and that npm-high-impact's download threshold leaves out.
  * all-the-package-names 1.x (the last 1.x release; 2.x is sorted by name): names.json,
    every package name sorted by how many packages depended on it in its (older) dependents
    data. Its top N (default 10,000) adds packages that were widely used when the big
    typosquat campaigns of 2017-2019 imitated them and have since fallen out of the current
    lists (bitcoind-rpc, koa-multer, opencv); they still sit in old lockfiles.

Then the rest of each popular scope from download-counts: every package of at least
--scope-min-downloads (1,000) a month in a scope with at least --scope-min-names (30) names
in the lists above, @types excepted. Squat campaigns copy an organisation's whole package
list with the scope dropped (218 @azure names in 2021-2022, most far below any download
cut-off), and only the scope's owner can publish in it, so these names add targets without
adding names a squatter controls.

Rank: each name's best position in either list (its position among all packages by monthly
downloads, or its position in npm-high-impact's list), renumbered 1..n; ties keep the order
of downloads. So rank 1 = most popular, and the top of the list is the same under either
measure. The formerly popular names follow all current ones, in their old order (today they
are less downloaded than any of those); the completed scopes' names rank by their
downloads. Why not further than ~40,000 by downloads: deeper, the list holds removed
typosquats that npm replaced with security placeholders and mirrors keep downloading
(`opencv.js` ranks ~70,000, `crossenv` ~90,000), and packages inflated by mirrors; a name
in the corpus is never flagged.

Output: one `name<TAB>rank` line per package (lowercase, unique), sorted by rank, no header.
About 53,500 names with the defaults. Needs `npm`, Python 3 and network access to the npm
registry (about 80 MB of tarballs); nothing else.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

HIGH_IMPACT = ("npm-high-impact", "1.13.0")
DOWNLOAD_COUNTS = ("download-counts", "2.20260301.0")
DEPENDENTS = ("all-the-package-names", "1.3905.0")
DEFAULT_DOWNLOADS = 40_000
DEFAULT_DEPENDENTS = 10_000
DEFAULT_SCOPE_MIN_NAMES = 30
DEFAULT_SCOPE_MIN_DOWNLOADS = 1_000
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Bounds for what we read out of the tarballs (the lists are ~0.4 MB and ~100 MB today).
MAX_MEMBER_BYTES = 512 << 20
# npm's rules for new names, with the legacy upper case allowed (it is lowercased here).
NAME_RE = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")


def die(msg):
    print(f"make-npm-corpus: {msg}", file=sys.stderr)
    sys.exit(1)


def fetch(pkg, version, cache):
    tgz = os.path.join(cache, f"{pkg}-{version}.tgz")
    if not os.path.isfile(tgz):
        subprocess.run(["npm", "pack", "--silent", f"{pkg}@{version}"], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    if not os.path.isfile(tgz):
        die(f"npm pack {pkg}@{version} gave no {tgz}")
    return tgz


def read_member(tgz, member):
    with tarfile.open(tgz, "r:gz") as tar:
        try:
            info = tar.getmember(member)
        except KeyError:
            die(f"{tgz}: no {member} (the package layout changed?)")
        if not info.isfile() or info.size > MAX_MEMBER_BYTES:
            die(f"{tgz}: {member} is not a regular file of at most {MAX_MEMBER_BYTES} bytes")
        return tar.extractfile(info).read().decode("utf-8")


def high_impact_names(tgz):
    """lib/top.js: `export const npmHighImpact = [` then one `  'name',` per line."""
    names = re.findall(r"^  '([^']+)',?$", read_member(tgz, "package/lib/top.js"), re.M)
    if len(names) < 1000:
        die(f"{tgz}: only {len(names)} names in lib/top.js; the package layout changed?")
    return names


def downloads(tgz):
    """counts.json: {"name": monthly downloads, ...}, every package of the registry."""
    counts = json.loads(read_member(tgz, "package/counts.json"))
    if not isinstance(counts, dict) or len(counts) < 100_000:
        die(f"{tgz}: counts.json is not the expected object of package download counts")
    return [(n, c) for n, c in counts.items() if isinstance(n, str) and isinstance(c, int)]


def dependents(tgz):
    """names.json of all-the-package-names 1.x: every package name, most-depended-on first."""
    names = json.loads(read_member(tgz, "package/names.json"))
    if not isinstance(names, list) or len(names) < 100_000 or names[0] != "mocha":
        die(f"{tgz}: names.json is not the expected list sorted by dependents")
    return [n for n in names if isinstance(n, str)]


def scope_of(name):
    return name[1:].split("/", 1)[0] if name.startswith("@") and "/" in name else None


def merge(high_impact, counts, top_downloads, by_dependents, top_dependents,
          scope_min_names=0, scope_min_downloads=0):
    by_downloads = sorted(counts, key=lambda nc: (-nc[1], nc[0]))
    dl_rank, dl_count = {}, {}
    for i, (name, count) in enumerate(by_downloads, start=1):
        key = name.lower()
        if key not in dl_rank:
            dl_rank[key], dl_count[key] = i, count
    best = {}
    for i, name in enumerate(high_impact, start=1):
        key = name.lower()
        best[key] = min(best.get(key, i), i, dl_rank.get(key, i))
    for name, _ in by_downloads[:top_downloads]:
        key = name.lower()
        best.setdefault(key, dl_rank[key])
    # The rest of each popular scope: squatters copy an organisation's whole package list
    # with the scope dropped (the 2021-2022 @azure campaign took 218 names, most of them far
    # below the download cut-off), and the scope is what users trust. @types is left out:
    # a @types name imitates its unscoped package, which the lists above already hold.
    completed = 0
    if scope_min_names:
        in_scope = collections.Counter(scope_of(k) for k in best if scope_of(k))
        popular = {s for s, n in in_scope.items() if n >= scope_min_names and s != "types"}
        for name, count in by_downloads[top_downloads:]:
            if count < scope_min_downloads:
                break
            key = name.lower()
            if scope_of(key) in popular and key not in best:
                best[key] = dl_rank[key]
                completed += 1
    ordered = sorted(best, key=lambda k: (best[k], -dl_count.get(k, 0), k))
    # Formerly popular packages that no current list has, after all current ones (they are
    # less downloaded today than any of those), in their old order.
    seen = set(ordered)
    for name in by_dependents[:top_dependents]:
        key = name.lower()
        if key not in seen:
            seen.add(key)
            ordered.append(key)
    return [n for n in ordered if NAME_RE.match(n) and len(n) <= 214], completed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--downloads", type=int, default=DEFAULT_DOWNLOADS,
                    help=f"how many of the most-downloaded packages to add "
                         f"(default {DEFAULT_DOWNLOADS})")
    ap.add_argument("--dependents", type=int, default=DEFAULT_DEPENDENTS,
                    help=f"how many of the most-depended-on packages (historical list) to add "
                         f"(default {DEFAULT_DEPENDENTS})")
    ap.add_argument("--scope-min-names", type=int, default=DEFAULT_SCOPE_MIN_NAMES,
                    help="complete every scope (but @types) with at least N names in the lists "
                         f"above (default {DEFAULT_SCOPE_MIN_NAMES}; 0: off)")
    ap.add_argument("--scope-min-downloads", type=int, default=DEFAULT_SCOPE_MIN_DOWNLOADS,
                    help="with the scope's packages of at least N downloads a month "
                         f"(default {DEFAULT_SCOPE_MIN_DOWNLOADS})")
    ap.add_argument("--out", default=os.path.join(REPO, "data", "corpus", "npm.tsv"))
    ap.add_argument("--cache", help="directory for the tarballs (default: a temporary one)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="make-npm-corpus-") as tmp:
        cache = args.cache or tmp
        os.makedirs(cache, exist_ok=True)
        hi = high_impact_names(fetch(*HIGH_IMPACT, cache))
        counts = downloads(fetch(*DOWNLOAD_COUNTS, cache))
        deps = dependents(fetch(*DEPENDENTS, cache)) if args.dependents else []
        names, completed = merge(hi, counts, args.downloads, deps, args.dependents,
                      args.scope_min_names, args.scope_min_downloads)
        out_tmp = args.out + ".tmp"
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(out_tmp, "w", encoding="utf-8", newline="\n") as f:
            for rank, name in enumerate(names, start=1):
                f.write(f"{name}\t{rank}\n")
        os.replace(out_tmp, args.out)
    print(f"make-npm-corpus: wrote {len(names)} names to {args.out} "
          f"({HIGH_IMPACT[0]}@{HIGH_IMPACT[1]}: {len(hi)} names; "
          f"{DOWNLOAD_COUNTS[0]}@{DOWNLOAD_COUNTS[1]}: top {args.downloads} by downloads; "
          f"{DEPENDENTS[0]}@{DEPENDENTS[1]}: top {args.dependents} by dependents; "
          f"{completed} more of the scopes with {args.scope_min_names}+ names, "
          f"{args.scope_min_downloads}+ downloads a month)")


if __name__ == "__main__":
    main()
