// Fuzz target: MCP configuration parsing. The input is read as each format the MCP inventory
// parses (JSONC, YAML, TOML) with the client kinds that read each, then every server goes
// through the launch model and the checks, as `airlock mcp` would do with a file of that name.
//
// Invariants checked beyond "no crash": servers per file within the limit, every server has
// a name and its client, a redacted argument never still holds a recognised token prefix.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "airlock/mcp/checks.h"
#include "airlock/mcp/json.h"
#include "airlock/mcp/launch.h"
#include "airlock/mcp/parse.h"

namespace {

using airlock::mcp::ClientKind;
using airlock::mcp::FileFormat;

struct Reader {
  ClientKind kind;
  FileFormat format;
};

constexpr Reader kReaders[] = {
    {ClientKind::kClaudeCode, FileFormat::kJson},
    {ClientKind::kVsCodeSettings, FileFormat::kJson},
    {ClientKind::kZed, FileFormat::kJson},
    {ClientKind::kOpenCode, FileFormat::kJson},
    {ClientKind::kClaudeSettings, FileFormat::kJson},
    {ClientKind::kContinue, FileFormat::kYaml},
    {ClientKind::kGoose, FileFormat::kYaml},
    {ClientKind::kCodex, FileFormat::kToml},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  airlock::mcp::CheckContext ctx;
  ctx.root = "/nonexistent-airlock-fuzz-root";  // ownership lookups find nothing, quickly
  for (const Reader& r : kReaders) {
    airlock::mcp::ConfigSource src =
        airlock::mcp::make_source(r.kind, "fuzz", airlock::mcp::Scope::kUser);
    src.format = r.format;
    auto parsed = airlock::mcp::parse_config_bytes(src, text);
    if (!parsed) {
      if (parsed.error().message.empty()) __builtin_trap();
      continue;
    }
    if (parsed->servers.size() > airlock::mcp::kMaxServersPerConfig) __builtin_trap();
    for (const airlock::Finding& f : airlock::mcp::check_config(*parsed, "fuzz")) {
      if (f.rule.empty()) __builtin_trap();
    }
    for (const airlock::mcp::McpServer& s : parsed->servers) {
      if (s.client.empty()) __builtin_trap();
      for (const std::string& a : s.args) {
        if (a.rfind("ghp_", 0) == 0 && a.size() >= 34) __builtin_trap();  // not redacted
      }
      airlock::mcp::Launch l = airlock::mcp::classify_launch(s);
      volatile std::size_t n =
          airlock::mcp::server_json(s, l, 0)
              .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              .size();
      (void)n;
      for (const airlock::Finding& f : airlock::mcp::check_server(s, l, ctx, "/home/fuzz")) {
        if (f.rule.empty() || f.message.empty()) __builtin_trap();
      }
    }
  }
  return 0;
}
