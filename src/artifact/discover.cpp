// Expands what the user named into targets: one archive, one package directory, every
// package of a node_modules tree, every distribution of a site-packages tree.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "airlock/artifact/artifact.h"

namespace airlock::artifact {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string archive_kind(std::string_view name) {
  if (ends_with(name, ".whl")) return "pypi-wheel";
  if (ends_with(name, ".vsix")) return "vsix";
  if (ends_with(name, ".tgz")) return "npm-tarball";  // refined from the manifests
  return "archive";
}

bool is_plain_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

bool is_plain_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

std::vector<fs::path> sorted_children(const fs::path& dir, const Limits& limits) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    out.push_back(it->path());
    if (out.size() > limits.max_targets) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Packages of a node_modules directory, recursing into their own node_modules.
void collect_node_modules(const fs::path& nm, const std::string& display, const Limits& limits,
                          int depth, std::vector<TargetSpec>& out) {
  if (depth > limits.max_dir_depth || out.size() >= limits.max_targets) return;
  auto add_package = [&](const fs::path& pkg, const std::string& shown) {
    if (out.size() >= limits.max_targets || !is_plain_file(pkg / "package.json")) return;
    TargetSpec spec;
    spec.display_path = shown;
    spec.fs_path = pkg.string();
    spec.kind = "npm-package";
    spec.excluded_dirs = {"node_modules"};
    out.push_back(std::move(spec));
    if (is_plain_dir(pkg / "node_modules")) {
      collect_node_modules(pkg / "node_modules", shown + "/node_modules", limits, depth + 1, out);
    }
  };
  // pnpm: node_modules/<name> are links into node_modules/.pnpm/<id>/node_modules/<name>,
  // where the packages really are (links are never followed; the store is walked instead).
  if (depth == 0 && is_plain_dir(nm / ".pnpm")) {
    for (const fs::path& id : sorted_children(nm / ".pnpm", limits)) {
      if (is_plain_dir(id / "node_modules")) {
        collect_node_modules(id / "node_modules",
                             display + "/.pnpm/" + id.filename().string() + "/node_modules", limits,
                             depth + 1, out);
      }
    }
  }
  for (const fs::path& child : sorted_children(nm, limits)) {
    std::string name = child.filename().string();
    if (name.empty() || name[0] == '.' || !is_plain_dir(child)) continue;
    if (name[0] == '@') {
      for (const fs::path& scoped : sorted_children(child, limits)) {
        if (is_plain_dir(scoped)) {
          add_package(scoped, display + "/" + name + "/" + scoped.filename().string());
        }
      }
    } else {
      add_package(child, display + "/" + name);
    }
  }
}

std::vector<std::string> read_lines(const fs::path& p, const Limits& limits) {
  std::vector<std::string> lines;
  std::ifstream in(p, std::ios::binary);
  std::string line;
  while (std::getline(in, line) && lines.size() < limits.max_entries) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// One target per *.dist-info / *.egg-info: the metadata directory plus the files its
// RECORD (or installed-files.txt / top_level.txt) claims.
void collect_site_packages(const fs::path& sp, const std::string& display, const Limits& limits,
                           std::vector<TargetSpec>& out) {
  for (const fs::path& child : sorted_children(sp, limits)) {
    std::string name = child.filename().string();
    bool dist_info = ends_with(name, ".dist-info");
    bool egg_info = ends_with(name, ".egg-info");
    if ((!dist_info && !egg_info) || !is_plain_dir(child)) continue;
    TargetSpec spec;
    spec.display_path = display + "/" + name;
    spec.fs_path = sp.string();
    spec.kind = "pypi-dist";
    for (const fs::path& meta : sorted_children(child, limits)) {
      spec.only_files.push_back(name + "/" + meta.filename().string());
    }
    if (dist_info && is_plain_file(child / "RECORD")) {
      for (const std::string& line : read_lines(child / "RECORD", limits)) {
        // RECORD rows are CSV: path,hash,size. Paths with commas are quoted.
        std::string path;
        if (!line.empty() && line[0] == '"') {
          auto close = line.find('"', 1);
          path = line.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        } else {
          path = line.substr(0, line.find(','));
        }
        // Scripts installed to ../../bin are outside the tree: not ours to read here.
        if (path.rfind("../", 0) == 0 || path.rfind(name + "/", 0) == 0) continue;
        spec.only_files.push_back(path);
      }
    } else if (egg_info) {
      for (const std::string& line : read_lines(child / "installed-files.txt", limits)) {
        if (line.rfind("../", 0) == 0) {
          // Relative to the egg-info directory: ../pkg/mod.py means pkg/mod.py.
          spec.only_files.push_back(line.substr(3));
        }
      }
    }
    if (spec.only_files.size() > limits.max_entries) spec.only_files.resize(limits.max_entries);
    out.push_back(std::move(spec));
    if (out.size() >= limits.max_targets) return;
  }
}

bool has_dist_metadata(const fs::path& dir, const Limits& limits) {
  for (const fs::path& child : sorted_children(dir, limits)) {
    std::string n = child.filename().string();
    if (ends_with(n, ".dist-info") || ends_with(n, ".egg-info")) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<TargetSpec>> discover(const std::string& path, const Limits& limits,
                                         std::vector<std::string>* warnings) {
  fs::path p(path);
  std::error_code ec;
  // The user named this path, so a link given on the command line is followed once;
  // links inside trees are not.
  auto st = fs::status(p, ec);
  if (ec || !fs::exists(st)) {
    return make_error(ErrorCode::kIo, fmt::format("{}: no such file or directory", path));
  }
  std::vector<TargetSpec> out;
  if (fs::is_regular_file(st)) {
    TargetSpec spec;
    spec.display_path = path;
    spec.source = SourceKind::kArchive;
    spec.fs_path = path;
    spec.kind = archive_kind(p.filename().string());
    out.push_back(std::move(spec));
    return out;
  }
  if (!fs::is_directory(st)) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: not a file or directory", path));
  }
  std::string base = fs::absolute(p).lexically_normal().filename().string();
  if (base.empty()) base = fs::absolute(p).lexically_normal().parent_path().filename().string();
  auto warn_if_full = [&] {
    if (warnings && out.size() >= limits.max_targets) {
      warnings->push_back(fmt::format("{}: more than {} packages; only the first {} are scanned",
                                      path, limits.max_targets, limits.max_targets));
    }
  };
  if (base == "node_modules") {
    collect_node_modules(p, path, limits, 0, out);
    warn_if_full();
    if (out.empty()) {
      return make_error(ErrorCode::kFormat,
                        fmt::format("{}: node_modules tree holds no packages", path));
    }
    return out;
  }
  if (!is_plain_file(p / "package.json") && !is_plain_file(p / "setup.py") &&
      !is_plain_file(p / "pyproject.toml") && has_dist_metadata(p, limits)) {
    collect_site_packages(p, path, limits, out);
    warn_if_full();
    return out;
  }
  TargetSpec spec;
  spec.display_path = path;
  spec.fs_path = path;
  spec.kind = "directory";  // refined from the manifests
  // A project's own node_modules is a tree of other targets; name it to scan it.
  spec.excluded_dirs = {"node_modules", ".git"};
  out.push_back(std::move(spec));
  return out;
}

}  // namespace airlock::artifact
