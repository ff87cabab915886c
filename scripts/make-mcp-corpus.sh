#!/usr/bin/env bash
# Writes data/corpus/mcp.tsv, the MCP popular-name corpus compiled into airlock
# (airlock::names::embedded_corpus(Ecosystem::kMcp)), used by `airlock check --ecosystem mcp`
# and by the MCP checks.
#
#   scripts/make-mcp-corpus.sh [MCP_SERVERS_TSV]   # default ../shared/data/mcp-servers.tsv
#
# Contents, in rank order:
#   1. AI-tool brands that typosquats imitate (the package an `npx -y` / `uvx` line runs):
#      the list below, kept by hand;
#   2. MCP server packages: the `npm` and `pypi` rows of mcp-servers.tsv (columns
#      ecosystem, package_name, source; rows for GitHub repositories, Docker images and
#      remote URLs are not package names and are skipped), in file order.
# Output: `name<TAB>rank` lines, no header, first occurrence wins. Needs bash and awk only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-"$root/../shared/data/mcp-servers.tsv"}
out="$root/data/corpus/mcp.tsv"
[[ -f "$src" ]] || { echo "make-mcp-corpus: $src not found" >&2; exit 1; }

brands=(
  @anthropic-ai/claude-code @anthropic-ai/sdk anthropic openai @openai/codex
  @google/gemini-cli openclaw @modelcontextprotocol/sdk @modelcontextprotocol/inspector
  mcp fastmcp mcp-remote
)
tmp=$(mktemp "$out.XXXXXX")  # same file system: the final mv is atomic
trap 'rm -f "$tmp"' EXIT
{
  printf '%s\n' "${brands[@]}"
  awk -F'\t' 'NR > 1 && ($1 == "npm" || $1 == "pypi") && $2 != "" { print tolower($2) }' "$src"
} | awk 'BEGIN { OFS = "\t" } !seen[$0]++ { r++; print $0, r }' >"$tmp"
got=$(wc -l <"$tmp")
if [[ "$got" -lt 50 ]]; then
  echo "make-mcp-corpus: only $got names from $src; wrong file?" >&2
  exit 1
fi
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "make-mcp-corpus: wrote $got names to $out"
