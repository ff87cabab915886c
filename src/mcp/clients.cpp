// Per-client readers: where each client keeps its server map inside the parsed document, and
// one entry reader for the union of their entry keys (mcp-clients.md §1.2):
//
//   command  "command" (string; OpenCode: [cmd, args...]; older Zed: {path, args, env}), Goose
//   "cmd" args     "args" env      "env", Goose "envs", OpenCode "environment"; Codex "env_vars"
//   (names only) headers  "headers", Codex "http_headers"; Codex
//   "env_http_headers"/"bearer_token_env_var" url      "url", Windsurf/Antigravity "serverUrl",
//   Gemini "httpUrl", Goose "uri" type     "type", Cline legacy "transportType" trust    Gemini
//   "trust": true; Cline "autoApprove", Roo "alwaysAllow" (lists; "*" = all) enabled  "disabled":
//   true, "enabled": false
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "airlock/core/hash.h"
#include "airlock/mcp/parse.h"
#include "analyze/text_util.h"
#include "mcp/document.h"
#include "mcp/secrets.h"

namespace airlock::mcp {
namespace {

using detail::Document;
using detail::pointer_append;
using nlohmann::json;

// Strings, bounded: a crafted entry with a million args is cut, not copied.
constexpr std::size_t kMaxListItems = 1'000;

std::string as_text(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json* member(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

std::string string_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  return m && m->is_string() ? m->get<std::string>() : "";
}

bool true_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (!m) return false;
  if (m->is_boolean()) return m->get<bool>();
  return m->is_string() && (m->get<std::string>() == "true");
}

bool false_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (!m) return false;
  if (m->is_boolean()) return !m->get<bool>();
  return m->is_string() && (m->get<std::string>() == "false");
}

std::vector<std::string> string_list(const json* j) {
  std::vector<std::string> out;
  if (!j || !j->is_array()) return out;
  for (const json& v : *j) {
    if (out.size() >= kMaxListItems) break;
    out.push_back(as_text(v));
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Reader {
 public:
  Reader(const ConfigSource& src, Document& doc, ParsedConfig& out)
      : src_(src), doc_(doc), out_(out) {}

  void read() {
    const json& r = doc_.root;
    switch (src_.kind) {
      case ClientKind::kClaudeCode:
        read_map(r, "mcpServers", "", src_.scope);
        read_projects(r);
        break;
      case ClientKind::kClaudeSettings:
        read_claude_settings(r);
        break;
      case ClientKind::kVsCode:
        if (member(r, "servers"))
          read_map(r, "servers", "", src_.scope);
        else
          read_map(r, "mcpServers", "", src_.scope);
        break;
      case ClientKind::kVsCodeSettings:
        if (const json* mcp = member(r, "mcp")) read_map(*mcp, "servers", "/mcp", src_.scope);
        read_map(r, "mcp.servers", "", src_.scope);
        break;
      case ClientKind::kContinue:
        read_continue(r);
        break;
      case ClientKind::kZed:
        read_map(r, "context_servers", "", src_.scope);
        break;
      case ClientKind::kCodex:
        read_map(r, "mcp_servers", "", src_.scope);
        break;
      case ClientKind::kGoose:
        read_map(r, "extensions", "", src_.scope);
        break;
      case ClientKind::kOpenCode:
        read_map(r, "mcp", "", src_.scope);
        break;
      default:  // Claude Desktop, Cursor, Copilot CLI, Windsurf, Cline, Roo, Gemini, ...
        read_map(r, "mcpServers", "", src_.scope);
    }
    report_duplicates();
  }

 private:
  void read_map(const json& parent, std::string_view key, const std::string& parent_ptr,
                Scope scope, const std::string& project = "") {
    const json* map = member(parent, key);
    if (!map || map->is_null()) return;
    std::string ptr = pointer_append(parent_ptr, key);
    server_maps_.insert(ptr);
    if (!map->is_object()) {
      ignored(ptr, fmt::format("'{}' is not an object: its servers are not read", key));
      return;
    }
    for (const auto& [name, entry] : map->items()) {
      read_entry(name, entry, pointer_append(ptr, name), scope, project);
    }
  }

  // Claude Code ~/.claude.json: projects["/abs/path"].mcpServers are local-scope servers.
  void read_projects(const json& r) {
    const json* projects = member(r, "projects");
    if (!projects || !projects->is_object()) return;
    for (const auto& [path, project] : projects->items()) {
      if (out_.known_projects.size() < kMaxListItems) out_.known_projects.push_back(path);
      read_map(project, "mcpServers", pointer_append("/projects", path), Scope::kLocal, path);
    }
  }

  void read_claude_settings(const json& r) {
    ClientSettings& s = out_.settings;
    s.enable_all_project_servers = true_member(r, "enableAllProjectMcpServers");
    s.enable_all_line = doc_.line_of("/enableAllProjectMcpServers");
    s.enabled_project_servers = string_list(member(r, "enabledMcpjsonServers"));
  }

  // Continue: config.yaml has a *list* of servers with a `name`; block files in
  // .continue/mcpServers/ may be such YAML or JSON copied from Claude/Cursor (a map); the
  // deprecated config.json has experimental.modelContextProtocolServers[].transport.
  void read_continue(const json& r) {
    const json* servers = member(r, "mcpServers");
    if (servers && servers->is_array()) {
      server_maps_.insert("/mcpServers");
      std::size_t i = 0;
      for (const json& e : *servers) {
        std::string name = string_member(e, "name");
        if (name.empty()) name = fmt::format("mcpServers[{}]", i);
        read_entry(name, e, pointer_append("/mcpServers", std::to_string(i)), src_.scope, "");
        ++i;
      }
    } else {
      read_map(r, "mcpServers", "", src_.scope);
    }
    if (const json* exp = member(r, "experimental")) {
      const json* list = member(*exp, "modelContextProtocolServers");
      if (list && list->is_array()) {
        std::size_t i = 0;
        for (const json& e : *list) {
          std::string ptr =
              pointer_append("/experimental/modelContextProtocolServers", std::to_string(i));
          std::string name = string_member(e, "name");
          if (name.empty()) name = fmt::format("modelContextProtocolServers[{}]", i);
          const json* transport = member(e, "transport");
          read_entry(name, transport ? *transport : e, ptr, src_.scope, "");
          ++i;
        }
      }
    }
  }

  void read_entry(const std::string& name, const json& e, const std::string& ptr, Scope scope,
                  const std::string& project) {
    if (out_.servers.size() >= kMaxServersPerConfig) {
      if (!truncated_) {
        truncated_ = true;
        Diagnostic d{
            Diagnostic::Kind::kTruncated, doc_.line_of(ptr),
            fmt::format("more than {} servers: the rest are not read", kMaxServersPerConfig)};
        doc_.add(std::move(d));
      }
      return;
    }
    if (!e.is_object()) {
      ignored(ptr, fmt::format("server '{}' is not an object: not read", analyze::clip(name)));
      return;
    }
    McpServer s;
    s.kind = src_.kind;
    s.client = std::string(client_name(src_.kind));
    s.config_path = src_.path;
    s.scope = scope;
    s.project = project;
    s.name = name;
    s.line = doc_.line_of(ptr);

    read_command(e, s);
    s.cwd = string_member(e, "cwd");
    for (std::string_view key : {"env", "envs", "environment"})
      read_values(e, key, "env", s.env, s);
    for (const std::string& n : string_list(member(e, "env_vars")))
      s.env.push_back({n, ValueKind::kInherited, ""});
    for (std::string_view key : {"headers", "http_headers"})
      read_values(e, key, "header", s.headers, s);
    if (const json* h = member(e, "env_http_headers"); h && h->is_object()) {
      for (const auto& [k, v] : h->items()) s.headers.push_back({k, ValueKind::kInherited, ""});
    }
    if (!string_member(e, "bearer_token_env_var").empty())
      s.headers.push_back({"Authorization", ValueKind::kInherited, ""});

    std::string url_key;
    for (std::string_view key : {"url", "serverUrl", "httpUrl", "uri"}) {
      if (std::string u = string_member(e, key); !u.empty()) {
        s.url = detail::redact_url(u, s.inline_secrets);
        url_key = key;
        break;
      }
    }
    s.type = string_member(e, "type");
    if (s.type.empty()) s.type = string_member(e, "transportType");
    s.transport = transport_of(s, url_key);
    if (lower(s.type) == "builtin") s.source = "builtin";
    if (std::string source = string_member(e, "source"); !source.empty()) s.source = source;

    s.enabled = !true_member(e, "disabled") && !false_member(e, "enabled");
    if (true_member(e, "trust")) {
      s.trust_all = true;
      s.trust_source = "trust";
    }
    for (std::string_view key : {"autoApprove", "alwaysAllow"}) {
      const json* list = member(e, key);
      if (!list) continue;
      if (list->is_boolean() && list->get<bool>()) {
        s.trust_all = true;
        s.trust_source = std::string(key);
      }
      for (std::string& tool : string_list(list)) {
        if (tool == "*") {
          s.trust_all = true;
          s.trust_source = std::string(key);
        }
        s.auto_approve.push_back(std::move(tool));
      }
    }
    detail::redact_args(s.args, s.inline_secrets);
    // The hash covers the entry as written (including secret values: a hash of a high-entropy
    // token does not give it away, and a changed token is a real change).
    s.entry_sha256 = sha256_hex(e.dump(-1, ' ', false, json::error_handler_t::replace));
    out_.servers.push_back(std::move(s));
  }

  static void read_command(const json& e, McpServer& s) {
    const json* c = member(e, "command");
    if (!c) c = member(e, "cmd");  // Goose
    if (!c) return;
    if (c->is_string()) {
      s.command = c->get<std::string>();
      s.args = string_list(member(e, "args"));
    } else if (c->is_array()) {  // OpenCode: ["npx", "-y", "pkg"]
      std::vector<std::string> words = string_list(c);
      if (!words.empty()) {
        s.command = words.front();
        s.args.assign(words.begin() + 1, words.end());
      }
    } else if (c->is_object()) {  // older Zed: {"path", "args", "env"}
      s.command = string_member(*c, "path");
      s.args = string_list(member(*c, "args"));
    }
  }

  void read_values(const json& e, std::string_view key, std::string_view what,
                   std::vector<NamedValue>& out, McpServer& s) {
    const json* obj = member(e, key);
    if (!obj && key == "env") {
      if (const json* c = member(e, "command"); c && c->is_object()) obj = member(*c, "env");
    }
    if (!obj || !obj->is_object()) return;
    for (const auto& [k, v] : obj->items()) {
      if (out.size() >= kMaxListItems) break;
      std::string value = as_text(v);
      NamedValue nv{k, detail::classify_value(value), ""};
      bool known = false;
      nv.secret = detail::secret_in(k, value, known);
      if (!nv.secret.empty())
        s.inline_secrets.push_back({fmt::format("{} {}", what, k), nv.secret, known});
      out.push_back(std::move(nv));
    }
  }

  // The transport selector of each client (mcp-clients.md §1.2): an explicit type when
  // given, else a command means stdio and a URL means what that client defaults to.
  Transport transport_of(const McpServer& s, const std::string& url_key) const {
    std::string t = lower(s.type);
    t.erase(std::remove(t.begin(), t.end(), '-'), t.end());
    t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
    if (t == "stdio" || t == "local") return Transport::kStdio;
    if (t == "http" || t == "streamablehttp" || t == "remote") return Transport::kHttp;
    if (t == "sse") return Transport::kSse;
    if (!t.empty() && t != "custom") return Transport::kUnknown;
    if (!s.command.empty()) return Transport::kStdio;
    if (s.url.empty()) return Transport::kUnknown;
    if (url_key == "httpUrl") return Transport::kHttp;
    if (url_key == "uri" || src_.kind == ClientKind::kCline || src_.kind == ClientKind::kRooCode ||
        src_.kind == ClientKind::kGeminiCli)
      return Transport::kSse;  // Cline/Roo/Gemini: a bare url is SSE; Goose uri is SSE
    return Transport::kHttp;
  }

  void ignored(const std::string& ptr, std::string message) {
    doc_.add({Diagnostic::Kind::kIgnored, doc_.line_of(ptr), std::move(message)});
  }

  void report_duplicates() {
    for (const Document::Duplicate& d : doc_.duplicates) {
      Diagnostic diag;
      diag.line = d.line;
      if (server_maps_.count(d.object_pointer)) {
        diag.kind = Diagnostic::Kind::kDuplicateServer;
        diag.message = fmt::format(
            "server '{}' is defined twice (lines {} and {}): clients use the later one, a "
            "reader sees the first",
            analyze::clip(d.key), d.first_line, d.line);
      } else {
        diag.kind = Diagnostic::Kind::kDuplicateKey;
        diag.message = fmt::format(
            "duplicate key '{}' in {} (lines {} and {}): the later one is used",
            analyze::clip(d.key), d.object_pointer.empty() ? "the top level" : d.object_pointer,
            d.first_line, d.line);
      }
      doc_.add(std::move(diag));
    }
  }

  const ConfigSource& src_;
  Document& doc_;
  ParsedConfig& out_;
  std::set<std::string> server_maps_;
  bool truncated_ = false;
};

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace((unsigned char)c); });
}

}  // namespace

ConfigSource make_source(ClientKind kind, std::string path, Scope scope) {
  ConfigSource s;
  s.kind = kind;
  s.path = std::move(path);
  s.scope = scope;
  s.format = default_format(kind);
  return s;
}

Result<ParsedConfig> parse_config_bytes(const ConfigSource& source, std::string_view bytes) {
  ParsedConfig out;
  if (bytes.size() <= kMaxConfigBytes && blank(bytes)) return out;  // an empty file: no servers
  auto doc = detail::parse_document(source.format, bytes);
  if (!doc) return doc.error();
  if (doc->root.is_null()) return out;  // YAML with only comments
  if (!doc->root.is_object()) {
    return make_error(ErrorCode::kFormat, "the top level is not an object: no servers read");
  }
  Reader(source, *doc, out).read();
  // nlohmann objects iterate in key order; report servers in file order.
  std::stable_sort(out.servers.begin(), out.servers.end(),
                   [](const McpServer& a, const McpServer& b) { return a.line < b.line; });
  out.diagnostics = std::move(doc->diagnostics);
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return out;
}

Result<std::vector<McpServer>> parse_client_config(ClientKind kind, const std::string& path) {
  auto parsed = parse_config_file(make_source(kind, path, Scope::kUser));
  if (!parsed) return parsed.error();
  return std::move(parsed->servers);
}

}  // namespace airlock::mcp
