// Python analyzer: setup.py and in-tree build backends (install-time code), cmdclass
// overrides, .pth files and sitecustomize (run at every interpreter start), console scripts
// that shadow common commands, metadata (name, version, URL requirements).
#define TOML_EXCEPTIONS 0
#include <fmt/format.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "analyze/analyzers.h"
#include "analyze/shadowing.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

// "Name: x" style headers of PKG-INFO / METADATA (RFC 822); stops at the body.
std::string header_value(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (trim(line).empty()) break;
    if (starts_with(line, key) && line.size() > key.size() && line[key.size()] == ':') {
      return std::string(trim(line.substr(key.size() + 1)));
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return {};
}

std::vector<std::string> header_values(std::string_view text, std::string_view key) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size() && out.size() < 1000) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (trim(line).empty()) break;
    if (starts_with(line, key) && line.size() > key.size() && line[key.size()] == ':') {
      out.emplace_back(trim(line.substr(key.size() + 1)));
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

// Finds cmdclass={'install': X} / cmdclass=dict(install=X) overriding a step pip runs on
// install; returns the offset of "cmdclass" (npos when none) and the step name. Build steps
// (build_py, build_ext) are overridden legitimately much more often and are not listed.
std::size_t find_cmdclass_override(std::string_view text, std::string& step) {
  static constexpr std::string_view kSteps[] = {"install",        "develop",   "egg_info",
                                                "easy_install",   "bdist_egg", "install_lib",
                                                "install_scripts"};
  for (std::size_t pos = text.find("cmdclass"); pos != std::string_view::npos;
       pos = text.find("cmdclass", pos + 8)) {
    std::size_t open = text.find_first_not_of(" \t=", pos + 8);
    if (open == std::string_view::npos) break;
    char close = text[open] == '{' ? '}' : text.substr(open, 5) == "dict(" ? ')' : '\0';
    if (!close) continue;
    std::size_t end = text.find(close, open);
    std::string_view body = text.substr(open, std::min<std::size_t>(end, open + 2000) - open);
    for (std::string_view s : kSteps) {
      for (std::size_t k = body.find(s); k != std::string_view::npos; k = body.find(s, k + 1)) {
        char before = k > 0 ? body[k - 1] : ' ';
        char after = k + s.size() < body.size() ? body[k + s.size()] : ' ';
        bool quoted = (before == '\'' || before == '"') && after == before;
        bool keyword = close == ')' && !std::isalnum(static_cast<unsigned char>(before)) &&
                       before != '_' && (after == '=' || after == ' ');
        if (quoted || keyword) {
          step = std::string(s);
          return pos;
        }
      }
    }
  }
  return std::string::npos;
}

class PythonAnalyzer {
 public:
  PythonAnalyzer(PackageModel& model, AnalyzerContext& ctx) : model_(model), ctx_(ctx) {}

  void run() {
    if (model_.ecosystem.empty()) model_.ecosystem = "pypi";
    read_metadata();
    if (model_.manifest("setup.py")) analyze_setup_py();
    if (model_.manifest("pyproject.toml")) analyze_pyproject();
    for (const auto& [path, content] : model_.manifests) {
      if (ends_with(path, ".pth")) analyze_pth(path, content);
      if (basename_of(path) == "entry_points.txt") analyze_entry_points(path, content);
    }
    for (const auto& f : model_.files) {
      std::string_view base = basename_of(f.path);
      if (base == "sitecustomize.py" || base == "usercustomize.py") ships_customize(f.path);
    }
  }

 private:
  void read_metadata() {
    for (const auto& [path, content] : model_.manifests) {
      bool metadata = ends_with(path, ".dist-info/METADATA") ||
                      ends_with(path, ".egg-info/PKG-INFO") || path == "PKG-INFO";
      if (!metadata) continue;
      if (model_.name.empty()) model_.name = header_value(content, "Name");
      if (model_.version.empty()) model_.version = header_value(content, "Version");
      for (const std::string& req : header_values(content, "Requires-Dist")) {
        check_requirement(path, content, req);
        // PEP 508: the name ends at the first space, bracket, version or marker character.
        std::string name = req.substr(0, req.find_first_of(" ;[(<>=!~@"));
        if (!name.empty() && model_.dependencies.size() < 2000) {
          model_.dependencies.push_back({name, path, line_of(content, content.find(req))});
        }
      }
    }
  }

  void check_requirement(const std::string& path, std::string_view content,
                         const std::string& req) {
    // PEP 508 direct references: "name @ https://..."; pip installs them without an index.
    auto at = req.find(" @ ");
    if (at == std::string::npos) return;
    std::string url = std::string(trim(std::string_view(req).substr(at + 3)));
    bool insecure = starts_with(url, "http://") || starts_with(url, "git+http://");
    model_.findings.push_back(make_finding(
        "python-direct-url-requirement", insecure ? Severity::kHigh : Severity::kMedium,
        Category::kProvenance,
        fmt::format("requirement '{}' is a direct URL{}, bypassing the package index",
                    req.substr(0, at), insecure ? " over plain http" : ""),
        path, line_of(content, content.find(req)), req, {"T1195.001"},
        "Direct URL requirements fetch code from wherever the URL points, outside index "
        "integrity checks; PyPI rejects uploads that use them."));
  }

  void analyze_setup_py() {
    const std::string& text = *model_.manifest("setup.py");
    model_.install_roots.insert("setup.py");
    if (model_.name.empty()) {
      static const RE2 kName(R"(\bname\s*=\s*['"]([A-Za-z0-9._-]{1,200})['"])");
      static const RE2 kVersion(R"(\bversion\s*=\s*['"]([A-Za-z0-9._+!-]{1,100})['"])");
      RE2::PartialMatch(text, kName, &model_.name);
      RE2::PartialMatch(text, kVersion, &model_.version);
    }
    // cmdclass={'install': X, ...} or cmdclass=dict(install=X): code that replaces a step
    // pip runs. Build steps (build_py, build_ext) are overridden legitimately more often.
    std::string step;
    std::size_t off = find_cmdclass_override(text, step);
    if (off != std::string::npos) {
      model_.findings.push_back(make_finding(
          "setup-cmdclass-override", Severity::kMedium, Category::kInstallHook,
          fmt::format("setup.py replaces the '{}' command: custom code runs when pip installs "
                      "from source",
                      step),
          "setup.py", line_of(text, off), evidence_at(text, off), {"T1059.006"},
          "cmdclass overrides of install/develop/egg_info run arbitrary code during pip install "
          "of an sdist. Its body is analyzed as install-time code."));
    }
    static const RE2 kConsoleScript(
        R"(['"]\s*([A-Za-z0-9._-]{1,100})\s*=\s*[A-Za-z0-9_.]+:[A-Za-z0-9_.]+)");
    re2::StringPiece scan(text);
    std::string script;
    int n = 0;
    while (n++ < 200 && RE2::FindAndConsume(&scan, kConsoleScript, &script)) {
      check_script_name(script, "setup.py", text);
    }
  }

  void analyze_pyproject() {
    const std::string& text = *model_.manifest("pyproject.toml");
    if (toml_has_nameless_table_header(text)) {
      model_.findings.push_back(make_finding(
          "manifest-unparsable", Severity::kLow, Category::kPolicy,
          "pyproject.toml could not be parsed: a table header without a name", "pyproject.toml", 0,
          "", {}, "pip refuses a project whose pyproject.toml is invalid."));
      return;
    }
    toml::parse_result parsed = toml::parse(text);
    if (!parsed) {
      model_.findings.push_back(make_finding(
          "manifest-unparsable", Severity::kLow, Category::kPolicy,
          fmt::format("pyproject.toml could not be parsed: {}", parsed.error().description()),
          "pyproject.toml", static_cast<int>(parsed.error().source().begin.line), "", {},
          "pip refuses a project whose pyproject.toml is invalid."));
      return;
    }
    const toml::table& t = parsed.table();
    if (model_.name.empty()) model_.name = t["project"]["name"].value_or(std::string());
    if (model_.version.empty()) model_.version = t["project"]["version"].value_or(std::string());
    if (const toml::table* scripts = t["project"]["scripts"].as_table()) {
      for (const auto& [k, v] : *scripts)
        check_script_name(std::string(k.str()), "pyproject.toml", text);
    }
    const toml::array* backend_path = t["build-system"]["backend-path"].as_array();
    std::string backend = t["build-system"]["build-backend"].value_or(std::string());
    if (!backend_path) return;
    std::size_t off = text.find("backend-path");
    model_.findings.push_back(make_finding(
        "in-tree-build-backend", Severity::kMedium, Category::kInstallHook,
        fmt::format("pyproject.toml uses an in-tree build backend '{}': the package's own code "
                    "builds it at install",
                    backend),
        "pyproject.toml", line_of(text, off), evidence_at(text, off), {"T1059.006"},
        "backend-path makes pip import build code shipped in the sdist itself; it runs at "
        "install like setup.py. Its files are analyzed as install-time code."));
    std::string module = backend.substr(0, backend.find(':'));
    for (char& c : module) {
      if (c == '.') c = '/';
    }
    for (const auto& dir : *backend_path) {
      std::string base = dir.value_or(std::string("."));
      std::string path;
      for (std::string_view suffix : {".py", "/__init__.py"}) {
        if (join_inside(base, module + std::string(suffix), path) && model_.file(path)) {
          model_.install_roots.insert(path);
        }
      }
    }
  }

  void analyze_pth(const std::string& path, std::string_view content) {
    // site.py executes lines of .pth files that start with "import" at every interpreter start.
    model_.install_roots.insert(path);
    std::size_t pos = 0;
    int line_no = 0;
    while (pos < content.size()) {
      std::size_t nl = content.find('\n', pos);
      std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
      ++line_no;
      pos = nl == std::string_view::npos ? content.size() : nl + 1;
      if (!(starts_with(line, "import ") || starts_with(line, "import\t"))) continue;
      bool runs_code = line.find("exec(") != std::string_view::npos ||
                       line.find("eval(") != std::string_view::npos ||
                       line.find("subprocess") != std::string_view::npos ||
                       line.find("os.system") != std::string_view::npos ||
                       line.find("b64decode") != std::string_view::npos ||
                       line.find("urlopen") != std::string_view::npos ||
                       line.find("socket") != std::string_view::npos;
      model_.findings.push_back(make_finding(
          runs_code ? "pth-executes-code" : "pth-import-line",
          runs_code ? Severity::kHigh : Severity::kMedium, Category::kInstallHook,
          runs_code ? "a .pth file runs code at every Python start (exec/subprocess/decoding)"
                    : "a .pth file has an import line, which Python runs at every start",
          path, line_no, std::string(line), {"T1546.018"},
          ".pth files in site-packages are read by every Python interpreter at start-up and "
          "lines beginning with 'import' are executed, even when the package is never used. "
          "Legitimate uses (namespace packages, editable installs, setuptools' distutils shim) "
          "only import a module."));
      return;  // one finding per file
    }
  }

  void ships_customize(const std::string& path) {
    // In a wheel or installed distribution these land in site-packages and run at start-up.
    bool top_level = path.find('/') == std::string::npos;
    model_.install_roots.insert(path);
    model_.findings.push_back(make_finding(
        "ships-sitecustomize", top_level ? Severity::kHigh : Severity::kMedium,
        Category::kInstallHook,
        fmt::format("the package ships {}, which Python imports at every interpreter start",
                    basename_of(path)),
        path, 0, "", {"T1546.018"},
        "sitecustomize.py and usercustomize.py are imported automatically by site.py; a "
        "distribution has no reason to ship one."));
  }

  void analyze_entry_points(const std::string& path, std::string_view content) {
    bool in_scripts = false;
    std::size_t pos = 0;
    while (pos < content.size()) {
      std::size_t nl = content.find('\n', pos);
      std::string_view line =
          trim(content.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
      pos = nl == std::string_view::npos ? content.size() : nl + 1;
      if (starts_with(line, "[")) {
        in_scripts = line == "[console_scripts]" || line == "[gui_scripts]";
        continue;
      }
      auto eq = line.find('=');
      if (in_scripts && eq != std::string_view::npos) {
        check_script_name(std::string(trim(line.substr(0, eq))), path, content);
      }
    }
  }

  void check_script_name(const std::string& script, const std::string& path,
                         std::string_view content) {
    std::string dist = model_.name;
    for (char& c : dist) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!is_common_command(script) || is_legitimate_provider(script, dist)) return;
    model_.findings.push_back(make_finding(
        "console-script-shadows-command", Severity::kHigh, Category::kBinaryShadowing,
        fmt::format("console script '{}' takes the name of a common command and would run "
                    "instead of the real one",
                    script),
        path, line_of(content, content.find(script)), script, {"T1036.005", "T1574.007"},
        "A distribution that installs a script named like pip, python, git or sudo intercepts "
        "the user's commands."));
  }

  PackageModel& model_;
  AnalyzerContext& ctx_;
};

}  // namespace

void analyze_python(PackageModel& model, AnalyzerContext& ctx) {
  bool python = model.kind.rfind("pypi", 0) == 0 || model.manifest("setup.py") ||
                model.manifest("pyproject.toml");
  bool has_pth = false;
  for (const auto& [path, _] : model.manifests) has_pth |= ends_with(path, ".pth");
  bool has_customize = false;
  for (const auto& f : model.files) {
    std::string_view b = basename_of(f.path);
    has_customize |= b == "sitecustomize.py" || b == "usercustomize.py";
  }
  if (python || has_pth || has_customize) PythonAnalyzer(model, ctx).run();
}

}  // namespace airlock::analyze
