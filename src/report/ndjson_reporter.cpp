// ndjson reporter: one JSON object per line, written as soon as it is known, for streams
// (`watch`) and for consumers that process results incrementally. Each line has the fields
// of the matching json object plus a leading "type".
#include <ostream>

#include "report/reporters.h"

namespace airlock::report {
namespace {

class NdjsonReporter : public FindingSink {
 public:
  explicit NdjsonReporter(std::ostream& out) : out_(out) {}

  void begin(const RunInfo& run) override { summary_.begin(run); }
  void target(const TargetInfo& t) override {
    summary_.target(t);
    emit("target", target_json(t));
  }
  void finding(const Finding& f) override {
    summary_.finding(f);
    emit("finding", finding_json(f));
  }
  void error(const TargetError& e) override {
    summary_.error(e);
    emit("error", error_json(e));
  }
  void end() override { emit("summary", summary_json(summary_)); }

 private:
  void emit(std::string_view type, const Json& fields) {
    Json line;
    line["type"] = type;
    for (const auto& [key, value] : fields.items()) line[key] = value;
    // Flush per line: a reader tailing a long `watch` must see events when they happen.
    out_ << dump_json(line, -1) << '\n';
    out_.flush();
  }

  std::ostream& out_;
  SummarySink summary_;
};

}  // namespace

std::unique_ptr<FindingSink> make_ndjson_reporter(std::ostream& out, const ReporterOptions&) {
  return std::make_unique<NdjsonReporter>(out);
}

}  // namespace airlock::report
