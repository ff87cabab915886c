// Name normalisation per ecosystem, with folding of non-ASCII look-alikes to ASCII.
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "airlock/core/utf8.h"
#include "airlock/names/names.h"
#include "names/internal.h"

namespace airlock::names {
namespace {

// Code points that render like an ASCII letter or digit (Unicode confusables, the subset
// seen in package-name attacks: Cyrillic, Greek, Latin variants). 0 = invisible, drop it.
struct Fold {
  char32_t cp;
  char ascii;
};
constexpr Fold kFolds[] = {
    // Latin-1 and Latin Extended letters with diacritics, dotless i, script g, ell.
    {0xE0, 'a'},
    {0xE1, 'a'},
    {0xE2, 'a'},
    {0xE3, 'a'},
    {0xE4, 'a'},
    {0xE5, 'a'},
    {0xE7, 'c'},
    {0xE8, 'e'},
    {0xE9, 'e'},
    {0xEA, 'e'},
    {0xEB, 'e'},
    {0xEC, 'i'},
    {0xED, 'i'},
    {0xEE, 'i'},
    {0xEF, 'i'},
    {0xF1, 'n'},
    {0xF2, 'o'},
    {0xF3, 'o'},
    {0xF4, 'o'},
    {0xF5, 'o'},
    {0xF6, 'o'},
    {0xF8, 'o'},
    {0xF9, 'u'},
    {0xFA, 'u'},
    {0xFB, 'u'},
    {0xFC, 'u'},
    {0xFD, 'y'},
    {0xFF, 'y'},
    {0xC0, 'a'},
    {0xC1, 'a'},
    {0xC2, 'a'},
    {0xC3, 'a'},
    {0xC4, 'a'},
    {0xC5, 'a'},
    {0xC7, 'c'},
    {0xC8, 'e'},
    {0xC9, 'e'},
    {0xCA, 'e'},
    {0xCB, 'e'},
    {0xCC, 'i'},
    {0xCD, 'i'},
    {0xCE, 'i'},
    {0xCF, 'i'},
    {0xD1, 'n'},
    {0xD2, 'o'},
    {0xD3, 'o'},
    {0xD4, 'o'},
    {0xD5, 'o'},
    {0xD6, 'o'},
    {0xD8, 'o'},
    {0xD9, 'u'},
    {0xDA, 'u'},
    {0xDB, 'u'},
    {0xDC, 'u'},
    {0xDD, 'y'},
    {0x131, 'i'},
    {0x261, 'g'},
    {0x2113, 'l'},
    {0x17F, 's'},
    // Greek.
    {0x391, 'a'},
    {0x392, 'b'},
    {0x395, 'e'},
    {0x396, 'z'},
    {0x397, 'h'},
    {0x399, 'i'},
    {0x39A, 'k'},
    {0x39C, 'm'},
    {0x39D, 'n'},
    {0x39F, 'o'},
    {0x3A1, 'p'},
    {0x3A4, 't'},
    {0x3A5, 'y'},
    {0x3A7, 'x'},
    {0x3B1, 'a'},
    {0x3B9, 'i'},
    {0x3BA, 'k'},
    {0x3BD, 'v'},
    {0x3BF, 'o'},
    {0x3C1, 'p'},
    {0x3C4, 't'},
    {0x3C5, 'u'},
    {0x3C7, 'x'},
    // Cyrillic.
    {0x410, 'a'},
    {0x412, 'b'},
    {0x415, 'e'},
    {0x41A, 'k'},
    {0x41C, 'm'},
    {0x41D, 'h'},
    {0x41E, 'o'},
    {0x420, 'p'},
    {0x421, 'c'},
    {0x422, 't'},
    {0x423, 'y'},
    {0x425, 'x'},
    {0x430, 'a'},
    {0x432, 'b'},
    {0x435, 'e'},
    {0x43A, 'k'},
    {0x43C, 'm'},
    {0x43D, 'h'},
    {0x43E, 'o'},
    {0x440, 'p'},
    {0x441, 'c'},
    {0x442, 't'},
    {0x443, 'y'},
    {0x445, 'x'},
    {0x405, 's'},
    {0x406, 'i'},
    {0x408, 'j'},
    {0x455, 's'},
    {0x456, 'i'},
    {0x458, 'j'},
    {0x4BB, 'h'},
    {0x4C0, 'l'},
    {0x4CF, 'l'},
    {0x501, 'd'},
    {0x51B, 'q'},
    {0x51D, 'w'},
    // Invisible: zero-width space/joiners, word joiner, BOM, soft hyphen.
    {0x200B, 0},
    {0x200C, 0},
    {0x200D, 0},
    {0x2060, 0},
    {0xFEFF, 0},
    {0xAD, 0},
};

bool is_delim(char c) { return c == '-' || c == '_' || c == '.'; }

}  // namespace

std::optional<Ecosystem> parse_ecosystem(std::string_view s) {
  if (s == "npm") return Ecosystem::kNpm;
  if (s == "pypi") return Ecosystem::kPypi;
  if (s == "mcp") return Ecosystem::kMcp;
  return std::nullopt;
}

std::string_view to_string(Ecosystem eco) {
  switch (eco) {
    case Ecosystem::kNpm:
      return "npm";
    case Ecosystem::kPypi:
      return "pypi";
    case Ecosystem::kMcp:
      return "mcp";
  }
  return "npm";
}

namespace detail {

Result<Normalised> normalise_ex(Ecosystem eco, std::string_view name) {
  // Surrounding ASCII blanks are an artefact of lists and stdin, not part of a name.
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.empty()) return make_error(ErrorCode::kInvalidArgument, "empty package name");
  if (name.size() > kMaxRawNameBytes) {
    return make_error(ErrorCode::kLimit, fmt::format("package name too long ({} bytes, max {})",
                                                     name.size(), kMaxNameBytes));
  }
  Normalised out;
  out.name.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) {
        return make_error(
            ErrorCode::kInvalidArgument,
            fmt::format("package name has a control character (0x{:02x}) at byte {}", c, i));
      }
      out.name.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode_utf8(name, i, cp);
    if (len == 0) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("package name is not valid UTF-8 (byte {})", i));
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("package name has a control character (U+{:04X})",
                                    static_cast<std::uint32_t>(cp)));
    }
    char folded = 1;                     // 1 = no fold known
    if (cp >= 0xFF01 && cp <= 0xFF5E) {  // fullwidth ASCII
      folded = static_cast<char>(cp - 0xFEE0);
      if (folded >= 'A' && folded <= 'Z') folded = static_cast<char>(folded - 'A' + 'a');
    } else {
      for (const Fold& f : kFolds) {
        if (f.cp == cp) {
          folded = f.ascii;
          break;
        }
      }
    }
    if (folded == 1) {
      out.name.append(name.substr(i, len));  // kept: no ASCII look-alike known
    } else {
      out.folded_homoglyph = true;
      if (folded != 0) out.name.push_back(folded);
    }
    i += len;
  }
  // Blanks that stood next to a dropped invisible character are at an end now: trim again,
  // so that normalising is idempotent ("x \u200b" and "x" are one name).
  const std::size_t first = out.name.find_first_not_of(" \t");
  out.name.erase(0, first == std::string::npos ? out.name.size() : first);
  while (!out.name.empty() && (out.name.back() == ' ' || out.name.back() == '\t')) {
    out.name.pop_back();
  }
  if (eco == Ecosystem::kPypi) {
    std::string collapsed;
    collapsed.reserve(out.name.size());
    for (char c : out.name) {
      if (is_delim(c)) {
        if (collapsed.empty() || collapsed.back() != '-') collapsed.push_back('-');
      } else {
        collapsed.push_back(c);
      }
    }
    out.name = std::move(collapsed);
  }
  if (out.name.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "package name is empty once normalised");
  }
  if (out.name.size() > kMaxNameBytes) {
    return make_error(ErrorCode::kLimit, fmt::format("package name too long ({} bytes, max {})",
                                                     out.name.size(), kMaxNameBytes));
  }
  return out;
}

}  // namespace detail

Result<std::string> normalise(Ecosystem eco, std::string_view name) {
  auto r = detail::normalise_ex(eco, name);
  if (!r) return r.error();
  return std::move(r->name);
}

}  // namespace airlock::names
