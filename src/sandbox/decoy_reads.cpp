#include "sandbox/decoy_reads.h"

#include <fcntl.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace airlock::sandbox {

DecoyReads::~DecoyReads() {
  if (fanotify_fd_ >= 0) close(fanotify_fd_);
  if (inotify_fd_ >= 0) close(inotify_fd_);
}

void DecoyReads::watch(const std::string& root, const std::set<std::string>& paths) {
  if (paths.empty()) return;
  if (geteuid() == 0 && watch_with_fanotify(root, paths)) return;
  watch_with_inotify(root, paths);
}

bool DecoyReads::watch_with_fanotify(const std::string& root, const std::set<std::string>& paths) {
  const int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::map<std::pair<dev_t, ino_t>, std::string> by_inode;
  for (const std::string& p : paths) {
    const std::string full = root + p;
    struct stat st {};
    // Every decoy or none: a mix would name the readers of some files and not of others.
    if (stat(full.c_str(), &st) != 0 ||
        fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, full.c_str()) != 0) {
      close(fd);
      return false;
    }
    by_inode[{st.st_dev, st.st_ino}] = p;
  }
  fanotify_fd_ = fd;
  by_inode_ = std::move(by_inode);
  return true;
}

void DecoyReads::watch_with_inotify(const std::string& root, const std::set<std::string>& paths) {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) return;
  for (const std::string& p : paths) {
    const int wd = inotify_add_watch(inotify_fd_, (root + p).c_str(), IN_OPEN);
    if (wd >= 0) by_watch_[wd] = p;
  }
}

void DecoyReads::drain(const std::function<void(const std::string&, pid_t)>& on_read) {
  if (fanotify_fd_ >= 0) {
    alignas(fanotify_event_metadata) char buf[8192];
    for (;;) {
      ssize_t n = read(fanotify_fd_, buf, sizeof buf);
      if (n <= 0) return;
      const auto* ev = reinterpret_cast<const fanotify_event_metadata*>(buf);
      for (; FAN_EVENT_OK(ev, n); ev = FAN_EVENT_NEXT(ev, n)) {
        if (ev->vers != FANOTIFY_METADATA_VERSION || ev->fd < 0) continue;  // overflow
        struct stat st {};
        const bool known = fstat(ev->fd, &st) == 0;
        close(ev->fd);
        auto it = known ? by_inode_.find({st.st_dev, st.st_ino}) : by_inode_.end();
        if (it != by_inode_.end() && (ev->mask & FAN_OPEN)) on_read(it->second, ev->pid);
      }
    }
  }
  if (inotify_fd_ >= 0) {
    alignas(inotify_event) char buf[8192];
    for (;;) {
      const ssize_t n = read(inotify_fd_, buf, sizeof buf);
      if (n <= 0) return;
      for (ssize_t off = 0; off + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
        off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        auto it = by_watch_.find(ev->wd);
        if (it != by_watch_.end() && (ev->mask & IN_OPEN)) on_read(it->second, 0);
      }
    }
  }
}

}  // namespace airlock::sandbox
