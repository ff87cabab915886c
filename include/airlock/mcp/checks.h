// Checks over the MCP inventory: each turns a server (with its launch) or a parsed file into
// Findings of the shared report format. Findings carry no target (the caller sets it) and
// point at the configuration file and the entry's line. See docs/mcp.md for why each exists.
//
//   CheckContext ctx;  ctx.root = "/";  ctx.homes = {"/home/a"};
//   ctx.check_name = [&](names::Ecosystem e, std::string_view n) { return checker.check(e, n); };
//   for (Finding& f : check_server(server, classify_launch(server), ctx, "/home/a")) ...
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/finding.h"
#include "airlock/mcp/model.h"
#include "airlock/mcp/parse.h"
#include "airlock/names/names.h"

namespace airlock::mcp {

// package.json files read for ownership markers are at most this big.
inline constexpr std::uint64_t kMaxPackageJsonBytes = 1ull << 20;
// npx cache directories (~/.npm/_npx/*) looked into per home.
inline constexpr std::size_t kMaxNpxCacheDirs = 1'000;

struct CheckContext {
  std::string root = "/";  // installed packages and scripts are looked for under it
  std::vector<std::string> homes;
  std::vector<std::string> projects;
  // Name-confusion findings for a package name (cli/name_checks.h NameChecker::check);
  // no name check when empty.
  std::function<std::vector<Finding>(names::Ecosystem, std::string_view)> check_name;
};

// `home` expands ~ and $HOME in commands; "" when the file belongs to no home.
std::vector<Finding> check_server(const McpServer& server, const Launch& launch,
                                  const CheckContext& ctx, const std::string& home);

// Findings about the file itself: duplicate keys/servers, invalid UTF-8, and client settings
// that approve servers wholesale (Claude Code enableAllProjectMcpServers).
std::vector<Finding> check_config(const ParsedConfig& parsed, const std::string& path);

// Exposed for tests: a command/script path under a temporary or hidden directory.
enum class PathPlace { kOrdinary, kTemp, kHidden };
PathPlace classify_command_path(const std::string& path, const std::string& home);

}  // namespace airlock::mcp
