#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

namespace airlock::cli {

void print_error(const std::string& message) { std::cerr << "airlock: " << message << "\n"; }

void add_format_option(CLI::App* app, std::string& format, const std::string& default_format) {
  format = default_format;
  app->add_option("--format", format, "Output format: text, json, sarif or ndjson")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "sarif", "ndjson"}));
}

void add_verdict_options(CLI::App* app, std::string& fail_on, bool& no_color,
                         const std::string& fail_on_help) {
  app->add_option("--fail-on", fail_on, fail_on_help)
      ->capture_default_str()
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  app->add_flag("--no-color", no_color, "Never colour text output");
}

std::optional<report::Format> resolve_format(const std::string& value) {
  auto f = report::parse_format(value);
  if (!f) print_error("unknown --format '" + value + "' (text, json, sarif, ndjson)");
  return f;
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

namespace {
report::ReporterOptions reporter_options(report::Format format, bool no_color,
                                         std::shared_ptr<report::ReportExtras> extras) {
  report::ReporterOptions o;
  o.color = !no_color && format == report::Format::kText && stdout_is_terminal();
  o.extras = std::move(extras);
  return o;
}
}  // namespace

ReportOutput::ReportOutput(report::Format format, bool no_color,
                           std::shared_ptr<report::ReportExtras> extras)
    : reporter_(report::make_reporter(format, std::cout,
                                      reporter_options(format, no_color, std::move(extras)))),
      tee_({reporter_.get(), &summary_}) {}

}  // namespace airlock::cli
