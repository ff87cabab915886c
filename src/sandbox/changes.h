// The airlock's filesystem side: the decoy layer it puts over the home directory, the list
// of changes its upper layers hold, and applying them to the real filesystem.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "airlock/sandbox/airlock.h"

namespace airlock::sandbox {

// Writes the decoy files under `dir` (created) and marks `opaque_dirs` so that the real
// directories below them stay hidden (user.overlay.opaque, honoured by userxattr overlays).
Status write_decoy_layer(const std::string& dir, const std::vector<SandboxOptions::Decoy>& decoys,
                         const std::vector<std::string>& opaque_dirs);

// Absolute paths (inside the airlock) whose reads are credential access: the decoy files.
std::set<std::string> decoy_watch_paths(const SandboxOptions& options);

// One overlay's upper directory and what it covers.
struct UpperLayer {
  std::string real_root;                  // the real directory the overlay sits on
  std::string upper_rel;                  // its upper directory, relative to the staging fd
  std::string decoy_dir;                  // the decoy lower above the real one (the home only)
  std::vector<std::string> decoy_opaque;  // decoy directories, relative to real_root
};

// Walks the upper layers (no symlink followed, bounded) and lists what changed for real:
// copied-up files whose content and mode are unchanged are not changes.
Result<std::vector<Change>> list_changes(int staging_fd, const std::vector<UpperLayer>& layers);

// Applies the changes that are not decoys (see Sandbox::commit).
std::vector<Sandbox::Applied> apply_changes(int staging_fd, const std::vector<Change>& changes);

// Opens the parent directories of absolute real paths without following any symlink: a
// symlink planted anywhere on the way (by the install, or by a race) stops the walk there.
// The chain of open directories of the previous path stays open, because changes come sorted
// and walking from / for each of thousands of files was the commit's main cost; the next path
// reuses the longest shared prefix and opens only the components below it.
class ParentWalker {
 public:
  ParentWalker() = default;
  ~ParentWalker() { forget(); }
  ParentWalker(const ParentWalker&) = delete;
  ParentWalker& operator=(const ParentWalker&) = delete;

  // The parent of `path` (absolute), open as O_PATH; -1 when a component is missing, a
  // symlink, or `..`. `leaf` receives the last component. The fd stays owned by the walker.
  int get(const std::string& path, std::string& leaf);
  // A change replaced or removed a directory: nothing kept open may refer to it any more.
  void forget() { truncate(0); }

 private:
  struct Dir {
    std::string name;
    int fd = -1;
  };
  void truncate(std::size_t n);
  std::vector<Dir> chain_;
};

// Removes `name` below the open directory `parent`, never following a symlink.
bool remove_tree_at(int parent, const std::string& name, int depth = 0);

// Content of a staged file (relative to the staging fd) / of the file a change replaces.
std::string read_staged(int staging_fd, const std::string& rel, std::size_t max_bytes);
std::string read_lower_file(const Change& c, std::size_t max_bytes);

}  // namespace airlock::sandbox
