#include "analyze/json_util.h"

#include <fmt/format.h>

#include "airlock/core/utf8.h"
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

std::optional<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth,
                                                 std::string& error) {
  if (json_depth(text, max_depth) > max_depth) {
    error = fmt::format("JSON nested deeper than {} levels (--max-json-depth)", max_depth);
    return std::nullopt;
  }
  // Node reads package.json with replacement characters for bad bytes: one stray byte
  // must not hide a manifest from analysis.
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
