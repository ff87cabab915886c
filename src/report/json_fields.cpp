// JSON field builders shared by the json and ndjson reporters (schema airlock.report/1).
// Key order here is the order documented in docs/output-format.md.
#include <string>

#include "report/reporters.h"

namespace airlock::report {
namespace {

// Unknown values are null rather than "" so consumers can tell "not known" from a real
// (if odd) empty value without guessing.
Json string_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json index_or_null(int i) { return i < 0 ? Json(nullptr) : Json(i); }

}  // namespace

Json target_json(const TargetInfo& t) {
  Json j;
  j["id"] = t.id;
  j["path"] = t.path;
  j["kind"] = t.kind;
  j["name"] = string_or_null(t.name);
  j["version"] = string_or_null(t.version);
  j["sha256"] = string_or_null(t.sha256);
  // Name targets (`airlock check`) say which registry the name belongs to.
  if (!t.ecosystem.empty()) j["ecosystem"] = t.ecosystem;
  return j;
}

Json finding_json(const Finding& f) {
  Json j;
  j["rule"] = f.rule;
  j["severity"] = std::string(to_string(f.severity));
  j["category"] = std::string(to_string(f.category));
  j["message"] = f.message;
  j["target"] = index_or_null(f.target);
  if (f.location) {
    Json loc;
    loc["path"] = f.location->path;
    if (f.location->line > 0) loc["line"] = f.location->line;
    j["location"] = std::move(loc);
  }
  j["evidence"] = f.evidence;
  j["attack"] = f.attack;
  j["references"] = f.references;
  return j;
}

Json error_json(const TargetError& e) {
  Json j;
  j["target"] = index_or_null(e.target);
  j["message"] = e.message;
  return j;
}

Json summary_json(const SummarySink& s) {
  Json j;
  j["targets"] = s.targets();
  j["findings"] = s.findings();
  j["max_severity"] =
      s.any_finding() ? Json(std::string(to_string(s.max_severity()))) : Json(nullptr);
  j["verdict"] = s.verdict();
  return j;
}

std::string dump_json(const Json& j, int indent) {
  // replace: evidence comes from hostile files and is often not UTF-8; the default
  // (strict) handler would throw type_error 316 in the middle of a report.
  return j.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

}  // namespace airlock::report
