// Public entry points of the report component: format names and the reporter factory.
#include "airlock/report/reporter.h"

#include "report/reporters.h"

namespace airlock::report {

std::optional<Format> parse_format(std::string_view s) {
  if (s == "text") return Format::kText;
  if (s == "json") return Format::kJson;
  if (s == "sarif") return Format::kSarif;
  if (s == "ndjson") return Format::kNdjson;
  return std::nullopt;
}

std::unique_ptr<FindingSink> make_reporter(Format format, std::ostream& out,
                                           const ReporterOptions& options) {
  switch (format) {
    case Format::kText:
      return make_text_reporter(out, options);
    case Format::kJson:
      return make_json_reporter(out, options);
    case Format::kSarif:
      return make_sarif_reporter(out, options);
    case Format::kNdjson:
      return make_ndjson_reporter(out, options);
  }
  return nullptr;
}

}  // namespace airlock::report
