// Private to src/mcp: the three configuration formats (JSONC, YAML, TOML) read into one
// shape, a JSON value plus the source line of every object member, so the per-client readers
// (clients.cpp) are written once against JSON whatever the file format was.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "airlock/core/result.h"
#include "airlock/mcp/parse.h"

namespace airlock::mcp::detail {

// Members deeper than this have no recorded line (their parent's line is used).
inline constexpr int kMaxLineDepth = 6;

struct Document {
  nlohmann::json root;
  // JSON pointer ("/mcpServers/github") -> 1-based line of the member's key.
  std::unordered_map<std::string, int> lines;
  std::vector<Diagnostic> diagnostics;
  // Keys that appear twice in one object; the client-level reader turns them into
  // diagnostics once it knows whether the object is a server map.
  struct Duplicate {
    std::string object_pointer;
    std::string key;
    int line = 0;        // the later occurrence (the one clients use)
    int first_line = 0;  // the earlier one (the one a reader of the file notices)
  };
  std::vector<Duplicate> duplicates;

  // Line of `pointer`, or of its nearest ancestor that has one; 0 when none.
  int line_of(std::string pointer) const;
  void add(Diagnostic d);
  void add_duplicate(std::string object_pointer, std::string key, int line, int first_line);
};

// "/a/b" + "c~/d" -> "/a/b/c~0~1d" (RFC 6901 escaping).
std::string pointer_append(const std::string& base, std::string_view token);

Result<Document> parse_document(FileFormat format, std::string_view bytes);

// Exposed for tests: JSONC to JSON of the same length and line structure (comments and
// trailing commas become blanks), with member lines and duplicate keys recorded in `doc`.
// Returns false when nesting exceeds kMaxConfigDepth.
bool clean_jsonc(std::string_view in, std::string& out, Document& doc);

}  // namespace airlock::mcp::detail
