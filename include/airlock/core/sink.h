// FindingSink: where results go. Reporters are sinks; the exit code comes from the sink.
//
// Drivers call begin() once, then target()/finding()/error() in report order (a finding's
// target is always announced first), then end() once. Sinks are not thread-safe: parallel
// drivers collect per target and feed the sink from one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "airlock/core/finding.h"

namespace airlock {

struct RunInfo {
  std::string command;  // "scan", "check", ...
  Severity fail_on = Severity::kHigh;
};

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void begin(const RunInfo& /*run*/) {}
  virtual void target(const TargetInfo& t) = 0;
  virtual void finding(const Finding& f) = 0;
  virtual void error(const TargetError& e) = 0;
  virtual void end() {}
};

// Counts what passed through and derives the verdict and exit code of the contract:
// 0 nothing at/above fail_on, 1 something at/above it, 2 only errors decided.
class SummarySink : public FindingSink {
 public:
  void begin(const RunInfo& run) override { fail_on_ = run.fail_on; }
  void target(const TargetInfo&) override { ++targets_; }
  void finding(const Finding& f) override;
  void error(const TargetError&) override { ++errors_; }

  int targets() const { return targets_; }
  int findings() const { return findings_; }
  int errors() const { return errors_; }
  bool any_finding() const { return findings_ > 0; }
  Severity max_severity() const { return max_; }
  // "block" | "warn" | "allow"
  std::string verdict() const;
  int exit_code() const;

 private:
  Severity fail_on_ = Severity::kHigh;
  Severity max_ = Severity::kInfo;
  int targets_ = 0, findings_ = 0, errors_ = 0;
};

// Forwards every call to several sinks (e.g. a reporter and the summary).
class TeeSink : public FindingSink {
 public:
  explicit TeeSink(std::vector<FindingSink*> sinks) : sinks_(std::move(sinks)) {}
  void begin(const RunInfo& r) override;
  void target(const TargetInfo& t) override;
  void finding(const Finding& f) override;
  void error(const TargetError& e) override;
  void end() override;

 private:
  std::vector<FindingSink*> sinks_;
};

}  // namespace airlock
