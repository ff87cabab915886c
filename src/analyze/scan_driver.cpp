#include "airlock/analyze/scan_driver.h"

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

struct Planned {
  artifact::TargetSpec spec;
  std::string error;  // discovery failed: reported as a target with this error
};

void plan_input(const std::string& input, const Limits& limits, std::vector<Planned>& out) {
  std::vector<std::string> warnings;
  auto specs = artifact::discover(input, limits, &warnings);
  for (std::string& w : warnings) {
    Planned p;
    p.spec.display_path = input;
    p.spec.kind = "unknown";
    p.error = std::move(w);
    out.push_back(std::move(p));
  }
  if (!specs) {
    Planned p;
    p.spec.display_path = input;
    p.spec.kind = "unknown";
    p.error = specs.error().message;
    out.push_back(std::move(p));
    return;
  }
  for (auto& s : *specs) out.push_back({std::move(s), {}});
}

}  // namespace

void scan_inputs(const std::vector<std::string>& inputs, const Engine& engine,
                 const ScanOptions& options, FindingSink& sink, const FindingFilter& filter) {
  const Limits& limits = engine.limits();
  std::vector<Planned> plan;
  for (const std::string& input : inputs) {
    if (input == "-" && options.stdin_list) {
      std::string line;
      std::uint64_t n = 0;
      while (std::getline(*options.stdin_list, line)) {
        std::string path(trim(line));
        if (path.empty() || path[0] == '#') continue;
        if (++n > limits.max_targets) {
          Planned p;
          p.spec.display_path = "-";
          p.spec.kind = "unknown";
          p.error = fmt::format("more than {} paths on stdin; the rest were not scanned",
                                limits.max_targets);
          plan.push_back(std::move(p));
          break;
        }
        plan_input(path, limits, plan);
      }
    } else {
      plan_input(input, limits, plan);
    }
  }

  std::vector<TargetResult> results(plan.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    PackageScanner scanner(engine);
    for (std::size_t i; (i = next.fetch_add(1)) < plan.size();) {
      if (!plan[i].error.empty()) {
        results[i].info.path = plan[i].spec.display_path;
        results[i].info.kind = plan[i].spec.kind;
        results[i].errors.push_back(plan[i].error);
        continue;
      }
      results[i] = scanner.scan(plan[i].spec);
      if (filter) filter(results[i]);
    }
  };
  int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(plan.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  for (std::size_t i = 0; i < results.size(); ++i) {
    TargetResult& r = results[i];
    r.info.id = static_cast<int>(i);
    sink.target(r.info);
    for (Finding& f : r.findings) {
      f.target = r.info.id;
      sink.finding(f);
    }
    for (const std::string& e : r.errors) sink.error({r.info.id, e});
  }
}

}  // namespace airlock::analyze
