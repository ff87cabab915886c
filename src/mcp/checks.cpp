// The MCP checks (docs/mcp.md has the why of each). Severity follows what the entry lets an
// attacker do on every agent start: code fetched fresh from a registry, a payload parked in a
// temp or hidden directory, a container given the host, tools that run without asking.
#include "airlock/mcp/checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "airlock/mcp/inventory.h"
#include "analyze/json_util.h"
#include "analyze/package_model.h"
#include "analyze/text_util.h"

namespace airlock::mcp {
namespace {

namespace fs = std::filesystem;
using analyze::ends_with;
using analyze::starts_with;

constexpr const char* kAttackMcp = "T1554";  // compromise host software binary / client config

Finding make(const McpServer& s, std::string rule, Severity sev, Category cat, std::string message,
             std::string evidence, std::vector<std::string> attack, const char* help) {
  Finding f = analyze::make_finding(
      std::move(rule), sev, cat, fmt::format("server '{}': {}", analyze::clip(s.name), message),
      s.config_path, s.line, std::move(evidence), std::move(attack), help);
  return f;
}

std::string command_line(const McpServer& s) {
  std::string out = s.command;
  for (const std::string& a : s.args) out += " " + a;
  return out;
}

std::string expand_home(const std::string& path, const std::string& home) {
  if (home.empty()) return path;
  for (std::string_view prefix : {"~", "$HOME", "${HOME}", "${userHome}", "${env:HOME}"}) {
    if (path == prefix) return home;
    if (starts_with(path, prefix) && path.size() > prefix.size() && path[prefix.size()] == '/')
      return home + path.substr(prefix.size());
  }
  return path;
}

std::vector<std::string> components(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find_first_of("/\\", start);
    std::string_view c =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!c.empty()) out.emplace_back(c);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// Hidden directories that hold toolchains and editor/agent extensions by design: a runner or
// a server launched from them is normal. `next` is the component that must follow ("" = any).
struct ToolDir {
  std::string_view dir, next, after;
};
constexpr ToolDir kToolDirs[] = {
    {".local", "bin", ""},
    {".local", "share", "fnm"},
    {".local", "share", "mise"},
    {".local", "share", "pnpm"},
    {".local", "share", "pipx"},
    {".local", "share", "uv"},
    {".local", "pipx", ""},
    {".cargo", "bin", ""},
    {".nvm", "", ""},
    {".volta", "", ""},
    {".bun", "bin", ""},
    {".deno", "bin", ""},
    {".npm-global", "", ""},
    {".pyenv", "", ""},
    {".asdf", "", ""},
    {".fnm", "", ""},
    {".venv", "", ""},
    {".rbenv", "", ""},
    {".sdkman", "", ""},
    {".nix-profile", "", ""},
    {".linuxbrew", "", ""},
    {".rustup", "", ""},
    {".juliaup", "", ""},
    {".yarn", "bin", ""},
    {".dotnet", "tools", ""},
    {".vscode", "extensions", ""},
    {".vscode-server", "", ""},
    {".cursor", "extensions", ""},
    {".windsurf", "extensions", ""},
    {".gemini", "extensions", ""},
    {".claude", "plugins", ""},
};

bool tool_dir_at(const std::vector<std::string>& c, std::size_t i) {
  for (const ToolDir& t : kToolDirs) {
    if (c[i] != t.dir) continue;
    if (t.next.empty()) return true;
    if (i + 1 < c.size() && c[i + 1] == t.next &&
        (t.after.empty() || (i + 2 < c.size() && c[i + 2] == t.after)))
      return true;
  }
  return false;
}

std::string url_host(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (starts_with(rest, "[")) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

bool local_host(std::string_view host) {
  return host == "localhost" || ends_with(host, ".localhost") || starts_with(host, "127.") ||
         host == "::1" || host == "0.0.0.0" || host == "host.docker.internal";
}

// Is the name an MCP registry name (reverse-DNS namespace / server), e.g.
// "io.github.owner/server"? Only those can be compared with a package's mcpName.
bool registry_style(std::string_view name) {
  auto slash = name.find('/');
  if (slash == std::string_view::npos || slash == 0 ||
      name.find('/', slash + 1) != std::string_view::npos)
    return false;
  std::string_view ns = name.substr(0, slash);
  return ns.find('.') != std::string_view::npos && ns.find(' ') == std::string_view::npos;
}

// Version a < b for dotted numeric versions ("0.1.15" < "0.1.16").
bool version_less(std::string_view a, std::string_view b) {
  auto parts = [](std::string_view v) {
    std::vector<long> out;
    if (!v.empty() && (v[0] == 'v' || v[0] == '=')) v.remove_prefix(1);
    v = v.substr(0, v.find_first_of("-+"));
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t dot = v.find('.', start);
      out.push_back(std::atol(
          std::string(v.substr(start, dot == std::string_view::npos ? dot : dot - start)).c_str()));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return out;
  };
  return parts(a) < parts(b);
}

void check_secrets(const McpServer& s, std::vector<Finding>& out) {
  for (const InlineSecret& sec : s.inline_secrets) {
    out.push_back(
        make(s, "mcp-inline-secret", sec.known_format ? Severity::kMedium : Severity::kLow,
             Category::kCredentialAccess,
             fmt::format("{} holds a credential written into the file ({})", sec.where, sec.what),
             sec.where + " = " + std::string(kRedacted), {"T1552.001"},
             "A token written into an MCP configuration is readable by every process of the user, "
             "including any package install (credential stealers such as Shai-Hulud read these "
             "files). Use the client's placeholder syntax (${VAR}, ${input:...}, ${env:VAR}) and "
             "keep the value in a secret store."));
  }
}

void check_transport(const McpServer& s, const Launch& l, std::vector<Finding>& out) {
  std::vector<std::string> urls;
  if (!s.url.empty()) urls.push_back(s.url);
  if (!l.remote_url.empty() && l.remote_url != s.url) urls.push_back(l.remote_url);
  for (const std::string& u : urls) {
    if (!starts_with(u, "http://") && !starts_with(u, "ws://")) continue;
    std::string host = url_host(u);
    if (local_host(host)) continue;
    out.push_back(make(s, "mcp-plain-http", Severity::kMedium, Category::kAgentRegistration,
                       fmt::format("talks to the remote server '{}' without TLS", host), u,
                       {"T1557"},
                       "Over plain HTTP anyone on the path can read the session (and any "
                       "token in its headers) and rewrite tool descriptions and results, "
                       "which the agent follows. Use https://."));
  }
}

void check_pinning(const McpServer& s, const Launch& l, std::vector<Finding>& out) {
  bool fetches =
      l.runner == Runner::kNpx || l.runner == Runner::kPnpmDlx || l.runner == Runner::kYarnDlx ||
      l.runner == Runner::kBunx || l.runner == Runner::kUvx || l.runner == Runner::kPipxRun ||
      (l.runner == Runner::kMcpRemote && l.ecosystem == Ecosystem::kNpm && l.source != "path") ||
      l.runner == Runner::kDocker;
  if (!fetches || l.package.empty()) return;
  if (l.version_spec != VersionSpec::kLatest && l.version_spec != VersionSpec::kRange) return;
  bool docker = l.runner == Runner::kDocker;
  Severity sev =
      (l.version_spec == VersionSpec::kLatest && !docker) ? Severity::kMedium : Severity::kLow;
  std::string what = l.version_spec == VersionSpec::kLatest
                         ? "whatever version is newest"
                         : fmt::format("any version matching '{}'", l.version);
  out.push_back(
      make(s, "mcp-unpinned-launch", sev, Category::kDownloadExec,
           fmt::format("{} runs {} of {} package '{}' each time the client starts it",
                       to_string(l.runner), what, to_string(l.ecosystem), l.package),
           analyze::clip(command_line(s)), {"T1195.002"},
           "An unpinned `npx -y`/`uvx`/`pipx run` launch installs and runs the registry's current "
           "version at every start: one malicious release (postmark-mcp 1.0.16 added a hidden Bcc "
           "to every e-mail) reaches every user at once, without any install step to review. Pin "
           "an exact version (pkg@1.2.3, pkg==1.2.3, image@sha256:...)."));
}

void check_mcp_remote(const McpServer& s, const Launch& l, std::vector<Finding>& out) {
  if (l.package != "mcp-remote" || l.version_spec != VersionSpec::kPinned) return;
  if (!version_less(l.version, "0.1.16") || version_less(l.version, "0.0.5")) return;
  out.push_back(make(s, "mcp-remote-vulnerable", Severity::kHigh, Category::kExecution,
                     fmt::format("runs mcp-remote {}, which a malicious server can make run "
                                 "commands (CVE-2025-6514, fixed in 0.1.16)",
                                 l.version),
                     analyze::clip(command_line(s)), {"T1203"},
                     "mcp-remote before 0.1.16 passes the server's OAuth authorization_endpoint "
                     "to the system opener: a malicious or hijacked remote server runs commands "
                     "on this machine. Upgrade to 0.1.16 or later."));
}

void check_trust(const McpServer& s, std::vector<Finding>& out) {
  if (!s.trust_all) return;
  out.push_back(
      make(s, "mcp-auto-approve-all", Severity::kMedium, Category::kAgentRegistration,
           fmt::format("every tool call runs without confirmation ({})",
                       s.trust_source == "trust" ? "\"trust\": true" : s.trust_source + " [\"*\"]"),
           s.trust_source == "trust" ? "\"trust\": true" : s.trust_source + ": [\"*\"]", {"T1204"},
           "With confirmations off, text the model reads (a web page, an issue, a tool "
           "description) can drive this server's tools directly. Approve the few read-only tools "
           "you need by name instead."));
}

void check_paths(const McpServer& s, const Launch& l, const std::string& home,
                 std::vector<Finding>& out) {
  std::vector<std::string> paths;
  auto add = [&](const std::string& p) {
    if (p.empty() || p == "(inline code)") return;
    // Bare names are looked up on PATH; only paths say where the file lives.
    if (p.find('/') == std::string::npos && p.find('\\') == std::string::npos && p[0] != '~')
      return;
    if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
  };
  add(l.executable);
  if (l.runner != Runner::kShell) add(l.script);
  for (const std::string& p : paths) {
    PathPlace place = classify_command_path(p, home);
    if (place == PathPlace::kTemp) {
      out.push_back(make(s, "mcp-command-in-temp-dir", Severity::kHigh, Category::kExecution,
                         fmt::format("launches '{}' from a temporary directory", p), p,
                         {"T1074.001", "T1059"},
                         "Nothing an agent should start lives in /tmp, /var/tmp, /dev/shm or "
                         "~/.cache: dropped payloads do (Nx wrote /tmp/inventory.txt, Mini "
                         "Shai-Hulud /tmp/transformers.pyz). Find out what wrote this entry."));
    } else if (place == PathPlace::kHidden) {
      out.push_back(make(s, "mcp-command-in-hidden-dir", Severity::kMedium, Category::kExecution,
                         fmt::format("launches '{}' from a hidden directory", p), p,
                         {"T1564.001", "T1059"},
                         "Malicious installs park their server in dot-directories the user "
                         "never opens (SANDWORM_MODE registered servers from ~/.local/share; "
                         "Mini Shai-Hulud dropped ~/.claude/router_runtime.js). Toolchain "
                         "directories (~/.nvm, ~/.local/bin, ~/.cargo/bin, .venv, editor "
                         "extensions) are not reported."));
    }
  }
}

// The host side of a mount as a path (~, $HOME, %USERPROFILE% expanded).
void check_docker(const McpServer& s, const Launch& l, const std::string& home,
                  std::vector<Finding>& out) {
  if (!l.docker) return;
  const DockerOptions& d = *l.docker;
  for (const std::string& raw : d.mounts) {
    std::string m = expand_home(raw, home);
    while (m.size() > 1 && m.back() == '/') m.pop_back();
    if (m.find("docker.sock") != std::string::npos || m.find("podman.sock") != std::string::npos ||
        m.find("containerd.sock") != std::string::npos) {
      out.push_back(make(s, "mcp-docker-socket-mount", Severity::kHigh, Category::kExecution,
                         fmt::format("gives the container the container engine's socket ({})", raw),
                         raw, {"T1611"},
                         "Whoever holds the Docker socket can start a privileged container "
                         "that mounts the host: it is root on this machine."));
      continue;
    }
    std::vector<std::string> c = components(m);
    bool whole_home = m == "/" || m == home || raw == "%USERPROFILE%" ||
                      (c.size() == 2 && (c[0] == "home" || c[0] == "Users")) ||
                      (c.size() == 1 && c[0] == "root" && m[0] == '/');
    static constexpr std::string_view kSecretDirs[] = {
        ".ssh",   ".aws",   ".gnupg",           ".kube",  ".docker", ".config", ".azure",
        ".npmrc", ".netrc", ".git-credentials", ".pypirc"};
    bool secrets = !c.empty() && std::find(std::begin(kSecretDirs), std::end(kSecretDirs),
                                           c.back()) != std::end(kSecretDirs);
    if (whole_home || secrets) {
      out.push_back(
          make(s, "mcp-docker-home-mount", Severity::kHigh, Category::kCredentialAccess,
               fmt::format("mounts {} into the container ({})",
                           m == "/"     ? "the host's root filesystem"
                           : whole_home ? "the home directory"
                                        : "a credential directory",
                           raw),
               raw, {"T1552.001", "T1611"},
               "A container that sees $HOME reads SSH keys, cloud and registry credentials and "
               "can plant persistence in shell rc files; the isolation Docker was chosen for is "
               "gone. Mount only the project directory the server needs, read-only if possible."));
    }
  }
  if (d.privileged) {
    std::string flags;
    for (const std::string& f : d.privilege_flags) flags += (flags.empty() ? "" : " ") + f;
    out.push_back(make(s, "mcp-docker-privileged", Severity::kHigh, Category::kExecution,
                       fmt::format("runs its container with host privileges ({})", flags), flags,
                       {"T1611"},
                       "--privileged, --cap-add SYS_ADMIN/ALL, host PID/user namespaces and "
                       "unconfined security profiles let the container take over the host."));
  }
}

void check_names(const McpServer& s, const Launch& l, const CheckContext& ctx,
                 std::vector<Finding>& out) {
  if (!ctx.check_name || l.package.empty() || l.source != "registry") return;
  std::optional<names::Ecosystem> eco;
  if (l.ecosystem == Ecosystem::kNpm) eco = names::Ecosystem::kNpm;
  if (l.ecosystem == Ecosystem::kPypi) eco = names::Ecosystem::kPypi;
  if (!eco) return;
  for (Finding& f : ctx.check_name(*eco, l.package)) {
    f.message = fmt::format("server '{}' launches {} package '{}': {}", analyze::clip(s.name),
                            to_string(l.ecosystem), l.package, f.message);
    f.location = Location{s.config_path, s.line};
    out.push_back(std::move(f));
  }
}

// Where the launched npm package may already sit on disk (inside root): the npx cache of
// each home, global node_modules, the projects' node_modules, or the tree of a node script.
std::vector<std::string> package_json_candidates(const Launch& l, const CheckContext& ctx,
                                                 const std::string& home) {
  std::vector<std::string> out;
  if (l.ecosystem != Ecosystem::kNpm) return out;
  const std::string& root = ctx.root;
  if (!l.package.empty() && l.source == "registry") {
    const std::string rel = "node_modules/" + l.package + "/package.json";
    for (const std::string& h : ctx.homes) {
      std::error_code ec;
      std::size_t n = 0;
      fs::directory_iterator it(fs::path(h) / ".npm/_npx",
                                fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::directory_iterator() && n < kMaxNpxCacheDirs; it.increment(ec), ++n)
        out.push_back((it->path() / rel).string());
      out.push_back((fs::path(h) / ".npm-global/lib" / rel).string());
    }
    for (const char* g : {"usr/lib/", "usr/local/lib/"})
      out.push_back((fs::path(root) / g / rel).string());
    for (const std::string& p : ctx.projects) out.push_back((fs::path(p) / rel).string());
  }
  std::string local;
  if (l.runner == Runner::kNode && !l.script.empty() && l.script != "(inline code)")
    local = l.script;
  if (l.source == "local" && !l.package.empty()) local = l.package;
  if (!local.empty()) {
    std::string expanded = expand_home(local, home);
    if (!expanded.empty() && expanded[0] == '/') {
      fs::path p = fs::path(host_path_in_root(root, expanded)).parent_path();
      if (l.source == "local" && !l.package.empty()) p = host_path_in_root(root, expanded);
      for (int up = 0; up < 8 && !p.empty() && p != p.root_path(); ++up, p = p.parent_path())
        out.push_back((p / "package.json").string());
    }
  }
  return out;
}

void check_ownership(const McpServer& s, const Launch& l, const CheckContext& ctx,
                     const std::string& home, std::vector<Finding>& out) {
  for (const std::string& candidate : package_json_candidates(l, ctx, home)) {
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    auto path = resolve_inside(ctx.root, candidate);
    if (!path) continue;
    auto text = read_regular_file(*path, kMaxPackageJsonBytes);
    if (!text) continue;
    std::string error;
    auto pkg = analyze::parse_json_bounded(*text, kMaxConfigDepth, error);
    if (!pkg || !pkg->is_object()) continue;
    std::string pkg_name = pkg->value("name", std::string());
    std::string mcp_name;
    if (auto it = pkg->find("mcpName"); it != pkg->end() && it->is_string())
      mcp_name = it->get<std::string>();
    int line = analyze::line_of_key(*text, "mcpName");
    if (!mcp_name.empty() && registry_style(s.name) && mcp_name != s.name) {
      Finding f = make(
          s, "mcp-ownership-mismatch", Severity::kHigh, Category::kProvenance,
          fmt::format("is registered as '{}' but the package it runs ({}) declares mcpName '{}'",
                      s.name, pkg_name.empty() ? candidate : pkg_name, mcp_name),
          fmt::format("mcpName: {} ({})", mcp_name, candidate), {"T1036.005"},
          "The MCP registry proves who owns a server name through the mcpName field of the "
          "npm package. A package whose mcpName names another server is not the server the "
          "configuration says it is.");
      f.evidence =
          analyze::clip(fmt::format("{}:{}: \"mcpName\": \"{}\"", candidate, line, mcp_name));
      out.push_back(std::move(f));
    } else if (mcp_name.empty() && registry_style(s.name)) {
      out.push_back(make(s, "mcp-ownership-missing", Severity::kLow, Category::kProvenance,
                         fmt::format("is registered as '{}' but the package it runs ({}) has no "
                                     "mcpName ownership marker",
                                     s.name, pkg_name.empty() ? candidate : pkg_name),
                         candidate, {"T1036.005"},
                         "Packages published to the MCP registry carry \"mcpName\" in "
                         "package.json; one without it cannot be the registry's server."));
    }
    return;  // the first package found is the one that runs
  }
}

}  // namespace

PathPlace classify_command_path(const std::string& raw, const std::string& home) {
  std::string p = expand_home(raw, home);
  for (std::string_view t : {"/tmp/", "/var/tmp/", "/dev/shm/"})
    if (starts_with(p, t)) return PathPlace::kTemp;
  std::vector<std::string> c = components(p);
  bool hidden = false;
  for (std::size_t i = 0; i + 1 < c.size(); ++i) {  // directories only, not the file itself
    if (c[i] == ".cache") return PathPlace::kTemp;
    if (c[i].size() > 1 && c[i][0] == '.' && c[i] != ".." && !tool_dir_at(c, i)) hidden = true;
    if (tool_dir_at(c, i)) break;  // below a toolchain directory everything is the toolchain's
  }
  return hidden ? PathPlace::kHidden : PathPlace::kOrdinary;
}

std::vector<Finding> check_server(const McpServer& s, const Launch& l, const CheckContext& ctx,
                                  const std::string& home) {
  std::vector<Finding> out;
  check_names(s, l, ctx, out);
  check_pinning(s, l, out);
  check_mcp_remote(s, l, out);
  check_transport(s, l, out);
  check_secrets(s, out);
  check_trust(s, out);
  check_paths(s, l, home, out);
  check_docker(s, l, home, out);
  check_ownership(s, l, ctx, home, out);
  return out;
}

std::vector<Finding> check_config(const ParsedConfig& parsed, const std::string& path) {
  std::vector<Finding> out;
  for (const Diagnostic& d : parsed.diagnostics) {
    switch (d.kind) {
      case Diagnostic::Kind::kDuplicateServer:
        out.push_back(analyze::make_finding(
            "mcp-duplicate-server", Severity::kMedium, Category::kObfuscation, d.message, path,
            d.line, "", {"T1564"},
            "With two entries of one name the client runs the later one while a person "
            "reading the file stops at the first: a way to hide a replaced command "
            "(MCPoison swapped commands behind an approved name)."));
        break;
      case Diagnostic::Kind::kDuplicateKey:
        out.push_back(analyze::make_finding("mcp-config-duplicate-key", Severity::kLow,
                                            Category::kObfuscation, d.message, path, d.line, "", {},
                                            "A duplicate key means the file says two things; "
                                            "clients keep the later value."));
        break;
      case Diagnostic::Kind::kInvalidUtf8:
        out.push_back(analyze::make_finding("mcp-config-invalid-utf8", Severity::kLow,
                                            Category::kObfuscation, d.message, path, d.line, "", {},
                                            "Editors and clients disagree on bytes that are not "
                                            "UTF-8; a configuration should not contain any."));
        break;
      case Diagnostic::Kind::kTruncated:
      case Diagnostic::Kind::kIgnored:
        out.push_back(analyze::make_finding("mcp-config-unread-entry", Severity::kInfo,
                                            Category::kAgentRegistration, d.message, path, d.line,
                                            "", {}, "Part of the file was not read."));
        break;
    }
  }
  if (parsed.settings.enable_all_project_servers) {
    out.push_back(analyze::make_finding(
        "mcp-auto-approve-project-servers", Severity::kMedium, Category::kAgentRegistration,
        "enableAllProjectMcpServers is true: every .mcp.json of every repository opened starts "
        "its servers without asking",
        path, parsed.settings.enable_all_line, "\"enableAllProjectMcpServers\": true", {"T1204"},
        "A cloned repository's .mcp.json then runs commands on this machine as soon as Claude "
        "Code opens it (CVE-2025-59536 family). Approve project servers one by one."));
  }
  return out;
}

}  // namespace airlock::mcp
