// Corpus parsing: top-pypi-packages JSON, "name<TAB>rank" TSV, or one name per line.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>

#include "airlock/core/embedded.h"
#include "airlock/names/names.h"
#include "names/internal.h"

namespace airlock::names {
namespace {

Error format_error(std::string_view source, std::string_view why) {
  return make_error(ErrorCode::kFormat,
                    fmt::format("{}: not a package-name corpus: {}", source, why));
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                 ? 1
                      : c >= 0xC2 && c <= 0xDF ? 2
                      : c >= 0xE0 && c <= 0xEF ? 3
                      : c >= 0xF0 && c <= 0xF4 ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// A corpus line must look like a package name: no blanks inside, none of the characters
// that mark markup, prose or code.
bool plausible_name(std::string_view s) {
  return !s.empty() && s.find_first_of(" <>{}\"'`;,()=\\") == std::string_view::npos;
}

struct Raw {
  std::string name;
  long long rank;
};

Result<Corpus> finish(std::vector<Raw> raw, Ecosystem eco, std::string_view source,
                      std::vector<CorpusEntry>* out) {
  if (raw.empty()) return format_error(source, "no names");
  std::stable_sort(raw.begin(), raw.end(),
                   [](const Raw& a, const Raw& b) { return a.rank < b.rank; });
  std::unordered_map<std::string, bool> seen;
  seen.reserve(raw.size() * 2);
  for (Raw& r : raw) {
    auto n = normalise(eco, r.name);
    if (!n)
      return format_error(source, fmt::format("bad name '{}': {}", r.name, n.error().message));
    if (!seen.emplace(*n, true).second) continue;  // keep the best rank
    out->push_back({std::move(*n), static_cast<int>(std::min<long long>(r.rank, 1'000'000'000))});
  }
  return Corpus{};  // placeholder, the caller moves entries in
}

}  // namespace

Result<Corpus> Corpus::parse(std::string_view text, Ecosystem eco, std::string_view source) {
  if (text.size() > kMaxCorpusBytes) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("{}: corpus larger than {} bytes", source, kMaxCorpusBytes));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos || !valid_utf8(text)) {
    return format_error(source, "binary data (NUL bytes or invalid UTF-8)");
  }
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return format_error(source, "empty file");
  std::vector<Raw> raw;
  if (text[first] == '<') return format_error(source, "looks like HTML/XML");
  if (text[first] == '{' || text[first] == '[') {
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      return format_error(source, fmt::format("invalid JSON ({})", e.what()));
    }
    if (!doc.is_object() || !doc.contains("rows") || !doc["rows"].is_array()) {
      return format_error(source,
                          "JSON without a \"rows\" array (expected the top-pypi-packages format "
                          "{\"rows\":[{\"project\":...,\"download_count\":...}]})");
    }
    long long rank = 0;
    for (const auto& row : doc["rows"]) {
      if (!row.is_object() || !row.contains("project") || !row["project"].is_string()) {
        return format_error(source, fmt::format("row {} has no \"project\" string", rank + 1));
      }
      raw.push_back({row["project"].get<std::string>(), ++rank});
      if (raw.size() > kMaxCorpusEntries) {
        return make_error(ErrorCode::kLimit,
                          fmt::format("{}: more than {} names", source, kMaxCorpusEntries));
      }
    }
  } else {
    bool tsv = false;
    long long line_no = 0, order = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty() || line.front() == '#') continue;
      const std::size_t tab = line.find('\t');
      if (order == 0) tsv = tab != std::string_view::npos;
      if (tsv != (tab != std::string_view::npos)) {
        return format_error(source, fmt::format("line {}: mixes TSV and plain lines", line_no));
      }
      std::string_view name = line.substr(0, tab);
      long long rank = ++order;
      if (tsv) {
        std::string_view r = line.substr(tab + 1);
        while (!r.empty() && r.front() == ' ') r.remove_prefix(1);
        auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), rank);
        if (ec != std::errc() || p != r.data() + r.size() || rank < 1) {
          return format_error(source, fmt::format("line {}: expected \"name<TAB>rank\" with a "
                                                  "positive integer rank",
                                                  line_no));
        }
      }
      if (!plausible_name(name)) {
        return format_error(source, fmt::format("line {}: '{}' is not a package name", line_no,
                                                name.substr(0, 60)));
      }
      raw.push_back({std::string(name), rank});
      if (raw.size() > kMaxCorpusEntries) {
        return make_error(ErrorCode::kLimit,
                          fmt::format("{}: more than {} names", source, kMaxCorpusEntries));
      }
    }
  }
  Corpus c;
  c.eco_ = eco;
  auto r = finish(std::move(raw), eco, source, &c.entries_);
  if (!r) return r.error();
  return c;
}

Result<Corpus> Corpus::load_file(const std::string& path, Ecosystem eco) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, fmt::format("{}: cannot open corpus file", path));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxCorpusBytes) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: corpus larger than {} bytes", path, kMaxCorpusBytes));
    }
  }
  if (in.bad()) return make_error(ErrorCode::kIo, fmt::format("{}: read error", path));
  return parse(text, eco, path);
}

Result<Corpus> embedded_corpus(Ecosystem eco) {
  const std::string file = std::string(to_string(eco)) + ".tsv";
  for (const EmbeddedFile* f = kCorpora; !f->name.empty(); ++f) {
    if (f->name == file) return Corpus::parse(f->data, eco, "embedded " + file);
  }
  return make_error(ErrorCode::kUnsupported,
                    fmt::format("no {} corpus compiled in (data/corpus/{})", to_string(eco), file));
}

Result<Corpus> embedded_npm_corpus() { return embedded_corpus(Ecosystem::kNpm); }

}  // namespace airlock::names
