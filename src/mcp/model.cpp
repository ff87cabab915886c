// String forms of the model's vocabularies (they are part of the `mcp` JSON output).
#include "airlock/mcp/model.h"

#include <array>
#include <utility>

namespace airlock::mcp {
namespace {

struct ClientInfo {
  ClientKind kind;
  std::string_view name;
  FileFormat format;
};

constexpr std::array<ClientInfo, 18> kClients = {{
    {ClientKind::kClaudeDesktop, "claude-desktop", FileFormat::kJson},
    {ClientKind::kClaudeCode, "claude-code", FileFormat::kJson},
    {ClientKind::kClaudeSettings, "claude-code", FileFormat::kJson},
    {ClientKind::kCursor, "cursor", FileFormat::kJson},
    {ClientKind::kVsCode, "vscode", FileFormat::kJson},
    {ClientKind::kVsCodeSettings, "vscode", FileFormat::kJson},
    {ClientKind::kCopilotCli, "copilot-cli", FileFormat::kJson},
    {ClientKind::kWindsurf, "windsurf", FileFormat::kJson},
    {ClientKind::kCline, "cline", FileFormat::kJson},
    {ClientKind::kRooCode, "roo-code", FileFormat::kJson},
    {ClientKind::kContinue, "continue", FileFormat::kYaml},
    {ClientKind::kZed, "zed", FileFormat::kJson},
    {ClientKind::kGeminiCli, "gemini-cli", FileFormat::kJson},
    {ClientKind::kAntigravity, "antigravity", FileFormat::kJson},
    {ClientKind::kCodex, "codex", FileFormat::kToml},
    {ClientKind::kGoose, "goose", FileFormat::kYaml},
    {ClientKind::kOpenCode, "opencode", FileFormat::kJson},
    {ClientKind::kKiro, "kiro", FileFormat::kJson},
}};

const ClientInfo& info(ClientKind kind) {
  for (const ClientInfo& c : kClients)
    if (c.kind == kind) return c;
  return kClients[1];
}

}  // namespace

std::string_view client_name(ClientKind kind) { return info(kind).name; }
FileFormat default_format(ClientKind kind) { return info(kind).format; }

std::optional<ClientKind> parse_client_kind(std::string_view name) {
  if (name == "claude-settings") return ClientKind::kClaudeSettings;
  if (name == "vscode-settings") return ClientKind::kVsCodeSettings;
  for (const ClientInfo& c : kClients)
    if (c.name == name) return c.kind;  // first match: the server-bearing file kind
  return std::nullopt;
}

std::string_view to_string(Scope s) {
  switch (s) {
    case Scope::kUser:
      return "user";
    case Scope::kProject:
      return "project";
    case Scope::kWorkspace:
      return "workspace";
    case Scope::kLocal:
      return "local";
    case Scope::kManaged:
      return "managed";
    case Scope::kExtension:
      return "extension";
  }
  return "user";
}

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::kStdio:
      return "stdio";
    case Transport::kHttp:
      return "http";
    case Transport::kSse:
      return "sse";
    case Transport::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(ValueKind k) {
  switch (k) {
    case ValueKind::kEmpty:
      return "empty";
    case ValueKind::kPlaceholder:
      return "placeholder";
    case ValueKind::kLiteral:
      return "literal";
    case ValueKind::kInherited:
      return "inherited";
  }
  return "empty";
}

std::string_view to_string(Runner r) {
  switch (r) {
    case Runner::kNone:
      return "none";
    case Runner::kNpx:
      return "npx";
    case Runner::kPnpmDlx:
      return "pnpm-dlx";
    case Runner::kYarnDlx:
      return "yarn-dlx";
    case Runner::kBunx:
      return "bunx";
    case Runner::kUvx:
      return "uvx";
    case Runner::kUvRun:
      return "uv-run";
    case Runner::kPipxRun:
      return "pipx-run";
    case Runner::kDocker:
      return "docker";
    case Runner::kMcpRemote:
      return "mcp-remote";
    case Runner::kNode:
      return "node";
    case Runner::kPython:
      return "python";
    case Runner::kShell:
      return "shell";
    case Runner::kBinary:
      return "binary";
  }
  return "none";
}

std::string_view to_string(Ecosystem e) {
  switch (e) {
    case Ecosystem::kNone:
      return "none";
    case Ecosystem::kNpm:
      return "npm";
    case Ecosystem::kPypi:
      return "pypi";
    case Ecosystem::kDocker:
      return "docker";
    case Ecosystem::kBinary:
      return "binary";
  }
  return "none";
}

std::string_view to_string(VersionSpec v) {
  switch (v) {
    case VersionSpec::kNone:
      return "none";
    case VersionSpec::kPinned:
      return "pinned";
    case VersionSpec::kRange:
      return "range";
    case VersionSpec::kLatest:
      return "latest";
  }
  return "none";
}

}  // namespace airlock::mcp
