#include "sandbox/mount_plan.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace airlock::sandbox {
namespace {

// Directories whose real content is never shown: fresh filesystems replace them.
struct Special {
  const char* path;
  MountStep::Kind kind;
};
constexpr Special kSpecial[] = {
    {"/proc", MountStep::Kind::kProc},  {"/dev", MountStep::Kind::kDev},
    {"/sys", MountStep::Kind::kBindRo}, {"/tmp", MountStep::Kind::kTmpfs},
    {"/run", MountStep::Kind::kTmpfs},
};
// Recursion bound: mount points deeper than this below a top-level directory are bound
// read-only with their whole parent instead of being reached level by level.
constexpr int kMaxDepth = 12;

bool is_under(const std::string& path, const std::string& dir) {
  if (dir == "/") return true;
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         path[dir.size()] == '/';
}

std::string join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

struct Planner {
  const MountPlanInput& in;
  ListDir list;
  std::vector<MountStep> steps;
  int uppers = 0;

  bool strictly_holds_mount_point(const std::string& dir) const {
    return std::any_of(in.mount_points.begin(), in.mount_points.end(),
                       [&](const std::string& m) { return is_under(m, dir); });
  }

  void overlay(const std::string& path) {
    MountStep s{MountStep::Kind::kOverlay, path, path, {}, uppers++};
    if (path == in.home && !in.decoy_dir.empty()) s.extra_lowers.push_back(in.decoy_dir);
    steps.push_back(std::move(s));
  }

  void dir(const std::string& path, int depth) {
    for (const DirEntry& e : list(path)) {
      const std::string p = join(path, e.name);
      if (e.type == DirEntry::Type::kSymlink) {
        steps.push_back({MountStep::Kind::kSymlink, p, e.link, {}, -1});
        continue;
      }
      if (e.type == DirEntry::Type::kFile) {
        steps.push_back({MountStep::Kind::kBindFile, p, p, {}, -1});
        continue;
      }
      if (e.type != DirEntry::Type::kDir) continue;
      entry_dir(p, depth);
    }
  }

  void entry_dir(const std::string& p, int depth) {
    for (const Special& sp : kSpecial) {
      if (p == sp.path) {
        steps.push_back({sp.kind, p, p, {}, -1});
        return;
      }
    }
    // A home below p gets its own decoy overlay, stacked on p's afterwards (plan_mounts).
    if (!strictly_holds_mount_point(p)) {
      overlay(p);  // also a mount point with nothing mounted below it
      return;
    }
    if (depth >= kMaxDepth) {
      steps.push_back({MountStep::Kind::kBindRo, p, p, {}, -1});
      return;
    }
    steps.push_back({MountStep::Kind::kDir, p, p, {}, -1});
    dir(p, depth + 1);
  }
};

}  // namespace

std::vector<MountStep> plan_mounts(const MountPlanInput& in, ListDir list) {
  Planner pl{in, list, {}, 0};
  pl.dir("/", 0);
  // The home's decoy overlay goes on top of whatever covers its parent. When the home
  // itself was overlaid above (it is a top-level directory such as /root), that step already
  // carries the decoy.
  const bool home_done = std::any_of(pl.steps.begin(), pl.steps.end(), [&](const MountStep& s) {
    return s.kind == MountStep::Kind::kOverlay && s.target == in.home;
  });
  if (!home_done && !in.home.empty() && in.home != "/") pl.overlay(in.home);
  // The working directory must show its real content: when it lies in a directory the plan
  // replaced (a project under /tmp, as in tests and CI), it gets an overlay of its own; so
  // do the paths the command names.
  auto covered = [&](const std::string& path) {
    const MountStep* cover = nullptr;
    for (const MountStep& s : pl.steps) {
      if ((s.target == path || is_under(path, s.target)) &&
          (!cover || s.target.size() >= cover->target.size()))
        cover = &s;
    }
    return cover &&
           (cover->kind == MountStep::Kind::kOverlay || cover->kind == MountStep::Kind::kBindFile);
  };
  if (!in.cwd.empty() && in.cwd != "/" && !covered(in.cwd)) pl.overlay(in.cwd);
  for (const std::string& v : in.visible) {
    if (v.empty() || v[0] != '/' || v == "/" || covered(v)) continue;
    struct stat st {};
    if (lstat(v.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode))
      pl.overlay(v);
    else if (S_ISREG(st.st_mode))
      pl.steps.push_back({MountStep::Kind::kBindFile, v, v, {}, -1});
  }
  return pl.steps;
}

std::vector<DirEntry> list_real_dir(const std::string& dir) {
  std::vector<DirEntry> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string p = join(dir, name);
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0) continue;
    DirEntry de{name, DirEntry::Type::kOther, {}};
    if (S_ISDIR(st.st_mode)) {
      de.type = DirEntry::Type::kDir;
    } else if (S_ISLNK(st.st_mode)) {
      de.type = DirEntry::Type::kSymlink;
      char buf[4096];
      ssize_t n = readlink(p.c_str(), buf, sizeof buf);
      if (n <= 0) continue;
      de.link.assign(buf, static_cast<std::size_t>(n));
    } else if (S_ISREG(st.st_mode)) {
      de.type = DirEntry::Type::kFile;
    }
    out.push_back(std::move(de));
  }
  closedir(d);
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

std::vector<std::string> read_mount_points() {
  std::vector<std::string> out;
  std::ifstream f("/proc/self/mountinfo");
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream is(line);
    std::string id, parent, devno, root, mp;
    if (!(is >> id >> parent >> devno >> root >> mp)) continue;
    std::string decoded;
    for (std::size_t i = 0; i < mp.size(); ++i) {
      if (mp[i] == '\\' && i + 3 < mp.size()) {
        int v = 0;
        bool ok = true;
        for (std::size_t k = 1; k <= 3; ++k) {
          char c = mp[i + k];
          if (c < '0' || c > '7') ok = false;
          v = v * 8 + (c - '0');
        }
        if (ok) {
          decoded.push_back(static_cast<char>(v));
          i += 3;
          continue;
        }
      }
      decoded.push_back(mp[i]);
    }
    if (decoded != "/") out.push_back(decoded);
  }
  return out;
}

std::string escape_overlay_path(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ',' || c == ':' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace airlock::sandbox
