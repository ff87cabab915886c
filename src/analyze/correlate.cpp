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
#include <set>
#include <unordered_map>

#include "analyze/analyzers.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

using FileIndex = std::unordered_map<std::string, std::size_t>;

// Import hops followed from an install root (root = hop 1).
constexpr int kMaxInstallHops = 3;
// Install paths up to this many files share their capabilities (see correlate()).
constexpr std::size_t kMaxPooledInstallFiles = 12;
// Distinct credential families (catalogue entries) in one file that make a harvester.
constexpr std::size_t kHarvesterFamilies = 3;

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

// A literal naming a script of the package ('pulse.js', "./lib/x.sh"), as passed to
// spawn/fork/Popen: the script runs in the same phase as the code naming it.
const FileFacts* resolve_literal_script(const PackageModel& m, const FileIndex& idx,
                                        std::string_view from, std::string_view lit) {
  static constexpr std::string_view kScriptExts[] = {".js", ".cjs", ".mjs", ".py", ".sh"};
  bool script = false;
  for (std::string_view e : kScriptExts) script |= ends_with(lit, e);
  if (!script) return nullptr;
  std::string path;
  for (std::string_view base : {dirname_of(from), std::string_view()}) {
    if (join_inside(base, lit, path)) {
      auto it = idx.find(path);
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
  // Breadth-first from the roots, a few hops deep: droppers split a payload over a handful of
  // files, while following every require of a large CLI would make the whole tool
  // "install-time" because its postinstall loads a helper module.
  std::deque<std::pair<std::size_t, int>> queue;
  int depth = 0;
  auto mark = [&](std::size_t i) {
    if (reach[i] != Reach::kInstall) {
      reach[i] = Reach::kInstall;
      queue.emplace_back(i, depth + 1);
    }
  };
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    if (m.files[i].virtual_file || m.install_roots.count(m.files[i].path)) mark(i);
  }
  while (!queue.empty()) {
    const FileFacts& f = m.files[queue.front().first];
    depth = queue.front().second;
    queue.pop_front();
    if (depth > kMaxInstallHops) continue;
    std::string from = f.virtual_file ? f.evidence_path : f.path;
    for (const std::string& imp : f.imports) {
      const FileFacts* target = nullptr;
      if (starts_with(imp, "py:")) {
        target = resolve_py(m, idx, from, imp.substr(3));
      } else if (starts_with(imp, "lit:")) {
        target = resolve_literal_script(m, idx, from, imp.substr(4));
      } else {
        target = resolve_js(m, idx, from, imp);
      }
      if (target) mark(static_cast<std::size_t>(target - m.files.data()));
    }
  }
  return reach;
}

// A path literal in install code that names a native binary of the package: the install
// builds a path to it (path.join(__dirname, 'bin', 'x'), os.path.join(...)) to run it.
const FileFacts* literal_names_binary(const std::vector<const FileFacts*>& executables,
                                      const FileFacts& f) {
  for (const std::string& imp : f.imports) {
    if (!starts_with(imp, "lit:")) continue;
    std::string_view lit = std::string_view(imp).substr(4);
    for (const FileFacts* b : executables) {
      if (basename_of(b->path) == basename_of(lit) || ends_with(b->path, lit)) return b;
    }
  }
  return nullptr;
}

unsigned capabilities_of(const FileFacts& f) {
  unsigned caps = 0;
  for (const auto& s : f.signals) {
    if (s.rule->role == Role::kCapability) caps |= s.rule->provides;
  }
  return caps;
}

const char* reach_note(Reach r, bool comment) {
  if (comment) return "only in comments";
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

bool has_rule(const PackageModel& m, std::string_view rule) {
  for (const auto& f : m.findings)
    if (f.rule == rule) return true;
  return false;
}

// Findings that only exist as combinations across the install-time code.
void add_install_composites(PackageModel& model, const std::vector<Reach>& reach,
                            unsigned install_caps) {
  const FileFacts* shady = nullptr;
  const Signal* shady_signal = nullptr;
  const FileFacts* runs_binary = nullptr;
  const FileFacts* binary = nullptr;
  // The package's native programs, collected once (most packages have none).
  std::vector<const FileFacts*> executables;
  for (const FileFacts& f : model.files) {
    if (f.native_executable) executables.push_back(&f);
  }
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    if (reach[i] != Reach::kInstall) continue;
    const FileFacts& f = model.files[i];
    for (const Signal& s : f.signals) {
      bool shady_host =
          s.rule->role == Role::kTarget &&
          (s.rule->category == Category::kC2 || s.rule->category == Category::kExfiltration);
      if (shady_host && !shady) {
        shady = &f;
        shady_signal = &s;
      }
    }
    if (!binary && !executables.empty() && (install_caps & kCapSpawn)) {
      if (const FileFacts* b = literal_names_binary(executables, f)) {
        runs_binary = &f;
        binary = b;
      }
    }
  }
  constexpr unsigned kFetchRun = kCapNetwork | kCapSpawn | kCapFsWrite;
  if (shady && (install_caps & kFetchRun) == kFetchRun) {
    std::string path = shady->virtual_file ? shady->evidence_path : shady->path;
    model.findings.push_back(make_finding(
        "install-fetches-and-runs", Severity::kHigh, Category::kDownloadExec,
        "install-time code downloads from a raw IP or throwaway host, writes files and starts "
        "processes",
        path, shady_signal->line + shady->line_offset, shady_signal->evidence, {"T1105", "T1204"},
        "Legitimate installers that fetch binaries (esbuild, sharp, puppeteer) use their "
        "project's release hosts or the registry; fetching from a bare IP or a paste/tunnel "
        "host and running the result is a dropper."));
  }
  if (binary && !has_rule(model, "install-runs-bundled-binary")) {
    std::string path = runs_binary->virtual_file ? runs_binary->evidence_path : runs_binary->path;
    model.findings.push_back(make_finding(
        "install-runs-bundled-binary", Severity::kHigh, Category::kBundledBinary,
        fmt::format("install-time code starts a native binary shipped in the package ({})",
                    binary->path),
        path, 0, binary->path, {"T1204.002"},
        "A prebuilt executable run at install cannot be reviewed as source. Packages that need "
        "native code build it (node-gyp) or download a verified binary per platform."));
  }
  // Overridden install steps and in-tree backends matter most when they act.
  if (install_caps & (kCapSpawn | kCapNetwork)) {
    for (Finding& f : model.findings) {
      if ((f.rule == "setup-cmdclass-override" || f.rule == "in-tree-build-backend") &&
          f.severity < Severity::kHigh) {
        f.severity = Severity::kHigh;
        f.message += "; the install-time code starts processes or uses the network";
      }
    }
  }
}

// A stealer reads many credential stores; an SDK or CLI reads its own. Code (install-time or
// not) that names several credential families and can send data out is a harvester.
void add_harvester_findings(PackageModel& model, const std::vector<Reach>& reach) {
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    if (reach[i] == Reach::kInert) continue;
    const FileFacts& f = model.files[i];
    if ((capabilities_of(f) & kCapNetwork) == 0) continue;
    std::set<std::string_view> families;
    const Signal* first = nullptr;
    for (const Signal& s : f.signals) {
      if (s.rule->role != Role::kTarget || s.rule->category != Category::kCredentialAccess ||
          s.only_in_comments || !starts_with(s.rule->id, "catalogue-")) {
        continue;
      }
      families.insert(s.rule->id);
      if (!first || s.line < first->line) first = &s;
    }
    if (families.size() < kHarvesterFamilies) continue;
    std::string list;
    for (std::string_view fam : families) {
      list += (list.empty() ? "" : ", ") + std::string(fam.substr(fam.rfind('-') + 1));
    }
    std::string path = f.virtual_file ? f.evidence_path : f.path;
    model.findings.push_back(make_finding(
        "credential-harvester", reach[i] == Reach::kInstall ? Severity::kCritical : Severity::kHigh,
        Category::kCredentialAccess,
        fmt::format("code that can send data out names {} kinds of credential stores ({}) ({})",
                    families.size(), list, reach_note(reach[i], false)),
        path, first->line + f.line_offset, first->evidence, {"T1552.001", "T1555", "T1041"},
        "Credential stealers sweep SSH keys, cloud credentials, registry tokens and browser "
        "stores together; SDKs and CLIs read only their own credentials."));
  }
}

}  // namespace

std::vector<std::string> referenced_deferred_files(const PackageModel& m) {
  FileIndex idx;
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    if (!m.files[i].virtual_file) idx.emplace(m.files[i].path, i);
  }
  std::set<std::string> out;
  for (const FileFacts& f : m.files) {
    if (f.deferred && m.install_roots.count(f.path)) out.insert(f.path);
    if (!f.is_code) continue;
    std::string from = f.virtual_file ? f.evidence_path : f.path;
    for (const std::string& imp : f.imports) {
      const FileFacts* t = nullptr;
      if (starts_with(imp, "lit:")) {
        std::string path;
        std::string_view lit = std::string_view(imp).substr(4);
        for (std::string_view base : {dirname_of(from), std::string_view()}) {
          if (!t && join_inside(base, lit, path)) {
            auto it = idx.find(path);
            if (it != idx.end()) t = &m.files[it->second];
          }
        }
      } else if (!starts_with(imp, "py:")) {
        t = resolve_js(m, idx, from, imp);
      }
      if (t && t->deferred) out.insert(t->path);
    }
  }
  return {out.begin(), out.end()};
}

void correlate(PackageModel& model) {
  std::vector<Reach> reach = compute_reach(model);
  unsigned install_caps = 0;
  std::size_t install_files = 0;
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    if (reach[i] != Reach::kInstall) continue;
    install_caps |= capabilities_of(model.files[i]);
    if (!model.files[i].virtual_file) ++install_files;
  }
  // Pool capabilities only over a dropper-sized install path; in a large tool the file that
  // names a config path and the one that opens a socket are usually unrelated.
  const bool pool = install_files <= kMaxPooledInstallFiles;
  add_install_composites(model, reach, install_caps);
  add_harvester_findings(model, reach);
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    const FileFacts& f = model.files[i];
    unsigned caps = reach[i] == Reach::kInstall && pool ? install_caps : capabilities_of(f);
    for (const Signal& s : f.signals) {
      const RuleMeta& r = *s.rule;
      Severity sev = Severity::kInfo;
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
      // A target in code that is not install-time is a lead, not a verdict: libraries
      // legitimately name config and credential files (SDKs, CLIs, editor integrations).
      if (reach[i] == Reach::kRuntime && r.role == Role::kTarget)
        sev = std::min(sev, Severity::kMedium);
      if (reach[i] == Reach::kInert || s.only_in_comments) sev = std::min(sev, Severity::kLow);
      if (r.role == Role::kTarget && (caps & r.needs) == 0 && reach[i] != Reach::kInstall) {
        sev = Severity::kInfo;
      }
      std::string message =
          fmt::format("{} ({})", r.description, reach_note(reach[i], s.only_in_comments));
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
