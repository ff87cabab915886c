#!/usr/bin/env python3
"""Recall of `airlock check` on the malicious-package archive of Neupane et al. (2023).

    scripts/eval-typomind.py AIRLOCK ARCHIVE_CSV [eval-names.py options...]

ARCHIVE_CSV is `data-to-share/to-share/Malicious-Package-Archive-With-Campaign.csv` of the
paper's artifact (github.com/ldklab/typomind-release), which is not copied into this
repository: download it yourself. Its npm and PyPI rows (1,232 rows, 505 after the filter
below) are a second, larger set of real incidents than tests/names/typosquats.tsv, taken
whole rather than chosen: how the detector generalises beyond the rows it was developed on.

Rows kept: ecosystem npm or pip, one imitated name (rows naming several, "a or b", are
left out), each malicious name once. The archive's category codes are not mapped to airlock's
kinds, so every row is written with the kind `edit-distance-1`: read only the per-ecosystem
and total lines of the output. The archive also holds rows no name check can match (semantic
substitutions such as `discord.app`, malware imitating malware), and many imitated packages
are in no corpus; the "in corpus" column separates those. Further options (`--corpus`,
`-v`, ...) are passed to scripts/eval-names.py; its legitimate pairs are tests/names' own.
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECOSYSTEMS = {"npm": "npm", "pip": "pypi", "pypi": "pypi"}
MAX_ARCHIVE_BYTES = 16 << 20


def rows_of(path):
    if os.path.getsize(path) > MAX_ARCHIVE_BYTES:
        sys.exit(f"eval-typomind: {path} is larger than {MAX_ARCHIVE_BYTES} bytes; not the archive")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        need = {"Malicious Package Name", "Original Package Name", "Ecosystem"}
        if not need <= set(reader.fieldnames or ()):
            sys.exit(f"eval-typomind: {path} has no columns {sorted(need)}; not the archive")
        seen = set()
        for r in reader:
            eco = ECOSYSTEMS.get((r["Ecosystem"] or "").strip().lower())
            bad, target = (r["Malicious Package Name"] or "").strip(), \
                (r["Original Package Name"] or "").strip()
            if not eco or not bad or not target or any(c in bad + target for c in " ,\t"):
                continue
            if (eco, bad.lower()) in seen:
                continue
            seen.add((eco, bad.lower()))
            yield eco, bad, target, (r.get("Source") or "typomind archive").strip()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    airlock, archive, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory(prefix="eval-typomind-") as tmp:
        with open(os.path.join(tmp, "typosquats.tsv"), "w", encoding="utf-8") as out:
            out.write("ecosystem\tmalicious_name\timitated_name\tkind\tsource\n")
            for eco, bad, target, source in rows_of(archive):
                out.write(f"{eco}\t{bad}\t{target}\tedit-distance-1\t{source[:200]}\n")
        shutil.copy(os.path.join(REPO, "tests", "names", "legit-pairs.tsv"), tmp)
        return subprocess.call([sys.executable, os.path.join(REPO, "scripts", "eval-names.py"),
                                airlock, "--data", tmp, *rest])


if __name__ == "__main__":
    sys.exit(main())
