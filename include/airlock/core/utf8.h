// UTF-8 decoding shared by everything that reads names and text from hostile packages
// (reporters, manifest parsing, name normalisation): one definition of "well-formed".
//
//   char32_t cp;
//   std::size_t n = decode_utf8(s, i, cp);   // 0: not well-formed at s[i]
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace airlock {

// Decodes one UTF-8 sequence at s[i] (i < s.size()). Returns its length (1..4) and sets cp,
// or 0 when the bytes are not well-formed UTF-8: truncated, overlong, surrogates and code
// points above U+10FFFF are rejected.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// Copies `s`, replacing every byte that does not start a well-formed sequence with U+FFFD
// (what Node and browsers do when they read text).
std::string repair_utf8(std::string_view s);

}  // namespace airlock
