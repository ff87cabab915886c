#include "airlock/core/finding.h"

#include <array>
#include <utility>

namespace airlock {
namespace {

constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high",
                                                            "critical"};

constexpr std::array<std::pair<Category, std::string_view>, 15> kCategoryNames = {{
    {Category::kInstallHook, "install-hook"},
    {Category::kExecution, "execution"},
    {Category::kDownloadExec, "download-exec"},
    {Category::kPersistence, "persistence"},
    {Category::kAgentRegistration, "agent-registration"},
    {Category::kCredentialAccess, "credential-access"},
    {Category::kExfiltration, "exfiltration"},
    {Category::kC2, "c2"},
    {Category::kObfuscation, "obfuscation"},
    {Category::kNameConfusion, "name-confusion"},
    {Category::kBinaryShadowing, "binary-shadowing"},
    {Category::kSelfPropagation, "self-propagation"},
    {Category::kBundledBinary, "bundled-binary"},
    {Category::kProvenance, "provenance"},
    {Category::kPolicy, "policy"},
}};

}  // namespace

std::string_view to_string(Severity s) { return kSeverityNames[static_cast<int>(s)]; }

std::optional<Severity> parse_severity(std::string_view s) {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == s) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

Severity lower(Severity s) {
  return s == Severity::kInfo ? s : static_cast<Severity>(static_cast<int>(s) - 1);
}

std::string_view to_string(Category c) {
  for (const auto& [cat, name] : kCategoryNames) {
    if (cat == c) return name;
  }
  return "policy";
}

std::optional<Category> parse_category(std::string_view s) {
  for (const auto& [cat, name] : kCategoryNames) {
    if (name == s) return cat;
  }
  return std::nullopt;
}

}  // namespace airlock
