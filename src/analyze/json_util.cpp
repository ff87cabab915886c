#include "analyze/json_util.h"

#include <fmt/format.h>

#include "analyze/text_util.h"

namespace airlock::analyze {

int json_depth(std::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > limit) return max_depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

namespace {

// Replaces bytes that are not valid UTF-8 with U+FFFD, as Node does when it reads
// package.json: one stray byte must not hide a manifest from analysis.
std::string repair_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<unsigned char>(in[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xe  ? 3
                      : (c >> 3) == 0x1e ? 4
                                         : 0;
    bool ok = len > 0 && i + len <= in.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(in[i + k]) & 0xc0) == 0x80;
    }
    if (ok && len == 2 && c < 0xc2) ok = false;  // overlong
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out.append("\xef\xbf\xbd");
      ++i;
    }
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth,
                                                 std::string& error) {
  if (json_depth(text, max_depth) > max_depth) {
    error = fmt::format("JSON nested deeper than {} levels (--max-json-depth)", max_depth);
    return std::nullopt;
  }
  std::string repaired = repair_utf8(text);
  auto j = nlohmann::json::parse(repaired.begin(), repaired.end(), nullptr,
                                 /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  return j;
}

int line_of_key(std::string_view text, std::string_view key) {
  std::string quoted = fmt::format("\"{}\"", key);
  auto pos = text.find(quoted);
  return pos == std::string_view::npos ? 0 : line_of(text, pos);
}

}  // namespace airlock::analyze
