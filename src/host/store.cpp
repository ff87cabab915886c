// SQLite store of snapshots and watch events (include/airlock/host/store.h).
#include "airlock/host/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <memory>

namespace airlock::host {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  root TEXT NOT NULL,
  host TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  item_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  key TEXT NOT NULL,
  entry TEXT NOT NULL,
  collector TEXT NOT NULL,
  value TEXT NOT NULL,
  evidence TEXT NOT NULL,
  line INTEGER NOT NULL,
  meta TEXT NOT NULL,
  semantic_file INTEGER NOT NULL,
  PRIMARY KEY (snapshot, path, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS errors (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  change TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  category TEXT NOT NULL,
  path TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  finding TEXT NOT NULL,
  attribution TEXT NOT NULL DEFAULT ''
);
)sql";

// Upgrades of older stores, one per version step, each run in the opening transaction.
// Version 2 added events.attribution (the install a watch event is attributed to, JSON).
constexpr const char* kMigrations[] = {
    /* 1 -> 2 */ "ALTER TABLE events ADD COLUMN attribution TEXT NOT NULL DEFAULT '';",
};
static_assert(static_cast<int>(std::size(kMigrations)) == kSchemaVersion - 1);

Error db_error(sqlite3* db, const std::string& path, std::string_view what) {
  int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
  std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    return make_error(ErrorCode::kFormat,
                      fmt::format("{}: not a valid airlock snapshot store ({})", path, msg));
  }
  return make_error(ErrorCode::kIo, fmt::format("{}: {}: {}", path, what, msg));
}

Status exec(sqlite3* db, const std::string& path, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    Error e = db_error(db, path, "cannot update the store");
    sqlite3_free(err);
    return e;
  }
  return Ok{};
}

Result<std::int64_t> query_int(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return db_error(db, path, "cannot read the store");
  }
  Stmt st(raw);
  int rc = sqlite3_step(st.get());
  if (rc == SQLITE_ROW) return static_cast<std::int64_t>(sqlite3_column_int64(st.get(), 0));
  if (rc == SQLITE_DONE) return std::int64_t{0};
  return db_error(db, path, "cannot read the store");
}

// Checks that the database is ours and not from a newer airlock; creates the schema in an
// empty database when `create`.
Status check_schema(sqlite3* db, const std::string& path, bool create) {
  auto version = query_int(db, path, "PRAGMA user_version");
  if (!version) return version.error();
  auto app = query_int(db, path, "PRAGMA application_id");
  if (!app) return app.error();
  auto tables = query_int(db, path, "SELECT count(*) FROM sqlite_master");
  if (!tables) return tables.error();
  if (*version > kSchemaVersion) {
    return make_error(ErrorCode::kUnsupported,
                      fmt::format("{}: written by a newer airlock (store schema version {}; this "
                                  "airlock reads version {}): upgrade airlock to read it",
                                  path, *version, kSchemaVersion));
  }
  if (*tables > 0 && *app != kApplicationId) {
    return make_error(
        ErrorCode::kFormat,
        fmt::format("{}: an SQLite database, but not an airlock snapshot store", path));
  }
  if (*tables > 0 && *version < kSchemaVersion) {
    // An older store: readers need nothing new (snapshots did not change); a writer upgrades
    // it in one transaction, so a kill leaves the old version whole.
    if (!create) return Ok{};
    std::string sql = "BEGIN IMMEDIATE; ";
    for (std::int64_t v = std::max<std::int64_t>(*version, 1); v < kSchemaVersion; ++v) {
      sql += kMigrations[v - 1];
    }
    sql += fmt::format(" PRAGMA user_version = {}; COMMIT;", kSchemaVersion);
    if (Status s = exec(db, path, sql.c_str()); !s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
    return Ok{};
  }
  if (*tables == 0) {
    if (!create) {
      return make_error(ErrorCode::kFormat, fmt::format("{}: holds no snapshot", path));
    }
    std::string sql = fmt::format(
        "BEGIN IMMEDIATE; {} PRAGMA application_id = {}; "
        "PRAGMA user_version = {}; COMMIT;",
        kSchema, kApplicationId, kSchemaVersion);
    if (Status s = exec(db, path, sql.c_str()); !s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
  }
  return Ok{};
}

Result<Db> open_db(const std::string& path, bool write) {
  if (!write) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      return make_error(ErrorCode::kIo, fmt::format("{}: no such snapshot file or store", path));
    }
    if (!S_ISREG(st.st_mode)) {
      return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: not a regular file", path));
    }
  }
  sqlite3* raw = nullptr;
  int flags = write ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOFOLLOW, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return db_error(raw, path, "cannot open");
  sqlite3_busy_timeout(db.get(), 5000);
  if (Status s = check_schema(db.get(), path, write); !s) return s.error();
  if (write) {
    if (Status s = exec(db.get(), path, "PRAGMA foreign_keys = ON"); !s) return s.error();
  }
  return db;
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  int n = sqlite3_column_bytes(st, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(n)) : "";
}

// Inserts the snapshot inside one transaction.
Result<std::int64_t> insert_snapshot(sqlite3* db, const std::string& path, Snapshot& snap) {
  if (Status s = exec(db, path, "BEGIN IMMEDIATE"); !s) return s.error();
  auto fail = [&](std::string_view what) -> Error {
    Error e = db_error(db, path, what);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  };
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO snapshots (created_at, root, host, tool_version, "
                         "item_count, error_count) VALUES (?, ?, ?, ?, ?, ?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return fail("cannot write the snapshot");
  }
  Stmt head(raw);
  bind_text(head.get(), 1, snap.created_at);
  bind_text(head.get(), 2, snap.root);
  bind_text(head.get(), 3, snap.host);
  bind_text(head.get(), 4, snap.tool_version);
  sqlite3_bind_int64(head.get(), 5, static_cast<sqlite3_int64>(snap.items.size()));
  sqlite3_bind_int64(head.get(), 6, static_cast<sqlite3_int64>(snap.errors.size()));
  if (sqlite3_step(head.get()) != SQLITE_DONE) return fail("cannot write the snapshot");
  std::int64_t id = sqlite3_last_insert_rowid(db);

  if (sqlite3_prepare_v2(db,
                         "INSERT OR REPLACE INTO items (snapshot, path, key, entry, collector, "
                         "value, evidence, line, meta, semantic_file) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return fail("cannot write the snapshot");
  }
  Stmt item(raw);
  for (const Item& it : snap.items) {
    sqlite3_reset(item.get());
    sqlite3_bind_int64(item.get(), 1, id);
    bind_text(item.get(), 2, it.path);
    bind_text(item.get(), 3, it.key);
    bind_text(item.get(), 4, it.entry);
    bind_text(item.get(), 5, it.collector);
    bind_text(item.get(), 6, it.value);
    bind_text(item.get(), 7, it.evidence);
    sqlite3_bind_int(item.get(), 8, it.line);
    bind_text(item.get(), 9, it.meta.empty() ? std::string("{}") : it.meta);
    sqlite3_bind_int(item.get(), 10, it.semantic_file ? 1 : 0);
    if (sqlite3_step(item.get()) != SQLITE_DONE) return fail("cannot write the snapshot");
  }
  if (sqlite3_prepare_v2(db, "INSERT INTO errors (snapshot, path, message) VALUES (?, ?, ?)", -1,
                         &raw, nullptr) != SQLITE_OK) {
    return fail("cannot write the snapshot");
  }
  Stmt err(raw);
  for (const SnapshotError& e : snap.errors) {
    sqlite3_reset(err.get());
    sqlite3_bind_int64(err.get(), 1, id);
    bind_text(err.get(), 2, e.path);
    bind_text(err.get(), 3, e.message);
    if (sqlite3_step(err.get()) != SQLITE_DONE) return fail("cannot write the snapshot");
  }
  if (Status s = exec(db, path, "COMMIT"); !s) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return s.error();
  }
  snap.id = id;
  return id;
}

Result<Snapshot> read_snapshot(sqlite3* db, const std::string& path, std::int64_t id) {
  Snapshot snap;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT created_at, root, host, tool_version FROM snapshots WHERE id = ?",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return db_error(db, path, "cannot read the store");
  }
  Stmt head(raw);
  sqlite3_bind_int64(head.get(), 1, id);
  int rc = sqlite3_step(head.get());
  if (rc == SQLITE_DONE) {
    return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: no snapshot {}", path, id));
  }
  if (rc != SQLITE_ROW) return db_error(db, path, "cannot read the store");
  snap.id = id;
  snap.created_at = column_text(head.get(), 0);
  snap.root = column_text(head.get(), 1);
  snap.host = column_text(head.get(), 2);
  snap.tool_version = column_text(head.get(), 3);

  if (sqlite3_prepare_v2(db,
                         "SELECT path, key, entry, collector, value, evidence, line, meta, "
                         "semantic_file FROM items WHERE snapshot = ? ORDER BY path, key",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return db_error(db, path, "cannot read the store");
  }
  Stmt items(raw);
  sqlite3_bind_int64(items.get(), 1, id);
  while ((rc = sqlite3_step(items.get())) == SQLITE_ROW) {
    Item it;
    it.path = column_text(items.get(), 0);
    it.key = column_text(items.get(), 1);
    it.entry = column_text(items.get(), 2);
    it.collector = column_text(items.get(), 3);
    it.value = column_text(items.get(), 4);
    it.evidence = column_text(items.get(), 5);
    it.line = sqlite3_column_int(items.get(), 6);
    it.meta = column_text(items.get(), 7);
    it.semantic_file = sqlite3_column_int(items.get(), 8) != 0;
    snap.items.push_back(std::move(it));
  }
  if (rc != SQLITE_DONE) return db_error(db, path, "cannot read the store");
  // SQLite orders by its collation (memcmp for TEXT), the same as std::string's operator<.
  return snap;
}

}  // namespace

std::string default_db_path() {
  const char* state = ::getenv("XDG_STATE_HOME");
  if (state != nullptr && state[0] == '/') return std::string(state) + "/airlock/snapshots.db";
  const char* home = ::getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.local/state/airlock/snapshots.db";
  }
  return {};
}

Result<std::int64_t> save_to_db(const std::string& db_path, Snapshot& snap) {
  if (db_path.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no snapshot store: set HOME or XDG_STATE_HOME, or pass --db FILE");
  }
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(db_path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return make_error(ErrorCode::kIo,
                        fmt::format("{}: cannot create: {}", parent.string(), ec.message()));
    }
  }
  // The store may hold paths and hashes of secrets' files: readable by its owner only.
  mode_t old_mask = ::umask(077);
  auto db = open_db(db_path, true);
  ::umask(old_mask);
  if (!db) return db.error();
  return insert_snapshot(db->get(), db_path, snap);
}

Status write_snapshot_file(const std::string& path, Snapshot& snap) {
  // Written beside the target and renamed over it: a reader (or a kill -9) never sees half
  // a file. A stale partial file from a killed run is replaced.
  std::string tmp = path + ".partial";
  ::unlink(tmp.c_str());
  ::unlink((tmp + "-journal").c_str());
  {
    mode_t old_mask = ::umask(077);
    auto db = open_db(tmp, true);
    ::umask(old_mask);
    if (!db) {
      ::unlink(tmp.c_str());
      return db.error();
    }
    auto id = insert_snapshot(db->get(), tmp, snap);
    if (!id) {
      db->reset();
      ::unlink(tmp.c_str());
      return id.error();
    }
  }
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: {}", path, ::strerror(err)));
  }
  return Ok{};
}

Result<Snapshot> load_snapshot(const std::string& ref, const std::string& db_path) {
  std::string path = ref;
  std::string which = "latest";
  if (ref.starts_with("db:")) {
    path = db_path;
    which = ref.substr(3);
    if (path.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "no snapshot store for " + ref + ": set HOME or pass --db FILE");
    }
  } else if (auto hash = ref.rfind('#'); hash != std::string::npos) {
    path = ref.substr(0, hash);
    which = ref.substr(hash + 1);
  }
  auto db = open_db(path, false);
  if (!db) return db.error();
  std::int64_t id = 0;
  if (which == "latest" || which == "previous") {
    auto r =
        query_int(db->get(), path,
                  which == "latest" ? "SELECT id FROM snapshots ORDER BY id DESC LIMIT 1"
                                    : "SELECT id FROM snapshots ORDER BY id DESC LIMIT 1 OFFSET 1");
    if (!r) return r.error();
    if (*r == 0) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{}: no {} snapshot", path, which));
    }
    id = *r;
  } else {
    char* end = nullptr;
    long long v = std::strtoll(which.c_str(), &end, 10);
    if (which.empty() || *end != '\0' || v <= 0) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("'{}': expected db:ID, db:latest, db:previous, FILE or "
                                    "FILE#ID",
                                    ref));
    }
    id = v;
  }
  return read_snapshot(db->get(), path, id);
}

// ---- watch events ------------------------------------------------------------------------

struct EventLog::Impl {
  Db db;
  std::string path;
  Stmt insert;
};

Result<EventLog> EventLog::open(const std::string& db_path) {
  if (db_path.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no event store: set HOME or XDG_STATE_HOME, or pass --db FILE");
  }
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(db_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  mode_t old_mask = ::umask(077);
  auto db = open_db(db_path, true);
  ::umask(old_mask);
  if (!db) return db.error();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db->get(),
                         "INSERT INTO events (time, change, rule, severity, category, path, "
                         "message, evidence, finding, attribution) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return db_error(db->get(), db_path, "cannot prepare the event log");
  }
  EventLog log;
  log.impl_ = std::make_unique<Impl>(Impl{std::move(*db), db_path, Stmt(raw)});
  return log;
}

EventLog::EventLog(EventLog&&) noexcept = default;
EventLog& EventLog::operator=(EventLog&&) noexcept = default;
EventLog::~EventLog() {
  if (impl_) impl_->insert.reset();  // finalised before the database closes
}

Status EventLog::append(const Finding& f, std::string_view change, std::string_view json,
                        std::string_view attribution) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  sqlite3_stmt* st = impl_->insert.get();
  sqlite3_reset(st);
  bind_text(st, 1, when);
  bind_text(st, 2, std::string(change));
  bind_text(st, 3, f.rule);
  bind_text(st, 4, std::string(to_string(f.severity)));
  bind_text(st, 5, std::string(to_string(f.category)));
  bind_text(st, 6, f.location ? f.location->path : std::string());
  bind_text(st, 7, f.message);
  bind_text(st, 8, f.evidence);
  bind_text(st, 9, std::string(json));
  bind_text(st, 10, std::string(attribution));
  // One row, one implicit transaction: an event is stored whole or not at all.
  if (sqlite3_step(st) != SQLITE_DONE) {
    return db_error(impl_->db.get(), impl_->path, "cannot store the event");
  }
  return Ok{};
}

}  // namespace airlock::host
