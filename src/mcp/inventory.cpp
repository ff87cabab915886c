// The configuration locations of mcp-clients.md §1.1, as tables: adding a client or a path
// is one line here (and a fixture in scripts/make-mcp-fixtures.py).
#include "airlock/mcp/inventory.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

namespace airlock::mcp {
namespace {

namespace fs = std::filesystem;

struct Location {
  ClientKind kind;
  const char* path;  // relative to the home, project or root
};

// VS Code and its forks keep the same layout under these user directories.
constexpr const char* kUserDirs[] = {
    ".config/Code/User",
    ".config/Code - Insiders/User",
    ".config/VSCodium/User",
    ".config/Cursor/User",
    ".config/Windsurf/User",
    "Library/Application Support/Code/User",
    "Library/Application Support/Code - Insiders/User",
    "Library/Application Support/VSCodium/User",
    "Library/Application Support/Cursor/User",
    "Library/Application Support/Windsurf/User",
};

// Files directly in a home (XDG paths use .config; see user_files() for $XDG_CONFIG_HOME).
constexpr Location kHomeFiles[] = {
    {ClientKind::kClaudeDesktop, ".config/Claude/claude_desktop_config.json"},
    {ClientKind::kClaudeDesktop, "Library/Application Support/Claude/claude_desktop_config.json"},
    {ClientKind::kClaudeCode, ".claude.json"},
    {ClientKind::kClaudeSettings, ".claude/settings.json"},
    {ClientKind::kClaudeSettings, ".claude/settings.local.json"},
    {ClientKind::kCursor, ".cursor/mcp.json"},
    {ClientKind::kVsCode, ".vscode/mcp.json"},
    {ClientKind::kCopilotCli, ".copilot/mcp-config.json"},
    {ClientKind::kWindsurf, ".codeium/windsurf/mcp_config.json"},
    {ClientKind::kWindsurf, ".codeium/mcp_config.json"},
    {ClientKind::kCline, ".cline/data/settings/cline_mcp_settings.json"},
    {ClientKind::kCline, ".cline/mcp.json"},
    {ClientKind::kContinue, ".continue/config.yaml"},
    {ClientKind::kZed, ".config/zed/settings.json"},
    {ClientKind::kZed, "Library/Application Support/Zed/settings.json"},
    {ClientKind::kGeminiCli, ".gemini/settings.json"},
    {ClientKind::kAntigravity, ".gemini/antigravity/mcp_config.json"},
    {ClientKind::kCodex, ".codex/config.toml"},
    {ClientKind::kGoose, ".config/goose/config.yaml"},
    {ClientKind::kOpenCode, ".config/opencode/opencode.json"},
    {ClientKind::kOpenCode, ".config/opencode/opencode.jsonc"},
    {ClientKind::kKiro, ".kiro/settings/mcp.json"},
};

constexpr Location kProjectFiles[] = {
    {ClientKind::kClaudeCode, ".mcp.json"},
    {ClientKind::kClaudeSettings, ".claude/settings.json"},
    {ClientKind::kClaudeSettings, ".claude/settings.local.json"},
    {ClientKind::kCursor, ".cursor/mcp.json"},
    {ClientKind::kVsCode, ".vscode/mcp.json"},
    {ClientKind::kVsCodeSettings, ".vscode/settings.json"},
    {ClientKind::kRooCode, ".roo/mcp.json"},
    {ClientKind::kZed, ".zed/settings.json"},
    {ClientKind::kGeminiCli, ".gemini/settings.json"},
    {ClientKind::kCodex, ".codex/config.toml"},
    {ClientKind::kOpenCode, "opencode.json"},
    {ClientKind::kOpenCode, "opencode.jsonc"},
    {ClientKind::kOpenCode, ".opencode/opencode.json"},
    {ClientKind::kKiro, ".kiro/settings/mcp.json"},
};

constexpr Location kManagedFiles[] = {
    {ClientKind::kClaudeCode, "etc/claude-code/managed-mcp.json"},
    {ClientKind::kClaudeSettings, "etc/claude-code/managed-settings.json"},
    {ClientKind::kClaudeCode, "Library/Application Support/ClaudeCode/managed-mcp.json"},
    {ClientKind::kClaudeSettings, "Library/Application Support/ClaudeCode/managed-settings.json"},
    {ClientKind::kGeminiCli, "etc/gemini-cli/settings.json"},
    {ClientKind::kGeminiCli, "etc/gemini-cli/system-defaults.json"},
    {ClientKind::kGeminiCli, "Library/Application Support/GeminiCli/settings.json"},
};

bool exists_somehow(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() != fs::file_type::not_found && !ec;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = ::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// Entries of `dir` whose name ends with one of `exts` (all when empty), sorted, bounded.
std::vector<fs::path> list_dir(const fs::path& dir, std::initializer_list<const char*> exts,
                               bool dirs_only) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::directory_iterator() && out.size() < kMaxDirEntries; it.increment(ec)) {
    const fs::path& p = it->path();
    if (dirs_only) {
      std::error_code e2;
      if (!it->is_directory(e2)) continue;
    } else if (exts.size() > 0) {
      std::string name = p.filename().string();
      bool match = std::any_of(exts.begin(), exts.end(), [&](const char* e) {
        std::string_view ev(e);
        return name.size() > ev.size() && name.compare(name.size() - ev.size(), ev.size(), ev) == 0;
      });
      if (!match) continue;
    }
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void add_if_present(std::vector<ConfigFile>& out, ClientKind kind, const fs::path& path,
                    Scope scope, const std::string& home, const std::string& project) {
  if (!exists_somehow(path)) return;
  ConfigFile f;
  f.source = make_source(kind, path.string(), scope);
  f.home = home;
  f.project = project;
  out.push_back(std::move(f));
}

void user_files(const std::string& home, bool use_env, std::vector<ConfigFile>& out) {
  const fs::path h(home);
  for (const Location& l : kHomeFiles) {
    fs::path p = h / l.path;
    if (use_env) {
      std::string rel = l.path;
      if (rel.rfind(".config/", 0) == 0)
        p = fs::path(env_or("XDG_CONFIG_HOME", (h / ".config").string())) / rel.substr(8);
      if (rel.rfind(".codex/", 0) == 0)
        p = fs::path(env_or("CODEX_HOME", (h / ".codex").string())) / rel.substr(7);
      if (rel.rfind(".copilot/", 0) == 0)
        p = fs::path(env_or("COPILOT_HOME", (h / ".copilot").string())) / rel.substr(9);
      if (rel.rfind(".cline/", 0) == 0)
        p = fs::path(env_or("CLINE_DIR", (h / ".cline").string())) / rel.substr(7);
    }
    add_if_present(out, l.kind, p, Scope::kUser, home, "");
  }
  for (const char* dir : kUserDirs) {
    fs::path u = h / dir;
    if (use_env && std::string_view(dir).rfind(".config/", 0) == 0)
      u = fs::path(env_or("XDG_CONFIG_HOME", (h / ".config").string())) /
          std::string(dir).substr(8);
    add_if_present(out, ClientKind::kVsCode, u / "mcp.json", Scope::kUser, home, "");
    add_if_present(out, ClientKind::kVsCodeSettings, u / "settings.json", Scope::kUser, home, "");
    add_if_present(out, ClientKind::kCline,
                   u / "globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
                   Scope::kUser, home, "");
    add_if_present(out, ClientKind::kRooCode,
                   u / "globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
                   Scope::kUser, home, "");
  }
  // Continue: the deprecated config.json and block files; Gemini extensions.
  add_if_present(out, ClientKind::kContinue, h / ".continue/config.json", Scope::kUser, home, "");
  for (const fs::path& p : list_dir(h / ".continue/mcpServers", {".yaml", ".yml", ".json"}, false))
    add_if_present(out, ClientKind::kContinue, p, Scope::kUser, home, "");
  for (const fs::path& ext : list_dir(h / ".gemini/extensions", {}, true))
    add_if_present(out, ClientKind::kGeminiCli, ext / "gemini-extension.json", Scope::kExtension,
                   home, "");
  // JSON files are read as JSON whatever the client's usual format.
  for (ConfigFile& f : out) {
    if (f.source.kind == ClientKind::kContinue && f.source.path.size() > 5 &&
        f.source.path.compare(f.source.path.size() - 5, 5, ".json") == 0)
      f.source.format = FileFormat::kJson;
  }
}

}  // namespace

std::vector<std::string> discover_homes(const std::string& root) {
  std::vector<std::string> homes;
  fs::path r(root);
  std::error_code ec;
  if (fs::is_directory(r / "root", ec) && resolve_inside(root, (r / "root").string()))
    homes.push_back((r / "root").string());
  for (const fs::path& p : list_dir(r / "home", {}, true)) {
    if (homes.size() >= kMaxHomes) break;
    if (resolve_inside(root, p.string())) homes.push_back(p.string());
  }
  return homes;
}

std::vector<ConfigFile> project_files(const std::string& project_dir) {
  std::vector<ConfigFile> out;
  const fs::path d(project_dir);
  for (const Location& l : kProjectFiles) {
    Scope scope = (l.kind == ClientKind::kVsCode || l.kind == ClientKind::kVsCodeSettings)
                      ? Scope::kWorkspace
                      : Scope::kProject;
    add_if_present(out, l.kind, d / l.path, scope, "", project_dir);
  }
  for (const fs::path& p :
       list_dir(d / ".continue/mcpServers", {".yaml", ".yml", ".json"}, false)) {
    add_if_present(out, ClientKind::kContinue, p, Scope::kProject, "", project_dir);
    if (p.extension() == ".json") out.back().source.format = FileFormat::kJson;
  }
  return out;
}

std::vector<ConfigFile> candidate_files(const InventoryOptions& o) {
  std::vector<ConfigFile> out;
  for (const Location& l : kManagedFiles)
    add_if_present(out, l.kind, fs::path(o.root) / l.path, Scope::kManaged, "", "");
  for (const std::string& home : o.homes) user_files(home, o.use_environment, out);
  std::set<std::string> seen;
  for (const std::string& p : o.projects) {
    if (seen.size() >= kMaxProjects || !seen.insert(p).second) continue;
    for (ConfigFile& f : project_files(p)) out.push_back(std::move(f));
  }
  return out;
}

std::string host_path_in_root(const std::string& root, const std::string& host_path) {
  if (root.empty() || root == "/") return host_path;
  std::string rel = host_path;
  while (!rel.empty() && rel.front() == '/') rel.erase(rel.begin());
  return (fs::path(root) / rel).string();
}

Result<std::string> resolve_inside(const std::string& root, const std::string& path) {
  std::error_code ec;
  fs::path canon = fs::canonical(path, ec);
  if (ec) {
    if (ec.value() == ELOOP) return make_error(ErrorCode::kIo, "symlink loop: not read");
    if (ec.value() == ENOENT) return make_error(ErrorCode::kIo, "dangling symlink: not read");
    return make_error(ErrorCode::kIo, fmt::format("cannot resolve: {}", ec.message()));
  }
  if (root.empty() || root == "/") return canon.string();
  fs::path r = fs::canonical(root, ec);
  if (ec) return make_error(ErrorCode::kIo, fmt::format("--root {}: {}", root, ec.message()));
  std::string rs = r.string(), cs = canon.string();
  if (cs != rs && cs.rfind(rs + "/", 0) != 0) {
    return make_error(ErrorCode::kIo, "symlink leads outside --root: not followed");
  }
  return cs;
}

}  // namespace airlock::mcp
