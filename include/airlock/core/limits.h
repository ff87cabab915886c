// Limits: every bound airlock applies to hostile input, named in one place.
//
// Each has a CLI flag on the verbs that read artifacts and a test that hits it.
#pragma once

#include <cstdint>

namespace airlock {

struct Limits {
  // Sum of uncompressed file sizes in one target.
  std::uint64_t max_total_bytes = 1024ull << 20;
  // Archive entries or directory files in one target.
  std::uint64_t max_entries = 100'000;
  // Uncompressed bytes per compressed byte of an archive, checked once more than
  // kRatioCheckFloor bytes came out (small archives compress oddly well).
  double max_ratio = 200.0;
  // Files bigger than this are hashed and reported as info, not content-scanned.
  std::uint64_t max_file_bytes = 32ull << 20;
  // Nesting depth of JSON (package.json, MCP configs) and TOML documents.
  int max_json_depth = 64;
  // Manifests (package.json, setup.py, METADATA, ...) bigger than this are not parsed.
  std::uint64_t max_manifest_bytes = 4ull << 20;
  // Directory recursion depth when walking trees.
  int max_dir_depth = 64;
  // Paths in stdin lists, targets found in one node_modules / site-packages tree.
  std::uint64_t max_targets = 200'000;
};

inline constexpr std::uint64_t kRatioCheckFloor = 16ull << 20;
// Evidence snippets in reports are cut to this many bytes.
inline constexpr std::size_t kMaxEvidenceBytes = 200;
// Findings of one rule in one file are merged into one; at most this many distinct
// findings are reported per target so a crafted package cannot flood the report.
inline constexpr std::size_t kMaxFindingsPerTarget = 500;

}  // namespace airlock
