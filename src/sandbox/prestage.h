// Prestaging: copying an install's new directory trees to the real filesystem while the
// import phase still runs, so that the commit only renames them.
//
// Copying a few hundred small files from the airlock's tmpfs to a disk costs the disk's
// latency for each file (0.3-0.5 s for a 50-dependency node_modules here), and it came after
// the verdict. A new directory (node_modules of a fresh project, a package directory added to
// an existing one, a site-packages/<pkg>) whose ancestors are all unchanged is copied on a
// background thread into a hidden sibling, `.<name>.airlock-staged-XXXXXXXXXX` (mode 0700,
// so nothing else uses it), then:
// - on commit, when every entry of the tree is the same as when it was copied (same paths,
//   types, sizes, modes and status-change times), the sibling is renamed into place
//   (RENAME_NOREPLACE) and given its real mode;
// - otherwise (the import phase wrote into the tree, the destination appeared meanwhile, the
//   copy failed), the sibling is removed and the tree is committed the ordinary way;
// - without a commit (verdict block, --discard, an error), the siblings are removed.
// Only the destination's parent ever sees the sibling, and never under the real name: until
// the rename nothing can load from it. A kill -9 of airlock during the import phase can leave
// a sibling behind; its name says what it is.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "airlock/sandbox/airlock.h"

namespace airlock::sandbox {

class Prestager {
 public:
  explicit Prestager(int staging_fd) : staging_fd_(staging_fd) {}
  ~Prestager() { discard(); }
  Prestager(const Prestager&) = delete;
  Prestager& operator=(const Prestager&) = delete;

  // Starts copying the qualifying new trees of `changes` (a full listing) in the background.
  void start(const std::vector<Change>& changes);
  // Commits `changes` (the final listing): renames the trees still identical to what was
  // copied, applies everything else with apply_changes. One entry per change, as there.
  std::vector<Sandbox::Applied> commit(const std::vector<Change>& changes);
  // Waits for the copy and removes every sibling not renamed into place.
  void discard();

  // How many trees the last commit renamed into place (the rest went the ordinary way).
  std::size_t renamed() const { return renamed_; }

  // The new trees `changes` holds whose ancestors are all unchanged: the indices of their
  // root directories. Exposed for tests.
  static std::vector<std::size_t> fresh_roots(const std::vector<Change>& changes);

 private:
  struct Tree {
    std::string root;                       // the destination, absolute
    std::string sibling;                    // the hidden sibling's name, in the same parent
    std::vector<Change> entries;            // the root and everything below it, as listed
    std::vector<Sandbox::Applied> applied;  // of the copy, with destination paths
    bool copied = false;                    // the copy ran and the root directory was created
    bool renamed = false;
  };
  void copy_all();
  void remove_sibling(const Tree& t) const;

  int staging_fd_;
  std::size_t renamed_ = 0;
  std::vector<Tree> trees_;
  std::thread worker_;
};

}  // namespace airlock::sandbox
