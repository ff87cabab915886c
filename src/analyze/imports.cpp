// Local module references, for install-time reachability: which files an install script
// pulls in. Only relative JS specifiers and Python imports are collected; packages from
// the registry are other targets.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzers.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

constexpr std::size_t kMaxImportsPerFile = 256;
// Literals are kept only from small files (install scripts and loaders are small) so a
// package of large bundles does not hold millions of strings.
constexpr std::size_t kMaxLiteralsPerFile = 64;
constexpr std::size_t kMaxLiteralFileBytes = 64 * 1024;

bool preceded_by_import_keyword(std::string_view content, std::size_t quote) {
  std::size_t i = quote;
  while (i > 0 && (content[i - 1] == ' ' || content[i - 1] == '\t')) --i;
  std::string_view before = content.substr(0, i);
  return ends_with(before, "require(") || ends_with(before, "import(") ||
         ends_with(before, "from") || ends_with(before, "import");
}

void extract_js(std::string_view content, std::vector<std::string>& out) {
  for (std::size_t pos = 0; out.size() < kMaxImportsPerFile;) {
    std::size_t dot = content.find("./", pos);
    if (dot == std::string_view::npos) break;
    pos = dot + 2;
    std::size_t start = dot;
    if (start > 0 && content[start - 1] == '.') --start;  // "../"
    if (start == 0) continue;
    char q = content[start - 1];
    if (q != '\'' && q != '"' && q != '`') continue;
    if (!preceded_by_import_keyword(content, start - 1)) continue;
    std::size_t end = content.find(q, start);
    if (end == std::string_view::npos || end - start > 512) continue;
    out.emplace_back(content.substr(start, end - start));
  }
}

void extract_python(std::string_view content, std::vector<std::string>& out) {
  std::size_t pos = 0;
  while (pos < content.size() && out.size() < kMaxImportsPerFile) {
    std::size_t nl = content.find('\n', pos);
    std::string_view line = trim(content.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    std::string_view rest;
    if (starts_with(line, "from ")) {
      rest = trim(line.substr(5));
      auto sp = rest.find(' ');
      std::string_view module = rest.substr(0, sp);
      // "from . import a, b" names modules a and b of the current package.
      if (module.find_first_not_of('.') == std::string_view::npos && sp != std::string_view::npos) {
        std::string_view names = trim(rest.substr(sp));
        if (starts_with(names, "import ")) {
          for (std::string_view n : split_list(names.substr(7))) {
            out.push_back("py:" + std::string(module) + std::string(n.substr(0, n.find(' '))));
          }
        }
      } else if (!module.empty()) {
        out.push_back("py:" + std::string(module));
      }
    } else if (starts_with(line, "import ")) {
      for (std::string_view n : split_list(line.substr(7))) {
        out.push_back("py:" + std::string(n.substr(0, n.find(' '))));
      }
    }
  }
}

bool is_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/' || c == '_' ||
         c == '-' || c == '@' || c == '+';
}

// Quoted literals that look like file names ("lib/x.js", ".crcd", "_vendor/bin"): code that
// builds a path to a file and runs it (spawn, fork, Popen) names it this way, not by import.
void extract_path_literals(std::string_view content, std::vector<std::string>& out) {
  std::size_t found = 0;
  for (std::size_t i = 0; i < content.size() && found < kMaxLiteralsPerFile; ++i) {
    char q = content[i];
    if (q != '\'' && q != '"') continue;
    std::size_t j = i + 1;
    while (j < content.size() && j - i <= 200 && is_path_char(content[j])) ++j;
    if (j < content.size() && content[j] == q && j > i + 1) {
      std::string_view lit = content.substr(i + 1, j - i - 1);
      if (lit.find('.') != std::string_view::npos || lit.find('/') != std::string_view::npos) {
        out.push_back("lit:" + std::string(lit));
        ++found;
      }
      i = j;
    }
  }
}

}  // namespace

void extract_imports(std::string_view path, std::string_view content,
                     std::vector<std::string>& out) {
  std::string ext = extension_of(path);
  if (ext == ".py" || ext == ".pyw" || ext == ".pth") {
    extract_python(content, out);
  } else if (ext != ".d.ts") {
    extract_js(content, out);
  }
  if (ext != ".d.ts" && content.size() <= kMaxLiteralFileBytes) extract_path_literals(content, out);
}

}  // namespace airlock::analyze
