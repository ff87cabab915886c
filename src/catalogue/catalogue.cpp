// Loading, validation, path classification and YARA generation for the persistence
// catalogue (include/airlock/catalogue/catalogue.h, docs/catalogue.md).
#include "airlock/catalogue/catalogue.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <strings.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "airlock/catalogue/collectors.h"
#include "airlock/core/embedded.h"

namespace airlock::catalogue {
namespace {

constexpr std::string_view kKnownKeys[] = {"id",     "ref",      "platform",   "scope",  "title",
                                           "gives",  "category", "severity",   "attack", "paths",
                                           "parser", "access",   "indicators", "diff"};

// Indicators shorter than this make YARA atoms that slow every scan down and match by accident.
constexpr std::size_t kMinIndicatorLength = 4;

template <std::size_t N>
bool one_of(std::string_view value, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), value) != std::end(set);
}

template <std::size_t N>
std::string join_set(const std::string_view (&set)[N]) {
  std::string out;
  for (std::string_view s : set) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// <platform>.<scope>.<name>, lower-case letters, digits, '-' and '.'.
bool valid_id(std::string_view id) {
  if (id.empty() || !is_lower_alnum(id.front()) || !is_lower_alnum(id.back())) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (is_lower_alnum(c)) continue;
    if ((c == '.' || c == '-') && i + 1 < id.size() && is_lower_alnum(id[i + 1])) continue;
    return false;
  }
  return std::count(id.begin(), id.end(), '.') >= 2;
}

// T1234 or T1234.567
bool valid_attack(std::string_view t) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (t.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    }
    return true;
  };
  if (t.size() == 5) return t[0] == 'T' && digits(1, 4);
  if (t.size() == 9) return t[0] == 'T' && digits(1, 4) && t[5] == '.' && digits(6, 3);
  return false;
}

bool is_drive_path(std::string_view p) {
  return p.size() >= 3 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':' &&
         (p[2] == '/' || p[2] == '\\');
}

bool is_registry_path(std::string_view p) {
  return p.starts_with("HKCU\\") || p.starts_with("HKLM\\") || p.starts_with("HKU\\") ||
         p.starts_with("HKCR\\");
}

// scheme:name for locations that are not files (proc:detached, wmi:root\subscription\...).
bool is_pseudo_location(std::string_view p) {
  auto colon = p.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    if (!(p[i] >= 'a' && p[i] <= 'z')) return false;
  }
  return colon + 1 < p.size();
}

std::vector<std::string> split_components(std::string_view path, bool backslash_too) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '/' || (backslash_too && c == '\\')) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool component_match(const std::string& pattern, const std::string& name, bool ci) {
  int flags = FNM_NOESCAPE;
  if (ci) flags |= FNM_CASEFOLD;
  return ::fnmatch(pattern.c_str(), name.c_str(), flags) == 0;
}

bool match_components(const std::vector<std::string>& pat, std::size_t pi,
                      const std::vector<std::string>& comps, std::size_t ci, bool fold) {
  while (pi < pat.size()) {
    if (pat[pi] == "**") {
      // Collapse runs of ** and try every split point (zero or more components).
      while (pi + 1 < pat.size() && pat[pi + 1] == "**") ++pi;
      if (pi + 1 == pat.size()) return true;
      for (std::size_t k = ci; k <= comps.size(); ++k) {
        if (match_components(pat, pi + 1, comps, k, fold)) return true;
      }
      return false;
    }
    if (ci >= comps.size() || !component_match(pat[pi], comps[ci], fold)) return false;
    ++pi;
    ++ci;
  }
  return ci == comps.size();
}

// The first component of a Windows path as the catalogue spells it: registry hives by their
// short names (HKEY_CURRENT_USER, HKCU: -> HKCU).
void normalise_windows_head(std::vector<std::string>& comps) {
  if (comps.empty()) return;
  std::string head = comps.front();
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (head.size() > 2 && head.back() == ':' && head.starts_with("HK")) head.pop_back();
  if (head == "HKEY_CURRENT_USER") head = "HKCU";
  if (head == "HKEY_LOCAL_MACHINE") head = "HKLM";
  if (head == "HKEY_USERS") head = "HKU";
  if (head == "HKEY_CLASSES_ROOT") head = "HKCR";
  if (head.starts_with("HK")) comps.front() = head;
}

std::size_t literal_length(std::string_view pattern) {
  std::size_t n = 0;
  for (char c : pattern) {
    if (c != '*' && c != '?' && c != '[' && c != ']') ++n;
  }
  return n;
}

std::string yara_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c >= 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// ---- YAML reading ------------------------------------------------------------------------

// Where an entry sits, for error messages: "catalogue/linux.yaml:42: entry 7 (linux.user.x)".
struct EntryPos {
  std::string_view source;
  std::size_t index = 0;
  int line = 0;
  std::string id;

  std::string prefix() const {
    std::string where = line > 0 ? fmt::format("{}:{}", source, line) : std::string(source);
    if (id.empty()) return fmt::format("{}: entry {}", where, index + 1);
    return fmt::format("{}: entry {} ({})", where, index + 1, id);
  }
};

Error entry_error(const EntryPos& pos, std::string_view what) {
  return make_error(ErrorCode::kFormat, fmt::format("{}: {}", pos.prefix(), what));
}

Result<std::string> read_scalar(const YAML::Node& map, const char* key, const EntryPos& pos) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return entry_error(pos, fmt::format("missing field '{}'", key));
  if (!n.IsScalar()) return entry_error(pos, fmt::format("field '{}' must be a string", key));
  std::string value = n.Scalar();
  if (value.empty()) return entry_error(pos, fmt::format("field '{}' is empty", key));
  return value;
}

Result<std::vector<std::string>> read_list(const YAML::Node& map, const char* key,
                                           const EntryPos& pos, bool required) {
  YAML::Node n = map[key];
  std::vector<std::string> out;
  if (!n || n.IsNull()) {
    if (required) return entry_error(pos, fmt::format("missing field '{}'", key));
    return out;
  }
  if (!n.IsSequence()) return entry_error(pos, fmt::format("field '{}' must be a list", key));
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar() || n[i].Scalar().empty()) {
      return entry_error(pos, fmt::format("'{}' item {} must be a non-empty string", key, i + 1));
    }
    out.push_back(n[i].Scalar());
  }
  return out;
}

Status validate_path(const CatalogueEntry& e, std::string_view p, const EntryPos& pos) {
  bool windows = e.platform == "windows";
  bool ok = p.starts_with('/') || p == "~" || p.starts_with("~/") || p.starts_with("**/") ||
            is_pseudo_location(p) || (windows && (is_drive_path(p) || is_registry_path(p)));
  if (!ok) {
    return entry_error(pos, fmt::format("path '{}' must start with /, ~/, **/{} or scheme:", p,
                                        windows ? ", a drive (C:/), HKCU\\, HKLM\\" : ""));
  }
  if (p.find('\n') != std::string_view::npos) {
    return entry_error(pos, fmt::format("path '{}' contains a newline", p));
  }
  return Ok{};
}

Result<CatalogueEntry> read_entry(const YAML::Node& node, EntryPos& pos) {
  if (!node.IsMap()) return entry_error(pos, "an entry must be a mapping");
  if (node["id"] && node["id"].IsScalar()) pos.id = node["id"].Scalar();
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    if (!one_of(key, kKnownKeys)) return entry_error(pos, fmt::format("unknown field '{}'", key));
  }

  CatalogueEntry e;
  struct Field {
    const char* key;
    std::string* out;
  };
  std::string category, severity;
  for (Field f : {Field{"id", &e.id}, Field{"ref", &e.ref}, Field{"platform", &e.platform},
                  Field{"scope", &e.scope}, Field{"title", &e.title}, Field{"gives", &e.gives},
                  Field{"category", &category}, Field{"severity", &severity},
                  Field{"parser", &e.parser}, Field{"access", &e.access}}) {
    auto v = read_scalar(node, f.key, pos);
    if (!v) return v.error();
    *f.out = std::move(*v);
  }
  if (!valid_id(e.id)) {
    return entry_error(pos, fmt::format("id '{}' must be dotted lower-case words "
                                        "(<platform>.<scope>.<name>)",
                                        e.id));
  }
  if (!one_of(e.platform, kPlatforms)) {
    return entry_error(pos, fmt::format("unknown platform '{}' (expected one of: {})", e.platform,
                                        join_set(kPlatforms)));
  }
  if (!one_of(e.scope, kScopes)) {
    return entry_error(
        pos, fmt::format("unknown scope '{}' (expected one of: {})", e.scope, join_set(kScopes)));
  }
  if (!e.id.starts_with(e.platform + "." + e.scope + ".")) {
    return entry_error(pos, fmt::format("id must start with '{}.{}.'", e.platform, e.scope));
  }
  auto cat = parse_category(category);
  if (!cat) return entry_error(pos, fmt::format("unknown category '{}'", category));
  e.category = *cat;
  auto sev = parse_severity(severity);
  if (!sev) {
    return entry_error(pos, fmt::format("unknown severity '{}' (expected info, low, medium, "
                                        "high or critical)",
                                        severity));
  }
  e.severity = *sev;
  if (!one_of(e.access, kAccesses)) {
    return entry_error(pos, fmt::format("unknown access '{}' (expected write or read)", e.access));
  }
  // The parser names a collector of the one collector table (collectors.h).
  std::string_view parser_base = std::string_view(e.parser).substr(0, e.parser.find(':'));
  if (find_collector(parser_base) == nullptr) {
    std::string names;
    for (const CollectorSpec& c : collectors())
      names += (names.empty() ? "" : ", ") + std::string(c.name);
    return entry_error(pos,
                       fmt::format("unknown parser '{}' (expected one of: {})", e.parser, names));
  }
  if (node["diff"]) {
    auto diff = read_scalar(node, "diff", pos);
    if (!diff) return diff.error();
    if (!one_of(*diff, kDiffModes)) {
      return entry_error(pos, fmt::format("unknown diff mode '{}' (expected one of: {})", *diff,
                                          join_set(kDiffModes)));
    }
    e.diff = *diff;
  }

  auto attack = read_list(node, "attack", pos, true);
  if (!attack) return attack.error();
  if (attack->empty()) return entry_error(pos, "field 'attack' is empty");
  for (const auto& t : *attack) {
    if (!valid_attack(t)) {
      return entry_error(pos, fmt::format("'{}' is not an ATT&CK technique id (T1234[.567])", t));
    }
  }
  e.attack = std::move(*attack);

  auto paths = read_list(node, "paths", pos, true);
  if (!paths) return paths.error();
  if (paths->empty()) return entry_error(pos, "field 'paths' is empty");
  for (const auto& p : *paths) {
    if (Status s = validate_path(e, p, pos); !s) return s.error();
  }
  e.paths = std::move(*paths);

  auto indicators = read_list(node, "indicators", pos, false);
  if (!indicators) return indicators.error();
  std::set<std::string> seen;
  for (const auto& i : *indicators) {
    if (i.size() < kMinIndicatorLength) {
      return entry_error(
          pos, fmt::format("indicator '{}' is shorter than {} characters", i, kMinIndicatorLength));
    }
    for (unsigned char c : i) {
      if (c < 0x20 || c == 0x7f) {
        return entry_error(pos, fmt::format("indicator '{}' contains a control character", i));
      }
    }
    if (!seen.insert(i).second) {
      return entry_error(pos, fmt::format("indicator '{}' is listed twice", i));
    }
  }
  e.indicators = std::move(*indicators);
  e.source = std::string(pos.source);
  return e;
}

Status read_document(std::string_view text, std::string_view source,
                     std::vector<CatalogueEntry>& out) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& ex) {
    int line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
    int col = ex.mark.is_null() ? 0 : ex.mark.column + 1;
    return make_error(ErrorCode::kFormat,
                      fmt::format("{}:{}:{}: invalid YAML: {}", source, line, col, ex.msg));
  }
  if (!root || root.IsNull()) return Ok{};  // an empty file contributes nothing
  if (!root.IsSequence()) {
    return make_error(ErrorCode::kFormat,
                      fmt::format("{}: the catalogue must be a list of entries", source));
  }
  try {
    for (std::size_t i = 0; i < root.size(); ++i) {
      const YAML::Node& node = root[i];
      EntryPos pos{source, i, node.Mark().is_null() ? 0 : node.Mark().line + 1, {}};
      auto e = read_entry(node, pos);
      if (!e) return e.error();
      out.push_back(std::move(*e));
    }
  } catch (const YAML::Exception& ex) {
    // Defensive: the reads above check node types, so yaml-cpp should not throw here.
    return make_error(ErrorCode::kFormat, fmt::format("{}: {}", source, ex.what()));
  }
  return Ok{};
}

// Checks that span entries: unique ids, unique YARA rule names, each indicator in one entry.
Status validate_catalogue(const std::vector<CatalogueEntry>& entries) {
  std::unordered_map<std::string, const CatalogueEntry*> ids, rules, indicators;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const CatalogueEntry& e = entries[i];
    auto fail = [&](std::string what) {
      return make_error(ErrorCode::kFormat, fmt::format("{}: entry {}: {}", e.source, e.id, what));
    };
    if (auto [it, fresh] = ids.emplace(e.id, &e); !fresh) {
      return fail(fmt::format("duplicate id (first defined in {})", it->second->source));
    }
    if (auto [it, fresh] = rules.emplace(yara_rule_name(e.id), &e); !fresh) {
      return fail(fmt::format("YARA rule name {} collides with entry {}", yara_rule_name(e.id),
                              it->second->id));
    }
    for (const auto& ind : e.indicators) {
      if (auto [it, fresh] = indicators.emplace(ind, &e); !fresh) {
        return fail(
            fmt::format("indicator '{}' is already listed by entry {} (an indicator "
                        "belongs to one entry)",
                        ind, it->second->id));
      }
    }
  }
  return Ok{};
}

}  // namespace

std::string yara_rule_name(std::string_view id) {
  std::string out = "catalogue_";
  for (unsigned char c : id) out += std::isalnum(c) ? static_cast<char>(c) : '_';
  return out;
}

bool glob_match(std::string_view pattern, std::string_view path, bool case_insensitive) {
  auto pat = split_components(pattern, case_insensitive);
  auto comps = split_components(path, case_insensitive);
  if (case_insensitive) {
    normalise_windows_head(pat);
    normalise_windows_head(comps);
  }
  return match_components(pat, 0, comps, 0, case_insensitive);
}

Result<Catalogue> Catalogue::load_sources(const std::vector<Source>& sources) {
  Catalogue cat;
  for (const Source& s : sources) {
    if (Status st = read_document(s.text, s.name, cat.entries_); !st) return st.error();
  }
  if (Status st = validate_catalogue(cat.entries_); !st) return st.error();
  cat.compile_patterns();
  return cat;
}

Result<Catalogue> Catalogue::load_yaml(std::string_view text, std::string_view source_name) {
  return load_sources({Source{source_name, text}});
}

Result<Catalogue> Catalogue::load_embedded() {
  // Error messages name the file as it sits in the source tree.
  std::vector<std::string> names;
  for (const EmbeddedFile* f = kCatalogue; !f->name.empty(); ++f) {
    names.push_back("catalogue/" + std::string(f->name));
  }
  std::vector<Source> sources;
  for (std::size_t i = 0; i < names.size(); ++i)
    sources.push_back(Source{names[i], kCatalogue[i].data});
  if (sources.empty()) {
    return make_error(ErrorCode::kInternal, "no catalogue files were compiled into the binary");
  }
  return load_sources(sources);
}

const CatalogueEntry* Catalogue::find(std::string_view id) const {
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

void Catalogue::compile_patterns() {
  patterns_.clear();
  for (std::size_t ei = 0; ei < entries_.size(); ++ei) {
    const CatalogueEntry& e = entries_[ei];
    for (const std::string& p : e.paths) {
      if (is_pseudo_location(p)) continue;
      std::string_view pv = p;
      Pattern pat;
      pat.entry = ei;
      pat.fold = e.platform == "windows";
      pat.from_home = pv == "~" || pv.starts_with("~/");
      if (pat.from_home) pv.remove_prefix(1);
      // The home directory does not make a pattern more specific: **/.env beats ~/.*.
      pat.literal = literal_length(pv);
      pat.components = split_components(pv, pat.fold);
      if (pat.fold) normalise_windows_head(pat.components);
      if (is_registry_path(pv)) pat.components.push_back("**");  // values and subkeys below
      patterns_.push_back(std::move(pat));
    }
  }
}

std::vector<const CatalogueEntry*> Catalogue::match_path_all(std::string_view path,
                                                             std::string_view home,
                                                             std::string_view platform) const {
  const bool absolute = path.starts_with('/') || is_drive_path(path) || is_registry_path(path) ||
                        path.starts_with("HKEY_") || path.starts_with("HKCU:") ||
                        path.starts_with("HKLM:");
  if (!absolute) return {};
  // The query and the home directory in POSIX and in Windows spelling.
  const auto posix_comps = split_components(path, false);
  const auto posix_home = split_components(home, false);
  auto win_comps = split_components(path, true);
  normalise_windows_head(win_comps);
  const auto win_home = split_components(home, true);
  auto under_home = [](const std::vector<std::string>& comps,
                       const std::vector<std::string>& home_comps, bool fold) {
    if (home_comps.empty() || comps.size() < home_comps.size()) return false;
    for (std::size_t k = 0; k < home_comps.size(); ++k) {
      bool same = fold ? ::strcasecmp(home_comps[k].c_str(), comps[k].c_str()) == 0
                       : home_comps[k] == comps[k];
      if (!same) return false;
    }
    return true;
  };
  const bool in_posix_home = under_home(posix_comps, posix_home, false);
  const bool in_win_home = under_home(win_comps, win_home, true);

  // Best specificity per entry; SIZE_MAX = no match.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> best(entries_.size(), kNone);
  for (const Pattern& pat : patterns_) {
    const CatalogueEntry& e = entries_[pat.entry];
    if (!platform.empty() && e.platform != platform) continue;
    if (best[pat.entry] != kNone && best[pat.entry] >= pat.literal) continue;
    const auto& comps = pat.fold ? win_comps : posix_comps;
    std::size_t start = 0;
    if (pat.from_home) {
      if (!(pat.fold ? in_win_home : in_posix_home)) continue;
      start = (pat.fold ? win_home : posix_home).size();
    }
    if (match_components(pat.components, 0, comps, start, pat.fold)) best[pat.entry] = pat.literal;
  }

  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (best[i] != kNone) order.push_back(i);
  }
  // Most specific first; ties keep catalogue order (stable sort).
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return best[a] > best[b]; });
  std::vector<const CatalogueEntry*> out;
  out.reserve(order.size());
  for (std::size_t i : order) out.push_back(&entries_[i]);
  return out;
}

const CatalogueEntry* Catalogue::match_path(std::string_view path, std::string_view home,
                                            std::string_view platform) const {
  auto all = match_path_all(path, home, platform);
  return all.empty() ? nullptr : all.front();
}

std::string Catalogue::to_yara() const {
  // YARA's lexer keeps a string literal in a fixed buffer; stay well below it.
  constexpr std::size_t kMaxMetaLength = 2000;
  auto clip = [&](std::string s) {
    if (s.size() > kMaxMetaLength) s = s.substr(0, kMaxMetaLength - 3) + "...";
    return yara_escape(s);
  };
  std::string out =
      "/*\n * Generated from the airlock persistence catalogue (catalogue/*.yaml); do not edit.\n"
      " * One target rule per location: a string that names the location. The engine reports\n"
      " * it at the entry's severity when the file also has a capability listed in `needs`.\n"
      " */\n\n";
  for (const CatalogueEntry& e : entries_) {
    if (e.indicators.empty()) continue;
    const bool read = e.access == "read";
    std::string help =
        fmt::format("{}: {}. Locations: {}. ATT&CK: {}. Catalogue entry {} ({}).", e.title, e.gives,
                    join(e.paths, ", "), join(e.attack, ", "), e.id, e.ref);
    help += read ? " Reading it and sending data out is how stealers work."
                 : " Install-time code that writes here survives the install.";
    out += fmt::format("rule {} {{\n  meta:\n", yara_rule_name(e.id));
    out += fmt::format("    category = \"{}\"\n", to_string(e.category));
    out += "    role = \"target\"\n";
    out += fmt::format("    severity = \"{}\"\n", to_string(e.severity));
    out += fmt::format("    needs = \"{}\"\n", read ? "network" : "fswrite,spawn");
    out += fmt::format("    attack = \"{}\"\n", yara_escape(join(e.attack, ",")));
    out += fmt::format("    description = \"{}\"\n",
                       clip(fmt::format("Targets {}: {}", e.title, e.gives)));
    out += fmt::format("    help = \"{}\"\n", clip(help));
    out += fmt::format("    catalogue_id = \"{}\"\n", yara_escape(e.id));
    out += fmt::format("    reference = \"{}\"\n", yara_escape(e.ref));
    out += "  strings:\n";
    for (std::size_t i = 0; i < e.indicators.size(); ++i) {
      out += fmt::format("    $i{} = \"{}\"\n", i, yara_escape(e.indicators[i]));
    }
    out += "  condition:\n    any of them\n}\n\n";
  }
  return out;
}

}  // namespace airlock::catalogue
