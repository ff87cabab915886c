// airlock run [options] -- COMMAND...: install inside the airlock, see everything it did,
// commit only if clean. The sandbox is in src/sandbox/; this file decides the phases (a
// package manager's fetch runs apart from the untrusted code it fetched), reports, and
// commits or discards.
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "airlock/catalogue/catalogue.h"
#include "airlock/sandbox/airlock.h"
#include "airlock/sandbox/honeytokens.h"
#include "airlock/sandbox/run_findings.h"
#include "analyze/text_util.h"
#include "cli/cli.h"

extern char** environ;

namespace airlock::cli {
namespace {

using sandbox::Change;
using sandbox::NetMode;
using sandbox::PhaseOutcome;

struct RunArgs {
  std::vector<std::string> command;
  std::string net = "none";
  bool commit = false;
  bool discard = false;
  bool force = false;
  bool no_import = false;
  bool single_phase = false;
  int timeout = 600;
  int max_disk_mb = 2048;
  int max_procs = 2000;
  std::string trace_file;
  std::string format;
  std::string fail_on = "high";
  bool no_color = false;
};

// One command the airlock runs, with its network mode.
struct Phase {
  std::string name;
  std::vector<std::string> argv;
  NetMode net = NetMode::kNone;
  int timeout = 0;
  bool report_timeout = true;
};

std::string base_name(const std::string& p) {
  const auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

bool is_npm_install(const std::vector<std::string>& argv) {
  if (argv.size() < 2 || base_name(argv[0]) != "npm") return false;
  static const std::set<std::string> verbs = {
      "install", "i",   "in", "ins",           "inst",          "insta",        "instal",
      "isntall", "add", "ci", "clean-install", "install-clean", "isntall-clean"};
  return verbs.count(argv[1]) > 0;
}

// The index of "install" in pip's argv (pip install / pip3 install / python -m pip install).
std::size_t pip_install_index(const std::vector<std::string>& argv) {
  if (argv.empty()) return 0;
  const std::string b = base_name(argv[0]);
  std::size_t i = 0;
  if (b.rfind("pip", 0) == 0) {
    i = 1;
  } else if (b.rfind("python", 0) == 0 && argv.size() > 2 && argv[1] == "-m" && argv[2] == "pip") {
    i = 3;
  } else {
    return 0;
  }
  return i < argv.size() && argv[i] == "install" ? i : 0;
}

// `pip install` options that `pip download` rejects (where to install, how to treat what
// is installed): dropped from the fetch phase, kept for the install phase.
std::vector<std::string> pip_download_args(const std::vector<std::string>& install_args) {
  static const std::set<std::string> flags = {"--user",
                                              "--break-system-packages",
                                              "-U",
                                              "--upgrade",
                                              "--force-reinstall",
                                              "-I",
                                              "--ignore-installed",
                                              "--no-warn-script-location",
                                              "--no-warn-conflicts",
                                              "--compile",
                                              "--no-compile",
                                              "--dry-run",
                                              "--no-deps-check",
                                              "-e",
                                              "--editable"};
  static const std::set<std::string> with_value = {
      "-t",       "--target",           "--prefix",          "--root",
      "--report", "--upgrade-strategy", "--root-user-action"};
  std::vector<std::string> out;
  for (std::size_t k = 0; k < install_args.size(); ++k) {
    const std::string& arg = install_args[k];
    const std::string name = arg.substr(0, arg.find('='));
    if (flags.count(arg)) continue;  // (-e's value, a path, stays: download accepts it)
    if (with_value.count(name)) {
      if (name == arg) ++k;  // "--target DIR": skip the value too
      continue;
    }
    out.push_back(arg);
  }
  return out;
}

// A package manager's install runs in phases: first the package manager alone fetches (its
// own code, network allowed, lifecycle scripts off), then the untrusted install code runs
// with the network the user chose (none by default). docs/run.md explains the modes.
std::vector<Phase> plan_phases(const RunArgs& a, NetMode user_net) {
  std::vector<Phase> out;
  const auto& cmd = a.command;
  if (!a.single_phase && is_npm_install(cmd)) {
    std::vector<std::string> fetch = cmd;
    fetch.push_back("--ignore-scripts");
    out.push_back({"fetch", fetch, NetMode::kAllow, a.timeout, true});
    // The lifecycle scripts the fetch skipped, under the project's allowScripts policy
    // (denied packages stay skipped). The packages to rebuild are filled in after the fetch:
    // `npm install x` runs only the scripts of what it added (docs/run.md).
    out.push_back({"scripts",
                   {cmd[0], "rebuild", "--ignore-scripts=false", "--foreground-scripts"},
                   user_net,
                   a.timeout,
                   true});
    return out;
  }
  if (std::size_t i = pip_install_index(cmd); !a.single_phase && i > 0) {
    std::vector<std::string> fetch(cmd.begin(), cmd.begin() + static_cast<long>(i));
    fetch.push_back("download");
    fetch.push_back("--dest");
    fetch.push_back("/tmp/airlock-wheelhouse");
    const std::vector<std::string> rest(cmd.begin() + static_cast<long>(i) + 1, cmd.end());
    const std::vector<std::string> for_download = pip_download_args(rest);
    fetch.insert(fetch.end(), for_download.begin(), for_download.end());
    out.push_back({"fetch", fetch, NetMode::kAllow, a.timeout, true});
    std::vector<std::string> install(cmd.begin(), cmd.begin() + static_cast<long>(i) + 1);
    install.push_back("--no-index");
    install.push_back("--find-links");
    install.push_back("/tmp/airlock-wheelhouse");
    install.insert(install.end(), cmd.begin() + static_cast<long>(i) + 1, cmd.end());
    out.push_back({"install", install, user_net, a.timeout, true});
    return out;
  }
  out.push_back({"command", cmd, user_net, a.timeout, true});
  return out;
}

// The packages (at any depth of node_modules) the fetch added or changed that have work
// for the scripts phase: a preinstall/install/postinstall script, or a binding.gyp (npm
// runs node-gyp for those). What `npm install x` would run the scripts of; packages without
// any are left out, and with none at all the phase is skipped.
std::vector<std::string> fetched_packages_with_scripts(const std::vector<Change>& changes,
                                                       const sandbox::Sandbox& box,
                                                       const std::string& cwd) {
  std::set<std::string> dirs_with_gyp;
  for (const Change& c : changes) {
    const std::string gyp = "/binding.gyp";
    if (c.path.size() > gyp.size() &&
        c.path.compare(c.path.size() - gyp.size(), gyp.size(), gyp) == 0)
      dirs_with_gyp.insert(c.path.substr(0, c.path.size() - gyp.size()));
  }
  std::set<std::string> out;
  const std::string root = cwd + "/";
  for (const Change& c : changes) {
    if (c.path.rfind(root, 0) != 0 || c.action == Change::Action::kDelete) continue;
    const std::string suffix = "/package.json";
    if (c.path.size() < suffix.size() ||
        c.path.compare(c.path.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string dir = c.path.substr(0, c.path.size() - suffix.size());
    const std::size_t nm = dir.rfind("/node_modules/");
    if (nm == std::string::npos) continue;
    std::string name = dir.substr(nm + 14);
    const bool scoped = !name.empty() && name[0] == '@';
    const auto slashes = static_cast<std::size_t>(std::count(name.begin(), name.end(), '/'));
    if (name.empty() || name[0] == '.' || slashes != (scoped ? 1u : 0u)) continue;
    bool has_work = dirs_with_gyp.count(dir) > 0;
    auto manifest = nlohmann::json::parse(box.read_upper(c, 1 << 20), nullptr, false);
    if (!has_work && manifest.is_object() && manifest.contains("scripts") &&
        manifest["scripts"].is_object()) {
      for (const char* k : {"preinstall", "install", "postinstall"})
        has_work = has_work || manifest["scripts"].contains(k);
    }
    if (has_work) out.insert(name);
    if (out.size() >= 2000) break;
  }
  return {out.begin(), out.end()};
}

// Whether the project's own package.json has scripts a bare `npm install` / `npm ci` runs.
bool project_has_install_scripts(const std::string& cwd) {
  std::ifstream f(cwd + "/package.json");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("scripts") || !j["scripts"].is_object()) return false;
  for (const char* k : {"preinstall", "install", "postinstall", "prepare"}) {
    if (j["scripts"].contains(k)) return true;
  }
  return false;
}

// True when the npm command names packages to add (`npm install x`), false for a bare
// `npm install` / `npm ci` of the project, which also runs the project's own scripts.
bool npm_adds_packages(const std::vector<std::string>& argv) {
  for (std::size_t i = 2; i < argv.size(); ++i) {
    if (!argv[i].empty() && argv[i][0] != '-') return true;
  }
  return false;
}

// Top-level packages the install added, to load in the import phase.
std::vector<std::string> installed_node_packages(const std::vector<Change>& changes,
                                                 const std::string& cwd) {
  std::set<std::string> out;
  const std::string prefix = cwd + "/node_modules/";
  for (const Change& c : changes) {
    if (c.path.rfind(prefix, 0) != 0 || c.action == Change::Action::kDelete) continue;
    std::string rest = c.path.substr(prefix.size());
    std::size_t end = rest.find('/');
    if (!rest.empty() && rest[0] == '@' && end != std::string::npos) end = rest.find('/', end + 1);
    if (end == std::string::npos || rest.substr(end) != "/package.json") continue;
    std::string name = rest.substr(0, end);
    if (name[0] != '.') out.insert(name);
  }
  return {out.begin(), out.end()};
}

// The names a package.json depends on (dependencies, devDependencies, optionalDependencies).
std::set<std::string> dependency_names(const std::string& manifest_text) {
  std::set<std::string> out;
  auto j = nlohmann::json::parse(manifest_text, nullptr, false);
  if (!j.is_object()) return out;
  for (const char* key : {"dependencies", "devDependencies", "optionalDependencies"}) {
    if (!j.contains(key) || !j[key].is_object()) continue;
    for (const auto& [name, spec] : j[key].items()) {
      if (out.size() < 10000) out.insert(name);
    }
  }
  return out;
}

// A package or command name that is safe to put into a path under node_modules.
bool safe_path_name(const std::string& name, bool allow_scope) {
  if (name.empty() || name.size() > 214 || name[0] == '.') return false;
  const bool scoped = allow_scope && name[0] == '@';
  std::size_t slashes = 0;
  for (char ch : name) {
    if (ch == '/') ++slashes;
    if (!std::isalnum(static_cast<unsigned char>(ch)) &&
        std::string_view("-._~@/").find(ch) == std::string_view::npos)
      return false;
  }
  return name.find("..") == std::string::npos && slashes == (scoped ? 1u : 0u);
}

// The commands (node_modules/.bin/<name>) of the packages this install added to the
// project's package.json: what `npx <pkg>` or an MCP client launches next, and where a
// payload that stays out of the install scripts and out of the module itself waits.
std::vector<std::string> added_dependency_bins(const std::vector<Change>& changes,
                                               const sandbox::Sandbox& box,
                                               const std::string& cwd) {
  constexpr std::size_t kMaxBins = 8;
  std::map<std::string, const Change*> by_path;
  for (const Change& c : changes) {
    if (c.action != Change::Action::kDelete && c.type == Change::Type::kFile) by_path[c.path] = &c;
  }
  auto manifest = by_path.find(cwd + "/package.json");
  if (manifest == by_path.end()) return {};
  const std::set<std::string> before = dependency_names(box.read_lower(*manifest->second, 1 << 20));
  std::vector<std::string> bins;
  for (const std::string& name : dependency_names(box.read_upper(*manifest->second, 1 << 20))) {
    if (before.count(name) || !safe_path_name(name, true)) continue;
    auto pkg = by_path.find(cwd + "/node_modules/" + name + "/package.json");
    if (pkg == by_path.end()) continue;
    auto j = nlohmann::json::parse(box.read_upper(*pkg->second, 1 << 20), nullptr, false);
    if (!j.is_object() || !j.contains("bin")) continue;
    std::vector<std::string> names;
    if (j["bin"].is_string()) names.push_back(name.substr(name.find('/') + 1));
    if (j["bin"].is_object()) {
      for (const auto& [bin, target] : j["bin"].items()) names.push_back(bin);
    }
    for (const std::string& bin : names) {
      if (safe_path_name(bin, false) && bins.size() < kMaxBins)
        bins.push_back(cwd + "/node_modules/.bin/" + bin);
    }
  }
  return bins;
}

// The console scripts the pip install wrote (`[console_scripts]` and `[gui_scripts]` of each
// new dist-info's entry_points.txt, found as <prefix>/bin/<name> among the changes).
std::vector<std::string> installed_console_scripts(const std::vector<Change>& changes,
                                                   const sandbox::Sandbox& box) {
  constexpr std::size_t kMaxScripts = 8;
  std::set<std::string> names;
  for (const Change& c : changes) {
    const std::string suffix = ".dist-info/entry_points.txt";
    if (c.action == Change::Action::kDelete || c.path.size() < suffix.size() ||
        c.path.compare(c.path.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string text = box.read_upper(c, 64 * 1024);
    bool in_scripts = false;
    std::size_t i = 0;
    while (i < text.size() && names.size() < 1000) {
      std::size_t j = text.find('\n', i);
      if (j == std::string::npos) j = text.size();
      const std::string line(analyze::trim(std::string_view(text).substr(i, j - i)));
      i = j + 1;
      if (!line.empty() && line.front() == '[') {
        in_scripts = line == "[console_scripts]" || line == "[gui_scripts]";
        continue;
      }
      const std::size_t eq = line.find('=');
      if (!in_scripts || eq == std::string::npos) continue;
      const std::string name(analyze::trim(std::string_view(line).substr(0, eq)));
      if (safe_path_name(name, false)) names.insert(name);  // the same safe character set
    }
  }
  std::vector<std::string> scripts;
  for (const Change& c : changes) {
    if (c.action == Change::Action::kDelete || c.type != Change::Type::kFile) continue;
    const std::size_t slash = c.path.rfind('/');
    if (slash == std::string::npos || slash < 4 || c.path.compare(slash - 4, 5, "/bin/") != 0)
      continue;
    if (names.count(c.path.substr(slash + 1)) && scripts.size() < kMaxScripts)
      scripts.push_back(c.path);
  }
  return scripts;
}

std::vector<std::string> installed_python_modules(const std::vector<Change>& changes,
                                                  const sandbox::Sandbox& box) {
  std::set<std::string> out;
  for (const Change& c : changes) {
    const std::string suffix = ".dist-info/top_level.txt";
    if (c.path.size() < suffix.size() ||
        c.path.compare(c.path.size() - suffix.size(), suffix.size(), suffix) != 0 ||
        c.path.find("/site-packages/") == std::string::npos)
      continue;
    std::string text = box.read_upper(c, 64 * 1024);
    std::size_t i = 0;
    while (i < text.size() && out.size() < 200) {
      std::size_t j = text.find('\n', i);
      if (j == std::string::npos) j = text.size();
      std::string m(analyze::trim(std::string_view(text).substr(i, j - i)));
      bool ok = !m.empty();
      for (char ch : m) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
      if (ok) out.insert(m);
      i = j + 1;
    }
  }
  return {out.begin(), out.end()};
}

// Real paths the command names (`npm install /tmp/x.tgz`, `pip install -r ../req.txt`,
// `file:` specs), so the airlock shows them even where it replaces a directory (/tmp).
std::vector<std::string> named_paths(const std::vector<std::string>& argv, const std::string& cwd) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < argv.size() && out.size() < 256; ++i) {
    std::string p = argv[i];
    if (p.rfind("file:", 0) == 0) p = p.substr(5);
    if (p.find('/') == std::string::npos && p != "." && p != "..") continue;
    if (p[0] != '/') p = cwd + "/" + p;
    char resolved[PATH_MAX];
    if (realpath(p.c_str(), resolved)) out.emplace_back(resolved);
  }
  return out;
}

std::string real_home() {
  if (const char* h = std::getenv("HOME"); h && *h == '/') return h;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return "/";
}

std::string slurp(const std::string& path, std::size_t max) {
  std::ifstream f(path, std::ios::binary);
  std::string s(max, '\0');
  f.read(s.data(), static_cast<std::streamsize>(max));
  s.resize(static_cast<std::size_t>(f.gcount()));
  return s;
}

nlohmann::ordered_json event_json(const sandbox::TraceEvent& e) {
  nlohmann::ordered_json j;
  j["EventType"] = std::string(sandbox::to_string(e.kind));
  j["UtcTime"] = fmt::format("{:.6f}", e.time);
  j["ProcessId"] = e.pid;
  j["ParentProcessId"] = e.ppid;
  j["Image"] = e.image;
  j["CommandLine"] = e.command_line;
  j["ParentImage"] = e.parent_image;
  j["User"] = "airlock";
  j["Phase"] = e.phase;
  if (!e.cwd.empty()) j["CurrentDirectory"] = e.cwd;
  if (!e.target.empty()) j["TargetFilename"] = e.target;
  if (!e.source.empty()) j["SourceFilename"] = e.source;
  if (!e.dest_ip.empty()) j["DestinationIp"] = e.dest_ip;
  if (e.dest_port) j["DestinationPort"] = e.dest_port;
  if (!e.query_name.empty()) j["QueryName"] = e.query_name;
  if (!e.detail.empty()) j["Details"] = e.detail;
  return j;
}

// Whether the evidence holds a finding at or above `fail_on`.
bool blocks(const sandbox::RunEvidence& ev, const catalogue::Catalogue& cat, Severity fail_on) {
  for (const Finding& f : sandbox::classify_run(ev, cat)) {
    if (f.severity >= fail_on) return true;
  }
  return false;
}

int run_run(const RunArgs& a) {
  auto fail_on = parse_severity(a.fail_on);
  auto format = resolve_format(a.format);
  if (!format || !fail_on) return kExitError;
  if (a.command.empty()) {
    print_error("run: no command given (usage: airlock run [options] -- COMMAND...)");
    return kExitError;
  }
  if (a.commit && a.discard) {
    print_error("run: --commit and --discard exclude each other");
    return kExitError;
  }
  const NetMode user_net = a.net == "allow" ? NetMode::kAllow : NetMode::kNone;
  auto cat = catalogue::Catalogue::load_embedded();
  if (!cat) {
    print_error(cat.error().message);
    return kExitError;
  }
  char cwd_buf[PATH_MAX];
  if (!getcwd(cwd_buf, sizeof cwd_buf)) {
    print_error("run: cannot read the current directory");
    return kExitError;
  }
  const std::string home = real_home();
  sandbox::HoneyHome honey = sandbox::make_honey_home(slurp(home + "/.npmrc", 64 * 1024));
  std::vector<std::string> credential_locations;
  for (const catalogue::CatalogueEntry& e : cat->entries()) {
    if (e.scope == "credential" && e.platform == "linux") {
      credential_locations.insert(credential_locations.end(), e.paths.begin(), e.paths.end());
    }
  }
  sandbox::hide_credential_stores(credential_locations, home, honey);

  sandbox::SandboxOptions opt;
  opt.home = home;
  opt.cwd = cwd_buf;
  opt.env = sandbox::airlock_environment(environ, honey, home);
  opt.visible = named_paths(a.command, cwd_buf);
  opt.max_disk_bytes = static_cast<std::uint64_t>(a.max_disk_mb) << 20;
  opt.max_processes = a.max_procs;
  opt.decoys = honey.files;
  opt.opaque_dirs = honey.opaque_dirs;
  opt.honeytokens = honey.tokens;

  auto extras = std::make_shared<report::ReportExtras>();
  ReportOutput output(*format, a.no_color, extras);
  FindingSink& sink = output.sink();
  sink.begin({"run", *fail_on});
  TargetInfo target;
  target.id = 0;
  target.path = analyze::clip(join(a.command));
  target.kind = "command";
  target.name = base_name(a.command.front());
  sink.target(target);

  using steady = std::chrono::steady_clock;
  auto seconds_since = [](steady::time_point t) {
    return std::chrono::duration<double>(steady::now() - t).count();
  };
  const auto setup_start = steady::now();
  auto box = sandbox::Sandbox::create(opt);
  const double setup_seconds = seconds_since(setup_start);
  if (!box) {
    sink.error({0, box.error().message});
    sink.end();
    return kExitError;
  }
  sandbox::TraceLog log;
  std::vector<PhaseOutcome> outcomes;
  std::string exec_error;
  std::vector<Phase> phases = plan_phases(a, user_net);
  bool completed = true;  // every phase ran (or had nothing to do) and succeeded
  for (std::size_t i = 0; i < phases.size(); ++i) {
    Phase& ph = phases[i];
    if (ph.name == "scripts") {
      auto fetched = (*box)->changes();
      std::vector<std::string> names = fetched
                                           ? fetched_packages_with_scripts(*fetched, **box, cwd_buf)
                                           : std::vector<std::string>{};
      if (npm_adds_packages(a.command)) {
        if (names.empty()) continue;  // nothing fetched has scripts: nothing to run
        ph.argv.insert(ph.argv.end(), names.begin(), names.end());
      } else if (names.empty() && !project_has_install_scripts(cwd_buf)) {
        continue;  // a bare install/ci also runs the project's own scripts: none here
      }
    }
    // Events carry the index of their outcome (phases with nothing to do have none).
    auto r = (*box)->run(ph.argv, ph.net, ph.timeout, static_cast<int>(outcomes.size()), log);
    completed = false;
    if (!r) {
      sink.error({0, ph.name + " phase: " + r.error().message});
      break;
    }
    outcomes.push_back({ph.name, ph.net, *r, ph.timeout});
    if (!r->exec_error.empty()) {
      exec_error = "cannot run " + r->exec_error;
      break;
    }
    if (r->exit_code != 0 || r->timed_out || r->fork_bomb) break;
    completed = true;
  }
  // The import phase: code that acts when the package is loaded, not when it is installed
  // (a poisoned index.js or __init__.py, a .pth that runs at every interpreter start).
  const bool installed = completed && !outcomes.empty();
  // What the install phases left, listed once for the prestage, the import and bin phases.
  std::optional<std::vector<Change>> so_far;
  if (!a.no_import && installed) {
    if (auto listed = (*box)->changes()) so_far = std::move(*listed);
  }
  if (!a.no_import && installed) {
    // The new trees of a commit that may follow are copied out while the last phases run
    // (prestage.h), and removed again unless the verdict commits them. Not when what the
    // install did so far already blocks: its files stay inside the airlock.
    if (so_far && !a.discard &&
        !blocks(sandbox::RunEvidence{&log, &*so_far, &outcomes, box->get(), home, a.max_procs,
                                     (*box)->upper_nearly_full(), opt.max_disk_bytes},
                *cat, *fail_on))
      (*box)->prestage(*so_far);
    std::vector<std::string> import_argv;
    if (so_far && is_npm_install(a.command)) {
      auto pkgs = installed_node_packages(*so_far, cwd_buf);
      if (!pkgs.empty()) {
        import_argv = {"node", "-e",
                       "for (const m of JSON.parse(process.argv[1])) { try { require(m) } catch "
                       "(e) { import(m).catch(() => {}) } }",
                       nlohmann::json(pkgs).dump()};
      }
    } else if (so_far && pip_install_index(a.command) > 0) {
      auto mods = installed_python_modules(*so_far, **box);
      if (!mods.empty()) {
        const std::string py =
            base_name(a.command[0]).rfind("python", 0) == 0 ? a.command[0] : "python3";
        import_argv = {py, "-c",
                       "import importlib, json, sys\nfor m in json.loads(sys.argv[1]):\n"
                       "    try: importlib.import_module(m)\n    except BaseException: pass\n",
                       nlohmann::json(mods).dump()};
      }
    }
    if (!import_argv.empty()) {
      const int t = std::min(a.timeout, 120);
      auto r = (*box)->run(import_argv, NetMode::kNone, t, static_cast<int>(outcomes.size()), log);
      if (r) {
        r->timed_out = false;  // a module that serves forever when loaded is not a finding
        outcomes.push_back({"import", NetMode::kNone, *r, t});
      }
    }
  }

  // The bin phase: run each command of the packages the install added (`--version`, no
  // input, 10 s each), as `npx <pkg>`, an MCP client or the user would start it. npm 11
  // skips dependency install scripts unless approved, so payloads move here; a Python
  // console script runs a function that importing the module does not.
  const bool npm = is_npm_install(a.command);
  const bool pip = pip_install_index(a.command) > 0;
  if (!a.no_import && installed && (npm || pip)) {
    std::vector<std::string> bins;
    if (so_far && npm) bins = added_dependency_bins(*so_far, **box, cwd_buf);
    if (so_far && pip) bins = installed_console_scripts(*so_far, **box);
    if (!bins.empty()) {
      constexpr int kSecondsPerBin = 10;
      std::vector<std::string> argv = {
          "sh", "-c",
          "for b; do timeout -s KILL " + std::to_string(kSecondsPerBin) +
              " \"$b\" --version </dev/null >/dev/null 2>&1; done; exit 0",
          "airlock-bin-phase"};
      argv.insert(argv.end(), bins.begin(), bins.end());
      const int t = std::min(a.timeout, kSecondsPerBin * static_cast<int>(bins.size()) + 5);
      auto r = (*box)->run(argv, NetMode::kNone, t, static_cast<int>(outcomes.size()), log);
      if (r) {
        r->timed_out = false;  // a command that serves forever is not a finding
        outcomes.push_back({"bin", NetMode::kNone, *r, t, bins});
      }
    }
  }

  const auto analysis_start = steady::now();
  auto changes = (*box)->finish();
  if (!changes) {
    sink.error({0, changes.error().message});
    sink.end();
    return kExitError;
  }
  sandbox::RunEvidence ev{&log,
                          &*changes,
                          &outcomes,
                          box->get(),
                          home,
                          a.max_procs,
                          (*box)->upper_nearly_full(),
                          opt.max_disk_bytes};
  std::vector<Finding> findings = sandbox::classify_run(ev, *cat);
  bool blocking = false;
  for (Finding& f : findings) {
    f.target = 0;
    if (f.severity >= *fail_on) blocking = true;
  }
  if (!exec_error.empty()) blocking = true;  // nothing to commit from a command that never ran
  const double analysis_seconds = seconds_since(analysis_start);

  // A failed, killed or timed-out install leaves a half-done tree: it is not applied either,
  // unless forced.
  const bool commit = !a.discard && ((!blocking && completed) || (a.commit && a.force));
  std::vector<sandbox::Sandbox::Applied> applied;
  const auto commit_start = steady::now();
  if (commit) applied = (*box)->commit(*changes);
  const double commit_seconds = seconds_since(commit_start);
  std::map<std::string, const sandbox::Sandbox::Applied*> applied_by_path;
  for (const auto& ap : applied) applied_by_path[ap.path] = &ap;

  nlohmann::ordered_json run_json;
  const PhaseOutcome* main_phase = outcomes.empty() ? nullptr : &outcomes.front();
  for (const PhaseOutcome& o : outcomes) {
    if (o.name != "import" && o.name != "bin" && o.result.exit_code != 0) main_phase = &o;
  }
  run_json["exit_code"] = main_phase ? main_phase->result.exit_code : -1;
  bool timed_out = false;
  int processes = 0;
  std::size_t leftovers = 0;
  nlohmann::ordered_json phases_json = nlohmann::ordered_json::array();
  for (const PhaseOutcome& o : outcomes) {
    timed_out = timed_out || o.result.timed_out;
    processes += o.result.processes;
    leftovers += o.result.leftovers.size();
    phases_json.push_back({{"name", o.name},
                           {"net", o.net == NetMode::kNone ? "none" : "allow"},
                           {"exit_code", o.result.exit_code},
                           {"timed_out", o.result.timed_out},
                           {"processes", o.result.processes},
                           {"seconds", o.result.seconds}});
  }
  run_json["timed_out"] = timed_out;
  run_json["committed"] = commit;
  run_json["phases"] = phases_json;
  run_json["processes"] = processes;
  run_json["leftover_processes"] = leftovers;
  nlohmann::ordered_json changes_json = nlohmann::ordered_json::array();
  std::size_t not_applied = 0;
  for (const Change& c : *changes) {
    nlohmann::ordered_json cj;
    cj["path"] = c.path;
    cj["action"] = std::string(to_string(c.action));
    cj["type"] = std::string(to_string(c.type));
    auto it = applied_by_path.find(c.path);
    const bool ok = it != applied_by_path.end() && it->second->ok;
    cj["applied"] = ok;
    if (c.decoy) cj["decoy"] = true;
    if (it != applied_by_path.end() && !it->second->ok) cj["error"] = it->second->error;
    if (!ok) ++not_applied;
    changes_json.push_back(std::move(cj));
  }
  run_json["changes"] = std::move(changes_json);
  extras->set_extra("run", std::move(run_json));

  if (!exec_error.empty()) sink.error({0, exec_error});
  for (const Finding& f : findings) sink.finding(f);
  sink.end();
  std::cout.flush();

  if (!a.trace_file.empty()) {
    std::ofstream tf(a.trace_file, std::ios::trunc);
    if (!tf) {
      print_error("run: cannot write the trace to " + a.trace_file);
    } else {
      for (const auto& e : log.events()) tf << event_json(e).dump() << "\n";
    }
  }
  if (*format == report::Format::kText) {
    for (const PhaseOutcome& o : outcomes) {
      std::cerr << fmt::format("airlock: {} phase: exit {}{}, {} processes, network {}, {:.2f} s\n",
                               o.name, o.result.exit_code, o.result.timed_out ? " (timed out)" : "",
                               o.result.processes, o.net == NetMode::kNone ? "none" : "allowed",
                               o.result.seconds);
    }
    std::cerr << fmt::format("airlock: {} change(s) {}", changes->size(),
                             commit ? "committed" : "discarded");
    if (commit && not_applied > 0) std::cerr << fmt::format(" ({} not applied)", not_applied);
    std::cerr << fmt::format(" (airlock setup {:.2f} s, analysis {:.2f} s, commit {:.2f} s)\n",
                             setup_seconds, analysis_seconds, commit_seconds);
  }
  if (!exec_error.empty()) return kExitError;
  const int verdict_code = output.exit_code();
  if (verdict_code == kExitClean && main_phase && main_phase->result.exit_code != 0) {
    // Clean, but the install itself failed: a pipeline must not take that for success.
    print_error(fmt::format("run: the {} phase failed with exit code {}", main_phase->name,
                            main_phase->result.exit_code));
    return kExitError;
  }
  return verdict_code;
}

}  // namespace
}  // namespace airlock::cli

namespace airlock::cli {

Verb register_run(CLI::App& root) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* app = root.add_subcommand(
      "run",
      "Run an install inside the airlock (namespaces, overlay, tracing, honeytokens), report "
      "what it did, and apply its changes only when it is clean. Usage: airlock run [options] "
      "-- COMMAND...");
  app->add_option("command", args->command, "The command to run, after --")->required();
  app->add_option("--net", args->net,
                  "Network for the install code: none (default: only loopback, every attempt "
                  "recorded) or allow")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "allow"}));
  app->add_flag("--commit", args->commit,
                "Apply the changes to the real filesystem (only when the verdict is not block, "
                "unless --force)");
  app->add_flag("--discard", args->discard, "Throw the changes away whatever the verdict");
  app->add_flag("--force", args->force, "With --commit: apply even when the verdict is block");
  app->add_option("--timeout", args->timeout, "Seconds each phase may run before it is killed")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  app->add_flag("--no-import", args->no_import,
                "Skip the import and bin phases (loading each installed package, running the "
                "commands of the added ones)");
  app->add_flag("--single-phase", args->single_phase,
                "Run the command as given: no separate fetch phase for npm/pip");
  app->add_option("--trace", args->trace_file,
                  "Write every traced event as JSON lines (Sigma field names) to FILE");
  app->add_option("--max-disk", args->max_disk_mb, "Size of the in-memory upper layer, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(16, 1 << 20));
  app->add_option("--max-procs", args->max_procs,
                  "Processes the install may run at once before it counts as a fork bomb")
      ->capture_default_str()
      ->check(CLI::Range(16, 1 << 20));
  add_format_option(app, args->format, "text");
  add_verdict_options(app, args->fail_on, args->no_color,
                      "Exit 1 (and discard) when a finding is at or above this severity");
  return {app, [args] { return run_run(*args); }};
}

}  // namespace airlock::cli
