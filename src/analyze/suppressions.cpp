#include "airlock/analyze/suppressions.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace airlock::analyze {

Result<Suppressions> Suppressions::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, fmt::format("{}: cannot read", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

Result<Suppressions> Suppressions::parse(const std::string& text, const std::string& source) {
  Suppressions out;
  try {
    YAML::Node root = YAML::Load(text);
    YAML::Node list = root["suppressions"];
    if (!list) return out;
    if (!list.IsSequence()) {
      return make_error(ErrorCode::kFormat,
                        fmt::format("{}: 'suppressions' must be a list", source));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node& n = list[i];
      Suppression s;
      s.rule = n["rule"].as<std::string>("");
      s.path_glob = n["path"].as<std::string>("");
      s.sha256 = n["sha256"].as<std::string>("");
      s.reason = n["reason"].as<std::string>("");
      std::transform(s.sha256.begin(), s.sha256.end(), s.sha256.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      bool hex = s.sha256.size() == 64 &&
                 s.sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
      if (s.rule.empty() || s.path_glob.empty() || !hex) {
        return make_error(
            ErrorCode::kFormat,
            fmt::format("{}: suppression #{} needs rule, path and a 64-hex-digit sha256 of the "
                        "file content (suppressing by path alone is not supported)",
                        source, i + 1));
      }
      out.entries_.push_back(std::move(s));
    }
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kFormat, fmt::format("{}: {}", source, e.what()));
  }
  return out;
}

std::size_t Suppressions::apply(TargetResult& result) const {
  if (entries_.empty()) return 0;
  auto suppressed = [&](const Finding& f) {
    if (!f.location || f.file_sha256.empty()) return false;
    for (const auto& s : entries_) {
      if (s.rule == f.rule && s.sha256 == f.file_sha256 &&
          fnmatch(s.path_glob.c_str(), f.location->path.c_str(), 0) == 0) {
        return true;
      }
    }
    return false;
  };
  auto before = result.findings.size();
  result.findings.erase(std::remove_if(result.findings.begin(), result.findings.end(), suppressed),
                        result.findings.end());
  return before - result.findings.size();
}

}  // namespace airlock::analyze
