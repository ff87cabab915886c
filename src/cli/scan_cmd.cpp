// airlock scan TARGET...: static scan of package artifacts and trees.
#include <iostream>

#include "airlock/analyze/scan_driver.h"
#include "airlock/analyze/suppressions.h"
#include "airlock/catalogue/catalogue.h"
#include "cli/cli.h"
#include "cli/name_checks.h"

namespace airlock::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> targets;
  std::string format;
  std::string fail_on = "high";
  std::vector<std::string> rule_dirs;
  std::vector<std::string> corpora;
  std::string suppressions;
  int jobs = 1;
  bool no_color = false;
  double max_total_mb = 0, max_file_mb = 0, max_ratio = 0;
  std::uint64_t max_entries = 0;
  int max_json_depth = 0;
};

int run_scan(const ScanArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  if (!format || !fail_on) return kExitError;

  analyze::EngineOptions options;
  if (a.max_total_mb > 0)
    options.limits.max_total_bytes = static_cast<std::uint64_t>(a.max_total_mb * (1 << 20));
  if (a.max_file_mb > 0)
    options.limits.max_file_bytes = static_cast<std::uint64_t>(a.max_file_mb * (1 << 20));
  if (a.max_ratio > 0) options.limits.max_ratio = a.max_ratio;
  if (a.max_entries > 0) options.limits.max_entries = a.max_entries;
  if (a.max_json_depth > 0) options.limits.max_json_depth = a.max_json_depth;
  options.rules.extra_dirs = a.rule_dirs;
  auto catalogue = catalogue::Catalogue::load_embedded();
  if (!catalogue) {
    print_error("internal error: the built-in catalogue does not load: " +
                catalogue.error().message);
    return kExitError;
  }
  options.rules.generated = catalogue->to_yara();
  auto engine = analyze::Engine::create(options);
  if (!engine) {
    print_error(engine.error().message);
    return kExitError;
  }
  std::optional<analyze::Suppressions> suppressions;
  if (!a.suppressions.empty()) {
    auto s = analyze::Suppressions::load_file(a.suppressions);
    if (!s) {
      print_error(s.error().message);
      return kExitError;
    }
    suppressions = std::move(*s);
  }
  // The package's own name and its declared dependencies are checked for confusion with
  // popular (and, with --corpus internal=FILE, private) names.
  auto names = NameChecker::create(a.corpora, "");
  if (!names) {
    print_error(names.error().message);
    return kExitError;
  }
  analyze::FindingFilter filter = [&](analyze::TargetResult& r) {
    names->check_package(r);
    if (suppressions) suppressions->apply(r);
  };

  ReportOutput output(*format, a.no_color);
  FindingSink& sink = output.sink();
  sink.begin({"scan", *fail_on});
  analyze::ScanOptions scan_options;
  scan_options.jobs = a.jobs;
  scan_options.stdin_list = &std::cin;
  analyze::scan_inputs(a.targets, **engine, scan_options, sink, filter);
  sink.end();
  std::cout.flush();
  return output.exit_code();
}

}  // namespace

Verb register_scan(CLI::App& root) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* app = root.add_subcommand(
      "scan",
      "Statically scan npm/PyPI/VS Code artifacts (.tgz .tar.gz .whl .zip .vsix), package "
      "directories, node_modules and site-packages trees, or '-' for paths on stdin. Nothing "
      "in the package is executed.");
  app->add_option("targets", args->targets, "Files, directories, or - for a list on stdin")
      ->required();
  add_format_option(app, args->format, "text");
  add_verdict_options(app, args->fail_on, args->no_color);
  app->add_option("--rules", args->rule_dirs,
                  "Directory of extra YARA rules (*.yar, *.yara); repeatable")
      ->check(CLI::ExistingDirectory);
  app->add_option("--corpus", args->corpora,
                  "ECOSYSTEM=FILE popular names for name checks (npm ships built in; "
                  "internal=FILE for private names); repeatable");
  app->add_option("--suppressions", args->suppressions,
                  "YAML file of accepted findings (rule + path glob + file sha256)")
      ->check(CLI::ExistingFile);
  app->add_option("-j,--jobs", args->jobs, "Targets scanned in parallel")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app->add_option("--max-total-mb", args->max_total_mb,
                  "Limit on uncompressed bytes per target (default 1024)")
      ->check(CLI::PositiveNumber);
  app->add_option("--max-file-mb", args->max_file_mb,
                  "Files above this are hashed, not content-scanned (default 32)")
      ->check(CLI::PositiveNumber);
  app->add_option("--max-ratio", args->max_ratio,
                  "Limit on archive compression ratio (default 200)")
      ->check(CLI::PositiveNumber);
  app->add_option("--max-entries", args->max_entries, "Limit on files per target (default 100000)")
      ->check(CLI::PositiveNumber);
  app->add_option("--max-json-depth", args->max_json_depth, "Limit on JSON nesting (default 64)")
      ->check(CLI::Range(1, 10000));
  return {app, [args] { return run_scan(*args); }};
}

}  // namespace airlock::cli
