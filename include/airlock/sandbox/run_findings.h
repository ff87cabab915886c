// Turns what happened inside the airlock (trace events, upper-layer changes, how each
// command ended) into findings of the shared report, classified with the persistence
// catalogue: a file written under ~/.config/systemd/user/ is persistence, a server added to
// an mcpServers map is agent-registration, a .pth file is install-hook, a honeytoken read is
// credential-access, a honeytoken leaving is exfiltration.
#pragma once

#include <string>
#include <vector>

#include "airlock/catalogue/catalogue.h"
#include "airlock/core/finding.h"
#include "airlock/sandbox/airlock.h"

namespace airlock::sandbox {

struct PhaseOutcome {
  std::string name;  // "fetch", "install", "scripts", "import", "command"
  NetMode net = NetMode::kNone;
  RunResult result;
  int timeout_seconds = 0;
  // Programs the phase itself starts (the bin phase's commands): running them is not a
  // dropped file being executed.
  std::vector<std::string> launched = {};
};

struct RunEvidence {
  const TraceLog* log = nullptr;
  const std::vector<Change>* changes = nullptr;
  const std::vector<PhaseOutcome>* phases = nullptr;
  const Sandbox* sandbox = nullptr;  // to read changed files' old and new content
  std::string home;
  int max_processes = 0;
  bool disk_full = false;  // the upper layer ran out of space
  std::uint64_t max_disk_bytes = 0;
};

std::vector<Finding> classify_run(const RunEvidence& ev, const catalogue::Catalogue& cat);

// The evidence line for a change of a text or JSON file: the MCP servers added to a client
// config, else the first lines that are new. Exposed for tests.
std::string describe_content_change(const std::string& before, const std::string& after);

}  // namespace airlock::sandbox
