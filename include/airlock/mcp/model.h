// The MCP server model: one record per server registered in any MCP client's configuration,
// whatever the client and the file format (JSONC, YAML, TOML), plus how the server is launched.
//
// Parsing (airlock/mcp/parse.h) fills McpServer; classify_launch() (airlock/mcp/launch.h)
// derives Launch from it. Both are plain values: the host snapshot can store and diff them.
//
// Secrets never enter the model: environment variables and headers keep their NAMES and a
// classification of the value (placeholder, literal, token-shaped), and argument or URL parts
// that look like credentials are replaced by kRedacted before the model is built.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::mcp {

// Every client whose configuration airlock reads (see docs/mcp.md for the files).
enum class ClientKind {
  kClaudeDesktop,   // claude_desktop_config.json: mcpServers
  kClaudeCode,      // ~/.claude.json (user + projects[*] local), .mcp.json, managed-mcp.json
  kClaudeSettings,  // Claude Code settings.json: enableAllProjectMcpServers (no servers)
  kCursor,          // ~/.cursor/mcp.json, .cursor/mcp.json: mcpServers
  kVsCode,          // <VS Code user dir>/mcp.json, .vscode/mcp.json: servers
  kVsCodeSettings,  // legacy settings.json: "mcp": {"servers": ...}
  kCopilotCli,      // ~/.copilot/mcp-config.json: mcpServers
  kWindsurf,        // ~/.codeium/windsurf/mcp_config.json: mcpServers (serverUrl)
  kCline,           // cline_mcp_settings.json: mcpServers (autoApprove)
  kRooCode,         // mcp_settings.json, .roo/mcp.json: mcpServers (alwaysAllow)
  kContinue,        // ~/.continue/config.yaml (mcpServers list), block files, config.json
  kZed,             // settings.json: context_servers
  kGeminiCli,       // ~/.gemini/settings.json, extensions' gemini-extension.json: mcpServers
  kAntigravity,     // ~/.gemini/antigravity/mcp_config.json: mcpServers (serverUrl)
  kCodex,           // ~/.codex/config.toml: [mcp_servers.<id>]
  kGoose,           // ~/.config/goose/config.yaml: extensions
  kOpenCode,        // opencode.json: mcp
  kKiro,            // ~/.kiro/settings/mcp.json: mcpServers
};

enum class FileFormat { kJson, kYaml, kToml };  // JSON always accepts comments/trailing commas

// Stable lower-case name used in reports ("claude-code", "vscode", ...). kVsCodeSettings is
// "vscode" and kClaudeSettings "claude-code": the client is the same, only the file differs.
std::string_view client_name(ClientKind kind);
// The format a client's file is read as (Continue's deprecated config.json and its JSON block
// files are JSON: pass kJson explicitly to parse_config_bytes for those).
FileFormat default_format(ClientKind kind);
std::optional<ClientKind> parse_client_kind(std::string_view name);  // inverse of a unique name

enum class Scope { kUser, kProject, kWorkspace, kLocal, kManaged, kExtension };
std::string_view to_string(Scope s);

enum class Transport { kStdio, kHttp, kSse, kUnknown };
std::string_view to_string(Transport t);

// What an environment variable's or header's value is, without the value itself.
enum class ValueKind {
  kEmpty,
  kPlaceholder,  // ${VAR}, ${env:VAR}, ${input:id}, $VAR, %VAR%, {{VAR}}, ${{ secrets.X }}
  kLiteral,      // a plain value written into the file
  kInherited,    // only the name is listed (Codex env_vars, Codex env_http_headers)
};
std::string_view to_string(ValueKind k);

struct NamedValue {
  std::string name;
  ValueKind kind = ValueKind::kEmpty;
  // Non-empty when a literal value looks like a credential: what it looks like ("GitHub
  // token", "secret-named literal"). The value itself is never stored.
  std::string secret;
};

// A credential written inline somewhere in an entry (env, header, argument, URL).
struct InlineSecret {
  std::string where;          // "env GITHUB_TOKEN", "header Authorization", "args[3]", "url"
  std::string what;           // "GitHub token", "secret-named literal", ...
  bool known_format = false;  // a recognised token format, not just a secret-looking name
};

inline constexpr std::string_view kRedacted = "<redacted>";

struct McpServer {
  ClientKind kind = ClientKind::kClaudeCode;
  std::string client;       // client_name(kind)
  std::string config_path;  // the file as found (path on this machine)
  Scope scope = Scope::kUser;
  std::string project;  // Claude Code local scope: the project path it applies to
  std::string name;     // the key (or `name` field) the client knows the server by
  int line = 0;         // 1-based line of the entry in config_path, 0 when unknown

  Transport transport = Transport::kUnknown;
  std::string type;  // the transport field as written ("streamableHttp", "local", ...)
  std::string command;
  std::vector<std::string> args;  // credential-looking parts replaced by kRedacted
  std::string cwd;
  std::vector<NamedValue> env;
  std::vector<NamedValue> headers;
  std::string url;  // userinfo and secret query values replaced by kRedacted

  bool enabled = true;
  bool trust_all = false;                 // every tool call runs without confirmation
  std::vector<std::string> auto_approve;  // tools listed as auto-approved
  std::string trust_source;               // the key that set trust_all ("trust", "autoApprove")
  std::string source;                     // Zed "extension"/"custom", Goose "builtin", ...

  std::vector<InlineSecret> inline_secrets;
  // SHA-256 of the entry as parsed (keys sorted): equal hashes mean the same entry, so a
  // snapshot diff can tell "same name, different command" (MCPoison) from mere reformatting.
  std::string entry_sha256;
};

// How a stdio server is started: which runner fetches what from which ecosystem.
enum class Runner {
  kNone,       // remote server (http/sse): nothing is launched locally
  kNpx,        // npx, npm exec, npm x
  kPnpmDlx,    // pnpm dlx, pnpx
  kYarnDlx,    // yarn dlx
  kBunx,       // bunx, bun x
  kUvx,        // uvx, uv tool run
  kUvRun,      // uv run (a local project or script)
  kPipxRun,    // pipx run
  kDocker,     // docker run, podman run
  kMcpRemote,  // mcp-remote <url> (a local proxy to a remote server), directly or via npx
  kNode,       // node/deno/bun with a script
  kPython,     // python with a script or -m module
  kShell,      // sh -c with more than one simple command
  kBinary,     // anything else: an executable on disk
};
std::string_view to_string(Runner r);

enum class Ecosystem { kNone, kNpm, kPypi, kDocker, kBinary };
std::string_view to_string(Ecosystem e);

enum class VersionSpec {
  kNone,    // nothing to pin (local script, binary, remote server)
  kPinned,  // exact version, image digest, git commit
  kRange,   // semver/PEP 440 range, or a mutable non-latest image tag
  kLatest,  // no version, "latest" or another moving dist-tag, a branch
};
std::string_view to_string(VersionSpec v);

struct DockerOptions {
  std::string image;                // as written, without the tag/digest
  std::string tag;                  // "" when none
  std::string digest;               // "sha256:..." when pinned by digest
  std::vector<std::string> mounts;  // host side of -v/--volume/--mount binds
  bool privileged = false;          // --privileged, --cap-add ALL/SYS_ADMIN, --pid/--userns host
  bool host_network = false;
  std::vector<std::string> privilege_flags;  // which flags made it privileged
};

struct Launch {
  Runner runner = Runner::kNone;
  std::string via;         // wrappers removed on the way: "cmd /c", "sh -c", "npx" (for mcp-remote)
  std::string program;     // name of the program after unwrapping ("npx", "docker", "server")
  std::string executable;  // the same as written, path kept ("/tmp/.x/server")
  Ecosystem ecosystem = Ecosystem::kNone;
  std::string package;  // "@scope/name", "mcp-server-fetch", image name; "" when none
  std::string version;  // as written after the name ("1.2.3", "^1", ">=0.3", "latest")
  VersionSpec version_spec = VersionSpec::kNone;
  std::string source;             // "registry", "git", "url", "local", "module", "path"
  bool auto_yes = false;          // npx -y / --yes: installs without asking
  std::string registry;           // --registry / --index-url when given
  std::string script;             // node/python/uv run: the script or module
  std::string remote_url;         // mcp-remote's target or the server's url
  std::vector<std::string> args;  // arguments given to the server itself
  std::optional<DockerOptions> docker;
};

}  // namespace airlock::mcp
