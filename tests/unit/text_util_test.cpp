// Text helpers shared by the parsers.
#include "analyze/text_util.h"

#include <gtest/gtest.h>

namespace airlock::analyze {
namespace {

TEST(TomlGuard, RefusesTableHeadersWithoutAName) {
  // Inputs that make toml++ 3.3 fail an internal assertion.
  EXPECT_TRUE(toml_has_nameless_table_header("[\n"));
  EXPECT_TRUE(toml_has_nameless_table_header("a = 1\n  [#x]\n"));
  EXPECT_TRUE(toml_has_nameless_table_header("[[ ]]"));
  EXPECT_TRUE(toml_has_nameless_table_header("["));
  // Ordinary TOML passes.
  EXPECT_FALSE(toml_has_nameless_table_header("[project]\nname = \"x\"\n"));
  EXPECT_FALSE(toml_has_nameless_table_header("[[tool.x]]\n[\"quoted key\"]\n['lit']\n"));
  EXPECT_FALSE(toml_has_nameless_table_header("a = [1, 2]\n"));
  EXPECT_FALSE(toml_has_nameless_table_header(""));
}

}  // namespace
}  // namespace airlock::analyze
