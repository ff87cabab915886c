#include "cli/name_checks.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analyze/package_model.h"
#include "analyze/text_util.h"

namespace airlock::cli {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Severity severity_of(double confidence) {
  if (confidence >= 0.8) return Severity::kHigh;
  if (confidence >= 0.6) return Severity::kMedium;
  return Severity::kLow;
}

Result<std::vector<std::string>> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, path + ": cannot read");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line) && out.size() < kMaxCheckedNames) {
    std::string_view t = analyze::trim(line);
    if (!t.empty() && t[0] != '#') out.emplace_back(t);
  }
  return out;
}

}  // namespace

std::filesystem::path user_corpus_dir() {
  if (const char* x = getenv("XDG_DATA_HOME"); x && *x) {
    return std::filesystem::path(x) / "airlock" / "corpus";
  }
  const char* home = getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".local" / "share" / "airlock" / "corpus";
}

Result<NameChecker> NameChecker::create(const std::vector<std::string>& corpus_args,
                                        const std::string& allowlist_path) {
  NameChecker c;
  std::vector<std::string> allow;
  if (!allowlist_path.empty()) {
    auto lines = read_lines(allowlist_path);
    if (!lines) return lines.error();
    allow = std::move(*lines);
  }
  std::map<names::Ecosystem, names::Corpus> corpora;
  for (names::Ecosystem eco : {names::Ecosystem::kNpm, names::Ecosystem::kMcp}) {
    if (auto shipped = names::embedded_corpus(eco)) corpora.emplace(eco, std::move(*shipped));
  }
  for (names::Ecosystem eco :
       {names::Ecosystem::kNpm, names::Ecosystem::kPypi, names::Ecosystem::kMcp}) {
    for (const char* ext : {".tsv", ".json", ".txt"}) {
      auto p = user_corpus_dir() / (std::string(names::to_string(eco)) + ext);
      std::error_code ec;
      if (!std::filesystem::is_regular_file(p, ec)) continue;
      auto loaded = names::Corpus::load_file(p.string(), eco);
      if (!loaded) return loaded.error();
      corpora.insert_or_assign(eco, std::move(*loaded));
      break;
    }
  }
  for (const std::string& arg : corpus_args) {
    auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
      return make_error(
          ErrorCode::kInvalidArgument,
          fmt::format("--corpus {}: expected ECOSYSTEM=FILE (npm, pypi, mcp, internal)", arg));
    }
    std::string key = arg.substr(0, eq), file = arg.substr(eq + 1);
    if (key == "internal") {
      auto lines = read_lines(file);
      if (!lines) return lines.error();
      std::string text;
      for (const auto& l : *lines) text += l + "\n";
      auto corpus = names::Corpus::parse(text, names::Ecosystem::kNpm, file);
      if (!corpus) return corpus.error();
      for (const auto& e : corpus->entries()) c.internal_names_.insert(e.name);
      c.internal_ = std::make_shared<const names::NameIndex>(names::NameIndex::build(*corpus));
      continue;
    }
    auto eco = names::parse_ecosystem(key);
    if (!eco) {
      return make_error(
          ErrorCode::kInvalidArgument,
          fmt::format("--corpus {}: unknown ecosystem '{}' (npm, pypi, mcp, internal)", arg, key));
    }
    auto loaded = names::Corpus::load_file(file, *eco);
    if (!loaded) return loaded.error();
    corpora.insert_or_assign(*eco, std::move(*loaded));
  }
  for (auto& [eco, corpus] : corpora) {
    c.indexes_[eco] =
        std::make_shared<const names::NameIndex>(names::NameIndex::build(corpus, allow));
  }
  return c;
}

void NameChecker::warn_missing_corpus(names::Ecosystem eco) const {
  if (has_corpus(eco)) return;
  std::lock_guard<std::mutex> lock(*warn_mutex_);
  if (!warned_.insert(eco).second) return;
  std::cerr << fmt::format(
      "airlock: no {0} corpus of popular names: {0} names are not checked for confusion "
      "(give one with --corpus {0}=FILE, or run 'airlock corpus update {0}' when online)\n",
      names::to_string(eco));
}

std::vector<Finding> NameChecker::check(names::Ecosystem eco, std::string_view name) const {
  std::vector<Finding> out;
  auto norm = names::normalise(eco, name);
  if (!norm) return out;
  // Findings have no location here; check_package() adds the manifest line for dependencies.
  auto add = [&](const char* rule, Severity sev, std::string message, std::string evidence,
                 std::vector<std::string> attack, const char* help) {
    out.push_back(analyze::make_finding(rule, sev, Category::kNameConfusion, std::move(message), "",
                                        0, std::move(evidence), std::move(attack), help));
  };
  if (internal_) {
    if (internal_names_.count(*norm)) {
      add("dependency-confusion", Severity::kHigh,
          fmt::format("'{}' is the name of one of your internal packages: if it resolves from "
                      "the public registry, anyone can publish it",
                      *norm),
          fmt::format("internal package '{}'", *norm), {"T1195.001"},
          "Dependency confusion: a public package with an internal package's name (or a "
          "confusable one) is installed instead of the private one. Scope internal packages "
          "and pin the registry per scope.");
    } else if (auto c = internal_->check(*norm)) {
      add("dependency-confusion", Severity::kMedium,
          fmt::format("'{}' is confusable with your internal package '{}' ({})", *norm, c->imitated,
                      join(c->kinds)),
          fmt::format("imitates internal '{}': {} (confidence {:.2f})", c->imitated, join(c->kinds),
                      c->confidence),
          {"T1195.001"},
          "A public name confusable with a private one can be installed by mistake.");
    }
  }
  auto it = indexes_.find(eco);
  if (it == indexes_.end()) return out;
  if (auto c = it->second->check(name)) {  // raw, not *norm: a folded homoglyph is a finding
    add("name-confusion", severity_of(c->confidence),
        fmt::format("'{}' looks like the popular {} package '{}' (rank {}): {}", *norm,
                    names::to_string(eco), c->imitated, c->rank, join(c->kinds)),
        fmt::format("imitates '{}' (rank {}): {} (confidence {:.2f})", c->imitated, c->rank,
                    join(c->kinds), c->confidence),
        {"T1195.002", "T1036.005"},
        "Typosquats, combosquats and scope look-alikes of popular packages are the usual first "
        "step of a malicious install. Check the name character by character against the "
        "package you meant.");
  }
  return out;
}

}  // namespace airlock::cli

namespace airlock::cli {

void NameChecker::check_package(analyze::TargetResult& r) const {
  auto eco = names::parse_ecosystem(r.ecosystem);
  if (!eco) return;
  warn_missing_corpus(*eco);
  if (!r.info.name.empty()) {
    for (Finding& f : check(*eco, r.info.name)) r.findings.push_back(std::move(f));
  }
  for (const analyze::DeclaredDependency& dep : r.dependencies) {
    for (Finding& f : check(*eco, dep.name)) {
      f.rule = f.rule == "dependency-confusion" ? f.rule : "dependency-name-confusion";
      f.message = dep.alias.empty()
                      ? fmt::format("declares dependency '{}': {}", dep.name, f.message)
                      : fmt::format("declares dependency '{}' as an alias of '{}': {}", dep.alias,
                                    dep.name, f.message);
      f.location = Location{dep.path, dep.line};
      r.findings.push_back(std::move(f));
    }
  }
}

}  // namespace airlock::cli
