// The persistence catalogue: where an install can hide (cron, systemd user units, shell rc
// files, .pth files, git hooks, MCP client configs, agent hooks, LaunchAgents, Run keys,
// credential stores, ...), loaded from the YAML files under catalogue/ that CMake compiles
// into the binary. It is the one source of truth for every verb that needs those locations:
// `scan` (indicator strings, as generated YARA rules), `run`/`snapshot`/`diff`/`watch`
// (path classification), exports and `airlock catalogue`. Schema: docs/catalogue.md.
//
//   auto cat = Catalogue::load_embedded();
//   if (!cat) { print_error(cat.error().message); return 2; }
//   if (const CatalogueEntry* e = cat->match_path("/home/u/.bashrc", "/home/u"))
//     fmt::print("{} ({})\n", e->title, to_string(e->severity));
//   std::string yara = cat->to_yara();  // one target rule per entry with indicators
//
// A Catalogue is immutable after loading and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/finding.h"
#include "airlock/core/result.h"

namespace airlock::catalogue {

// Vocabularies of the string fields (checked at load time).
inline constexpr std::string_view kPlatforms[] = {"linux", "macos", "windows"};
inline constexpr std::string_view kScopes[] = {"system", "user", "credential"};
inline constexpr std::string_view kAccesses[] = {"write", "read"};
// How `diff` reports an entry's items: every change, or only new items (locations where
// changes of existing items are routine: hidden files in $HOME, processes, sockets).
inline constexpr std::string_view kDiffModes[] = {"all", "added-only"};

struct CatalogueEntry {
  std::string id;        // stable, dotted: <platform>.<scope>.<name>
  std::string ref;       // row of the reference table (L1, U5, C7, M1, W1, ...)
  std::string platform;  // linux | macos | windows
  std::string scope;     // system | user | credential
  std::string title;     // short name of the location
  std::string gives;     // what it gives the attacker
  Category category = Category::kPersistence;
  Severity severity = Severity::kHigh;  // when install-time code writes (or reads) it
  std::vector<std::string> attack;      // MITRE ATT&CK technique ids
  // Glob patterns: `~` = the user's home, `*`/`?`/`[...]` stay within one component, `**` is
  // any number of components. Windows registry keys are written HKCU\... / HKLM\...;
  // `scheme:name` (proc:, socket:, wmi:, ...) names a location that is not a file.
  std::vector<std::string> paths;
  // The collector that reads it (catalogue/collectors.h): plain, crontab, systemd-unit,
  // json:<key paths>, ..., optionally with an argument after ':'.
  std::string parser;
  std::string access;  // write (persistence: watch writes) | read (credential store: watch opens)
  // Literal, case-sensitive strings whose presence in package code means "this code targets
  // the location" (the static scanner's evidence). May be empty.
  std::vector<std::string> indicators;
  std::string diff = "all";  // all | added-only (kDiffModes)
  std::string source;        // file the entry was loaded from (catalogue/linux.yaml, ...)
};

class Catalogue {
 public:
  // The catalogue compiled into the binary (every catalogue/*.yaml, in file-name order).
  static Result<Catalogue> load_embedded();
  // One YAML document (a sequence of entries). source_name prefixes error messages.
  static Result<Catalogue> load_yaml(std::string_view text, std::string_view source_name);
  // Several documents as one catalogue; ids must be unique across all of them.
  struct Source {
    std::string_view name;
    std::string_view text;
  };
  static Result<Catalogue> load_sources(const std::vector<Source>& sources);

  const std::vector<CatalogueEntry>& entries() const { return entries_; }
  const CatalogueEntry* find(std::string_view id) const;

  // The entry whose path patterns match `path` most specifically (most literal characters;
  // ties go to the earlier entry), or nullptr. `path` is absolute (a file path, or a registry
  // key for Windows entries); `home` replaces `~`. Windows entries match case-insensitively
  // and accept `\` or `/`; a registry pattern also matches values and subkeys below its key.
  // With a non-empty `platform`, only that platform's entries are considered.
  const CatalogueEntry* match_path(std::string_view path, std::string_view home,
                                   std::string_view platform = {}) const;
  // Every matching entry, most specific first (a path can be both a persistence location and
  // a credential store, e.g. ~/.npmrc).
  std::vector<const CatalogueEntry*> match_path_all(std::string_view path, std::string_view home,
                                                    std::string_view platform = {}) const;

  // YARA source with one target rule per entry that has indicators (see docs/catalogue.md):
  // rule catalogue_<id>, meta role = "target", needs = "fswrite,spawn" for write entries or
  // "network" for read entries, strings = the indicators, condition = any of them.
  std::string to_yara() const;

 private:
  // A path pattern split into components once at load time, so classification does no
  // parsing (run/watch classify every file an install touches).
  struct Pattern {
    std::size_t entry = 0;
    bool from_home = false;   // the pattern started with ~ (components are below the home)
    bool fold = false;        // Windows: case-insensitive, '\' == '/'
    std::size_t literal = 0;  // non-wildcard characters: the specificity of a match
    std::vector<std::string> components;
  };
  void compile_patterns();

  std::vector<CatalogueEntry> entries_;
  std::vector<Pattern> patterns_;
};

// The YARA rule name of an entry: "catalogue_" + id with every non-alphanumeric byte as '_'.
std::string yara_rule_name(std::string_view id);

// Whether `pattern` (already `~`-expanded) matches `path`. Exposed for tests and for verbs
// that hold their own pattern lists. case_insensitive also makes `\` and `/` equivalent.
bool glob_match(std::string_view pattern, std::string_view path, bool case_insensitive = false);

}  // namespace airlock::catalogue
