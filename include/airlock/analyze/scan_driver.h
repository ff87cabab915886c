// The scan driver: expands user inputs into targets, scans them on N threads, and feeds the
// sink in input order (deterministic reports whatever --jobs is).
//
//   ScanOptions opt{.jobs = 2};
//   scan_inputs({"x.tgz", "node_modules"}, engine, opt, sink);
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "airlock/analyze/package_scan.h"
#include "airlock/core/sink.h"

namespace airlock::analyze {

struct ScanOptions {
  int jobs = 1;
  std::istream* stdin_list = nullptr;  // where "-" reads its list of paths from
};

// Post-processing applied to every target's findings before they reach the sink
// (suppressions, name checks). May drop findings or add new ones.
using FindingFilter = std::function<void(TargetResult&)>;

void scan_inputs(const std::vector<std::string>& inputs, const Engine& engine,
                 const ScanOptions& options, FindingSink& sink, const FindingFilter& filter = {});

}  // namespace airlock::analyze
