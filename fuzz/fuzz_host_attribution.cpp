// libFuzzer target: the parsers of attribution evidence (src/host/attribution_parsers.cpp) on
// arbitrary bytes: process environments and command lines, paths and commands, dpkg.log, apt
// history.log, npm debug logs and dist-info RECORD files. The first byte picks the parser.
// Invariants: no crash, hang or leak; outputs stay within their bounds (names, candidates,
// paths); windows never end before they start; parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "airlock/host/attribution.h"

using namespace airlock::host;

namespace {
void check_runs(const std::vector<LogRun>& runs) {
  if (runs.size() > kMaxLogRuns) std::abort();
  for (const LogRun& r : runs) {
    if (r.end < r.start) std::abort();
    for (const LogRun::Package& p : r.packages) {
      if (p.name.size() > 214 || p.version.size() > 64) std::abort();
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 8) {
    case 0: {
      auto m = install_markers(text);
      if (m && (m->package.size() > 214 || m->event.size() > 64)) std::abort();
      break;
    }
    case 1: {
      std::size_t nul = text.find('\0');
      auto r = manager_run(text.substr(0, std::min<std::size_t>(nul, 16)),
                           nul == std::string_view::npos ? text : text.substr(nul + 1));
      if (r && (r->packages.size() > 8 || r->command.size() > 160)) std::abort();
      break;
    }
    case 2: {
      auto d = package_dir_of(text);
      if (d && (d->package.empty() || !d->dir.ends_with(d->package))) std::abort();
      if (paths_in_text(text, "/home/u").size() > 32) std::abort();
      break;
    }
    case 3:
      check_runs(parse_dpkg_log(text));
      break;
    case 4:
      check_runs(parse_apt_history(text));
      break;
    case 5: {
      auto r = parse_npm_debug_log(text, "2026-12-05T01_43_47_918Z-debug-0.log", 1'800'000'000);
      if (r) check_runs({*r});
      break;
    }
    case 6: {
      auto r = parse_record(text);
      if (r.size() > 100'000) std::abort();
      for (const RecordEntry& e : r) {
        if (e.path.empty() || e.path.size() > 4096 || e.sha256_b64.size() > 64) std::abort();
      }
      break;
    }
    default: {
      std::string b = hex_to_b64url(text);
      if (b.size() > (text.size() / 2) * 4 / 3 + 4) std::abort();
      break;
    }
  }
  // Deterministic: the same input parses the same way twice.
  if (data[0] % 8 == 3 && parse_dpkg_log(text).size() != parse_dpkg_log(text).size()) std::abort();
  return 0;
}
