// Entry-name normalisation: the one place that decides whether an archive path is safe.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/artifact/artifact.h"

namespace airlock::artifact {
namespace {

std::vector<std::string_view> split_parts(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/' || s[i] == '\\') {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

bool normalise_entry_path(std::string_view raw, std::string& out, std::string& reason) {
  out.clear();
  if (raw.empty()) {
    reason = "empty entry name";
    return false;
  }
  if (raw.find('\0') != std::string_view::npos) {
    reason = "NUL byte in entry name";
    return false;
  }
  // Absolute POSIX paths, UNC paths and Windows drive letters all escape an extraction root.
  if (raw.front() == '/' || raw.front() == '\\' ||
      (raw.size() >= 2 && raw[1] == ':' && std::isalpha(static_cast<unsigned char>(raw[0])))) {
    reason = "absolute path";
    return false;
  }
  std::vector<std::string_view> kept;
  for (std::string_view part : split_parts(raw)) {
    if (part == ".") continue;
    if (part == "..") {
      // Any '..' is refused, even one that would stay inside: no legitimate package
      // needs it and extractors disagree on how to resolve it.
      reason = "path traversal ('..')";
      return false;
    }
    kept.push_back(part);
  }
  // "./C:/x" and ".//c:x" are drive-absolute once the dots are gone.
  if (!kept.empty() && kept[0].size() >= 2 && kept[0][1] == ':' &&
      std::isalpha(static_cast<unsigned char>(kept[0][0]))) {
    reason = "absolute path (drive letter)";
    return false;
  }
  if (kept.empty()) {
    reason = "entry name is only '.' or separators";
    return false;
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i) out.push_back('/');
    out.append(kept[i]);
  }
  return true;
}

bool reason_escapes(std::string_view reason) {
  return reason.find("absolute") != std::string_view::npos ||
         reason.find("traversal") != std::string_view::npos;
}

bool link_stays_inside(std::string_view link_path, std::string_view target) {
  if (target.empty() || target.front() == '/' || target.front() == '\\') return false;
  // A drive letter ("C:\\x", "c:/x") is absolute where that name means something.
  if (target.size() >= 2 && target[1] == ':' &&
      std::isalpha(static_cast<unsigned char>(target[0]))) {
    return false;
  }
  // Resolve lexically from the link's directory; depth may never go below the root.
  std::vector<std::string_view> dir = split_parts(link_path);
  if (!dir.empty()) dir.pop_back();
  long depth = static_cast<long>(dir.size());
  for (std::string_view part : split_parts(target)) {
    if (part == ".") continue;
    if (part == "..") {
      if (--depth < 0) return false;
    } else {
      ++depth;
    }
  }
  return true;
}

}  // namespace airlock::artifact
