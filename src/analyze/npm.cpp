// npm manifest analyzer: lifecycle scripts (parsed, their files made install-reachable),
// bin shadowing, non-registry dependency specs, binding.gyp actions.
#include <fmt/format.h>

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "analyze/analyzers.h"
#include "analyze/json_util.h"
#include "analyze/shadowing.h"
#include "analyze/shell_command.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

// The package an npm alias spec installs: "npm:react@^17" -> "react", "npm:@babel/core@8"
// -> "@babel/core", "npm:left-pad" -> "left-pad"; nullopt for any other spec or an empty
// name.
std::optional<std::string> npm_alias_target(std::string_view spec) {
  constexpr std::string_view kPrefix = "npm:";
  if (spec.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  spec.remove_prefix(kPrefix.size());
  const std::size_t at = spec.find('@', spec.empty() || spec[0] != '@' ? 0 : 1);
  const std::string_view name = spec.substr(0, at);
  if (name.empty() || name == "@") return std::nullopt;
  return std::string(name);
}

using nlohmann::json;

// Scripts npm runs when a package is installed (prepare and prepublish: for git and local
// installs). npm 11 and pnpm skip them for dependencies until the project approves them.
constexpr std::array<std::string_view, 7> kInstallScripts = {
    "preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare", "prepublish"};
constexpr int kMaxScriptDepth = 8;
// Dependencies kept for name checks per manifest.
constexpr std::size_t kMaxDeclaredDependencies = 2000;

bool is_shell(std::string_view p) {
  return p == "sh" || p == "bash" || p == "zsh" || p == "dash" || p == "ksh";
}
bool is_python(std::string_view p) {
  return p == "python" || p == "python3" || p == "python2" || starts_with(p, "python3.");
}
bool is_interpreter(std::string_view p) {
  return is_shell(p) || is_python(p) || p == "node" || p == "nodejs" || p == "perl" ||
         p == "ruby" || p == "php";
}
// Wrappers that run the rest of their arguments as a command.
bool is_wrapper(std::string_view p) {
  return p == "env" || p == "cross-env" || p == "exec" || p == "nohup" || p == "setsid" ||
         p == "sudo" || p == "time" || p == "nice" || p == "command";
}

class NpmAnalyzer {
 public:
  NpmAnalyzer(PackageModel& model, AnalyzerContext& ctx, std::string dir)
      : model_(model), ctx_(ctx), dir_(std::move(dir)), manifest_path_(dir_ + "package.json") {}

  void run() {
    const std::string& text = *model_.manifest(manifest_path_);
    text_ = text;
    std::string error;
    auto parsed = parse_json_bounded(text, ctx_.limits.max_json_depth, error);
    if (!parsed || !parsed->is_object()) {
      if (error.empty()) error = "not a JSON object";
      // npm may still find scripts in it (Node's parser has no depth limit): weigh the
      // whole manifest as install-time code so a pipe-to-shell in it is not hidden.
      model_.install_roots.insert(manifest_path_);
      model_.findings.push_back(make_finding(
          "manifest-unparsable", Severity::kMedium, Category::kPolicy,
          fmt::format("{} could not be parsed: {}; its scripts cannot be checked", manifest_path_,
                      error),
          manifest_path_, 0, text.substr(0, 80), {},
          "npm refuses to install a package whose package.json is invalid; a crafted one may "
          "target other tools that parse it more leniently."));
      return;
    }
    pkg_ = std::move(*parsed);
    model_.ecosystem = "npm";
    if (auto n = pkg_.find("name"); n != pkg_.end() && n->is_string()) {
      model_.name = n->get<std::string>();
    }
    if (auto v = pkg_.find("version"); v != pkg_.end() && v->is_string()) {
      model_.version = v->get<std::string>();
    }
    if (model_.kind == "vsix") {
      // VS Code does not run npm lifecycle scripts; the extension's code runs on activation.
      if (auto p = pkg_.find("publisher"); p != pkg_.end() && p->is_string()) {
        model_.name = p->get<std::string>() + "." + model_.name;
      }
    } else {
      analyze_scripts();
      analyze_binding_gyp();
    }
    analyze_bins();
    analyze_dependencies();
  }

 private:
  void analyze_scripts() {
    auto scripts = pkg_.find("scripts");
    if (scripts == pkg_.end() || !scripts->is_object()) return;
    scripts_ = &*scripts;
    for (std::string_view name : kInstallScripts) {
      auto it = scripts->find(std::string(name));
      if (it == scripts->end() || !it->is_string()) continue;
      std::string command = it->get<std::string>();
      int line = line_of_key(text_, name);
      model_.findings.push_back(make_finding(
          "npm-install-script", Severity::kLow, Category::kInstallHook,
          fmt::format("'{}' script runs at install: npm 11 and pnpm skip it for dependencies "
                      "until the project approves it, so check it before approving",
                      name),
          manifest_path_, line, command, {"T1059"},
          "Lifecycle scripts (preinstall, install, postinstall, prepare) run arbitrary commands "
          "with the user's privileges during npm install. airlock analyzes the files they run "
          "as install-time code."));
      analyze_command(std::string(name), command, line, 0);
    }
  }

  void analyze_command(const std::string& script, std::string_view command, int line, int depth) {
    if (depth > kMaxScriptDepth) return;
    add_virtual_file(model_, ctx_, "package.json#scripts." + script, command, manifest_path_, line);
    for (const Pipeline& pipeline : parse_shell(command)) {
      bool downloads = false;
      for (const SimpleCommand& cmd : pipeline) {
        std::size_t k = 0;
        while (k < cmd.words.size() && is_wrapper(basename_of(cmd.words[k]))) {
          ++k;
          // env VAR=x cmd; cross-env VAR=x cmd
          while (k < cmd.words.size() && cmd.words[k].find('=') != std::string::npos &&
                 cmd.words[k][0] != '-' && cmd.words[k][0] != '.') {
            ++k;
          }
        }
        if (k >= cmd.words.size()) continue;
        std::string_view prog = basename_of(cmd.words[k]);
        std::vector<std::string> args(cmd.words.begin() + static_cast<long>(k) + 1,
                                      cmd.words.end());
        if (prog == "curl" || prog == "wget") {
          downloads = true;
          continue;
        }
        if (cmd.piped_from_previous && downloads && is_interpreter(prog) &&
            reads_stdin(prog, args)) {
          model_.findings.push_back(make_finding(
              "install-script-pipe-to-shell", Severity::kCritical, Category::kDownloadExec,
              fmt::format("'{}' downloads code and pipes it into {} at install", script, prog),
              manifest_path_, line, std::string(command), {"T1105", "T1059.004"},
              "Piping a download into an interpreter runs whatever the server sends at that "
              "moment, unreviewed and unpinned. Legitimate packages download data and verify "
              "it, they do not execute a remote script."));
          downloads = false;
          continue;
        }
        handle_program(script, prog, cmd.words[k], args, line, depth);
      }
      if (downloads) {
        model_.findings.push_back(make_finding(
            "install-script-downloads", Severity::kMedium, Category::kDownloadExec,
            fmt::format("'{}' fetches from the network with curl/wget at install", script),
            manifest_path_, line, std::string(command), {"T1105"},
            "Downloading at install time means the installed content is not the reviewed "
            "package content."));
      }
    }
  }

  static bool reads_stdin(std::string_view prog, const std::vector<std::string>& args) {
    for (const auto& a : args) {
      if (a == "-" || a == "-s") return true;
      if (a.empty() || a[0] != '-') return false;  // a script file: not stdin
      if (prog == "node" && (a == "-e" || a == "-p")) return false;
    }
    return true;
  }

  void handle_program(const std::string& script, std::string_view prog, const std::string& word0,
                      const std::vector<std::string>& args, int line, int depth) {
    if (prog == "npm" || prog == "yarn" || prog == "pnpm" || prog == "bun") {
      // npm run X / yarn X / pnpm run X: follow into the named script.
      std::size_t i = 0;
      if (i < args.size() && (args[i] == "run" || args[i] == "run-script")) ++i;
      if (i < args.size() && scripts_) {
        auto it = scripts_->find(args[i]);
        if (it != scripts_->end() && it->is_string()) {
          analyze_command(args[i], it->get<std::string>(), line_of_key(text_, args[i]), depth + 1);
        }
      }
      return;
    }
    if (prog == "node" || prog == "nodejs" || is_python(prog) || is_shell(prog)) {
      for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool inline_flag = (prog == "node" || prog == "nodejs")
                               ? (a == "-e" || a == "--eval" || a == "-p" || a == "--print")
                               : a == "-c";
        if (inline_flag && i + 1 < args.size()) {
          inline_code(script, prog, args[i + 1], line, depth);
          return;
        }
        if ((a == "-r" || a == "--require" || a == "--import") && i + 1 < args.size()) {
          add_root(args[++i]);
          continue;
        }
        if (!a.empty() && a[0] == '-') continue;
        add_root(a);  // the script file; later words are its arguments
        return;
      }
      return;
    }
    // A program shipped in the package itself (./bin/setup, scripts/install).
    if (word0.find('/') != std::string::npos) {
      std::string path = add_root(word0);
      const FileFacts* f = path.empty() ? nullptr : model_.file(path);
      if (f && f->native_executable) {
        model_.findings.push_back(make_finding(
            "install-runs-bundled-binary", Severity::kHigh, Category::kBundledBinary,
            fmt::format("'{}' executes a native binary shipped in the package", script),
            manifest_path_, line, word0, {"T1204.002"},
            "A prebuilt executable run at install cannot be reviewed as source. Packages that "
            "need native code build it (node-gyp) or download a verified binary per platform."));
      }
    }
  }

  void inline_code(const std::string& script, std::string_view prog, const std::string& code,
                   int line, int depth) {
    if (is_shell(prog)) {
      analyze_command(script + "(-c)", code, line, depth + 1);
      return;
    }
    add_virtual_file(model_, ctx_, "package.json#scripts." + script + "(inline)", code,
                     manifest_path_, line);
    model_.findings.push_back(make_finding(
        "install-script-inline-code", Severity::kLow, Category::kExecution,
        fmt::format("'{}' runs inline {} code ({} -e/-c); analyzed as install-time code", script,
                    prog, prog),
        manifest_path_, line, code, {"T1059"},
        "Inline code in a lifecycle script is easy to overlook in review; airlock scans it and the "
        "files it requires as install-time code."));
  }

  // Marks a file named in a command as install-time code; returns its tree path.
  std::string add_root(std::string_view word) {
    std::string path;
    if (!join_inside(dir_, word, path)) return {};
    for (std::string_view ext : {"", ".js", ".cjs", ".mjs"}) {
      std::string candidate = path + std::string(ext);
      if (model_.file(candidate)) {
        model_.install_roots.insert(candidate);
        return candidate;
      }
    }
    return {};
  }

  void analyze_binding_gyp() {
    const std::string gyp_path = dir_ + "binding.gyp";
    const std::string* gyp = model_.manifest(gyp_path);
    if (!gyp) return;
    // node-gyp runs binding.gyp at install: its command expansions and actions execute.
    model_.install_roots.insert(gyp_path);
    bool has_install =
        scripts_ && (scripts_->contains("install") || scripts_->contains("preinstall"));
    if (!has_install) {
      model_.findings.push_back(make_finding(
          "npm-implicit-node-gyp", Severity::kInfo, Category::kInstallHook,
          "binding.gyp without an install script: npm runs 'node-gyp rebuild' at install", gyp_path,
          1, "", {"T1059"},
          "npm adds an implicit install script for packages with a binding.gyp."));
    }
    // Command expansions <!(cmd) and <!@(cmd) run while the build files are generated.
    std::string_view text = *gyp;
    int count = 0;
    for (std::size_t pos = 0; (pos = text.find("<!", pos)) != std::string_view::npos && count < 64;
         ++count) {
      std::size_t open = text.find('(', pos);
      if (open == std::string_view::npos || open > pos + 3) {
        pos += 2;
        continue;
      }
      int level = 0;
      std::size_t end = open;
      for (; end < text.size() && end < open + 4096; ++end) {
        if (text[end] == '(') ++level;
        if (text[end] == ')' && --level == 0) break;
      }
      std::string command(text.substr(open + 1, end - open - 1));
      analyze_command("binding.gyp", command, line_of(text, pos), 0);
      pos = end;
    }
    analyze_gyp_actions(text);
    if (text.find("'actions'") != std::string_view::npos ||
        text.find("\"actions\"") != std::string_view::npos) {
      int line = line_of(text, text.find("actions"));
      model_.findings.push_back(make_finding(
          "binding-gyp-actions", Severity::kLow, Category::kInstallHook,
          "binding.gyp defines build actions, which run commands when node-gyp builds at install",
          gyp_path, line, "", {"T1059"},
          "gyp actions execute arbitrary commands during the native build."));
    }
  }

  // 'action': ['sh', '-c', 'cmd'] lists: the argv node-gyp's generated build runs.
  void analyze_gyp_actions(std::string_view text) {
    int count = 0;
    for (std::size_t pos = 0; count < 64; ++count) {
      std::size_t key = text.find("action", pos);
      if (key == std::string_view::npos) break;
      pos = key + 6;
      if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"')) continue;
      std::size_t open = text.find_first_not_of(" \t\r\n:", pos + 1);
      if (open == std::string_view::npos || text[open] != '[') continue;
      std::size_t close = text.find(']', open);
      if (close == std::string_view::npos || close - open > 8192) continue;
      // Re-quote each word so the shell parser sees the argv exactly.
      std::string command;
      std::string_view list = text.substr(open + 1, close - open - 1);
      for (std::size_t i = 0; i < list.size(); ++i) {
        char q = list[i];
        if (q != '\'' && q != '"') continue;
        std::size_t end = list.find(q, i + 1);
        if (end == std::string_view::npos) break;
        std::string word(list.substr(i + 1, end - i - 1));
        std::string quoted = "'";
        for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        command += (command.empty() ? "" : " ") + quoted + "'";
        i = end;
      }
      if (!command.empty()) analyze_command("binding.gyp", command, line_of(text, key), 0);
      pos = close;
    }
  }

  void analyze_bins() {
    auto bin = pkg_.find("bin");
    if (bin == pkg_.end()) return;
    std::string unscoped = model_.name.substr(model_.name.find('/') + 1);
    std::vector<std::pair<std::string, std::string>> bins;
    if (bin->is_string()) {
      bins.emplace_back(unscoped, bin->get<std::string>());
    } else if (bin->is_object()) {
      for (auto& [k, v] : bin->items()) {
        if (v.is_string()) bins.emplace_back(k, v.get<std::string>());
      }
    }
    for (const auto& [name, file] : bins) {
      if (!is_common_command(name) || is_legitimate_provider(name, model_.name)) continue;
      model_.findings.push_back(make_finding(
          "bin-shadows-command", Severity::kHigh, Category::kBinaryShadowing,
          fmt::format("bin '{}' takes the name of a common command; once installed globally or "
                      "run through npx, it runs instead of the real {}",
                      name, name),
          manifest_path_, line_of_key(text_, name), name + " -> " + file,
          {"T1036.005", "T1574.007"},
          "A package that installs an executable named like git, ssh, sudo or python "
          "intercepts the user's commands (and the passwords typed into them)."));
    }
  }

  void analyze_dependencies() {
    for (const char* field : {"dependencies", "optionalDependencies", "peerDependencies"}) {
      auto deps = pkg_.find(field);
      if (deps == pkg_.end() || !deps->is_object()) continue;
      for (auto& [name, spec_json] : deps->items()) {
        if (model_.dependencies.size() < kMaxDeclaredDependencies) {
          // An alias ("react-17": "npm:react@^17") installs the package after "npm:"; the
          // key only names the folder. That package is the one whose name can deceive
          // ("lodash": "npm:lodahs@1" hides a squat behind a popular key).
          std::string installed = name;
          if (spec_json.is_string()) {
            if (auto target = npm_alias_target(spec_json.get<std::string>())) installed = *target;
          }
          model_.dependencies.push_back({installed, manifest_path_, line_of_key(text_, name),
                                         installed == name ? std::string() : name});
        }
        if (!spec_json.is_string()) continue;
        std::string spec = spec_json.get<std::string>();
        Severity sev;
        std::string what;
        if (starts_with(spec, "http://") || starts_with(spec, "git://")) {
          sev = Severity::kHigh;
          what = "over an unauthenticated connection";
        } else if (starts_with(spec, "https://") || starts_with(spec, "git+") ||
                   starts_with(spec, "github:") || starts_with(spec, "gitlab:") ||
                   starts_with(spec, "bitbucket:") || starts_with(spec, "gist:") ||
                   starts_with(spec, "file:") || starts_with(spec, "link:")) {
          sev = Severity::kMedium;
          what = "from outside the registry";
        } else if (spec.find('/') != std::string::npos && spec.find(':') == std::string::npos &&
                   !spec.empty() && spec[0] != '@' &&
                   std::isalnum(static_cast<unsigned char>(spec[0]))) {
          sev = Severity::kMedium;  // "user/repo" GitHub shorthand
          what = "from a GitHub repository";
        } else {
          continue;
        }
        model_.findings.push_back(make_finding(
            "npm-dependency-url", sev, Category::kProvenance,
            fmt::format("dependency '{}' is fetched {} ({}), bypassing registry integrity and "
                        "signatures",
                        name, what, field),
            manifest_path_, line_of_key(text_, name), name + ": " + spec, {"T1195.001"},
            "Dependencies given as URLs, git repositories or tarballs are not pinned by the "
            "registry and can change after review; over http they can be swapped in transit."));
      }
    }
  }

  PackageModel& model_;
  AnalyzerContext& ctx_;
  std::string dir_;
  std::string manifest_path_;
  std::string text_;
  json pkg_;
  const json* scripts_ = nullptr;
};

}  // namespace

void analyze_npm(PackageModel& model, AnalyzerContext& ctx, const std::string& manifest_dir) {
  NpmAnalyzer(model, ctx, manifest_dir).run();
}

}  // namespace airlock::analyze
