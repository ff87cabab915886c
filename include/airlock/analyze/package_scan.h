// Scanning one target: read its files (artifact), run every analyzer, correlate signals into
// findings. The Engine holds what is compiled once (rules, catalogue); a PackageScanner per
// thread holds the cheap per-thread state.
//
//   auto engine = Engine::create({.rules = {...}, .limits = limits});
//   PackageScanner scanner(**engine);
//   TargetResult r = scanner.scan(spec);   // never throws; errors are in r.errors
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "airlock/analyze/content_rules.h"
#include "airlock/artifact/artifact.h"
#include "airlock/core/finding.h"
#include "airlock/core/limits.h"

namespace airlock::analyze {

struct EngineOptions {
  RuleSources rules;
  Limits limits;
};

class Engine {
 public:
  static Result<std::shared_ptr<const Engine>> create(const EngineOptions& options);
  const RuleSet& rules() const { return *rules_; }
  const Limits& limits() const { return limits_; }
  // True when user rules are loaded: they may target any file, so none is skipped.
  bool scan_everything() const { return scan_everything_; }

 private:
  std::shared_ptr<const RuleSet> rules_;
  Limits limits_;
  bool scan_everything_ = false;
};

// A dependency a manifest declares, for name checks.
struct DeclaredDependency {
  std::string name;  // the package installed (for an npm alias, the name after "npm:")
  std::string path;  // manifest it is declared in
  int line = 0;
  std::string alias;  // the manifest's key when it differs from `name` (npm aliases)
};

// Findings carry target = -1; the driver assigns report ids.
struct TargetResult {
  TargetInfo info;
  std::string ecosystem;  // "npm" or "pypi" when the manifests say so, else empty
  std::vector<DeclaredDependency> dependencies;
  std::vector<Finding> findings;
  std::vector<std::string> errors;
};

class PackageScanner {
 public:
  explicit PackageScanner(const Engine& engine);
  ~PackageScanner();
  TargetResult scan(const artifact::TargetSpec& spec);

 private:
  const Engine& engine_;
  ContentScanner content_;
};

}  // namespace airlock::analyze
