// Reporters: FindingSinks that print a report (text, json, sarif, ndjson).
//
//   auto rep = make_reporter(Format::kJson, std::cout, {});
//   SummarySink summary;
//   TeeSink sink({rep.get(), &summary});
//   sink.begin({"scan", Severity::kHigh}); ...; sink.end();
//   return summary.exit_code();
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "airlock/core/sink.h"

namespace airlock::report {

enum class Format { kText, kJson, kSarif, kNdjson };

std::optional<Format> parse_format(std::string_view s);

struct ReporterOptions {
  bool color = false;  // ANSI colour in text output (set only when stdout is a terminal)
  std::string tool_version = "0.1.0";
};

std::unique_ptr<FindingSink> make_reporter(Format format, std::ostream& out,
                                           const ReporterOptions& options);

// Tool version string used in every report.
inline constexpr std::string_view kToolVersion = "0.1.0";

}  // namespace airlock::report
