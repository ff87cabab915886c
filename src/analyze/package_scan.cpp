// One target, end to end: stream the files, analyze manifests, correlate.
#include "airlock/analyze/package_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "airlock/core/hash.h"
#include "analyze/analyzers.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

// What part of a file the text-oriented content rules see. Compressed media, fonts and
// archives cannot hold a readable script, so they are hashed but not scanned; native
// binaries are scanned in their header only (enough for the bundled-binary rules). Decided
// by magic bytes, never by name. With user rules (--rules) everything is scanned whole.
std::string_view content_to_scan(std::string_view c, bool scan_everything) {
  if (scan_everything) return c;
  if (looks_native_binary(c)) return c.substr(0, 4096);
  static constexpr std::string_view kOpaqueMagic[] = {"\x89PNG\r\n\x1a\n",
                                                      "\xff\xd8\xff",
                                                      "GIF87a",
                                                      "GIF89a",
                                                      "wOFF",
                                                      "wOF2",
                                                      "OTTO",
                                                      std::string_view("\x00\x01\x00\x00\x00", 5),
                                                      "\x1f\x8b",
                                                      "PK\x03\x04",
                                                      "\xfd"
                                                      "7zXZ",
                                                      "\x28\xb5\x2f\xfd",
                                                      std::string_view("\x00"
                                                                       "asm",
                                                                       4),
                                                      "BZh"};
  for (std::string_view m : kOpaqueMagic) {
    if (starts_with(c, m)) return {};
  }
  if (starts_with(c, "RIFF") && c.size() >= 12 && c.substr(8, 4) == "WEBP") return {};
  return c;
}

// Collects FileFacts while the artifact layer streams a target's files.
class FactCollector : public artifact::EntryVisitor {
 public:
  FactCollector(PackageModel& model, ContentScanner& scanner, const Limits& limits,
                bool scan_everything)
      : model_(model), scanner_(scanner), limits_(limits), scan_everything_(scan_everything) {}

  void file(const artifact::Entry& entry, std::string_view content) override {
    FileFacts f;
    f.path = entry.path;
    f.size = content.size();
    f.executable = entry.executable;
    if (!scan_everything_ && is_deferrable(entry.path, content)) {
      f.deferred = true;
      model_.files.push_back(std::move(f));
      return;
    }
    f.native_binary = looks_native_binary(content);
    f.native_executable = f.native_binary && looks_native_executable(content);
    f.is_code = is_code_file(entry.path, content, entry.executable);
    f.signals = scanner_.scan(content_to_scan(content, scan_everything_));
    // Hashes key suppressions, so only files that can carry a finding need one: capability
    // signals alone never become findings.
    bool reportable = f.native_binary;
    for (const Signal& sig : f.signals) reportable |= sig.rule->role != Role::kCapability;
    if (reportable) f.sha256 = sha256_hex(content);
    if (f.is_code) extract_imports(entry.path, content, f.imports);
    if (is_manifest_name(entry.path) && content.size() <= limits_.max_manifest_bytes) {
      model_.manifests[entry.path] = std::string(content);
    }
    model_.files.push_back(std::move(f));
  }

  void oversize_file(const artifact::Entry& entry, const std::string& sha256) override {
    FileFacts f;
    f.path = entry.path;
    f.size = entry.size;
    f.executable = entry.executable;
    f.oversize = true;
    f.sha256 = sha256;
    model_.files.push_back(std::move(f));
  }

  void unsafe(const artifact::UnsafeEntry& entry) override { model_.unsafe.push_back(entry); }

 private:
  PackageModel& model_;
  ContentScanner& scanner_;
  const Limits& limits_;
  bool scan_everything_;
};

// Second pass: content-scans the deferred files that turned out to be referenced.
class DeferredScanner : public artifact::EntryVisitor {
 public:
  DeferredScanner(PackageModel& model, ContentScanner& scanner, std::set<std::string> wanted)
      : model_(model), scanner_(scanner), wanted_(std::move(wanted)) {}

  void file(const artifact::Entry& entry, std::string_view content) override {
    std::string path = entry.path.substr(std::min(entry.path.size(), model_.root_prefix.size()));
    if (model_.strip_first_component) {
      auto slash = entry.path.find('/');
      if (slash == std::string::npos) return;
      path = entry.path.substr(slash + 1);
    }
    if (!wanted_.count(path)) return;
    FileFacts* f = model_.file(path);
    if (!f || !f->deferred) return;
    f->deferred = false;
    f->is_code = true;  // it is referenced as code
    f->signals = scanner_.scan(content);
    extract_imports(path, content, f->imports);
    f->sha256 = sha256_hex(content);
  }
  void oversize_file(const artifact::Entry&, const std::string&) override {}
  void unsafe(const artifact::UnsafeEntry&) override {}

 private:
  PackageModel& model_;
  ContentScanner& scanner_;
  std::set<std::string> wanted_;
};

// Archives usually wrap everything in one directory ("package/", "name-1.0/"); paths in
// reports are relative to it. npm tarballs follow npm's own rule instead: the first path
// component of every entry is stripped, whatever it is, and top-level entries are dropped
// (pacote extracts with strip: 1), so a stray entry cannot hide package.json.
void strip_archive_prefix(PackageModel& model) {
  if (model.files.empty()) return;
  auto depth2_package_json = [](const std::string& p) {
    auto slash = p.find('/');
    return slash != std::string::npos &&
           p.compare(slash + 1, std::string::npos, "package.json") == 0;
  };
  bool npm = std::any_of(model.files.begin(), model.files.end(),
                         [&](const FileFacts& f) { return depth2_package_json(f.path); });
  std::string_view first = model.files.front().path;
  auto slash = first.find('/');
  std::string common =
      slash == std::string_view::npos ? "" : std::string(first.substr(0, slash + 1));
  for (const auto& f : model.files) {
    if (common.empty() || !starts_with(f.path, common)) common.clear();
  }
  if (!npm && common.empty()) return;
  auto strip = [&](const std::string& p) -> std::string {
    if (!npm) return p.substr(common.size());
    auto s = p.find('/');
    return s == std::string::npos ? std::string() : p.substr(s + 1);
  };
  model.root_prefix = npm ? "" : common;
  model.strip_first_component = npm;
  std::vector<FileFacts> kept;
  for (auto& f : model.files) {
    f.path = strip(f.path);
    if (!f.path.empty()) kept.push_back(std::move(f));
  }
  model.files = std::move(kept);
  std::map<std::string, std::string> stripped;
  for (auto& [path, content] : model.manifests) {
    std::string p = strip(path);
    if (!p.empty()) stripped[p] = std::move(content);
  }
  model.manifests = std::move(stripped);
}

bool has_dist_info_metadata(const PackageModel& model) {
  for (const auto& [path, _] : model.manifests) {
    if (ends_with(path, ".dist-info/METADATA") && path.find('/') == path.rfind('/')) return true;
  }
  return false;
}

// Decides the report kind from what the manifests say.
void refine_kind(PackageModel& model, const artifact::TargetSpec& spec) {
  bool archive = spec.source == artifact::SourceKind::kArchive;
  if (spec.kind == "vsix" || spec.kind == "pypi-dist") {
    model.kind = spec.kind;
  } else if (model.manifest("package.json") || model.file("package.json")) {
    model.kind = archive ? "npm-tarball" : "npm-package";
  } else if (has_dist_info_metadata(model)) {
    model.kind = archive ? "pypi-wheel" : "pypi-dist";
  } else if (model.file("PKG-INFO") || model.file("setup.py") || model.file("pyproject.toml")) {
    model.kind = archive ? "pypi-sdist" : "pypi-project";
  } else {
    model.kind = archive ? "archive" : "directory";
  }
}

}  // namespace

Result<std::shared_ptr<const Engine>> Engine::create(const EngineOptions& options) {
  auto rules = RuleSet::compile(options.rules);
  if (!rules) return rules.error();
  auto engine = std::make_shared<Engine>();
  engine->rules_ = std::move(*rules);
  engine->limits_ = options.limits;
  engine->scan_everything_ = !options.rules.extra_dirs.empty();
  return std::shared_ptr<const Engine>(std::move(engine));
}

PackageScanner::PackageScanner(const Engine& engine) : engine_(engine), content_(engine.rules()) {}
PackageScanner::~PackageScanner() = default;

TargetResult PackageScanner::scan(const artifact::TargetSpec& spec) {
  TargetResult result;
  result.info.path = spec.display_path;
  result.info.kind = spec.kind;
  const Limits& limits = engine_.limits();
  const bool archive = spec.source == artifact::SourceKind::kArchive;
  if (archive) {
    auto digest = sha256_file(spec.fs_path);
    if (digest) result.info.sha256 = *digest;
  }

  PackageModel model;
  FactCollector collector(model, content_, limits, engine_.scan_everything());
  Status read = artifact::read_target(spec, limits, collector);
  if (!read) result.errors.push_back(read.error().message);
  if (archive && spec.kind != "pypi-wheel" && spec.kind != "vsix") strip_archive_prefix(model);
  refine_kind(model, spec);

  AnalyzerContext ctx{limits, content_, archive};
  std::string npm_dir = model.kind == "vsix" ? "extension/" : "";
  if (model.manifest(npm_dir + "package.json")) analyze_npm(model, ctx, npm_dir);
  // Manifests over the parse limit still drive the installer: say they were not checked.
  for (const FileFacts& f : model.files) {
    if (!is_manifest_name(f.path) || model.manifest(f.path) || f.virtual_file) continue;
    if (f.size <= limits.max_manifest_bytes && !f.oversize) continue;
    // Unparsed, so weighed whole as install-time code.
    model.install_roots.insert(f.path);
    model.findings.push_back(make_finding(
        "manifest-too-large", Severity::kMedium, Category::kPolicy,
        fmt::format("{} is {} bytes, over the {} byte parse limit: its install scripts and "
                    "entry points were not checked",
                    f.path, f.size, limits.max_manifest_bytes),
        f.path, 0, "", {},
        "Package managers read manifests of any size; padding one past a scanner's limit is a "
        "way to hide its scripts."));
  }
  analyze_python(model, ctx);

  if (auto wanted = referenced_deferred_files(model); !wanted.empty()) {
    DeferredScanner second(model, content_, {wanted.begin(), wanted.end()});
    (void)artifact::read_target(spec, limits, second);  // errors were reported by pass one
  }

  std::size_t skipped = 0;
  const artifact::UnsafeEntry* first_skipped = nullptr;
  for (const auto& u : model.unsafe) {
    if (!u.escapes) {
      if (skipped++ == 0) first_skipped = &u;
      continue;
    }
    std::string what = u.link_target.empty() ? u.raw_path : u.raw_path + " -> " + u.link_target;
    model.findings.push_back(make_finding(
        "archive-unsafe-entry", Severity::kHigh, Category::kPolicy,
        fmt::format("entry not extracted: {} (a crafted archive can overwrite files such as "
                    "~/.bashrc when unpacked by a naive extractor)",
                    u.reason),
        "", 0, what, {"T1222"},
        "Archive entries with '..', absolute paths or links that point outside the package are "
        "never written or followed by airlock. Legitimate packages never contain them."));
  }
  if (first_skipped) {
    model.findings.push_back(make_finding(
        "entries-skipped", Severity::kInfo, Category::kPolicy,
        fmt::format("{} entr{} not read ({}{})", skipped, skipped == 1 ? "y" : "ies",
                    first_skipped->reason, skipped > 1 ? ", ..." : ""),
        "", 0, first_skipped->raw_path, {},
        "Malformed names, directories nested beyond the limit and unreadable files are skipped; "
        "the rest of the target is scanned."));
  }
  for (const auto& f : model.files) {
    if (!f.oversize) continue;
    model.findings.push_back(make_finding(
        "file-too-large", Severity::kInfo, Category::kPolicy,
        fmt::format("file of {} MiB is over the content-scan limit of {} MiB; hashed only "
                    "(raise with --max-file-mb)",
                    f.size >> 20, limits.max_file_bytes >> 20),
        f.path, 0, "sha256:" + f.sha256, {},
        "Files above the size limit are not content-scanned."));
  }
  bool read_nothing = model.files.empty() && !read;
  if ((model.kind == "archive" || model.kind == "directory") && !read_nothing) {
    model.findings.push_back(make_finding(
        "no-manifest", Severity::kInfo, Category::kProvenance,
        "no package manifest (package.json, setup.py, pyproject.toml, PKG-INFO, METADATA) found; "
        "scanned as plain files",
        "", 0, "", {}, "Without a manifest airlock cannot tell which code runs at install."));
  }
  correlate(model);
  // Key every located finding to its file's content for suppressions, and size whole-file
  // locations.
  for (Finding& f : model.findings) {
    if (!f.location) continue;
    if (f.location->line == 0) {
      if (const std::string* m = model.manifest(f.location->path)) {
        f.location->file_bytes = static_cast<std::int64_t>(m->size());
      } else if (const FileFacts* facts = model.file(f.location->path)) {
        f.location->file_bytes = static_cast<std::int64_t>(facts->size);
      }
    }
    if (!f.file_sha256.empty()) continue;
    if (const std::string* m = model.manifest(f.location->path)) {
      f.file_sha256 = sha256_hex(*m);
    } else if (const FileFacts* facts = model.file(f.location->path)) {
      f.file_sha256 = facts->sha256;
    }
  }

  result.info.kind = model.kind;
  result.ecosystem = model.ecosystem;
  result.dependencies = std::move(model.dependencies);
  result.info.name = model.name;
  result.info.version = model.version;
  std::stable_sort(model.findings.begin(), model.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  if (model.findings.size() > kMaxFindingsPerTarget) {
    std::size_t dropped = model.findings.size() - kMaxFindingsPerTarget;
    model.findings.resize(kMaxFindingsPerTarget);
    model.findings.push_back(
        make_finding("findings-truncated", Severity::kInfo, Category::kPolicy,
                     fmt::format("{} lower-severity findings not reported (limit {} per target)",
                                 dropped, kMaxFindingsPerTarget),
                     "", 0, "", {}, "A crafted package cannot flood the report."));
  }
  result.findings = std::move(model.findings);
  return result;
}

}  // namespace airlock::analyze
