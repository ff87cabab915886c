// Private to src/report: the concrete reporters behind make_reporter() and the helpers they
// share. Nothing here is public API; the JSON field builders exist so that json and ndjson
// cannot drift apart (ndjson lines carry exactly the fields of the json document).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "airlock/core/sink.h"
#include "airlock/report/reporter.h"

namespace airlock::report {

inline constexpr std::string_view kSchema = "airlock.report/1";
inline constexpr std::string_view kToolName = "airlock";
inline constexpr std::string_view kInformationUri = "https://airlock.invalid/";

std::unique_ptr<FindingSink> make_text_reporter(std::ostream& out, const ReporterOptions& o);
std::unique_ptr<FindingSink> make_json_reporter(std::ostream& out, const ReporterOptions& o);
std::unique_ptr<FindingSink> make_ndjson_reporter(std::ostream& out, const ReporterOptions& o);
std::unique_ptr<FindingSink> make_sarif_reporter(std::ostream& out, const ReporterOptions& o);

// --- JSON building blocks (airlock.report/1); key order is part of the contract. ---
using Json = nlohmann::ordered_json;

Json target_json(const TargetInfo& t);
Json finding_json(const Finding& f);
Json error_json(const TargetError& e);
Json summary_json(const SummarySink& s);

// Serialises without ever throwing on invalid UTF-8 (hostile evidence): bad bytes become
// U+FFFD. indent < 0 gives one line.
std::string dump_json(const Json& j, int indent);

// --- Terminal safety ---
// Makes attacker-controlled text safe to print on a terminal, on one line: C0/C1 controls,
// DEL, invalid UTF-8 and bidi overrides ("Trojan Source") are shown as escapes (\n, \t, \r,
// \x1b, \u202e) instead of reaching the terminal. Output longer than max_chars code points
// is cut and ends with "...". max_chars == 0 means no limit.
std::string sanitize_for_terminal(std::string_view in, std::size_t max_chars = 0);

}  // namespace airlock::report
