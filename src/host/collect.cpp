// Collection of a host snapshot (include/airlock/host/snapshot.h): walks the catalogue's
// Linux write locations under a root, reads each match with its entry's collector, and adds
// the inventories (path shadowing, processes, sockets).
//
// The walk is guided by the patterns: a literal component is one lstat, a wildcard one
// readdir, so only directories that can hold a location are listed. `**/` patterns (a file
// in any repository or project) are searched by one bounded walk per home directory.
// Symbolic links are recorded, never followed, except for directories on the way to a
// location (~/.config may be a link into a dotfiles repository) that stay inside the root.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fnmatch.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "airlock/catalogue/collectors.h"
#include "airlock/core/hash.h"
#include "airlock/host/attribution.h"
#include "airlock/host/parsers.h"
#include "airlock/host/snapshot.h"
#include "airlock/report/reporter.h"
#include "host/fs_util.h"

namespace airlock::host {
namespace {

using catalogue::Catalogue;
using catalogue::CatalogueEntry;

// Directories a walk of a home directory never enters: caches and package stores hold no
// persistence and hundreds of thousands of files.
const std::unordered_set<std::string> kPrunedDirs = {
    "node_modules", ".cache",       ".npm",        ".rustup",
    ".git",         "__pycache__",  ".venv-cache", ".local/share/Trash",
    ".mozilla",     ".thunderbird", "snap",        ".gradle/caches",
    ".m2"};

// The PATH a login shell gives a user, system part, in order.
constexpr const char* kSystemPath[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                       "/usr/bin",        "/sbin",          "/bin"};

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

std::vector<std::string> split_path(std::string_view p) {
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

std::string join_host(const std::string& dir, std::string_view name) {
  return dir == "/" ? "/" + std::string(name) : dir + "/" + std::string(name);
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A pattern to walk for one entry: components of an absolute host path.
struct WalkPattern {
  std::size_t entry;
  std::vector<std::string> comps;
};

// A `**/tail` pattern searched inside home directories.
struct TailPattern {
  std::size_t entry;
  std::vector<std::string> tail;  // components after **/
};

// Executables in the user's PATH directories that shadow a system command.
void add_path_shadowing(const Catalogue& cat, const RootFs& fs,
                        const std::vector<std::string>& homes, std::vector<Item>& items) {
  const CatalogueEntry* dirs_entry = cat.find("linux.user.path-hijack-dirs");
  const CatalogueEntry* shadow_entry = cat.find("linux.user.path-shadowing");
  if (dirs_entry == nullptr || shadow_entry == nullptr) return;
  auto home_of = [&](const std::string& path) {
    std::string best;
    for (const std::string& h : homes) {
      if (path.starts_with(h + "/") && h.size() > best.size()) best = h;
    }
    return best;
  };
  std::map<std::string, std::pair<std::string, std::size_t>> first;  // home:name -> path
  for (const Item& it : items) {
    if (it.entry != dirs_entry->id || !it.key.empty()) continue;
    std::string home = home_of(it.path);
    if (home.empty()) continue;
    std::string dir = it.path.substr(0, it.path.rfind('/'));
    std::string name = it.path.substr(it.path.rfind('/') + 1);
    // Order of the directory in the catalogue entry = the order a user's PATH lists them.
    std::size_t order = dirs_entry->paths.size();
    for (std::size_t k = 0; k < dirs_entry->paths.size(); ++k) {
      std::string pat = dirs_entry->paths[k];
      if (pat.ends_with("/*")) pat.resize(pat.size() - 2);
      if (pat.starts_with("~")) pat = home + pat.substr(1);
      if (::fnmatch(pat.c_str(), dir.c_str(), FNM_PATHNAME) == 0) {
        order = k;
        break;
      }
    }
    std::string key = home + ":" + name;
    auto f = first.find(key);
    if (f == first.end() || order < f->second.second) first[key] = {it.path, order};
  }
  for (const auto& [key, where] : first) {
    std::string name = key.substr(key.find(':') + 1);
    for (const char* sys : kSystemPath) {
      std::string sys_path = join_host(sys, name);
      if (!fs.exists(sys_path)) continue;
      Item it;
      it.entry = shadow_entry->id;
      it.collector = "path-order";
      it.path = "path:shadowing";
      it.key = key;
      it.value = fmt::format("{} shadows {}", where.first, sys_path);
      it.evidence = it.value;
      items.push_back(std::move(it));
      break;
    }
  }
}

void sort_items(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.path != b.path ? a.path < b.path : a.key < b.key;
  });
  // Two entries can claim the same record (a file reached twice): keep one.
  items.erase(
      std::unique(items.begin(), items.end(),
                  [](const Item& a, const Item& b) { return a.path == b.path && a.key == b.key; }),
      items.end());
}

// Processes of one program whose environments are read for install markers.
constexpr std::size_t kEnvironsPerProgram = 4;

class Collector {
 public:
  Collector(const Catalogue& cat, const CollectOptions& opts, Snapshot& snap)
      : cat_(cat), fs_(opts.root), opts_(opts), snap_(snap) {}

  void run() {
    homes_ = home_directories(opts_.root);
    if (opts_.files) {
      plan();
      for (const WalkPattern& p : walks_) walk(p, 0, "/", 0);
      for (const std::string& home : homes_) walk_home(home);
      build_items();
      if (opts_.scope.empty()) add_path_shadowing(cat_, fs_, homes_, snap_.items);
      add_file_modes();
    }
    if (opts_.processes || opts_.sockets) processes_and_sockets();
    sort_items(snap_.items);
  }

 private:
  struct Candidate {
    std::set<std::size_t> entries;
    bool tree = false;  // first-level child of a `dir/**` pattern collected as one item
  };

  const std::vector<CatalogueEntry>& entries() const { return cat_.entries(); }

  void error(const std::string& path, std::string message) {
    snap_.errors.push_back({path, std::move(message)});
  }

  // Which patterns to walk: Linux write entries; ~ expanded per home; **/ to the home walk.
  void plan() {
    for (std::size_t i = 0; i < entries().size(); ++i) {
      const CatalogueEntry& e = entries()[i];
      if (e.platform != "linux" || e.access != "write") continue;
      for (const std::string& p : e.paths) {
        if (p.starts_with("**/")) {
          tails_.push_back({i, split_path(std::string_view(p).substr(3))});
        } else if (p.starts_with("~/")) {
          for (const std::string& home : homes_) {
            walks_.push_back({i, split_path(home + p.substr(1))});
          }
        } else if (p.starts_with('/')) {
          walks_.push_back({i, split_path(p)});
        }
      }
    }
  }

  // A directory worth entering: no scope, or an ancestor of a scope path, or inside one.
  bool related(const std::string& dir) const {
    if (opts_.scope.empty() || dir == "/") return true;
    for (const std::string& s : opts_.scope) {
      if (dir == s || s.starts_with(dir + "/") || dir.starts_with(s + "/")) return true;
    }
    return false;
  }

  void add_candidate(const std::string& path, std::size_t entry, bool tree) {
    if (!opts_.scope.empty() && !in_scope(path, opts_.scope)) return;
    Candidate& c = candidates_[path];
    c.entries.insert(entry);
    c.tree = c.tree || tree;
  }

  // The collector an entry uses for a path (auto resolved by name), with its argument.
  std::pair<std::string, std::string> collector_for(const CatalogueEntry& e,
                                                    const std::string& path) const {
    std::string_view parser = e.parser;
    if (parser == "auto") parser = catalogue::auto_collector(path);
    std::size_t colon = parser.find(':');
    if (colon == std::string_view::npos) return {std::string(parser), ""};
    return {std::string(parser.substr(0, colon)), std::string(parser.substr(colon + 1))};
  }

  // Guided walk of pattern p from host directory `dir` (component i onwards).
  void walk(const WalkPattern& p, std::size_t i, const std::string& dir, int depth) {
    if (!related(dir)) return;
    if (i == p.comps.size()) {
      add_candidate(dir, p.entry, false);
      return;
    }
    if (depth > kMaxWalkDepth) return;
    const std::string& comp = p.comps[i];
    const bool last = i + 1 == p.comps.size();
    if (comp == "**") {
      if (last) {
        // dir/** : every entry below. Trees of packages, plugins and extensions are one
        // item per first-level entry; other locations one item per file.
        const CatalogueEntry& e = entries()[p.entry];
        bool tree = collector_for(e, join_host(dir, "x")).first == "tree";
        list_below(p.entry, dir, tree, depth);
        return;
      }
      walk(p, i + 1, dir, depth);  // ** matches no component
      for (const DirEntry& d : fs_.list(dir, snap_.errors)) {
        if (d.is_dir) walk(p, i, join_host(dir, d.name), depth + 1);
      }
      return;
    }
    if (!has_wildcard(comp)) {
      std::string child = join_host(dir, comp);
      if (last) {
        if (fs_.exists(child)) add_candidate(child, p.entry, false);
      } else if (fs_.is_dir_inside(child)) {
        walk(p, i + 1, child, depth + 1);
      }
      return;
    }
    for (const DirEntry& d : fs_.list(dir, snap_.errors)) {
      if (::fnmatch(comp.c_str(), d.name.c_str(), 0) != 0) continue;
      std::string child = join_host(dir, d.name);
      if (last) {
        add_candidate(child, p.entry, false);
      } else if (d.is_dir || (d.is_link && fs_.is_dir_inside(child))) {
        walk(p, i + 1, child, depth + 1);
      }
    }
  }

  // Everything below dir: first-level entries when `tree` (and @scope/name packages),
  // otherwise every file down to the depth limit.
  void list_below(std::size_t entry, const std::string& dir, bool tree, int depth) {
    if (depth > kMaxWalkDepth || !related(dir)) return;
    for (const DirEntry& d : fs_.list(dir, snap_.errors)) {
      std::string child = join_host(dir, d.name);
      if (tree) {
        if (d.is_dir && d.name.starts_with('@')) {
          for (const DirEntry& s : fs_.list(child, snap_.errors)) {
            add_candidate(join_host(child, s.name), entry, true);
          }
        } else {
          add_candidate(child, entry, true);
        }
      } else if (d.is_dir) {
        list_below(entry, child, false, depth + 1);
      } else {
        add_candidate(child, entry, false);
      }
    }
  }

  // One bounded walk of a home directory for the **/tail patterns. A directory named like the
  // first component of a tail (.git, .vscode, site-packages) is searched for that tail only.
  void walk_home(const std::string& home) {
    if (tails_.empty() || !related(home)) return;
    std::unordered_map<std::string, std::vector<const TailPattern*>> anchors, files;
    std::vector<const TailPattern*> wild_files;
    for (const TailPattern& t : tails_) {
      if (t.tail.empty()) continue;
      if (t.tail.size() == 1) {
        if (has_wildcard(t.tail[0]))
          wild_files.push_back(&t);
        else
          files[t.tail[0]].push_back(&t);
      } else {
        anchors[t.tail[0]].push_back(&t);
      }
    }
    std::uint64_t seen = 0;
    bool stopped = false;
    std::vector<std::pair<std::string, int>> stack = {{home, 0}};
    while (!stack.empty()) {
      auto [dir, depth] = stack.back();
      stack.pop_back();
      for (const DirEntry& d : fs_.list(dir, snap_.errors)) {
        if (++seen > kMaxWalkEntries) {
          stopped = true;
          break;
        }
        std::string child = join_host(dir, d.name);
        if (d.is_dir) {
          if (auto it = anchors.find(d.name); it != anchors.end()) {
            for (const TailPattern* t : it->second) {
              WalkPattern wp{t->entry, split_path(child)};
              wp.comps.insert(wp.comps.end(), t->tail.begin() + 1, t->tail.end());
              walk(wp, split_path(child).size(), child, depth + 1);
            }
            continue;
          }
          if (depth + 1 < kMaxWalkDepth && !kPrunedDirs.count(d.name) && related(child)) {
            stack.emplace_back(child, depth + 1);
          }
          continue;
        }
        if (auto it = files.find(d.name); it != files.end()) {
          for (const TailPattern* t : it->second) add_candidate(child, t->entry, false);
        }
        for (const TailPattern* t : wild_files) {
          if (::fnmatch(t->tail[0].c_str(), d.name.c_str(), 0) == 0) {
            add_candidate(child, t->entry, false);
          }
        }
      }
      if (stopped) break;
    }
    if (stopped) {
      error(home, fmt::format("walk of the home directory stopped after {} entries; project "
                              "files (**/ patterns) deeper in it were not collected",
                              kMaxWalkEntries));
    }
  }

  std::string home_of(const std::string& path) const {
    std::string best;
    for (const std::string& h : homes_) {
      if ((path == h || path.starts_with(h + "/")) && h.size() > best.size()) best = h;
    }
    return best;
  }

  // The entry a path belongs to: the most specific write entry (as `run` classifies it).
  std::size_t choose_entry(const std::string& path, const Candidate& c) const {
    if (c.entries.size() == 1) return *c.entries.begin();
    for (const CatalogueEntry* e : cat_.match_path_all(path, home_of(path), "linux")) {
      if (e->access != "write") continue;
      std::size_t idx = static_cast<std::size_t>(e - entries().data());
      if (c.entries.count(idx)) return idx;
    }
    return *c.entries.begin();
  }

  void build_items() {
    for (const auto& [path, c] : candidates_) {
      const CatalogueEntry& e = entries()[choose_entry(path, c)];
      if (c.tree) {
        collect_tree(e, path);
      } else {
        collect_file(e, path);
      }
    }
  }

  Item base_item(const CatalogueEntry& e, const std::string& collector, const std::string& path) {
    Item it;
    it.entry = e.id;
    it.collector = collector;
    it.path = path;
    return it;
  }

  void collect_file(const CatalogueEntry& e, const std::string& path) {
    auto [collector, arg] = collector_for(e, path);
    // Semantic files are read (and hashed) up to the parse bound: a 1 GB crontab costs 4 MiB.
    const bool semantic = host::is_file_parser(collector);
    FileRead fr = fs_.read_file(path, semantic ? kMaxParsedBytes : 0,
                                semantic ? kMaxParsedBytes : kMaxHashedBytes);
    if (!fr.error.empty()) {
      error(path, fr.error);
      if (fr.kind.empty()) return;  // vanished or unreadable before lstat
    }
    Item file = base_item(e, collector, path);
    file.value = fr.digest_value();
    file.evidence = fr.describe();
    file.meta = fmt::format(R"({{"size":{},"mtime":{}}})", fr.size, fr.mtime);
    if (collector == "dist-info" && fr.kind == "directory") {
      file.value = dist_info_value(path);
      file.evidence = file.value;
      snap_.items.push_back(std::move(file));
      return;
    }
    Item attrs = base_item(e, collector, path);
    attrs.key = "#attrs";
    attrs.value = fr.attrs;
    attrs.evidence = fr.attrs;
    if (fr.kind == "file" && host::is_file_parser(collector)) {
      ParseResult r = parse_file(collector, arg, path, fr.head);
      if (fr.truncated) {
        error(path,
              fmt::format("larger than {} bytes: only the start is compared", kMaxParsedBytes));
      }
      std::size_t shown = 0;
      for (const std::string& note : r.notes) {
        if (shown++ < 5) error(path, note);
      }
      file.semantic_file = r.parsed;
      for (Record& rec : r.records) {
        Item it = base_item(e, collector, path);
        it.key = std::move(rec.key);
        it.value = std::move(rec.value);
        it.evidence = std::move(rec.evidence);
        it.line = rec.line;
        snap_.items.push_back(std::move(it));
      }
    }
    snap_.items.push_back(std::move(file));
    if (!fr.attrs.empty()) snap_.items.push_back(std::move(attrs));
  }

  std::string dist_info_value(const std::string& dir) {
    std::string text;
    for (const char* name : {"METADATA", "PKG-INFO"}) {
      FileRead fr = fs_.read_file(join_host(dir, name), 64 * 1024, 64 * 1024);
      if (fr.kind == "file") {
        text = fr.head;
        break;
      }
    }
    std::string name, version;
    std::size_t start = 0;
    while (start < text.size() && (name.empty() || version.empty())) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      if (line.empty() || line == "\r") break;  // end of the headers
      if (line.starts_with("Name: ")) name = std::string(line.substr(6));
      if (line.starts_with("Version: ")) version = std::string(line.substr(9));
      start = end + 1;
    }
    if (name.empty()) {
      std::string base = dir.substr(dir.rfind('/') + 1);
      return "python " + base;
    }
    return fmt::format("python {}=={}", name, version);
  }

  // One item for a plugin, skill, extension or package directory: its package name and
  // version when it declares one, and a digest of its files (names, sizes, contents).
  void collect_tree(const CatalogueEntry& e, const std::string& path) {
    FileRead top = fs_.read_file(path, 0, kMaxHashedBytes);
    if (top.kind != "directory") {
      collect_file(e, path);
      return;
    }
    Item it = base_item(e, "tree", path);
    std::string label;
    FileRead pj = fs_.read_file(join_host(path, "package.json"), 256 * 1024, 256 * 1024);
    if (pj.kind == "file") {
      auto doc = nlohmann::json::parse(pj.head, nullptr, false);
      if (doc.is_object() && doc.contains("name") && doc["name"].is_string()) {
        label = doc["name"].get<std::string>();
        if (doc.contains("version") && doc["version"].is_string()) {
          label += "@" + doc["version"].get<std::string>();
        }
      }
    }
    Sha256 h;
    std::size_t files = 0;
    bool cut = false;
    digest_tree(path, "", 0, h, files, cut);
    if (cut)
      error(path,
            fmt::format("more than {} files: the digest covers the first ones", kMaxTreeFiles));
    std::string digest = h.hex_digest();
    it.value = (label.empty() ? "" : label + " ") + "tree:" + digest;
    it.evidence = fmt::format("{}{} files", label.empty() ? "" : label + ", ", files);
    it.meta = fmt::format(R"({{"files":{}}})", files);
    snap_.items.push_back(std::move(it));
  }

  void digest_tree(const std::string& dir, const std::string& rel, int depth, Sha256& h,
                   std::size_t& files, bool& cut) {
    if (depth > kMaxWalkDepth) return;
    std::vector<DirEntry> list = fs_.list(dir, snap_.errors);
    std::sort(list.begin(), list.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    for (const DirEntry& d : list) {
      if (files >= kMaxTreeFiles) {
        cut = true;
        return;
      }
      std::string child = join_host(dir, d.name);
      std::string child_rel = rel.empty() ? d.name : rel + "/" + d.name;
      if (d.is_dir) {
        digest_tree(child, child_rel, depth + 1, h, files, cut);
        continue;
      }
      ++files;
      // Contents up to 1 MiB per file; bigger files by size (bundled binaries).
      FileRead fr = fs_.read_file(child, 0, 1 << 20);
      h.update(child_rel);
      h.update(std::string_view("\0", 1));
      h.update(fr.digest_value());
      h.update(std::string_view("\0", 1));
    }
  }

  void processes_and_sockets();

  // setuid/setgid programs and file capabilities in the system program directories.
  void add_file_modes() {
    const CatalogueEntry* e = cat_.find("linux.system.suid-capabilities");
    if (e == nullptr) return;
    std::vector<std::string> dirs(std::begin(kSystemPath), std::end(kSystemPath));
    dirs.insert(dirs.end(), {"/usr/libexec", "/usr/lib/openssh", "/usr/lib/dbus-1.0"});
    for (const std::string& dir : dirs) {
      if (!related(dir)) continue;
      for (const DirEntry& d : fs_.list(dir, snap_.errors, /*quiet=*/true)) {
        if (d.is_dir || d.is_link) continue;
        std::string path = join_host(dir, d.name);
        if (!opts_.scope.empty() && !in_scope(path, opts_.scope)) continue;
        FileMode m = fs_.mode_of(path);
        if (!m.setuid && !m.setgid && m.capability.empty()) continue;
        Item it = base_item(*e, "file-mode", "mode:");
        it.key = path;
        std::string value;
        if (m.setuid) value += fmt::format("setuid uid={} ", m.uid);
        if (m.setgid) value += fmt::format("setgid gid={} ", m.gid);
        if (!m.capability.empty()) value += "capability " + m.capability;
        it.value = std::string(value.substr(0, value.find_last_not_of(' ') + 1));
        it.evidence = path + ": " + it.value;
        snap_.items.push_back(std::move(it));
      }
    }
  }

  const Catalogue& cat_;
  RootFs fs_;
  const CollectOptions& opts_;
  Snapshot& snap_;
  std::vector<std::string> homes_;
  std::vector<WalkPattern> walks_;
  std::vector<TailPattern> tails_;
  std::map<std::string, Candidate> candidates_;
};

// ---- processes and sockets ----------------------------------------------------------------

struct ProcInfo {
  int pid = 0;
  int ppid = 0;
  std::string exe;  // without " (deleted)"
  bool deleted = false;
  std::string comm;
  std::uint64_t start = 0;  // clock ticks after boot
  std::string cgroup;
  // Install markers of its environment (npm_lifecycle_event, DPKG_MAINTSCRIPT_PACKAGE, ...):
  // a program started by an install script keeps them however it detached (attribution.h).
  std::optional<InstallMarkers> install;
};

std::string hex_ip(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return 0;
  };
  std::vector<unsigned char> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<unsigned char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  // /proc/net prints each 32-bit word in host (little-endian) order.
  for (std::size_t w = 0; w + 4 <= bytes.size(); w += 4)
    std::reverse(bytes.begin() + w, bytes.begin() + w + 4);
  if (bytes.size() == 4) return fmt::format("{}.{}.{}.{}", bytes[0], bytes[1], bytes[2], bytes[3]);
  if (bytes.size() == 16) {
    bool mapped =
        std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
        bytes[10] == 0xff && bytes[11] == 0xff;
    if (mapped) return fmt::format("{}.{}.{}.{}", bytes[12], bytes[13], bytes[14], bytes[15]);
    std::string out = "[";
    for (std::size_t i = 0; i < 16; i += 2) {
      if (i) out += ':';
      out += fmt::format("{:x}", bytes[i] * 256 + bytes[i + 1]);
    }
    return out + "]";
  }
  return std::string(hex);
}

void Collector::processes_and_sockets() {
  if (!fs_.is_dir_inside("/proc")) return;
  std::map<int, ProcInfo> procs;
  std::unordered_map<std::string, int> socket_owner;  // inode -> pid
  std::size_t count = 0;
  for (const DirEntry& d : fs_.list("/proc", snap_.errors)) {
    if (d.name.empty() || !std::all_of(d.name.begin(), d.name.end(), ::isdigit)) continue;
    if (++count > kMaxProcesses) break;
    ProcInfo p;
    p.pid = std::atoi(d.name.c_str());
    std::string base = "/proc/" + d.name;
    FileRead stat = fs_.read_file(base + "/stat", 4096, 4096);
    std::string_view st = stat.head;
    std::size_t close = st.rfind(')');
    if (close != std::string_view::npos) {
      std::size_t open = st.find('(');
      if (open != std::string_view::npos && open < close)
        p.comm = std::string(st.substr(open + 1, close - open - 1));
      // Fields after the command: state ppid ... starttime (field 22 overall).
      std::vector<std::string> fields = split_path(std::string(st.substr(close + 2)));
      std::string joined(st.substr(close + 2));
      std::vector<std::string> f;
      std::size_t s = 0;
      while (s < joined.size()) {
        std::size_t e = joined.find(' ', s);
        if (e == std::string::npos) e = joined.size();
        f.push_back(joined.substr(s, e - s));
        s = e + 1;
      }
      if (f.size() > 1) p.ppid = std::atoi(f[1].c_str());
      if (f.size() > 19) p.start = std::strtoull(f[19].c_str(), nullptr, 10);
    }
    std::string exe = fs_.read_link(base + "/exe");
    if (exe.ends_with(" (deleted)")) {
      p.deleted = true;
      exe.resize(exe.size() - 10);
    }
    p.exe = exe;
    FileRead cg = fs_.read_file(base + "/cgroup", 4096, 4096);
    p.cgroup = cg.head.substr(0, cg.head.find('\n'));
    // Kernel threads have no executable and hang off kthreadd (pid 2).
    if (p.exe.empty() && (p.ppid == 2 || p.pid == 2)) continue;
    if (opts_.sockets) {
      for (const DirEntry& fd : fs_.list(base + "/fd", snap_.errors, /*quiet=*/true)) {
        std::string target = fs_.read_link(base + "/fd/" + fd.name);
        if (target.starts_with("socket:["))
          socket_owner.emplace(target.substr(8, target.size() - 9), p.pid);
      }
    }
    procs[p.pid] = std::move(p);
  }

  const CatalogueEntry* proc_entry = cat_.find("linux.user.detached-processes");
  if (opts_.processes && proc_entry != nullptr) {
    struct Group {
      std::vector<int> pids;
      bool deleted = false;
      const ProcInfo* first = nullptr;
      const ProcInfo* installed_by = nullptr;  // the first with install markers
    };
    std::map<std::string, Group> by_exe;
    for (const auto& [pid, p] : procs) {
      std::string key = p.exe.empty() ? "[" + p.comm + "]" : p.exe;
      Group& g = by_exe[key];
      g.pids.push_back(pid);
      g.deleted = g.deleted || p.deleted;
      if (g.first == nullptr) g.first = &p;
    }
    // Install markers, from the first processes of each program (readable for our own
    // processes, all of them as root; others' are skipped quietly). Read per program, not
    // per process: watch collects this whenever a pid comes or goes.
    for (auto& [exe, g] : by_exe) {
      for (std::size_t k = 0; k < g.pids.size() && k < kEnvironsPerProgram; ++k) {
        ProcInfo& p = procs.at(g.pids[k]);
        std::string env =
            fs_.read_bounded(fmt::format("/proc/{}/environ", p.pid), kMaxEnvironBytes);
        if (!env.empty()) p.install = install_markers(env);
        if (p.install) {
          g.installed_by = &p;
          break;
        }
      }
    }
    for (const auto& [exe, g] : by_exe) {
      Item it = base_item(*proc_entry, "process", "proc:");
      it.key = exe;
      it.value = g.deleted ? "running (deleted executable)" : "running";
      const ProcInfo& p = *g.first;
      const ProcInfo* parent = procs.count(p.ppid) ? &procs.at(p.ppid) : nullptr;
      it.evidence = fmt::format(
          "{}{} pid {} parent {} ({}) cgroup {}", exe, g.deleted ? " (deleted)" : "", p.pid, p.ppid,
          parent ? (parent->exe.empty() ? parent->comm : parent->exe) : "?", p.cgroup);
      nlohmann::json meta = {
          {"pids", std::vector<int>(g.pids.begin(),
                                    g.pids.begin() + std::min<std::size_t>(g.pids.size(), 8))},
          {"ppid", p.ppid},
          {"start_ticks", p.start},
          {"cgroup", p.cgroup},
          {"comm", p.comm}};
      if (g.installed_by != nullptr) {
        const InstallMarkers& m = *g.installed_by->install;
        meta["install"] = {{"ecosystem", m.ecosystem},
                           {"package", m.package},
                           {"version", m.version},
                           {"event", m.event},
                           {"pid", g.installed_by->pid}};
      }
      it.meta = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      snap_.items.push_back(std::move(it));
    }
  }

  const CatalogueEntry* sock_entry = cat_.find("linux.user.network-sockets");
  if (!opts_.sockets || sock_entry == nullptr) return;
  for (const char* proto : {"tcp", "tcp6", "udp", "udp6"}) {
    FileRead fr =
        fs_.read_file(std::string("/proc/net/") + proto, kMaxParsedBytes, kMaxParsedBytes);
    if (fr.kind != "file") continue;
    std::string_view text = fr.head;
    bool header = true;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string line(text.substr(start, end - start));
      start = end + 1;
      if (header) {
        header = false;
        continue;
      }
      std::vector<std::string> f;
      std::size_t s = 0;
      while (s < line.size()) {
        while (s < line.size() && line[s] == ' ') ++s;
        std::size_t e = line.find(' ', s);
        if (e == std::string::npos) e = line.size();
        if (e > s) f.push_back(line.substr(s, e - s));
        s = e;
      }
      if (f.size() < 10) continue;
      auto addr = [](const std::string& a) {
        std::size_t colon = a.find(':');
        if (colon == std::string::npos) return a;
        return fmt::format("{}:{}", hex_ip(std::string_view(a).substr(0, colon)),
                           std::strtoul(a.c_str() + colon + 1, nullptr, 16));
      };
      std::string local = addr(f[1]), remote = addr(f[2]), state = f[3], inode = f[9];
      std::string p4 = std::string(proto).substr(0, 3);
      bool tcp = p4 == "tcp";
      std::string exe = "?";
      if (auto o = socket_owner.find(inode); o != socket_owner.end() && procs.count(o->second)) {
        const ProcInfo& p = procs.at(o->second);
        exe = p.exe.empty() ? "[" + p.comm + "]" : p.exe;
      }
      bool listen = tcp ? state == "0A" : remote.ends_with(":0");
      bool established = tcp && state == "01";
      if (!listen && !established && tcp) continue;
      Item it = base_item(*sock_entry, "socket", "socket:");
      if (listen) {
        it.key = fmt::format("listen {} {}", proto, local);
        it.value = exe;
      } else {
        // The local port of an outgoing connection is ephemeral: not part of the identity.
        it.key = fmt::format("connect {} {} {}", proto, remote, exe);
        it.value = "established";
      }
      it.evidence = fmt::format("{} {} -> {} ({})", proto, local, remote, exe);
      snap_.items.push_back(std::move(it));
    }
  }
}

}  // namespace

bool in_scope(const std::string& path, const std::vector<std::string>& scope) {
  for (const std::string& s : scope) {
    if (path == s || s == "/" || path.starts_with(s + "/")) return true;
  }
  return false;
}

void refresh_path_shadowing(const Catalogue& cat, const std::string& root,
                            std::vector<Item>& items) {
  std::erase_if(items, [](const Item& it) { return it.collector == "path-order"; });
  add_path_shadowing(cat, RootFs(root), home_directories(root), items);
  sort_items(items);
}

std::vector<std::string> home_directories(const std::string& root) {
  RootFs fs(root);
  std::vector<std::string> homes;
  if (fs.is_dir_inside("/root")) homes.push_back("/root");
  std::vector<SnapshotError> ignored;
  std::vector<DirEntry> list = fs.list("/home", ignored);
  std::sort(list.begin(), list.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  for (const DirEntry& d : list) {
    if (d.is_dir) homes.push_back("/home/" + d.name);
  }
  return homes;
}

Snapshot collect_snapshot(const Catalogue& cat, const CollectOptions& options) {
  Snapshot snap;
  snap.created_at = utc_now();
  snap.root = options.root;
  snap.tool_version = std::string(report::kToolVersion);
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) == 0) snap.host = host;
  Collector(cat, options, snap).run();
  return snap;
}

}  // namespace airlock::host
