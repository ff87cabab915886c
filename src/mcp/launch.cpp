// From command + args to a Launch. Each runner's own option grammar is followed just far
// enough to find the package it fetches (npx -p X, uvx --from X, pipx run --spec X, the image
// of docker run) and what it passes on; unknown options are taken as flags without a value,
// which at worst mistakes a value for the package (the report then shows the odd name).
#include "airlock/mcp/launch.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "analyze/shell_command.h"
#include "analyze/text_util.h"

namespace airlock::mcp {
namespace {

using analyze::ends_with;
using analyze::starts_with;
using Words = std::vector<std::string>;

constexpr int kMaxUnwrap = 8;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "/usr/bin/npx", "C:\\nodejs\\npx.cmd" -> "npx".
std::string program_name(std::string_view path) {
  auto slash = path.find_last_of("/\\");
  std::string base = lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (std::string_view ext : {".exe", ".cmd", ".bat", ".ps1"}) {
    if (ends_with(base, ext)) {
      base.resize(base.size() - ext.size());
      break;
    }
  }
  return base;
}

bool is_python(std::string_view p) {
  if (p == "python" || p == "py" || p == "pythonw") return true;
  if (!starts_with(p, "python")) return false;
  return std::all_of(p.begin() + 6, p.end(),
                     [](char c) { return std::isdigit((unsigned char)c) || c == '.'; });
}

bool is_shell(std::string_view p) {
  return p == "sh" || p == "bash" || p == "zsh" || p == "dash" || p == "ash" || p == "ksh";
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit((unsigned char)c); });
}

// X.Y.Z with optional -pre / +build: an exact npm version.
bool exact_semver(std::string_view v) {
  if (!v.empty() && (v[0] == '=' || v[0] == 'v')) v.remove_prefix(1);
  std::size_t end = v.find_first_of("-+");
  std::string_view core = v.substr(0, end);
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = core.find('.', start);
    if (!all_digits(core.substr(start, dot == std::string_view::npos ? dot : dot - start)))
      return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts != 3) return false;
  if (end == std::string_view::npos) return true;
  return std::all_of(v.begin() + end + 1, v.end(), [](char c) {
    return std::isalnum((unsigned char)c) || c == '.' || c == '-' || c == '+';
  });
}

VersionSpec classify_npm_version(std::string_view v) {
  if (v.empty() || v == "latest" || v == "*" || v == "x" || v == "X") return VersionSpec::kLatest;
  if (exact_semver(v)) return VersionSpec::kPinned;
  if (std::isdigit((unsigned char)v[0]) || v.find_first_of("^~<>=*| ") != std::string_view::npos)
    return VersionSpec::kRange;  // 1, 1.x, ^1.2, >=1 <2, 1 || 2
  return VersionSpec::kLatest;   // a dist-tag ("next", "beta") moves like latest
}

bool is_local_path(std::string_view s) {
  return starts_with(s, ".") || starts_with(s, "/") || starts_with(s, "~") ||
         starts_with(s, "file:") || (s.size() > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/'));
}

bool hex40(std::string_view s) {
  return s.size() == 40 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit((unsigned char)c); });
}

// Expands "cmd /c x", "sh -c 'x y'", "env A=B x" and the two-word runners ("npm exec",
// "uv tool run", ...) into one canonical program name followed by its arguments.
bool unwrap(Words& w, Launch& l) {
  for (int round = 0; round < kMaxUnwrap && !w.empty(); ++round) {
    std::string p = program_name(w[0]);
    auto rest_from = [&](std::size_t i) {
      w.erase(w.begin(), w.begin() + static_cast<long>(std::min(i, w.size())));
    };
    if (p == "cmd") {
      std::size_t i = 1;
      while (i < w.size() && lower(w[i]) != "/c" && lower(w[i]) != "/k") ++i;
      rest_from(i + 1);
      l.via += "cmd /c ";
      if (w.size() == 1 && w[0].find(' ') != std::string::npos) {
        auto pipes = analyze::parse_shell(w[0]);
        if (pipes.size() == 1 && pipes[0].size() == 1) w = pipes[0][0].words;
      }
      continue;
    }
    if (is_shell(p)) {
      std::size_t i = 1;
      while (i < w.size() && !(starts_with(w[i], "-") && !starts_with(w[i], "--") &&
                               w[i].find('c') != std::string::npos))
        ++i;
      if (i + 1 >= w.size()) return true;  // a shell running a script file: a binary launch
      std::string script = w[i + 1];
      l.via += p + " -c ";
      auto pipes = analyze::parse_shell(script);
      if (pipes.size() == 1 && pipes[0].size() == 1 && !pipes[0][0].words.empty()) {
        w = pipes[0][0].words;
        continue;
      }
      l.runner = Runner::kShell;
      l.program = p;
      l.script = script;
      return false;
    }
    if (p == "env") {
      std::size_t i = 1;
      while (i < w.size() && (starts_with(w[i], "-") || w[i].find('=') != std::string::npos)) {
        if (w[i] == "-u" || w[i] == "--unset" || w[i] == "-C" || w[i] == "--chdir") ++i;
        ++i;
      }
      rest_from(i);
      l.via += "env ";
      continue;
    }
    auto rename = [&](std::size_t drop, const char* canonical) {
      rest_from(drop);
      w.insert(w.begin(), canonical);
    };
    if (p == "npm" && w.size() > 1 && (w[1] == "exec" || w[1] == "x")) {
      rename(2, "npx");
      continue;
    }
    if (p == "pnpm" && w.size() > 1 && w[1] == "dlx") {
      rename(2, "pnpm-dlx");
      continue;
    }
    if (p == "pnpx") {
      rename(1, "pnpm-dlx");
      continue;
    }
    if (p == "yarn" && w.size() > 1 && w[1] == "dlx") {
      rename(2, "yarn-dlx");
      continue;
    }
    if (p == "bun" && w.size() > 1 && w[1] == "x") {
      rename(2, "bunx");
      continue;
    }
    if (p == "pipx" && w.size() > 1 && w[1] == "run") {
      rename(2, "pipx-run");
      continue;
    }
    if (p == "uv") {
      // uv [global options] tool run|x ... / uv [global options] run ...
      Words globals;
      std::size_t i = 1;
      while (i < w.size() && starts_with(w[i], "-")) {
        bool takes =
            (w[i] == "--directory" || w[i] == "--project" || w[i] == "--cache-dir" ||
             w[i] == "--config-file" || w[i] == "--color" || w[i] == "--python" || w[i] == "-p");
        globals.push_back(w[i]);
        if (takes && i + 1 < w.size()) globals.push_back(w[++i]);
        ++i;
      }
      if (i + 1 < w.size() && w[i] == "tool" && (w[i + 1] == "run" || w[i + 1] == "x")) {
        Words rest(w.begin() + static_cast<long>(i + 2), w.end());
        w = {"uvx"};
        w.insert(w.end(), globals.begin(), globals.end());
        w.insert(w.end(), rest.begin(), rest.end());
        continue;
      }
      if (i < w.size() && w[i] == "run") {
        Words rest(w.begin() + static_cast<long>(i + 1), w.end());
        w = {"uv-run"};
        w.insert(w.end(), globals.begin(), globals.end());
        w.insert(w.end(), rest.begin(), rest.end());
        return true;
      }
    }
    return true;
  }
  return !w.empty();
}

// Options of a runner: which take a value (the next word, or after '=').
struct OptionGrammar {
  std::set<std::string_view> with_value;
};

// Splits runner options from the first positional word. Calls on_option(name, value) for
// every option; returns the index of the first positional (w.size() when none).
template <typename F>
std::size_t scan_options(const Words& w, std::size_t i, const OptionGrammar& g, F on_option) {
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") return i + 1;
    if (!starts_with(a, "-") || a == "-") return i;
    std::string name = a, value;
    if (auto eq = a.find('='); eq != std::string::npos && starts_with(a, "--")) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    } else if (g.with_value.count(a) && i + 1 < w.size()) {
      value = w[++i];
    }
    on_option(name, value);
    ++i;
  }
  return i;
}

std::string first_url(const Words& w, std::size_t from) {
  for (std::size_t i = from; i < w.size(); ++i)
    if (w[i].find("://") != std::string::npos) return w[i];
  return "";
}

void set_package(Launch& l, Ecosystem eco, const PackageSpec& p) {
  l.ecosystem = eco;
  l.package = p.name;
  l.version = p.version;
  l.version_spec = p.spec;
  l.source = p.source;
}

void npx_like(const Words& w, Launch& l) {
  static const OptionGrammar g{{"-p", "--package", "--registry", "-c", "--call", "--cache",
                                "--userconfig", "--prefix", "-w", "--workspace"}};
  std::vector<std::string> packages;
  std::size_t i = scan_options(w, 1, g, [&](const std::string& n, const std::string& v) {
    if (n == "-y" || n == "--yes") l.auto_yes = true;
    if (n == "-p" || n == "--package") packages.push_back(v);
    if (n == "--registry") l.registry = v;
  });
  std::string spec = !packages.empty() ? packages.front() : (i < w.size() ? w[i] : "");
  if (packages.empty() && i < w.size())
    ++i;
  else if (!packages.empty() && i < w.size())
    ++i;  // the bin name to run from -p's package
  if (!spec.empty()) set_package(l, Ecosystem::kNpm, parse_npm_spec(spec));
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
  if (l.package == "mcp-remote") {
    l.via += l.program + " ";
    l.runner = Runner::kMcpRemote;
    l.remote_url = first_url(l.args, 0);
  }
}

void pypi_runner(const Words& w, Launch& l, bool pipx) {
  static const OptionGrammar uv{{"--from",
                                 "--with",
                                 "--with-editable",
                                 "--with-requirements",
                                 "--python",
                                 "-p",
                                 "--index",
                                 "--index-url",
                                 "--extra-index-url",
                                 "--default-index",
                                 "--find-links",
                                 "-f",
                                 "--directory",
                                 "--project",
                                 "--cache-dir",
                                 "--config-file",
                                 "--constraints",
                                 "--overrides",
                                 "--exclude-newer",
                                 "--env-file",
                                 "--index-strategy",
                                 "--python-preference",
                                 "--color",
                                 "--allow-insecure-host",
                                 "--resolution",
                                 "--prerelease",
                                 "--refresh-package",
                                 "--reinstall-package"}};
  static const OptionGrammar px{{"--spec", "--python", "--index-url", "-i", "--pip-args"}};
  std::string from;
  std::size_t i =
      scan_options(w, 1, pipx ? px : uv, [&](const std::string& n, const std::string& v) {
        if (n == "--from" || n == "--spec") from = v;
        if (n == "--index-url" || n == "-i" || n == "--index" || n == "--default-index")
          l.registry = v;
      });
  std::string spec = !from.empty() ? from : (i < w.size() ? w[i] : "");
  if (i < w.size()) ++i;
  if (!spec.empty()) set_package(l, Ecosystem::kPypi, parse_pypi_spec(spec));
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
}

void uv_run(const Words& w, Launch& l) {
  static const OptionGrammar g{{"--with", "--with-editable", "--with-requirements", "--python",
                                "-p", "--directory", "--project", "--package", "--index",
                                "--index-url", "--extra-index-url", "--env-file", "--extra",
                                "--group", "--cache-dir", "--config-file", "--color"}};
  std::string directory;
  std::size_t i = scan_options(w, 1, g, [&](const std::string& n, const std::string& v) {
    if (n == "--directory" || n == "--project") directory = v;
  });
  l.ecosystem = Ecosystem::kPypi;
  l.source = "local";
  l.version_spec = VersionSpec::kNone;
  if (i < w.size()) {
    l.script = w[i];
    // `uv run --directory D server.py`: the script lives in D.
    if (!directory.empty() && !is_local_path(l.script) && ends_with(l.script, ".py"))
      l.script = directory + "/" + l.script;
    ++i;
  }
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
}

void docker_run(const Words& w, Launch& l) {
  l.ecosystem = Ecosystem::kDocker;
  DockerOptions d;
  std::size_t i = 1;
  // docker [global options] run|container run ...
  while (i < w.size() && w[i] != "run") {
    if (w[i] == "container" && i + 1 < w.size() && w[i + 1] == "run") {
      ++i;
      break;
    }
    if (!starts_with(w[i], "-")) {  // another subcommand (exec, compose): no image to judge
      l.docker = d;
      l.args.assign(w.begin() + static_cast<long>(i), w.end());
      return;
    }
    if ((w[i] == "--context" || w[i] == "-c" || w[i] == "-H" || w[i] == "--host" ||
         w[i] == "--config") &&
        i + 1 < w.size())
      ++i;
    ++i;
  }
  ++i;  // "run"
  static const OptionGrammar g{{"-v",
                                "--volume",
                                "--mount",
                                "-e",
                                "--env",
                                "--env-file",
                                "-p",
                                "--publish",
                                "--name",
                                "--network",
                                "--net",
                                "-w",
                                "--workdir",
                                "-u",
                                "--user",
                                "--entrypoint",
                                "--platform",
                                "-l",
                                "--label",
                                "--cap-add",
                                "--cap-drop",
                                "--device",
                                "--pull",
                                "--pid",
                                "--ipc",
                                "--uts",
                                "--security-opt",
                                "--add-host",
                                "--dns",
                                "-h",
                                "--hostname",
                                "-m",
                                "--memory",
                                "--cpus",
                                "--restart",
                                "--log-driver",
                                "--log-opt",
                                "--tmpfs",
                                "--ulimit",
                                "--gpus",
                                "--runtime",
                                "--userns",
                                "--cgroupns",
                                "--stop-signal",
                                "--shm-size",
                                "--label-file",
                                "--volumes-from",
                                "--link",
                                "--expose",
                                "--group-add",
                                "--ip",
                                "--cidfile",
                                "--sysctl",
                                "--network-alias",
                                "--health-cmd",
                                "--attach",
                                "-a",
                                "--device-cgroup-rule"}};
  auto mount_source = [](const std::string& v) {
    // -v SRC:DST[:opts] (a Windows drive letter is part of SRC); named volumes are kept too.
    std::size_t from = (v.size() > 2 && v[1] == ':' && std::isalpha((unsigned char)v[0])) ? 2 : 0;
    auto colon = v.find(':', from);
    return colon == std::string::npos ? v : v.substr(0, colon);
  };
  i = scan_options(w, i, g, [&](const std::string& n, const std::string& v) {
    if (n == "-v" || n == "--volume") d.mounts.push_back(mount_source(v));
    if (n == "--mount") {
      for (std::string_view part : analyze::split_list(v)) {
        for (std::string_view key : {"source=", "src="})
          if (starts_with(part, key)) d.mounts.emplace_back(part.substr(key.size()));
      }
    }
    std::string lv = lower(v);
    auto privileged = [&](std::string flag) {
      d.privileged = true;
      d.privilege_flags.push_back(std::move(flag));
    };
    if (n == "--privileged") privileged(n);
    if (n == "--cap-add" && (lv == "all" || lv == "sys_admin" || lv == "cap_sys_admin"))
      privileged(n + "=" + v);
    if ((n == "--pid" || n == "--userns" || n == "--ipc") && lv == "host") privileged(n + "=" + v);
    if (n == "--security-opt" && lv.find("unconfined") != std::string::npos)
      privileged(n + "=" + v);
    if ((n == "--network" || n == "--net") && lv == "host") d.host_network = true;
  });
  if (i < w.size()) {
    PackageSpec p = parse_image_ref(w[i], &d.tag, &d.digest);
    d.image = p.name;
    set_package(l, Ecosystem::kDocker, p);
    ++i;
  }
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
  l.docker = std::move(d);
}

void node_like(const Words& w, Launch& l, const std::string& p) {
  static const OptionGrammar g{{"-r", "--require", "--import", "--loader", "--experimental-loader",
                                "--env-file", "--config", "-c"}};
  bool inline_code = false;
  std::size_t i = scan_options(w, 1, g, [&](const std::string& n, const std::string&) {
    if (n == "-e" || n == "--eval" || n == "-p" || n == "--print") inline_code = true;
  });
  if (p == "deno" && i < w.size() && w[i] == "run")
    i = scan_options(w, i + 1, g, [](auto&, auto&) {});
  l.runner = Runner::kNode;
  l.ecosystem = Ecosystem::kNpm;
  l.source = "local";
  if (inline_code) {
    l.script = "(inline code)";
  } else if (i < w.size()) {
    l.script = w[i++];
    if (starts_with(l.script, "npm:")) {  // deno run npm:pkg@1
      set_package(l, Ecosystem::kNpm, parse_npm_spec(l.script.substr(4)));
      l.script.clear();
    }
  }
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
}

void python_like(const Words& w, Launch& l) {
  l.runner = Runner::kPython;
  l.ecosystem = Ecosystem::kPypi;
  l.source = "local";
  std::size_t i = 1;
  while (i < w.size() && starts_with(w[i], "-") && w[i] != "-") {
    if (w[i] == "-m" && i + 1 < w.size()) {
      l.package = w[i + 1];
      l.source = "module";
      i += 2;
      l.args.assign(w.begin() + static_cast<long>(i), w.end());
      return;
    }
    if (w[i] == "-c") {
      l.script = "(inline code)";
      return;
    }
    if (w[i] == "-X" || w[i] == "-W") ++i;
    ++i;
  }
  if (i < w.size()) l.script = w[i++];
  l.args.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
}

}  // namespace

PackageSpec parse_npm_spec(std::string_view spec) {
  PackageSpec p;
  p.name = std::string(spec);
  for (std::string_view g : {"git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:"}) {
    if (starts_with(spec, g)) {
      p.source = "git";
      auto hash = spec.find('#');
      if (hash != std::string_view::npos) {
        p.name = std::string(spec.substr(0, hash));
        p.version = std::string(spec.substr(hash + 1));
      }
      p.spec = hex40(p.version) ? VersionSpec::kPinned : VersionSpec::kLatest;
      return p;
    }
  }
  if (starts_with(spec, "http://") || starts_with(spec, "https://")) {
    p.source = "url";
    return p;
  }
  if (is_local_path(spec)) {
    p.source = "local";
    p.spec = VersionSpec::kNone;
    return p;
  }
  if (spec[0] != '@' && spec.find('/') != std::string_view::npos) {  // user/repo on GitHub
    p.source = "git";
    return p;
  }
  auto at = spec.find('@', spec[0] == '@' ? 1 : 0);
  if (at != std::string_view::npos) {
    p.name = std::string(spec.substr(0, at));
    p.version = std::string(spec.substr(at + 1));
  }
  p.spec = classify_npm_version(p.version);
  return p;
}

PackageSpec parse_pypi_spec(std::string_view spec) {
  PackageSpec p;
  spec = analyze::trim(spec);
  p.name = std::string(spec);
  if (starts_with(spec, "git+") || starts_with(spec, "http://") || starts_with(spec, "https://")) {
    p.source = starts_with(spec, "git+") ? "git" : "url";
    auto at = spec.rfind('@');
    p.spec = (at != std::string_view::npos && hex40(spec.substr(at + 1))) ? VersionSpec::kPinned
                                                                          : VersionSpec::kLatest;
    return p;
  }
  if (is_local_path(spec)) {
    p.source = "local";
    p.spec = VersionSpec::kNone;
    return p;
  }
  std::size_t n = 0;
  while (n < spec.size() && (std::isalnum((unsigned char)spec[n]) || spec[n] == '-' ||
                             spec[n] == '_' || spec[n] == '.'))
    ++n;
  p.name = std::string(spec.substr(0, n));
  std::string_view rest = spec.substr(n);
  if (starts_with(rest, "[")) {  // extras
    auto close = rest.find(']');
    rest = close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
  }
  rest = analyze::trim(rest);
  if (rest.empty()) return p;    // latest
  if (starts_with(rest, "@")) {  // uvx pkg@1.2.3 / pkg@latest / pkg @ URL
    std::string_view v = analyze::trim(rest.substr(1));
    p.version = std::string(v);
    if (v == "latest") return p;
    if (v.find("://") != std::string_view::npos) {
      p.source = "url";
      return p;
    }
    p.spec = VersionSpec::kPinned;
    return p;
  }
  p.version = std::string(rest);
  bool exact = (starts_with(rest, "==") || starts_with(rest, "===")) &&
               rest.find_first_of("*,<>!~") == std::string_view::npos;
  p.spec = exact ? VersionSpec::kPinned : VersionSpec::kRange;
  if (exact) p.version = std::string(rest.substr(rest.find_first_not_of('=')));
  return p;
}

PackageSpec parse_image_ref(std::string_view ref, std::string* tag, std::string* digest) {
  PackageSpec p;
  std::string t, d;
  if (auto at = ref.find('@'); at != std::string_view::npos) {
    d = std::string(ref.substr(at + 1));
    ref = ref.substr(0, at);
  }
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    t = std::string(ref.substr(colon + 1));
    ref = ref.substr(0, colon);
  }
  p.name = std::string(ref);
  p.version = !d.empty() ? d : t;
  p.spec = !d.empty()                     ? VersionSpec::kPinned
           : (t.empty() || t == "latest") ? VersionSpec::kLatest
                                          : VersionSpec::kRange;  // tags can be re-pushed
  if (tag) *tag = t;
  if (digest) *digest = d;
  return p;
}

Launch classify_launch(const McpServer& s) {
  Launch l;
  if (s.transport != Transport::kStdio || s.command.empty()) {
    l.remote_url = s.url;
    return l;
  }
  Words w;
  if (s.args.empty() && s.command.find(' ') != std::string::npos) {
    // "command": "npx -y pkg" (one string): clients that go through a shell run it so.
    auto pipes = analyze::parse_shell(s.command);
    if (pipes.size() == 1 && pipes[0].size() == 1) w = pipes[0][0].words;
  }
  if (w.empty()) {
    w.push_back(s.command);
    w.insert(w.end(), s.args.begin(), s.args.end());
  }
  if (!unwrap(w, l) || w.empty()) {
    if (l.runner == Runner::kNone) l.runner = Runner::kBinary;
    return l;
  }
  l.program = program_name(w[0]);
  l.executable = w[0];
  const std::string& p = l.program;
  if (p == "npx" || p == "pnpm-dlx" || p == "yarn-dlx" || p == "bunx") {
    l.runner = p == "npx"        ? Runner::kNpx
               : p == "pnpm-dlx" ? Runner::kPnpmDlx
               : p == "yarn-dlx" ? Runner::kYarnDlx
                                 : Runner::kBunx;
    npx_like(w, l);
  } else if (p == "uvx" || p == "pipx-run") {
    l.runner = p == "uvx" ? Runner::kUvx : Runner::kPipxRun;
    pypi_runner(w, l, p == "pipx-run");
  } else if (p == "uv-run") {
    l.runner = Runner::kUvRun;
    uv_run(w, l);
  } else if (p == "docker" || p == "podman") {
    l.runner = Runner::kDocker;
    docker_run(w, l);
  } else if (p == "mcp-remote") {
    l.runner = Runner::kMcpRemote;
    l.ecosystem = Ecosystem::kNpm;
    l.package = "mcp-remote";
    l.source = "path";
    l.args.assign(w.begin() + 1, w.end());
    l.remote_url = first_url(l.args, 0);
  } else if (p == "node" || p == "nodejs" || p == "deno" || p == "bun" || p == "tsx" ||
             p == "ts-node") {
    node_like(w, l, p);
  } else if (is_python(p)) {
    python_like(w, l);
  } else {
    l.runner = Runner::kBinary;
    l.ecosystem = Ecosystem::kBinary;
    l.package = p;
    l.source = "path";
    l.args.assign(w.begin() + 1, w.end());
  }
  while (!l.via.empty() && l.via.back() == ' ') l.via.pop_back();
  return l;
}

}  // namespace airlock::mcp
