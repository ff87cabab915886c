// Finding: the one record every analyzer emits and every reporter consumes.
//
// Severity and Category are the fixed vocabularies of the report contract
// (ARCHITECTURE.md, "Report format"); their string forms are part of the JSON schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);
// One level down (critical -> high, ..., info stays info).
Severity lower(Severity s);

enum class Category {
  kInstallHook,
  kExecution,
  kDownloadExec,
  kPersistence,
  kAgentRegistration,
  kCredentialAccess,
  kExfiltration,
  kC2,
  kObfuscation,
  kNameConfusion,
  kBinaryShadowing,
  kSelfPropagation,
  kBundledBinary,
  kProvenance,
  kPolicy,
};

std::string_view to_string(Category c);
std::optional<Category> parse_category(std::string_view s);

struct Location {
  std::string path;  // relative to the target root, '/'-separated
  int line = 0;      // 1-based; 0 = whole file
  // Size of the file, for whole-file locations (line 0) when known; -1 otherwise.
  std::int64_t file_bytes = -1;
};

struct Finding {
  std::string rule;  // stable kebab-case id
  Severity severity = Severity::kInfo;
  Category category = Category::kPolicy;
  std::string message;
  int target = -1;  // index into the report's targets
  std::optional<Location> location;
  std::string evidence;                 // short snippet, already truncated
  std::vector<std::string> attack;      // MITRE ATT&CK technique ids
  std::vector<std::string> references;  // e.g. "SAFE-T1006"
  std::string help;                     // rule help text (SARIF tool.driver.rules)
  // SHA-256 of the file the finding points into; not reported, used to key suppressions.
  std::string file_sha256;
};

// The target a finding belongs to (a package, an archive, a name).
struct TargetInfo {
  int id = -1;
  std::string path;
  std::string kind;  // npm-tarball, npm-package, pypi-sdist, pypi-wheel, pypi-dist, vsix, ...
  std::string name;
  std::string version;
  std::string sha256;     // of the artifact file; empty for directories
  std::string ecosystem;  // name targets of `check`: npm, pypi, mcp (empty otherwise)
};

struct TargetError {
  int target = -1;  // -1 when no target could be formed
  std::string message;
};

}  // namespace airlock
