// Host snapshots: what the persistence catalogue's locations hold at one moment, as items of
// meaning (a crontab job, an MCP server, a git exec key, an installed package, a running
// program), so that two snapshots can be diffed semantically (diff.h) and stored (store.h).
//
//   CollectOptions opts;
//   opts.root = "/tmp/fixture-root";                 // "/" for the real host
//   auto snap = collect_snapshot(catalogue, opts);   // never fails: errors are in snap.errors
//   for (const Item& i : snap.items) fmt::print("{} {} = {}\n", i.path, i.key, i.value);
//
// Paths in items are host paths ("/home/dev/.bashrc") whatever the root, so a snapshot of a
// fixture root and one of the real system have the same shape.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airlock/catalogue/catalogue.h"

namespace airlock::host {

// One collected item. (path, key) identifies it across snapshots; `value` is what diff
// compares; `meta` (JSON) is context that is never compared (mtime, pids, line).
struct Item {
  std::string entry;      // catalogue entry id
  std::string collector;  // collector name (catalogue/collectors.h)
  std::string path;       // host path, or a pseudo location (proc:, socket:, path:)
  // "" for the file itself (its content digest), "#attrs" for its mode and owner, otherwise
  // the key of a record inside the file (crontab line, "mcpServers.x", "core.hookspath").
  std::string key;
  std::string value;
  std::string evidence;  // how a finding shows the item (clipped)
  int line = 0;
  // JSON object, may be empty. Processes: pids, ppid, start_ticks, cgroup, comm, and
  // `install` {ecosystem, package, version, event, pid} when one of its processes carries
  // install markers in its environment (attribution.h).
  std::string meta;
  // For file items of semantic collectors: the meaning is in the records, so a new digest
  // alone (reformatted JSON) is informational.
  bool semantic_file = false;
};

struct SnapshotError {
  std::string path;
  std::string message;
};

struct Snapshot {
  std::int64_t id = 0;     // in a store; 0 when not stored
  std::string created_at;  // UTC, ISO 8601
  std::string root;        // what --root was ("/" for the host)
  std::string host;        // hostname
  std::string tool_version;
  std::vector<Item> items;  // sorted by (path, key)
  std::vector<SnapshotError> errors;
};

struct CollectOptions {
  std::string root = "/";
  // Processes and sockets are read from <root>/proc, only when it exists (a fixture root
  // without proc/ has none).
  bool processes = true;
  bool sockets = true;
  // Catalogue locations (files); false to poll processes and sockets only.
  bool files = true;
  // When not empty, only these host paths and what is below them are collected (watch
  // re-reads what inotify said changed); path shadowing is then left to
  // refresh_path_shadowing().
  std::vector<std::string> scope;
};

// Bounds of collection (hostile files and trees).
inline constexpr std::uint64_t kMaxParsedBytes = 4ull << 20;    // parsed as text
inline constexpr std::uint64_t kMaxHashedBytes = 256ull << 20;  // hashed; beyond: size only
inline constexpr int kMaxWalkDepth = 12;                        // ** patterns
inline constexpr std::uint64_t kMaxWalkEntries = 400'000;       // per home for **/ patterns
inline constexpr std::size_t kMaxTreeFiles = 2000;              // digested per tree item
inline constexpr std::size_t kMaxProcesses = 10'000;

Snapshot collect_snapshot(const catalogue::Catalogue& cat, const CollectOptions& options);

// Recomputes the path-shadowing items (collector path-order) of `items` from the items of the
// user PATH directories they hold; keeps `items` sorted.
void refresh_path_shadowing(const catalogue::Catalogue& cat, const std::string& root,
                            std::vector<Item>& items);

// Whether host path `path` is `scope` or below it.
bool in_scope(const std::string& path, const std::vector<std::string>& scope);

// The home directories of a root: <root>/root and <root>/home/* (host paths: /root, /home/x).
std::vector<std::string> home_directories(const std::string& root);

}  // namespace airlock::host
