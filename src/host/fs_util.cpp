// RootFs: bounded, non-blocking reads of a host tree under a root (host/fs_util.h).
#include "host/fs_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "airlock/core/hash.h"

namespace airlock::host {
namespace {

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

std::string kind_of(mode_t m) {
  if (S_ISREG(m)) return "file";
  if (S_ISDIR(m)) return "directory";
  if (S_ISLNK(m)) return "symlink";
  if (S_ISFIFO(m)) return "fifo";
  if (S_ISSOCK(m)) return "socket";
  if (S_ISCHR(m)) return "char-device";
  if (S_ISBLK(m)) return "block-device";
  return "other";
}

}  // namespace

std::string FileRead::digest_value() const {
  if (kind == "file") {
    if (sha256.empty()) return fmt::format("unreadable size:{}", size);
    if (hash_truncated) return fmt::format("sha256:{} (first bytes of {})", sha256, size);
    return "sha256:" + sha256;
  }
  if (kind == "symlink") return "symlink -> " + link_target;
  if (kind == "char-device" || kind == "block-device") return fmt::format("{} {}", kind, rdev);
  return kind;
}

std::string FileRead::describe() const {
  if (kind == "file") return fmt::format("file, {} bytes, {}", size, attrs);
  if (kind == "symlink") return "symlink -> " + link_target;
  if (kind == "directory") return "directory, " + attrs;
  return kind;
}

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
  char buf[PATH_MAX];
  if (::realpath(root_.empty() ? "/" : root_.c_str(), buf) != nullptr) root_real_ = buf;
  if (root_real_ == "/") root_real_.clear();
}

std::string RootFs::real(const std::string& host_path) const {
  if (host_path == "/") return root_.empty() ? "/" : root_;
  return root_ + host_path;
}

bool RootFs::exists(const std::string& host_path) const {
  struct stat st;
  return ::lstat(real(host_path).c_str(), &st) == 0;
}

bool RootFs::is_dir_inside(const std::string& host_path) const {
  struct stat st;
  std::string r = real(host_path);
  if (::lstat(r.c_str(), &st) != 0) return false;
  if (S_ISDIR(st.st_mode)) return true;
  if (!S_ISLNK(st.st_mode)) return false;
  char buf[PATH_MAX];
  if (::realpath(r.c_str(), buf) == nullptr) return false;  // dangling or a loop (ELOOP)
  std::string resolved = buf;
  if (!root_real_.empty() && resolved != root_real_ && !resolved.starts_with(root_real_ + "/")) {
    return false;  // a link out of the fixture root
  }
  return ::stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<DirEntry> RootFs::list(const std::string& host_path, std::vector<SnapshotError>& errors,
                                   bool quiet) const {
  std::vector<DirEntry> out;
  int fd = ::open(real(host_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (!quiet && errno != ENOENT && errno != ENOTDIR) {
      errors.push_back({host_path, fmt::format("cannot list: {}", ::strerror(errno))});
    }
    return out;
  }
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
  if (!dir) {
    ::close(fd);
    return out;
  }
  while (dirent* d = ::readdir(dir.get())) {
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    DirEntry e;
    e.name = std::string(name);
    unsigned char type = d->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(::dirfd(dir.get()), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
      }
    }
    e.is_dir = type == DT_DIR;
    e.is_link = type == DT_LNK;
    out.push_back(std::move(e));
  }
  return out;
}

std::string RootFs::read_link(const std::string& host_path) const {
  char buf[PATH_MAX];
  ssize_t n = ::readlink(real(host_path).c_str(), buf, sizeof buf - 1);
  if (n < 0) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string RootFs::read_bounded(const std::string& host_path, std::size_t max) const {
  Fd fd(::open(real(host_path).c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  struct stat st;
  if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) return {};
  std::string out;
  char buf[8192];
  while (out.size() < max) {
    ssize_t n = ::read(fd.fd, buf, std::min(sizeof buf, max - out.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

FileMode RootFs::mode_of(const std::string& host_path) const {
  FileMode m;
  struct stat st;
  std::string r = real(host_path);
  if (::lstat(r.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return m;
  m.setuid = st.st_mode & S_ISUID;
  m.setgid = st.st_mode & S_ISGID;
  m.uid = st.st_uid;
  m.gid = st.st_gid;
  unsigned char cap[64];
  ssize_t n = ::lgetxattr(r.c_str(), "security.capability", cap, sizeof cap);
  for (ssize_t i = 0; i < n; ++i) m.capability += fmt::format("{:02x}", cap[i]);
  return m;
}

FileRead RootFs::read_file(const std::string& host_path, std::uint64_t head_max,
                           std::uint64_t hash_max) const {
  FileRead fr;
  std::string r = real(host_path);
  struct stat st;
  if (::lstat(r.c_str(), &st) != 0) {
    if (errno != ENOENT) fr.error = fmt::format("cannot stat: {}", ::strerror(errno));
    return fr;
  }
  fr.kind = kind_of(st.st_mode);
  fr.size = static_cast<std::uint64_t>(st.st_size);
  fr.mtime = st.st_mtim.tv_sec;
  fr.rdev = st.st_rdev;
  if (fr.kind == "file" || fr.kind == "directory") {
    fr.attrs = fmt::format("mode={:04o} uid={} gid={}", st.st_mode & 07777, st.st_uid, st.st_gid);
  }
  if (fr.kind == "symlink") {
    fr.link_target = read_link(host_path);
    return fr;
  }
  if (fr.kind != "file") return fr;

  // O_NONBLOCK: if the file was swapped for a FIFO since lstat, open does not wait for a
  // writer; O_NOFOLLOW: nor for a link.
  Fd fd(::open(r.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (fd.fd < 0) {
    fr.error = fmt::format("cannot read: {}", ::strerror(errno));
    return fr;
  }
  struct stat st2;
  if (::fstat(fd.fd, &st2) != 0 || !S_ISREG(st2.st_mode)) {
    fr.kind = kind_of(st2.st_mode);
    fr.error = "replaced by a non-regular file while being read";
    return fr;
  }
  Sha256 h;
  std::uint64_t total = 0;
  // Small reads (/proc/PID/stat) do not pay for zeroing a 64 KiB buffer.
  std::string buf(static_cast<std::size_t>(std::clamp<std::uint64_t>(hash_max, 1, 1 << 16)), '\0');
  while (total < hash_max) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), hash_max - total));
    ssize_t n = ::read(fd.fd, buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      fr.error = fmt::format("read error: {}", ::strerror(errno));
      return fr;
    }
    if (n == 0) break;
    std::string_view chunk(buf.data(), static_cast<std::size_t>(n));
    h.update(chunk);
    if (fr.head.size() < head_max) {
      fr.head.append(
          chunk.substr(0, std::min<std::size_t>(chunk.size(), head_max - fr.head.size())));
    }
    total += static_cast<std::uint64_t>(n);
  }
  fr.sha256 = h.hex_digest();
  fr.size = std::max<std::uint64_t>(fr.size, total);
  fr.hash_truncated = total < static_cast<std::uint64_t>(st2.st_size);
  if (head_max > 0 && static_cast<std::uint64_t>(st2.st_size) > head_max) {
    fr.truncated = true;
    std::size_t nl = fr.head.rfind('\n');
    if (nl != std::string::npos) fr.head.resize(nl + 1);
  }
  return fr;
}

}  // namespace airlock::host
