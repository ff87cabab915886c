// The airlock's filesystem, as a list of steps its init executes before pivoting into it.
//
// The root mount cannot be an overlay's lower layer inside a user namespace (the kernel
// refuses to clone a mount that has locked submounts such as /proc), so the plan overlays
// each top-level directory on its own and recurses into directories that contain mount
// points, down to the mount points themselves. /proc, /dev, /tmp and /run are fresh; /sys is
// bound read-only; the home directory gets a decoy layer above the real one.
#pragma once

#include <string>
#include <vector>

namespace airlock::sandbox {

struct MountStep {
  enum class Kind {
    kDir,       // an empty directory of the new root (a level that holds mount points)
    kSymlink,   // a symlink copied from the real root (e.g. /bin -> usr/bin)
    kOverlay,   // overlay: lowers = extra_lowers (top first) then source; writes to an upper
    kBindRo,    // recursive bind of source, read-only (special filesystems, nested mounts)
    kBindFile,  // a regular file of the real root, bound read-only
    kTmpfs,     // a fresh private tmpfs
    kProc,      // a procfs of the airlock's PID namespace
    kDev,       // a minimal /dev: null, zero, full, random, urandom, tty, pts, shm
  };
  Kind kind = Kind::kDir;
  std::string target;  // absolute path inside the airlock
  std::string source;  // real path: lower, bind source, or symlink text
  std::vector<std::string> extra_lowers;
  int upper = -1;  // index of the overlay's upper directory
};

struct MountPlanInput {
  std::vector<std::string> mount_points;  // of the caller's namespace, from mountinfo
  std::string home;                       // overlaid with decoy_dir on top
  std::string cwd;                        // shown as it really is, even under /tmp
  // Real files or directories the command names (a tarball under /tmp to install): shown
  // too when they lie in a directory the plan replaces.
  std::vector<std::string> visible;
  std::string decoy_dir;  // lives under /tmp, which is replaced: never visible
};

// Lists the directory entries of `dir` on the real filesystem (name, d_type-like kind).
struct DirEntry {
  std::string name;
  enum class Type { kDir, kSymlink, kFile, kOther } type = Type::kOther;
  std::string link;  // symlink text
};
using ListDir = std::vector<DirEntry> (*)(const std::string& dir);

// Builds the plan for the real root. `list` reads a directory (the real one in production,
// a table in tests).
std::vector<MountStep> plan_mounts(const MountPlanInput& in, ListDir list);

// The real lister: readdir + lstat, sorted by name.
std::vector<DirEntry> list_real_dir(const std::string& dir);

// Mount points of this process's namespace (/proc/self/mountinfo, octal escapes decoded).
std::vector<std::string> read_mount_points();

// Escapes a path for overlayfs's lowerdir/upperdir options (',', ':' and '\' get a '\').
std::string escape_overlay_path(const std::string& path);

}  // namespace airlock::sandbox
