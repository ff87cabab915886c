// Private: reading a host tree under a root (--root DIR or /) without ever blocking, following
// a link out of the root, or reading more than a bound. Paths given to RootFs are host paths
// ("/etc/crontab"); RootFs prefixes the root.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "airlock/host/snapshot.h"

namespace airlock::host {

struct DirEntry {
  std::string name;
  bool is_dir = false;   // a real directory (not a link to one)
  bool is_link = false;  // a symbolic link
};

// What read_file found at a path.
struct FileRead {
  // file | directory | symlink | fifo | socket | char-device | block-device | other;
  // empty when the path does not exist or cannot be looked at.
  std::string kind;
  std::string error;        // why it could not be read (the item is still recorded)
  std::string link_target;  // symlink
  std::string sha256;       // regular file, of its first hash_max bytes
  bool hash_truncated = false;
  std::string head;  // first head_max bytes (cut at the last newline when truncated)
  bool truncated = false;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds; metadata only, never compared
  std::string attrs;       // "mode=0644 uid=0 gid=0" (files and directories)
  std::uint64_t rdev = 0;

  // The value diff compares for the file itself.
  std::string digest_value() const;
  // Short description for evidence.
  std::string describe() const;
};

struct FileMode {
  bool setuid = false, setgid = false;
  unsigned uid = 0, gid = 0;
  std::string capability;  // hex of the security.capability attribute, if any
};

class RootFs {
 public:
  explicit RootFs(std::string root);

  const std::string& root() const { return root_; }
  std::string real(const std::string& host_path) const;

  bool exists(const std::string& host_path) const;
  // A directory, or a link to one that resolves inside the root (symlink loops: false).
  bool is_dir_inside(const std::string& host_path) const;
  // Entries of a directory (not . and ..); errors other than "does not exist" are recorded
  // unless quiet.
  std::vector<DirEntry> list(const std::string& host_path, std::vector<SnapshotError>& errors,
                             bool quiet = false) const;
  // Never blocks (O_NONBLOCK, type checked after open) and never follows a final symlink.
  FileRead read_file(const std::string& host_path, std::uint64_t head_max,
                     std::uint64_t hash_max) const;
  std::string read_link(const std::string& host_path) const;
  // At most `max` bytes of a regular file (or a /proc file), no hash, no metadata; empty when
  // it cannot be read. For small reads done often (/proc/PID/environ).
  std::string read_bounded(const std::string& host_path, std::size_t max) const;
  FileMode mode_of(const std::string& host_path) const;

 private:
  std::string root_;       // as given, no trailing slash ("" for /)
  std::string root_real_;  // realpath of the root, for the inside check
};

}  // namespace airlock::host
