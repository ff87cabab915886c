// MCP configuration parsing: every client's file format read from real files, JSONC quirks,
// duplicate keys, invalid UTF-8, and the bounds on hostile input.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "airlock/mcp/parse.h"
#include "mcp/document.h"
#include "test_util.h"

namespace airlock::mcp {
namespace {

using airlock::testing::TempDir;

Result<ParsedConfig> parse_file(const TempDir& dir, const std::string& rel,
                                const std::string& content, ClientKind kind,
                                Scope scope = Scope::kUser) {
  std::string path = dir.write(rel, content).string();
  return parse_config_file(make_source(kind, path, scope));
}

const McpServer* find(const ParsedConfig& p, const std::string& name) {
  for (const McpServer& s : p.servers)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(McpParse, ClaudeDesktop) {
  TempDir d;
  auto p = parse_file(d, "claude_desktop_config.json",
                      R"({"mcpServers": {"fs": {"command": "npx", "args": ["-y", "a@1.0.0"],
                          "env": {"HOME_DIR": "/x"}}}})",
                      ClientKind::kClaudeDesktop);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->servers.size(), 1u);
  const McpServer& s = p->servers[0];
  EXPECT_EQ(s.client, "claude-desktop");
  EXPECT_EQ(s.transport, Transport::kStdio);
  EXPECT_EQ(s.command, "npx");
  EXPECT_EQ(s.args, (std::vector<std::string>{"-y", "a@1.0.0"}));
  ASSERT_EQ(s.env.size(), 1u);
  EXPECT_EQ(s.env[0].name, "HOME_DIR");
  EXPECT_EQ(s.env[0].kind, ValueKind::kLiteral);
  EXPECT_EQ(s.line, 1);
  EXPECT_EQ(s.entry_sha256.size(), 64u);
}

TEST(McpParse, ClaudeCodeUserAndLocalScopes) {
  TempDir d;
  auto p = parse_file(d, ".claude.json", R"({
  "mcpServers": {"u": {"type": "http", "url": "https://a.example.invalid/mcp",
                       "headers": {"Authorization": "Bearer ${TOKEN}"}}},
  "projects": {
    "/work/p": {"mcpServers": {"l": {"type": "stdio", "command": "node", "args": ["s.js"]}}},
    "/work/q": {}
  }
})",
                      ClientKind::kClaudeCode);
  ASSERT_TRUE(p) << p.error().message;
  const McpServer* u = find(*p, "u");
  const McpServer* l = find(*p, "l");
  ASSERT_TRUE(u && l);
  EXPECT_EQ(u->scope, Scope::kUser);
  EXPECT_EQ(u->transport, Transport::kHttp);
  ASSERT_EQ(u->headers.size(), 1u);
  EXPECT_EQ(u->headers[0].kind, ValueKind::kPlaceholder);
  EXPECT_TRUE(u->inline_secrets.empty());
  EXPECT_EQ(l->scope, Scope::kLocal);
  EXPECT_EQ(l->project, "/work/p");
  EXPECT_EQ(l->line, 5);
  EXPECT_EQ(p->known_projects, (std::vector<std::string>{"/work/p", "/work/q"}));
}

TEST(McpParse, ClaudeSettingsApproveAll) {
  TempDir d;
  auto p = parse_file(d, "settings.json",
                      "{\n  \"enableAllProjectMcpServers\": true,\n  \"enabledMcpjsonServers\": "
                      "[\"a\"]\n}",
                      ClientKind::kClaudeSettings);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->servers.empty());
  EXPECT_TRUE(p->settings.enable_all_project_servers);
  EXPECT_EQ(p->settings.enable_all_line, 2);
  EXPECT_EQ(p->settings.enabled_project_servers, (std::vector<std::string>{"a"}));
}

TEST(McpParse, VsCodeJsoncWithCommentsAndTrailingCommas) {
  TempDir d;
  auto p = parse_file(d, "mcp.json", R"({
  // line comment with "quotes" and , commas
  "inputs": [{"type": "promptString", "id": "k", "password": true},],
  /* block
     comment */
  "servers": {
    "gh": {"type": "stdio", "command": "docker", "args": ["run", "-i", "img"],
           "env": {"TOKEN": "${input:k}", "URL": "a//b /* not a comment */",},},
  },
})",
                      ClientKind::kVsCode, Scope::kWorkspace);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->servers.size(), 1u);
  EXPECT_EQ(p->servers[0].line, 7);
  EXPECT_EQ(p->servers[0].scope, Scope::kWorkspace);
  EXPECT_EQ(p->servers[0].env[0].kind, ValueKind::kPlaceholder);
  EXPECT_TRUE(p->diagnostics.empty());
}

TEST(McpParse, VsCodeLegacySettings) {
  TempDir d;
  auto p = parse_file(d, "settings.json",
                      R"({"editor.tabSize": 2, "mcp": {"servers": {"s": {"type": "sse",
                          "url": "http://h.example.invalid/sse"}}}})",
                      ClientKind::kVsCodeSettings);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->servers.size(), 1u);
  EXPECT_EQ(p->servers[0].client, "vscode");
  EXPECT_EQ(p->servers[0].transport, Transport::kSse);
}

TEST(McpParse, CursorCopilotWindsurfAntigravityKiro) {
  TempDir d;
  struct Case {
    ClientKind kind;
    const char* json;
    Transport transport;
  } cases[] = {
      {ClientKind::kCursor, R"({"mcpServers": {"x": {"url": "https://a.example.invalid/mcp"}}})",
       Transport::kHttp},
      {ClientKind::kCopilotCli,
       R"({"mcpServers": {"x": {"type": "stdio", "command": "npx", "tools": ["*"]}}})",
       Transport::kStdio},
      {ClientKind::kWindsurf,
       R"({"mcpServers": {"x": {"serverUrl": "https://a.example.invalid"}}})", Transport::kHttp},
      {ClientKind::kAntigravity,
       R"({"mcpServers": {"x": {"serverUrl": "https://a.example.invalid"}}})", Transport::kHttp},
      {ClientKind::kKiro, R"({"mcpServers": {"x": {"command": "uvx", "args": ["p"]}}})",
       Transport::kStdio},
  };
  int i = 0;
  for (const Case& c : cases) {
    auto p = parse_file(d, fmt::format("c{}.json", i++), c.json, c.kind);
    ASSERT_TRUE(p) << client_name(c.kind);
    ASSERT_EQ(p->servers.size(), 1u) << client_name(c.kind);
    EXPECT_EQ(p->servers[0].transport, c.transport) << client_name(c.kind);
    EXPECT_EQ(p->servers[0].client, client_name(c.kind));
  }
}

TEST(McpParse, ClineAndRooAutoApprove) {
  TempDir d;
  auto cline = parse_file(d, "cline.json",
                          R"({"mcpServers": {"a": {"url": "https://x.example.invalid",
                              "autoApprove": ["*"], "disabled": true},
                              "b": {"command": "x", "autoApprove": ["read"]}}})",
                          ClientKind::kCline);
  ASSERT_TRUE(cline);
  const McpServer* a = find(*cline, "a");
  const McpServer* b = find(*cline, "b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->transport, Transport::kSse);  // Cline: a bare url is SSE
  EXPECT_TRUE(a->trust_all);
  EXPECT_FALSE(a->enabled);
  EXPECT_FALSE(b->trust_all);
  EXPECT_EQ(b->auto_approve, (std::vector<std::string>{"read"}));
  auto roo = parse_file(d, "roo.json", R"({"mcpServers": {"r": {"command": "x",
                              "alwaysAllow": ["*"]}}})",
                        ClientKind::kRooCode);
  ASSERT_TRUE(roo);
  EXPECT_TRUE(roo->servers[0].trust_all);
  EXPECT_EQ(roo->servers[0].trust_source, "alwaysAllow");
}

TEST(McpParse, ContinueYamlListBlockFileAndDeprecatedJson) {
  TempDir d;
  auto y = parse_file(d, "config.yaml", R"(name: x
mcpServers:
  - name: one
    command: uvx
    args: [mcp-server-time]
    env:
      TZ: UTC
  - command: npx
)",
                      ClientKind::kContinue);
  ASSERT_TRUE(y) << y.error().message;
  ASSERT_EQ(y->servers.size(), 2u);
  EXPECT_EQ(y->servers[0].name, "one");
  EXPECT_EQ(y->servers[0].line, 3);
  EXPECT_EQ(y->servers[1].name, "mcpServers[1]");
  // A JSON block file copied from Claude Desktop.
  ConfigSource src =
      make_source(ClientKind::kContinue,
                  d.write("block.json", R"({"mcpServers": {"c": {"command": "node"}}})").string(),
                  Scope::kProject);
  src.format = FileFormat::kJson;
  auto j = parse_config_file(src);
  ASSERT_TRUE(j);
  EXPECT_EQ(j->servers.at(0).name, "c");
  src.path = d.write("config.json", R"({"experimental": {"modelContextProtocolServers": [
      {"transport": {"type": "stdio", "command": "uvx", "args": ["x"]}}]}})")
                 .string();
  auto old = parse_config_file(src);
  ASSERT_TRUE(old);
  ASSERT_EQ(old->servers.size(), 1u);
  EXPECT_EQ(old->servers[0].command, "uvx");
}

TEST(McpParse, ZedContextServers) {
  TempDir d;
  auto p = parse_file(d, "settings.json", R"(// zed
{
  "context_servers": {
    "new": {"source": "custom", "command": "srv", "args": ["--stdio"], "env": {"A": "b"}},
    "old": {"command": {"path": "/usr/bin/old", "args": ["x"], "env": {"B": "c"}}},
    "remote": {"source": "custom", "type": "http", "url": "https://z.example.invalid"},
  },
})",
                      ClientKind::kZed);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(find(*p, "new")->source, "custom");
  EXPECT_EQ(find(*p, "old")->command, "/usr/bin/old");
  EXPECT_EQ(find(*p, "old")->env.at(0).name, "B");
  EXPECT_EQ(find(*p, "remote")->transport, Transport::kHttp);
}

TEST(McpParse, GeminiTrustAndUrlKinds) {
  TempDir d;
  auto p = parse_file(d, "settings.json", R"({"mcpServers": {
      "t": {"command": "x", "trust": true, "cwd": "/w"},
      "sse": {"url": "https://g.example.invalid/sse"},
      "http": {"httpUrl": "https://g.example.invalid/mcp"}}})",
                      ClientKind::kGeminiCli);
  ASSERT_TRUE(p);
  EXPECT_TRUE(find(*p, "t")->trust_all);
  EXPECT_EQ(find(*p, "t")->cwd, "/w");
  EXPECT_EQ(find(*p, "sse")->transport, Transport::kSse);
  EXPECT_EQ(find(*p, "http")->transport, Transport::kHttp);
}

TEST(McpParse, CodexToml) {
  TempDir d;
  auto p = parse_file(d, "config.toml", R"(model = "x"

[mcp_servers.docs]
command = "npx"
args = ["-y", "pkg@1.0.0"]
env_vars = ["HTTPS_PROXY"]
enabled = false

[mcp_servers.docs.env]
API_KEY = "abcdefgh12345678"

[mcp_servers.remote]
url = "https://c.example.invalid/mcp"
bearer_token_env_var = "TOK"
)",
                      ClientKind::kCodex);
  ASSERT_TRUE(p) << p.error().message;
  const McpServer* docs = find(*p, "docs");
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->line, 3);
  EXPECT_FALSE(docs->enabled);
  ASSERT_EQ(docs->env.size(), 2u);
  EXPECT_EQ(docs->inline_secrets.size(), 1u);
  EXPECT_EQ(docs->inline_secrets[0].where, "env API_KEY");
  const McpServer* remote = find(*p, "remote");
  EXPECT_EQ(remote->transport, Transport::kHttp);
  EXPECT_EQ(remote->headers.at(0).kind, ValueKind::kInherited);
}

TEST(McpParse, CodexDuplicateTableIsAnErrorWithLine) {
  TempDir d;
  auto p = parse_file(d, "config.toml", "[mcp_servers.x]\ncommand = \"a\"\n[mcp_servers.x]\n",
                      ClientKind::kCodex);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("line 3"), std::string::npos) << p.error().message;
}

TEST(McpParse, GooseExtensionsAndOpenCode) {
  TempDir d;
  auto g = parse_file(d, "config.yaml", R"(extensions:
  dev:
    type: builtin
    enabled: true
  tool:
    type: stdio
    cmd: uvx
    args: [mcp-server-git]
    envs: {GIT_TOKEN: "${GIT_TOKEN}"}
    enabled: false
  web:
    type: sse
    uri: https://goose.example.invalid/sse
)",
                      ClientKind::kGoose);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(find(*g, "dev")->source, "builtin");
  EXPECT_EQ(find(*g, "dev")->transport, Transport::kUnknown);
  EXPECT_EQ(find(*g, "tool")->command, "uvx");
  EXPECT_FALSE(find(*g, "tool")->enabled);
  EXPECT_EQ(find(*g, "tool")->env.at(0).kind, ValueKind::kPlaceholder);
  EXPECT_EQ(find(*g, "web")->url, "https://goose.example.invalid/sse");
  EXPECT_EQ(find(*g, "tool")->line, 5);

  auto o = parse_file(d, "opencode.json", R"({"mcp": {
      "l": {"type": "local", "command": ["npx", "-y", "p@1.0.0"], "environment": {"A": "1"}},
      "r": {"type": "remote", "url": "https://o.example.invalid", "enabled": false}}})",
                      ClientKind::kOpenCode);
  ASSERT_TRUE(o);
  EXPECT_EQ(find(*o, "l")->command, "npx");
  EXPECT_EQ(find(*o, "l")->args, (std::vector<std::string>{"-y", "p@1.0.0"}));
  EXPECT_EQ(find(*o, "l")->transport, Transport::kStdio);
  EXPECT_EQ(find(*o, "r")->transport, Transport::kHttp);
  EXPECT_FALSE(find(*o, "r")->enabled);
}

TEST(McpParse, DuplicateServerAndDuplicateKeyDiagnostics) {
  TempDir d;
  auto p = parse_file(d, "mcp.json", R"({
  "mcpServers": {
    "a": {"command": "echo"},
    "a": {"command": "evil"}
  },
  "x": 1, "x": 2
})",
                      ClientKind::kCursor);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->servers.size(), 1u);
  EXPECT_EQ(p->servers[0].command, "evil");  // the later one, as clients read it
  ASSERT_EQ(p->diagnostics.size(), 2u);
  EXPECT_EQ(p->diagnostics[0].kind, Diagnostic::Kind::kDuplicateServer);
  EXPECT_EQ(p->diagnostics[0].line, 4);
  EXPECT_EQ(p->diagnostics[1].kind, Diagnostic::Kind::kDuplicateKey);
}

TEST(McpParse, DuplicateYamlKey) {
  auto p = parse_config_bytes(make_source(ClientKind::kGoose, "g.yaml", Scope::kUser),
                              "extensions:\n  a: {cmd: x}\n  a: {cmd: y}\n");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_FALSE(p->diagnostics.empty());
  EXPECT_EQ(p->diagnostics[0].kind, Diagnostic::Kind::kDuplicateServer);
}

TEST(McpParse, InvalidUtf8IsReadWithAWarning) {
  std::string text = "{\n\"mcpServers\": {\"s\": {\"command\": \"x\", \"d\": \"caf\xe9\"}}}";
  auto p = parse_config_bytes(make_source(ClientKind::kCursor, "m.json", Scope::kUser), text);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->servers.size(), 1u);
  ASSERT_EQ(p->diagnostics.size(), 1u);
  EXPECT_EQ(p->diagnostics[0].kind, Diagnostic::Kind::kInvalidUtf8);
  EXPECT_EQ(p->diagnostics[0].line, 2);
}

TEST(McpParse, EmptyFilesAndBom) {
  auto src = make_source(ClientKind::kCursor, "m.json", Scope::kUser);
  auto empty = parse_config_bytes(src, "  \n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->servers.empty());
  auto bom = parse_config_bytes(src, "\xEF\xBB\xBF{\"mcpServers\": {\"b\": {\"command\": \"x\"}}}");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->servers.size(), 1u);
  auto comments_only =
      parse_config_bytes(make_source(ClientKind::kGoose, "g", Scope::kUser), "# x\n");
  ASSERT_TRUE(comments_only);
}

TEST(McpParse, NotAnObjectAndNotJson) {
  auto src = make_source(ClientKind::kCursor, "m.json", Scope::kUser);
  auto arr = parse_config_bytes(src, "[1, 2]");
  ASSERT_FALSE(arr);
  EXPECT_EQ(arr.error().code, ErrorCode::kFormat);
  auto unterminated = parse_config_bytes(src, "{\"a\": \"x\n\n}");
  ASSERT_FALSE(unterminated);
  auto bad = parse_config_bytes(src, "{\n\n  \"a\": ]\n}");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
  auto entry =
      parse_config_bytes(src, R"({"mcpServers": {"s": "npx foo", "t": {"command": "x"}}})");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->servers.size(), 1u);
  EXPECT_EQ(entry->diagnostics.at(0).kind, Diagnostic::Kind::kIgnored);
}

TEST(McpParse, DepthLimitJsonYamlToml) {
  std::string deep_json = "{\"a\":" + std::string(kMaxConfigDepth + 1, '[') +
                          std::string(kMaxConfigDepth + 1, ']') + "}";
  auto j = parse_config_bytes(make_source(ClientKind::kCursor, "m", Scope::kUser), deep_json);
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code, ErrorCode::kLimit);
  std::string ok_json = "{\"a\":" + std::string(kMaxConfigDepth - 2, '[') +
                        std::string(kMaxConfigDepth - 2, ']') + "}";
  EXPECT_TRUE(parse_config_bytes(make_source(ClientKind::kCursor, "m", Scope::kUser), ok_json));
  std::string deep_yaml = "a: " + std::string(300, '[') + std::string(300, ']') + "\n";
  auto y = parse_config_bytes(make_source(ClientKind::kGoose, "g", Scope::kUser), deep_yaml);
  ASSERT_FALSE(y);
  EXPECT_EQ(y.error().code, ErrorCode::kLimit);
  std::string deep_toml = "a = " + std::string(100, '[') + std::string(100, ']') + "\n";
  auto t = parse_config_bytes(make_source(ClientKind::kCodex, "c", Scope::kUser), deep_toml);
  EXPECT_FALSE(t);
}

TEST(McpParse, YamlAliasBombHitsTheNodeLimit) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    text += fmt::format("a{0}: &a{0} [", i);
    for (int k = 0; k < 10; ++k) text += fmt::format("{}*a{}", k ? ", " : "", i - 1);
    text += "]\n";
  }
  auto p = parse_config_bytes(make_source(ClientKind::kGoose, "g", Scope::kUser), text);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kLimit);
}

TEST(McpParse, SizeLimit) {
  std::string big(kMaxConfigBytes + 1, ' ');
  auto p = parse_config_bytes(make_source(ClientKind::kCursor, "m", Scope::kUser), big);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kLimit);
}

TEST(McpParse, ServerCountLimit) {
  std::string text = "{\"mcpServers\": {";
  for (std::size_t i = 0; i < kMaxServersPerConfig + 5; ++i)
    text += fmt::format("{}\"s{}\": {{\"command\": \"x\"}}", i ? "," : "", i);
  text += "}}";
  auto p = parse_config_bytes(make_source(ClientKind::kCursor, "m", Scope::kUser), text);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->servers.size(), kMaxServersPerConfig);
  EXPECT_EQ(p->diagnostics.back().kind, Diagnostic::Kind::kTruncated);
}

TEST(McpParse, FifoDirectoryAndSymlinkLoopAreErrorsNotHangs) {
  TempDir d;
  std::string fifo = d.str("fifo.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto f = parse_config_file(make_source(ClientKind::kCursor, fifo, Scope::kUser));
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("FIFO"), std::string::npos);
  d.mkdir("dir.json");
  auto dir = parse_config_file(make_source(ClientKind::kCursor, d.str("dir.json"), Scope::kUser));
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message.find("directory"), std::string::npos);
  d.symlink("loop.json", "loop.json");
  auto loop = parse_config_file(make_source(ClientKind::kCursor, d.str("loop.json"), Scope::kUser));
  ASSERT_FALSE(loop);
  EXPECT_NE(loop.error().message.find("symlink loop"), std::string::npos);
}

TEST(McpParse, SecretsAreNeverStoredInTheModel) {
  const std::string token = "ghp_" + std::string(36, 'x');
  auto p =
      parse_config_bytes(make_source(ClientKind::kCursor, "m", Scope::kUser),
                         R"({"mcpServers": {"s": {"command": "npx", "args": ["-y", "mcp-remote",
          "https://u:hunter2pass@r.example.invalid/sse?token=)" +
                             token + R"(", "--header", "Authorization: Bearer )" + token +
                             R"(", "--api-key", "sk-ant-)" + std::string(30, 'y') +
                             R"("], "env": {"T": ")" + token + R"("}}}})");
  ASSERT_TRUE(p) << p.error().message;
  const McpServer& s = p->servers.at(0);
  for (const std::string& a : s.args) {
    EXPECT_EQ(a.find(token), std::string::npos) << a;
    EXPECT_EQ(a.find("hunter2pass"), std::string::npos) << a;
    EXPECT_EQ(a.find("sk-ant-"), std::string::npos) << a;
  }
  EXPECT_EQ(s.env.at(0).secret, "GitHub token");
  EXPECT_GE(s.inline_secrets.size(), 3u);
}

TEST(McpDocument, CleanJsoncKeepsLengthAndLines) {
  detail::Document doc;
  std::string out;
  std::string in = "{\"a\": [1, 2,], // c\n \"b\": \"x,]//\" /* c\n */,}";
  ASSERT_TRUE(detail::clean_jsonc(in, out, doc));
  EXPECT_EQ(out.size(), in.size());
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
  EXPECT_TRUE(nlohmann::json::accept(out)) << out;
  EXPECT_EQ(doc.lines.at("/b"), 2);
}

}  // namespace
}  // namespace airlock::mcp
