// Private: what the streaming pass keeps of a package, and what manifest analyzers add.
//
// Contents are not kept (memory stays bounded by the largest file, not the package):
// each file is content-scanned while its bytes are in memory and only the facts remain.
// Small manifests are kept whole because analyzers parse them after the pass.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "airlock/analyze/content_rules.h"
#include "airlock/analyze/package_scan.h"
#include "airlock/artifact/artifact.h"
#include "airlock/core/finding.h"

namespace airlock::analyze {

// When code in a file runs, which decides how much its signals weigh.
enum class Reach {
  kInert,    // not executed: docs, type declarations, data
  kRuntime,  // runs when imported or its bin is launched
  kInstall,  // runs at install or at every interpreter start
};

struct FileFacts {
  std::string path;  // relative to the package root
  std::uint64_t size = 0;
  bool executable = false;
  bool oversize = false;
  bool native_binary = false;      // ELF / PE / Mach-O magic
  bool native_executable = false;  // ... and a program rather than a shared library
  bool is_code = false;
  bool deferred = false;      // not content-scanned yet (see is_deferrable)
  bool virtual_file = false;  // code taken from a manifest (a lifecycle script command)
  int line_offset = 0;        // virtual files: line of the code in the manifest, minus one
  std::string sha256;         // oversize files and files with signals
  std::vector<Signal> signals;
  std::vector<std::string> imports;  // local module references, resolved later
  std::string evidence_path;         // where findings point (virtual files: the manifest)
};

struct PackageModel {
  std::string root_prefix;  // common top directory stripped from archive paths ("name-1.0/")
  bool strip_first_component = false;  // npm tarball: every entry lost its first component
  std::vector<FileFacts> files;
  std::map<std::string, std::string> manifests;  // path -> content, small files only
  std::vector<artifact::UnsafeEntry> unsafe;

  std::string kind, name, version;
  std::set<std::string> install_roots;  // paths whose code runs at install
  std::string ecosystem;                // "npm" / "pypi" once a manifest analyzer ran
  std::vector<DeclaredDependency> dependencies;
  std::vector<Finding> findings;  // manifest-level findings

  const FileFacts* file(const std::string& path) const;
  FileFacts* file(const std::string& path);
  const std::string* manifest(const std::string& path) const;
};

// Source maps and TypeScript declarations: data for tools, not code Node runs. They are
// large (about 40% of the bytes of popular npm packages), so the first pass only notes
// them; any that the package's code or scripts reference are scanned in a second pass.
bool is_deferrable(std::string_view path, std::string_view content);

// File names whose whole content is kept for the manifest analyzers.
bool is_manifest_name(std::string_view path);

// Helpers for analyzers building findings.
Finding make_finding(std::string rule, Severity severity, Category category, std::string message,
                     std::string path, int line, std::string evidence,
                     std::vector<std::string> attack, std::string help);

}  // namespace airlock::analyze
