// MCP checks on parsed servers, the inventory locations, and the json output (server model
// and the reporter's extra top-level members).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "airlock/mcp/checks.h"
#include "airlock/mcp/inventory.h"
#include "airlock/mcp/json.h"
#include "airlock/mcp/launch.h"
#include "airlock/report/reporter.h"
#include "test_util.h"

namespace airlock::mcp {
namespace {

using airlock::testing::TempDir;

std::vector<Finding> check_json(const std::string& json, ClientKind kind = ClientKind::kCursor,
                                CheckContext ctx = {}, const std::string& home = "/home/u") {
  auto parsed = parse_config_bytes(make_source(kind, "/cfg/mcp.json", Scope::kUser), json);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  std::vector<Finding> out;
  if (!parsed) return out;
  for (Finding& f : check_config(*parsed, "/cfg/mcp.json")) out.push_back(std::move(f));
  for (const McpServer& s : parsed->servers)
    for (Finding& f : check_server(s, classify_launch(s), ctx, home)) out.push_back(std::move(f));
  return out;
}

std::vector<std::string> rules(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const Finding& f : fs) out.push_back(f.rule);
  return out;
}

TEST(McpChecks, CleanPinnedConfigHasNoFinding) {
  auto fs = check_json(R"({"mcpServers": {
      "a": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.8.4"]},
      "b": {"command": "uvx", "args": ["mcp-server-fetch==2025.4.7"], "env": {"T": "${T}"}},
      "c": {"url": "https://x.example.invalid/mcp", "headers": {"Authorization": "Bearer ${input:t}"}},
      "d": {"url": "http://localhost:3000/mcp"},
      "e": {"command": "/home/u/.nvm/versions/node/v20/bin/node", "args": ["/home/u/src/s/index.js"]},
      "f": {"command": "/home/u/.local/bin/uvx", "args": ["p==1.0"]},
      "g": {"command": "docker", "args": ["run", "-i", "--rm", "-v", "/home/u/proj:/w",
                                          "img@sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}})");
  EXPECT_TRUE(fs.empty()) << ::testing::PrintToString(rules(fs));
}

TEST(McpChecks, UnpinnedLaunches) {
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "npx", "args": ["-y", "postmark-mcp"]},
      "b": {"command": "uvx", "args": ["mcp-server-x>=1"]}}})");
  ASSERT_EQ(rules(fs), (std::vector<std::string>{"mcp-unpinned-launch", "mcp-unpinned-launch"}));
  EXPECT_EQ(fs[0].severity, Severity::kMedium);
  EXPECT_EQ(fs[1].severity, Severity::kLow);
  ASSERT_TRUE(fs[0].location);
  EXPECT_EQ(fs[0].location->path, "/cfg/mcp.json");
  EXPECT_EQ(fs[0].location->line, 1);
}

TEST(McpChecks, PlainHttpNotLocalhost) {
  auto fs = check_json(R"({"mcpServers": {"a": {"url": "http://198.51.100.7/sse"},
      "b": {"url": "http://127.0.0.1:8000/sse"}, "c": {"url": "http://[::1]:9/x"},
      "d": {"command": "npx", "args": ["-y", "mcp-remote@0.1.16", "http://203.0.113.1/sse"]}}})");
  EXPECT_EQ(rules(fs), (std::vector<std::string>{"mcp-plain-http", "mcp-plain-http"}));
}

TEST(McpChecks, InlineSecretsReportNamesNotValues) {
  const std::string token = "ghp_" + std::string(36, 'x');
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "x", "env": {"GITHUB_TOKEN": ")" +
                       token + R"(", "PASSWORD": "correcthorse99", "DEBUG": "1",
                       "API_KEY": "your-api-key-here", "CREDS": "/path/creds.json"}}}})");
  ASSERT_EQ(rules(fs), (std::vector<std::string>{"mcp-inline-secret", "mcp-inline-secret"}));
  EXPECT_EQ(fs[0].severity, Severity::kMedium);
  EXPECT_EQ(fs[1].severity, Severity::kLow);
  for (const Finding& f : fs) {
    EXPECT_EQ(f.evidence.find(token), std::string::npos);
    EXPECT_EQ(f.message.find("correcthorse"), std::string::npos);
    EXPECT_EQ(f.evidence.find("correcthorse"), std::string::npos);
  }
}

TEST(McpChecks, AutoApprove) {
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "x", "trust": true}}})",
                       ClientKind::kGeminiCli);
  EXPECT_EQ(rules(fs), (std::vector<std::string>{"mcp-auto-approve-all"}));
  auto cl = check_json(R"({"mcpServers": {"a": {"command": "x", "autoApprove": ["*"]},
                          "b": {"command": "x", "autoApprove": ["read_file"]}}})",
                       ClientKind::kCline);
  EXPECT_EQ(rules(cl), (std::vector<std::string>{"mcp-auto-approve-all"}));
  auto settings =
      check_json(R"({"enableAllProjectMcpServers": true})", ClientKind::kClaudeSettings);
  EXPECT_EQ(rules(settings), (std::vector<std::string>{"mcp-auto-approve-project-servers"}));
}

TEST(McpChecks, TempAndHiddenCommandPaths) {
  EXPECT_EQ(classify_command_path("/tmp/x", "/home/u"), PathPlace::kTemp);
  EXPECT_EQ(classify_command_path("/dev/shm/x", "/home/u"), PathPlace::kTemp);
  EXPECT_EQ(classify_command_path("~/.cache/x/run", "/home/u"), PathPlace::kTemp);
  EXPECT_EQ(classify_command_path("$HOME/.local/share/fx/s.js", "/home/u"), PathPlace::kHidden);
  EXPECT_EQ(classify_command_path("/home/u/.hidden/run", "/home/u"), PathPlace::kHidden);
  EXPECT_EQ(classify_command_path("/home/u/.local/bin/uvx", "/home/u"), PathPlace::kOrdinary);
  EXPECT_EQ(classify_command_path("/home/u/.nvm/versions/node/v20/bin/node", "/home/u"),
            PathPlace::kOrdinary);
  EXPECT_EQ(classify_command_path(".venv/bin/python", "/home/u"), PathPlace::kOrdinary);
  EXPECT_EQ(classify_command_path("/home/u/.vscode/extensions/e/server.js", "/home/u"),
            PathPlace::kOrdinary);
  EXPECT_EQ(classify_command_path("/opt/s/server", "/home/u"), PathPlace::kOrdinary);
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "node", "args": ["~/.x/s.js"]},
      "b": {"command": "/var/tmp/b"}}})");
  EXPECT_EQ(rules(fs),
            (std::vector<std::string>{"mcp-command-in-hidden-dir", "mcp-command-in-temp-dir"}));
}

TEST(McpChecks, DockerHostAccess) {
  auto fs = check_json(R"({"mcpServers": {
      "a": {"command": "docker", "args": ["run", "-v", "$HOME:/h", "i@sha256:00"]},
      "b": {"command": "docker", "args": ["run", "-v", "/run/docker.sock:/s", "i@sha256:00"]},
      "c": {"command": "docker", "args": ["run", "--privileged", "i@sha256:00"]},
      "d": {"command": "docker", "args": ["run", "-v", "/home/u/.ssh:/k:ro", "i@sha256:00"]}}})");
  EXPECT_EQ(rules(fs),
            (std::vector<std::string>{"mcp-docker-home-mount", "mcp-docker-socket-mount",
                                      "mcp-docker-privileged", "mcp-docker-home-mount"}));
  for (const Finding& f : fs) EXPECT_EQ(f.severity, Severity::kHigh);
}

TEST(McpChecks, DuplicateServerAndMcpRemoteVersion) {
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "echo"}, "a": {"command": "npx",
      "args": ["-y", "mcp-remote@0.1.15", "https://r.example.invalid/sse"]}}})");
  EXPECT_EQ(rules(fs), (std::vector<std::string>{"mcp-duplicate-server", "mcp-remote-vulnerable"}));
}

TEST(McpChecks, NameCheckCallbackGetsThePackage) {
  CheckContext ctx;
  std::vector<std::string> asked;
  ctx.check_name = [&](names::Ecosystem eco, std::string_view name) {
    asked.push_back(std::string(names::to_string(eco)) + ":" + std::string(name));
    Finding f;
    f.rule = "name-confusion";
    f.message = "looks like x";
    return std::vector<Finding>{f};
  };
  auto fs = check_json(R"({"mcpServers": {"a": {"command": "npx", "args": ["-y", "pkg@1.0.0"]},
      "b": {"command": "uvx", "args": ["pypkg==1.0"]}, "c": {"command": "/usr/bin/x"}}})",
                       ClientKind::kCursor, ctx);
  EXPECT_EQ(asked, (std::vector<std::string>{"npm:pkg", "pypi:pypkg"}));
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_NE(fs[0].message.find("server 'a' launches npm package 'pkg'"), std::string::npos);
  EXPECT_EQ(fs[0].location->path, "/cfg/mcp.json");
}

TEST(McpChecks, OwnershipMarkerMismatch) {
  TempDir d;
  d.write("home/u/.npm/_npx/abc/node_modules/@acme/w/package.json",
          R"({"name": "@acme/w", "mcpName": "io.github.evil/w"})");
  d.write("home/u/.npm/_npx/def/node_modules/@ok/n/package.json",
          R"({"name": "@ok/n", "mcpName": "io.github.ok/n"})");
  CheckContext ctx;
  ctx.root = d.str();
  ctx.homes = {d.str("home/u")};
  auto fs = check_json(R"({"mcpServers": {
      "io.github.acme/w": {"command": "npx", "args": ["-y", "@acme/w@1.0.0"]},
      "io.github.ok/n": {"command": "npx", "args": ["-y", "@ok/n@1.0.0"]}}})",
                       ClientKind::kCursor, ctx);
  EXPECT_EQ(rules(fs), (std::vector<std::string>{"mcp-ownership-mismatch"}));
  // A node script inside a package tree under the root.
  d.write("opt/srv/package.json", R"({"name": "srv"})");
  d.write("opt/srv/dist/index.js", "");
  auto script = check_json(R"({"mcpServers": {"io.github.x/srv": {"command": "node",
      "args": ["/opt/srv/dist/index.js"]}}})",
                           ClientKind::kCursor, ctx);
  EXPECT_EQ(rules(script), (std::vector<std::string>{"mcp-ownership-missing"}));
}

TEST(McpInventory, HomesProjectsAndContainment) {
  TempDir d;
  d.write("home/a/.cursor/mcp.json", "{}");
  d.write("home/a/.gemini/extensions/e/gemini-extension.json", "{}");
  d.write("home/a/.continue/mcpServers/b.json", "{}");
  d.write("root/.codex/config.toml", "");
  d.write("etc/claude-code/managed-mcp.json", "{}");
  d.write("p/.vscode/mcp.json", "{}");
  d.symlink("home/a/.claude.json", "/etc/hostname");
  InventoryOptions o;
  o.root = d.str();
  o.homes = discover_homes(o.root);
  EXPECT_EQ(o.homes, (std::vector<std::string>{d.str("root"), d.str("home/a")}));
  o.projects = {d.str("p")};
  auto files = candidate_files(o);
  std::vector<std::string> seen;
  for (const ConfigFile& f : files)
    seen.push_back(std::string(client_name(f.source.kind)) + ":" +
                   std::string(to_string(f.source.scope)));
  EXPECT_EQ(seen, (std::vector<std::string>{"claude-code:managed", "codex:user", "claude-code:user",
                                            "cursor:user", "continue:user", "gemini-cli:extension",
                                            "vscode:workspace"}));
  auto outside = resolve_inside(o.root, d.str("home/a/.claude.json"));
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message.find("outside"), std::string::npos);
  EXPECT_TRUE(resolve_inside(o.root, d.str("home/a/.cursor/mcp.json")));
  EXPECT_EQ(host_path_in_root(o.root, "/work/p"), d.str("work/p"));
}

TEST(McpJson, ServerModelAndReportExtras) {
  McpServer s;
  s.client = "cursor";
  s.name = "a";
  s.transport = Transport::kStdio;
  s.command = "npx";
  s.args = {"-y", "p@1.0.0"};
  s.env = {{"T", ValueKind::kLiteral, "GitHub token"}};
  nlohmann::ordered_json j = server_json(s, classify_launch(s), 3);
  EXPECT_EQ(j["target"], 3);
  EXPECT_EQ(j["env"][0]["name"], "T");
  EXPECT_EQ(j["env"][0]["secret"], true);
  EXPECT_FALSE(j["env"][0].contains("secret_value"));
  EXPECT_EQ(j["launch"]["version_spec"], "pinned");

  auto extras = std::make_shared<report::ReportExtras>();
  EXPECT_FALSE(extras->set_extra("summary", 1));
  EXPECT_TRUE(extras->set_extra("servers", nlohmann::ordered_json::array({j})));
  report::ReporterOptions o;
  o.extras = extras;
  std::ostringstream out;
  auto rep = report::make_reporter(report::Format::kJson, out, o);
  rep->begin({"mcp", Severity::kHigh});
  rep->end();
  auto doc = nlohmann::ordered_json::parse(out.str());
  std::vector<std::string> keys;
  for (auto& [k, v] : doc.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "tool", "command", "targets", "findings",
                                            "errors", "summary", "servers"}));
  EXPECT_EQ(doc["servers"][0]["name"], "a");
  std::ostringstream text;
  auto t = report::make_reporter(report::Format::kText, text, o);
  t->begin({"mcp", Severity::kHigh});
  t->end();
  EXPECT_EQ(text.str().find("servers"), std::string::npos);
}

}  // namespace
}  // namespace airlock::mcp
