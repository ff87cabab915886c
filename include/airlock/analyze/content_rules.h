// Content rules: YARA rules (shipped, user-supplied, generated from the catalogue) compiled
// once into an immutable RuleSet, scanned by a cheap per-thread ContentScanner.
//
// Rules carry their meaning in meta fields (see docs/rules.md): category, role
// (threat | capability | target), severity, attack, description, help, and for capabilities
// and targets the capability they provide or need. The correlation step turns signals into
// findings; this layer only reports what matched where.
//
//   auto rules = RuleSet::compile({.extra_dirs = {"my-rules"}, .generated = catalogue.to_yara()});
//   ContentScanner scanner(**rules);            // one per thread
//   std::vector<Signal> s = scanner.scan(content);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/finding.h"
#include "airlock/core/result.h"

namespace airlock::analyze {

enum class Role { kThreat, kCapability, kTarget };

// Capability bits: what a piece of code can do. Targets list the bits that make them a threat.
enum Capability : unsigned {
  kCapNetwork = 1u << 0,
  kCapSpawn = 1u << 1,
  kCapFsWrite = 1u << 2,
  kCapFsRead = 1u << 3,
  kCapEnvRead = 1u << 4,
};

// Parses "network,spawn" into bits; unknown words are an error.
Result<unsigned> parse_capabilities(std::string_view list);

struct RuleMeta {
  std::string id;  // finding rule id (YARA name with '_' -> '-')
  Category category = Category::kPolicy;
  Severity severity = Severity::kLow;
  Role role = Role::kThreat;
  unsigned provides = 0;  // capability rules
  unsigned needs = 0;     // target rules
  std::vector<std::string> attack;
  std::string description;
  std::string help;
};

struct Signal {
  const RuleMeta* rule = nullptr;  // owned by the RuleSet
  int line = 0;                    // 1-based line of the first match
  std::string evidence;            // the matched line, trimmed to kMaxEvidenceBytes
  int matches = 0;
  bool only_in_comments = false;  // every examined match sits on a comment line
};

struct RuleSources {
  bool shipped = true;                  // the rules compiled into the binary
  std::vector<std::string> extra_dirs;  // --rules DIR: every *.yar / *.yara inside
  std::string generated;                // rules generated at start-up (the catalogue)
};

class RuleSet {
 public:
  static Result<std::shared_ptr<const RuleSet>> compile(const RuleSources& sources);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  std::size_t size() const { return metas_.size(); }
  const RuleMeta& meta(std::size_t i) const { return *metas_[i]; }
  const RuleMeta* find(std::string_view id) const;

 private:
  RuleSet() = default;
  friend class ContentScanner;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::unique_ptr<RuleMeta>> metas_;
};

class ContentScanner {
 public:
  explicit ContentScanner(const RuleSet& rules);
  ~ContentScanner();
  ContentScanner(const ContentScanner&) = delete;
  ContentScanner& operator=(const ContentScanner&) = delete;
  // One signal per matching rule. Never fails: a scan error yields no signals.
  std::vector<Signal> scan(std::string_view content);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace airlock::analyze
