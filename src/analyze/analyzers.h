// Private: the manifest analyzers and the passes run on a PackageModel after the file pass.
#pragma once

#include "airlock/analyze/content_rules.h"
#include "airlock/core/limits.h"
#include "analyze/package_model.h"

namespace airlock::analyze {

struct AnalyzerContext {
  const Limits& limits;
  ContentScanner& content;  // for code found inside manifests (lifecycle commands, -e code)
  bool is_archive = false;
};

// Adds a virtual file holding code taken from a manifest, content-scanned like a real file.
FileFacts& add_virtual_file(PackageModel& model, AnalyzerContext& ctx, std::string name,
                            std::string_view code, const std::string& manifest_path,
                            int manifest_line);

// Collects relative module references from JS/Python source (for reachability).
void extract_imports(std::string_view path, std::string_view content,
                     std::vector<std::string>& out);
// True when the bytes start like a native executable or library.
bool looks_native_binary(std::string_view content);
// A native binary that is run as a program (not a shared library such as a Node addon).
bool looks_native_executable(std::string_view content);
// True when a file of this name and first bytes is executed rather than read as data.
bool is_code_file(std::string_view path, std::string_view content, bool executable);

void analyze_npm(PackageModel& model, AnalyzerContext& ctx, const std::string& manifest_dir);
void analyze_python(PackageModel& model, AnalyzerContext& ctx);

// Deferred files (source maps, type declarations: not scanned in the first pass) that code
// of the package names by import, require, path literal or lifecycle command; these must be
// content-scanned after all.
std::vector<std::string> referenced_deferred_files(const PackageModel& model);

// Marks install-reachable files and turns signals into findings (model.findings).
void correlate(PackageModel& model);

}  // namespace airlock::analyze
