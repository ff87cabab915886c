// Where snapshots and watch events live: SQLite, one database per user by default
// ($XDG_STATE_HOME/airlock/snapshots.db, else ~/.local/state/airlock/snapshots.db), or a
// single-snapshot file written with --output. Every write is one transaction (a kill -9
// leaves the previous state); a single-snapshot file is written beside its name and renamed
// into place. The schema is versioned (PRAGMA user_version): a store written by a newer
// airlock is refused with a clear message, never misread. Schema: docs/host.md.
//
//   auto id = save_to_db(default_db_path(), snap);            // db:ID afterwards
//   auto old = load_snapshot("db:previous", default_db_path());
//   auto cur = load_snapshot("/tmp/after.snapshot", "");
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "airlock/core/finding.h"
#include "airlock/core/result.h"
#include "airlock/host/snapshot.h"

namespace airlock::host {

// 2: events.attribution. Older stores are upgraded when opened for writing.
inline constexpr int kSchemaVersion = 2;
// PRAGMA application_id of airlock stores ("ARLK"): tells our files from other SQLite files.
inline constexpr std::int32_t kApplicationId = 0x41524c4b;

// The default store; empty when neither XDG_STATE_HOME nor HOME is set.
std::string default_db_path();

// Appends the snapshot to the database (created with its directories when missing); sets
// snap.id and returns it.
Result<std::int64_t> save_to_db(const std::string& db_path, Snapshot& snap);
// Writes a file holding this one snapshot (replaces an existing file atomically).
Status write_snapshot_file(const std::string& path, Snapshot& snap);

// A snapshot reference: `db:ID`, `db:latest`, `db:previous` (in db_path), or the path of a
// snapshot file or store (its latest snapshot), optionally `PATH#ID`.
Result<Snapshot> load_snapshot(const std::string& ref, const std::string& db_path);

// Watch events: one row per finding, appended as they are reported; `attribution` is the
// JSON of the install it is attributed to (Attribution::json), "" when none.
class EventLog {
 public:
  static Result<EventLog> open(const std::string& db_path);
  EventLog(EventLog&&) noexcept;
  EventLog& operator=(EventLog&&) noexcept;
  ~EventLog();
  Status append(const Finding& f, std::string_view change, std::string_view finding_json,
                std::string_view attribution = {});

 private:
  EventLog() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace airlock::host
