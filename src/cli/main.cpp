// airlock command line: dispatch to the verbs; every verb returns an exit code of the
// contract (0 clean, 1 findings at/above --fail-on, 2 error).
#include <iostream>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  using namespace airlock::cli;
  CLI::App app{
      "airlock: vet packages before they are installed, and catch what malicious installs "
      "leave behind (SAFE-T1006)."};
  app.set_version_flag("--version", std::string("airlock ") + AIRLOCK_VERSION);
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::help);
  std::vector<Verb> verbs = {register_scan(app), register_check(app), register_catalogue(app)};
  verbs.push_back(register_run(app));
  verbs.push_back(register_snapshot(app));
  verbs.push_back(register_diff(app));
  verbs.push_back(register_watch(app));
  verbs.push_back(register_mcp(app));
  verbs.push_back(register_corpus(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the error; usage errors are exit code 2 by contract.
    std::cerr << "airlock: ";
    app.exit(e);
    return kExitError;
  }
  for (const Verb& v : verbs) {
    if (v.app->parsed()) {
      try {
        return v.run();
      } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
        return kExitError;
      }
    }
  }
  return kExitError;
}
