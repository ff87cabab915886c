// airlock mcp: inventory of the MCP servers every client on this host (or in a fixture tree
// under --root) is configured to start, with the checks of airlock/mcp/checks.h.
//
// Each configuration file is a target (kind "mcp-config"); the json report carries the
// servers in a top-level "servers" array, the text report lists them before the findings.
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <iostream>
#include <set>

#include "airlock/core/hash.h"
#include "airlock/mcp/checks.h"
#include "airlock/mcp/inventory.h"
#include "airlock/mcp/json.h"
#include "airlock/mcp/launch.h"
#include "airlock/mcp/parse.h"
#include "cli/cli.h"
#include "cli/name_checks.h"
#include "report/reporters.h"  // sanitize_for_terminal for the text inventory

namespace airlock::cli {
namespace {

namespace fs = std::filesystem;

struct McpArgs {
  std::string root;
  std::vector<std::string> homes;
  std::vector<std::string> projects;
  std::vector<std::string> corpora;
  std::string format;
  std::string fail_on = "high";
  bool no_color = false;
};

// One configuration file and what came out of it.
struct ConfigResult {
  TargetInfo target;
  std::string home;
  std::string error;
  std::vector<mcp::McpServer> servers;
  std::vector<mcp::Launch> launches;
  std::vector<Finding> findings;
};

std::string own_home() {
  if (const char* h = ::getenv("HOME"); h && *h) return h;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return "";
}

// Files under --root must not lead out of it; a --home or --project given outside the root
// was chosen by the user and is read as it is.
std::string containing_tree(const std::string& root, const std::string& path) {
  if (root == "/") return root;
  std::error_code ec;
  fs::path rel = fs::absolute(path, ec).lexically_normal().lexically_relative(
      fs::absolute(root, ec).lexically_normal());
  return (!rel.empty() && *rel.begin() != "..") ? root : "/";
}

// "/home/alice" for DIR/home/alice: what ~ means in the commands of that home's files.
std::string host_view(const std::string& root, const std::string& path) {
  if (path.empty() || containing_tree(root, path) == "/") return path;
  std::error_code ec;
  fs::path rel = fs::absolute(path, ec).lexically_normal().lexically_relative(
      fs::absolute(root, ec).lexically_normal());
  return rel == "." ? "/" : "/" + rel.generic_string();
}

std::string describe_launch(const mcp::McpServer& s, const mcp::Launch& l) {
  using mcp::Runner;
  if (l.runner == Runner::kNone) return s.url.empty() ? "(no command, no url)" : s.url;
  std::string what = std::string(to_string(l.runner));
  if (!l.package.empty()) {
    what += " " + l.package;
    bool tag = l.ecosystem == mcp::Ecosystem::kDocker && l.version.rfind("sha256:", 0) != 0;
    if (!l.version.empty()) what += (tag ? ":" : "@") + l.version;
    what += fmt::format(" ({} {})", to_string(l.ecosystem), to_string(l.version_spec));
  } else if (!l.script.empty()) {
    what += " " + l.script;
  } else if (!l.executable.empty()) {
    what += " " + l.executable;
  }
  if (!l.remote_url.empty() && l.runner == Runner::kMcpRemote) what += " -> " + l.remote_url;
  return what;
}

void print_inventory(const std::vector<ConfigResult>& results, std::ostream& out) {
  std::size_t servers = 0, files = 0;
  for (const ConfigResult& r : results) {
    servers += r.servers.size();
    files += r.error.empty();
  }
  out << fmt::format("MCP servers: {} in {} configuration file{}\n", servers, files,
                     files == 1 ? "" : "s");
  for (const ConfigResult& r : results) {
    for (std::size_t i = 0; i < r.servers.size(); ++i) {
      const mcp::McpServer& s = r.servers[i];
      out << fmt::format("  {:<14} {:<9} {:<24} {:<7} {}{}{}\n", s.client, to_string(s.scope),
                         report::sanitize_for_terminal(s.name, 60), to_string(s.transport),
                         report::sanitize_for_terminal(describe_launch(s, r.launches[i]), 160),
                         s.enabled ? "" : "  [disabled]",
                         s.trust_all ? "  [auto-approve all]" : "");
      out << fmt::format("  {:<14} {}:{}\n", "", report::sanitize_for_terminal(s.config_path),
                         s.line);
    }
  }
  out << "\n";
}

int run_mcp(const McpArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  if (!format || !fail_on) return kExitError;

  mcp::InventoryOptions inv;
  const bool fixture = !a.root.empty();
  if (fixture) {
    std::error_code ec;
    if (!fs::is_directory(a.root, ec)) {
      print_error(fmt::format("--root {}: not a directory", a.root));
      return kExitError;
    }
    inv.root = a.root;
  }
  if (!a.homes.empty()) {
    inv.homes = a.homes;
  } else if (fixture) {
    inv.homes = mcp::discover_homes(inv.root);
  } else if (std::string h = own_home(); !h.empty()) {
    inv.homes = {h};
    inv.use_environment = true;
  }
  inv.projects = a.projects;
  if (inv.projects.empty() && !fixture) {
    std::error_code ec;
    inv.projects = {fs::current_path(ec).string()};
  }

  auto checker = NameChecker::create(a.corpora, "");
  if (!checker) {
    print_error(checker.error().message);
    return kExitError;
  }
  mcp::CheckContext ctx;
  ctx.root = inv.root;
  ctx.homes = inv.homes;
  ctx.projects = inv.projects;
  ctx.check_name = [&](names::Ecosystem eco, std::string_view name) {
    checker->warn_missing_corpus(eco);
    return checker->check(eco, name);
  };

  // Files found while reading (projects listed in ~/.claude.json) join the queue.
  std::deque<mcp::ConfigFile> queue;
  for (mcp::ConfigFile& f : mcp::candidate_files(inv)) queue.push_back(std::move(f));
  std::set<std::string> seen_files, seen_projects(inv.projects.begin(), inv.projects.end());
  std::vector<ConfigResult> results;
  while (!queue.empty()) {
    mcp::ConfigFile file = std::move(queue.front());
    queue.pop_front();
    ConfigResult r;
    r.home = file.home;
    r.target.id = static_cast<int>(results.size());
    r.target.path = file.source.path;
    r.target.kind = "mcp-config";
    r.target.name = std::string(mcp::client_name(file.source.kind));
    auto resolved =
        mcp::resolve_inside(containing_tree(inv.root, file.source.path), file.source.path);
    if (resolved && !seen_files.insert(*resolved).second) continue;  // same file, other scope
    if (!resolved) {
      r.error = resolved.error().message;
      results.push_back(std::move(r));
      continue;
    }
    auto bytes = mcp::read_regular_file(*resolved, mcp::kMaxConfigBytes);
    if (!bytes) {
      r.error = bytes.error().message;
      results.push_back(std::move(r));
      continue;
    }
    r.target.sha256 = sha256_hex(*bytes);
    auto parsed = mcp::parse_config_bytes(file.source, *bytes);
    if (!parsed) {
      r.error = parsed.error().message;
      results.push_back(std::move(r));
      continue;
    }
    r.findings = mcp::check_config(*parsed, file.source.path);
    for (mcp::McpServer& s : parsed->servers) {
      mcp::Launch l = mcp::classify_launch(s);
      for (Finding& f : mcp::check_server(s, l, ctx, host_view(inv.root, file.home)))
        r.findings.push_back(std::move(f));
      r.launches.push_back(std::move(l));
      r.servers.push_back(std::move(s));
    }
    for (const std::string& p : parsed->known_projects) {
      if (seen_projects.size() >= mcp::kMaxProjects) break;
      std::string dir = mcp::host_path_in_root(inv.root, p);
      std::error_code ec;
      if (!seen_projects.insert(dir).second || !fs::is_directory(dir, ec)) continue;
      ctx.projects.push_back(dir);
      for (mcp::ConfigFile& f : mcp::project_files(dir)) queue.push_back(std::move(f));
    }
    results.push_back(std::move(r));
  }

  auto extras = std::make_shared<report::ReportExtras>();
  ReportOutput output(*format, a.no_color, extras);
  FindingSink& sink = output.sink();
  if (*format == report::Format::kText) print_inventory(results, std::cout);
  sink.begin({"mcp", *fail_on});
  nlohmann::ordered_json servers = nlohmann::ordered_json::array();
  for (ConfigResult& r : results) {
    sink.target(r.target);
    if (!r.error.empty()) {
      sink.error({r.target.id, fmt::format("{}: {}", r.target.path, r.error)});
      continue;
    }
    for (Finding& f : r.findings) {
      f.target = r.target.id;
      sink.finding(f);
    }
    for (std::size_t i = 0; i < r.servers.size(); ++i)
      servers.push_back(mcp::server_json(r.servers[i], r.launches[i], r.target.id));
  }
  extras->set_extra("servers", std::move(servers));
  sink.end();
  std::cout.flush();
  return output.exit_code();
}

}  // namespace

Verb register_mcp(CLI::App& root) {
  auto args = std::make_shared<McpArgs>();
  CLI::App* app = root.add_subcommand(
      "mcp",
      "List the MCP servers every MCP client (Claude, Cursor, VS Code, Gemini, Codex, ...) is "
      "configured to start, and flag risky ones: confusable or unpinned packages, plain-HTTP "
      "remotes, inline secrets, auto-approval, temp/hidden commands, Docker given the host.");
  app->add_option("--root", args->root,
                  "Read a fixture tree instead of /: homes are DIR/root and DIR/home/*, managed "
                  "files DIR/etc/...; no project unless --project");
  app->add_option("--home", args->homes,
                  "Home directory to read (repeatable; default: $HOME, or the homes under --root)");
  app->add_option("--project", args->projects,
                  "Project directory whose .mcp.json, .cursor/, .vscode/, ... are read "
                  "(repeatable; default: the current directory when --root is not given)");
  app->add_option("--corpus", args->corpora,
                  "ECOSYSTEM=FILE popular names for the package-name check (npm ships built in; "
                  "internal=FILE for private names); repeatable");
  add_format_option(app, args->format, "text");
  add_verdict_options(app, args->fail_on, args->no_color);
  return {app, [args] { return run_mcp(*args); }};
}

}  // namespace airlock::cli
