// Attribution of host changes to installs (include/airlock/host/attribution.h): the evidence
// read under a root (package ownership, install logs, package directories) and the decision.
#include "airlock/host/attribution.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "host/fs_util.h"

namespace airlock::host {
namespace {

// Bytes of a dpkg *.list file read (the biggest on a desktop are a few MiB).
constexpr std::uint64_t kMaxDpkgListBytes = 16ull << 20;

std::string join_host(const std::string& dir, std::string_view name) {
  return dir == "/" ? "/" + std::string(name) : dir + "/" + std::string(name);
}

std::string parent_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

// "/a/b/../c/./d" -> "/a/c/d" (lexically; never above /).
std::string normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view c = path.substr(start, end - start);
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!c.empty() && c != ".") {
      parts.push_back(c);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view c : parts) {
    out += "/";
    out += c;
  }
  return out.empty() ? "/" : out;
}

std::string home_of(std::string_view path) {
  if (path.starts_with("/root/") || path == "/root") return "/root";
  if (path.starts_with("/home/")) {
    std::size_t slash = path.find('/', 6);
    return std::string(path.substr(0, slash));
  }
  return {};
}

// PyPI names compare normalised (PEP 503): lower case, runs of -_. as one _.
std::string normalize_dist(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '_') out += '_';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string clock_time(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string spec_of(std::string_view name, std::string_view version) {
  return version.empty() ? std::string(name) : fmt::format("{}@{}", name, version);
}

const Item* find_item(const std::vector<Item>* items, std::string_view path, std::string_view key) {
  if (items == nullptr) return nullptr;
  auto it =
      std::lower_bound(items->begin(), items->end(), std::pair{path, key},
                       [](const Item& a, const std::pair<std::string_view, std::string_view>& b) {
                         return a.path != b.first ? a.path < b.first : a.key < b.second;
                       });
  if (it != items->end() && it->path == path && it->key == key) return &*it;
  return nullptr;
}

// Confidence first; the order the evidence was gathered in (strongest source first) breaks
// ties.
void sort_evidence(std::vector<Attribution>& ev) {
  std::stable_sort(ev.begin(), ev.end(), [](const Attribution& a, const Attribution& b) {
    return a.confidence > b.confidence;
  });
}

}  // namespace

std::string_view to_string(Confidence c) {
  switch (c) {
    case Confidence::kHigh:
      return "high";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kLow:
      return "low";
  }
  return "low";
}

std::string Attribution::subject() const {
  std::string eco = ecosystem.empty() ? "" : ecosystem + " ";
  if (!package.empty()) return fmt::format("{}package {}", eco, spec_of(package, version));
  if (!candidates.empty()) {
    std::string list;
    for (const std::string& c : candidates) list += (list.empty() ? "" : ", ") + c;
    return fmt::format("one of {}packages {}", eco, list);
  }
  if (ecosystem == "npm") return "an npm install run";
  if (ecosystem == "pypi") return "a Python package install run";
  if (ecosystem == "deb") return "a Debian package install run";
  return "an install run";
}

std::string Attribution::sentence() const {
  return fmt::format("attributed to {}{}, confidence {}: {}", subject(),
                     event.empty() ? "" : " (" + event + ")", to_string(confidence), via);
}

std::string Attribution::json() const {
  nlohmann::ordered_json j = {
      {"ecosystem",
       ecosystem.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(ecosystem)},
      {"package", package.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(package)},
      {"version", version.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(version)},
      {"event", event.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(event)},
      {"confidence", to_string(confidence)},
      {"via", via},
      {"candidates", candidates}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void annotate(Finding& f, const Attribution& a) { f.message += "; " + a.sentence(); }

std::int64_t item_mtime(const Item& it) {
  std::size_t k = it.meta.find("\"mtime\":");
  if (k == std::string::npos) return 0;
  return std::strtoll(it.meta.c_str() + k + 8, nullptr, 10);
}

// ---- Attributor ----------------------------------------------------------------------------

struct Attributor::Impl {
  struct Owner {
    std::string name, version;  // distribution
    std::string hash;           // RECORD sha256 (urlsafe base64), may be empty
    std::string source;         // the RECORD file (host path)
  };

  std::string root;  // "" = nothing is read under a root
  RootFs fs;
  std::vector<LogRun> logs;
  std::uint64_t ownership_bytes = 0;
  std::map<std::string, std::unordered_map<std::string, Owner>> records;  // site dir -> index
  bool dpkg_loaded = false;
  std::unordered_map<std::string, std::string> dpkg_owner;  // host path -> package

  explicit Impl(std::string r) : root(std::move(r)), fs(root.empty() ? "/" : root) {}

  bool reads() const { return !root.empty(); }

  // ---- logs
  void read_log(const std::string& host_path, bool dpkg) {
    FileRead st = fs.read_file(host_path, 0, 0);
    if (st.kind != "file") return;
    // Only the tail: the recent runs are the ones a diff is about.
    std::string text = tail(host_path, st.size);
    std::vector<LogRun> runs = dpkg ? parse_dpkg_log(text) : parse_apt_history(text);
    logs.insert(logs.end(), std::make_move_iterator(runs.begin()),
                std::make_move_iterator(runs.end()));
  }

  std::string tail(const std::string& host_path, std::uint64_t size) {
    if (size <= kMaxLogTail) return fs.read_file(host_path, kMaxLogTail, kMaxLogTail).head;
    std::string out = read_tail(fs.real(host_path), kMaxLogTail);
    std::size_t nl = out.find('\n');  // drop the partial first line
    return nl == std::string::npos ? std::string() : out.substr(nl + 1);
  }

  static std::string read_tail(const std::string& real, std::uint64_t n) {
    int fd = ::open(real.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return {};
    struct stat st;
    std::string out;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<std::uint64_t>(st.st_size) > n) {
      out.resize(n);
      ssize_t got = ::pread(fd, out.data(), n, st.st_size - static_cast<off_t>(n));
      out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
    ::close(fd);
    return out;
  }

  void load_logs() {
    if (!reads()) return;
    for (const char* p : {"/var/log/dpkg.log.1", "/var/log/dpkg.log"}) read_log(p, true);
    for (const char* p : {"/var/log/apt/history.log.1", "/var/log/apt/history.log"})
      read_log(p, false);
    std::vector<SnapshotError> ignored;
    for (const std::string& home : home_directories(root)) {
      std::string dir = home + "/.npm/_logs";
      std::vector<DirEntry> list = fs.list(dir, ignored, /*quiet=*/true);
      std::sort(list.begin(), list.end(),
                [](const DirEntry& a, const DirEntry& b) { return a.name > b.name; });
      std::size_t n = 0;
      for (const DirEntry& d : list) {
        if (d.is_dir || d.is_link || !d.name.ends_with(".log")) continue;
        if (++n > kMaxNpmLogs) break;
        std::string path = join_host(dir, d.name);
        FileRead fr = fs.read_file(path, kMaxLogTail, kMaxLogTail);
        if (fr.kind != "file") continue;
        if (auto run = parse_npm_debug_log(fr.head, d.name, fr.mtime)) {
          logs.push_back(std::move(*run));
        }
      }
    }
  }

  // ---- ownership
  // The RECORD index of one site-packages directory: host path -> distribution.
  const std::unordered_map<std::string, Owner>& record_index(const std::string& site) {
    auto found = records.find(site);
    if (found != records.end()) return found->second;
    auto& index = records[site];
    std::vector<SnapshotError> ignored;
    std::size_t n = 0;
    for (const DirEntry& d : fs.list(site, ignored, /*quiet=*/true)) {
      if (!d.is_dir || !d.name.ends_with(".dist-info")) continue;
      if (++n > kMaxDistInfos || ownership_bytes > kMaxOwnershipBytes) break;
      std::string dist = join_host(site, d.name);
      FileRead fr = fs.read_file(dist + "/RECORD", kMaxRecordBytes, kMaxRecordBytes);
      if (fr.kind != "file") continue;
      ownership_bytes += fr.head.size();
      // name-version.dist-info (names there are normalised with _)
      std::string stem = d.name.substr(0, d.name.size() - 10);
      std::size_t dash = stem.find('-');
      Owner o;
      o.name = stem.substr(0, dash);
      o.version = dash == std::string::npos ? "" : stem.substr(dash + 1);
      o.source = dist + "/RECORD";
      for (RecordEntry& e : parse_record(fr.head)) {
        std::string host =
            e.path.starts_with('/') ? normalize(e.path) : normalize(site + "/" + e.path);
        // A RECORD may only speak for paths under the root (normalize never goes above /).
        o.hash = std::move(e.sha256_b64);
        index.emplace(std::move(host), o);
      }
    }
    return index;
  }

  // Site-packages directories that may own `path`: the one it lies in, and those holding the
  // distributions of the snapshot (their RECORD can name scripts in ~/.local/bin).
  std::vector<std::string> site_dirs_for(const std::string& path, const std::vector<Item>* items) {
    std::set<std::string> dirs;
    for (const char* marker : {"/site-packages/", "/dist-packages/"}) {
      std::size_t k = path.find(marker);
      if (k != std::string::npos)
        dirs.insert(path.substr(0, k + std::string_view(marker).size() - 1));
    }
    if (items != nullptr) {
      for (const Item& it : *items) {
        if (it.collector == "dist-info" && it.key.empty()) dirs.insert(parent_of(it.path));
      }
    }
    return {dirs.begin(), dirs.end()};
  }

  std::optional<Owner> record_owner(const std::string& path, const std::vector<Item>* items) {
    if (!reads()) return std::nullopt;
    for (const std::string& site : site_dirs_for(path, items)) {
      const auto& index = record_index(site);
      if (auto it = index.find(path); it != index.end()) return it->second;
    }
    return std::nullopt;
  }

  std::optional<std::string> dpkg_package_of(const std::string& path) {
    if (!reads()) return std::nullopt;
    if (!dpkg_loaded) {
      dpkg_loaded = true;
      std::vector<SnapshotError> ignored;
      std::size_t n = 0;
      for (const DirEntry& d : fs.list("/var/lib/dpkg/info", ignored, /*quiet=*/true)) {
        if (d.is_dir || !d.name.ends_with(".list")) continue;
        if (++n > kMaxDpkgLists || ownership_bytes > kMaxOwnershipBytes) break;
        FileRead fr =
            fs.read_file("/var/lib/dpkg/info/" + d.name, kMaxDpkgListBytes, kMaxDpkgListBytes);
        if (fr.kind != "file") continue;
        ownership_bytes += fr.head.size();
        std::string pkg(d.name.substr(0, d.name.size() - 5));
        pkg = pkg.substr(0, pkg.find(':'));
        std::size_t start = 0;
        const std::string& t = fr.head;
        while (start < t.size()) {
          std::size_t end = t.find('\n', start);
          if (end == std::string::npos) end = t.size();
          if (end > start + 1 && t[start] == '/')
            dpkg_owner.emplace(t.substr(start, end - start), pkg);
          start = end + 1;
        }
      }
    }
    auto it = dpkg_owner.find(path);
    if (it == dpkg_owner.end()) return std::nullopt;
    return it->second;
  }

  std::string deb_version(const std::string& pkg, const std::vector<Item>* items) {
    if (items == nullptr) return {};
    auto it = std::lower_bound(items->begin(), items->end(),
                               std::pair<std::string, std::string>{"/var/lib/dpkg/status", pkg},
                               [](const Item& a, const std::pair<std::string, std::string>& b) {
                                 return a.path != b.first ? a.path < b.first : a.key < b.second;
                               });
    for (; it != items->end() && it->path == "/var/lib/dpkg/status"; ++it) {
      if (it->key == pkg || it->key.starts_with(pkg + ":"))
        return it->value.substr(0, it->value.find(' '));
      if (!it->key.starts_with(pkg)) break;
    }
    return {};
  }

  std::string package_version(const PackageDir& p) {
    if (!reads()) return {};
    if (p.ecosystem == "npm") {
      FileRead fr = fs.read_file(p.dir + "/package.json", 256 * 1024, 256 * 1024);
      if (fr.kind != "file") return {};
      auto doc = nlohmann::json::parse(fr.head, nullptr, false);
      if (doc.is_object() && doc.contains("version") && doc["version"].is_string()) {
        return doc["version"].get<std::string>().substr(0, 64);
      }
      return {};
    }
    std::string site = parent_of(p.dir);
    std::string want = normalize_dist(p.package);
    std::vector<SnapshotError> ignored;
    std::size_t n = 0;
    for (const DirEntry& d : fs.list(site, ignored, /*quiet=*/true)) {
      if (++n > kMaxDistInfos) break;
      if (!d.name.ends_with(".dist-info")) continue;
      std::string stem = d.name.substr(0, d.name.size() - 10);
      std::size_t dash = stem.find('-');
      if (dash != std::string::npos && normalize_dist(stem.substr(0, dash)) == want) {
        return stem.substr(dash + 1, 64);
      }
    }
    return {};
  }

  // ---- the evidence of one change, strongest source first
  void process_markers(const Item& it, const ChangeContext& ctx, std::vector<Attribution>& ev) {
    const Item* proc = nullptr;
    if (it.collector == "process") {
      proc = &it;
    } else if (it.collector == "socket") {
      // listen: value is the program; connect: the key ends with it.
      std::string exe =
          it.key.starts_with("listen ") ? it.value : it.key.substr(it.key.rfind(' ') + 1);
      if (exe.starts_with('/') || exe.starts_with('[')) proc = find_item(ctx.items, "proc:", exe);
    }
    if (proc == nullptr || proc->meta.empty()) return;
    auto meta = nlohmann::json::parse(proc->meta, nullptr, false);
    if (!meta.is_object() || !meta.contains("install") || !meta["install"].is_object()) return;
    const auto& m = meta["install"];
    auto str = [&](const char* k) {
      return m.contains(k) && m[k].is_string() ? m[k].get<std::string>() : std::string();
    };
    Attribution a;
    a.ecosystem = str("ecosystem");
    a.package = str("package");
    a.version = str("version");
    a.event = str("event");
    int pid = m.contains("pid") && m["pid"].is_number_integer() ? m["pid"].get<int>() : 0;
    a.confidence = a.package.empty() ? Confidence::kMedium : Confidence::kHigh;
    a.via = fmt::format(
        "the {} environment carries the install markers of its {} script "
        "(pid {}): it was started by that install",
        &it == proc ? "program's" : "listening program's", a.event, pid);
    ev.push_back(std::move(a));
  }

  void ownership(const std::string& path, const Change& c, const ChangeContext& ctx,
                 std::vector<Attribution>& ev) {
    if (!reads() || !path.starts_with('/')) return;
    if (auto o = record_owner(path, ctx.items)) {
      FileRead fr = fs.read_file(path, 0, kMaxHashedBytes);
      bool same = fr.kind == "file" && !fr.hash_truncated && !o->hash.empty() &&
                  hex_to_b64url(fr.sha256) == o->hash;
      // A file that differs from its RECORD hash was changed after the install: not by it.
      if (same || (o->hash.empty() && ctx.file_added)) {
        Attribution a;
        a.ecosystem = "pypi";
        a.package = o->name;
        a.version = o->version;
        a.confidence = Confidence::kHigh;
        a.via = fmt::format("{} lists the file{}", o->source, same ? " with a matching hash" : "");
        ev.push_back(std::move(a));
        return;
      }
    }
    if (path.starts_with("/home/") || path.starts_with("/root/") || path.starts_with("/tmp/"))
      return;
    auto pkg = dpkg_package_of(path);
    if (!pkg) return;
    Attribution a;
    a.ecosystem = "deb";
    a.package = *pkg;
    a.version = deb_version(*pkg, ctx.items);
    a.confidence = Confidence::kHigh;
    if (ctx.file_added) {
      a.via = fmt::format("/var/lib/dpkg/info/{}.list lists the file, which appeared", *pkg);
      ev.push_back(std::move(a));
      return;
    }
    // A packaged file that changed: the package's own run (an upgrade), or an edit by
    // someone else. Only a dpkg run of that package at the file's mtime says which.
    if (c.kind == ChangeKind::kChanged && ctx.when > 0) {
      for (const LogRun& r : logs) {
        if (r.per_package && r.packages[0].name == *pkg && ctx.when >= r.start - kLogSlackSeconds &&
            ctx.when <= r.end + kLogSlackSeconds) {
          a.via = fmt::format("a file of the package, changed at {} during its dpkg run ({})",
                              clock_time(ctx.when), r.source);
          ev.push_back(std::move(a));
          return;
        }
      }
    }
  }

  void content(const Item& it, const std::vector<std::string>& paths, const ChangeContext& ctx,
               std::vector<Attribution>& ev) {
    std::vector<PackageDir> dirs;
    for (const std::string& p : paths) {
      auto d = package_dir_of(p);
      if (!d) continue;
      if (std::none_of(dirs.begin(), dirs.end(), [&](const PackageDir& x) {
            return x.ecosystem == d->ecosystem && x.package == d->package;
          })) {
        dirs.push_back(std::move(*d));
      }
    }
    if (dirs.size() == 1) {
      Attribution a;
      a.ecosystem = dirs[0].ecosystem;
      a.package = dirs[0].package;
      a.version = package_version(dirs[0]);
      a.confidence = Confidence::kMedium;
      a.via = fmt::format("it runs code from the package directory {}", dirs[0].dir);
      ev.push_back(std::move(a));
      return;
    }
    if (dirs.size() > 1) {
      Attribution a;
      a.ecosystem = dirs[0].ecosystem;
      for (const PackageDir& d : dirs) {
        if (a.candidates.size() < kMaxCandidates) a.candidates.push_back(d.package);
      }
      a.confidence = Confidence::kLow;
      a.via = "it runs code from several package directories";
      ev.push_back(std::move(a));
      return;
    }
    // The program it runs was installed by a Python distribution (a console script). System
    // programs (dpkg) are not evidence: every cron job runs /bin/sh.
    if (paths.empty() || paths[0] == it.path) return;
    if (auto o = record_owner(paths[0], ctx.items)) {
      Attribution a;
      a.ecosystem = "pypi";
      a.package = o->name;
      a.version = o->version;
      a.confidence = Confidence::kMedium;
      a.via = fmt::format("it runs {}, which {} lists", paths[0], o->source);
      ev.push_back(std::move(a));
    }
  }

  void log_windows(const ChangeContext& ctx, std::vector<Attribution>& ev) {
    if (ctx.when <= 0) return;
    std::vector<const LogRun*> dpkg, apt, npm;
    for (const LogRun& r : logs) {
      if (ctx.when < r.start - kLogSlackSeconds || ctx.when > r.end + kLogSlackSeconds) continue;
      (r.ecosystem == "npm" ? npm : r.per_package ? dpkg : apt).push_back(&r);
    }
    const std::string at = clock_time(ctx.when);
    if (dpkg.size() == 1) {
      const LogRun::Package& p = dpkg[0]->packages[0];
      Attribution a;
      a.ecosystem = "deb";
      a.package = p.name;
      a.version = p.version;
      a.confidence = Confidence::kMedium;
      a.via = fmt::format("the file's mtime {} lies in the dpkg run of the package ({} {} - {})",
                          at, dpkg[0]->source, clock_time(dpkg[0]->start).substr(11),
                          clock_time(dpkg[0]->end).substr(11));
      ev.push_back(std::move(a));
    } else if (dpkg.size() > 1) {
      Attribution a;
      a.ecosystem = "deb";
      for (const LogRun* r : dpkg) {
        if (a.candidates.size() < kMaxCandidates)
          a.candidates.push_back(spec_of(r->packages[0].name, r->packages[0].version));
      }
      a.confidence = Confidence::kLow;
      a.via = fmt::format("the file's mtime {} lies in the dpkg runs of {} packages (dpkg.log)", at,
                          dpkg.size());
      ev.push_back(std::move(a));
    } else if (!apt.empty()) {
      Attribution a;
      a.ecosystem = "deb";
      for (const LogRun* r : apt) {
        for (const LogRun::Package& p : r->packages) {
          if (a.candidates.size() < kMaxCandidates)
            a.candidates.push_back(spec_of(p.name, p.version));
        }
      }
      if (a.candidates.size() == 1) {
        a.package = apt[0]->packages[0].name;
        a.version = apt[0]->packages[0].version;
        a.candidates.clear();
      }
      a.confidence = Confidence::kLow;
      a.via = fmt::format("the file's mtime {} lies in the apt run `{}` ({})", at, apt[0]->command,
                          apt[0]->source);
      ev.push_back(std::move(a));
    }
    if (npm.empty()) return;
    std::vector<const LogRun::Package*> scripts;
    for (const LogRun* r : npm) {
      for (const LogRun::Package& p : r->packages) scripts.push_back(&p);
    }
    Attribution a;
    a.ecosystem = "npm";
    const LogRun& r = *npm[0];
    if (npm.size() == 1 && scripts.size() == 1) {
      a.package = scripts[0]->name;
      a.version = scripts[0]->version;
      a.event = scripts[0]->event;
      a.confidence = Confidence::kMedium;
      a.via = fmt::format(
          "the file's mtime {} lies in `{}`, whose only install script was "
          "this package's ({})",
          at, r.command, r.source);
    } else {
      for (const auto* p : scripts) {
        if (a.candidates.size() < kMaxCandidates)
          a.candidates.push_back(spec_of(p->name, p->version));
      }
      a.confidence = Confidence::kLow;
      a.via = fmt::format(
          "the file's mtime {} lies in `{}` ({}{})", at, r.command, r.source,
          npm.size() > 1 ? fmt::format(" and {} other npm runs", npm.size() - 1) : std::string());
    }
    ev.push_back(std::move(a));
  }
};

Attributor::Attributor(std::string root) : impl_(std::make_unique<Impl>(std::move(root))) {}
Attributor::~Attributor() = default;
Attributor::Attributor(Attributor&&) noexcept = default;
Attributor& Attributor::operator=(Attributor&&) noexcept = default;

void Attributor::load_logs() { impl_->load_logs(); }
const std::vector<LogRun>& Attributor::log_runs() const { return impl_->logs; }

void Attributor::forget_ownership() {
  impl_->records.clear();
  impl_->dpkg_owner.clear();
  impl_->dpkg_loaded = false;
  impl_->ownership_bytes = 0;
}

std::optional<Attribution> Attributor::attribute(const Change& c, const ChangeContext& ctx) {
  Impl& m = *impl_;
  const Item& it = c.item();
  std::vector<Attribution> ev;
  const bool removed = c.kind == ChangeKind::kRemoved;
  // Inventories of packages are the packages themselves: naming them again says nothing.
  const bool inventory =
      it.collector == "dpkg-status" || it.collector == "dist-info" || it.collector == "tree";
  if (!removed) m.process_markers(it, ctx, ev);

  // The file the change is in, and the paths its meaning mentions.
  std::string own = it.path;
  // Records keep their meaning in the key (a crontab line, an rc line) or the value (an
  // ExecStart, an MCP server object).
  std::string text = it.key.empty() ? it.value : it.key + "\n" + it.value;
  if (it.path == "mode:") own = it.key;  // setuid programs
  if (it.collector == "path-order") {
    own = it.value.substr(0, it.value.find(' '));
    text.clear();
  }
  if (it.key.empty() && text.starts_with("symlink -> ")) {
    std::string target = text.substr(11);
    text = target.starts_with('/') ? target : normalize(parent_of(it.path) + "/" + target);
  } else if (it.key.empty() || it.key == "#attrs") {
    text.clear();  // a digest or a mode
  }
  if (!removed && !inventory) m.ownership(own, c, ctx, ev);
  if (ctx.live != nullptr) ev.push_back(*ctx.live);
  if (!removed && !inventory && it.collector != "process" && it.collector != "socket") {
    m.content(it, paths_in_text(text, home_of(it.path)), ctx, ev);
  }
  if (!removed && !inventory) m.log_windows(ctx, ev);
  if (ev.empty()) return std::nullopt;

  sort_evidence(ev);
  Attribution best = ev.front();
  // Two independent sources naming the same package make a medium claim strong.
  if (!best.package.empty()) {
    for (std::size_t i = 1; i < ev.size(); ++i) {
      if (ev[i].package == best.package && ev[i].ecosystem == best.ecosystem) {
        if (best.confidence == Confidence::kMedium) best.confidence = Confidence::kHigh;
        best.via += "; and " + ev[i].via;
        if (best.version.empty()) best.version = ev[i].version;
        if (best.event.empty()) best.event = ev[i].event;
        break;
      }
    }
  }
  return best;
}

std::vector<AttributedFinding> attributed_diff(const Snapshot& before, const Snapshot& after,
                                               const catalogue::Catalogue& cat,
                                               Attributor& attributor) {
  std::vector<Change> changes = diff_items(before.items, after.items);
  std::set<std::string> added_files;
  for (const Change& c : changes) {
    if (c.kind == ChangeKind::kAdded && c.after->key.empty()) added_files.insert(c.after->path);
  }
  std::vector<AttributedFinding> out;
  for (const Change& c : changes) {
    auto f = to_finding(c, cat);
    if (!f) continue;
    const Item& it = c.item();
    ChangeContext ctx;
    ctx.items = &after.items;
    ctx.file_added = added_files.count(it.path) > 0;
    if (const Item* file = find_item(&after.items, it.path, "")) ctx.when = item_mtime(*file);
    AttributedFinding af{std::move(*f), attributor.attribute(c, ctx)};
    if (af.attribution) annotate(af.finding, *af.attribution);
    out.push_back(std::move(af));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const AttributedFinding& a, const AttributedFinding& b) {
                     return a.finding.severity > b.finding.severity;
                   });
  return out;
}

}  // namespace airlock::host
