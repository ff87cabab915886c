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

#include "airlock/core/utf8.h"
#include "report/reporters.h"

namespace airlock::report {
namespace {

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
