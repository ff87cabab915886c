// Glue shared by the verbs of the airlock command line. Each verb lives in its own file and
// registers itself on the CLI11 app; main() only dispatches and maps results to exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "airlock/core/finding.h"
#include "airlock/core/sink.h"
#include "airlock/report/reporter.h"

namespace airlock::cli {

// Exit codes of the contract (ARCHITECTURE.md): 0 clean, 1 findings at/above --fail-on,
// 2 usage, unreadable input or internal error.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// A registered verb: its subcommand and the action to run once parsing succeeded.
struct Verb {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// Writes "airlock: <message>" to stderr.
void print_error(const std::string& message);

// Adds --format with the given default and parses it when the verb runs.
void add_format_option(CLI::App* app, std::string& format, const std::string& default_format);
// Adds --fail-on (the severity at or above which the verb exits 1) and --no-color, the two
// options every reporting verb has. `fail_on_help` names what else happens at that severity.
void add_verdict_options(
    CLI::App* app, std::string& fail_on, bool& no_color,
    const std::string& fail_on_help = "Exit 1 when a finding is at or above this severity");
// Resolves a --format value; prints the error and returns nullopt when invalid.
std::optional<report::Format> resolve_format(const std::string& value);
// True when stdout is a terminal (text reporter colour).
bool stdout_is_terminal();

// Where a verb's report goes: the reporter of --format on stdout (coloured on a terminal
// unless --no-color) and the summary that decides the exit code, behind one sink.
class ReportOutput {
 public:
  ReportOutput(report::Format format, bool no_color,
               std::shared_ptr<report::ReportExtras> extras = nullptr);
  FindingSink& sink() { return tee_; }
  // The exit code of the contract for what went through sink().
  int exit_code() const { return summary_.exit_code(); }

 private:
  std::unique_ptr<FindingSink> reporter_;
  SummarySink summary_;
  TeeSink tee_;
};

Verb register_scan(CLI::App& root);
Verb register_catalogue(CLI::App& root);
Verb register_check(CLI::App& root);
Verb register_corpus(CLI::App& root);
Verb register_run(CLI::App& root);
Verb register_snapshot(CLI::App& root);
Verb register_diff(CLI::App& root);
Verb register_watch(CLI::App& root);
Verb register_mcp(CLI::App& root);

}  // namespace airlock::cli
