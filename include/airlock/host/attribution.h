// Attribution: which install caused a host change. A change found by `diff` or `watch` is
// linked to the package (npm, PyPI, Debian) whose install made it, with how sure that is, from
// evidence of decreasing strength:
//
//   1. install markers in the environment of a process (npm_lifecycle_event + npm_package_name,
//      DPKG_MAINTSCRIPT_PACKAGE, pip's PIP_BUILD_TRACKER): the program that is the change, or a
//      process alive when `watch` saw the change;
//   2. ownership of the changed file: a dist-info RECORD line whose hash matches the file, a
//      dpkg `*.list` that lists a file which appeared;
//   3. package-manager runs alive around the change (`watch`: npm/pip/uv/dpkg/apt processes);
//   4. content that runs package code (an ExecStart or MCP command inside node_modules/<pkg>/);
//   5. time windows of install logs (dpkg.log, apt history.log, npm debug logs) around the
//      file's mtime (`diff`).
//
//   Attributor a(root);  a.load_logs();                      // diff: logs read once
//   for (const Change& c : diff_items(before.items, after.items))
//     if (auto at = a.attribute(c, ctx)) f.message += "; " + at->sentence();
//
// Everything read is hostile: bounded sizes and counts, never a link out of the root, never a
// throw. The pure parsers below are unit-tested and fuzzed (fuzz/fuzz_host_attribution.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/host/diff.h"
#include "airlock/host/snapshot.h"

namespace airlock::host {

enum class Confidence { kLow = 0, kMedium, kHigh };
std::string_view to_string(Confidence c);

struct Attribution {
  std::string ecosystem;  // npm | pypi | deb; "" when not known
  std::string package;    // "" when only the run is known (a manager run, a log window)
  std::string version;    // "" when not known
  std::string event;      // postinstall, postinst, build, ... when known
  std::string via;        // the evidence, one phrase ("postinstall script running, pid 42")
  Confidence confidence = Confidence::kLow;
  // When the evidence fits several packages (overlapping runs), up to kMaxCandidates of them
  // as "name@version"; `package` is then empty.
  std::vector<std::string> candidates;

  // "npm package evil@1.0.0", "one of npm packages a@1, b@2", "an npm install run".
  std::string subject() const;
  // "attributed to npm package evil@1.0.0 (postinstall), confidence high: <via>"
  std::string sentence() const;
  // Compact JSON object (watch's event log, diff's `attributions`).
  std::string json() const;
};

inline constexpr std::size_t kMaxCandidates = 5;

// ---- pure parsers (no I/O) -----------------------------------------------------------------

// Install markers in a NUL-separated environment (/proc/PID/environ). npm markers count only
// for install-time events (preinstall, install, postinstall, prepare, ...) or an install
// command (`npm_command=install|ci|update|rebuild`): `npm run dev` is not an install.
struct InstallMarkers {
  std::string ecosystem;  // npm | deb | pypi
  std::string package;    // may be empty (pip build whose name is not known)
  std::string version;
  std::string event;  // postinstall, postinst, build, ...
};
std::optional<InstallMarkers> install_markers(std::string_view environ);

// A package-manager process from its command name and NUL-separated command line, when it
// installs something: npm/npx/pnpm/yarn/bun (install, i, add, ci, update, rebuild, ...),
// pip/pip3/python -m pip/uv/pipx/poetry/pdm (install, add, sync), dpkg (-i, --unpack,
// --configure, ...), apt/apt-get/aptitude (install, upgrade, remove, ...).
struct ManagerRun {
  std::string ecosystem;              // npm | pypi | deb
  std::string command;                // "npm install evil" (clipped)
  std::vector<std::string> packages;  // the operands that name packages (at most 8)
};
std::optional<ManagerRun> manager_run(std::string_view comm, std::string_view cmdline);

// The package directory a host path lies strictly inside: <...>/node_modules/<pkg>/... (and
// @scope/pkg), <...>/site-packages/<pkg>/..., dist-packages. nullopt for the package
// directory itself, dist-info directories and top-level files (a .pth).
struct PackageDir {
  std::string ecosystem;  // npm | pypi
  std::string package;
  std::string dir;  // host path of the package directory
};
std::optional<PackageDir> package_dir_of(std::string_view path);

// Absolute paths in a command or a config value (quotes, JSON, `=`, `,` and shell operators
// split them); `~/x` becomes home + "/x" when home is given. At most 32.
std::vector<std::string> paths_in_text(std::string_view text, std::string_view home);

// One run of an install found in a log: a time window and what it installed.
struct LogRun {
  std::string source;               // dpkg.log, apt history.log, npm debug log <file>
  std::string ecosystem;            // deb | npm
  std::int64_t start = 0, end = 0;  // Unix seconds
  // Packages with "name@version" (or name) and, for npm, the event that ran.
  struct Package {
    std::string name, version, event;
  };
  std::vector<Package> packages;
  std::string command;       // apt Commandline, npm argv
  bool per_package = false;  // the window is that of one package (dpkg.log)
};
// dpkg.log ("2026-01-15 10:00:01 install evil:amd64 <none> 1.0-1"): one run per package and
// dpkg run, spanning its lines. Times are local time.
std::vector<LogRun> parse_dpkg_log(std::string_view text);
// apt history.log blocks (Start-Date / Commandline / Install / Upgrade / End-Date).
std::vector<LogRun> parse_apt_history(std::string_view text);
// An npm debug log (`<ISO time with _>Z-debug-N.log`): the window runs from the time in the
// file name to `mtime`; packages are those whose lifecycle scripts ran (`info run pkg@v event`).
std::optional<LogRun> parse_npm_debug_log(std::string_view text, std::string_view file_name,
                                          std::int64_t mtime);

// A dist-info RECORD: path (relative to site-packages, may start with ../) and its hash
// (`sha256=` urlsafe base64 without padding; empty when the line has none).
struct RecordEntry {
  std::string path;
  std::string sha256_b64;
};
std::vector<RecordEntry> parse_record(std::string_view text);
// urlsafe base64 (no padding) of the bytes a lowercase hex digest stands for.
std::string hex_to_b64url(std::string_view hex);

// Bounds (hostile logs and package databases).
inline constexpr std::uint64_t kMaxLogTail = 4ull << 20;          // bytes read per log
inline constexpr std::size_t kMaxLogRuns = 20'000;                // runs kept per log
inline constexpr std::size_t kMaxNpmLogs = 50;                    // newest debug logs per home
inline constexpr std::uint64_t kMaxRecordBytes = 1ull << 20;      // per RECORD file
inline constexpr std::size_t kMaxDistInfos = 5000;                // per site-packages
inline constexpr std::uint64_t kMaxOwnershipBytes = 64ull << 20;  // RECORDs + dpkg lists
inline constexpr std::size_t kMaxDpkgLists = 20'000;
inline constexpr std::uint64_t kMaxEnvironBytes = 256 * 1024;
inline constexpr int kMaxParentDepth = 32;
inline constexpr std::int64_t kLogSlackSeconds = 2;  // log times have 1 s resolution

// ---- live evidence: package-manager processes (watch) ---------------------------------------

// Keeps the table of install sessions seen in a proc directory: package-manager processes,
// processes with install markers, and their descendants. scan() is cheap (one readdir, and
// stat/cmdline/environ only for pids not seen before); at() says which install, if any,
// covers a change seen now. With a root other than "/", only processes whose working
// directory or root directory lies inside it count (the installs of that tree or container).
class InstallTracker {
 public:
  InstallTracker(std::string proc_dir, std::string root);
  ~InstallTracker();
  InstallTracker(const InstallTracker&) = delete;
  InstallTracker& operator=(const InstallTracker&) = delete;

  // `now`: seconds on a monotonic clock.
  void scan(double now);
  // The install that covers a change seen at `now`: a session alive, or ended within
  // kGraceSeconds. nullopt when none.
  std::optional<Attribution> at(double now) const;
  std::size_t sessions() const;

  static constexpr double kGraceSeconds = 10;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- evidence under a root, and the decision -------------------------------------------------

// What is known of one change besides the items themselves.
struct ChangeContext {
  // The items of the snapshot after the change (sorted by path, key): file mtimes, the
  // process of a socket, dpkg versions.
  const std::vector<Item>* items = nullptr;
  // The file the change is in appeared in this diff (not edited): ownership then means the
  // package installed it.
  bool file_added = false;
  // When the change happened (Unix seconds): watch: now; diff: the file's mtime (0: unknown).
  std::int64_t when = 0;
  // Live evidence of watch (InstallTracker::at), if any.
  const Attribution* live = nullptr;
};

class Attributor {
 public:
  // Reads package databases and logs under `root` ("/" for the host; "" reads nothing there,
  // leaving process markers, content and live evidence).
  explicit Attributor(std::string root);
  ~Attributor();
  Attributor(Attributor&&) noexcept;
  Attributor& operator=(Attributor&&) noexcept;

  // Reads the tails of dpkg.log(.1), apt history.log(.1) and the homes' npm debug logs.
  void load_logs();
  const std::vector<LogRun>& log_runs() const;
  // Drops cached RECORD and dpkg ownership (packages changed while watching).
  void forget_ownership();

  std::optional<Attribution> attribute(const Change& c, const ChangeContext& ctx);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Appends the attribution to a finding's message ("...; attributed to ...").
void annotate(Finding& f, const Attribution& a);

// Every finding of diff(before, after) with its attribution, most severe first; findings
// keep their order within a severity. The time of a change is its file's mtime.
struct AttributedFinding {
  Finding finding;
  std::optional<Attribution> attribution;
};
std::vector<AttributedFinding> attributed_diff(const Snapshot& before, const Snapshot& after,
                                               const catalogue::Catalogue& cat,
                                               Attributor& attributor);

// The modification time (Unix seconds) an item's meta records for its file, 0 when none.
std::int64_t item_mtime(const Item& file_item);

}  // namespace airlock::host
