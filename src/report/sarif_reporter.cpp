// sarif reporter: one SARIF 2.1.0 log, written at end(), shaped like tests/sarif/example.sarif
// (which the SARIF Multitool validates with zero errors and warnings; see tests/sarif/NOTES.md
// for why each choice below is what it is).
//
// Locations are relative to the target: every target with located results gets an
// originalUriBaseIds entry "TARGET<id>" whose URI is the target itself as a directory-like
// URI (file:///abs/x.tgz/), and results use the path inside the target relative to it.
#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "report/reporters.h"

namespace airlock::report {
namespace {

constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kFingerprintKey = "airlockFindingHash/v1";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
    case Severity::kInfo:
      return "note";
  }
  return "note";
}

// GitHub code scanning maps security-severity "over 9.0" to critical, 7.0-8.9 to high,
// 4.0-6.9 to medium, <= 3.9 to low. Values sit inside each band, not on its edge (9.0 itself
// is ambiguous). Info findings get none, so dashboards show them as plain notes rather than
// as low-severity security alerts.
std::optional<std::string_view> security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.0";
    case Severity::kLow:
      return "2.0";
    case Severity::kInfo:
      return std::nullopt;
  }
  return std::nullopt;
}

// "install-hook-download-exec" -> "InstallHookDownloadExec" (SARIF1001: name must differ
// from id).
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper_next = true;
  for (char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper_next = true;
      continue;
    }
    if (upper_next && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
    upper_next = false;
  }
  return out.empty() ? "Rule" : out;
}

// SARIF consumers render message text as sentences; multitool rules and the example want a
// terminating period.
std::string sentence(std::string_view s) {
  std::string out(s);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  if (out.empty()) return ".";
  const char last = out.back();
  if (last != '.' && last != '!' && last != '?') out += '.';
  return out;
}

// Percent-encodes every byte outside A-Za-z0-9-._~ and '/': spaces, '#', '%', '\', '?',
// ':' (a colon in the first segment would read as a scheme) and non-ASCII bytes are all
// SARIF1002/1004 errors or ambiguities otherwise.
std::string percent_encode_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// The path inside the target as a relative reference (never starting with '/').
std::string relative_uri(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return percent_encode_path(path);
}

// Absolute, lexically normalised path of a target (no '..' segments: SARIF1004), '/'-ended
// when as_base. Never touches the filesystem beyond reading the working directory.
std::string file_uri(const std::string& path, bool as_base) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  if (ec) p = std::filesystem::path("/") / path;
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (as_base && s.back() != '/') s += '/';
  return "file://" + percent_encode_path(s);
}

// Stable across runs and line moves (no line number, no version), so code-scanning
// dashboards keep one alert per problem; 64-bit FNV-1a is plenty for de-duplication and
// is not a security boundary.
std::string fingerprint(const Finding& f, const TargetInfo* t) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // field separator
    h *= 0x100000001b3ULL;
  };
  mix(f.rule);
  mix(t ? (t->name.empty() ? t->path : t->name) : "");
  mix(f.location ? f.location->path : "");
  mix(f.evidence.empty() ? f.message : f.evidence);
  return fmt::format("{:016x}", h);
}

class SarifReporter : public FindingSink {
 public:
  SarifReporter(std::ostream& out, const ReporterOptions& options)
      : out_(out), version_(options.tool_version) {}

  void begin(const RunInfo& run) override {
    summary_.begin(run);
    command_ = run.command;
  }
  void target(const TargetInfo& t) override {
    summary_.target(t);
    if (!targets_.contains(t.id)) target_order_.push_back(t.id);
    targets_[t.id] = t;
  }
  void finding(const Finding& f) override {
    summary_.finding(f);
    findings_.push_back(f);
  }
  void error(const TargetError& e) override {
    summary_.error(e);
    errors_.push_back(e);
  }
  void end() override {
    out_ << dump_json(build(), 2) << '\n';
    out_.flush();
  }

 private:
  struct Rule {
    const Finding* first = nullptr;
    Severity max = Severity::kInfo;
  };

  const TargetInfo* find_target(int id) const {
    auto it = targets_.find(id);
    return it == targets_.end() ? nullptr : &it->second;
  }

  Json build() const {
    // Rules in order of first use; ruleIndex refers to this order.
    std::vector<Rule> rules;
    std::map<std::string, std::size_t> rule_index;
    for (const Finding& f : findings_) {
      auto [it, inserted] = rule_index.try_emplace(f.rule, rules.size());
      if (inserted) rules.push_back({&f, f.severity});
      // A rule's severity can vary with reachability; the rule's default is its worst case
      // so a dashboard never under-ranks it.
      Rule& r = rules[it->second];
      if (f.severity > r.max) r.max = f.severity;
    }

    Json driver;
    driver["name"] = kToolName;
    driver["version"] = version_;
    driver["semanticVersion"] = version_;
    driver["informationUri"] = kInformationUri;
    driver["rules"] = Json::array();
    for (const Rule& r : rules) driver["rules"].push_back(rule_json(r));

    Json run;
    run["tool"]["driver"] = std::move(driver);
    run["invocations"] = Json::array({invocation_json()});

    std::set<int> located_targets;
    for (const Finding& f : findings_) {
      const TargetInfo* t = find_target(f.target);
      if (f.location && t && !names_the_target(*f.location, *t)) located_targets.insert(f.target);
    }
    if (!located_targets.empty()) {
      Json bases = Json::object();
      for (int id : target_order_) {
        if (!located_targets.contains(id)) continue;
        const TargetInfo& t = targets_.at(id);
        bases[base_id(id)] = {{"uri", file_uri(t.path, /*as_base=*/true)},
                              {"description", {{"text", target_description(t)}}}};
      }
      run["originalUriBaseIds"] = std::move(bases);
    }
    if (!target_order_.empty()) {
      run["artifacts"] = Json::array();
      for (int id : target_order_) run["artifacts"].push_back(artifact_json(targets_.at(id)));
    }

    run["results"] = Json::array();
    for (const Finding& f : findings_) {
      run["results"].push_back(result_json(f, rule_index.at(f.rule)));
    }
    run["properties"] = {{"command", command_}, {"summary", summary_json(summary_)}};

    Json doc;
    doc["$schema"] = kSarifSchema;
    doc["version"] = "2.1.0";
    doc["runs"] = Json::array({std::move(run)});
    return doc;
  }

  static std::string base_id(int id) { return fmt::format("TARGET{}", id); }

  // A location that is the target file itself (a single config file, as `airlock mcp`
  // reports), not a path inside it: it gets the file's own URI, since resolving its path
  // against the target as a base would name a file below the file.
  static bool names_the_target(const Location& l, const TargetInfo& t) {
    return !l.path.empty() && relative_uri(l.path) == relative_uri(t.path);
  }

  static std::string target_description(const TargetInfo& t) {
    std::string s = fmt::format("Target {}: {}", t.id, t.kind.empty() ? "target" : t.kind);
    if (!t.name.empty()) {
      s += " " + t.name;
      if (!t.version.empty()) s += "@" + t.version;
    } else {
      s += " " + t.path;
    }
    return sentence(s);
  }

  static Json rule_json(const Rule& r) {
    const Finding& f = *r.first;
    const std::string help = f.help.empty() ? sentence(f.message) : f.help;
    Json j;
    j["id"] = f.rule;
    j["name"] = pascal_case(f.rule);
    j["shortDescription"] = {{"text", sentence(f.message)}};
    j["fullDescription"] = {{"text", f.help.empty() ? sentence(f.message) : sentence(f.help)}};
    j["help"] = {{"text", help}};
    // Help written by rule authors is meant to render; a message fallback may quote package
    // data, so it is offered as plain text only.
    if (!f.help.empty()) j["help"]["markdown"] = f.help;
    j["defaultConfiguration"] = {{"level", sarif_level(r.max)}};
    const std::string category(to_string(f.category));
    Json props;
    // Tags must be unique (JSON1020); the category cannot collide with the two fixed ones.
    props["tags"] = Json::array({"security", "supply-chain", category});
    if (auto ss = security_severity(r.max)) props["security-severity"] = *ss;
    props["category"] = category;
    j["properties"] = std::move(props);
    return j;
  }

  Json result_json(const Finding& f, std::size_t rule_index) const {
    const TargetInfo* t = find_target(f.target);
    Json j;
    j["ruleId"] = f.rule;
    j["ruleIndex"] = rule_index;
    j["level"] = sarif_level(f.severity);
    j["message"] = {{"text", sentence(f.message)}};
    bool evidence_placed = false;
    // A finding about the target as a whole (no location), or whose target was never
    // announced, has no artifact to point at: SARIF allows results without locations.
    if (f.location && t) {
      Json phys;
      if (names_the_target(*f.location, *t)) {
        phys["artifactLocation"] = {{"uri", file_uri(t->path, /*as_base=*/false)}};
      } else {
        phys["artifactLocation"] = {{"uri", relative_uri(f.location->path)},
                                    {"uriBaseId", base_id(f.target)}};
      }
      // Line 0 means the whole file: expressed as a byte region over the file when its
      // size is known (SARIF 3.30 byte-offset form), else as no region (whole artifact).
      if (f.location->line > 0) {
        Json region;
        region["startLine"] = f.location->line;
        if (!f.evidence.empty()) region["snippet"] = {{"text", f.evidence}};
        phys["region"] = std::move(region);
        evidence_placed = true;
      } else if (f.location->file_bytes >= 0) {
        phys["region"] = {{"byteOffset", 0}, {"byteLength", f.location->file_bytes}};
      }
      Json loc;
      loc["physicalLocation"] = std::move(phys);
      j["locations"] = Json::array({std::move(loc)});
    }
    j["partialFingerprints"] = {{kFingerprintKey, fingerprint(f, t)}};
    Json props;
    props["severity"] = std::string(to_string(f.severity));
    props["category"] = std::string(to_string(f.category));
    if (f.target >= 0) props["target"] = f.target;
    if (t && !t->name.empty()) props["targetName"] = t->name;
    if (t && !t->version.empty()) props["targetVersion"] = t->version;
    if (!evidence_placed && !f.evidence.empty()) props["evidence"] = f.evidence;
    if (!f.attack.empty()) props["attack"] = f.attack;
    if (!f.references.empty()) props["references"] = f.references;
    j["properties"] = std::move(props);
    return j;
  }

  Json artifact_json(const TargetInfo& t) const {
    Json j;
    j["location"] = {{"uri", file_uri(t.path, /*as_base=*/false)}};
    if (!t.sha256.empty()) j["hashes"] = {{"sha-256", t.sha256}};
    Json props;
    props["id"] = t.id;
    if (!t.kind.empty()) props["kind"] = t.kind;
    if (!t.name.empty()) props["name"] = t.name;
    if (!t.version.empty()) props["version"] = t.version;
    j["properties"] = std::move(props);
    return j;
  }

  Json invocation_json() const {
    const int exit_code = summary_.exit_code();
    Json inv;
    inv["exitCode"] = exit_code;
    // SARIF Appendix I: false when the tool's exit code denotes failure. Exit 2 is ours: a
    // target could not be examined and nothing else decided the run, so results are
    // incomplete. The error notifications below say which.
    inv["executionSuccessful"] = exit_code != 2;
    Json notes = Json::array();
    for (const TargetError& e : errors_) {
      Json n;
      n["level"] = "error";
      n["message"] = {{"text", sentence(e.message)}};
      if (const TargetInfo* t = find_target(e.target)) {
        Json loc;
        loc["physicalLocation"]["artifactLocation"]["uri"] = file_uri(t->path, /*as_base=*/false);
        n["locations"] = Json::array({std::move(loc)});
      }
      n["descriptor"] = {{"id", e.target >= 0 ? "target-failed" : "run-failed"}};
      if (e.target >= 0) n["properties"] = {{"target", e.target}};
      notes.push_back(std::move(n));
    }
    inv["toolExecutionNotifications"] = std::move(notes);
    return inv;
  }

  std::ostream& out_;
  std::string version_;
  std::string command_;
  SummarySink summary_;
  std::map<int, TargetInfo> targets_;
  std::vector<int> target_order_;
  std::vector<Finding> findings_;
  std::vector<TargetError> errors_;
};

}  // namespace

std::unique_ptr<FindingSink> make_sarif_reporter(std::ostream& out, const ReporterOptions& o) {
  return std::make_unique<SarifReporter>(out, o);
}

}  // namespace airlock::report
