#include "sandbox/changes.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

namespace airlock::sandbox {
namespace {

// Bounds on an upper layer walk: an install that writes more than this is reported as such.
constexpr std::size_t kMaxChanges = 500000;
constexpr int kMaxDepth = 128;
// Threads writing file contents during a commit (the disk latency, not the CPU, is the limit).
constexpr std::size_t kCommitThreads = 4;

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
      // A directory the decoy layer only needs to hold its files (~/.npm for npm's config
      // copy) is no decoy: whether the real one exists decides, or its new content would
      // have no parent on the real side.
      if (lstat(d.c_str(), &st) == 0 && !(S_ISDIR(st.st_mode) && !under_decoy(rel))) {
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
      c.changed_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
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

// Applies one change below an open parent directory (the parent's fd stays open).
std::string apply_one_at(int staging_fd, const Change& c, int parent_fd, const std::string& leaf) {
  // Set-id bits never leave the airlock: a setuid file committed by root would be a backdoor.
  const mode_t mode = c.mode & 01777;
  if (c.action == Change::Action::kDelete) {
    return remove_tree_at(parent_fd, leaf, 0) || errno == ENOENT ? "" : std::strerror(errno);
  }
  if (c.action == Change::Action::kChmod) {
    Fd f(openat(parent_fd, leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    // A directory keeps its owner's write access until apply_changes' last pass.
    const mode_t now = c.type == Change::Type::kDir ? mode | S_IRWXU : mode;
    if (f.fd < 0 || fchmod(f.fd, now) != 0) return std::strerror(errno);
    return "";
  }
  switch (c.type) {
    case Change::Type::kDir: {
      if (c.opaque) remove_tree_at(parent_fd, leaf, 0);
      if (mkdirat(parent_fd, leaf.c_str(), mode) != 0 && errno != EEXIST)
        return std::strerror(errno);
      Fd d(openat(parent_fd, leaf.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (d.fd < 0) return "exists and is not a directory";
      // The owner keeps write access until the contents are in (apply_changes restores the
      // exact mode at the end): a read-only directory would refuse its own files.
      fchmod(d.fd, mode | S_IRWXU);
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

std::string apply_one(int staging_fd, const Change& c, ParentWalker& walker) {
  std::string leaf;
  const int parent = walker.get(c.path, leaf);
  if (parent < 0) return "its parent directory is missing or a symlink";
  std::string err = apply_one_at(staging_fd, c, parent, leaf);
  // Links, deletions and replaced directories change what later paths resolve through: walk
  // again from /. A new directory changes nothing already open.
  const bool new_dir = c.type == Change::Type::kDir && c.action != Change::Action::kDelete &&
                       c.action != Change::Action::kChmod && !c.opaque;
  if (!new_dir && (c.type != Change::Type::kFile || c.action == Change::Action::kDelete))
    walker.forget();
  return err;
}

// Whether a change only writes a file's content (no other change depends on it, so these
// run in parallel once the directories exist).
bool writes_file_content(const Change& c) {
  return !c.decoy && c.type == Change::Type::kFile && c.action != Change::Action::kDelete &&
         c.action != Change::Action::kChmod;
}

}  // namespace

int ParentWalker::get(const std::string& path, std::string& leaf) {
  const std::size_t slash = path.rfind('/');
  if (path.empty() || path[0] != '/' || slash == std::string::npos) return -1;
  leaf = path.substr(slash + 1);
  if (leaf.empty() || leaf == "." || leaf == "..") return -1;
  std::vector<std::string> comps;
  for (std::size_t i = 1; i < slash;) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos || j > slash) j = slash;
    std::string comp = path.substr(i, j - i);
    i = j + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") return -1;
    comps.push_back(std::move(comp));
  }
  if (chain_.empty()) {
    const int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) return -1;
    chain_.push_back({"", root});
  }
  // chain_[k] is the directory after k components; keep the prefix shared with `comps`.
  std::size_t keep = 1;
  while (keep < chain_.size() && keep - 1 < comps.size() && chain_[keep].name == comps[keep - 1])
    ++keep;
  truncate(keep);
  for (std::size_t k = chain_.size() - 1; k < comps.size(); ++k) {
    const int next =
        openat(chain_.back().fd, comps[k].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return -1;
    chain_.push_back({comps[k], next});
  }
  return chain_.back().fd;
}

void ParentWalker::truncate(std::size_t n) {
  while (chain_.size() > n) {
    close(chain_.back().fd);
    chain_.pop_back();
  }
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
  out.reserve(order.size());
  for (const Change* c : order) out.push_back({c->path, false, {}});

  // First the structure, in path order: directories, links, deletions, mode changes. A path
  // appears once in an upper layer, so a file's content depends only on its parent existing.
  std::vector<std::size_t> contents;
  {
    ParentWalker walker;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Change& c = *order[i];
      if (c.decoy) {
        out[i].error = "decoy file of the airlock: never committed";
      } else if (writes_file_content(c)) {
        contents.push_back(i);
      } else {
        out[i].error = apply_one(staging_fd, c, walker);
        out[i].ok = out[i].error.empty();
      }
    }
  }
  // Then the file contents, on a few threads: creating files costs the disk's latency (ext4
  // journal, discard), which a package manager also hides with parallel writes. Each thread
  // takes runs of neighbouring paths so that its walker keeps the shared parents open.
  constexpr std::size_t kBatch = 16;
  const std::size_t threads =
      std::min<std::size_t>(kCommitThreads, (contents.size() + kBatch - 1) / kBatch);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    ParentWalker walker;
    for (;;) {
      const std::size_t from = next.fetch_add(kBatch);
      if (from >= contents.size()) return;
      for (std::size_t k = from; k < std::min(contents.size(), from + kBatch); ++k) {
        const std::size_t i = contents[k];
        out[i].error = apply_one(staging_fd, *order[i], walker);
        out[i].ok = out[i].error.empty();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  // Last, the modes of directories that do not let their owner write, deepest first.
  ParentWalker walker;
  for (std::size_t i = order.size(); i-- > 0;) {
    const Change& c = *order[i];
    const mode_t mode = c.mode & 01777;
    if (!out[i].ok || c.type != Change::Type::kDir || c.action == Change::Action::kDelete ||
        (mode & S_IRWXU) == S_IRWXU)
      continue;
    std::string leaf;
    const int parent = walker.get(c.path, leaf);
    Fd d(parent < 0
             ? -1
             : openat(parent, leaf.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (d.fd < 0 || fchmod(d.fd, mode) != 0) {
      out[i].ok = false;
      out[i].error = "cannot set its mode: " + std::string(std::strerror(errno));
    }
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
