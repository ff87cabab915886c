#!/usr/bin/env bash
# Writes data/corpus/npm.tsv, the npm popular-name corpus compiled into airlock. The work is
# done by scripts/make-npm-corpus.py (sources, pinned versions, ranking: see its docstring);
# this wrapper keeps the old entry point.
#
#   scripts/make-npm-corpus.sh [OPTIONS]   (the options of make-npm-corpus.py)
set -euo pipefail
exec python3 "$(dirname "$0")/make-npm-corpus.py" "$@"
