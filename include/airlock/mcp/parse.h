// Parsing MCP client configuration files into McpServer records.
//
// One entry point per input shape; both are bounded (size, nesting, node count, servers per
// file) and never throw. JSON is read as JSONC (comments, trailing commas), YAML with yaml-cpp
// and TOML with toml++. Duplicate keys and invalid UTF-8 do not fail the parse: the document
// is read the way the clients read it (later duplicate wins, bad bytes become U+FFFD) and a
// Diagnostic says what was odd and where.
//
//   airlock::mcp::ConfigSource src;
//   src.kind = airlock::mcp::ClientKind::kCursor;
//   src.path = "/home/a/.cursor/mcp.json";
//   auto parsed = airlock::mcp::parse_config_file(src);
//   if (!parsed) { report(parsed.error().message); return; }
//   for (const airlock::mcp::McpServer& s : parsed->servers) {
//     auto launch = airlock::mcp::classify_launch(s);   // airlock/mcp/launch.h
//     // s.name, s.command, launch.package, launch.version_spec ...
//   }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/result.h"
#include "airlock/mcp/model.h"

namespace airlock::mcp {

// Configuration files bigger than this are not parsed (~/.claude.json also stores project
// history, so a few MiB is normal).
inline constexpr std::uint64_t kMaxConfigBytes = 16ull << 20;
// Nesting of JSON/YAML/TOML values.
inline constexpr int kMaxConfigDepth = 64;
// Values converted from one YAML document (bounds alias expansion, "billion laughs").
inline constexpr std::size_t kMaxYamlNodes = 200'000;
// Servers taken from one file; the rest are dropped with a diagnostic.
inline constexpr std::size_t kMaxServersPerConfig = 2'000;
// Diagnostics kept per file.
inline constexpr std::size_t kMaxDiagnostics = 50;

// Where a configuration came from and how to read it.
struct ConfigSource {
  ClientKind kind = ClientKind::kClaudeCode;
  std::string path;  // path on this machine (reported as McpServer::config_path)
  Scope scope = Scope::kUser;
  FileFormat format = FileFormat::kJson;  // set from default_format(kind) by make_source()
};
ConfigSource make_source(ClientKind kind, std::string path, Scope scope);

// Something odd but readable in a file: the parse went on.
struct Diagnostic {
  enum class Kind { kDuplicateKey, kDuplicateServer, kInvalidUtf8, kTruncated, kIgnored };
  Kind kind = Kind::kIgnored;
  int line = 0;  // 1-based, 0 when unknown
  std::string message;
};

// Client settings that change how servers are approved (not servers themselves).
struct ClientSettings {
  bool enable_all_project_servers = false;  // Claude Code enableAllProjectMcpServers: true
  int enable_all_line = 0;
  std::vector<std::string> enabled_project_servers;  // enabledMcpjsonServers
};

struct ParsedConfig {
  std::vector<McpServer> servers;
  std::vector<Diagnostic> diagnostics;
  ClientSettings settings;
  // Claude Code ~/.claude.json: the project paths it knows (keys of "projects"), so their
  // .mcp.json files can be found too.
  std::vector<std::string> known_projects;
};

// Parses `bytes` as the configuration of `source.kind`. Errors: kLimit (too big or too
// deep), kFormat (not JSON/YAML/TOML, or the top level is not an object/mapping/table).
Result<ParsedConfig> parse_config_bytes(const ConfigSource& source, std::string_view bytes);

// Reads and parses a file. The file must be a regular file (not a FIFO, device or
// directory) of at most kMaxConfigBytes; symlinks are followed by the kernel, so callers that
// must stay inside a tree resolve the path first (see airlock/mcp/inventory.h).
Result<ParsedConfig> parse_config_file(const ConfigSource& source);

// The short form for callers that only want the servers (e.g. a snapshot diffing server
// maps): reads `path` as a user-scope configuration of `kind`.
//
//   auto servers = airlock::mcp::parse_client_config(ClientKind::kCodex,
//   "/home/a/.codex/config.toml"); if (servers) for (const auto& s : *servers) by_name[s.name] =
//   s.entry_sha256;
Result<std::vector<McpServer>> parse_client_config(ClientKind kind, const std::string& path);

// Reads a regular file of at most max_bytes without blocking on FIFOs or opening devices.
Result<std::string> read_regular_file(const std::string& path, std::uint64_t max_bytes);

}  // namespace airlock::mcp
