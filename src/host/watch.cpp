// Live watch of the catalogue's locations (include/airlock/host/watch.h).
//
// The watcher keeps the current item list. inotify says which paths changed; those paths
// (and what is below them) are collected again with CollectOptions::scope and diffed against
// the items they held, so a change costs a few stat calls, not a full snapshot. Directories
// that appear get a watch at once and are re-read, which closes the race with files created
// in them before the watch existed; the periodic full re-scan catches anything else.
//
// Attribution: an InstallTracker follows the package-manager runs of the live /proc (scanned
// on every /proc poll and as soon as inotify reports, while the writer likely still lives);
// each change's finding names the install it is attributed to (attribution.h).
#include "airlock/host/watch.h"

#include <errno.h>
#include <fmt/format.h>
#include <fnmatch.h>
#include <poll.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "airlock/core/hash.h"
#include "airlock/host/attribution.h"
#include "airlock/host/snapshot.h"
#include "host/fs_util.h"

namespace airlock::host {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kDirMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE |
                                   IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF |
                                   IN_MOVE_SELF | IN_ONLYDIR;
// Sockets are compared every this many process polls (see proc_signature).
constexpr std::uint64_t kSocketEvery = 5;
// New directories re-read in one round before the watcher waits again.
constexpr int kMaxSettleRounds = 4;

std::string parent_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

class Watcher {
 public:
  Watcher(const catalogue::Catalogue& cat, const WatchOptions& opts, const EmitFn& emit,
          const std::atomic<bool>& stop)
      : cat_(cat),
        opts_(opts),
        emit_(emit),
        stop_(stop),
        tracker_(opts.install_proc, opts.root),
        attributor_(opts.root) {
    root_ = opts.root;
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  }
  ~Watcher() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status run() {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) {
      return make_error(ErrorCode::kIo, fmt::format("inotify: {}", ::strerror(errno)));
    }
    CollectOptions full;
    full.root = opts_.root;
    compile_patterns();
    items_ = collect_snapshot(cat_, full).items;
    update_trees();
    update_watches();
    if (opts_.on_ready) opts_.on_ready(items_.size());
    auto next_rescan = Clock::now() + seconds(opts_.rescan_interval_s);
    auto next_proc = Clock::now() + seconds(opts_.proc_interval_s);
    while (!stop_.load()) {
      auto now = Clock::now();
      auto wait = std::min(next_rescan, next_proc) - now;
      int ms = static_cast<int>(std::clamp<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(wait).count(), 0, 500));
      pollfd p{fd_, POLLIN, 0};
      int rc = ::poll(&p, 1, ms);
      if (rc < 0 && errno != EINTR) {
        return make_error(ErrorCode::kIo, fmt::format("poll: {}", ::strerror(errno)));
      }
      if (rc > 0) {
        // inotify does not say who wrote: look at the installs running right now, while the
        // writer most likely still lives, and again once the burst is over.
        scan_installs();
        // Let a burst of writes (an installer writing a unit, then enabling it) finish.
        std::this_thread::sleep_for(seconds(opts_.settle_s));
        scan_installs();
        std::set<std::string> scope;
        bool overflow = drain(scope);
        if (overflow) {
          full_rescan();
        } else if (!scope.empty()) {
          rescan(std::vector<std::string>(scope.begin(), scope.end()));
        }
      }
      now = Clock::now();
      if (now >= next_proc) {
        scan_installs();
        poll_processes();
        next_proc = now + seconds(opts_.proc_interval_s);
      }
      if (now >= next_rescan) {
        full_rescan();
        next_rescan = Clock::now() + seconds(opts_.rescan_interval_s);
      }
    }
    return Ok{};
  }

 private:
  static Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }

  static double monotonic_now() {
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
  }

  void scan_installs() {
    if (!opts_.install_proc.empty()) tracker_.scan(monotonic_now());
  }

  std::string real(const std::string& host) const {
    if (root_ == "/") return host;
    return host == "/" ? root_ : root_ + host;
  }

  // Reads every pending event; returns true on a queue overflow.
  bool drain(std::set<std::string>& scope) {
    alignas(inotify_event) char buf[64 * 1024];
    bool overflow = false;
    for (;;) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        if (ev->mask & IN_Q_OVERFLOW) {
          overflow = true;
          continue;
        }
        auto it = dirs_.find(ev->wd);
        if (it == dirs_.end()) continue;
        std::string dir = it->second;
        if (ev->mask & IN_IGNORED) {
          watched_.erase(dir);
          dirs_.erase(it);
          scope.insert(dir);
          continue;
        }
        if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
          scope.insert(dir);
          continue;
        }
        std::string path = ev->len > 0 ? (dir == "/" ? "/" : dir + "/") + ev->name : dir;
        const bool is_dir = (ev->mask & IN_ISDIR) != 0;
        // Busy directories (/tmp, $HOME) see many writes that no location can be.
        if (!relevant(path, is_dir)) continue;
        // A new directory is watched before it is read (files created in it from now on
        // are seen; earlier ones are found by the read).
        if (is_dir && (ev->mask & (IN_CREATE | IN_MOVED_TO))) add_watch(path);
        scope.insert(path);
      }
    }
    return overflow;
  }

  static std::vector<std::string> components(std::string_view p) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < p.size()) {
      std::size_t end = p.find('/', start);
      if (end == std::string_view::npos) end = p.size();
      if (end > start) out.emplace_back(p.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  // Every Linux write pattern of the catalogue as host path components (~ and **/ expanded).
  void compile_patterns() {
    std::vector<std::string> homes = home_directories(opts_.root);
    for (const auto& e : cat_.entries()) {
      if (e.platform != "linux" || e.access != "write") continue;
      for (const std::string& p : e.paths) {
        if (p.starts_with("~/") || p.starts_with("**/")) {
          for (const std::string& h : homes) {
            patterns_.push_back(components(p.starts_with("~") ? h + p.substr(1) : h + "/" + p));
          }
        } else if (p.starts_with('/')) {
          patterns_.push_back(components(p));
        }
      }
    }
  }

  // Whether path can be a location (a file: the whole pattern matches) or lead to one (a
  // directory: a prefix of a pattern matches), or lies inside a package/plugin item.
  static bool match(const std::vector<std::string>& pat, std::size_t pi,
                    const std::vector<std::string>& comps, std::size_t ci, bool dir) {
    if (ci == comps.size()) {
      if (dir) return true;
      while (pi < pat.size() && pat[pi] == "**") ++pi;
      return pi == pat.size();
    }
    if (pi == pat.size()) return false;
    if (pat[pi] == "**") {
      return match(pat, pi + 1, comps, ci, dir) || match(pat, pi, comps, ci + 1, dir);
    }
    if (::fnmatch(pat[pi].c_str(), comps[ci].c_str(), 0) != 0) return false;
    return match(pat, pi + 1, comps, ci + 1, dir);
  }

  bool relevant(const std::string& path, bool dir) const {
    std::vector<std::string> comps = components(path);
    for (const auto& pat : patterns_) {
      if (match(pat, 0, comps, 0, dir)) return true;
    }
    for (const std::string& t : trees_) {
      if (path.starts_with(t + "/")) return true;
    }
    return false;
  }

  bool add_watch(const std::string& dir) {
    if (watched_.count(dir) || watched_.size() >= kMaxWatches) return false;
    int wd = ::inotify_add_watch(fd_, real(dir).c_str(), kDirMask);
    if (wd < 0) return false;
    dirs_[wd] = dir;
    watched_.insert(dir);
    return true;
  }

  // The directories whose changes matter: those holding an item, directories that are items,
  // and, for each catalogue pattern, the nearest existing ancestor of its literal part (so a
  // location that does not exist yet is seen when it appears). Returns the new ones.
  std::vector<std::string> update_watches() {
    std::set<std::string> want;
    for (const Item& it : items_) {
      if (!it.path.starts_with('/')) continue;
      want.insert(parent_of(it.path));
      if (it.key.empty() && it.value == "directory") want.insert(it.path);
    }
    std::vector<std::string> homes = home_directories(opts_.root);
    for (const auto& e : cat_.entries()) {
      if (e.platform != "linux" || e.access != "write") continue;
      for (const std::string& p : e.paths) {
        std::vector<std::string> expanded;
        if (p.starts_with("~/") || p.starts_with("**/")) {
          for (const std::string& h : homes) {
            expanded.push_back(p.starts_with("~") ? h + p.substr(1) : h + "/" + p);
          }
        } else if (p.starts_with('/')) {
          expanded.push_back(p);
        }
        for (const std::string& x : expanded) {
          std::size_t wild = x.find_first_of("*?[");
          std::string lit = parent_of(wild == std::string::npos ? x : x.substr(0, wild));
          struct stat st;
          while (lit != "/" && ::stat(real(lit).c_str(), &st) != 0) lit = parent_of(lit);
          want.insert(lit);
        }
      }
    }
    std::vector<std::string> added;
    for (const std::string& d : want) {
      if (add_watch(d)) added.push_back(d);
    }
    return added;
  }

  void update_trees() {
    trees_.clear();
    for (const Item& it : items_) {
      if (it.key.empty() && (it.collector == "tree" || it.collector == "dist-info")) {
        trees_.push_back(it.path);
      }
    }
  }

  // Replaces the items `selected` picks with `fresh`, emitting the differences. Returns
  // whether anything changed.
  template <typename Pred>
  bool apply(std::vector<Item> fresh, Pred selected) {
    std::vector<Item> old;
    for (const Item& it : items_) {
      if (selected(it)) old.push_back(it);
    }
    std::vector<Change> changes = diff_items(old, fresh);
    if (changes.empty()) return false;  // the common case: a touch, a rewrite, a log line
    // The state after the change, which attribution reads (the program of a socket, the
    // distributions whose RECORD may list a file); `fresh` stays alive for `changes`.
    std::vector<Item> next;
    next.reserve(items_.size() + fresh.size());
    for (Item& it : items_) {  // `changes` points into `old` and `fresh`, not items_
      if (!selected(it)) next.push_back(std::move(it));
    }
    next.insert(next.end(), fresh.begin(), fresh.end());
    std::sort(next.begin(), next.end(), [](const Item& a, const Item& b) {
      return a.path != b.path ? a.path < b.path : a.key < b.key;
    });
    emit_changes(changes, next);
    items_ = std::move(next);
    update_trees();
    return true;
  }

  void emit_changes(const std::vector<Change>& changes, const std::vector<Item>& after) {
    std::set<std::string> added_files;
    for (const Change& c : changes) {
      if (c.kind == ChangeKind::kAdded && c.after->key.empty()) added_files.insert(c.after->path);
    }
    // Package databases may have changed with this batch: ownership is read afresh.
    attributor_.forget_ownership();
    std::optional<Attribution> live;
    if (!opts_.install_proc.empty()) live = tracker_.at(monotonic_now());
    for (const Change& c : changes) {
      auto f = to_finding(c, cat_);
      if (!f) continue;
      ChangeContext ctx;
      ctx.items = &after;
      ctx.file_added = added_files.count(c.item().path) > 0;
      ctx.when = static_cast<std::int64_t>(std::time(nullptr));
      ctx.live = live ? &*live : nullptr;
      std::optional<Attribution> a = attributor_.attribute(c, ctx);
      if (a) annotate(*f, *a);
      emit_(*f, c.kind, a ? &*a : nullptr);
    }
  }

  void rescan(std::vector<std::string> scope) {
    for (int round = 0; round < kMaxSettleRounds && !scope.empty(); ++round) {
      // A change inside a package, plugin or distribution directory re-reads that item.
      std::vector<std::string> extra;
      for (const Item& it : items_) {
        if (it.key.empty() && (it.collector == "tree" || it.collector == "dist-info")) {
          for (const std::string& s : scope) {
            if (s.starts_with(it.path + "/")) extra.push_back(it.path);
          }
        }
      }
      scope.insert(scope.end(), extra.begin(), extra.end());
      CollectOptions o;
      o.root = opts_.root;
      o.processes = o.sockets = false;
      o.scope = scope;
      Snapshot s = collect_snapshot(cat_, o);
      bool changed = apply(std::move(s.items), [&](const Item& it) {
        if (it.path == "mode:") return in_scope(it.key, scope);  // setuid programs
        return it.path.starts_with('/') && in_scope(it.path, scope);
      });
      if (!changed) break;
      refresh_shadowing();
      scope = update_watches();  // directories that just appeared: read them too
    }
  }

  void refresh_shadowing() {
    std::vector<Item> fresh;
    for (const Item& it : items_) {
      if (it.collector != "path-order") fresh.push_back(it);
    }
    refresh_path_shadowing(cat_, opts_.root, fresh);
    std::erase_if(fresh, [](const Item& it) { return it.collector != "path-order"; });
    apply(std::move(fresh), [](const Item& it) { return it.collector == "path-order"; });
  }

  // What a process/socket collection depends on, cheaply: the pids with their command name
  // (exec changes it) and the address, state and inode columns of /proc/net. Reading the fds
  // of every process each second is what would cost CPU; it happens only when this changes.
  std::string proc_signature() {
    RootFs fs(opts_.root);
    std::vector<SnapshotError> ignored;
    Sha256 h;
    std::vector<DirEntry> list = fs.list("/proc", ignored, /*quiet=*/true);
    std::vector<std::string> pids;
    for (const DirEntry& d : list) {
      if (!d.name.empty() && std::all_of(d.name.begin(), d.name.end(), ::isdigit)) {
        pids.push_back(d.name);
      }
    }
    std::sort(pids.begin(), pids.end());
    for (const std::string& pid : pids) {
      FileRead st = fs.read_file("/proc/" + pid + "/stat", 512, 512);
      std::size_t close = st.head.rfind(')');
      h.update(pid);
      h.update(std::string_view(st.head).substr(0, close == std::string::npos ? 0 : close));
      h.update("\n");
    }
    // Reading /proc/net/tcp walks the kernel's socket tables (the main cost of an idle
    // watch): sockets are compared every kSocketEvery process polls.
    if (polls_++ % kSocketEvery != 0) {
      h.update(last_net_);
      return h.hex_digest();
    }
    Sha256 net_hash;
    for (const char* net : {"tcp", "tcp6", "udp", "udp6"}) {
      FileRead fr = fs.read_file(std::string("/proc/net/") + net, kMaxParsedBytes, kMaxParsedBytes);
      std::size_t start = 0;
      while (start < fr.head.size()) {
        std::size_t end = fr.head.find('\n', start);
        if (end == std::string::npos) end = fr.head.size();
        std::string_view line(fr.head.data() + start, end - start);
        start = end + 1;
        int col = 0;
        std::size_t i = 0;
        while (i < line.size()) {
          while (i < line.size() && line[i] == ' ') ++i;
          std::size_t j = line.find(' ', i);
          if (j == std::string_view::npos) j = line.size();
          if (col == 1 || col == 2 || col == 3 || col == 9) net_hash.update(line.substr(i, j - i));
          ++col;
          i = j;
        }
        net_hash.update("\n");
      }
    }
    last_net_ = net_hash.hex_digest();
    h.update(last_net_);
    return h.hex_digest();
  }

  void poll_processes() {
    std::string sig = proc_signature();
    if (sig == last_proc_signature_) return;
    last_proc_signature_ = sig;
    CollectOptions o;
    o.root = opts_.root;
    o.files = false;
    Snapshot s = collect_snapshot(cat_, o);
    apply(std::move(s.items),
          [](const Item& it) { return it.collector == "process" || it.collector == "socket"; });
  }

  void full_rescan() {
    CollectOptions o;
    o.root = opts_.root;
    Snapshot s = collect_snapshot(cat_, o);
    apply(std::move(s.items), [](const Item&) { return true; });
    std::vector<std::string> added = update_watches();
    if (!added.empty()) rescan(added);
  }

  const catalogue::Catalogue& cat_;
  const WatchOptions& opts_;
  const EmitFn& emit_;
  const std::atomic<bool>& stop_;
  std::string root_;
  int fd_ = -1;
  std::vector<Item> items_;
  std::unordered_map<int, std::string> dirs_;
  std::set<std::string> watched_;
  std::string last_proc_signature_;
  std::string last_net_;
  std::uint64_t polls_ = 0;
  std::vector<std::vector<std::string>> patterns_;
  std::vector<std::string> trees_;  // package, plugin and distribution directories
  InstallTracker tracker_;
  Attributor attributor_;
};

}  // namespace

Status run_watch(const catalogue::Catalogue& cat, const WatchOptions& opts, const EmitFn& emit,
                 const std::atomic<bool>& stop) {
  Watcher w(cat, opts, emit, stop);
  return w.run();
}

}  // namespace airlock::host
