// Reachability and correlation: the step that decides severities.
//
// A signal's weight depends on when its code runs (install > runtime > inert) and on what
// else the same code can do: a credential path is a threat only next to a network
// capability, a persistence location only next to a write or spawn. Install-time code is
// treated as one unit: everything reachable from the lifecycle scripts pools its
// capabilities, because payloads are routinely split across required files.
#include <fmt/format.h>

#include <deque>
#include <map>
#include <unordered_map>

#include "analyze/analyzers.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

using FileIndex = std::unordered_map<std::string, std::size_t>;

const FileFacts* resolve_js(const PackageModel& m, const FileIndex& idx, std::string_view from,
                            std::string_view spec) {
  std::string base;
  if (!join_inside(dirname_of(from), spec, base)) return nullptr;
  static constexpr std::string_view kSuffixes[] = {
      "", ".js", ".cjs", ".mjs", ".json", ".ts", "/index.js", "/index.cjs", "/index.mjs"};
  for (std::string_view s : kSuffixes) {
    auto it = idx.find(base + std::string(s));
    if (it != idx.end()) return &m.files[it->second];
  }
  return nullptr;
}

const FileFacts* resolve_py(const PackageModel& m, const FileIndex& idx, std::string_view from,
                            std::string_view module) {
  std::size_t dots = module.find_first_not_of('.');
  if (dots == std::string_view::npos) return nullptr;
  std::string rel(module.substr(dots));
  for (char& c : rel) {
    if (c == '.') c = '/';
  }
  std::vector<std::string> bases;
  if (dots > 0) {
    std::string dir(dirname_of(from));
    for (std::size_t i = 1; i < dots; ++i) dir = std::string(dirname_of(dir));
    bases.push_back(dir.empty() ? rel : dir + "/" + rel);
  } else {
    bases = {rel, "src/" + rel};
    std::string sibling(dirname_of(from));
    if (!sibling.empty()) bases.push_back(sibling + "/" + rel);
  }
  for (const auto& b : bases) {
    for (std::string_view s : {".py", "/__init__.py"}) {
      auto it = idx.find(b + std::string(s));
      if (it != idx.end()) return &m.files[it->second];
    }
  }
  return nullptr;
}

std::vector<Reach> compute_reach(const PackageModel& m) {
  FileIndex idx;
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    if (!m.files[i].virtual_file) idx.emplace(m.files[i].path, i);
  }
  std::vector<Reach> reach(m.files.size(), Reach::kRuntime);
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    if (!m.files[i].is_code) reach[i] = Reach::kInert;
  }
  std::deque<std::size_t> queue;
  auto mark = [&](std::size_t i) {
    if (reach[i] != Reach::kInstall) {
      reach[i] = Reach::kInstall;
      queue.push_back(i);
    }
  };
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    if (m.files[i].virtual_file || m.install_roots.count(m.files[i].path)) mark(i);
  }
  while (!queue.empty()) {
    const FileFacts& f = m.files[queue.front()];
    queue.pop_front();
    std::string from = f.virtual_file ? f.evidence_path : f.path;
    for (const std::string& imp : f.imports) {
      const FileFacts* target = starts_with(imp, "py:") ? resolve_py(m, idx, from, imp.substr(3))
                                                        : resolve_js(m, idx, from, imp);
      if (target) mark(static_cast<std::size_t>(target - m.files.data()));
    }
  }
  return reach;
}

unsigned capabilities_of(const FileFacts& f) {
  unsigned caps = 0;
  for (const auto& s : f.signals) {
    if (s.rule->role == Role::kCapability) caps |= s.rule->provides;
  }
  return caps;
}

const char* reach_note(Reach r) {
  switch (r) {
    case Reach::kInstall:
      return "runs at install";
    case Reach::kRuntime:
      return "runs when imported or launched";
    case Reach::kInert:
      return "in a file that is not executed";
  }
  return "";
}

}  // namespace

void correlate(PackageModel& model) {
  std::vector<Reach> reach = compute_reach(model);
  unsigned install_caps = 0;
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    if (reach[i] == Reach::kInstall) install_caps |= capabilities_of(model.files[i]);
  }
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    const FileFacts& f = model.files[i];
    unsigned caps = reach[i] == Reach::kInstall ? install_caps : capabilities_of(f);
    for (const Signal& s : f.signals) {
      const RuleMeta& r = *s.rule;
      Severity sev;
      switch (r.role) {
        case Role::kCapability:
          continue;
        case Role::kThreat:
          sev = r.severity;
          break;
        case Role::kTarget:
          sev = (caps & r.needs) != 0 ? r.severity : Severity::kLow;
          break;
      }
      if (reach[i] == Reach::kRuntime) sev = lower(sev);
      if (reach[i] == Reach::kInert) sev = std::min(sev, Severity::kLow);
      if (r.role == Role::kTarget && (caps & r.needs) == 0 && reach[i] != Reach::kInstall) {
        sev = Severity::kInfo;
      }
      std::string message = fmt::format("{} ({})", r.description, reach_note(reach[i]));
      if (s.matches > 1) message += fmt::format(", {} matches", s.matches);
      std::string path = f.virtual_file ? f.evidence_path : f.path;
      int line = s.line > 0 ? s.line + f.line_offset : 0;
      Finding finding = make_finding(r.id, sev, r.category, std::move(message), std::move(path),
                                     line, s.evidence, r.attack, r.help);
      finding.file_sha256 = f.sha256;
      model.findings.push_back(std::move(finding));
    }
  }
}

}  // namespace airlock::analyze
