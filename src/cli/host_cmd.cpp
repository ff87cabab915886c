// airlock snapshot / diff / watch: what the catalogue's locations hold on this host, what
// changed between two snapshots, and changes as they happen (docs/host.md).
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "airlock/catalogue/catalogue.h"
#include "airlock/host/attribution.h"
#include "airlock/host/diff.h"
#include "airlock/host/snapshot.h"
#include "airlock/host/store.h"
#include "airlock/host/watch.h"
#include "cli/cli.h"

namespace airlock::cli {
namespace {

// Collection errors shown on stderr; the rest are counted (all are stored with the snapshot).
constexpr std::size_t kShownErrors = 10;

struct SnapshotArgs {
  std::string root = "/";
  std::string output;
  std::string db;
  bool no_proc = false;
  bool quiet = false;
};

std::optional<catalogue::Catalogue> load_catalogue() {
  auto cat = catalogue::Catalogue::load_embedded();
  if (!cat) {
    print_error("internal error: the built-in catalogue does not load: " + cat.error().message);
    return std::nullopt;
  }
  return std::move(*cat);
}

int run_snapshot(const SnapshotArgs& a) {
  auto cat = load_catalogue();
  if (!cat) return kExitError;
  if (!a.output.empty() && !a.db.empty()) {
    print_error("--output and --db exclude each other");
    return kExitError;
  }
  host::CollectOptions opts;
  opts.root = a.root;
  opts.processes = opts.sockets = !a.no_proc;
  auto start = std::chrono::steady_clock::now();
  host::Snapshot snap = host::collect_snapshot(*cat, opts);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::string where;
  if (!a.output.empty()) {
    if (Status s = host::write_snapshot_file(a.output, snap); !s) {
      print_error(s.error().message);
      return kExitError;
    }
    where = a.output;
  } else {
    std::string db = a.db.empty() ? host::default_db_path() : a.db;
    auto id = host::save_to_db(db, snap);
    if (!id) {
      print_error(id.error().message);
      return kExitError;
    }
    where = fmt::format("{} as db:{}", db, *id);
  }
  if (!a.quiet) {
    for (std::size_t i = 0; i < snap.errors.size() && i < kShownErrors; ++i) {
      print_error(fmt::format("{}: {}", snap.errors[i].path, snap.errors[i].message));
    }
    if (snap.errors.size() > kShownErrors) {
      print_error(fmt::format("... and {} more collection errors (stored with the snapshot)",
                              snap.errors.size() - kShownErrors));
    }
  }
  std::cout << fmt::format("snapshot of {}: {} items, {} errors, {:.2f} s; stored in {}\n", a.root,
                           snap.items.size(), snap.errors.size(), secs, where);
  return kExitClean;
}

struct DiffArgs {
  std::string before, after;
  std::string db;
  std::string root;  // where attribution reads logs and package databases
  bool no_attribution = false;
  std::string format;
  std::string fail_on = "high";
  bool no_color = false;
};

// The tree whose logs and package databases attribution reads: --root, else the root the new
// snapshot was taken of when that was on this host and the directory is still there.
std::string evidence_root(const DiffArgs& a, const host::Snapshot& after) {
  if (!a.root.empty()) return a.root;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || after.host != name) return "";
  struct stat st;
  if (after.root.empty() || ::stat(after.root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return "";
  }
  return after.root;
}

int run_diff(const DiffArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  if (!format || !fail_on) return kExitError;
  auto cat = load_catalogue();
  if (!cat) return kExitError;
  std::string db = a.db.empty() ? host::default_db_path() : a.db;
  auto before = host::load_snapshot(a.before, db);
  if (!before) {
    print_error(before.error().message);
    return kExitError;
  }
  auto after = host::load_snapshot(a.after, db);
  if (!after) {
    print_error(after.error().message);
    return kExitError;
  }

  auto extras = std::make_shared<report::ReportExtras>();
  ReportOutput output(*format, a.no_color, extras);
  FindingSink& sink = output.sink();
  sink.begin({"diff", *fail_on});
  TargetInfo t;
  t.id = 0;
  t.path = fmt::format("{} -> {}", a.before, a.after);
  t.kind = "host-diff";
  t.name = after->root;
  sink.target(t);
  // json: "attributions" lists the attributed findings by index (docs/host.md).
  nlohmann::ordered_json attributions = nlohmann::ordered_json::array();
  if (a.no_attribution) {
    for (const Finding& f : host::diff_findings(*before, *after, *cat)) sink.finding(f);
  } else {
    host::Attributor attributor(evidence_root(a, *after));
    attributor.load_logs();
    std::size_t index = 0;
    for (const host::AttributedFinding& af :
         host::attributed_diff(*before, *after, *cat, attributor)) {
      if (af.attribution) {
        auto j = nlohmann::ordered_json::parse(af.attribution->json(), nullptr, false);
        nlohmann::ordered_json entry = {{"finding", index}};
        for (auto& [k, v] : j.items()) entry[k] = v;
        attributions.push_back(std::move(entry));
      }
      sink.finding(af.finding);
      ++index;
    }
  }
  extras->set_extra("attributions", std::move(attributions));
  sink.end();
  std::cout.flush();
  return output.exit_code();
}

struct WatchArgs {
  std::string root = "/";
  std::string db;
  std::string format;
  std::string fail_on = "high";
  double interval = 300;
  double proc_interval = 2;
  bool no_color = false;
};

std::atomic<bool> g_stop_watch{false};
extern "C" void on_stop_signal(int) { g_stop_watch.store(true); }

std::string finding_record(const Finding& f, std::string_view change) {
  nlohmann::json j = {{"change", change},
                      {"rule", f.rule},
                      {"severity", to_string(f.severity)},
                      {"category", to_string(f.category)},
                      {"message", f.message},
                      {"path", f.location ? f.location->path : ""},
                      {"line", f.location ? f.location->line : 0},
                      {"evidence", f.evidence},
                      {"attack", f.attack}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_watch(const WatchArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  if (!format || !fail_on) return kExitError;
  if (a.interval <= 0 || a.proc_interval <= 0) {
    print_error("--interval and --proc-interval must be positive");
    return kExitError;
  }
  auto cat = load_catalogue();
  if (!cat) return kExitError;
  std::string db = a.db.empty() ? host::default_db_path() : a.db;
  auto log = host::EventLog::open(db);
  if (!log) {
    print_error(log.error().message);
    return kExitError;
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  ::sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);

  ReportOutput output(*format, a.no_color);
  FindingSink& sink = output.sink();
  sink.begin({"watch", *fail_on});
  TargetInfo t;
  t.id = 0;
  t.path = a.root;
  t.kind = "host-watch";
  t.name = a.root;
  sink.target(t);
  std::cout.flush();

  host::WatchOptions opts;
  opts.root = a.root;
  opts.rescan_interval_s = a.interval;
  opts.proc_interval_s = a.proc_interval;
  opts.on_ready = [](std::size_t items) {
    std::cerr << "airlock: watching (baseline of " << items << " items); changes from now on "
              << "are reported\n";
  };
  bool log_failed = false;
  auto emit = [&](const Finding& f, host::ChangeKind kind, const host::Attribution* attribution) {
    sink.finding(f);
    std::cout.flush();
    if (Status s = log->append(f, host::to_string(kind), finding_record(f, host::to_string(kind)),
                               attribution ? attribution->json() : std::string());
        !s && !log_failed) {
      print_error(s.error().message + " (events are still printed)");
      log_failed = true;
    }
  };
  Status st = host::run_watch(*cat, opts, emit, g_stop_watch);
  sink.end();
  std::cout.flush();
  if (!st) {
    print_error(st.error().message);
    return kExitError;
  }
  return output.exit_code();
}

}  // namespace

Verb register_watch(CLI::App& root) {
  auto args = std::make_shared<WatchArgs>();
  CLI::App* app = root.add_subcommand(
      "watch",
      "Report changes to persistence locations, agent registrations, programs and sockets as "
      "they happen (one finding per change; stored in the snapshot store's event log)");
  app->add_option("--root", args->root, "Watch this tree instead of /")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app->add_option("--db", args->db, "Store events in this database (default: the user's store)");
  add_format_option(app, args->format, "ndjson");
  app->add_option("--interval", args->interval, "Seconds between full re-scans (safety net)")
      ->capture_default_str();
  app->add_option("--proc-interval", args->proc_interval,
                  "Seconds between polls of processes and sockets")
      ->capture_default_str();
  add_verdict_options(app, args->fail_on, args->no_color);
  return {app, [args] { return run_watch(*args); }};
}

Verb register_snapshot(CLI::App& root) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* app = root.add_subcommand(
      "snapshot",
      "Record what the persistence catalogue's locations hold on this host (cron, systemd, "
      "shell rc, git, MCP and agent configs, packages, PATH, processes, sockets)");
  app->add_option("--root", args->root, "Read this tree instead of / (homes: DIR/root, DIR/home/*)")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app->add_option("--output", args->output, "Write the snapshot to this file (SQLite)");
  app->add_option("--db", args->db,
                  "Append to this store (default $XDG_STATE_HOME/airlock/snapshots.db or "
                  "~/.local/state/airlock/snapshots.db)");
  app->add_flag("--no-proc", args->no_proc, "Do not collect processes and sockets");
  app->add_flag("--quiet", args->quiet, "Do not print collection errors");
  return {app, [args] { return run_snapshot(*args); }};
}

Verb register_diff(CLI::App& root) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* app = root.add_subcommand(
      "diff",
      "Report what changed between two snapshots: added, removed and changed persistence, "
      "agent registrations, packages, programs and sockets");
  app->add_option("old", args->before,
                  "Snapshot before: FILE, FILE#ID, db:ID, db:latest or db:previous")
      ->required();
  app->add_option("new", args->after, "Snapshot after (same forms)")->required();
  app->add_option("--db", args->db, "Store that db: references read (default: the user's store)");
  app->add_option("--root", args->root,
                  "Read install logs and package databases for attribution from this tree "
                  "(default: the new snapshot's root, when it was taken on this host)")
      ->check(CLI::ExistingDirectory);
  app->add_flag("--no-attribution", args->no_attribution,
                "Do not link changes to the installs that caused them");
  add_format_option(app, args->format, "text");
  add_verdict_options(app, args->fail_on, args->no_color);
  return {app, [args] { return run_diff(*args); }};
}

}  // namespace airlock::cli
