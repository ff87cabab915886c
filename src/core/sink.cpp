#include "airlock/core/sink.h"

namespace airlock {

void SummarySink::finding(const Finding& f) {
  if (findings_ == 0 || f.severity > max_) max_ = f.severity;
  ++findings_;
}

std::string SummarySink::verdict() const {
  if (findings_ == 0) return "allow";
  return max_ >= fail_on_ ? "block" : "warn";
}

int SummarySink::exit_code() const {
  if (findings_ > 0 && max_ >= fail_on_) return 1;
  if (errors_ > 0) return 2;
  return 0;
}

void TeeSink::begin(const RunInfo& r) {
  for (auto* s : sinks_) s->begin(r);
}
void TeeSink::target(const TargetInfo& t) {
  for (auto* s : sinks_) s->target(t);
}
void TeeSink::finding(const Finding& f) {
  for (auto* s : sinks_) s->finding(f);
}
void TeeSink::error(const TargetError& e) {
  for (auto* s : sinks_) s->error(e);
}
void TeeSink::end() {
  for (auto* s : sinks_) s->end();
}

}  // namespace airlock
