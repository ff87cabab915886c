// Tests of the persistence catalogue: the shipped data (every reference row present, ids and
// indicators unique), loading errors, path classification and the generated YARA rules.
#include "airlock/catalogue/catalogue.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

// After nlohmann: yara.h defines macros that clash with its identifiers.
#include <yara.h>

namespace airlock::catalogue {
namespace {

const Catalogue& shipped() {
  static const Catalogue cat = [] {
    auto r = Catalogue::load_embedded();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : Catalogue{};
  }();
  return cat;
}

std::string id_of(const CatalogueEntry* e) { return e ? e->id : std::string("<none>"); }

// ---- the shipped data --------------------------------------------------------------------

TEST(CatalogueData, EmbeddedCatalogueLoads) {
  auto r = Catalogue::load_embedded();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_GT(r->entries().size(), 150u);
  std::set<std::string> sources;
  for (const auto& e : r->entries()) sources.insert(e.source);
  EXPECT_EQ(sources, (std::set<std::string>{"catalogue/linux.yaml", "catalogue/macos.yaml",
                                            "catalogue/windows.yaml"}));
}

TEST(CatalogueData, EveryReferenceRowIsPresent) {
  std::set<std::string> refs;
  for (const auto& e : shipped().entries()) refs.insert(e.ref);
  auto expect_rows = [&](char prefix, int count) {
    for (int i = 1; i <= count; ++i) {
      std::string row = prefix + std::to_string(i);
      EXPECT_TRUE(refs.count(row)) << "no catalogue entry for reference row " << row;
    }
  };
  expect_rows('L', 47);  // Linux system-wide
  expect_rows('U', 37);  // Linux per-user
  expect_rows('C', 10);  // Linux credential stores
  expect_rows('M', 39);  // macOS
  expect_rows('W', 43);  // Windows
}

TEST(CatalogueData, RowsSitOnTheirPlatformAndScope) {
  for (const auto& e : shipped().entries()) {
    switch (e.ref[0]) {
      case 'L':
        EXPECT_EQ(e.platform + "/" + e.scope, "linux/system") << e.id;
        break;
      case 'U':
        EXPECT_EQ(e.platform + "/" + e.scope, "linux/user") << e.id;
        break;
      case 'C':
        EXPECT_EQ(e.platform + "/" + e.scope, "linux/credential") << e.id;
        break;
      case 'M':
        EXPECT_EQ(e.platform, "macos") << e.id;
        break;
      case 'W':
        EXPECT_EQ(e.platform, "windows") << e.id;
        break;
      default:
        ADD_FAILURE() << e.id << ": unexpected reference row " << e.ref;
    }
  }
}

TEST(CatalogueData, IdsAreUnique) {
  std::set<std::string> ids;
  for (const auto& e : shipped().entries()) EXPECT_TRUE(ids.insert(e.id).second) << e.id;
}

TEST(CatalogueData, CategoriesFollowTheReportVocabulary) {
  const auto& cat = shipped();
  for (const char* id : {"linux.user.mcp-client-configs", "linux.user.agent-hooks-skills",
                         "linux.system.claude-code-managed-settings",
                         "macos.user.mcp-client-configs", "windows.user.mcp-agent-configs"}) {
    const CatalogueEntry* e = cat.find(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(e->category, Category::kAgentRegistration) << id;
  }
  for (const char* id : {"linux.system.python-startup-hooks", "linux.user.python-startup-hooks"}) {
    ASSERT_NE(cat.find(id), nullptr) << id;
    EXPECT_EQ(cat.find(id)->category, Category::kInstallHook) << id;
  }
  for (const auto& e : cat.entries()) {
    if (e.scope == "credential") {
      EXPECT_EQ(e.category, Category::kCredentialAccess) << e.id;
      EXPECT_EQ(e.access, "read") << e.id;
    }
    if (e.access == "read") {
      EXPECT_EQ(e.category, Category::kCredentialAccess) << e.id;
    }
  }
}

TEST(CatalogueData, IndicatorsAreSpecific) {
  // Generic words would turn the scanner's target rules into noise on legitimate packages.
  const std::set<std::string> too_generic = {
      "config",  "hooks", "profile",        "env",  "/etc/", "bin", "/tmp/", ".profile",
      "Cookies", ".env",  "/usr/local/bin", ".pth", "login"};
  for (const auto& e : shipped().entries()) {
    for (const auto& i : e.indicators) {
      EXPECT_FALSE(too_generic.count(i)) << e.id << ": generic indicator '" << i << "'";
      EXPECT_GE(i.size(), 4u) << e.id << ": '" << i << "'";
    }
  }
}

// ---- path classification -------------------------------------------------------------------

TEST(CatalogueMatch, ClassifiesLinuxLocations) {
  const auto& cat = shipped();
  const std::string home = "/home/u";
  struct Case {
    const char* path;
    const char* id;
  } cases[] = {
      {"/home/u/.config/systemd/user/x.service", "linux.user.systemd-user-units"},
      {"/home/u/.config/systemd/user/default.target.wants/x.service",
       "linux.user.systemd-user-units"},
      {"/home/u/.bashrc", "linux.user.shell-rc"},
      {"/home/u/.zshrc", "linux.user.shell-rc"},
      {"/home/u/.cursor/mcp.json", "linux.user.mcp-client-configs"},
      {"/home/u/projects/app/.mcp.json", "linux.user.mcp-client-configs"},
      {"/home/u/.claude/settings.json", "linux.user.agent-hooks-skills"},
      {"/etc/ld.so.preload", "linux.system.ld-so-preload"},
      {"/etc/cron.d/backdoor", "linux.system.cron"},
      {"/etc/systemd/system/sshd.service.d/override.conf", "linux.system.systemd-dropins"},
      {"/home/u/.ssh/authorized_keys", "linux.user.ssh-authorized-keys"},
      {"/home/u/.ssh/id_ed25519", "linux.credential.ssh-keys"},
      {"/home/u/.ssh/config", "linux.user.ssh-config"},
      {"/home/u/repo/.git/hooks/pre-commit", "linux.user.git-repo-hooks"},
      {"/home/u/.local/lib/python3.12/site-packages/evil.pth", "linux.user.python-startup-hooks"},
      {"/usr/lib/python3/dist-packages/evil.pth", "linux.system.python-startup-hooks"},
      {"/home/u/.aws/credentials", "linux.credential.aws"},
      {"/home/u/app/.env", "linux.credential.misc-secrets"},
      {"/home/u/.env", "linux.credential.misc-secrets"},
      {"/home/u/.hidden-payload", "linux.user.staging"},
      {"/var/spool/cron/crontabs/u", "linux.user.crontab"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(id_of(cat.match_path(c.path, home, "linux")), c.id) << c.path;
  }
}

TEST(CatalogueMatch, NonLocationsMatchNothing) {
  const auto& cat = shipped();
  for (const char* p : {"/home/u/projects/app/src/index.js", "/home/u/Documents/report.pdf",
                        "/usr/share/doc/bash/README", "/home/u/.config/app/settings.json"}) {
    EXPECT_EQ(cat.match_path(p, "/home/u"), nullptr)
        << p << " -> " << id_of(cat.match_path(p, "/home/u"));
  }
  // Relative paths and pseudo locations are not classified.
  EXPECT_EQ(cat.match_path(".bashrc", "/home/u"), nullptr);
  EXPECT_EQ(cat.match_path("proc:detached", "/home/u"), nullptr);
  // Without a home directory, ~ patterns cannot match.
  EXPECT_EQ(cat.match_path("/home/u/.bashrc", ""), nullptr);
}

TEST(CatalogueMatch, AllMatchesMostSpecificFirst) {
  auto all = shipped().match_path_all("/home/u/.npmrc", "/home/u", "linux");
  std::vector<std::string> ids;
  for (const auto* e : all) ids.push_back(e->id);
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "linux.user.js-package-manager-config");  // ties: earlier entry first
  EXPECT_NE(std::find(ids.begin(), ids.end(), "linux.credential.publish-tokens"), ids.end());
}

TEST(CatalogueMatch, ClassifiesMacosLocations) {
  const auto& cat = shipped();
  EXPECT_EQ(id_of(cat.match_path("/Users/u/Library/LaunchAgents/com.evil.plist", "/Users/u")),
            "macos.user.launch-agents");
  EXPECT_EQ(id_of(cat.match_path("/Library/LaunchDaemons/com.evil.plist", "/Users/u")),
            "macos.system.launch-daemons");
  EXPECT_EQ(
      id_of(cat.match_path("/Users/u/Library/Application Support/Claude/claude_desktop_config.json",
                           "/Users/u")),
      "macos.user.mcp-client-configs");
}

TEST(CatalogueMatch, ClassifiesWindowsLocationsCaseInsensitively) {
  const auto& cat = shipped();
  const std::string home = R"(C:\Users\u)";
  EXPECT_EQ(id_of(cat.match_path(
                R"(C:\Users\u\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\x.lnk)",
                home)),
            "windows.user.startup-folder");
  EXPECT_EQ(
      id_of(cat.match_path(
          R"(HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run\updater)", home)),
      "windows.user.run-keys");
  EXPECT_EQ(id_of(cat.match_path(R"(HKCU:\SOFTWARE\Microsoft\Windows\CurrentVersion\Run)", home)),
            "windows.user.run-keys");
  EXPECT_EQ(id_of(cat.match_path(R"(c:\windows\system32\tasks\Updater)", home)),
            "windows.user.scheduled-tasks");
  EXPECT_EQ(id_of(cat.match_path(R"(HKLM\SYSTEM\CurrentControlSet\Services\evil\ImagePath)", home)),
            "windows.system.services");
  EXPECT_EQ(cat.match_path(R"(C:\Users\u\Documents\notes.txt)", home), nullptr);
}

TEST(CatalogueGlob, StarStaysInOneComponentAndDoubleStarSpansMany) {
  EXPECT_TRUE(glob_match("/etc/cron.d/*", "/etc/cron.d/job"));
  EXPECT_FALSE(glob_match("/etc/cron.d/*", "/etc/cron.d/sub/job"));
  EXPECT_TRUE(glob_match("/etc/cron.d/*", "/etc/cron.d/.hidden"));  // no FNM_PERIOD: dotfiles too
  EXPECT_TRUE(glob_match("**/.git/hooks/*", "/a/b/c/.git/hooks/pre-commit"));
  EXPECT_TRUE(glob_match("**/.git/hooks/*", "/.git/hooks/pre-commit"));  // ** matches none
  EXPECT_TRUE(glob_match("/sys/fs/bpf/**", "/sys/fs/bpf"));
  EXPECT_TRUE(glob_match("/sys/fs/bpf/**", "/sys/fs/bpf/a/b"));
  EXPECT_FALSE(glob_match("/etc/crontab", "/etc/crontab.bak"));
  EXPECT_FALSE(glob_match("/etc/crontab", "/ETC/CRONTAB"));
  EXPECT_TRUE(glob_match("C:/Windows/*", R"(c:\WINDOWS\x)", true));
}

// ---- loading errors ------------------------------------------------------------------------

constexpr const char* kGoodEntry = R"(
- id: linux.user.example
  ref: U99
  platform: linux
  scope: user
  title: example
  gives: an example
  category: persistence
  severity: high
  attack: [T1546]
  paths: [~/.example]
  parser: plain
  access: write
  indicators: [".example-rc"]
)";

std::string load_error(const std::string& text) {
  auto r = Catalogue::load_yaml(text, "test.yaml");
  return r ? std::string("<loaded>") : r.error().message;
}

TEST(CatalogueLoad, AcceptsAMinimalEntry) {
  auto r = Catalogue::load_yaml(kGoodEntry, "test.yaml");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->entries().size(), 1u);
  EXPECT_EQ(r->entries()[0].source, "test.yaml");
  EXPECT_EQ(id_of(r->match_path("/home/x/.example", "/home/x")), "linux.user.example");
}

TEST(CatalogueLoad, MalformedYamlNamesFileAndLine) {
  std::string err = load_error("- id: a\n  paths: [unclosed\n");
  EXPECT_NE(err.find("test.yaml:"), std::string::npos) << err;
  EXPECT_NE(err.find("invalid YAML"), std::string::npos) << err;
}

TEST(CatalogueLoad, ErrorsNameTheEntry) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string t = kGoodEntry;
    auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  struct Case {
    std::string text;
    std::string expect;
  } cases[] = {
      {with("category: persistence", "category: sneaky"), "unknown category 'sneaky'"},
      {with("severity: high", "severity: huge"), "unknown severity 'huge'"},
      {with("scope: user", "scope: galaxy"), "unknown scope 'galaxy'"},
      {with("platform: linux", "platform: beos"), "unknown platform 'beos'"},
      {with("access: write", "access: poke"), "unknown access 'poke'"},
      {with("parser: plain", "parser: magic"), "unknown parser 'magic'"},
      {with("paths: [~/.example]", "paths: []"), "field 'paths' is empty"},
      {with("paths: [~/.example]", "paths: [relative/path]"), "path 'relative/path'"},
      {with("  title: example\n", ""), "missing field 'title'"},
      {with("attack: [T1546]", "attack: [persistence]"), "not an ATT&CK technique"},
      {with("indicators: [\".example-rc\"]", "indicators: [rc]"), "shorter than 4"},
      {with("access: write", "access: write\n  indicator: [oops]"), "unknown field 'indicator'"},
      {with("id: linux.user.example", "id: macos.user.example"), "must start with 'linux.user.'"},
  };
  for (const auto& c : cases) {
    std::string err = load_error(c.text);
    EXPECT_NE(err.find(c.expect), std::string::npos) << "want '" << c.expect << "', got: " << err;
    EXPECT_NE(err.find("test.yaml:"), std::string::npos) << err;
    EXPECT_NE(err.find("entry 1"), std::string::npos) << err;
  }
  // The entry's id is named when it could be read.
  std::string err = load_error(with("category: persistence", "category: sneaky"));
  EXPECT_NE(err.find("(linux.user.example)"), std::string::npos) << err;
}

TEST(CatalogueLoad, RejectsDuplicateIdsAndSharedIndicators) {
  std::string dup = std::string(kGoodEntry) + kGoodEntry;
  EXPECT_NE(load_error(dup).find("duplicate id"), std::string::npos) << load_error(dup);

  std::string second = kGoodEntry;
  second.replace(second.find("linux.user.example"), 18, "linux.user.another");
  std::string shared = std::string(kGoodEntry) + second;
  EXPECT_NE(load_error(shared).find("already listed by entry linux.user.example"),
            std::string::npos)
      << load_error(shared);
}

TEST(CatalogueLoad, RejectsANonListDocument) {
  EXPECT_NE(load_error("id: x\n").find("must be a list"), std::string::npos);
  EXPECT_NE(load_error("- just a string\n").find("must be a mapping"), std::string::npos);
}

// ---- generated YARA --------------------------------------------------------------------------

struct YaraLib {
  YaraLib() { ok = yr_initialize() == ERROR_SUCCESS; }
  ~YaraLib() {
    if (ok) yr_finalize();
  }
  bool ok = false;
};

struct Diagnostics {
  int errors = 0;
  int warnings = 0;
  std::string text;
};

void on_compile_message(int level, const char* file, int line, const YR_RULE*, const char* message,
                        void* user) {
  auto* d = static_cast<Diagnostics*>(user);
  (level == YARA_ERROR_LEVEL_ERROR ? d->errors : d->warnings)++;
  d->text +=
      std::string(file ? file : "<string>") + ":" + std::to_string(line) + ": " + message + "\n";
}

using CompilerPtr = std::unique_ptr<YR_COMPILER, void (*)(YR_COMPILER*)>;
using RulesPtr = std::unique_ptr<YR_RULES, int (*)(YR_RULES*)>;

RulesPtr compile(const std::string& source, Diagnostics& diag) {
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS) return RulesPtr(nullptr, yr_rules_destroy);
  CompilerPtr compiler(raw, yr_compiler_destroy);
  yr_compiler_set_callback(compiler.get(), on_compile_message, &diag);
  if (yr_compiler_add_string(compiler.get(), source.c_str(), "catalogue") != 0) {
    return RulesPtr(nullptr, yr_rules_destroy);
  }
  YR_RULES* rules = nullptr;
  if (yr_compiler_get_rules(compiler.get(), &rules) != ERROR_SUCCESS) {
    return RulesPtr(nullptr, yr_rules_destroy);
  }
  return RulesPtr(rules, yr_rules_destroy);
}

TEST(CatalogueYara, GeneratedRulesCompileWithoutWarnings) {
  YaraLib lib;
  ASSERT_TRUE(lib.ok);
  const auto& cat = shipped();
  std::string source = cat.to_yara();
  Diagnostics diag;
  RulesPtr rules = compile(source, diag);
  ASSERT_TRUE(rules) << diag.text;
  EXPECT_EQ(diag.errors, 0) << diag.text;
  EXPECT_EQ(diag.warnings, 0) << diag.text;

  std::size_t with_indicators = 0, rule_count = 0;
  for (const auto& e : cat.entries()) with_indicators += e.indicators.empty() ? 0 : 1;
  const YR_RULE* rule;
  yr_rules_foreach(rules.get(), rule) { ++rule_count; }
  EXPECT_EQ(rule_count, with_indicators);
  EXPECT_NE(source.find("rule catalogue_linux_user_systemd_user_units {"), std::string::npos);
  EXPECT_NE(source.find("needs = \"network\""), std::string::npos);
  EXPECT_NE(source.find("needs = \"fswrite,spawn\""), std::string::npos);
}

int count_matches(YR_SCAN_CONTEXT*, int message, void*, void* user) {
  if (message == CALLBACK_MSG_RULE_MATCHING) ++*static_cast<int*>(user);
  return CALLBACK_CONTINUE;
}

TEST(CatalogueYara, IndicatorsAreEscapedAndMatchLiterally) {
  YaraLib lib;
  ASSERT_TRUE(lib.ok);
  std::string text = kGoodEntry;
  text.replace(text.find("[\".example-rc\"]"), 15, R"(['CurrentVersion\Run', 'say "hi" now'])");
  auto cat = Catalogue::load_yaml(text, "test.yaml");
  ASSERT_TRUE(cat) << cat.error().message;
  std::string source = cat->to_yara();
  EXPECT_NE(source.find(R"($i0 = "CurrentVersion\\Run")"), std::string::npos) << source;
  EXPECT_NE(source.find(R"($i1 = "say \"hi\" now")"), std::string::npos) << source;
  EXPECT_NE(source.find("rule catalogue_linux_user_example"), std::string::npos);
  Diagnostics diag;
  RulesPtr rules = compile(source, diag);
  ASSERT_TRUE(rules) << diag.text << source;

  auto scan = [&](const std::string& data) {
    int matches = 0;
    yr_rules_scan_mem(rules.get(), reinterpret_cast<const uint8_t*>(data.data()), data.size(), 0,
                      count_matches, &matches, 0);
    return matches;
  };
  EXPECT_EQ(scan(R"(reg add HKCU\Software\Microsoft\Windows\CurrentVersion\Run /v x)"), 1);
  EXPECT_EQ(scan(R"(echo 'say "hi" now')"), 1);
  EXPECT_EQ(scan("currentversion run"), 0);  // case-sensitive, literal
}

// ---- the verb ------------------------------------------------------------------------------

#ifdef AIRLOCK_BINARY
std::string run_binary(const std::string& args, int& status) {
  std::string out;
  FILE* p = ::popen((std::string(AIRLOCK_BINARY) + " " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  status = ::pclose(p);
  return out;
}

TEST(CatalogueVerb, JsonListsEveryFieldAndFiltersByPlatform) {
  int status = -1;
  std::string out = run_binary("catalogue --format json --platform macos", status);
  ASSERT_EQ(status, 0) << out;
  auto doc = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << out.substr(0, 200);
  EXPECT_EQ(doc["schema"], "airlock.catalogue/1");
  ASSERT_TRUE(doc["entries"].is_array());
  EXPECT_FALSE(doc["entries"].empty());
  for (const auto& e : doc["entries"]) {
    EXPECT_EQ(e["platform"], "macos");
    for (const char* key : {"id", "ref", "scope", "title", "gives", "category", "severity",
                            "attack", "paths", "parser", "access", "indicators"}) {
      EXPECT_TRUE(e.contains(key)) << key;
    }
  }
}

TEST(CatalogueVerb, TextGroupsByPlatformAndScope) {
  int status = -1;
  std::string out = run_binary("catalogue", status);
  ASSERT_EQ(status, 0);
  EXPECT_NE(out.find("linux / system ("), std::string::npos);
  EXPECT_NE(out.find("windows / user ("), std::string::npos);
  EXPECT_NE(out.find("linux.user.systemd-user-units"), std::string::npos);
  run_binary("catalogue --platform plan9", status);
  EXPECT_NE(status, 0);
}
#endif

}  // namespace
}  // namespace airlock::catalogue
