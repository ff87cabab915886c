#include "airlock/core/utf8.h"

#include <gtest/gtest.h>

namespace airlock {
namespace {

TEST(Utf8, DecodesWellFormedSequences) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("a", 0, cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(decode_utf8("\xc3\xa9", 0, cp), 2u);
  EXPECT_EQ(cp, U'\u00e9');
  EXPECT_EQ(decode_utf8("\xd0\xb0", 0, cp), 2u);  // Cyrillic a
  EXPECT_EQ(cp, U'\u0430');
  EXPECT_EQ(decode_utf8("\xf0\x9f\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, U'\U0001F600');
}

TEST(Utf8, RejectsMalformedSequences) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("\xc0\xaf", 0, cp), 0u);          // overlong '/'
  EXPECT_EQ(decode_utf8("\xed\xa0\x80", 0, cp), 0u);      // surrogate
  EXPECT_EQ(decode_utf8("\xf4\x90\x80\x80", 0, cp), 0u);  // above U+10FFFF
  EXPECT_EQ(decode_utf8("\xe2\x82", 0, cp), 0u);          // truncated
  EXPECT_EQ(decode_utf8("\x80", 0, cp), 0u);              // lone continuation
}

TEST(Utf8, RepairReplacesOnlyBadBytes) {
  EXPECT_EQ(repair_utf8("caf\xe9!"), "caf\xef\xbf\xbd!");
  EXPECT_EQ(repair_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(repair_utf8(""), "");
}

}  // namespace
}  // namespace airlock
