// JSONC, YAML and TOML read into one JSON value with member lines (see document.h).
//
// Why a pre-pass for JSONC rather than a JSON5 library: nlohmann can skip comments but not
// trailing commas, and it tells neither lines nor duplicate keys. The pre-pass walks the text
// once, respecting strings, blanks comments and trailing commas (same length, same lines), and
// on the way records the line of every member and every duplicate key; nlohmann then parses
// plain JSON. Depth is checked during the same walk, before the recursive parser runs.
#define TOML_EXCEPTIONS 0  // as in src/analyze/python.cpp: one setting per program (ODR)
#include "mcp/document.h"

#include <fmt/format.h>
#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <unordered_set>

#include "airlock/core/utf8.h"
#include "analyze/text_util.h"

namespace airlock::mcp::detail {
namespace {

int first_bad_utf8_line(std::string_view s) {
  int line = 1;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) return line;
    if (s[i] == '\n') ++line;
    i += n;
  }
  return 0;
}

// The key a quoted JSON token stands for (escapes decoded); the raw text when it does not
// decode (the real parse will then fail and say so).
std::string decode_json_string(std::string_view token) {
  auto j = nlohmann::json::parse(token.begin(), token.end(), nullptr, false);
  if (j.is_string()) return j.get<std::string>();
  return std::string(token.substr(1, token.size() >= 2 ? token.size() - 2 : 0));
}

struct Frame {
  bool object = false;
  std::string pointer;
  bool expect_key = false;
  std::string key;
  std::size_t index = 0;
  std::unordered_map<std::string, int> keys;  // key -> line of first occurrence
};

}  // namespace

std::string pointer_append(const std::string& base, std::string_view token) {
  std::string out = base;
  out += '/';
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

int Document::line_of(std::string pointer) const {
  while (true) {
    auto it = lines.find(pointer);
    if (it != lines.end()) return it->second;
    auto slash = pointer.rfind('/');
    if (slash == std::string::npos || pointer.empty()) return 0;
    pointer.resize(slash);
  }
}

void Document::add(Diagnostic d) {
  if (diagnostics.size() < kMaxDiagnostics) diagnostics.push_back(std::move(d));
}

void Document::add_duplicate(std::string object_pointer, std::string key, int line,
                             int first_line) {
  if (duplicates.size() >= kMaxDiagnostics) return;
  duplicates.push_back({std::move(object_pointer), std::move(key), line, first_line});
}

bool clean_jsonc(std::string_view in, std::string& out, Document& doc) {
  out.assign(in.begin(), in.end());
  std::vector<Frame> stack;
  int line = 1;
  std::size_t pending_comma = std::string::npos;
  auto significant = [&] { pending_comma = std::string::npos; };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == '"') {
      significant();
      const int start_line = line;
      std::size_t j = i + 1;
      while (j < in.size() && in[j] != '"' && in[j] != '\n') j += (in[j] == '\\') ? 2 : 1;
      std::size_t end = std::min(j, in.size() - 1);
      if (!stack.empty() && stack.back().object && stack.back().expect_key) {
        Frame& f = stack.back();
        f.key = decode_json_string(in.substr(i, end - i + 1));
        f.expect_key = false;
        auto [it, fresh] = f.keys.emplace(f.key, start_line);
        if (!fresh) doc.add_duplicate(f.pointer, f.key, start_line, it->second);
        if (static_cast<int>(stack.size()) <= kMaxLineDepth) {
          doc.lines[pointer_append(f.pointer, f.key)] = start_line;
        }
      }
      // An unterminated string stops at the newline, which the loop must still count.
      i = (j < in.size() && in[j] == '\n') ? j - 1 : end;
      continue;
    }
    if (c == '/' && i + 1 < in.size() && in[i + 1] == '/') {
      for (; i < in.size() && in[i] != '\n'; ++i) out[i] = ' ';
      --i;  // let the loop see the newline
      continue;
    }
    if (c == '/' && i + 1 < in.size() && in[i + 1] == '*') {
      out[i] = out[i + 1] = ' ';
      for (i += 2; i < in.size() && !(in[i] == '*' && i + 1 < in.size() && in[i + 1] == '/'); ++i) {
        if (in[i] == '\n')
          ++line;
        else
          out[i] = ' ';
      }
      if (i < in.size()) out[i] = out[i + 1] = ' ', ++i;
      continue;
    }
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
        break;
      case ',':
        pending_comma = i;
        if (!stack.empty()) {
          if (stack.back().object)
            stack.back().expect_key = true;
          else
            ++stack.back().index;
        }
        break;
      case '}':
      case ']':
        if (pending_comma != std::string::npos) out[pending_comma] = ' ';
        pending_comma = std::string::npos;
        if (!stack.empty()) stack.pop_back();
        break;
      case '{':
      case '[': {
        significant();
        Frame f;
        f.object = c == '{';
        f.expect_key = f.object;
        if (!stack.empty()) {
          const Frame& p = stack.back();
          f.pointer = p.object ? pointer_append(p.pointer, p.key)
                               : pointer_append(p.pointer, std::to_string(p.index));
        }
        stack.push_back(std::move(f));
        if (static_cast<int>(stack.size()) > kMaxConfigDepth) return false;
        break;
      }
      default:
        significant();
    }
  }
  return true;
}

namespace {

Result<Document> parse_json(std::string_view text, Document doc) {
  std::string cleaned;
  if (!clean_jsonc(text, cleaned, doc)) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("nested deeper than {} levels: not parsed", kMaxConfigDepth));
  }
  nlohmann::json root = nlohmann::json::parse(cleaned, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    // nlohmann says where with an exception only; the cheap second parse is for the message.
    std::string where;
    try {
      nlohmann::json again = nlohmann::json::parse(cleaned);
      (void)again;
    } catch (const nlohmann::json::parse_error& e) {
      std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
      int line = 1;
      for (std::size_t k = 0; k < byte && k < cleaned.size(); ++k) line += cleaned[k] == '\n';
      where = fmt::format(" (line {})", line);
    } catch (const std::exception&) {
    }
    return make_error(ErrorCode::kFormat, "not valid JSON" + where);
  }
  doc.root = std::move(root);
  return doc;
}

// Rough nesting bound before yaml-cpp's recursive parser runs: flow brackets outside quotes
// and comments, and the number of open indentation levels. Block scalars with ragged
// indentation can overcount; the bound is generous (4x the model depth) for that reason.
int yaml_nesting(std::string_view text) {
  int worst = 0, flow = 0;
  std::vector<std::size_t> indents;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t eol = text.find('\n', i);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(i, eol - i);
    std::size_t indent = line.find_first_not_of(' ');
    if (indent != std::string_view::npos && line[indent] != '#' && line[indent] != '\r') {
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      char quote = 0;
      for (std::size_t k = indent; k < line.size(); ++k) {
        char c = line[k];
        if (quote) {
          if (c == quote) quote = 0;
          continue;
        }
        if (c == '"' || c == '\'')
          quote = c;
        else if (c == '#' && (k == 0 || line[k - 1] == ' '))
          break;
        else if (c == '[' || c == '{')
          ++flow;
        else if ((c == ']' || c == '}') && flow > 0)
          --flow;
      }
      worst = std::max(worst, flow + static_cast<int>(indents.size()));
    }
    i = eol + 1;
  }
  return worst;
}

struct YamlConverter {
  Document& doc;
  std::size_t budget = kMaxYamlNodes;
  std::string error;

  bool convert(const YAML::Node& n, nlohmann::json& out, const std::string& ptr, int depth) {
    if (depth > kMaxConfigDepth) {
      error = fmt::format("nested deeper than {} levels: not parsed", kMaxConfigDepth);
      return false;
    }
    if (budget == 0) {
      error = fmt::format("more than {} values (alias expansion?): not parsed", kMaxYamlNodes);
      return false;
    }
    --budget;
    switch (n.Type()) {
      case YAML::NodeType::Map: {
        out = nlohmann::json::object();
        std::unordered_map<std::string, int> seen;
        for (auto it = n.begin(); it != n.end(); ++it) {
          std::string key = it->first.IsScalar() ? it->first.Scalar() : "<complex key>";
          int line = it->first.Mark().line >= 0 ? it->first.Mark().line + 1 : 0;
          auto [pos, fresh] = seen.emplace(key, line);
          if (!fresh) doc.add_duplicate(ptr, key, line, pos->second);
          std::string child = pointer_append(ptr, key);
          if (depth < kMaxLineDepth && line > 0) doc.lines[child] = line;
          nlohmann::json v;
          if (!convert(it->second, v, child, depth + 1)) return false;
          out[key] = std::move(v);
        }
        return true;
      }
      case YAML::NodeType::Sequence: {
        out = nlohmann::json::array();
        std::size_t idx = 0;
        for (auto it = n.begin(); it != n.end(); ++it, ++idx) {
          std::string child = pointer_append(ptr, std::to_string(idx));
          int line = it->Mark().line >= 0 ? it->Mark().line + 1 : 0;
          if (depth < kMaxLineDepth && line > 0) doc.lines[child] = line;
          nlohmann::json v;
          if (!convert(*it, v, child, depth + 1)) return false;
          out.push_back(std::move(v));
        }
        return true;
      }
      case YAML::NodeType::Scalar: {
        const std::string& s = n.Scalar();
        // Quoted scalars carry the tag "!", plain ones "?": only plain ones are booleans.
        if (n.Tag() == "?") {
          if (s == "true" || s == "True" || s == "TRUE") return out = true, true;
          if (s == "false" || s == "False" || s == "FALSE") return out = false, true;
          if (s == "null" || s == "Null" || s == "NULL" || s == "~") return out = nullptr, true;
        }
        out = s;
        return true;
      }
      default:
        out = nullptr;
        return true;
    }
  }
};

Result<Document> parse_yaml(std::string_view text, Document doc) {
  if (yaml_nesting(text) > 4 * kMaxConfigDepth) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("nested deeper than {} levels: not parsed", kMaxConfigDepth));
  }
  YAML::Node node;
  try {
    node = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kFormat,
                      fmt::format("not valid YAML (line {}): {}", e.mark.line + 1, e.msg));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFormat, fmt::format("not valid YAML: {}", e.what()));
  }
  YamlConverter conv{doc, kMaxYamlNodes, {}};
  try {
    if (!conv.convert(node, doc.root, "", 0)) return make_error(ErrorCode::kLimit, conv.error);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFormat, fmt::format("not valid YAML: {}", e.what()));
  }
  return doc;
}

bool toml_to_json(const toml::node& n, nlohmann::json& out, const std::string& ptr, int depth,
                  Document& doc) {
  if (depth > kMaxConfigDepth) return false;
  if (const toml::table* t = n.as_table()) {
    out = nlohmann::json::object();
    for (const auto& [k, v] : *t) {
      std::string key(k.str());
      std::string child = pointer_append(ptr, key);
      int line = static_cast<int>(k.source().begin.line);
      if (line <= 0) line = static_cast<int>(v.source().begin.line);
      if (depth < kMaxLineDepth && line > 0) doc.lines[child] = line;
      nlohmann::json j;
      if (!toml_to_json(v, j, child, depth + 1, doc)) return false;
      out[key] = std::move(j);
    }
    return true;
  }
  if (const toml::array* a = n.as_array()) {
    out = nlohmann::json::array();
    std::size_t idx = 0;
    for (const toml::node& v : *a) {
      nlohmann::json j;
      if (!toml_to_json(v, j, pointer_append(ptr, std::to_string(idx++)), depth + 1, doc))
        return false;
      out.push_back(std::move(j));
    }
    return true;
  }
  if (auto s = n.value<std::string>(); s && n.is_string()) return out = *s, true;
  if (n.is_boolean()) return out = *n.value<bool>(), true;
  if (n.is_integer()) return out = *n.value<std::int64_t>(), true;
  if (n.is_floating_point()) return out = *n.value<double>(), true;
  // Dates and times: their TOML spelling is enough for a configuration inventory.
  std::ostringstream os;
  if (const auto* d = n.as_date()) os << *d;
  if (const auto* t = n.as_time()) os << *t;
  if (const auto* dt = n.as_date_time()) os << *dt;
  out = os.str();
  return true;
}

Result<Document> parse_toml(std::string_view text, Document doc) {
  if (analyze::toml_has_nameless_table_header(text))
    return make_error(ErrorCode::kFormat, "not valid TOML: a table header without a name");
  toml::parse_result parsed = toml::parse(text);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return make_error(ErrorCode::kFormat, fmt::format("not valid TOML (line {}): {}",
                                                      e.source().begin.line, e.description()));
  }
  if (!toml_to_json(parsed.table(), doc.root, "", 0, doc)) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("nested deeper than {} levels: not parsed", kMaxConfigDepth));
  }
  return doc;
}

}  // namespace

Result<Document> parse_document(FileFormat format, std::string_view bytes) {
  if (bytes.size() > kMaxConfigBytes) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("larger than {} MiB: not parsed", kMaxConfigBytes >> 20));
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // editors write BOMs
  Document doc;
  // Clients read text with replacement characters for bad bytes (Node, Python's
  // errors="replace", Rust's from_utf8_lossy); so do we, and say so.
  std::string repaired;
  if (int line = first_bad_utf8_line(bytes); line > 0) {
    repaired = repair_utf8(bytes);
    bytes = repaired;
    Diagnostic d;
    d.kind = Diagnostic::Kind::kInvalidUtf8;
    d.line = line;
    d.message = "invalid UTF-8 (first at this line) read as U+FFFD";
    doc.add(std::move(d));
  }
  switch (format) {
    case FileFormat::kJson:
      return parse_json(bytes, std::move(doc));
    case FileFormat::kYaml:
      return parse_yaml(bytes, std::move(doc));
    case FileFormat::kToml:
      return parse_toml(bytes, std::move(doc));
  }
  return make_error(ErrorCode::kInternal, "unknown format");
}

}  // namespace airlock::mcp::detail
