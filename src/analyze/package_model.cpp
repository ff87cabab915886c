#include "analyze/package_model.h"

#include <array>

#include "analyze/analyzers.h"
#include "analyze/text_util.h"

namespace airlock::analyze {

const FileFacts* PackageModel::file(const std::string& path) const {
  for (const auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

FileFacts* PackageModel::file(const std::string& path) {
  for (auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

const std::string* PackageModel::manifest(const std::string& path) const {
  auto it = manifests.find(path);
  return it == manifests.end() ? nullptr : &it->second;
}

bool is_deferrable(std::string_view path, std::string_view content) {
  std::string ext = extension_of(path);
  if (ext == ".d.ts") return true;
  if (ext != ".map") return false;
  // Only real source maps: a JSON object with "mappings" (not valid JavaScript either).
  std::string_view head = trim(content.substr(0, 64));
  return starts_with(head, "{") && content.find("\"mappings\"") != std::string_view::npos;
}

bool is_manifest_name(std::string_view path) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "package.json", "setup.py",         "setup.cfg",   "pyproject.toml", "PKG-INFO",
      "METADATA",     "entry_points.txt", "binding.gyp", "top_level.txt",  "extension.vsixmanifest",
      "requires.txt"};
  std::string_view base = basename_of(path);
  for (std::string_view n : kNames) {
    if (base == n) return true;
  }
  return ends_with(base, ".pth");
}

Finding make_finding(std::string rule, Severity severity, Category category, std::string message,
                     std::string path, int line, std::string evidence,
                     std::vector<std::string> attack, std::string help) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.category = category;
  f.message = std::move(message);
  if (!path.empty()) f.location = Location{std::move(path), line};
  f.evidence = clip(evidence);
  f.attack = std::move(attack);
  f.references = {"SAFE-T1006"};
  f.help = std::move(help);
  return f;
}

FileFacts& add_virtual_file(PackageModel& model, AnalyzerContext& ctx, std::string name,
                            std::string_view code, const std::string& manifest_path,
                            int manifest_line) {
  FileFacts f;
  f.path = std::move(name);
  f.virtual_file = true;
  f.is_code = true;
  f.size = code.size();
  f.evidence_path = manifest_path;
  f.line_offset = manifest_line > 0 ? manifest_line - 1 : 0;
  f.signals = ctx.content.scan(code);
  extract_imports(manifest_path, code, f.imports);
  model.files.push_back(std::move(f));
  return model.files.back();
}

bool looks_native_binary(std::string_view c) {
  if (c.size() < 4) return false;
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(c[i]); };
  if (c.substr(0, 4) ==
      "\x7f"
      "ELF")
    return true;
  if (c.substr(0, 2) == "MZ" && c.size() >= 64) return true;
  // Mach-O 32/64 in both byte orders, and fat binaries (0xcafebabe; also Java classes,
  // told apart by the small architecture count that follows in fat headers).
  unsigned be = (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
  if (be == 0xfeedface || be == 0xfeedfacf || be == 0xcefaedfe || be == 0xcffaedfe) return true;
  if (be == 0xcafebabe && c.size() >= 8 && u(4) == 0 && u(5) == 0 && u(6) == 0 && u(7) < 20) {
    return true;
  }
  return false;
}

bool looks_native_executable(std::string_view c) {
  if (!looks_native_binary(c)) return false;
  auto u8 = [&](std::size_t i) -> unsigned {
    return i < c.size() ? static_cast<unsigned char>(c[i]) : 0;
  };
  auto le16 = [&](std::size_t i) { return u8(i) | (u8(i + 1) << 8); };
  auto le32 = [&](std::size_t i) { return le16(i) | (le16(i + 2) << 16); };
  if (c.substr(0, 4) ==
      "\x7f"
      "ELF") {
    if (u8(5) != 1) return true;  // big-endian ELF: rare in packages, count it as a program
    unsigned type = le16(16);
    if (type == 2) return true;  // ET_EXEC
    if (type != 3) return false;
    // ET_DYN is a shared library (Node addon, .so) unless it has an interpreter (PIE program).
    bool is64 = u8(4) == 2;
    std::uint64_t phoff =
        is64 ? (static_cast<std::uint64_t>(le32(32)) | (static_cast<std::uint64_t>(le32(36)) << 32))
             : le32(28);
    unsigned phentsize = le16(is64 ? 54 : 42), phnum = le16(is64 ? 56 : 44);
    for (unsigned i = 0; i < phnum && i < 256; ++i) {
      std::uint64_t off = phoff + static_cast<std::uint64_t>(i) * phentsize;
      if (off + 4 > c.size()) break;
      if (le32(off) == 3) return true;  // PT_INTERP
    }
    return false;
  }
  if (c.substr(0, 2) == "MZ") {
    std::size_t pe = le32(0x3c);
    if (pe + 24 > c.size() || c.substr(pe, 4) != std::string_view("PE\0\0", 4)) return false;
    return (le16(pe + 22) & 0x2000) == 0;  // IMAGE_FILE_DLL not set
  }
  // Mach-O: filetype MH_EXECUTE (2); fat binaries are treated as programs.
  unsigned magic = le32(0);
  if (magic == 0xfeedface || magic == 0xfeedfacf) return le32(12) == 2;
  return true;
}

bool is_code_file(std::string_view path, std::string_view content, bool executable) {
  static constexpr std::array<std::string_view, 24> kCodeExts = {
      ".js",  ".cjs", ".mjs", ".jsx", ".ts",   ".tsx", ".mts", ".cts",
      ".py",  ".pyw", ".pth", ".sh",  ".bash", ".zsh", ".ps1", ".psm1",
      ".bat", ".cmd", ".vbs", ".pl",  ".rb",   ".php", ".gyp", ".gypi"};
  std::string ext = extension_of(path);
  for (std::string_view e : kCodeExts) {
    if (ext == e) return true;
  }
  if (starts_with(content, "#!")) return true;
  // Extension-less executables and native code run when launched.
  if (ext.empty() && executable) return true;
  return looks_native_binary(content);
}

}  // namespace airlock::analyze
