// Reporters: FindingSinks that print a report (text, json, sarif, ndjson).
//
//   auto rep = make_reporter(Format::kJson, std::cout, {});
//   SummarySink summary;
//   TeeSink sink({rep.get(), &summary});
//   sink.begin({"scan", Severity::kHigh}); ...; sink.end();
//   return summary.exit_code();
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "airlock/core/sink.h"

namespace airlock::report {

enum class Format { kText, kJson, kSarif, kNdjson };

std::optional<Format> parse_format(std::string_view s);

// Extra top-level members of the json report, written after "summary" in the order they
// were first set (e.g. `mcp` adds "servers"). A verb may fill it at any time before the
// sink's end(); the other formats ignore it. The keys of airlock.report/1 itself are refused.
//
//   auto extras = std::make_shared<report::ReportExtras>();
//   ReporterOptions o;  o.extras = extras;
//   auto rep = make_reporter(Format::kJson, std::cout, o);
//   ...; extras->set_extra("servers", std::move(servers)); sink.end();
class ReportExtras {
 public:
  // False (and nothing set) when `key` is one of the report's own members.
  bool set_extra(const std::string& key, nlohmann::ordered_json value);
  const std::vector<std::pair<std::string, nlohmann::ordered_json>>& members() const {
    return members_;
  }

 private:
  std::vector<std::pair<std::string, nlohmann::ordered_json>> members_;
};

struct ReporterOptions {
  bool color = false;  // ANSI colour in text output (set only when stdout is a terminal)
  std::string tool_version = "0.1.0";
  std::shared_ptr<const ReportExtras> extras;  // json only; may be null
};

std::unique_ptr<FindingSink> make_reporter(Format format, std::ostream& out,
                                           const ReporterOptions& options);

// Tool version string used in every report.
inline constexpr std::string_view kToolVersion = "0.1.0";

}  // namespace airlock::report
