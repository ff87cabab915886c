// Where MCP client configurations live on a host (or in a fixture tree under --root), and
// reading them without leaving that tree.
//
//   InventoryOptions o;  o.root = "/tmp/fixture";             // or "/" for this machine
//   o.homes = discover_homes(o.root);                         // DIR/root and DIR/home/*
//   for (const ConfigFile& f : candidate_files(o)) {
//     auto path = resolve_inside(o.root, f.source.path);      // no symlink out of the tree
//     if (!path) { report(f.source.path, path.error().message); continue; }
//     ConfigSource src = f.source;  src.path = *path;
//     auto parsed = parse_config_file(src);                    // airlock/mcp/parse.h
//   }
#pragma once

#include <string>
#include <vector>

#include "airlock/core/result.h"
#include "airlock/mcp/parse.h"

namespace airlock::mcp {

// Homes, projects and directory listings are bounded so a crafted tree cannot stall a run.
inline constexpr std::size_t kMaxHomes = 1'000;
inline constexpr std::size_t kMaxProjects = 256;
inline constexpr std::size_t kMaxDirEntries = 500;

struct InventoryOptions {
  std::string root = "/";
  std::vector<std::string> homes;     // home directories to read (paths on this machine)
  std::vector<std::string> projects;  // project directories (paths on this machine)
  // Honour $XDG_CONFIG_HOME, $CODEX_HOME, $COPILOT_HOME, $CLINE_DIR: only when reading the
  // running user's own home on the real system.
  bool use_environment = false;
};

struct ConfigFile {
  ConfigSource source;  // path: where it was found (inside root), not yet resolved
  std::string home;     // the home it belongs to ("" for managed and project files)
  std::string project;  // the project directory of project/workspace files
};

// DIR/root and every directory DIR/home/*, each only when it resolves inside DIR.
std::vector<std::string> discover_homes(const std::string& root);

// Every configuration path that exists in some form (file, directory, FIFO, dangling
// symlink...) for the homes, the projects and the managed locations under root; reading it
// is what tells whether it is a usable file. Order: managed, per home, per project.
std::vector<ConfigFile> candidate_files(const InventoryOptions& options);

// Project-scope candidates of one project directory (also used for the projects that
// ~/.claude.json lists).
std::vector<ConfigFile> project_files(const std::string& project_dir);

// A host path (as written in ~/.claude.json, a command, ...) seen from inside root.
std::string host_path_in_root(const std::string& root, const std::string& host_path);

// The path with every symlink resolved, when that stays inside root. Errors: a symlink loop,
// a dangling symlink, a path that leaves root.
Result<std::string> resolve_inside(const std::string& root, const std::string& path);

}  // namespace airlock::mcp
