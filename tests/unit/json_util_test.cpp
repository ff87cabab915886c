// Hostile-JSON helpers (src/analyze/json_util.h): the depth pre-scan that keeps deep
// documents away from the parser, the bounded parse, and key line lookup.
#include "analyze/json_util.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "airlock/core/limits.h"

namespace airlock::analyze {
namespace {

std::string nested_arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

TEST(JsonDepth, CountsArraysAndObjects) {
  EXPECT_EQ(json_depth("", 64), 0);
  EXPECT_EQ(json_depth("1", 64), 0);
  EXPECT_EQ(json_depth("\"x\"", 64), 0);
  EXPECT_EQ(json_depth("{}", 64), 1);
  EXPECT_EQ(json_depth("[]", 64), 1);
  EXPECT_EQ(json_depth("[[],[[]]]", 64), 3);
  EXPECT_EQ(json_depth(R"({"a":{"b":[1,{"c":2}]},"d":[]})", 64), 4);
  EXPECT_EQ(json_depth(nested_objects(10), 64), 10);
}

TEST(JsonDepth, IgnoresBracketsInsideStrings) {
  EXPECT_EQ(json_depth(R"({"a":"[[[[{{{{"})", 64), 1);
  EXPECT_EQ(json_depth(R"(["\"[[[", "\\", [1]])", 64), 2);  // escaped quote, escaped backslash
  EXPECT_EQ(json_depth(R"(["\\\"[[["])", 64), 1);
}

TEST(JsonDepth, StopsCountingPastTheLimit) {
  // The result only has to be above the limit; it must not walk the whole document deep.
  EXPECT_GT(json_depth(nested_arrays(1000), 10), 10);
  EXPECT_LE(json_depth(nested_arrays(1000), 10), 11);
}

TEST(JsonDepth, UnbalancedInputDoesNotGoNegativeIntoTrouble) {
  EXPECT_EQ(json_depth("]]]]]]", 64), 0);
  EXPECT_EQ(json_depth("]]]][[", 64), 0);
  EXPECT_EQ(json_depth("[[[", 64), 3);
  EXPECT_EQ(json_depth("\"unterminated [[[", 64), 0);
  EXPECT_EQ(json_depth("\"ends in a backslash\\", 64), 0);
}

TEST(JsonParseBounded, ParsesAnObject) {
  std::string error;
  auto j =
      parse_json_bounded(R"({"name":"x","version":"1.0.0","scripts":{"test":"jest"}})", 64, error);
  ASSERT_TRUE(j) << error;
  EXPECT_EQ((*j)["name"], "x");
  EXPECT_EQ((*j)["scripts"]["test"], "jest");
}

TEST(JsonParseBounded, DepthAtTheLimitParsesOneMoreIsRejected) {
  std::string error;
  EXPECT_TRUE(parse_json_bounded(nested_arrays(64), 64, error)) << error;
  EXPECT_TRUE(parse_json_bounded(nested_objects(64), 64, error)) << error;
  EXPECT_FALSE(parse_json_bounded(nested_arrays(65), 64, error));
  EXPECT_NE(error.find("deeper than 64"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(parse_json_bounded(nested_objects(65), 64, error));
  EXPECT_NE(error.find("deeper than 64"), std::string::npos) << error;
}

TEST(JsonParseBounded, HundredThousandDeepIsRejectedFast) {
  const std::string arrays = nested_arrays(100'000);
  const std::string objects = nested_objects(100'000);
  const std::string in_manifest = R"({"name":"deep","version":"1.0.0","x":)" + arrays + "}";
  auto start = std::chrono::steady_clock::now();
  for (const std::string* doc : {&arrays, &objects, &in_manifest}) {
    std::string error;
    EXPECT_FALSE(parse_json_bounded(*doc, Limits{}.max_json_depth, error));
    EXPECT_NE(error.find("JSON nested deeper"), std::string::npos) << error;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Linear pre-scan that stops at the limit: microseconds; a recursive parse would crash.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

TEST(JsonParseBounded, InvalidJsonIsAnErrorNotAnException) {
  const char* bad[] = {
      "",
      "{",
      "{\"name\": \"x\", scripts: {}}",
      "{\"a\":1,}",
      "[1 2]",
      "{\"a\":1} trailing",
      "// comment\n{}",
      "\"unterminated",
      "{\"a\":\"\\u12\"}",
      "NaN",
      "{\"a\":\"\\ud800\"}",  // lone surrogate escape
  };
  for (const char* doc : bad) {
    std::string error;
    auto j = parse_json_bounded(doc, 64, error);
    EXPECT_FALSE(j) << doc;
    EXPECT_FALSE(error.empty()) << doc;
  }
}

TEST(JsonParseBounded, NonObjectTopLevelsParse) {
  // The caller decides whether a top-level array or scalar is acceptable.
  std::string error;
  EXPECT_TRUE(parse_json_bounded("[]", 64, error));
  EXPECT_TRUE(parse_json_bounded("1", 64, error));
  EXPECT_TRUE(parse_json_bounded("null", 64, error));
  EXPECT_TRUE(parse_json_bounded(" \n\t{} \n", 64, error));
}

TEST(JsonParseBounded, Utf8BomIsAccepted) {
  // npm strips a BOM before parsing package.json; so must we, or a BOM hides the scripts.
  std::string error;
  auto j = parse_json_bounded("\xEF\xBB\xBF{\"name\":\"bom\"}", 64, error);
  ASSERT_TRUE(j) << error;
  EXPECT_EQ((*j)["name"], "bom");
}

TEST(JsonParseBounded, DuplicateKeysLastOneWinsLikeNode) {
  // JSON.parse keeps the last duplicate; a scanner that kept the first would check
  // different scripts from the ones npm runs.
  std::string error;
  auto j = parse_json_bounded(
      R"({"scripts":{"postinstall":"echo hi"},"scripts":{"postinstall":"sh evil.sh"}})", 64, error);
  ASSERT_TRUE(j) << error;
  EXPECT_EQ((*j)["scripts"]["postinstall"], "sh evil.sh");
}

// Node reads package.json as UTF-8 with replacement characters, so an invalid byte in a
// string value does not stop npm from installing the package and running its scripts.
// If the scanner refuses the document instead, one stray byte in "description" hides
// every lifecycle script from analysis.
TEST(JsonParseBounded, InvalidUtf8InsideAStringStillParsesLikeNode) {
  std::string error;
  auto j = parse_json_bounded(
      "{\"name\":\"x\",\"description\":\"caf\xe9\",\"scripts\":{\"postinstall\":\"sh i.sh\"}}", 64,
      error);
  ASSERT_TRUE(j) << "rejected: " << error;
  EXPECT_EQ((*j)["scripts"]["postinstall"], "sh i.sh");
}

TEST(JsonLineOfKey, FindsTheQuotedKey) {
  const std::string text =
      "{\n"
      "  \"name\": \"x\",\n"
      "  \"scripts\": {\n"
      "    \"postinstall\": \"node i.js\"\n"
      "  }\n"
      "}\n";
  EXPECT_EQ(line_of_key(text, "name"), 2);
  EXPECT_EQ(line_of_key(text, "scripts"), 3);
  EXPECT_EQ(line_of_key(text, "postinstall"), 4);
  EXPECT_EQ(line_of_key(text, "preinstall"), 0);
  EXPECT_EQ(line_of_key(text, "install"), 0);  // only the quoted key, not a substring
  EXPECT_EQ(line_of_key("", "name"), 0);
}

TEST(JsonLineOfKey, SingleLineAndCrlf) {
  EXPECT_EQ(line_of_key(R"({"a":1,"b":2})", "b"), 1);
  EXPECT_EQ(line_of_key("{\r\n\"a\":1,\r\n\"b\":2}", "b"), 3);
}

TEST(JsonLineOfKey, FirstOccurrenceWins) {
  // Documented: the first quoted occurrence, even when it is a value.
  const std::string text = "{\"x\": \"postinstall\",\n\"scripts\": {\n\"postinstall\": \"a\"}}";
  EXPECT_EQ(line_of_key(text, "postinstall"), 1);
}

TEST(JsonLineOfKey, KeyWithSpecialCharacters) {
  EXPECT_EQ(line_of_key("{\n\"@scope/pkg\": \"1\"}", "@scope/pkg"), 2);
  EXPECT_EQ(line_of_key("{\n\"{}\": 1}", "{}"), 2);  // braces are not format specifiers
}

}  // namespace
}  // namespace airlock::analyze
