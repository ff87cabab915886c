// Artifacts: turning what the user named (an archive, a package directory, a node_modules or
// site-packages tree, a list on stdin) into targets, and reading a target's files safely.
//
// Everything here treats its input as hostile: entry names are normalised and checked, links
// are never followed, and every read is bounded by Limits. Nothing is written to disk.
//
//   auto specs = discover("node_modules", limits);      // one TargetSpec per package
//   for (auto& spec : *specs) {
//     Status s = read_target(spec, limits, visitor);    // visitor sees each file's bytes
//   }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/limits.h"
#include "airlock/core/result.h"

namespace airlock::artifact {

enum class SourceKind {
  kArchive,    // a tar/zip file read with libarchive
  kDirectory,  // a directory tree walked without following links
};

struct TargetSpec {
  std::string display_path;  // what the user named (or path inside the tree they named)
  SourceKind source = SourceKind::kDirectory;
  std::string fs_path;  // archive file or root directory on disk
  // Report kind: npm-tarball, npm-package, pypi-sdist, pypi-wheel, pypi-dist, vsix, directory.
  // Refined from the manifests once read.
  std::string kind;
  // Directory sources: subdirectories (relative, '/'-separated) not to descend into,
  // e.g. a package's nested node_modules, which are targets of their own.
  std::vector<std::string> excluded_dirs;
  // Directory sources: when non-empty, only these files (relative to fs_path) are read;
  // used for an installed Python distribution (its RECORD).
  std::vector<std::string> only_files;
};

enum class EntryType { kFile, kDirectory, kSymlink, kHardlink, kOther };

struct Entry {
  std::string path;  // normalised: relative, '/'-separated, no '.', '..' or empty parts
  EntryType type = EntryType::kFile;
  std::uint64_t size = 0;
  bool executable = false;
  std::string link_target;  // symlinks and hardlinks
};

// An entry that was not read. `escapes` marks the ones that would write or point outside
// the tree (traversal, absolute paths, links out, entries under links): an attack pattern,
// reported as a finding. The others (malformed names, too deep, unreadable) are only noted.
struct UnsafeEntry {
  std::string raw_path;
  std::string reason;  // "path traversal", "absolute path", "link leaves the tree", ...
  std::string link_target;
  bool escapes = true;
};

// True for normalise_entry_path reasons that mean "leaves the tree" (vs. malformed).
bool reason_escapes(std::string_view reason);

class EntryVisitor {
 public:
  virtual ~EntryVisitor() = default;
  // A regular file whose content fits Limits::max_file_bytes. `content` is valid only
  // during the call.
  virtual void file(const Entry& entry, std::string_view content) = 0;
  // A regular file bigger than max_file_bytes: only hashed.
  virtual void oversize_file(const Entry& entry, const std::string& sha256) = 0;
  // Links that stay inside the tree (never followed) and other non-file entries.
  virtual void other(const Entry& /*entry*/) {}
  virtual void unsafe(const UnsafeEntry& entry) = 0;
};

// Normalises an archive entry name. Returns false (with reason) for names that are
// absolute, climb out with '..', are empty, or contain NUL.
bool normalise_entry_path(std::string_view raw, std::string& out, std::string& reason);

// True when a link at `link_path` pointing to `target` stays inside the tree.
bool link_stays_inside(std::string_view link_path, std::string_view target);

// Expands a user-named TARGET into targets. `-` is handled by the caller (a list on stdin).
// Problems that did not stop discovery (a tree with more packages than max_targets) are
// appended to `warnings` when given.
Result<std::vector<TargetSpec>> discover(const std::string& path, const Limits& limits,
                                         std::vector<std::string>* warnings = nullptr);

// Streams the target's files to the visitor. Returns an error when the target cannot be
// read at all or a limit stopped reading (files seen before the stop were delivered).
Status read_target(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor);

}  // namespace airlock::artifact
