// Seeing reads of the decoy files. The seccomp filter does not stop read-only opens (each
// stop costs a round trip to the tracer, and reads are most of an install's syscalls), so the
// decoys' inodes inside the airlock are watched instead:
// - with fanotify when airlock runs with CAP_SYS_ADMIN (as root): each open comes with the
//   pid of the process that opened the file, so the finding names it;
// - otherwise with inotify, which says that a decoy was opened but not by whom (unprivileged
//   fanotify hides other processes' pids just the same).
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace airlock::sandbox {

class DecoyReads {
 public:
  DecoyReads() = default;
  ~DecoyReads();
  DecoyReads(const DecoyReads&) = delete;
  DecoyReads& operator=(const DecoyReads&) = delete;

  // Watches `paths` (inside the airlock) through `root` (/proc/<init>/root). Paths that
  // cannot be watched are skipped.
  void watch(const std::string& root, const std::set<std::string>& paths);
  // Whether opens are reported with the opener's pid (fanotify).
  bool names_the_reader() const { return fanotify_fd_ >= 0; }
  // Hands each open seen since the last call to `on_read(path, pid)`; pid is 0 when unknown.
  void drain(const std::function<void(const std::string&, pid_t)>& on_read);

 private:
  bool watch_with_fanotify(const std::string& root, const std::set<std::string>& paths);
  void watch_with_inotify(const std::string& root, const std::set<std::string>& paths);

  int fanotify_fd_ = -1;
  std::map<std::pair<dev_t, ino_t>, std::string> by_inode_;  // fanotify: inode -> path
  int inotify_fd_ = -1;
  std::map<int, std::string> by_watch_;  // inotify: watch descriptor -> path
};

}  // namespace airlock::sandbox
