// The table of collectors (include/airlock/catalogue/collectors.h). Adding a collector is a
// row here plus its code in src/host/ (src/host/parsers.cpp for file parsers); the unit
// tests check that every row marked linux_collects has code and that docs/catalogue.md
// lists every row.
#include "airlock/catalogue/collectors.h"

#include <fnmatch.h>

#include <algorithm>
#include <string>

namespace airlock::catalogue {
namespace {

constexpr CollectorSpec kCollectors[] = {
    {"plain", "linux,macos,windows", true,
     "path; file type, owner, mode, size, SHA-256 (mtime kept as metadata, never compared)",
     "any file: content digest and attributes; symlinks by target, never followed"},
    {"lines", "linux,macos", true, "one item per effective line (comments, blanks dropped)",
     "line-oriented configs: ld.so.preload, PAM, udev RUN+=, modprobe, hosts, apt hooks"},
    {"shell-rc", "linux,macos", true, "one item per non-comment command line",
     "shell start-up files and scripts (continuation lines joined)"},
    {"crontab", "linux,macos", true, "one item per job (schedule, user, command) or variable",
     "/etc/crontab and cron.d (with user field), user spools, anacrontab"},
    {"systemd-unit", "linux", true, "[Section] Key -> values (ExecStart, WantedBy, OnCalendar...)",
     "systemd units, timers, drop-ins, system and user; *.wants links as symlinks"},
    {"desktop-entry", "linux", true, "[Section] Key -> value (Exec, Hidden, TryExec, ...)",
     "XDG autostart and application .desktop files"},
    {"ini", "linux,macos,windows", true, "section.key -> value; secrets hashed",
     "INI-style files: pip.conf, .npmrc, AWS config, D-Bus services"},
    {"pth", "linux,macos,windows", true, "exec: import lines, path: sys.path lines",
     "Python .pth files (import lines run at every start) and site/usercustomize.py"},
    {"gitconfig", "linux,macos,windows", true,
     "section.key -> value for exec keys (argument: key globs; alias.* only when !cmd)",
     "git config: core.hooksPath, core.fsmonitor, core.pager, credential.helper, alias"},
    {"authorized-keys", "linux,macos", true, "key type + fingerprint -> options",
     "SSH authorized_keys entries with command=, environment=, from= options"},
    {"ssh-config", "linux,macos,windows", true, "Host/Match block + keyword -> arguments",
     "ssh_config/sshd_config: ProxyCommand, LocalCommand, AuthorizedKeysCommand, ..."},
    {"sudoers", "linux,macos", true, "one item per rule or directive (#include included)",
     "sudoers and sudoers.d"},
    {"json", "linux,macos,windows", true,
     "key path -> canonical JSON (argument: key paths, * = any key, [k=v] filters)",
     "JSON documents; without argument every leaf; TOML/YAML read by file extension"},
    {"jsonc", "linux,macos,windows", true, "as json; comments and trailing commas allowed",
     "JSONC documents (VS Code, Claude Code, MCP client configs)"},
    {"toml", "linux,macos,windows", true, "as json", "TOML documents (Codex, uv, cargo)"},
    {"yaml", "linux,macos,windows", true, "as json", "YAML documents (kubeconfig, workflows)"},
    {"tree", "linux,macos,windows", true,
     "one item per first-level entry of the directory: package name@version or a digest",
     "directories of plugins, skills, extensions and node_modules (`dir/**` patterns)"},
    {"dpkg-status", "linux", true, "package:arch -> version", "/var/lib/dpkg/status"},
    {"dist-info", "linux,macos,windows", true, "Python distribution name -> version",
     "site-packages/*.dist-info and *.egg-info"},
    {"path-order", "linux,macos", true,
     "user:name -> the user PATH directory that shadows a system binary",
     "executables in per-user PATH directories that shadow system ones"},
    {"process", "linux,macos,windows", true,
     "executable -> running / deleted (pids, parent, start time, cgroup as metadata)",
     "/proc/*: running programs, deleted executables"},
    {"socket", "linux,macos,windows", true,
     "listen:proto:addr:port or connect:proto:addr:port -> program",
     "/proc/net/{tcp,tcp6,udp,udp6} mapped to processes through /proc/*/fd"},
    {"file-mode", "linux,macos", true, "program path -> setuid/setgid owner, capabilities",
     "setuid/setgid programs and security.capability in the system program directories"},
    {"auto", "linux,macos,windows", true, "that of the collector chosen by file name",
     "mixed locations: picks a collector per file (see auto_collector)"},
    {"plist", "macos", false, "key path -> value", "property lists (LaunchAgents, ...)"},
    {"registry", "windows", false, "key\\value -> data", "Windows registry keys"},
    {"wmi", "windows", false, "subscription -> consumer", "WMI event subscriptions"},
    {"bits", "windows", false, "job -> command", "BITS jobs"},
};

// `auto`: the collector for a file, by path glob (fnmatch, `*` crosses '/'); first match.
struct AutoRule {
  const char* glob;
  std::string_view parser;
};
constexpr std::string_view kClaudeSettings =
    "jsonc:hooks.*,statusLine,apiKeyHelper,awsAuthRefresh,awsCredentialExport,"
    "otelHeadersHelper,env.*,mcpServers.*,enabledMcpjsonServers,enableAllProjectMcpServers,"
    "enabledPlugins,extraKnownMarketplaces,permissions.allow,permissions.defaultMode";
constexpr AutoRule kAutoRules[] = {
    {"*/node_modules/*", "tree"},
    {"*/.claude/settings.json", kClaudeSettings},
    {"*/.claude/settings.local.json", kClaudeSettings},
    {"*/claude-code/managed-settings.json", kClaudeSettings},
    {"*/.claude/*", "tree"},
    {"*/skills/*", "tree"},
    {"*/.git/config", "gitconfig"},
    {"*/.git/hooks/*", "plain"},
    {"*.asc", "plain"},
    {"*/trusted.gpg.d/*", "plain"},
    {"*/keyrings/*", "plain"},
    {"*npmrc", "ini"},
    {"*/.config/pnpm/rc", "ini"},
    {"*/.yarnrc", "lines"},
    {"*.yml", "yaml"},
    {"*.yaml", "yaml"},
    {"*.toml", "toml"},
    {"*/pip.conf", "ini"},
    {"*/.docker/config.json", "json:credsStore,credHelpers.*,proxies.*"},
    {"*/.kube/config", "yaml:users.*.user.exec,users.*.user.auth-provider"},
    {"*/.aws/config", "ini"},
    {"*/.cargo/config", "toml"},
    {"*/.gradle/gradle.properties", "ini"},
    {"*/.config/go/env", "ini"},
    {"*.gpg", "plain"},
    {"*.ko", "plain"},
    {"*/ld.so.cache", "plain"},
    {"/etc/shadow", "plain"},
    {"/etc/gshadow", "plain"},
    {"*.json", "json"},
    {"*", "lines"},
};

}  // namespace

std::span<const CollectorSpec> collectors() { return kCollectors; }

const CollectorSpec* find_collector(std::string_view name) {
  auto it = std::find_if(std::begin(kCollectors), std::end(kCollectors),
                         [&](const CollectorSpec& c) { return c.name == name; });
  return it == std::end(kCollectors) ? nullptr : &*it;
}

std::string_view auto_collector(std::string_view path) {
  std::string p(path);
  for (const AutoRule& r : kAutoRules) {
    if (::fnmatch(r.glob, p.c_str(), 0) == 0) return r.parser;
  }
  return "plain";
}

}  // namespace airlock::catalogue
