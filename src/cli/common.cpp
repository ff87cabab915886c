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

std::optional<report::Format> resolve_format(const std::string& value) {
  auto f = report::parse_format(value);
  if (!f) print_error("unknown --format '" + value + "' (text, json, sarif, ndjson)");
  return f;
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace airlock::cli
