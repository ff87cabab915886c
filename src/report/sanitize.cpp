// Terminal sanitiser for attacker-controlled text (evidence, paths, package names).
//
// A hostile package controls the bytes of its file names and contents, so printing them raw
// would let it drive the reader's terminal (ANSI/OSC escapes: rewrite lines, set the title,
// hide findings) or hide code from the reader (bidi overrides, zero-width and variation
// selector characters as used by GlassWorm). Everything that is not plainly visible text is
// shown as an escape instead.
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "report/reporters.h"

namespace airlock::report {
namespace {

// Decodes one UTF-8 sequence at s[i]. Returns its length (1..4) and sets cp, or 0 when the
// bytes are not well-formed UTF-8 (overlongs, surrogates and > U+10FFFF are rejected).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Code points that are valid UTF-8 but either control the terminal or are invisible /
// reorder text, so a reader cannot trust what they see.
bool is_deceptive(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||        // C1 controls (0x9B is CSI on some terminals)
         (cp >= 0x200B && cp <= 0x200F) ||    // zero-width space/joiners, LRM/RLM
         (cp >= 0x2028 && cp <= 0x202E) ||    // line/para separators, bidi embeddings/overrides
         (cp >= 0x2060 && cp <= 0x206F) ||    // word joiner, invisible operators, bidi isolates
         cp == 0xFEFF ||                      // BOM / zero-width no-break space
         (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors
         (cp >= 0xE0000 && cp <= 0xE007F) ||  // tag characters
         (cp >= 0xE0100 && cp <= 0xE01EF);    // variation selectors supplement
}

}  // namespace

std::string sanitize_for_terminal(std::string_view in, std::size_t max_chars) {
  std::string out;
  out.reserve(in.size());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < in.size();) {
    if (max_chars != 0 && chars >= max_chars) {
      out += "...";
      break;
    }
    ++chars;
    char32_t cp = 0;
    const std::size_t len = decode_utf8(in, i, cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(in[i]));
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) {
      switch (cp) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
      }
    } else if (is_deceptive(cp)) {
      out += cp <= 0xFFFF ? fmt::format("\\u{:04x}", static_cast<std::uint32_t>(cp))
                          : fmt::format("\\U{:08x}", static_cast<std::uint32_t>(cp));
    } else {
      out.append(in.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace airlock::report
