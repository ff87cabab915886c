// Pure parsers of attribution evidence (include/airlock/host/attribution.h): process
// environments and command lines, package paths, install logs, dist-info RECORD files.
// Every input is hostile: bounded counts, never throws.
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <set>
#include <unordered_set>

#include "airlock/host/attribution.h"

namespace airlock::host {
namespace {

constexpr std::size_t kMaxName = 214;  // npm's limit on a package name; plenty for others
constexpr std::size_t kMaxCommand = 160;
constexpr std::size_t kMaxOperands = 8;
constexpr std::size_t kMaxPathsInText = 32;
constexpr std::size_t kMaxRecordEntries = 100'000;
constexpr std::size_t kMaxAptPackages = 200;
// dpkg.log lines of one package further apart than this start a new window.
constexpr std::int64_t kDpkgWindowGap = 120;
// An npm log whose window would be longer than this is cut (a forged or odd mtime).
constexpr std::int64_t kMaxNpmRunSeconds = 6 * 3600;

std::string clip(std::string_view s, std::size_t n) { return std::string(s.substr(0, n)); }

std::string_view basename(std::string_view p) {
  std::size_t slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out = split(text, '\n');
  for (auto& l : out) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY-MM-DD" "HH:MM:SS" as local time (dpkg and apt log local time) or UTC; -1 when
// malformed.
std::int64_t parse_time(std::string_view date, std::string_view time, bool utc) {
  if (date.size() != 10 || time.size() != 8 || date[4] != '-' || date[7] != '-' || time[2] != ':' ||
      time[5] != ':') {
    return -1;
  }
  auto num = [](std::string_view s) {
    if (!all_digits(s)) return -1;
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(date.substr(0, 4)) - 1900;
  tm.tm_mon = num(date.substr(5, 2)) - 1;
  tm.tm_mday = num(date.substr(8, 2));
  tm.tm_hour = num(time.substr(0, 2));
  tm.tm_min = num(time.substr(3, 2));
  tm.tm_sec = num(time.substr(6, 2));
  if (tm.tm_year < 70 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
      tm.tm_sec > 60) {
    return -1;
  }
  tm.tm_isdst = -1;
  std::time_t t = utc ? ::timegm(&tm) : ::mktime(&tm);
  return t == static_cast<std::time_t>(-1) ? -1 : static_cast<std::int64_t>(t);
}

// "name:arch" -> name
std::string_view strip_arch(std::string_view p) {
  std::size_t colon = p.find(':');
  return colon == std::string_view::npos ? p : p.substr(0, colon);
}

// "name@1.2.3" / "@scope/name@1.2.3" -> {name, version}
std::pair<std::string, std::string> split_spec(std::string_view spec) {
  std::size_t at = spec.rfind('@');
  if (at == std::string_view::npos || at == 0) return {clip(spec, kMaxName), ""};
  return {clip(spec.substr(0, at), kMaxName), clip(spec.substr(at + 1), 64)};
}

bool is_npm_install_event(std::string_view e) {
  static const std::unordered_set<std::string_view> k = {
      "preinstall",  "install",    "postinstall",  "prepare",      "preprepare",
      "postprepare", "prepublish", "dependencies", "preuninstall", "postuninstall"};
  return k.count(e) > 0;
}

bool is_npm_install_command(std::string_view c) {
  static const std::unordered_set<std::string_view> k = {"install",
                                                         "i",
                                                         "in",
                                                         "ins",
                                                         "inst",
                                                         "insta",
                                                         "instal",
                                                         "isnt",
                                                         "isnta",
                                                         "isntal",
                                                         "add",
                                                         "ci",
                                                         "clean-install",
                                                         "ic",
                                                         "update",
                                                         "up",
                                                         "upgrade",
                                                         "udpate",
                                                         "rebuild",
                                                         "rb",
                                                         "install-test",
                                                         "install-ci-test",
                                                         "it",
                                                         "cit",
                                                         "link",
                                                         "ln",
                                                         "uninstall",
                                                         "remove",
                                                         "rm",
                                                         "un"};
  return k.count(c) > 0;
}

}  // namespace

// ---- environment ---------------------------------------------------------------------------

std::optional<InstallMarkers> install_markers(std::string_view environ) {
  std::string npm_event, npm_name, npm_version, npm_command;
  std::string dpkg_package, dpkg_script;
  bool pip_build = false;
  for (std::string_view kv : split(environ, '\0')) {
    std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view k = kv.substr(0, eq), v = kv.substr(eq + 1);
    if (k == "npm_lifecycle_event")
      npm_event = clip(v, 64);
    else if (k == "npm_package_name")
      npm_name = clip(v, kMaxName);
    else if (k == "npm_package_version")
      npm_version = clip(v, 64);
    else if (k == "npm_command")
      npm_command = clip(v, 64);
    else if (k == "DPKG_MAINTSCRIPT_PACKAGE")
      dpkg_package = clip(v, kMaxName);
    else if (k == "DPKG_MAINTSCRIPT_NAME")
      dpkg_script = clip(v, 64);
    else if (k == "PIP_BUILD_TRACKER" || k == "PIP_REQ_TRACKER")
      pip_build = true;
  }
  // The innermost installer wins: npm sets its variables for the scripts it runs, so a
  // postinst that runs `npm install` gives the npm package to what that script spawns.
  if (!npm_event.empty() &&
      (is_npm_install_event(npm_event) || is_npm_install_command(npm_command))) {
    return InstallMarkers{"npm", npm_name, npm_version, npm_event};
  }
  if (!dpkg_package.empty()) {
    return InstallMarkers{"deb", std::string(strip_arch(dpkg_package)), "",
                          dpkg_script.empty() ? "maintainer script" : dpkg_script};
  }
  if (pip_build) return InstallMarkers{"pypi", "", "", "build"};
  return std::nullopt;
}

// ---- command lines -------------------------------------------------------------------------

std::optional<ManagerRun> manager_run(std::string_view comm, std::string_view cmdline) {
  std::vector<std::string_view> args;
  for (std::string_view a : split(cmdline, '\0')) {
    if (!a.empty()) args.push_back(a);
    if (args.size() > 64) break;
  }
  // A program that set its title (npm: "npm install x") has one argument with spaces.
  if (args.size() == 1 && args[0].find(' ') != std::string_view::npos) {
    std::string_view one = args[0];
    args.clear();
    for (std::string_view a : split(one, ' ')) {
      if (!a.empty()) args.push_back(a);
      if (args.size() > 64) break;
    }
  }
  if (args.empty()) {
    if (comm.empty()) return std::nullopt;
    args.push_back(comm);
  }

  auto tool_name = [](std::string_view b) -> std::string {
    static const std::unordered_set<std::string_view> tools = {
        "npm", "pnpm",   "yarn", "yarnpkg", "bun", "pip",     "pip3",    "pipx",
        "uv",  "poetry", "pdm",  "dpkg",    "apt", "apt-get", "aptitude"};
    if (tools.count(b)) return std::string(b);
    if (b.starts_with("pip3.")) return "pip";
    if (b == "npm-cli.js") return "npm";
    if (b == "pnpm.cjs" || b == "pnpm.js") return "pnpm";
    if (b == "yarn.js" || b == "yarn.cjs") return "yarn";
    return "";
  };
  std::size_t i = 0;
  std::string tool = tool_name(basename(args[0]));
  std::string_view first = basename(args[0]);
  const bool python = first.starts_with("python");
  const bool runner = first == "node" || first == "nodejs" || first == "sh" || first == "bash" ||
                      first == "dash" || python;
  if (tool.empty() && runner) {
    // node .../npm-cli.js install x; sh .../pip install x (shims); python -m pip install x
    for (std::size_t j = 1; j < args.size() && j < 4; ++j) {
      if (python && args[j] == "-m" && j + 1 < args.size()) {
        tool = tool_name(args[j + 1]);
        i = j + 1;
        break;
      }
      if (args[j].starts_with('-')) continue;
      tool = tool_name(basename(args[j]));
      i = j;
      break;
    }
  }
  if (tool.empty()) return std::nullopt;

  std::vector<std::string_view> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  std::size_t v = 0;
  while (v < rest.size() && rest[v].starts_with('-')) ++v;
  std::string_view verb = v < rest.size() ? rest[v] : std::string_view();
  std::string_view verb2 = v + 1 < rest.size() ? rest[v + 1] : std::string_view();

  ManagerRun run;
  bool installs = false;
  std::size_t operands_from = v + 1;
  if (tool == "npm" || tool == "pnpm" || tool == "yarn" || tool == "yarnpkg" || tool == "bun") {
    run.ecosystem = "npm";
    installs =
        is_npm_install_command(verb) || ((tool == "yarn" || tool == "yarnpkg") && verb.empty());
  } else if (tool == "pip" || tool == "pipx" || tool == "poetry" || tool == "pdm") {
    run.ecosystem = "pypi";
    static const std::unordered_set<std::string_view> k = {
        "install", "download", "wheel",     "add",       "sync",  "update",
        "inject",  "upgrade",  "reinstall", "uninstall", "remove"};
    installs = k.count(verb) > 0;
  } else if (tool == "uv") {
    run.ecosystem = "pypi";
    if (verb == "pip" || verb == "tool") {
      installs = verb2 == "install" || verb2 == "sync" || verb2 == "upgrade";
      operands_from = v + 2;
    } else {
      installs = verb == "add" || verb == "sync" || verb == "remove";
    }
  } else if (tool == "dpkg") {
    run.ecosystem = "deb";
    static const std::unordered_set<std::string_view> k = {
        "-i",       "--install", "--unpack", "--configure", "-r",
        "--remove", "-P",        "--purge",  "-a",          "--pending"};
    for (std::string_view a : rest) installs = installs || k.count(a) > 0;
    operands_from = 0;
  } else {  // apt, apt-get, aptitude
    run.ecosystem = "deb";
    static const std::unordered_set<std::string_view> k = {
        "install",      "reinstall", "upgrade", "dist-upgrade", "full-upgrade",
        "safe-upgrade", "remove",    "purge",   "autoremove"};
    installs = k.count(verb) > 0;
  }
  if (!installs) return std::nullopt;

  std::string cmd = tool;
  for (std::size_t j = 0; j < rest.size() && cmd.size() < kMaxCommand; ++j) {
    cmd += " ";
    cmd += rest[j];
  }
  run.command = clip(cmd, kMaxCommand);
  for (std::size_t j = operands_from; j < rest.size() && run.packages.size() < kMaxOperands; ++j) {
    std::string_view a = rest[j];
    if (a.empty() || a.starts_with('-') || (tool == "dpkg" && all_digits(a))) continue;
    if (a.ends_with(".deb")) a = basename(a);
    if (run.ecosystem == "deb") a = a.substr(0, a.find('='));
    run.packages.push_back(clip(a, 100));
  }
  return run;
}

// ---- paths ---------------------------------------------------------------------------------

std::optional<PackageDir> package_dir_of(std::string_view path) {
  std::vector<std::string_view> comps;
  for (std::string_view c : split(path, '/')) {
    if (!c.empty()) comps.push_back(c);
    if (comps.size() > 256) return std::nullopt;
  }
  auto join = [&](std::size_t n) {
    std::string out;
    for (std::size_t k = 0; k < n; ++k) {
      out += "/";
      out += comps[k];
    }
    return out;
  };
  // The innermost package: the last node_modules / site-packages with a package below it.
  for (std::size_t k = comps.size(); k-- > 0;) {
    std::string_view c = comps[k];
    if (c == "node_modules") {
      if (k + 1 >= comps.size()) continue;
      std::string_view name = comps[k + 1];
      if (name.starts_with('.')) continue;  // .bin, .pnpm, .package-lock.json
      std::size_t end = k + 2;
      std::string pkg(name);
      if (name.starts_with('@')) {
        if (k + 2 >= comps.size()) continue;
        pkg += "/";
        pkg += comps[k + 2];
        end = k + 3;
      }
      if (end >= comps.size()) return std::nullopt;  // the package directory itself
      return PackageDir{"npm", pkg, join(end)};
    }
    if (c == "site-packages" || c == "dist-packages") {
      if (k + 2 >= comps.size()) return std::nullopt;  // a top-level file or the dir itself
      std::string_view name = comps[k + 1];
      if (name.ends_with(".dist-info") || name.ends_with(".egg-info") || name.ends_with(".data") ||
          name == "__pycache__" || name.starts_with('.')) {
        return std::nullopt;
      }
      return PackageDir{"pypi", std::string(name), join(k + 2)};
    }
  }
  return std::nullopt;
}

std::vector<std::string> paths_in_text(std::string_view text, std::string_view home) {
  std::vector<std::string> out;
  auto sep = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`' ||
           c == ',' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '=' || c == '<' || c == '>' || c == ':' ||
           c == '\0';
  };
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxPathsInText) {
    while (i < text.size() && sep(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !sep(text[j])) ++j;
    std::string_view tok = text.substr(i, j - i);
    i = j;
    if (tok.size() > 4096) continue;
    if (tok.starts_with('/') && tok.size() > 1) {
      out.emplace_back(tok);
    } else if (tok.starts_with("~/") && !home.empty()) {
      out.push_back(std::string(home) + std::string(tok.substr(1)));
    } else if (tok.starts_with("$HOME/") && !home.empty()) {
      out.push_back(std::string(home) + std::string(tok.substr(5)));
    }
  }
  return out;
}

// ---- logs ----------------------------------------------------------------------------------

std::vector<LogRun> parse_dpkg_log(std::string_view text) {
  std::vector<LogRun> out;
  std::map<std::string, LogRun> open;  // package -> its current window
  auto close = [&](std::map<std::string, LogRun>::iterator it) {
    out.push_back(std::move(it->second));
    return open.erase(it);
  };
  for (std::string_view line : lines_of(text)) {
    std::vector<std::string_view> f;
    for (std::string_view w : split(line, ' ')) {
      if (!w.empty()) f.push_back(w);
      if (f.size() > 8) break;
    }
    if (f.size() < 4) continue;
    std::int64_t t = parse_time(f[0], f[1], false);
    if (t < 0) continue;
    std::string_view action = f[2];
    std::string_view pkg, version;
    if (action == "install" || action == "upgrade" || action == "configure" || action == "remove" ||
        action == "purge") {
      pkg = f[3];
      // install/upgrade: old new; configure: version <none>; remove/purge: version <none>
      if (action == "install" || action == "upgrade") {
        version = f.size() > 5 ? f[5] : "";
      } else {
        version = f.size() > 4 ? f[4] : "";
      }
    } else if (action == "status" && f.size() >= 5) {
      // Triggers are processed in every run (man-db, libc-bin): not a package's own window.
      if (f[3].starts_with("triggers-") || f[3] == "not-installed") continue;
      pkg = f[4];
      version = f.size() > 5 ? f[5] : "";
    } else {
      continue;  // startup, trigproc, conffile
    }
    std::string name(strip_arch(pkg));
    if (name.empty() || name.size() > kMaxName) continue;
    auto it = open.find(name);
    if (it != open.end() && t - it->second.end > kDpkgWindowGap) it = close(it);
    if (it == open.end() || it->first != name) {
      LogRun r;
      r.source = "dpkg.log";
      r.ecosystem = "deb";
      r.start = r.end = t;
      r.per_package = true;
      r.packages.push_back({name, "", ""});
      it = open.emplace(name, std::move(r)).first;
    }
    LogRun& r = it->second;
    r.start = std::min(r.start, t);
    r.end = std::max(r.end, t);
    if (action != "status") r.packages[0].event = std::string(action);
    if (!version.empty() && version != "<none>") r.packages[0].version = clip(version, 64);
    if (open.size() > kMaxLogRuns) close(open.begin());
  }
  for (auto it = open.begin(); it != open.end();) it = close(it);
  std::sort(out.begin(), out.end(),
            [](const LogRun& a, const LogRun& b) { return a.start < b.start; });
  if (out.size() > kMaxLogRuns) out.erase(out.begin(), out.end() - kMaxLogRuns);
  return out;
}

std::vector<LogRun> parse_apt_history(std::string_view text) {
  std::vector<LogRun> out;
  std::optional<LogRun> cur;
  std::vector<LogRun::Package> automatic;
  auto finish = [&] {
    if (!cur) return;
    if (cur->end < cur->start) cur->end = cur->start + 600;  // no End-Date: cut short
    // The packages asked for; the automatic ones only when nothing was asked for by name.
    if (cur->packages.empty()) cur->packages = std::move(automatic);
    out.push_back(std::move(*cur));
    cur.reset();
    automatic.clear();
    if (out.size() > kMaxLogRuns) out.erase(out.begin());
  };
  for (std::string_view line : lines_of(text)) {
    std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon), value = trim(line.substr(colon + 2));
    auto time_of = [](std::string_view v) {
      std::size_t sp = v.find(' ');
      if (sp == std::string_view::npos) return std::int64_t{-1};
      return parse_time(v.substr(0, sp), trim(v.substr(sp)), false);
    };
    if (key == "Start-Date") {
      finish();
      std::int64_t t = time_of(value);
      if (t < 0) continue;
      cur = LogRun{};
      cur->source = "apt history.log";
      cur->ecosystem = "deb";
      cur->start = t;
      cur->end = -1;
    } else if (!cur) {
      continue;
    } else if (key == "End-Date") {
      std::int64_t t = time_of(value);
      if (t >= cur->start) cur->end = t;
      finish();
    } else if (key == "Commandline") {
      cur->command = clip(value, kMaxCommand);
    } else if (key == "Install" || key == "Upgrade" || key == "Reinstall" || key == "Remove" ||
               key == "Purge" || key == "Downgrade") {
      // "a:amd64 (1.0), b:amd64 (2.0, automatic)" / Upgrade: "x:amd64 (old, new)"
      std::size_t i = 0;
      while (i < value.size() && cur->packages.size() + automatic.size() < kMaxAptPackages) {
        std::size_t open_paren = value.find(" (", i);
        if (open_paren == std::string_view::npos) break;
        std::size_t close_paren = value.find(')', open_paren);
        if (close_paren == std::string_view::npos) break;
        std::string_view name = trim(value.substr(i, open_paren - i));
        std::string_view inside = value.substr(open_paren + 2, close_paren - open_paren - 2);
        std::vector<std::string_view> parts = split(inside, ',');
        bool is_auto = false;
        std::string_view version = trim(parts[0]);
        for (std::size_t k = 1; k < parts.size(); ++k) {
          std::string_view p = trim(parts[k]);
          if (p == "automatic") {
            is_auto = true;
          } else if (key == "Upgrade" || key == "Downgrade") {
            version = p;
          }
        }
        LogRun::Package pkg{std::string(strip_arch(name)).substr(0, kMaxName), clip(version, 64),
                            std::string(key)};
        (is_auto ? automatic : cur->packages).push_back(std::move(pkg));
        i = close_paren + 1;
        while (i < value.size() && (value[i] == ',' || value[i] == ' ')) ++i;
      }
    }
  }
  finish();
  return out;
}

std::optional<LogRun> parse_npm_debug_log(std::string_view text, std::string_view file_name,
                                          std::int64_t mtime) {
  // 2026-12-05T01_43_47_918Z-debug-0.log
  std::string_view n = basename(file_name);
  if (n.size() < 24 || n[10] != 'T' || n[13] != '_' || n[16] != '_' || n[23] != 'Z') {
    return std::nullopt;
  }
  std::string date(n.substr(0, 10)), time(n.substr(11, 8));
  time[2] = ':';
  time[5] = ':';
  std::int64_t start = parse_time(date, time, /*utc=*/true);
  if (start < 0) return std::nullopt;

  LogRun run;
  run.source = fmt::format("npm debug log {}", clip(n, 80));
  run.ecosystem = "npm";
  run.start = start;
  run.end = std::clamp<std::int64_t>(mtime, start, start + kMaxNpmRunSeconds);
  bool install = false;
  std::set<std::string> seen;
  for (std::string_view line : lines_of(text)) {
    // "<n> <level> <what> ..."
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos || !all_digits(line.substr(0, sp))) continue;
    std::string_view rest = line.substr(sp + 1);
    if (rest.starts_with("verbose argv ")) {
      std::string cmd = "npm";
      std::string_view argv = rest.substr(13);
      bool first = true;
      for (std::string_view a : split(argv, ' ')) {
        if (a.size() >= 2 && a.front() == '"' && a.back() == '"') a = a.substr(1, a.size() - 2);
        if (a.empty()) continue;
        if (first && !a.starts_with('-')) {
          install = is_npm_install_command(a);
          first = false;
        }
        cmd += " ";
        cmd += a;
        if (cmd.size() > kMaxCommand) break;
      }
      run.command = clip(cmd, kMaxCommand);
    } else if (rest.starts_with("info run ")) {
      // info run pkg@1.0.0 postinstall node_modules/pkg node install.js
      std::vector<std::string_view> f = split(rest.substr(9), ' ');
      if (f.size() < 3 || f[2].starts_with('{')) continue;  // the result line
      if (!is_npm_install_event(f[1])) continue;
      auto [name, version] = split_spec(f[0]);
      if (name.empty() || !seen.insert(name + "@" + version + " " + std::string(f[1])).second) {
        continue;
      }
      if (run.packages.size() < kMaxAptPackages) {
        run.packages.push_back({name, version, clip(f[1], 32)});
      }
    }
  }
  if (!install) return std::nullopt;  // npm pack, npm view, npm run: not installs
  return run;
}

// ---- RECORD --------------------------------------------------------------------------------

std::vector<RecordEntry> parse_record(std::string_view text) {
  std::vector<RecordEntry> out;
  for (std::string_view line : lines_of(text)) {
    if (out.size() >= kMaxRecordEntries) break;
    if (line.empty()) continue;
    std::string path;
    std::size_t i = 0;
    if (line[0] == '"') {  // CSV quoting: "a,b.py",sha256=...,12
      for (i = 1; i < line.size(); ++i) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            path += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          path += line[i];
        }
      }
    } else {
      i = std::min(line.find(','), line.size());
      path = std::string(line.substr(0, i));
    }
    if (path.empty() || path.size() > 4096) continue;
    std::string hash;
    if (i < line.size() && line[i] == ',') {
      std::string_view h = line.substr(i + 1);
      h = h.substr(0, h.find(','));
      if (h.starts_with("sha256=")) hash = std::string(h.substr(7, 64));
    }
    out.push_back({std::move(path), std::move(hash)});
  }
  return out;
}

std::string hex_to_b64url(std::string_view hex) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<unsigned char> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    int hi = nib(hex[i]), lo = nib(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    bytes.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    unsigned v = bytes[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

}  // namespace airlock::host
