// The airlock's init: PID 1 of its PID namespace, root of its user namespace. It builds the
// mount plan, pivots into it, then starts each command it is asked to run (with its network
// namespace, seccomp filter and capabilities set up) and reaps whatever is orphaned.
//
// It runs in the child of the supervisor's clone() and never returns.
#pragma once

#include <string>
#include <vector>

#include "sandbox/mount_plan.h"

namespace airlock::sandbox {

struct InitConfig {
  std::vector<MountStep> steps;
  std::string staging;  // a real empty directory: the tmpfs of the upper layers goes here
  std::uint64_t tmpfs_bytes = 0;
  std::string hostname;
  int go_fd = -1;       // one byte arrives once the supervisor has written the id maps
  int report_fd = -1;   // "ready <staging fd><warnings>" or "error <what>: <why>", one line
  int command_fd = -1;  // requests from the supervisor (one per command)
  int max_processes = 0;
};

[[noreturn]] void init_main(const InitConfig& config);

// A command request, as framed on command_fd: a list of NUL-terminated strings
// "net=none|allow", "cwd=<dir>", then "argv", each argument, "env", each K=V, then "end".
std::string encode_request(bool net_none, const std::string& cwd,
                           const std::vector<std::string>& argv,
                           const std::vector<std::string>& env);

}  // namespace airlock::sandbox
