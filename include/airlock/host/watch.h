// Live watch of the catalogue's locations: inotify on the directories that hold (or would
// hold) a location, the nearest existing ancestor for paths that do not exist yet, a periodic
// full re-scan as a safety net (inotify overflows, misses files created before a watch was
// added, cannot see /proc), and /proc polling for new programs and sockets. Every change goes
// through the same semantic diff as `airlock diff` and reaches `emit` as a finding.
//
//   WatchOptions opts; opts.root = "/";
//   std::atomic<bool> stop{false};               // set from a SIGTERM handler
//   run_watch(cat, opts, [&](const Finding& f, ChangeKind k, const Attribution* a) {
//     sink.finding(f);   // f.message names the install when `a` is set
//   }, stop);
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "airlock/catalogue/catalogue.h"
#include "airlock/core/finding.h"
#include "airlock/core/result.h"
#include "airlock/host/attribution.h"
#include "airlock/host/diff.h"

namespace airlock::host {

struct WatchOptions {
  std::string root = "/";
  double rescan_interval_s = 300;  // full re-scan
  double proc_interval_s = 2;      // /proc polling (processes; sockets every 5th poll)
  double settle_s = 0.1;           // events are batched for this long before re-reading
  // Where install sessions are looked for (attribution.h): the live system's /proc, also
  // with --root (the writers of a watched tree are processes of this system; with a root
  // other than /, only those working or rooted inside it count). Empty: no live evidence.
  std::string install_proc = "/proc";
  // Called once the baseline is collected and the watches are in place: changes made
  // before that are part of the baseline, not reported.
  std::function<void(std::size_t items)> on_ready;
};

// Bound on inotify watches (the kernel's per-user default is 8192 on older systems).
inline constexpr std::size_t kMaxWatches = 8000;

// `attribution`: the install the change is attributed to (already in the finding's message),
// or null.
using EmitFn = std::function<void(const Finding&, ChangeKind, const Attribution* attribution)>;
// Returns when `stop` becomes true (checked at least every proc_interval_s), or on an error
// that makes watching impossible (no inotify).
Status run_watch(const catalogue::Catalogue& cat, const WatchOptions& opts, const EmitFn& emit,
                 const std::atomic<bool>& stop);

}  // namespace airlock::host
