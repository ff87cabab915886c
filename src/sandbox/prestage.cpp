#include "sandbox/prestage.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "sandbox/changes.h"

namespace airlock::sandbox {
namespace {

bool is_new_dir(const Change& c) {
  return c.type == Change::Type::kDir && c.action == Change::Action::kCreate &&
         c.lower_path.empty() && !c.opaque && !c.decoy;
}

std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/')); }

bool under(const std::string& path, const std::string& root) {
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
         path[root.size()] == '/';
}

// What must be unchanged for a copied tree to stand for the final one.
bool same_entry(const Change& a, const Change& b) {
  return a.path == b.path && a.type == b.type && a.action == b.action && a.size == b.size &&
         a.mode == b.mode && a.link_target == b.link_target && a.changed_ns == b.changed_ns &&
         a.decoy == b.decoy && a.lower_path == b.lower_path;
}

std::string sibling_name(const std::string& leaf) {
  std::random_device rd;
  std::string s = ".";  // built by appending: "." + a temporary trips GCC 12's -Wrestrict
  s += leaf.substr(0, 64);
  s += ".airlock-staged-";
  for (int i = 0; i < 10; ++i) s.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[rd() % 36]);
  return s;
}

}  // namespace

std::vector<std::size_t> Prestager::fresh_roots(const std::vector<Change>& changes) {
  std::set<std::string> changed;
  for (const Change& c : changes) changed.insert(c.path);
  std::vector<std::size_t> roots;
  std::string last_root;
  std::vector<std::size_t> order(changes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return changes[a].path < changes[b].path; });
  for (std::size_t i : order) {
    const Change& c = changes[i];
    if (!last_root.empty() && under(c.path, last_root)) continue;
    if (!is_new_dir(c)) continue;
    // Every ancestor must exist unchanged on the real side: a replaced or new ancestor is
    // committed first, the ordinary way, and the tree with it.
    bool ancestors_unchanged = true;
    for (std::string p = parent_of(c.path); !p.empty(); p = parent_of(p)) {
      if (changed.count(p)) {
        ancestors_unchanged = false;
        break;
      }
    }
    if (!ancestors_unchanged) continue;
    roots.push_back(i);
    last_root = c.path;
  }
  return roots;
}

void Prestager::start(const std::vector<Change>& changes) {
  discard();
  trees_.clear();
  std::map<std::string, std::size_t> by_root;
  for (std::size_t i : fresh_roots(changes)) {
    Tree t;
    t.root = changes[i].path;
    t.sibling = sibling_name(t.root.substr(t.root.rfind('/') + 1));
    by_root[t.root] = trees_.size();
    trees_.push_back(std::move(t));
  }
  if (trees_.empty()) return;
  for (const Change& c : changes) {
    // The owning tree of c is the root that is c or its nearest listed ancestor.
    for (std::string p = c.path; !p.empty(); p = parent_of(p)) {
      auto it = by_root.find(p);
      if (it != by_root.end()) {
        trees_[it->second].entries.push_back(c);
        break;
      }
    }
  }
  for (Tree& t : trees_) {
    std::sort(t.entries.begin(), t.entries.end(),
              [](const Change& a, const Change& b) { return a.path < b.path; });
  }
  // A later write into a tree is seen by its status-change time, which the kernel takes from
  // a coarse clock: wait for that clock to tick past the listing (a few ms at most), so that
  // no write after this point can carry a time the listing already had.
  timespec listed{}, now{};
  clock_gettime(CLOCK_REALTIME_COARSE, &listed);
  do {
    timespec nap{0, 500000};
    nanosleep(&nap, nullptr);
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
  } while (now.tv_sec == listed.tv_sec && now.tv_nsec == listed.tv_nsec);
  // The copy must not take the supervisor's signals (SIGALRM is the run's timeout, SIGCHLD
  // its tracees): the thread starts with every signal blocked.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  worker_ = std::thread([this] { copy_all(); });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void Prestager::copy_all() {
  for (Tree& t : trees_) {
    const std::string parent = parent_of(t.root);
    const std::string staged_root = parent + "/" + t.sibling;
    std::vector<Change> staged = t.entries;
    for (Change& c : staged) c.path = staged_root + c.path.substr(t.root.size());
    staged.front().mode = 0700;  // private until renamed; the real mode comes then
    t.applied = apply_changes(staging_fd_, staged);
    t.copied = !t.applied.empty() && t.applied.front().ok;
    for (auto& a : t.applied) a.path = t.root + a.path.substr(staged_root.size());
  }
}

void Prestager::remove_sibling(const Tree& t) const {
  ParentWalker walker;
  std::string leaf;
  const int parent = walker.get(parent_of(t.root) + "/" + t.sibling, leaf);
  if (parent >= 0) remove_tree_at(parent, leaf);
}

void Prestager::discard() {
  if (worker_.joinable()) worker_.join();
  for (Tree& t : trees_) {
    if (!t.renamed) remove_sibling(t);
  }
  trees_.clear();
}

std::vector<Sandbox::Applied> Prestager::commit(const std::vector<Change>& changes) {
  if (worker_.joinable()) worker_.join();
  renamed_ = 0;
  std::vector<Sandbox::Applied> out;
  std::set<std::string> done;  // roots renamed into place
  std::map<std::string, std::vector<const Change*>> final_entries;
  for (Tree& t : trees_) final_entries[t.root];
  for (const Change& c : changes) {
    for (std::string p = c.path; !p.empty(); p = parent_of(p)) {
      auto it = final_entries.find(p);
      if (it != final_entries.end()) {
        it->second.push_back(&c);
        break;
      }
    }
  }
  for (Tree& t : trees_) {
    std::vector<const Change*>& now = final_entries[t.root];
    std::sort(now.begin(), now.end(),
              [](const Change* a, const Change* b) { return a->path < b->path; });
    bool same = t.copied && now.size() == t.entries.size();
    for (std::size_t i = 0; same && i < now.size(); ++i) same = same_entry(*now[i], t.entries[i]);
    if (!same) continue;
    ParentWalker walker;
    std::string leaf;
    const int parent = walker.get(t.root, leaf);
    if (parent < 0 ||
        renameat2(parent, t.sibling.c_str(), parent, leaf.c_str(), RENAME_NOREPLACE) != 0)
      continue;
    t.renamed = true;
    const int root = openat(parent, leaf.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (root >= 0) {
      fchmod(root, t.entries.front().mode & 01777);
      close(root);
    }
    done.insert(t.root);
    ++renamed_;
    out.insert(out.end(), t.applied.begin(), t.applied.end());
  }
  discard();  // the siblings that were not renamed
  std::vector<Change> rest;
  for (const Change& c : changes) {
    bool covered = false;
    for (const std::string& r : done) covered = covered || c.path == r || under(c.path, r);
    if (!covered) rest.push_back(c);
  }
  std::vector<Sandbox::Applied> more = apply_changes(staging_fd_, rest);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace airlock::sandbox
