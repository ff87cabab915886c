// Suppressions: a user's decisions that a finding is accepted, keyed by rule + path glob +
// the SHA-256 of the file's content, so that a changed file is reported again and a path
// alone never hides anything (attackers put payloads where excluded paths would be).
//
// File format (YAML):
//   suppressions:
//     - rule: install-runs-bundled-binary
//       path: "bin/*"                # glob on the finding's path inside the target
//       sha256: "9f86d08..."          # content hash of that file (sha256sum of the file
//                                     # as extracted); there is no wildcard
//       reason: "vendored tool, reviewed 2026-11"
#pragma once

#include <string>
#include <vector>

#include "airlock/analyze/package_scan.h"
#include "airlock/core/result.h"

namespace airlock::analyze {

struct Suppression {
  std::string rule;
  std::string path_glob;
  std::string sha256;
  std::string reason;
};

class Suppressions {
 public:
  static Result<Suppressions> load_file(const std::string& path);
  static Result<Suppressions> parse(const std::string& yaml_text, const std::string& source);
  // Removes suppressed findings; returns how many were removed.
  std::size_t apply(TargetResult& result) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<Suppression> entries_;
};

}  // namespace airlock::analyze
