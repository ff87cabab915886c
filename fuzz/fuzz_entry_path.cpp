// Fuzz target: normalise_entry_path() and link_stays_inside(), the two functions that decide
// whether an archive entry may be treated as part of the package.
//
// Input layout: the bytes up to the first NUL byte (or all of them) are an entry name; the
// bytes after it are a link target for that name.
#include <cstdint>
#include <string>
#include <string_view>

#include "airlock/artifact/artifact.h"

namespace {

void check_normalised(std::string_view raw, std::string_view out) {
  if (out.empty() || out.front() == '/' || out.back() == '/') __builtin_trap();
  if (out.find('\\') != std::string_view::npos) __builtin_trap();
  if (out.find('\0') != std::string_view::npos) __builtin_trap();
  if (out.size() > raw.size()) __builtin_trap();
  std::size_t start = 0;
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || out[i] == '/') {
      std::string_view part = out.substr(start, i - start);
      if (part.empty() || part == "." || part == "..") __builtin_trap();
      start = i + 1;
    }
  }
}

// Resolves `target` from the link's directory lexically; true when it never climbs above
// the root. An independent re-implementation to cross-check link_stays_inside().
bool reference_inside(std::string_view link, std::string_view target) {
  if (target.empty() || target.front() == '/' || target.front() == '\\') return false;
  // A drive letter ("C:\\x", "c:/x") is absolute on the platforms where it means something.
  if (target.size() >= 2 && target[1] == ':' &&
      ((target[0] >= 'a' && target[0] <= 'z') || (target[0] >= 'A' && target[0] <= 'Z'))) {
    return false;
  }
  long depth = 0;
  std::size_t start = 0;
  std::size_t parts = 0;
  for (std::size_t i = 0; i <= link.size(); ++i) {
    if (i == link.size() || link[i] == '/' || link[i] == '\\') {
      if (i > start) ++parts;
      start = i + 1;
    }
  }
  depth = parts > 0 ? static_cast<long>(parts) - 1 : 0;
  start = 0;
  for (std::size_t i = 0; i <= target.size(); ++i) {
    if (i == target.size() || target[i] == '/' || target[i] == '\\') {
      std::string_view part = target.substr(start, i - start);
      start = i + 1;
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (--depth < 0) return false;
      } else {
        ++depth;
      }
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nul = in.find('\0');
  std::string_view raw = in.substr(0, nul);
  std::string_view target = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);

  std::string out, reason;
  bool ok = airlock::artifact::normalise_entry_path(raw, out, reason);
  if (ok) {
    check_normalised(raw, out);
    // Normalising is idempotent.
    std::string again, reason2;
    if (!airlock::artifact::normalise_entry_path(out, again, reason2) || again != out) {
      __builtin_trap();
    }
  } else if (reason.empty()) {
    __builtin_trap();  // a refusal always says why
  }
  // The whole input, NUL included, is never accepted as a name.
  if (nul != std::string_view::npos) {
    std::string o2, r2;
    if (airlock::artifact::normalise_entry_path(in, o2, r2)) __builtin_trap();
  }

  if (ok) {
    bool inside = airlock::artifact::link_stays_inside(out, target);
    if (inside != reference_inside(out, target)) __builtin_trap();
    if (inside && !target.empty() && target.front() == '/') __builtin_trap();
  }
  return 0;
}
