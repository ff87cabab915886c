#include "analyze/text_util.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "airlock/core/limits.h"

namespace airlock::analyze {

int line_of(std::string_view text, std::uint64_t off) {
  off = std::min<std::uint64_t>(off, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(off), '\n'));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool in_comment_line(std::string_view text, std::uint64_t off) {
  if (off > text.size()) return false;
  std::size_t start = static_cast<std::size_t>(off);
  std::size_t limit = start > 4096 ? start - 4096 : 0;
  while (start > limit && text[start - 1] != '\n') --start;
  if (start == limit && limit > 0) return false;
  std::string_view line = text.substr(start, static_cast<std::size_t>(off) - start);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return starts_with(line, "//") || starts_with(line, "/*") || starts_with(line, "*") ||
         (starts_with(line, "#") && !starts_with(line, "#!"));
}

std::string clip(std::string_view s) {
  if (s.size() <= kMaxEvidenceBytes) return std::string(s);
  return std::string(s.substr(0, kMaxEvidenceBytes)) + "...";
}

std::string evidence_at(std::string_view text, std::uint64_t off) {
  off = std::min<std::uint64_t>(off, text.size());
  std::size_t start = text.rfind('\n', off == 0 ? 0 : off - 1);
  start = (start == std::string_view::npos || off == 0) ? 0 : start + 1;
  if (off == 0) start = 0;
  std::size_t end = text.find('\n', off);
  if (end == std::string_view::npos) end = text.size();
  // Long lines (minified code): keep a window around the match.
  if (end - start > kMaxEvidenceBytes) {
    std::size_t from = off > start + 60 ? off - 60 : start;
    std::size_t to = std::min(end, from + kMaxEvidenceBytes);
    std::string out = from > start ? "..." : "";
    out += trim(text.substr(from, to - from));
    if (to < end) out += "...";
    return out;
  }
  return std::string(trim(text.substr(start, end - start)));
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    std::string_view item = trim(s.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view x) {
  return s.size() >= x.size() && s.substr(s.size() - x.size()) == x;
}

std::string_view basename_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dirname_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string extension_of(std::string_view path) {
  std::string_view base = basename_of(path);
  std::string lower(base);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ends_with(lower, ".d.ts") || ends_with(lower, ".d.mts") || ends_with(lower, ".d.cts")) {
    return ".d.ts";
  }
  auto dot = lower.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  return lower.substr(dot);
}

bool join_inside(std::string_view dir, std::string_view ref, std::string& out) {
  std::vector<std::string_view> parts;
  auto push_parts = [&](std::string_view s) -> bool {
    while (!s.empty()) {
      auto slash = s.find('/');
      std::string_view p = s.substr(0, slash);
      if (p == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!p.empty() && p != ".") {
        parts.push_back(p);
      }
      if (slash == std::string_view::npos) break;
      s.remove_prefix(slash + 1);
    }
    return true;
  };
  if (!ref.empty() && ref.front() == '/') return false;
  if (!push_parts(dir) || !push_parts(ref)) return false;
  out.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.push_back('/');
    out.append(parts[i]);
  }
  return !out.empty();
}

bool toml_has_nameless_table_header(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view t = text.substr(i, j - i);
    i = j + 1;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    if (t.empty() || t.front() != '[') continue;
    t.remove_prefix(t.size() > 1 && t[1] == '[' ? 2 : 1);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    if (t.empty()) return true;
    const char c = t.front();
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '"' ||
          c == '\'')) {
      return true;
    }
  }
  return false;
}

}  // namespace airlock::analyze
