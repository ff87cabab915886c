// YARA glue: compile once (shipped + --rules + generated), scan many with per-thread scanners.
#include "airlock/analyze/content_rules.h"

#include <fmt/format.h>
#include <yara.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "airlock/core/embedded.h"
#include "airlock/core/limits.h"
#include "analyze/text_util.h"

namespace airlock::analyze {
namespace {

// libyara keeps global state; initialise it once for the process and never tear it down
// (scanners may live until exit).
void ensure_yara_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { yr_initialize(); });
}

constexpr int kScanTimeoutSeconds = 20;
// Matches examined for comment-ness per rule and file (bounds work on huge match lists).
constexpr int kMaxCommentChecks = 64;

struct CompileErrors {
  std::string source;
  std::vector<std::string> messages;
};

void compiler_callback(int level, const char* file_name, int line, const YR_RULE* /*rule*/,
                       const char* message, void* user_data) {
  if (level != YARA_ERROR_LEVEL_ERROR) return;  // warnings do not stop a user's rules
  auto* errors = static_cast<CompileErrors*>(user_data);
  errors->messages.push_back(
      fmt::format("{}:{}: {}", file_name ? file_name : errors->source.c_str(), line, message));
}

std::string meta_string(const YR_RULE* rule, std::string_view key) {
  const YR_META* meta;
  yr_rule_metas_foreach(rule, meta) {
    if (key == meta->identifier) {
      if (meta->type == META_TYPE_STRING) return meta->string;
      if (meta->type == META_TYPE_INTEGER) return std::to_string(meta->integer);
      if (meta->type == META_TYPE_BOOLEAN) return meta->integer ? "true" : "false";
    }
  }
  return {};
}

Result<RuleMeta> read_meta(const YR_RULE* rule) {
  RuleMeta m;
  m.id = rule->identifier;
  std::replace(m.id.begin(), m.id.end(), '_', '-');
  // Rules without our meta (a user's own rules) are treated as medium execution threats.
  std::string category = meta_string(rule, "category");
  std::string severity = meta_string(rule, "severity");
  std::string role = meta_string(rule, "role");
  if (category.empty()) category = "execution";
  if (severity.empty()) severity = "medium";
  auto cat = parse_category(category);
  if (!cat)
    return make_error(ErrorCode::kFormat,
                      fmt::format("rule {}: unknown category '{}'", rule->identifier, category));
  auto sev = parse_severity(severity);
  if (!sev)
    return make_error(ErrorCode::kFormat,
                      fmt::format("rule {}: unknown severity '{}'", rule->identifier, severity));
  m.category = *cat;
  m.severity = *sev;
  if (role.empty() || role == "threat") {
    m.role = Role::kThreat;
  } else if (role == "capability") {
    m.role = Role::kCapability;
  } else if (role == "target") {
    m.role = Role::kTarget;
  } else {
    return make_error(ErrorCode::kFormat,
                      fmt::format("rule {}: unknown role '{}'", rule->identifier, role));
  }
  const std::string capability = meta_string(rule, "capability");
  const std::string needs_list = meta_string(rule, "needs");
  auto provides = parse_capabilities(capability);
  auto needs = parse_capabilities(needs_list);
  if (!provides)
    return make_error(ErrorCode::kFormat,
                      fmt::format("rule {}: {}", rule->identifier, provides.error().message));
  if (!needs)
    return make_error(ErrorCode::kFormat,
                      fmt::format("rule {}: {}", rule->identifier, needs.error().message));
  m.provides = *provides;
  m.needs = *needs;
  const std::string attack = meta_string(rule, "attack");  // split_list views into it
  for (std::string_view part : split_list(attack)) m.attack.emplace_back(part);
  m.description = meta_string(rule, "description");
  if (m.description.empty()) m.description = fmt::format("matches YARA rule {}", rule->identifier);
  m.help = meta_string(rule, "help");
  if (m.help.empty()) m.help = m.description;
  return m;
}

}  // namespace

Result<unsigned> parse_capabilities(std::string_view list) {
  unsigned bits = 0;
  for (std::string_view word : split_list(list)) {
    if (word == "network")
      bits |= kCapNetwork;
    else if (word == "spawn")
      bits |= kCapSpawn;
    else if (word == "fswrite")
      bits |= kCapFsWrite;
    else if (word == "fsread")
      bits |= kCapFsRead;
    else if (word == "envread")
      bits |= kCapEnvRead;
    else
      return make_error(ErrorCode::kFormat, fmt::format("unknown capability '{}'", word));
  }
  return bits;
}

struct RuleSet::Impl {
  YR_RULES* rules = nullptr;
  std::unordered_map<const YR_RULE*, const RuleMeta*> by_rule;
  ~Impl() {
    if (rules) yr_rules_destroy(rules);
  }
};

RuleSet::~RuleSet() = default;

const RuleMeta* RuleSet::find(std::string_view id) const {
  for (const auto& m : metas_) {
    if (m->id == id) return m.get();
  }
  return nullptr;
}

Result<std::shared_ptr<const RuleSet>> RuleSet::compile(const RuleSources& sources) {
  ensure_yara_initialised();
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS) {
    return make_error(ErrorCode::kInternal, "cannot create the YARA compiler");
  }
  std::unique_ptr<YR_COMPILER, void (*)(YR_COMPILER*)> compiler(raw, yr_compiler_destroy);
  CompileErrors errors;
  yr_compiler_set_callback(compiler.get(), compiler_callback, &errors);

  auto add = [&](const std::string& text, const std::string& source, const char* ns) -> Status {
    errors.source = source;
    errors.messages.clear();
    if (yr_compiler_add_string(compiler.get(), text.c_str(), ns) != 0) {
      std::string all;
      for (const auto& m : errors.messages) all += "\n  " + m;
      return make_error(ErrorCode::kFormat, fmt::format("cannot compile {}:{}", source, all));
    }
    return Ok{};
  };

  if (sources.shipped) {
    for (const EmbeddedFile* f = kYaraRules; !f->name.empty(); ++f) {
      if (Status s = add(std::string(f->data), fmt::format("rules/yara/{}", f->name), "airlock");
          !s) {
        return s.error();
      }
    }
  }
  if (!sources.generated.empty()) {
    if (Status s = add(sources.generated, "<catalogue>", "catalogue"); !s) return s.error();
  }
  for (const std::string& dir : sources.extra_dirs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("--rules {}: not a directory", dir));
    }
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      auto ext = it->path().extension();
      if (it->is_regular_file() && (ext == ".yar" || ext == ".yara")) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      if (Status s = add(ss.str(), p.string(), "user"); !s) return s.error();
    }
  }

  std::shared_ptr<RuleSet> set(new RuleSet());
  set->impl_ = std::make_unique<Impl>();
  if (yr_compiler_get_rules(compiler.get(), &set->impl_->rules) != ERROR_SUCCESS) {
    return make_error(ErrorCode::kInternal, "cannot build YARA rules");
  }
  const YR_RULE* rule;
  yr_rules_foreach(set->impl_->rules, rule) {
    auto meta = read_meta(rule);
    if (!meta) return meta.error();
    set->metas_.push_back(std::make_unique<RuleMeta>(std::move(*meta)));
    set->impl_->by_rule[rule] = set->metas_.back().get();
  }
  return std::shared_ptr<const RuleSet>(std::move(set));
}

namespace {

// Fills the signal's match count, line and evidence from the first match outside a comment
// line; a pattern that appears only in comments is documentation, not behaviour.
// libyara keeps YR_MATCH records packed in its arena, so member reads here are misaligned
// by design of the library; the alignment check of UBSan is off for this function only.
__attribute__((no_sanitize("alignment"))) void locate_first_code_match(YR_SCAN_CONTEXT* context,
                                                                       const YR_RULE* rule,
                                                                       std::string_view content,
                                                                       Signal& sig) {
  std::uint64_t first = UINT64_MAX, first_code = UINT64_MAX;
  int checked = 0;
  const YR_STRING* string;
  yr_rule_strings_foreach(rule, string) {
    const YR_MATCH* match;
    yr_string_matches_foreach(context, string, match) {
      ++sig.matches;
      auto off = static_cast<std::uint64_t>(match->base + match->offset);
      first = std::min(first, off);
      if (off < first_code && checked++ < kMaxCommentChecks && !in_comment_line(content, off)) {
        first_code = off;
      }
    }
  }
  sig.only_in_comments = first_code == UINT64_MAX && checked > 0 && checked <= kMaxCommentChecks;
  std::uint64_t shown = first_code != UINT64_MAX ? first_code : first;
  if (shown < content.size()) {
    sig.line = line_of(content, shown);
    sig.evidence = evidence_at(content, shown);
  }
}

}  // namespace

struct ContentScanner::Impl {
  const std::unordered_map<const YR_RULE*, const RuleMeta*>* by_rule = nullptr;
  YR_SCANNER* scanner = nullptr;
  std::string_view content;
  std::vector<Signal>* out = nullptr;
  ~Impl() {
    if (scanner) yr_scanner_destroy(scanner);
  }
};

ContentScanner::ContentScanner(const RuleSet& rules) : impl_(std::make_unique<Impl>()) {
  impl_->by_rule = &rules.impl_->by_rule;
  // Declared here so it may use the private Impl types.
  YR_CALLBACK_FUNC callback = [](YR_SCAN_CONTEXT* context, int message, void* message_data,
                                 void* user_data) -> int {
    if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
    auto* impl = static_cast<Impl*>(user_data);
    const auto* rule = static_cast<const YR_RULE*>(message_data);
    auto it = impl->by_rule->find(rule);
    if (it == impl->by_rule->end()) return CALLBACK_CONTINUE;
    Signal sig;
    sig.rule = it->second;
    locate_first_code_match(context, rule, impl->content, sig);
    impl->out->push_back(std::move(sig));
    return CALLBACK_CONTINUE;
  };
  yr_scanner_create(rules.impl_->rules, &impl_->scanner);
  if (impl_->scanner) {
    yr_scanner_set_callback(impl_->scanner, callback, impl_.get());
    yr_scanner_set_timeout(impl_->scanner, kScanTimeoutSeconds);
  }
}

ContentScanner::~ContentScanner() = default;

std::vector<Signal> ContentScanner::scan(std::string_view content) {
  std::vector<Signal> out;
  if (!impl_->scanner || content.empty()) return out;
  impl_->content = content;
  impl_->out = &out;
  yr_scanner_scan_mem(impl_->scanner, reinterpret_cast<const uint8_t*>(content.data()),
                      content.size());
  impl_->out = nullptr;
  return out;
}

}  // namespace airlock::analyze
