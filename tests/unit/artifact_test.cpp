// The artifact layer on hostile input: entry-name normalisation, link containment, target
// discovery on generated trees, and read_target on archives written by the test itself
// (libarchive's write API, or raw bytes where libarchive would refuse to write the name).
//
// Every Limits field the artifact layer enforces is hit here by a test named after it;
// the scanner-level effects of the limits are in limits_test.cpp.
#include "airlock/artifact/artifact.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "airlock/core/hash.h"
#include "airlock/core/limits.h"
#include "analyze/json_util.h"
#include "test_util.h"

namespace airlock::artifact {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------
// Fixtures: temp trees, archives, a recording visitor.

using airlock::testing::TempDir;

struct In {
  enum Kind { kFile, kDir, kSymlink, kHardlink };
  std::string name;
  std::string data;
  Kind kind = kFile;
  std::string link;
  std::uint64_t zeros = 0;  // when set: a file of this many zero bytes instead of `data`
  unsigned mode = 0644;
};

In file(std::string name, std::string data, unsigned mode = 0644) {
  return In{std::move(name), std::move(data), In::kFile, "", 0, mode};
}
In dir(std::string name) { return In{std::move(name), "", In::kDir, "", 0, 0755}; }
In symlink(std::string name, std::string target) {
  return In{std::move(name), "", In::kSymlink, std::move(target), 0, 0777};
}
In hardlink(std::string name, std::string target) {
  return In{std::move(name), "", In::kHardlink, std::move(target), 0, 0644};
}
In zeros(std::string name, std::uint64_t n) {
  return In{std::move(name), "", In::kFile, "", n, 0644};
}

enum class Format { kTarGz, kTar, kZip };

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// Writes an archive with libarchive. Names are passed through untouched (the ustar and zip
// writers do not sanitise them), so traversal and absolute names can be produced.
void write_archive(const fs::path& out, const std::vector<In>& entries,
                   Format format = Format::kTarGz) {
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  if (format == Format::kZip) {
    ASSERT_EQ(archive_write_set_format_zip(a.get()), ARCHIVE_OK);
  } else {
    ASSERT_EQ(archive_write_set_format_ustar(a.get()), ARCHIVE_OK);
    if (format == Format::kTarGz) {
      ASSERT_EQ(archive_write_add_filter_gzip(a.get()), ARCHIVE_OK);
    }
  }
  ASSERT_EQ(archive_write_open_filename(a.get(), out.c_str()), ARCHIVE_OK)
      << archive_error_string(a.get());
  for (const In& in : entries) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), in.name.c_str());
    archive_entry_set_perm(e.get(), in.mode);
    archive_entry_set_mtime(e.get(), 499162500, 0);
    std::uint64_t size = in.zeros ? in.zeros : in.data.size();
    switch (in.kind) {
      case In::kFile:
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
        break;
      case In::kDir:
        archive_entry_set_filetype(e.get(), AE_IFDIR);
        size = 0;
        break;
      case In::kSymlink:
        archive_entry_set_filetype(e.get(), AE_IFLNK);
        archive_entry_copy_symlink(e.get(), in.link.c_str());
        size = 0;
        break;
      case In::kHardlink:
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_copy_hardlink(e.get(), in.link.c_str());
        archive_entry_set_size(e.get(), 0);
        size = 0;
        break;
    }
    ASSERT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK)
        << in.name << ": " << archive_error_string(a.get());
    if (in.kind != In::kFile) continue;
    if (in.zeros) {
      std::string block(1 << 20, '\0');
      for (std::uint64_t left = in.zeros; left > 0;) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
        ASSERT_EQ(archive_write_data(a.get(), block.data(), n), static_cast<la_ssize_t>(n));
        left -= n;
      }
    } else if (!in.data.empty()) {
      ASSERT_EQ(archive_write_data(a.get(), in.data.data(), in.data.size()),
                static_cast<la_ssize_t>(in.data.size()));
    }
  }
  ASSERT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
}

// zlib's CRC-32 (the test binary does not link zlib itself).
std::uint32_t crc32_of(std::string_view data) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// A hand-built zip of stored entries: raw name bytes and the general-purpose flags we choose
// (bit 11 = "names are UTF-8").
std::string raw_zip(const std::vector<std::pair<std::string, std::string>>& entries,
                    std::uint16_t flags) {
  auto u16 = [](std::string& s, std::uint16_t v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>(v >> 8));
  };
  auto u32 = [&](std::string& s, std::uint32_t v) {
    u16(s, static_cast<std::uint16_t>(v & 0xffff));
    u16(s, static_cast<std::uint16_t>(v >> 16));
  };
  std::string out, central;
  for (const auto& [name, data] : entries) {
    std::uint32_t crc = crc32_of(data);
    auto offset = static_cast<std::uint32_t>(out.size());
    u32(out, 0x04034b50);
    u16(out, 20);
    u16(out, flags);
    u16(out, 0);
    u16(out, 0);
    u16(out, 0x21);
    u32(out, crc);
    u32(out, static_cast<std::uint32_t>(data.size()));
    u32(out, static_cast<std::uint32_t>(data.size()));
    u16(out, static_cast<std::uint16_t>(name.size()));
    u16(out, 0);
    out += name;
    out += data;
    u32(central, 0x02014b50);
    u16(central, 0x031e);
    u16(central, 20);
    u16(central, flags);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0x21);
    u32(central, crc);
    u32(central, static_cast<std::uint32_t>(data.size()));
    u32(central, static_cast<std::uint32_t>(data.size()));
    u16(central, static_cast<std::uint16_t>(name.size()));
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u32(central, 0100644u << 16);
    u32(central, offset);
    central += name;
  }
  auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, static_cast<std::uint16_t>(entries.size()));
  u16(out, static_cast<std::uint16_t>(entries.size()));
  u32(out, static_cast<std::uint32_t>(central.size()));
  u32(out, cd_offset);
  u16(out, 0);
  return out;
}

class Recorder : public EntryVisitor {
 public:
  void file(const Entry& entry, std::string_view content) override {
    order.push_back(entry.path);
    files[entry.path] = std::string(content);
    entries[entry.path] = entry;
  }
  void oversize_file(const Entry& entry, const std::string& sha256) override {
    order.push_back(entry.path);
    oversize[entry.path] = sha256;
    entries[entry.path] = entry;
  }
  void other(const Entry& entry) override { others[entry.path] = entry; }
  void unsafe(const UnsafeEntry& entry) override { bad.push_back(entry); }

  bool has_unsafe(std::string_view raw, std::string_view reason_part) const {
    return std::any_of(bad.begin(), bad.end(), [&](const UnsafeEntry& u) {
      return u.raw_path == raw && u.reason.find(reason_part) != std::string::npos;
    });
  }
  std::string dump_unsafe() const {
    std::string s;
    for (const auto& u : bad)
      s += "[" + u.raw_path + " | " + u.reason + " | " + u.link_target + "] ";
    return s;
  }

  std::vector<std::string> order;
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> oversize;
  std::map<std::string, Entry> entries;
  std::map<std::string, Entry> others;
  std::vector<UnsafeEntry> bad;
};

TargetSpec archive_spec(const fs::path& p) {
  TargetSpec s;
  s.display_path = p.filename().string();
  s.source = SourceKind::kArchive;
  s.fs_path = p.string();
  s.kind = "npm-tarball";
  return s;
}

TargetSpec dir_spec(const fs::path& p) {
  TargetSpec s;
  s.display_path = p.filename().string();
  s.source = SourceKind::kDirectory;
  s.fs_path = p.string();
  s.kind = "directory";
  return s;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------
// normalise_entry_path

struct Accept {
  std::string raw;
  std::string normalised;
};

TEST(ArtifactPaths, NormaliseAccepts) {
  const std::vector<Accept> table = {
      {"package/index.js", "package/index.js"},
      {"package.json", "package.json"},
      {"./package/./lib/a.js", "package/lib/a.js"},
      {"package//lib///a.js", "package/lib/a.js"},
      {"package/lib/", "package/lib"},
      {"package\\lib\\a.js", "package/lib/a.js"},  // backslashes are separators too
      {"..foo/bar", "..foo/bar"},                  // not a '..' component
      {"a/.../b", "a/.../b"},
      {"a/..b/c..", "a/..b/c.."},
      {"package/\xff\xfe.js", "package/\xff\xfe.js"},  // bytes are kept, not decoded
      {"package/caf\xc3\xa9.js", "package/caf\xc3\xa9.js"},
      {"ab:c/d", "ab:c/d"},  // a colon past the second byte is not a drive letter
  };
  for (const Accept& t : table) {
    std::string out, reason;
    EXPECT_TRUE(normalise_entry_path(t.raw, out, reason)) << t.raw << ": " << reason;
    EXPECT_EQ(out, t.normalised) << t.raw;
  }
}

struct Reject {
  std::string raw;
  std::string reason_part;
};

TEST(ArtifactPaths, NormaliseRejects) {
  const std::vector<Reject> table = {
      {"", "empty"},
      {"/etc/passwd", "absolute"},
      {"//server/share/x", "absolute"},
      {"\\\\server\\share\\x", "absolute"},
      {"\\etc\\passwd", "absolute"},
      {"C:\\Windows\\system32\\x.dll", "absolute"},
      {"c:/x", "absolute"},
      {"c:x", "absolute"},                 // drive-relative: still not under the extraction root
      {"./C:/Windows/x.dll", "absolute"},  // the same name behind a '.' (found by fuzz_entry_path)
      {".//c:x", "absolute"},
      {"../x", "traversal"},
      {"..", "traversal"},
      {"package/../../.bashrc", "traversal"},
      {"package/../x", "traversal"},  // refused even though it would stay inside
      {"a/b/..", "traversal"},
      {"a\\..\\..\\b", "traversal"},
      {"./../x", "traversal"},
      {".", "only"},
      {"./", "only"},
      {"./././", "only"},
      {std::string("pack\0age/x", 10), "NUL"},
  };
  for (const Reject& t : table) {
    std::string out = "stale", reason;
    EXPECT_FALSE(normalise_entry_path(t.raw, out, reason)) << "accepted: " << t.raw;
    EXPECT_TRUE(contains(reason, t.reason_part))
        << t.raw << ": reason '" << reason << "' lacks '" << t.reason_part << "'";
  }
}

TEST(ArtifactPaths, NormalisedOutputNeverClimbsOrIsAbsolute) {
  // A small exhaustive sweep over short names built from the tricky characters.
  const std::string alphabet = "a./\\:";
  std::vector<std::string> names = {""};
  for (int len = 1; len <= 5; ++len) {
    std::vector<std::string> next;
    for (const std::string& n : names) {
      for (char c : alphabet) next.push_back(n + c);
    }
    names = std::move(next);
    for (const std::string& raw : names) {
      std::string out, reason;
      if (!normalise_entry_path(raw, out, reason)) {
        EXPECT_FALSE(reason.empty()) << raw;
        continue;
      }
      EXPECT_FALSE(out.empty()) << raw;
      EXPECT_NE(out.front(), '/') << raw;
      EXPECT_EQ(out.find('\\'), std::string::npos) << raw;
      EXPECT_EQ(out.find("//"), std::string::npos) << raw;
      EXPECT_NE(out.back(), '/') << raw;
      // Parts are never '.', '..' or empty.
      std::size_t start = 0;
      for (std::size_t i = 0; i <= out.size(); ++i) {
        if (i == out.size() || out[i] == '/') {
          std::string part = out.substr(start, i - start);
          EXPECT_TRUE(!part.empty() && part != "." && part != "..") << raw << " -> " << out;
          start = i + 1;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// link_stays_inside

struct LinkCase {
  std::string link;
  std::string target;
  bool inside;
};

TEST(ArtifactPaths, LinkStaysInside) {
  const std::vector<LinkCase> table = {
      {"package/a", "b", true},
      {"package/a", "./b", true},
      {"package/a", "lib/b.js", true},
      {"package/lib/a", "../b", true},
      {"package/lib/a", "../../package/b", true},  // climbs to the root and back in
      {"package/a", "..", true},                   // the root itself
      {"package/a", "../x", true},
      {"a/b", "x/../../y", true},
      {"package/a", "../..", false},
      {"package/a", "../../x", false},
      {"a", "../x", false},
      {"a", "..", false},
      {"a/b", "c/../../..", false},
      {"package/a", "/etc/shadow", false},
      {"package/a", "\\etc\\shadow", false},
      {"package/a", "", false},
      {"package/a", "../../../../../../etc/shadow", false},
      {"package/lib/a", "..\\..\\..\\x", false},  // backslash-separated climb
  };
  for (const LinkCase& t : table) {
    EXPECT_EQ(link_stays_inside(t.link, t.target), t.inside) << t.link << " -> " << t.target;
  }
}

TEST(ArtifactPaths, LinkWithDriveLetterTargetLeavesTheTree) {
  // normalise_entry_path treats "C:..." as absolute; a link to it leaves the tree the same
  // way on the platforms where that name means something.
  EXPECT_FALSE(link_stays_inside("package/a", "C:\\Windows\\win.ini"));
  EXPECT_FALSE(link_stays_inside("package/a", "c:/Users/x/.ssh/id_rsa"));
}

// ---------------------------------------------------------------------------------------
// discover()

TEST(ArtifactDiscover, NodeModulesGivesOneSpecPerPackage) {
  TempDir t;
  t.write("node_modules/a/package.json", R"({"name":"a"})");
  t.write("node_modules/a/index.js", "");
  t.write("node_modules/a/node_modules/c/package.json", R"({"name":"c"})");
  t.write("node_modules/a/node_modules/c/node_modules/d/package.json", R"({"name":"d"})");
  t.write("node_modules/@scope/b/package.json", R"({"name":"@scope/b"})");
  t.write("node_modules/@scope/e/package.json", R"({"name":"@scope/e"})");
  t.write("node_modules/.bin/a", "#!/bin/sh\n");
  t.write("node_modules/.package-lock.json", "{}");
  t.write("node_modules/no-manifest/index.js", "");
  t.write("node_modules/@scope/not-a-package/README", "");
  t.symlink("node_modules/linked", "a");  // a link to a package is not a second package

  const std::string nm = t.str("node_modules");
  auto specs = discover(nm, Limits{});
  ASSERT_TRUE(specs) << specs.error().message;
  std::vector<std::string> shown;
  for (const TargetSpec& s : *specs) {
    shown.push_back(s.display_path);
    EXPECT_EQ(s.source, SourceKind::kDirectory);
    EXPECT_EQ(s.kind, "npm-package");
    EXPECT_EQ(s.excluded_dirs, std::vector<std::string>{"node_modules"}) << s.display_path;
    EXPECT_TRUE(s.only_files.empty());
    EXPECT_TRUE(fs::is_regular_file(fs::path(s.fs_path) / "package.json")) << s.fs_path;
  }
  const std::vector<std::string> want = {
      nm + "/@scope/b",
      nm + "/@scope/e",
      nm + "/a",
      nm + "/a/node_modules/c",
      nm + "/a/node_modules/c/node_modules/d",
  };
  EXPECT_EQ(shown, want);
}

TEST(ArtifactDiscover, NodeModulesNestedPackageIsNotReadTwice) {
  TempDir t;
  t.write("node_modules/a/package.json", R"({"name":"a"})");
  t.write("node_modules/a/index.js", "a");
  t.write("node_modules/a/node_modules/c/package.json", R"({"name":"c"})");
  t.write("node_modules/a/node_modules/c/index.js", "c");
  auto specs = discover(t.str("node_modules"), Limits{});
  ASSERT_TRUE(specs);
  ASSERT_EQ(specs->size(), 2u);
  Recorder r;
  ASSERT_TRUE(read_target((*specs)[0], Limits{}, r));
  EXPECT_EQ(r.order, (std::vector<std::string>{"index.js", "package.json"}));
}

TEST(ArtifactDiscover, EmptyNodeModulesIsAnError) {
  TempDir t;
  t.mkdir("node_modules/.bin");
  auto specs = discover(t.str("node_modules"), Limits{});
  ASSERT_FALSE(specs);
  EXPECT_TRUE(contains(specs.error().message, "no packages")) << specs.error().message;
}

TEST(ArtifactDiscover, SitePackagesRecordGivesOnlyFiles) {
  TempDir t;
  t.write("site-packages/foo-1.0.dist-info/METADATA", "Name: foo\nVersion: 1.0\n");
  t.write("site-packages/foo-1.0.dist-info/RECORD",
          "foo/__init__.py,sha256=abc,12\r\n"
          "foo/sub/mod.py,sha256=def,34\n"
          "\"foo/with,comma.py\",sha256=x,1\n"
          "foo-1.0.dist-info/METADATA,,\n"
          "foo-1.0.dist-info/RECORD,,\n"
          "../../../bin/foo,sha256=y,2\n"
          "\n");
  t.write("site-packages/foo/__init__.py", "");
  t.write("site-packages/foo/sub/mod.py", "");
  t.write("site-packages/foo/with,comma.py", "");
  t.write("site-packages/foo/not_in_record.py", "");
  t.write("site-packages/bar-2.0.egg-info/PKG-INFO", "Name: bar\n");
  t.write("site-packages/bar-2.0.egg-info/installed-files.txt", "../bar/__init__.py\nPKG-INFO\n");
  t.write("site-packages/bar/__init__.py", "");
  t.write("site-packages/unrelated.py", "");

  const std::string sp = t.str("site-packages");
  auto specs = discover(sp, Limits{});
  ASSERT_TRUE(specs) << specs.error().message;
  ASSERT_EQ(specs->size(), 2u);

  const TargetSpec& bar = (*specs)[0];
  EXPECT_EQ(bar.display_path, sp + "/bar-2.0.egg-info");
  EXPECT_EQ(bar.kind, "pypi-dist");
  EXPECT_EQ(bar.fs_path, sp);
  EXPECT_EQ(bar.only_files,
            (std::vector<std::string>{"bar-2.0.egg-info/PKG-INFO",
                                      "bar-2.0.egg-info/installed-files.txt", "bar/__init__.py"}));

  const TargetSpec& foo = (*specs)[1];
  EXPECT_EQ(foo.display_path, sp + "/foo-1.0.dist-info");
  EXPECT_EQ(foo.kind, "pypi-dist");
  EXPECT_EQ(foo.only_files,
            (std::vector<std::string>{"foo-1.0.dist-info/METADATA", "foo-1.0.dist-info/RECORD",
                                      "foo/__init__.py", "foo/sub/mod.py", "foo/with,comma.py"}));

  Recorder r;
  ASSERT_TRUE(read_target(foo, Limits{}, r));
  EXPECT_EQ(r.order, foo.only_files);
  EXPECT_EQ(r.files.count("foo/not_in_record.py"), 0u);
  EXPECT_EQ(r.files.count("unrelated.py"), 0u);
}

TEST(ArtifactDiscover, PlainPackageDirectory) {
  TempDir t;
  t.write("pkg/package.json", R"({"name":"pkg"})");
  t.write("pkg/node_modules/dep/package.json", R"({"name":"dep"})");
  t.write("pkg/.git/config", "[core]\n");
  t.write("pkg/index.js", "");
  auto specs = discover(t.str("pkg"), Limits{});
  ASSERT_TRUE(specs) << specs.error().message;
  ASSERT_EQ(specs->size(), 1u);
  const TargetSpec& s = specs->front();
  EXPECT_EQ(s.source, SourceKind::kDirectory);
  EXPECT_EQ(s.display_path, t.str("pkg"));
  EXPECT_EQ(s.kind, "directory");
  Recorder r;
  ASSERT_TRUE(read_target(s, Limits{}, r));
  EXPECT_EQ(r.order, (std::vector<std::string>{"index.js", "package.json"}));
}

TEST(ArtifactDiscover, DirectoryWithoutManifestIsStillATarget) {
  TempDir t;
  t.write("bare/README.md", "hello");
  auto specs = discover(t.str("bare"), Limits{});
  ASSERT_TRUE(specs);
  ASSERT_EQ(specs->size(), 1u);
  EXPECT_EQ(specs->front().kind, "directory");
}

TEST(ArtifactDiscover, FilesAreArchivesKindFromTheName) {
  TempDir t;
  const std::vector<std::pair<std::string, std::string>> table = {
      {"x-1.0.0.tgz", "npm-tarball"},
      {"x-1.0-py3-none-any.whl", "pypi-wheel"},
      {"x.vsix", "vsix"},
      {"x-1.0.tar.gz", "archive"},
      {"x.zip", "archive"},
      {"empty.tgz", "npm-tarball"},
  };
  for (const auto& [name, kind] : table) {
    t.write(name, "");
    auto specs = discover(t.str(name), Limits{});
    ASSERT_TRUE(specs) << name;
    ASSERT_EQ(specs->size(), 1u);
    EXPECT_EQ(specs->front().source, SourceKind::kArchive) << name;
    EXPECT_EQ(specs->front().kind, kind) << name;
  }
}

TEST(ArtifactDiscover, MissingPathIsAnError) {
  TempDir t;
  auto specs = discover(t.str("nope.tgz"), Limits{});
  ASSERT_FALSE(specs);
  EXPECT_EQ(specs.error().code, ErrorCode::kIo);
  EXPECT_TRUE(contains(specs.error().message, "no such file")) << specs.error().message;
}

TEST(ArtifactDiscover, DanglingLinkNamedOnTheCommandLineIsAnError) {
  TempDir t;
  t.symlink("dangling.tgz", "/nonexistent/airlock-test");
  EXPECT_FALSE(discover(t.str("dangling.tgz"), Limits{}));
}

// ---------------------------------------------------------------------------------------
// read_target on archives

TEST(ArtifactRead, ArchiveDeliversFilesWithNormalisedPaths) {
  TempDir t;
  const fs::path tgz = t.path() / "x.tgz";
  write_archive(tgz,
                {dir("package/"), file("package/package.json", R"({"name":"x"})"),
                 file("./package/./lib//a.js", "a();", 0755), file("package\\win\\b.js", "b();")});
  Recorder r;
  Status s = read_target(archive_spec(tgz), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(r.order, (std::vector<std::string>{"package/package.json", "package/lib/a.js",
                                               "package/win/b.js"}));
  EXPECT_EQ(r.files["package/lib/a.js"], "a();");
  EXPECT_TRUE(r.entries["package/lib/a.js"].executable);
  EXPECT_FALSE(r.entries["package/package.json"].executable);
  EXPECT_EQ(r.entries["package/lib/a.js"].size, 4u);
  EXPECT_EQ(r.others.count("package"), 1u);
  EXPECT_TRUE(r.bad.empty()) << r.dump_unsafe();
}

TEST(ArtifactRead, ZipDeliversFiles) {
  TempDir t;
  const fs::path zip = t.path() / "x.whl";
  write_archive(
      zip, {file("x/__init__.py", "print(1)\n"), file("x-1.0.dist-info/METADATA", "Name: x\n")},
      Format::kZip);
  Recorder r;
  Status s = read_target(archive_spec(zip), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(r.files["x/__init__.py"], "print(1)\n");
  EXPECT_EQ(r.files["x-1.0.dist-info/METADATA"], "Name: x\n");
}

TEST(ArtifactRead, PlainTarIsRead) {
  TempDir t;
  const fs::path tar = t.path() / "x.tar";
  write_archive(tar, {file("package/package.json", "{}")}, Format::kTar);
  Recorder r;
  ASSERT_TRUE(read_target(archive_spec(tar), Limits{}, r));
  EXPECT_EQ(r.files.count("package/package.json"), 1u);
}

TEST(ArtifactRead, ArchiveReportsUnsafeEntriesAndSkipsThem) {
  TempDir t;
  const fs::path tgz = t.path() / "evil.tgz";
  write_archive(tgz, {
                         file("package/package.json", "{}"),
                         file("package/../../.bashrc", "curl x | sh"),
                         file("/etc/passwd", "root::0:0::/:/bin/sh"),
                         file("../escape.js", "x"),
                         symlink("package/shadow", "/etc/shadow"),
                         symlink("package/up", "../../../../etc/shadow"),
                         hardlink("package/passwd", "/etc/passwd"),
                         hardlink("package/up2", "../outside"),
                         file("package/index.js", "ok"),
                     });
  Recorder r;
  Status s = read_target(archive_spec(tgz), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(r.has_unsafe("package/../../.bashrc", "traversal")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("/etc/passwd", "absolute")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("../escape.js", "traversal")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("package/shadow", "leaves the tree")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("package/up", "leaves the tree")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("package/passwd", "leaves the tree")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("package/up2", "leaves the tree")) << r.dump_unsafe();
  EXPECT_EQ(r.bad.size(), 7u) << r.dump_unsafe();
  for (const UnsafeEntry& u : r.bad) {
    if (u.raw_path == "package/shadow") {
      EXPECT_EQ(u.link_target, "/etc/shadow");
    }
  }
  // Unsafe entries never reach file(); the safe ones around them still do.
  EXPECT_EQ(r.order, (std::vector<std::string>{"package/package.json", "package/index.js"}));
}

TEST(ArtifactRead, LinksInsideTheTreeAreReportedNotFollowed) {
  TempDir t;
  const fs::path tgz = t.path() / "links.tgz";
  write_archive(tgz,
                {file("package/lib/real.js", "real"), symlink("package/alias.js", "lib/real.js"),
                 symlink("package/lib/up.js", "../alias.js"),
                 hardlink("package/hard.js", "package/lib/real.js")});
  Recorder r;
  ASSERT_TRUE(read_target(archive_spec(tgz), Limits{}, r));
  EXPECT_TRUE(r.bad.empty()) << r.dump_unsafe();
  EXPECT_EQ(r.order, std::vector<std::string>{"package/lib/real.js"});
  ASSERT_EQ(r.others.count("package/alias.js"), 1u);
  EXPECT_EQ(r.others["package/alias.js"].type, EntryType::kSymlink);
  EXPECT_EQ(r.others["package/alias.js"].link_target, "lib/real.js");
  ASSERT_EQ(r.others.count("package/hard.js"), 1u);
  EXPECT_EQ(r.others["package/hard.js"].type, EntryType::kHardlink);
  EXPECT_EQ(r.others["package/hard.js"].link_target, "package/lib/real.js");
}

// A symlink that stays inside lexically can still redirect later entries: once
// `package/x -> ..` exists, `package/x/y -> ..` resolves to the parent of the root, and
// `package/x/y/.bashrc` is written outside by an extractor that follows links (the node-tar
// CVE-2021-32803 / CVE-2021-37701 class). The chain must be reported.
TEST(ArtifactRead, SymlinkChainEscapingTheTreeIsReported) {
  TempDir t;
  const fs::path tgz = t.path() / "chain.tgz";
  write_archive(tgz, {file("package/package.json", "{}"), symlink("package/x", ".."),
                      symlink("package/x/y", ".."), file("package/x/y/.bashrc", "evil")});
  Recorder r;
  ASSERT_TRUE(read_target(archive_spec(tgz), Limits{}, r));
  EXPECT_FALSE(r.bad.empty())
      << "no unsafe entry for a symlink chain that resolves outside the root; delivered: "
      << ::testing::PrintToString(r.order);
}

TEST(ArtifactRead, NonUtf8TarNamesPassThroughAsBytes) {
  TempDir t;
  const fs::path tgz = t.path() / "names.tgz";
  write_archive(tgz, {file("package/\xff\xfe\x80name.js", "a"), file("package/caf\xe9.js", "b"),
                      file("package/\x1b[31mred.js", "c")});
  Recorder r;
  Status s = read_target(archive_spec(tgz), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(r.files["package/\xff\xfe\x80name.js"], "a");
  EXPECT_EQ(r.files["package/caf\xe9.js"], "b");
  EXPECT_EQ(r.files["package/\x1b[31mred.js"], "c");
  EXPECT_TRUE(r.bad.empty()) << r.dump_unsafe();
}

TEST(ArtifactRead, ZipNamesWithoutTheUtf8FlagAreKept) {
  TempDir t;
  const fs::path zip = t.path() / "cp437.zip";
  std::ofstream(zip, std::ios::binary)
      << raw_zip({{"package/package.json", "{}"}, {"package/\xff\xfe\x80name.js", "a"}}, 0);
  Recorder r;
  Status s = read_target(archive_spec(zip), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(r.files.size(), 2u) << ::testing::PrintToString(r.order) << r.dump_unsafe();
  EXPECT_TRUE(r.bad.empty()) << r.dump_unsafe();
}

// Wheels and VSIX files mark names as UTF-8 (flag bit 11). A legitimate non-ASCII file name
// must be read as a file, whatever the process locale (the CLI never calls setlocale, so
// it runs in the "C" locale), not dropped or reported as unsafe.
TEST(ArtifactRead, ZipUtf8FlaggedNonAsciiNameIsReadAsAFile) {
  TempDir t;
  const fs::path zip = t.path() / "utf8.whl";
  std::ofstream(zip, std::ios::binary)
      << raw_zip({{"pkg/__init__.py", "x = 1\n"}, {"pkg/caf\xc3\xa9.py", "import os\n"}}, 0x0800);
  Recorder r;
  Status s = read_target(archive_spec(zip), Limits{}, r);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(r.files.count("pkg/__init__.py"), 1u);
  EXPECT_EQ(r.files.count("pkg/caf\xc3\xa9.py"), 1u)
      << "delivered: " << ::testing::PrintToString(r.order) << " unsafe: " << r.dump_unsafe();
  EXPECT_TRUE(r.bad.empty()) << r.dump_unsafe();
}

TEST(ArtifactRead, TruncatedArchiveIsAnErrorAfterTheEntriesItHad) {
  TempDir t;
  const fs::path good = t.path() / "good.tgz";
  // Pseudo-random letters: incompressible enough that half the file is half the data.
  std::string big(200000, 'x');
  std::uint32_t lcg = 1;
  for (char& c : big) {
    lcg = lcg * 1664525u + 1013904223u;
    c = static_cast<char>('a' + (lcg >> 24) % 26);
  }
  write_archive(good, {file("package/package.json", "{}"), file("package/big.js", big),
                       file("package/last.js", "last")});
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const fs::path cut = t.path() / "cut.tgz";
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  Recorder r;
  Status s = read_target(archive_spec(cut), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFormat);
  EXPECT_TRUE(contains(s.error().message, "cut.tgz")) << s.error().message;
  EXPECT_TRUE(contains(s.error().message, "truncated") || contains(s.error().message, "corrupt"))
      << s.error().message;
  EXPECT_EQ(r.files.count("package/package.json"), 1u);
  EXPECT_EQ(r.files.count("package/last.js"), 0u);
}

TEST(ArtifactRead, GarbageIsNotAnArchive) {
  TempDir t;
  std::string noise(4096, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i)
    noise[i] = static_cast<char>((i * 2654435761u) >> 13);
  t.write("garbage.tgz", noise);
  Recorder r;
  Status s = read_target(archive_spec(t.path() / "garbage.tgz"), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFormat);
  EXPECT_TRUE(r.order.empty());
}

TEST(ArtifactRead, GzipMagicThenNoiseIsCorrupt) {
  TempDir t;
  std::string bytes = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
  for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>((i * 2654435761u) >> 11));
  t.write("corrupt.tgz", bytes);
  Recorder r;
  Status s = read_target(archive_spec(t.path() / "corrupt.tgz"), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFormat);
}

// An empty file is a common result of a failed download; the message should say so rather
// than pass on libarchive's wording.
TEST(ArtifactRead, EmptyFileIsAnErrorThatSaysEmpty) {
  TempDir t;
  t.write("download.tgz", "");  // a name that does not itself say "empty"
  Recorder r;
  Status s = read_target(archive_spec(t.path() / "download.tgz"), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_TRUE(contains(s.error().message, "empty")) << s.error().message;
}

// Regression (found by fuzz_archive): libarchive can return ARCHIVE_FATAL without an error
// string. Formatting that NULL threw fmt::format_error out of read_target(), which ended the
// whole CLI run ("internal error", no report) or, with --jobs > 1, aborted the process.
// Input: a zip local header (deflate, 7 bytes) for an unsafe name, whose data is skipped and
// is not deflate; no central directory.
TEST(ArtifactRead, FatalErrorWithoutALibarchiveMessageIsAnError) {
  TempDir t;
  const std::string name = "../../.bashrc";
  std::string zip(
      "PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x21\x00\x00\x00\x00\x00"
      "\x07\x00\x00\x00\x05\x00\x00\x00",
      26);
  zip.push_back(static_cast<char>(name.size()));
  zip.append("\x00\x00\x00", 3);
  zip += name;
  zip.append(7, '\xff');
  t.write("fatal.zip", zip);
  Recorder r;
  Status s = Ok{};
  EXPECT_NO_THROW(s = read_target(archive_spec(t.path() / "fatal.zip"), Limits{}, r));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFormat);
  EXPECT_TRUE(contains(s.error().message, "corrupt")) << s.error().message;
  EXPECT_TRUE(r.has_unsafe(name, "traversal")) << r.dump_unsafe();
}

TEST(ArtifactRead, MissingArchiveIsAnIoError) {
  TempDir t;
  Recorder r;
  Status s = read_target(archive_spec(t.path() / "gone.tgz"), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

// ---------------------------------------------------------------------------------------
// read_target on directories

TEST(ArtifactRead, DirectoryWalkIsSortedRelativeAndSkipsExcludedDirs) {
  TempDir t;
  t.write("pkg/package.json", "{}");
  t.write("pkg/b/z.js", "z");
  t.write("pkg/a.js", "a");
  t.write("pkg/node_modules/dep/index.js", "dep");
  t.write("pkg/lib/node_modules/keep.js", "keep");  // only the top-level one is excluded
  TargetSpec spec = dir_spec(t.path() / "pkg");
  spec.excluded_dirs = {"node_modules"};
  Recorder r;
  ASSERT_TRUE(read_target(spec, Limits{}, r));
  EXPECT_EQ(r.order, (std::vector<std::string>{"a.js", "b/z.js", "lib/node_modules/keep.js",
                                               "package.json"}));
}

TEST(ArtifactRead, DirectorySymlinkEscapingTheTreeIsReportedNotFollowed) {
  TempDir t;
  t.write("outside/secret.txt", "SECRET");
  t.write("pkg/package.json", "{}");
  t.write("pkg/lib/real.js", "real");
  t.symlink("pkg/escape", "../outside");                 // directory link out of the tree
  t.symlink("pkg/abs", t.str("outside"));                // absolute directory link
  t.symlink("pkg/secret.txt", "../outside/secret.txt");  // file link out of the tree
  t.symlink("pkg/alias", "lib");                         // directory link inside: not followed
  TargetSpec spec = dir_spec(t.path() / "pkg");
  Recorder r;
  ASSERT_TRUE(read_target(spec, Limits{}, r));
  EXPECT_TRUE(r.has_unsafe("escape", "leaves the tree")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("abs", "leaves the tree")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("secret.txt", "leaves the tree")) << r.dump_unsafe();
  EXPECT_EQ(r.bad.size(), 3u) << r.dump_unsafe();
  ASSERT_EQ(r.others.count("alias"), 1u);
  EXPECT_EQ(r.others["alias"].type, EntryType::kSymlink);
  EXPECT_EQ(r.order, (std::vector<std::string>{"lib/real.js", "package.json"}));
  for (const auto& [path, content] : r.files) EXPECT_NE(content, "SECRET") << path;
}

TEST(ArtifactRead, OnlyFilesNeverLeaveTheTree) {
  TempDir t;
  t.write("outside/secret.py", "SECRET");
  t.write("sp/foo/ok.py", "ok");
  t.symlink("sp/linkdir", "../outside");
  t.symlink("sp/foo/link.py", "../../outside/secret.py");
  TargetSpec spec = dir_spec(t.path() / "sp");
  spec.only_files = {"foo/ok.py",         "../outside/secret.py", "/etc/passwd",
                     "linkdir/secret.py", "foo/link.py",          "foo/missing.py"};
  Recorder r;
  ASSERT_TRUE(read_target(spec, Limits{}, r));
  EXPECT_EQ(r.order, std::vector<std::string>{"foo/ok.py"});
  EXPECT_TRUE(r.has_unsafe("../outside/secret.py", "traversal")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("/etc/passwd", "absolute")) << r.dump_unsafe();
  EXPECT_TRUE(r.has_unsafe("foo/link.py", "leaves the tree")) << r.dump_unsafe();
  for (const auto& [path, content] : r.files) EXPECT_NE(content, "SECRET") << path;
}

TEST(ArtifactRead, DirectoryNonUtf8NamesPassThrough) {
  TempDir t;
  t.write("pkg/\xff\xfe.js", "x");
  Recorder r;
  ASSERT_TRUE(read_target(dir_spec(t.path() / "pkg"), Limits{}, r));
  EXPECT_EQ(r.files["\xff\xfe.js"], "x");
}

TEST(ArtifactRead, DirectoryFifoIsNotOpened) {
  TempDir t;
  t.write("pkg/package.json", "{}");
  ASSERT_EQ(::mkfifo(t.str("pkg/pipe").c_str(), 0644), 0);
  Recorder r;
  ASSERT_TRUE(read_target(dir_spec(t.path() / "pkg"), Limits{}, r));  // would hang if opened
  ASSERT_EQ(r.others.count("pipe"), 1u);
  EXPECT_EQ(r.others["pipe"].type, EntryType::kOther);
}

// ---------------------------------------------------------------------------------------
// Limits: each bound the artifact layer enforces, hit.

TEST(ArtifactLimits, MaxTotalBytesStopsAnArchive) {
  TempDir t;
  const fs::path tgz = t.path() / "total.tgz";
  write_archive(tgz, {file("package/a.js", std::string(3000, 'a')),
                      file("package/b.js", std::string(3000, 'b')),
                      file("package/c.js", std::string(3000, 'c'))});
  Limits limits;
  limits.max_total_bytes = 5000;
  Recorder r;
  Status s = read_target(archive_spec(tgz), limits, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(contains(s.error().message, "--max-total-mb")) << s.error().message;
  EXPECT_EQ(r.order, std::vector<std::string>{"package/a.js"});
  // At the limit exactly it reads.
  limits.max_total_bytes = 9000;
  Recorder r2;
  EXPECT_TRUE(read_target(archive_spec(tgz), limits, r2));
}

TEST(ArtifactLimits, MaxTotalBytesStopsADirectory) {
  TempDir t;
  t.write("pkg/a.js", std::string(3000, 'a'));
  t.write("pkg/b.js", std::string(3000, 'b'));
  Limits limits;
  limits.max_total_bytes = 5000;
  Recorder r;
  Status s = read_target(dir_spec(t.path() / "pkg"), limits, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(contains(s.error().message, "--max-total-mb")) << s.error().message;
  EXPECT_EQ(r.order, std::vector<std::string>{"a.js"});
}

TEST(ArtifactLimits, MaxEntriesStopsAnArchive) {
  TempDir t;
  const fs::path tgz = t.path() / "entries.tgz";
  std::vector<In> entries;
  for (int i = 0; i < 10; ++i) entries.push_back(file("package/f" + std::to_string(i), "x"));
  write_archive(tgz, entries);
  Limits limits;
  limits.max_entries = 4;
  Recorder r;
  Status s = read_target(archive_spec(tgz), limits, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(contains(s.error().message, "more than 4 entries")) << s.error().message;
  EXPECT_EQ(r.order.size(), 4u);
  limits.max_entries = 10;
  Recorder r2;
  EXPECT_TRUE(read_target(archive_spec(tgz), limits, r2));
}

TEST(ArtifactLimits, MaxEntriesStopsADirectory) {
  TempDir t;
  for (int i = 0; i < 10; ++i) t.write("pkg/d/f" + std::to_string(i), "x");
  Limits limits;
  limits.max_entries = 4;
  Recorder r;
  Status s = read_target(dir_spec(t.path() / "pkg"), limits, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(contains(s.error().message, "--max-entries")) << s.error().message;
  EXPECT_LE(r.order.size(), 4u);
}

TEST(ArtifactLimits, MaxEntriesStopsAFlatDirectoryWithoutListingItAll) {
  TempDir t;
  for (int i = 0; i < 50; ++i) t.write("pkg/f" + std::to_string(i), "");
  Limits limits;
  limits.max_entries = 5;
  Recorder r;
  Status s = read_target(dir_spec(t.path() / "pkg"), limits, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_EQ(r.order.size(), 5u);
}

TEST(ArtifactLimits, MaxRatioStopsADecompressionBomb) {
  TempDir t;
  const fs::path tgz = t.path() / "bomb.tgz";
  // Zeros compress about 1000:1; past kRatioCheckFloor the ratio is checked.
  write_archive(tgz, {file("package/package.json", "{}"),
                      zeros("package/zeros.bin", kRatioCheckFloor + (8u << 20))});
  ASSERT_LT(fs::file_size(tgz), (kRatioCheckFloor + (8u << 20)) / 200);
  Recorder r;
  Status s = read_target(archive_spec(tgz), Limits{}, r);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(contains(s.error().message, "ratio")) << s.error().message;
  EXPECT_TRUE(contains(s.error().message, "--max-ratio")) << s.error().message;
  EXPECT_EQ(r.files.count("package/package.json"), 1u);
  EXPECT_EQ(r.files.count("package/zeros.bin"), 0u);
  // Raising the limit lets it through (the file then exceeds nothing else).
  Limits lax;
  lax.max_ratio = 1e9;
  Recorder r2;
  Status s2 = read_target(archive_spec(tgz), lax, r2);
  EXPECT_TRUE(s2) << s2.error().message;
}

TEST(ArtifactLimits, RatioIsNotCheckedBelowTheFloor) {
  TempDir t;
  const fs::path tgz = t.path() / "small-zeros.tgz";
  write_archive(tgz, {zeros("package/zeros.bin", kRatioCheckFloor - 4096)});
  Limits limits;
  limits.max_ratio = 2;
  Recorder r;
  Status s = read_target(archive_spec(tgz), limits, r);
  EXPECT_TRUE(s) << s.error().message;
}

TEST(ArtifactLimits, MaxFileBytesHashesInsteadOfReadingArchive) {
  TempDir t;
  const fs::path tgz = t.path() / "big.tgz";
  std::string big(5000, 'q');
  write_archive(tgz, {file("package/big.js", big), file("package/small.js", "s")});
  Limits limits;
  limits.max_file_bytes = 4096;
  Recorder r;
  ASSERT_TRUE(read_target(archive_spec(tgz), limits, r));
  ASSERT_EQ(r.oversize.count("package/big.js"), 1u);
  EXPECT_EQ(r.oversize["package/big.js"], sha256_hex(big));
  EXPECT_EQ(r.entries["package/big.js"].size, big.size());
  EXPECT_EQ(r.files.count("package/big.js"), 0u);
  EXPECT_EQ(r.files["package/small.js"], "s");
  // At the limit exactly: read whole.
  limits.max_file_bytes = 5000;
  Recorder r2;
  ASSERT_TRUE(read_target(archive_spec(tgz), limits, r2));
  EXPECT_EQ(r2.files["package/big.js"], big);
}

TEST(ArtifactLimits, MaxFileBytesHashesInsteadOfReadingDirectory) {
  TempDir t;
  std::string big(5000, 'q');
  t.write("pkg/big.js", big);
  t.write("pkg/small.js", "s");
  Limits limits;
  limits.max_file_bytes = 4096;
  Recorder r;
  ASSERT_TRUE(read_target(dir_spec(t.path() / "pkg"), limits, r));
  ASSERT_EQ(r.oversize.count("big.js"), 1u);
  EXPECT_EQ(r.oversize["big.js"], sha256_hex(big));
  EXPECT_EQ(r.files["small.js"], "s");
}

TEST(ArtifactLimits, MaxDirDepthStopsDescending) {
  TempDir t;
  std::string deep = "pkg";
  for (int i = 0; i < 8; ++i) {
    deep += "/d" + std::to_string(i);
    t.write(deep + "/f.js", "x");
  }
  Limits limits;
  limits.max_dir_depth = 3;
  Recorder r;
  ASSERT_TRUE(read_target(dir_spec(t.path() / "pkg"), limits, r));
  EXPECT_EQ(r.order, (std::vector<std::string>{"d0/d1/d2/f.js", "d0/d1/f.js", "d0/f.js"}));
  ASSERT_EQ(r.bad.size(), 1u) << r.dump_unsafe();
  EXPECT_TRUE(contains(r.bad[0].reason, "deeper than 3")) << r.bad[0].reason;
  EXPECT_EQ(r.bad[0].raw_path, "d0/d1/d2/d3");
}

TEST(ArtifactLimits, MaxDirDepthBoundsNodeModulesDiscovery) {
  TempDir t;
  std::string nm = "node_modules";
  for (int i = 0; i < 6; ++i) {
    nm += "/p" + std::to_string(i);
    t.write(nm + "/package.json", "{}");
    nm += "/node_modules";
  }
  Limits limits;
  limits.max_dir_depth = 2;
  auto specs = discover(t.str("node_modules"), limits);
  ASSERT_TRUE(specs);
  EXPECT_EQ(specs->size(), 3u);  // depths 0, 1, 2
}

TEST(ArtifactLimits, MaxTargetsBoundsNodeModulesDiscovery) {
  TempDir t;
  for (int i = 0; i < 20; ++i)
    t.write("node_modules/p" + std::to_string(i) + "/package.json", "{}");
  Limits limits;
  limits.max_targets = 5;
  auto specs = discover(t.str("node_modules"), limits);
  ASSERT_TRUE(specs);
  EXPECT_LE(specs->size(), 5u);
  EXPECT_GE(specs->size(), 1u);
}

TEST(ArtifactLimits, MaxJsonDepthRejectsDeeperManifests) {
  Limits limits;
  std::string error;
  const int d = limits.max_json_depth;
  std::string at_limit = std::string(d, '[') + std::string(d, ']');
  std::string over = std::string(d + 1, '[') + std::string(d + 1, ']');
  EXPECT_TRUE(analyze::parse_json_bounded(at_limit, d, error)) << error;
  EXPECT_FALSE(analyze::parse_json_bounded(over, d, error));
  EXPECT_TRUE(contains(error, "--max-json-depth")) << error;
}

}  // namespace
}  // namespace airlock::artifact
