// airlock check NAME... --ecosystem npm|pypi|mcp: package-name confusion.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "airlock/names/names.h"
#include "analyze/text_util.h"
#include "cli/cli.h"
#include "cli/name_checks.h"

namespace airlock::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> names;
  std::string ecosystem;
  std::vector<std::string> corpora;
  std::string allowlist;
  std::string format;
  std::string fail_on = "high";
  bool no_color = false;
};

int run_check(const CheckArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  auto eco = names::parse_ecosystem(a.ecosystem);
  if (!format || !fail_on || !eco) {
    if (!eco) print_error("unknown --ecosystem '" + a.ecosystem + "' (npm, pypi, mcp)");
    return kExitError;
  }
  auto checker = NameChecker::create(a.corpora, a.allowlist);
  if (!checker) {
    print_error(checker.error().message);
    return kExitError;
  }

  std::vector<std::string> inputs;
  for (const std::string& n : a.names) {
    if (n != "-") {
      inputs.push_back(n);
      continue;
    }
    std::string line;
    while (std::getline(std::cin, line) && inputs.size() < kMaxCheckedNames) {
      std::string_view t = analyze::trim(line);
      if (!t.empty() && t[0] != '#') inputs.emplace_back(t);
    }
  }

  ReportOutput output(*format, a.no_color);
  FindingSink& sink = output.sink();
  sink.begin({"check", *fail_on});
  checker->warn_missing_corpus(*eco);
  int id = 0;
  for (const std::string& raw : inputs) {
    TargetInfo t;
    t.id = id++;
    t.path = raw;
    t.kind = "name";
    t.ecosystem = std::string(names::to_string(*eco));
    auto norm = names::normalise(*eco, raw);
    t.name = norm ? *norm : raw;
    sink.target(t);
    if (!norm) {
      sink.error({t.id, fmt::format("'{}': {}", analyze::clip(raw), norm.error().message)});
      continue;
    }
    for (Finding& f : checker->check(*eco, raw)) {
      f.target = t.id;
      sink.finding(f);
    }
  }
  sink.end();
  std::cout.flush();
  return output.exit_code();
}

}  // namespace

Verb register_check(CLI::App& root) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* app = root.add_subcommand(
      "check",
      "Check package names for confusion with popular ones (typosquats, combosquats, scope "
      "confusion) and, with --corpus internal=FILE, with your private package names.");
  app->add_option("names", args->names, "Names to check, or - to read one per line from stdin")
      ->required();
  app->add_option("--ecosystem", args->ecosystem, "npm, pypi or mcp")
      ->required()
      ->check(CLI::IsMember({"npm", "pypi", "mcp"}));
  app->add_option("--corpus", args->corpora,
                  "ECOSYSTEM=FILE: popular names (one per line, name<TAB>rank, or the "
                  "top-pypi-packages JSON); internal=FILE for private names; repeatable")
      ->allow_extra_args(false);  // one value per --corpus: `--corpus pypi=F -` keeps the -
  app->add_option("--allowlist", args->allowlist, "File of names never to flag (one per line)")
      ->check(CLI::ExistingFile);
  add_format_option(app, args->format, "text");
  add_verdict_options(app, args->fail_on, args->no_color);
  return {app, [args] { return run_check(*args); }};
}

}  // namespace airlock::cli
