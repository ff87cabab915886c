// Private: hostile-JSON helpers. nlohmann parses without exceptions here; depth is checked
// first with a linear scan so a 100,000-deep document never reaches the parser.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace airlock::analyze {

// Maximum nesting of [ and { outside strings; stops counting past `limit`.
int json_depth(std::string_view text, int limit);

// Parses a JSON document within a depth limit; on failure sets `error` and returns nullopt.
std::optional<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth,
                                                 std::string& error);

// 1-based line of the first occurrence of "key" (quoted) in the text, 0 when absent.
int line_of_key(std::string_view text, std::string_view key);

}  // namespace airlock::analyze
