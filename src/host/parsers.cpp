// Semantic parsers of the host collectors (include/airlock/host/parsers.h).
#define TOML_EXCEPTIONS 0  // as in src/analyze/python.cpp: one setting per program (ODR)
#include "airlock/host/parsers.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "airlock/core/hash.h"
#include "airlock/core/utf8.h"
#include "analyze/json_util.h"
#include "analyze/text_util.h"

namespace airlock::host {
namespace {

using nlohmann::json;

// Keys longer than this are cut and completed with a digest of the whole, so a 1 MB line
// stays one bounded, still unique key.
constexpr std::size_t kMaxKeyBytes = 512;
constexpr std::size_t kMaxEvidence = 200;
// Nesting of JSON/TOML/YAML documents, and nodes converted from YAML (aliases can make a
// small document expand into a huge tree).
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxYamlNodes = 100'000;
// Leaves flattened from one document when no selector is given.
constexpr std::size_t kMaxLeaves = 5000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Runs of blanks become one space: re-indenting a line does not change its meaning.
std::string collapse_blanks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool blank = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

std::string bounded_key(std::string key) {
  if (key.size() <= kMaxKeyBytes) return key;
  std::string digest = sha256_hex(key).substr(0, 16);
  key.resize(kMaxKeyBytes - 24);
  return key + "...#" + digest;
}

std::string clip(std::string_view s) {
  if (s.size() <= kMaxEvidence) return std::string(s);
  return std::string(s.substr(0, kMaxEvidence - 3)) + "...";
}

// Lines with their 1-based numbers; \r\n and \n both end a line.
struct Line {
  std::string_view text;
  int number;
};
std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> out;
  int n = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back({line, ++n});
    start = end + 1;
  }
  return out;
}

// Joins lines ending with a backslash to the next one (shell, sudoers, systemd).
std::vector<std::pair<std::string, int>> join_continuations(std::string_view text) {
  std::vector<std::pair<std::string, int>> out;
  std::string cur;
  int first = 0;
  for (const Line& l : split_lines(text)) {
    std::string_view t = l.text;
    if (cur.empty()) first = l.number;
    bool cont = !t.empty() && t.back() == '\\';
    if (cont) t.remove_suffix(1);
    cur.append(t);
    if (cont && cur.size() < (1u << 20)) {
      cur += ' ';
      continue;
    }
    out.emplace_back(std::move(cur), first);
    cur.clear();
  }
  if (!cur.empty()) out.emplace_back(std::move(cur), first);
  return out;
}

void add(ParseResult& r, std::string key, std::string value, std::string evidence, int line) {
  if (r.records.size() >= kMaxRecordsPerFile) {
    if (r.records.size() == kMaxRecordsPerFile) {
      r.notes.push_back(
          fmt::format("more than {} items; the rest is not compared", kMaxRecordsPerFile));
      r.records.push_back({"(truncated)", "", "", 0});
    }
    return;
  }
  r.records.push_back({bounded_key(std::move(key)), std::move(value), clip(evidence), line});
}

// A line-set record: the normalised line is the key (two identical lines stay two items).
void add_line(ParseResult& r, std::string_view line, int number) {
  std::string norm = collapse_blanks(line);
  add(r, norm, "", norm, number);
}

bool glob_icase(std::string_view pattern, std::string_view s) {
  return ::fnmatch(std::string(pattern).c_str(), std::string(s).c_str(), FNM_CASEFOLD) == 0;
}

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  int bracket = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '[') ++bracket;
    if (i < s.size() && s[i] == ']') --bracket;
    if (i == s.size() || (s[i] == ',' && bracket == 0)) {
      std::string_view item = trim(s.substr(start, i - start));
      if (!item.empty()) out.push_back(item);
      start = i + 1;
    }
  }
  return out;
}

std::string secret_digest(std::string_view value) {
  return "<secret sha256:" + sha256_hex(value).substr(0, 12) + ">";
}

// ---- structured documents (JSON, JSONC, TOML, YAML) --------------------------------------

// A copy of the document with sorted keys (nlohmann::json sorts) and secrets hashed.
json canonical(const json& j, std::string_view key_of_j) {
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = canonical(it.value(), it.key());
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& v : j) out.push_back(canonical(v, key_of_j));
    return out;
  }
  if (j.is_string() && is_secret_key(key_of_j)) return secret_digest(j.get<std::string>());
  return j;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Key path segment as shown: plain when it is a simple word, quoted otherwise.
std::string path_segment(std::string_view key) {
  bool simple = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  if (simple) return std::string(key);
  return dump(json(repair_utf8(key)));
}

std::string join_path(const std::string& base, std::string_view seg) {
  if (seg.starts_with('[')) return base + std::string(seg);
  return base.empty() ? std::string(seg) : base + "." + std::string(seg);
}

// An array element is named by its `name`, `label` or `id` when it has one, so reordering
// a list of servers or tasks is not a change.
std::string element_segment(const json& elem, std::size_t index) {
  if (elem.is_object()) {
    for (const char* k : {"name", "label", "id"}) {
      auto it = elem.find(k);
      if (it != elem.end() && it->is_string()) return "[" + it->get<std::string>() + "]";
    }
  }
  return fmt::format("[{}]", index);
}

struct Selector {
  struct Segment {
    std::string name;                       // key, or * for any key / element
    std::string filter_path, filter_value;  // [a.b=v]: keep children whose a.b is v
  };
  std::vector<Segment> segments;
};

Selector parse_selector(std::string_view s) {
  Selector sel;
  std::string cur;
  Selector::Segment seg;
  auto flush = [&] {
    seg.name = cur;
    if (!seg.name.empty() || !seg.filter_path.empty()) sel.segments.push_back(seg);
    seg = {};
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '[') {
      std::size_t end = s.find(']', i);
      if (end == std::string_view::npos) break;
      std::string_view f = s.substr(i + 1, end - i - 1);
      std::size_t eq = f.find('=');
      if (f.empty() && cur.empty()) cur = "*";  // tasks[] = every element
      if (eq != std::string_view::npos) {
        seg.filter_path = std::string(f.substr(0, eq));
        seg.filter_value = std::string(f.substr(eq + 1));
      }
      if (cur.empty()) cur = "*";
      i = end;
    } else if (c == '.') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  // `tasks[]` written after a key: tasks.* with the filter on the elements.
  return sel;
}

const json* subpath(const json& j, std::string_view dotted) {
  const json* cur = &j;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t end = dotted.find('.', start);
    if (end == std::string_view::npos) end = dotted.size();
    std::string key(dotted.substr(start, end - start));
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    start = end + 1;
  }
  return cur;
}

bool passes_filter(const json& child, const Selector::Segment& seg) {
  if (seg.filter_path.empty()) return true;
  const json* v = subpath(child, seg.filter_path);
  if (v == nullptr) return false;
  return v->is_string() ? v->get<std::string>() == seg.filter_value : dump(*v) == seg.filter_value;
}

void select(const json& j, const Selector& sel, std::size_t i, const std::string& path,
            std::string_view last_key, ParseResult& r) {
  if (i == sel.segments.size()) {
    std::string value = dump(canonical(j, last_key));
    add(r, path, value, path + " = " + value, 0);
    return;
  }
  const auto& seg = sel.segments[i];
  if (j.is_object()) {
    if (!seg.filter_path.empty() && seg.name != "*") {
      // key[filter]: the key, then the elements (or members) that pass.
      auto it = j.find(seg.name);
      if (it == j.end()) return;
      std::string base = join_path(path, path_segment(seg.name));
      std::size_t idx = 0;
      if (it->is_array()) {
        for (const auto& elem : *it) {
          if (passes_filter(elem, seg)) {
            select(elem, sel, i + 1, join_path(base, element_segment(elem, idx)), seg.name, r);
          }
          ++idx;
        }
      }
      return;
    }
    // Settings files write nested keys flat ("terminal.integrated.env.linux": {...}): a
    // member matches one segment or several joined by dots.
    std::string joined;
    for (std::size_t k = i; k < sel.segments.size(); ++k) {
      if (k > i) joined += '.';
      joined += sel.segments[k].name;
      const auto& last = sel.segments[k];
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (k > i && it.key().find('.') == std::string::npos) continue;
        if (::fnmatch(joined.c_str(), it.key().c_str(), 0) != 0) continue;
        if (!passes_filter(it.value(), last)) continue;
        select(it.value(), sel, k + 1, join_path(path, path_segment(it.key())), it.key(), r);
      }
    }
  } else if (j.is_array() && seg.name == "*") {
    std::size_t idx = 0;
    for (const auto& elem : j) {
      if (passes_filter(elem, seg)) {
        select(elem, sel, i + 1, join_path(path, element_segment(elem, idx)), last_key, r);
      }
      ++idx;
    }
  }
}

void flatten(const json& j, const std::string& path, std::string_view last_key, ParseResult& r) {
  if (r.records.size() >= kMaxLeaves) return;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      flatten(it.value(), join_path(path, path_segment(it.key())), it.key(), r);
    }
  } else if (j.is_array()) {
    std::size_t idx = 0;
    for (const auto& elem : j)
      flatten(elem, join_path(path, element_segment(elem, idx++)), last_key, r);
  } else {
    std::string value = dump(canonical(j, last_key));
    add(r, path.empty() ? "(document)" : path, value, path + " = " + value, 0);
  }
}

std::optional<json> toml_to_json(const toml::node& n, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  if (const auto* t = n.as_table()) {
    json out = json::object();
    for (const auto& [k, v] : *t) {
      auto c = toml_to_json(v, depth + 1);
      if (!c) return std::nullopt;
      out[std::string(k.str())] = std::move(*c);
    }
    return out;
  }
  if (const auto* a = n.as_array()) {
    json out = json::array();
    for (const auto& v : *a) {
      auto c = toml_to_json(v, depth + 1);
      if (!c) return std::nullopt;
      out.push_back(std::move(*c));
    }
    return out;
  }
  if (auto s = n.value<std::string>()) return json(repair_utf8(*s));
  if (auto b = n.value<bool>(); b && n.is_boolean()) return json(*b);
  if (n.is_integer()) return json(n.value<std::int64_t>().value_or(0));
  if (n.is_floating_point()) return json(n.value<double>().value_or(0));
  std::string text;
  if (n.is_date() || n.is_time() || n.is_date_time()) {
    std::ostringstream os;
    n.visit([&](auto&& v) { os << v; });
    text = os.str();
  }
  return json(text);
}

bool yaml_to_json(const YAML::Node& n, int depth, std::size_t& budget, json& out) {
  if (depth > kMaxDepth || budget == 0) return false;
  --budget;
  switch (n.Type()) {
    case YAML::NodeType::Map:
      out = json::object();
      for (const auto& kv : n) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
        json child;
        if (!yaml_to_json(kv.second, depth + 1, budget, child)) return false;
        out[repair_utf8(key)] = std::move(child);
      }
      return true;
    case YAML::NodeType::Sequence:
      out = json::array();
      for (const auto& v : n) {
        json child;
        if (!yaml_to_json(v, depth + 1, budget, child)) return false;
        out.push_back(std::move(child));
      }
      return true;
    case YAML::NodeType::Scalar:
      out = repair_utf8(n.Scalar());
      return true;
    default:
      out = nullptr;
      return true;
  }
}

std::optional<json> parse_document(std::string_view text, std::string_view syntax,
                                   std::vector<std::string>& notes) {
  if (syntax == "toml") {
    if (analyze::toml_has_nameless_table_header(text)) {
      notes.push_back("not valid TOML: a table header without a name");
      return std::nullopt;
    }
    toml::parse_result parsed = toml::parse(text);
    if (!parsed) {
      const auto& e = parsed.error();
      notes.push_back(
          fmt::format("not valid TOML (line {}): {}", e.source().begin.line, e.description()));
      return std::nullopt;
    }
    auto j = toml_to_json(parsed.table(), 0);
    if (!j) notes.push_back("TOML nested too deeply");
    return j;
  }
  if (syntax == "yaml") {
    try {
      YAML::Node root = YAML::Load(std::string(text));
      json out;
      std::size_t budget = kMaxYamlNodes;
      if (!yaml_to_json(root, 0, budget, out)) {
        notes.push_back("YAML too deep or too large once aliases are expanded");
        return std::nullopt;
      }
      return out;
    } catch (const std::exception& e) {
      notes.push_back(fmt::format("not valid YAML: {}", e.what()));
      return std::nullopt;
    }
  }
  // JSON and JSONC alike: editors accept comments and trailing commas in both in practice.
  std::string cleaned = strip_jsonc(text);
  std::string error;
  auto j = analyze::parse_json_bounded(cleaned, kMaxDepth, error);
  if (!j) notes.push_back(error);
  return j;
}

}  // namespace

bool is_secret_key(std::string_view key) {
  std::string k = lower(key);
  // Commands that fetch a secret are exec hooks, not secrets: keep them readable.
  if (k.ends_with("helper") || k.ends_with("process") || k.ends_with("command")) return false;
  for (const char* word : {"token", "secret", "password", "passwd", "apikey", "api_key", "api-key",
                           "_auth", "authorization", "private_key", "privatekey"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string strip_jsonc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  // Position in `out` of the last comma outside strings, dropped if a } or ] follows it.
  std::size_t pending_comma = std::string::npos;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      std::size_t start = i++;
      while (i < text.size() && text[i] != '"') i += (text[i] == '\\') ? 2 : 1;
      i = std::min(i + 1, text.size());
      out.append(text.substr(start, i - start));
      pending_comma = std::string::npos;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
      out += ' ';
      continue;
    }
    if ((c == '}' || c == ']') && pending_comma != std::string::npos) {
      out[pending_comma] = ' ';
    }
    if (c == ',') {
      pending_comma = out.size();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      pending_comma = std::string::npos;
    }
    out += c;
    ++i;
  }
  return out;
}

ParseResult parse_lines(std::string_view text, std::string_view comment_chars) {
  ParseResult r;
  for (const Line& l : split_lines(text)) {
    std::string_view t = trim(l.text);
    if (t.empty() || comment_chars.find(t.front()) != std::string_view::npos) continue;
    add_line(r, t, l.number);
  }
  return r;
}

ParseResult parse_shell_rc(std::string_view text) {
  ParseResult r;
  for (auto& [line, number] : join_continuations(text)) {
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    add_line(r, t, number);
  }
  return r;
}

ParseResult parse_crontab(std::string_view text, std::string_view path) {
  ParseResult r;
  const bool system = path == "/etc/crontab" || path.starts_with("/etc/cron.d/");
  const bool anacron = path.ends_with("anacrontab");
  for (const Line& l : split_lines(text)) {
    std::string_view t = trim(l.text);
    if (t.empty() || t.front() == '#') continue;
    std::string norm = collapse_blanks(t);
    // NAME=value (SHELL, PATH, MAILTO): changes the environment of every job below.
    std::size_t eq = norm.find('='), sp = norm.find(' ');
    if (eq != std::string::npos && (sp == std::string::npos || eq < sp) &&
        !std::isdigit(static_cast<unsigned char>(norm[0])) && norm[0] != '*' && norm[0] != '@') {
      add(r, "env " + norm, "", norm, l.number);
      continue;
    }
    // Fields before the command: 5 schedule fields or one @keyword, then the user in system
    // tables; anacrontab has period, delay and job id.
    std::size_t fields = anacron ? 3 : (norm[0] == '@' ? 1 : 5) + (system ? 1 : 0);
    std::size_t pos = 0;
    for (std::size_t f = 0; f < fields && pos != std::string::npos; ++f) {
      pos = norm.find(' ', pos);
      if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos || pos >= norm.size()) {
      r.notes.push_back(fmt::format("line {}: not a cron job (too few fields)", l.number));
    }
    add(r, norm, "", norm, l.number);
  }
  return r;
}

ParseResult parse_systemd_unit(std::string_view text) {
  ParseResult r;
  std::string section;
  // Values in assignment order per "[Section] Key"; an empty assignment resets the list.
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> first_line;
  for (auto& [raw, number] : join_continuations(text)) {
    std::string_view t = trim(raw);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    if (t.front() == '[') {
      std::size_t end = t.find(']');
      section = std::string(t.substr(1, end == std::string_view::npos ? t.size() - 1 : end - 1));
      continue;
    }
    std::size_t eq = t.find('=');
    if (eq == std::string_view::npos) {
      r.notes.push_back(fmt::format("line {}: not a Key=value assignment", number));
      continue;
    }
    std::string key = "[" + section + "] " + std::string(trim(t.substr(0, eq)));
    std::string value = collapse_blanks(t.substr(eq + 1));
    auto& list = values[key];
    if (value.empty()) {
      list.clear();
    } else {
      list.push_back(value);
    }
    first_line.emplace(key, number);
  }
  for (const auto& [key, list] : values) {
    std::string joined;
    for (const auto& v : list) joined += (joined.empty() ? "" : "\n") + v;
    std::string shown = key;
    for (const auto& v : list) shown += " " + v;
    add(r, key, joined, shown, first_line[key]);
  }
  return r;
}

ParseResult parse_ini(std::string_view text, bool desktop_entry) {
  ParseResult r;
  std::string section;
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> first_line;
  std::string last_key;
  for (const Line& l : split_lines(text)) {
    std::string_view raw = l.text;
    std::string_view t = trim(raw);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    // Indented line after a key: a continuation (pip.conf extra-index-url lists).
    if (!desktop_entry && !last_key.empty() && (raw.front() == ' ' || raw.front() == '\t') &&
        t.front() != '[') {
      values[last_key].push_back(collapse_blanks(t));
      continue;
    }
    if (t.front() == '[' && t.back() == ']') {
      section = std::string(trim(t.substr(1, t.size() - 2)));
      last_key.clear();
      continue;
    }
    std::size_t sep = t.find('=');
    if (sep == std::string_view::npos && !desktop_entry) sep = t.find(':');
    std::string_view name = trim(t.substr(0, sep));
    std::string_view value = sep == std::string_view::npos ? "" : trim(t.substr(sep + 1));
    // Translations (Name[de]=...) say nothing about what runs.
    if (desktop_entry && name.find('[') != std::string_view::npos) continue;
    std::string key = section.empty() ? std::string(name)
                      : desktop_entry ? "[" + section + "] " + std::string(name)
                                      : section + "." + std::string(name);
    std::string v = is_secret_key(name) ? secret_digest(value) : collapse_blanks(value);
    values[key].push_back(v);
    first_line.emplace(key, l.number);
    last_key = key;
  }
  for (const auto& [key, list] : values) {
    std::string joined;
    for (const auto& v : list) joined += (joined.empty() ? "" : "\n") + v;
    add(r, key, joined, key + " = " + joined, first_line[key]);
  }
  return r;
}

ParseResult parse_pth(std::string_view text, std::string_view path) {
  if (path.ends_with(".py")) return parse_lines(text, "#");  // sitecustomize.py
  ParseResult r;
  for (const Line& l : split_lines(text)) {
    std::string_view t = trim(l.text);
    if (t.empty() || t.front() == '#') continue;
    // site.py executes lines that start with "import" followed by a space or tab.
    bool exec = (l.text.starts_with("import ") || l.text.starts_with("import\t"));
    std::string norm = collapse_blanks(t);
    add(r, (exec ? "exec: " : "path: ") + norm, "", norm, l.number);
  }
  return r;
}

ParseResult parse_gitconfig(std::string_view text, std::string_view key_globs) {
  static constexpr std::string_view kDefaultKeys =
      "core.hooksPath,core.fsmonitor,core.pager,core.editor,core.sshCommand,credential.helper,"
      "credential.*.helper,alias.*,filter.*.clean,filter.*.smudge,filter.*.process,diff.external,"
      "diff.*.textconv,url.*.insteadOf,include.path,includeIf.*.path,sequence.editor,"
      "gpg.program,uploadpack.packObjectsHook";
  if (key_globs.empty()) key_globs = kDefaultKeys;
  std::vector<std::string_view> globs = split_commas(key_globs);
  ParseResult r;
  std::string section;  // "core", "remote.origin" (subsection keeps its case)
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> first_line;
  for (auto& [raw, number] : join_continuations(text)) {
    std::string_view t = trim(raw);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    if (t.front() == '[') {
      std::size_t end = t.rfind(']');
      std::string_view head = t.substr(1, end == std::string_view::npos ? t.size() - 1 : end - 1);
      std::size_t q = head.find('"');
      if (q != std::string_view::npos) {
        std::string sub;
        for (std::size_t i = q + 1; i < head.size() && head[i] != '"'; ++i) {
          if (head[i] == '\\' && i + 1 < head.size()) ++i;
          sub += head[i];
        }
        section = lower(trim(head.substr(0, q))) + "." + sub;
      } else {
        // [section.sub] (deprecated form): the subsection is lower-cased too.
        section = lower(trim(head));
      }
      t = end == std::string_view::npos ? std::string_view{} : trim(t.substr(end + 1));
      if (t.empty()) continue;  // "[core] pager = x" on one line is valid git config
    }
    std::size_t eq = t.find('=');
    std::string name = lower(trim(t.substr(0, eq)));
    std::string value;
    if (eq == std::string_view::npos) {
      value = "true";
    } else {
      bool quoted = false;
      for (std::size_t i = eq + 1; i < t.size(); ++i) {
        char c = t[i];
        if (c == '"') {
          quoted = !quoted;
        } else if (c == '\\' && i + 1 < t.size()) {
          char n = t[++i];
          value += n == 'n' ? '\n' : n == 't' ? '\t' : n;
        } else if (!quoted && (c == '#' || c == ';')) {
          break;
        } else {
          value += c;
        }
      }
      value = std::string(trim(value));
    }
    std::string key = section + "." + name;
    bool wanted = std::any_of(globs.begin(), globs.end(),
                              [&](std::string_view g) { return glob_icase(g, key); });
    // An alias runs a program only when it starts with '!'; other aliases are git commands.
    if (wanted && section == "alias" && !value.starts_with('!')) wanted = false;
    if (!wanted) continue;
    values[key].push_back(value);
    first_line.emplace(key, number);
  }
  for (const auto& [key, list] : values) {
    std::string joined;
    for (const auto& v : list) joined += (joined.empty() ? "" : "\n") + v;
    add(r, key, joined, key + " = " + joined, first_line[key]);
  }
  return r;
}

ParseResult parse_authorized_keys(std::string_view text) {
  ParseResult r;
  auto is_key_type = [](std::string_view w) {
    return w.starts_with("ssh-") || w.starts_with("ecdsa-") || w.starts_with("sk-");
  };
  for (const Line& l : split_lines(text)) {
    std::string_view t = trim(l.text);
    if (t.empty() || t.front() == '#') continue;
    std::string options;
    std::size_t i = 0;
    auto word_end = [&](std::size_t from) {
      bool quoted = false;
      std::size_t k = from;
      for (; k < t.size(); ++k) {
        if (t[k] == '"') quoted = !quoted;
        if (t[k] == '\\' && quoted)
          ++k;
        else if (!quoted && (t[k] == ' ' || t[k] == '\t'))
          break;
      }
      return std::min(k, t.size());
    };
    std::size_t end = word_end(0);
    if (!is_key_type(t.substr(0, end))) {
      options = std::string(t.substr(0, end));
      i = end;
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    }
    std::string_view rest = t.substr(i);
    std::size_t sp1 = rest.find_first_of(" \t");
    std::string_view type = rest.substr(0, sp1);
    std::string_view after = sp1 == std::string_view::npos ? "" : trim(rest.substr(sp1));
    std::size_t sp2 = after.find_first_of(" \t");
    std::string_view blob = after.substr(0, sp2);
    std::string_view comment = sp2 == std::string_view::npos ? "" : trim(after.substr(sp2));
    if (!is_key_type(type) || blob.empty()) {
      r.notes.push_back(fmt::format("line {}: not an authorized key", l.number));
      add_line(r, t, l.number);
      continue;
    }
    std::string key = fmt::format("{} SHA256:{}", type, sha256_hex(blob).substr(0, 16));
    std::string shown = options.empty() ? key : options + " " + key;
    if (!comment.empty()) shown += " " + std::string(comment);
    add(r, key, options, shown, l.number);
  }
  return r;
}

ParseResult parse_ssh_config(std::string_view text) {
  ParseResult r;
  std::string context = "(global)";
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> first_line;
  for (const Line& l : split_lines(text)) {
    std::string_view t = trim(l.text);
    if (t.empty() || t.front() == '#') continue;
    std::size_t sep = t.find_first_of(" \t=");
    std::string keyword = lower(t.substr(0, sep));
    std::string_view args = sep == std::string_view::npos ? "" : t.substr(sep);
    args = trim(args);
    if (!args.empty() && args.front() == '=') args = trim(args.substr(1));
    std::string norm = collapse_blanks(args);
    if (keyword == "host" || keyword == "match") {
      context = keyword + " " + norm;
      add(r, context, "", context, l.number);
      continue;
    }
    std::string key = context + " | " + keyword;
    values[key].push_back(norm);
    first_line.emplace(key, l.number);
  }
  for (const auto& [key, list] : values) {
    std::string joined;
    for (const auto& v : list) joined += (joined.empty() ? "" : "\n") + v;
    add(r, key, joined, key + " " + joined, first_line[key]);
  }
  return r;
}

ParseResult parse_sudoers(std::string_view text) {
  ParseResult r;
  for (auto& [line, number] : join_continuations(text)) {
    std::string_view t = trim(line);
    if (t.empty()) continue;
    // #include and #includedir are directives, not comments.
    if (t.front() == '#' && !t.starts_with("#include")) continue;
    add_line(r, t, number);
  }
  return r;
}

ParseResult parse_structured(std::string_view text, std::string_view syntax,
                             std::string_view selectors) {
  ParseResult r;
  std::string repaired;
  if (repair_utf8(text) != text) {
    r.notes.push_back("invalid UTF-8 replaced with U+FFFD");
    repaired = repair_utf8(text);
    text = repaired;
  }
  auto doc = parse_document(text, syntax, r.notes);
  if (!doc) {
    r.parsed = false;
    return r;
  }
  if (selectors.empty()) {
    flatten(*doc, "", "", r);
    return r;
  }
  for (std::string_view s : split_commas(selectors)) select(*doc, parse_selector(s), 0, "", "", r);
  return r;
}

ParseResult parse_dpkg_status(std::string_view text) {
  ParseResult r;
  std::string package, arch, version, status;
  int start = 0;
  auto flush = [&] {
    if (!package.empty() && !status.ends_with("not-installed") &&
        !status.ends_with("config-files")) {
      std::string key = arch.empty() ? package : package + ":" + arch;
      std::string value = version;
      if (!status.empty() && status != "install ok installed") value += " (" + status + ")";
      add(r, key, value, key + " " + value, start);
    }
    package.clear(), arch.clear(), version.clear(), status.clear();
  };
  for (const Line& l : split_lines(text)) {
    if (trim(l.text).empty()) {
      flush();
      continue;
    }
    if (l.text.front() == ' ' || l.text.front() == '\t') continue;
    std::size_t colon = l.text.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view field = l.text.substr(0, colon);
    std::string value(trim(l.text.substr(colon + 1)));
    if (field == "Package") {
      package = value;
      start = l.number;
    } else if (field == "Architecture") {
      arch = value;
    } else if (field == "Version") {
      version = value;
    } else if (field == "Status") {
      status = value;
    }
  }
  flush();
  return r;
}

bool is_file_parser(std::string_view c) {
  for (std::string_view known : {"lines", "shell-rc", "crontab", "systemd-unit", "desktop-entry",
                                 "ini", "pth", "gitconfig", "authorized-keys", "ssh-config",
                                 "sudoers", "json", "jsonc", "toml", "yaml", "dpkg-status"}) {
    if (c == known) return true;
  }
  return false;
}

ParseResult parse_file(std::string_view collector, std::string_view arg, std::string_view path,
                       std::string_view text) {
  // Binary content is not a configuration file: its bytes are its meaning.
  if (text.substr(0, 8192).find('\0') != std::string_view::npos) {
    ParseResult r;
    r.parsed = false;
    return r;
  }
  ParseResult r;
  if (collector == "lines") {
    r = parse_lines(text, "#;");
  } else if (collector == "shell-rc") {
    r = parse_shell_rc(text);
  } else if (collector == "crontab") {
    r = parse_crontab(text, path);
  } else if (collector == "systemd-unit") {
    r = parse_systemd_unit(text);
  } else if (collector == "desktop-entry") {
    r = parse_ini(text, true);
  } else if (collector == "ini") {
    r = parse_ini(text, false);
  } else if (collector == "pth") {
    r = parse_pth(text, path);
  } else if (collector == "gitconfig") {
    r = parse_gitconfig(text, arg);
  } else if (collector == "authorized-keys") {
    r = parse_authorized_keys(text);
  } else if (collector == "ssh-config") {
    r = parse_ssh_config(text);
  } else if (collector == "sudoers") {
    r = parse_sudoers(text);
  } else if (collector == "dpkg-status") {
    r = parse_dpkg_status(text);
  } else if (collector == "json" || collector == "jsonc" || collector == "toml" ||
             collector == "yaml") {
    // The file name decides the syntax (a json: entry may list a TOML config).
    std::string_view syntax = collector == "jsonc" ? "json" : collector;
    if (path.ends_with(".toml")) syntax = "toml";
    if (path.ends_with(".yml") || path.ends_with(".yaml")) syntax = "yaml";
    if (path.ends_with(".json") || path.ends_with(".jsonc")) syntax = "json";
    r = parse_structured(text, syntax, arg);
  } else {
    r.parsed = false;
    r.notes.push_back(fmt::format("no parser named '{}'", collector));
    return r;
  }
  // Two identical lines are two items: number the repeats so keys stay unique. A number is
  // never one that the file itself spells (a line "x (#2)" next to two lines "x").
  std::unordered_set<std::string> spelled;
  for (const Record& rec : r.records) spelled.insert(rec.key);
  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_number;
  for (Record& rec : r.records) {
    if (used.insert(rec.key).second) continue;
    int& n = next_number[rec.key];
    n = std::max(n, 2);
    std::string numbered;
    do {
      numbered = fmt::format("{} (#{})", rec.key, n++);
    } while (used.count(numbered) || spelled.count(numbered));
    rec.key = std::move(numbered);
    used.insert(rec.key);
  }
  return r;
}

}  // namespace airlock::host
