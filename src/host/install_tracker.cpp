// InstallTracker (include/airlock/host/attribution.h): install sessions seen in /proc.
//
// A session is a package-manager process (npm install, pip install, apt-get install, dpkg -i)
// or a process with install markers in its environment, together with the processes of that
// kind below it (npm -> sh -c postinstall -> node). Only pids not seen before are read (stat,
// cmdline, environ), so a scan of an idle host is one readdir of /proc. inotify does not say
// which process wrote a file; watch calls scan() as soon as an event arrives, so a writer that
// is still alive (an install script runs for a while) is in the table when at() is asked.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "airlock/host/attribution.h"

namespace airlock::host {
namespace {

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

// Reads at most `max` bytes of a (proc) file; empty when it cannot be opened.
std::string read_small(const std::string& path, std::size_t max) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return {};
  std::string out;
  char buf[8192];
  while (out.size() < max) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, max - out.size()));
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string read_link(const std::string& path) {
  char buf[PATH_MAX];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

bool inside(const std::string& path, const std::string& dir) {
  return dir.empty() || path == dir || path.starts_with(dir + "/");
}

// The distribution a pip build runs for: PKG-INFO in its working directory (an unpacked
// sdist), else the name of pip's unpack directory (/tmp/pip-install-x/<name>_<hex>).
std::pair<std::string, std::string> pip_build_package(const std::string& proc_pid) {
  std::string info = read_small(proc_pid + "/cwd/PKG-INFO", 64 * 1024);
  std::string name, version;
  std::size_t start = 0;
  while (start < info.size()) {
    std::size_t end = info.find('\n', start);
    if (end == std::string::npos) end = info.size();
    std::string_view line(info.data() + start, end - start);
    if (line.empty() || line == "\r") break;
    if (line.starts_with("Name: ")) name = std::string(line.substr(6, 200));
    if (line.starts_with("Version: ")) version = std::string(line.substr(9, 64));
    start = end + 1;
  }
  if (!name.empty()) return {name, version};
  std::string cwd = read_link(proc_pid + "/cwd");
  std::size_t slash = cwd.rfind('/');
  if (slash == std::string::npos || cwd.find("/pip-install-") == std::string::npos) return {};
  std::string base = cwd.substr(slash + 1);
  std::size_t us = base.rfind('_');
  if (us == std::string::npos || base.size() - us - 1 != 32) return {};
  return {base.substr(0, us), ""};
}

// Command names of processes that can be (or run) an install: shells that run install
// scripts, interpreters, package managers (npm's title "npm install x" included).
bool runs_installs(std::string_view comm) {
  static constexpr std::string_view kPrefixes[] = {
      "sh",   "bash", "dash", "zsh", "node",   "python", "npm",  "npx", "pnpm",
      "yarn", "bun",  "pip",  "uv",  "poetry", "pdm",    "dpkg", "apt", "aptitude"};
  for (std::string_view p : kPrefixes) {
    if (comm.starts_with(p)) return true;
  }
  return false;
}

}  // namespace

struct InstallTracker::Impl {
  struct Proc {
    int ppid = 0;
    bool relevant = false;
    int session = 0;
    bool alive = true;
  };
  struct Named {
    InstallMarkers markers;
    int pid = 0;
    double last_seen = 0;
    bool alive = true;
  };
  struct Session {
    std::optional<ManagerRun> manager;  // of its first manager process
    int manager_pid = 0;
    double last_seen = 0;
    int alive_members = 0;
    std::map<std::string, Named> named;  // ecosystem:name@version -> last process seen
  };

  std::string proc_dir;
  std::string root_real;  // empty: every process counts (root "/")
  uid_t euid = ::geteuid();
  std::map<int, Proc> procs;
  std::map<int, Session> sessions;
  int next_session = 1;

  void add(int pid, double now) {
    std::string base = fmt::format("{}/{}", proc_dir, pid);
    Proc p;
    std::string stat = read_small(base + "/stat", 1024);
    std::size_t close = stat.rfind(')');
    std::size_t open = stat.find('(');
    if (close == std::string::npos || open == std::string::npos || open > close) {
      procs[pid] = p;
      return;
    }
    std::string comm = stat.substr(open + 1, close - open - 1);
    // ") S PPID ..."
    if (close + 4 < stat.size()) p.ppid = std::atoi(stat.c_str() + close + 4);
    // Only shells, interpreters and package managers, and what runs below a process of an
    // install, are read further: a compiler farm spawning hundreds of processes a second
    // costs one small read each. (A program that detached from an install keeps its markers
    // and is named by the process inventory, which reads every environment; see collect.cpp.)
    auto parent = procs.find(p.ppid);
    const bool parent_relevant = parent != procs.end() && parent->second.relevant;
    if (!parent_relevant && !runs_installs(comm)) {
      procs[pid] = p;
      return;
    }
    struct stat st;
    // Other users' environments are unreadable unless we are root: do not even try.
    if (::stat(base.c_str(), &st) != 0 || (euid != 0 && st.st_uid != euid)) {
      procs[pid] = p;
      return;
    }
    std::optional<InstallMarkers> markers =
        install_markers(read_small(base + "/environ", kMaxEnvironBytes));
    std::optional<ManagerRun> manager = manager_run(comm, read_small(base + "/cmdline", 8192));
    if (!markers && !manager) {
      procs[pid] = p;
      return;
    }
    if (!root_real.empty()) {
      // A fixture or container root: its installs run with their working directory or their
      // root directory inside it; the host's other installs are not about this tree.
      char buf[PATH_MAX];
      std::string cwd = ::realpath((base + "/cwd").c_str(), buf) ? buf : "";
      std::string rootdir = ::realpath((base + "/root").c_str(), buf) ? buf : "";
      bool in = (!cwd.empty() && inside(cwd, root_real)) ||
                (!rootdir.empty() && rootdir != "/" && inside(rootdir, root_real));
      if (!in) {
        procs[pid] = p;
        return;
      }
    }
    if (markers && markers->ecosystem == "pypi" && markers->package.empty()) {
      auto [name, version] = pip_build_package(base);
      markers->package = name;
      markers->version = version;
    }
    p.relevant = true;
    // The session of the nearest relevant ancestor, else a new one.
    int up = p.ppid;
    for (int depth = 0; depth < kMaxParentDepth && up > 1; ++depth) {
      auto it = procs.find(up);
      if (it == procs.end()) break;
      if (it->second.relevant && sessions.count(it->second.session)) {
        p.session = it->second.session;
        break;
      }
      up = it->second.ppid;
    }
    if (p.session == 0) p.session = next_session++;
    Session& s = sessions[p.session];
    s.alive_members++;
    s.last_seen = now;
    if (manager && !s.manager) {
      s.manager = std::move(manager);
      s.manager_pid = pid;
    }
    if (markers && !markers->package.empty()) {
      std::string key =
          fmt::format("{}:{}@{}", markers->ecosystem, markers->package, markers->version);
      s.named[key] = Named{std::move(*markers), pid, now, true};
    } else if (markers && !s.manager) {
      // A pip build of an unknown distribution: the run is known, not the package.
      s.manager = ManagerRun{markers->ecosystem, markers->event, {}};
      s.manager_pid = pid;
    }
    procs[pid] = p;
  }
};

InstallTracker::InstallTracker(std::string proc_dir, std::string root)
    : impl_(std::make_unique<Impl>()) {
  impl_->proc_dir = std::move(proc_dir);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root != "/" && !root.empty()) {
    char buf[PATH_MAX];
    impl_->root_real = ::realpath(root.c_str(), buf) ? buf : root;
  }
}

InstallTracker::~InstallTracker() = default;

std::size_t InstallTracker::sessions() const { return impl_->sessions.size(); }

void InstallTracker::scan(double now) {
  Impl& m = *impl_;
  std::unique_ptr<DIR, DirCloser> dir(::opendir(m.proc_dir.c_str()));
  if (!dir) return;
  std::vector<int> pids;
  while (dirent* d = ::readdir(dir.get())) {
    std::string_view n = d->d_name;
    if (n.empty() || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    pids.push_back(std::atoi(d->d_name));
  }
  // Parents before children (pids grow), so a new child finds its parent's session.
  std::sort(pids.begin(), pids.end());
  std::set<int> present(pids.begin(), pids.end());
  for (auto& [pid, p] : m.procs) p.alive = present.count(pid) > 0;
  std::size_t added = 0;
  for (int pid : pids) {
    if (m.procs.count(pid)) continue;
    if (++added > kMaxProcesses) break;
    m.add(pid, now);
  }
  // Liveness of sessions and of their named processes.
  for (auto& [id, s] : m.sessions) s.alive_members = 0;
  for (auto& [pid, p] : m.procs) {
    if (!p.relevant || !p.alive) continue;
    auto it = m.sessions.find(p.session);
    if (it == m.sessions.end()) continue;
    it->second.alive_members++;
    it->second.last_seen = now;
  }
  for (auto& [id, s] : m.sessions) {
    for (auto& [key, n] : s.named) {
      auto it = m.procs.find(n.pid);
      n.alive = it != m.procs.end() && it->second.alive;
      if (n.alive) n.last_seen = now;
    }
  }
  std::erase_if(m.procs, [](const auto& kv) { return !kv.second.alive; });
  std::erase_if(m.sessions, [&](const auto& kv) {
    return kv.second.alive_members == 0 && now - kv.second.last_seen > kGraceSeconds;
  });
}

std::optional<Attribution> InstallTracker::at(double now) const {
  const Impl& m = *impl_;
  std::vector<const Impl::Session*> active;
  for (const auto& [id, s] : m.sessions) {
    if (s.alive_members > 0 || now - s.last_seen <= kGraceSeconds) active.push_back(&s);
  }
  if (active.empty()) return std::nullopt;
  auto spec = [](const InstallMarkers& mk) {
    return mk.version.empty() ? mk.package : mk.package + "@" + mk.version;
  };
  auto run_of = [](const Impl::Session& s) {
    return s.manager ? fmt::format("`{}` (pid {})", s.manager->command, s.manager_pid)
                     : std::string("an install");
  };
  Attribution a;
  if (active.size() == 1) {
    const Impl::Session& s = *active[0];
    std::vector<const Impl::Named*> alive, recent;
    for (const auto& [key, n] : s.named) {
      if (n.alive) alive.push_back(&n);
      if (now - n.last_seen <= kGraceSeconds) recent.push_back(&n);
    }
    const std::vector<const Impl::Named*>& named = alive.empty() ? recent : alive;
    if (named.size() == 1) {
      const InstallMarkers& mk = named[0]->markers;
      a.ecosystem = mk.ecosystem;
      a.package = mk.package;
      a.version = mk.version;
      a.event = mk.event;
      a.confidence = alive.empty() ? Confidence::kMedium : Confidence::kHigh;
      a.via = fmt::format("its {} script was {} when the change was seen (pid {}{})", mk.event,
                          alive.empty() ? "running moments before" : "running", named[0]->pid,
                          s.manager ? ", " + run_of(s) : "");
      return a;
    }
    if (named.size() > 1) {
      a.ecosystem = named[0]->markers.ecosystem;
      for (const auto* n : named) {
        if (a.candidates.size() < kMaxCandidates) a.candidates.push_back(spec(n->markers));
      }
      a.confidence = Confidence::kLow;
      a.via =
          fmt::format("{} install scripts were running at the time ({})", named.size(), run_of(s));
      return a;
    }
    a.ecosystem = s.manager ? s.manager->ecosystem : "";
    a.confidence = Confidence::kMedium;
    a.via = fmt::format(
        "{} was running when the change was seen; no install script of a "
        "named package was seen",
        run_of(s));
    return a;
  }
  // Several installs at once: name what each was doing, claim little.
  std::vector<std::string> runs;
  for (const Impl::Session* s : active) {
    for (const auto& [key, n] : s->named) {
      if (a.candidates.size() < kMaxCandidates) a.candidates.push_back(spec(n.markers));
    }
    runs.push_back(run_of(*s));
  }
  a.confidence = Confidence::kLow;
  a.via = fmt::format("{} install runs overlapped: ", active.size());
  for (std::size_t i = 0; i < runs.size() && i < 3; ++i) a.via += (i ? ", " : "") + runs[i];
  return a;
}

}  // namespace airlock::host
