// libFuzzer target: every semantic parser of the host collectors (src/host/parsers.cpp) on
// arbitrary bytes. The first byte picks the parser and the file name it is told (some parsers
// look at the name: /etc/crontab has a user field, .toml is TOML); the rest is the file.
// Invariants: no crash, hang or leak; at most kMaxRecordsPerFile (+1 marker) records; keys
// bounded and unique within a file; parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "airlock/host/parsers.h"

using namespace airlock::host;

namespace {
struct Case {
  const char* collector;
  const char* arg;
  const char* path;
};
constexpr Case kCases[] = {
    {"lines", "", "/etc/ld.so.preload"},
    {"shell-rc", "", "/home/u/.bashrc"},
    {"crontab", "", "/etc/crontab"},
    {"crontab", "", "/var/spool/cron/crontabs/u"},
    {"crontab", "", "/etc/anacrontab"},
    {"systemd-unit", "", "/etc/systemd/system/x.service"},
    {"desktop-entry", "", "/etc/xdg/autostart/x.desktop"},
    {"ini", "", "/home/u/.npmrc"},
    {"pth", "", "/usr/lib/python3/dist-packages/x.pth"},
    {"gitconfig", "", "/home/u/.gitconfig"},
    {"authorized-keys", "", "/home/u/.ssh/authorized_keys"},
    {"ssh-config", "", "/home/u/.ssh/config"},
    {"sudoers", "", "/etc/sudoers"},
    {"jsonc", "mcpServers.*,servers.*,mcp.servers.*,projects.*.mcpServers.*",
     "/home/u/.claude.json"},
    {"jsonc", "tasks.*[runOptions.runOn=folderOpen],terminal.integrated.env.*",
     "/p/.vscode/tasks.json"},
    {"json", "", "/etc/docker/daemon.json"},
    {"toml", "mcp_servers.*", "/home/u/.codex/config.toml"},
    {"yaml", "users.*.user.exec", "/home/u/.kube/config"},
    {"yaml", "", "/p/.github/workflows/ci.yml"},
    {"dpkg-status", "", "/var/lib/dpkg/status"},
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Case& c = kCases[data[0] % (sizeof kCases / sizeof kCases[0])];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  ParseResult r = parse_file(c.collector, c.arg, c.path, text);
  if (r.records.size() > kMaxRecordsPerFile + 1) std::abort();
  std::set<std::string> keys;
  for (const Record& rec : r.records) {
    if (rec.key.size() > 600 || rec.evidence.size() > 200) std::abort();
    if (!keys.insert(rec.key).second) std::abort();
  }
  ParseResult again = parse_file(c.collector, c.arg, c.path, text);
  if (again.records.size() != r.records.size() || again.parsed != r.parsed) std::abort();
  return 0;
}
