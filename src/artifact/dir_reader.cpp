// Walks a directory tree without following links, under Limits.
//
// Files are opened relative to their parent directory's descriptor with O_NOFOLLOW, so a
// link swapped in while we walk cannot redirect a read outside the tree.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "airlock/artifact/artifact.h"
#include "airlock/core/hash.h"
#include "artifact/readers.h"

namespace airlock::artifact {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_;
};

class DirWalker {
 public:
  DirWalker(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor)
      : spec_(spec), limits_(limits), visitor_(visitor) {
    excluded_.insert(spec.excluded_dirs.begin(), spec.excluded_dirs.end());
  }

  Status walk_all() {
    Fd root(::open(spec_.fs_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.get() < 0) {
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot open directory: {}",
                                                    spec_.display_path, std::strerror(errno)));
    }
    return walk(root.get(), "", 0);
  }

  Status read_listed() {
    Fd root(::open(spec_.fs_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.get() < 0) {
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot open directory: {}",
                                                    spec_.display_path, std::strerror(errno)));
    }
    std::string norm, reason;
    for (const std::string& rel : spec_.only_files) {
      if (!normalise_entry_path(rel, norm, reason)) {
        visitor_.unsafe({rel, reason, "", reason_escapes(reason)});
        continue;
      }
      if (Status s = count_entry(); !s) return s;
      // Resolve component by component without following links.
      std::string_view rest = norm;
      int dirfd = ::dup(root.get());
      bool ok = dirfd >= 0;
      while (ok) {
        auto slash = rest.find('/');
        if (slash == std::string_view::npos) break;
        std::string part(rest.substr(0, slash));
        int next = ::openat(dirfd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        ::close(dirfd);
        dirfd = next;
        ok = dirfd >= 0;
        rest.remove_prefix(slash + 1);
      }
      if (!ok) continue;  // listed but missing: RECORD is allowed to be stale
      Fd dir(dirfd);
      if (Status s = visit_name(dir.get(), std::string(rest), norm, 0); !s) return s;
    }
    return Ok{};
  }

 private:
  Status count_entry() {
    if (++entries_ > limits_.max_entries) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: more than {} files (--max-entries); stopped reading",
                                    spec_.display_path, limits_.max_entries));
    }
    return Ok{};
  }

  Status walk(int dirfd, const std::string& rel_dir, int depth) {
    if (depth > limits_.max_dir_depth) {
      visitor_.unsafe({rel_dir,
                       fmt::format("directory nesting deeper than {}", limits_.max_dir_depth), "",
                       false});
      return Ok{};
    }
    int dup_fd = ::dup(dirfd);
    if (dup_fd < 0) return make_error(ErrorCode::kIo, "dup failed");
    DIR* d = ::fdopendir(dup_fd);
    if (!d) {
      ::close(dup_fd);
      return make_error(ErrorCode::kIo, fmt::format("{}/{}: cannot list: {}", spec_.display_path,
                                                    rel_dir, std::strerror(errno)));
    }
    std::vector<std::string> names;
    while (dirent* de = ::readdir(d)) {
      std::string_view n = de->d_name;
      if (n == "." || n == "..") continue;
      names.emplace_back(n);
      if (names.size() > limits_.max_entries) break;
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());  // deterministic reports
    for (const std::string& name : names) {
      std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      if (excluded_.count(rel)) continue;
      if (Status s = count_entry(); !s) return s;
      if (Status s = visit_name(dirfd, name, rel, depth); !s) return s;
    }
    return Ok{};
  }

  Status visit_name(int dirfd, const std::string& name, const std::string& rel, int depth) {
    struct stat st {};
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Ok{};
    Entry entry;
    entry.path = rel;
    entry.size = static_cast<std::uint64_t>(st.st_size);
    entry.executable = (st.st_mode & 0111) != 0;
    if (S_ISLNK(st.st_mode)) {
      entry.type = EntryType::kSymlink;
      char buf[4096];
      ssize_t n = ::readlinkat(dirfd, name.c_str(), buf, sizeof buf - 1);
      entry.link_target.assign(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (!link_stays_inside(rel, entry.link_target)) {
        visitor_.unsafe({rel, "link leaves the tree", entry.link_target});
      } else {
        visitor_.other(entry);
      }
      return Ok{};
    }
    if (S_ISDIR(st.st_mode)) {
      Fd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub.get() < 0) return Ok{};
      return walk(sub.get(), rel, depth + 1);
    }
    if (!S_ISREG(st.st_mode)) {
      entry.type = EntryType::kOther;
      visitor_.other(entry);
      return Ok{};
    }
    Fd f(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
    if (f.get() < 0) {
      visitor_.unsafe({rel, fmt::format("cannot open: {}", std::strerror(errno)), "", false});
      return Ok{};
    }
    return read_file(f.get(), entry);
  }

  Status read_file(int fd, Entry& entry) {
    total_ += entry.size;
    if (total_ > limits_.max_total_bytes) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: total size exceeds the limit of {} MiB (--max-total-mb); "
                                    "stopped reading",
                                    spec_.display_path, limits_.max_total_bytes >> 20));
    }
    char buf[1 << 16];
    if (entry.size > limits_.max_file_bytes) {
      Sha256 h;
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) h.update(std::string_view(buf, n));
      visitor_.oversize_file(entry, h.hex_digest());
      return Ok{};
    }
    content_.clear();
    content_.reserve(entry.size);
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
      // The file may grow while we read; never exceed the bound.
      if (content_.size() + static_cast<std::size_t>(n) > limits_.max_file_bytes) break;
      content_.append(buf, static_cast<std::size_t>(n));
    }
    entry.size = content_.size();
    visitor_.file(entry, content_);
    return Ok{};
  }

  const TargetSpec& spec_;
  const Limits& limits_;
  EntryVisitor& visitor_;
  std::unordered_set<std::string> excluded_;
  std::uint64_t entries_ = 0;
  std::uint64_t total_ = 0;
  std::string content_;
};

}  // namespace

Status read_directory(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor) {
  DirWalker w(spec, limits, visitor);
  return spec.only_files.empty() ? w.walk_all() : w.read_listed();
}

Status read_target(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor) {
  return spec.source == SourceKind::kArchive ? read_archive(spec, limits, visitor)
                                             : read_directory(spec, limits, visitor);
}

}  // namespace airlock::artifact
