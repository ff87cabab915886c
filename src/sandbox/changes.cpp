#include "sandbox/changes.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

namespace airlock::sandbox {
namespace {

// Bounds on an upper layer walk: an install that writes more than this is reported as such.
constexpr std::size_t kMaxChanges = 500000;
constexpr int kMaxDepth = 128;

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool mkdirs(const std::string& path) {
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (mkdir(path.substr(0, i).c_str(), 0700) != 0 && errno != EEXIST) return false;
    }
  }
  return true;
}

bool same_content(int a, int b) {
  char x[65536], y[65536];
  for (;;) {
    ssize_t n = read(a, x, sizeof x);
    ssize_t m = n > 0 ? read(b, y, static_cast<std::size_t>(n)) : read(b, y, 1);
    if (n < 0 || m < 0) return false;
    if (n != m) return false;
    if (n == 0) return true;
    if (std::memcmp(x, y, static_cast<std::size_t>(n)) != 0) return false;
  }
}

Change::Type type_of(mode_t m) {
  if (S_ISREG(m)) return Change::Type::kFile;
  if (S_ISDIR(m)) return Change::Type::kDir;
  if (S_ISLNK(m)) return Change::Type::kSymlink;
  return Change::Type::kOther;
}

bool is_opaque(int dirfd) {
  char v[8];
  ssize_t n = fgetxattr(dirfd, "user.overlay.opaque", v, sizeof v);
  return n > 0 && v[0] == 'y';
}

struct Walker {
  int staging_fd;
  const UpperLayer& layer;
  std::vector<Change>& out;
  bool truncated = false;

  bool under_decoy(const std::string& rel) const {
    for (const std::string& d : layer.decoy_opaque) {
      if (rel == d ||
          (rel.size() > d.size() && rel.compare(0, d.size(), d) == 0 && rel[d.size()] == '/'))
        return true;
    }
    return false;
  }

  // Where the pre-install version of rel lives: the decoy layer shadows the real one.
  std::string lower_of(const std::string& rel, bool& decoy, struct stat& st, bool& exists) const {
    decoy = false;
    if (!layer.decoy_dir.empty()) {
      std::string d = layer.decoy_dir + "/" + rel;
      if (lstat(d.c_str(), &st) == 0) {
        decoy = true;
        exists = true;
        return d;
      }
      if (under_decoy(rel)) {
        decoy = true;
        exists = false;
        return {};
      }
    }
    std::string r = layer.real_root + "/" + rel;
    exists = lstat(r.c_str(), &st) == 0;
    return exists ? r : std::string();
  }

  // `fresh`: below a directory that replaced the real one (opaque), nothing of the lower
  // layer shows through, so every entry is new, even one identical to the file it replaces:
  // the commit empties the real directory first and must then recreate all of them.
  void walk(int dirfd, const std::string& rel_dir, int depth, bool fresh) {
    if (depth > kMaxDepth) {
      truncated = true;
      return;
    }
    DIR* d = fdopendir(dup(dirfd));
    if (!d) return;
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(std::move(n));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      if (out.size() >= kMaxChanges) {
        truncated = true;
        return;
      }
      struct stat st {};
      if (fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      Change c;
      c.path = (layer.real_root == "/" ? "" : layer.real_root) + "/" + rel;
      c.upper_path = layer.upper_rel + "/" + rel;
      c.mode = st.st_mode & 07777;
      c.size = static_cast<std::uint64_t>(st.st_size);
      c.type = type_of(st.st_mode);
      struct stat lst {};
      bool decoy = false, exists = false;
      c.lower_path = lower_of(rel, decoy, lst, exists);
      c.decoy = decoy;
      if (fresh) {
        exists = false;
        c.lower_path.clear();
      }
      if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0)) {  // an overlay whiteout
        if (!exists) continue;
        c.action = Change::Action::kDelete;
        c.type = type_of(lst.st_mode);
        c.size = 0;
        out.push_back(std::move(c));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        int sub = openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) continue;
        Fd guard(sub);
        c.opaque = is_opaque(sub) && exists;
        if (!exists || !S_ISDIR(lst.st_mode)) {
          c.action = exists ? Change::Action::kModify : Change::Action::kCreate;
          out.push_back(c);
        } else if (c.opaque) {
          c.action = Change::Action::kModify;  // replaced: its old content goes
          out.push_back(c);
        } else if ((lst.st_mode & 07777) != c.mode) {
          c.action = Change::Action::kChmod;
          out.push_back(c);
        }
        walk(sub, rel, depth + 1, fresh || is_opaque(sub));
        continue;
      }
      if (S_ISLNK(st.st_mode)) {
        char buf[4096];
        ssize_t n = readlinkat(dirfd, name.c_str(), buf, sizeof buf);
        if (n < 0) continue;
        c.link_target.assign(buf, static_cast<std::size_t>(n));
        if (exists && S_ISLNK(lst.st_mode)) {
          ssize_t m = readlink(c.lower_path.c_str(), buf, sizeof buf);
          if (m == n && c.link_target == std::string(buf, static_cast<std::size_t>(m))) continue;
        }
        c.action = exists ? Change::Action::kModify : Change::Action::kCreate;
        out.push_back(std::move(c));
        continue;
      }
      if (!S_ISREG(st.st_mode)) {
        c.action = Change::Action::kCreate;
        out.push_back(std::move(c));
        continue;
      }
      if (!exists || !S_ISREG(lst.st_mode)) {
        c.action = exists ? Change::Action::kModify : Change::Action::kCreate;
        out.push_back(std::move(c));
        continue;
      }
      bool same = lst.st_size == st.st_size;
      if (same) {
        Fd a(openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        Fd b(open(c.lower_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        same = a.fd >= 0 && b.fd >= 0 && same_content(a.fd, b.fd);
      }
      if (same && (lst.st_mode & 07777) == c.mode) continue;  // copied up, not changed
      c.action = same ? Change::Action::kChmod : Change::Action::kModify;
      out.push_back(std::move(c));
    }
  }
};

// Copies a whole file: sendfile (in-kernel) first, a read/write loop where it is refused.
bool copy_contents(int src, int dst) {
  struct stat st {};
  if (fstat(src, &st) != 0) return false;
  off_t left = st.st_size;
  while (left > 0) {
    ssize_t n =
        sendfile(dst, src, nullptr, static_cast<std::size_t>(std::min<off_t>(left, 1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    left -= n;
  }
  if (left == 0) return true;
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof buf)) > 0) {
    if (!write_all(dst, buf, static_cast<std::size_t>(n))) return false;
  }
  return n == 0;
}

std::string random_suffix() {
  std::random_device rd;
  std::string s = ".airlock-";
  for (int i = 0; i < 10; ++i) s.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[rd() % 36]);
  return s;
}

// Opens the parent directory of an absolute real path without following any symlink: a
// symlink planted anywhere on the way (by the install, or by a race) stops the commit there.
int open_parent_nofollow(const std::string& path, std::string& leaf) {
  const std::size_t slash = path.rfind('/');
  if (path.empty() || path[0] != '/' || slash == std::string::npos) return -1;
  leaf = path.substr(slash + 1);
  if (leaf.empty() || leaf == "." || leaf == "..") return -1;
  int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  const std::string dir = path.substr(0, slash);
  std::size_t i = 1;
  while (fd >= 0 && i < dir.size()) {
    std::size_t j = dir.find('/', i);
    if (j == std::string::npos) j = dir.size();
    const std::string comp = dir.substr(i, j - i);
    i = j + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") {
      close(fd);
      return -1;
    }
    int next = openat(fd, comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(fd);
    fd = next;
  }
  return fd;
}

bool remove_tree_at(int parent, const std::string& name, int depth) {
  if (unlinkat(parent, name.c_str(), 0) == 0) return true;
  if (errno != EISDIR && errno != EPERM) return false;
  if (depth > kMaxDepth) return false;
  int d = openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (d < 0) return false;
  DIR* dir = fdopendir(d);
  if (!dir) {
    close(d);
    return false;
  }
  std::vector<std::string> names;
  while (dirent* e = readdir(dir)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  bool ok = true;
  for (const std::string& n : names) ok = remove_tree_at(dirfd(dir), n, depth + 1) && ok;
  closedir(dir);
  return unlinkat(parent, name.c_str(), AT_REMOVEDIR) == 0 && ok;
}

// The parent directory of the previous change, kept open: changes come sorted, so most
// files share it, and walking from / for each of thousands of files is the commit's cost.
struct ParentCache {
  std::string dir;
  int fd = -1;
  ~ParentCache() {
    if (fd >= 0) close(fd);
  }
  int get(const std::string& path, std::string& leaf) {
    const std::string d = path.substr(0, path.rfind('/') + 1);
    if (fd >= 0 && d == dir) {
      leaf = path.substr(d.size());
      return leaf.empty() || leaf == "." || leaf == ".." ? -1 : fd;
    }
    if (fd >= 0) close(fd);
    fd = open_parent_nofollow(path, leaf);
    dir = d;
    return fd;
  }
  // A change replaced or removed a directory: nothing cached may refer to it any more.
  void forget() {
    if (fd >= 0) close(fd);
    fd = -1;
    dir.clear();
  }
};

// Applies one change below an open parent directory (the parent's fd stays open).
std::string apply_one_at(int staging_fd, const Change& c, int parent_fd, const std::string& leaf) {
  // Set-id bits never leave the airlock: a setuid file committed by root would be a backdoor.
  const mode_t mode = c.mode & 01777;
  if (c.action == Change::Action::kDelete) {
    return remove_tree_at(parent_fd, leaf, 0) || errno == ENOENT ? "" : std::strerror(errno);
  }
  if (c.action == Change::Action::kChmod) {
    Fd f(openat(parent_fd, leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (f.fd < 0 || fchmod(f.fd, mode) != 0) return std::strerror(errno);
    return "";
  }
  switch (c.type) {
    case Change::Type::kDir: {
      if (c.opaque) remove_tree_at(parent_fd, leaf, 0);
      if (mkdirat(parent_fd, leaf.c_str(), mode) != 0 && errno != EEXIST)
        return std::strerror(errno);
      Fd d(openat(parent_fd, leaf.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (d.fd < 0) return "exists and is not a directory";
      fchmod(d.fd, mode);
      return "";
    }
    case Change::Type::kSymlink: {
      const std::string tmp = leaf + random_suffix();
      if (symlinkat(c.link_target.c_str(), parent_fd, tmp.c_str()) != 0)
        return std::strerror(errno);
      if (renameat(parent_fd, tmp.c_str(), parent_fd, leaf.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        unlinkat(parent_fd, tmp.c_str(), 0);
        return err;
      }
      return "";
    }
    case Change::Type::kFile: {
      Fd src(openat(staging_fd, c.upper_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      if (src.fd < 0) return "staged copy unreadable";
      // A new file is written in place (O_EXCL: if something appeared there meanwhile, it
      // goes the replacing way); a file that replaces another is written beside it and
      // renamed over it, so the old one is never seen half-written.
      std::string written = leaf;
      int fd = -1;
      if (c.action == Change::Action::kCreate) {
        fd = openat(parent_fd, leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600);
      }
      if (fd < 0) {
        written = leaf + random_suffix();
        fd = openat(parent_fd, written.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      }
      Fd dst(fd);
      if (dst.fd < 0) return std::strerror(errno);
      bool ok = copy_contents(src.fd, dst.fd) && fchmod(dst.fd, mode) == 0;
      if (ok && written != leaf)
        ok = renameat(parent_fd, written.c_str(), parent_fd, leaf.c_str()) == 0;
      if (!ok) {
        const std::string err = std::strerror(errno);
        unlinkat(parent_fd, written.c_str(), 0);
        return err;
      }
      return "";
    }
    case Change::Type::kOther:
      return "special files (devices, FIFOs, sockets) are never committed";
  }
  return "unknown change";
}

std::string apply_one(int staging_fd, const Change& c, ParentCache& cache) {
  std::string leaf;
  const int parent = cache.get(c.path, leaf);
  if (parent < 0) return "its parent directory is missing or a symlink";
  std::string err = apply_one_at(staging_fd, c, parent, leaf);
  // Directories, links and deletions change what later paths resolve through: walk again.
  if (c.type != Change::Type::kFile || c.action == Change::Action::kDelete) cache.forget();
  return err;
}

}  // namespace

Status write_decoy_layer(const std::string& dir, const std::vector<SandboxOptions::Decoy>& decoys,
                         const std::vector<std::string>& opaque_dirs) {
  if (!mkdirs(dir)) return make_error(ErrorCode::kIo, "cannot create the decoy layer in " + dir);
  for (const std::string& o : opaque_dirs) {
    const std::string p = dir + "/" + o;
    mkdirs(p);
    // Without the mark the real directory's other files (a real id_ed25519 next to the
    // decoy id_rsa) would show through; filesystems without user xattrs lose only that.
    setxattr(p.c_str(), "user.overlay.opaque", "y", 1, 0);
  }
  for (const SandboxOptions::Decoy& d : decoys) {
    const std::string p = dir + "/" + d.rel_path;
    mkdirs(p.substr(0, p.rfind('/')));
    Fd f(open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (f.fd < 0 || !write_all(f.fd, d.content.data(), d.content.size()))
      return make_error(ErrorCode::kIo, "cannot write decoy " + p);
  }
  return Ok{};
}

std::set<std::string> decoy_watch_paths(const SandboxOptions& options) {
  std::set<std::string> out;
  for (const SandboxOptions::Decoy& d : options.decoys) {
    if (d.watched) out.insert(options.home + "/" + d.rel_path);
  }
  return out;
}

Result<std::vector<Change>> list_changes(int staging_fd, const std::vector<UpperLayer>& layers) {
  std::vector<Change> out;
  for (const UpperLayer& l : layers) {
    int fd =
        openat(staging_fd, l.upper_rel.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;  // the overlay was never mounted (it fell back to read-only)
    Fd guard(fd);
    Walker w{staging_fd, l, out};
    w.walk(fd, "", 0, false);
    if (w.truncated)
      return make_error(ErrorCode::kLimit,
                        "the install changed more than " + std::to_string(kMaxChanges) +
                            " files or nested deeper than " + std::to_string(kMaxDepth) +
                            " levels under " + l.real_root + "; nothing is committed");
  }
  return out;
}

std::vector<Sandbox::Applied> apply_changes(int staging_fd, const std::vector<Change>& changes) {
  std::vector<const Change*> order;
  for (const Change& c : changes) order.push_back(&c);
  // Parents before children; within a path, deletions before creations.
  std::stable_sort(order.begin(), order.end(),
                   [](const Change* a, const Change* b) { return a->path < b->path; });
  std::vector<Sandbox::Applied> out;
  ParentCache cache;
  for (const Change* c : order) {
    Sandbox::Applied a{c->path, false, {}};
    if (c->decoy) {
      a.error = "decoy file of the airlock: never committed";
    } else {
      a.error = apply_one(staging_fd, *c, cache);
      a.ok = a.error.empty();
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string read_staged(int staging_fd, const std::string& rel, std::size_t max_bytes) {
  Fd f(openat(staging_fd, rel.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  std::string out;
  if (f.fd < 0) return out;
  struct stat st {};
  if (fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return out;
  out.resize(std::min<std::size_t>(max_bytes, static_cast<std::size_t>(st.st_size)));
  ssize_t n = pread(f.fd, out.data(), out.size(), 0);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

std::string read_lower_file(const Change& c, std::size_t max_bytes) {
  if (c.lower_path.empty()) return {};
  Fd f(open(c.lower_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  std::string out;
  struct stat st {};
  if (f.fd < 0 || fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return out;
  out.resize(std::min<std::size_t>(max_bytes, static_cast<std::size_t>(st.st_size)));
  ssize_t n = pread(f.fd, out.data(), out.size(), 0);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

}  // namespace airlock::sandbox
