// Name-confusion checks shared by `check` and `scan`: which corpora are loaded (shipped,
// --corpus, the user's data directory) and how a confusion becomes a Finding.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "airlock/analyze/package_scan.h"
#include "airlock/core/finding.h"
#include "airlock/core/result.h"
#include "airlock/names/names.h"

namespace airlock::cli {

// $XDG_DATA_HOME/airlock/corpus (default ~/.local/share/airlock/corpus): where
// `airlock corpus update` writes ECO.tsv and where NameChecker looks for ECO.{tsv,json,txt}.
std::filesystem::path user_corpus_dir();

// Names read from stdin by `check -` at most.
inline constexpr std::size_t kMaxCheckedNames = 1'000'000;

class NameChecker {
 public:
  // corpus_args: "npm=FILE", "pypi=FILE", "mcp=FILE", "internal=FILE".
  static Result<NameChecker> create(const std::vector<std::string>& corpus_args,
                                    const std::string& allowlist_path);
  // Says once on stderr that an ecosystem has no corpus (and how to get one).
  void warn_missing_corpus(names::Ecosystem eco) const;
  bool has_corpus(names::Ecosystem eco) const { return indexes_.count(eco) > 0; }
  // Findings (target unset) for one name: confusion with a popular name, and with
  // --corpus internal, equality or confusion with a private name (dependency confusion).
  std::vector<Finding> check(names::Ecosystem eco, std::string_view name) const;
  // Scan integration: checks a scanned package's own name and its declared dependencies
  // (a popular package that depends on a confusable name is a finding too).
  void check_package(analyze::TargetResult& result) const;

 private:
  std::map<names::Ecosystem, std::shared_ptr<const names::NameIndex>> indexes_;
  std::shared_ptr<const names::NameIndex> internal_;
  std::set<std::string> internal_names_;
  // Scans call check() from several threads; only the warning bookkeeping is mutable.
  std::unique_ptr<std::mutex> warn_mutex_ = std::make_unique<std::mutex>();
  mutable std::set<names::Ecosystem> warned_;
};

}  // namespace airlock::cli
