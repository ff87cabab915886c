// json reporter: one airlock.report/1 document on the output stream, written at end().
//
// The document is built in memory because its summary comes last but the contract wants a
// single object; a run that never calls end() therefore prints nothing (use ndjson for
// streams). Verbs can add top-level members after "summary" through ReportExtras.
#include <ostream>

#include "report/reporters.h"

namespace airlock::report {
namespace {

class JsonReporter : public FindingSink {
 public:
  JsonReporter(std::ostream& out, const ReporterOptions& options)
      : out_(out), version_(options.tool_version), extras_(options.extras) {}

  void begin(const RunInfo& run) override {
    summary_.begin(run);
    command_ = run.command;
  }
  void target(const TargetInfo& t) override {
    summary_.target(t);
    targets_.push_back(target_json(t));
  }
  void finding(const Finding& f) override {
    summary_.finding(f);
    findings_.push_back(finding_json(f));
  }
  void error(const TargetError& e) override {
    summary_.error(e);
    errors_.push_back(error_json(e));
  }
  void end() override {
    Json doc;
    doc["schema"] = kSchema;
    doc["tool"] = {{"name", kToolName}, {"version", version_}};
    doc["command"] = command_;
    doc["targets"] = std::move(targets_);
    doc["findings"] = std::move(findings_);
    doc["errors"] = std::move(errors_);
    doc["summary"] = summary_json(summary_);
    if (extras_) {
      for (const auto& [key, value] : extras_->members()) doc[key] = value;
    }
    out_ << dump_json(doc, 2) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::string version_;
  std::string command_;
  std::shared_ptr<const ReportExtras> extras_;
  SummarySink summary_;
  Json targets_ = Json::array();
  Json findings_ = Json::array();
  Json errors_ = Json::array();
};

}  // namespace

bool ReportExtras::set_extra(const std::string& key, nlohmann::ordered_json value) {
  for (std::string_view reserved :
       {"schema", "tool", "command", "targets", "findings", "errors", "summary"}) {
    if (key == reserved) return false;
  }
  for (auto& [k, v] : members_) {
    if (k == key) {
      v = std::move(value);
      return true;
    }
  }
  members_.emplace_back(key, std::move(value));
  return true;
}

std::unique_ptr<FindingSink> make_json_reporter(std::ostream& out, const ReporterOptions& o) {
  return std::make_unique<JsonReporter>(out, o);
}

}  // namespace airlock::report
