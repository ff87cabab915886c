// Package-name confusion: is a package name chosen to pass for a popular one?
//
// A Corpus holds the popular names of one ecosystem (npm ships inside the binary; PyPI and
// MCP lists load from files). NameIndex compiles a corpus once into immutable lookup tables
// (a symmetric-delete index for 1-2 Damerau edits, plus maps for delimiter-stripped,
// look-alike, word-order, de-affixed and scope-split forms) and answers check() in
// microseconds from any number of threads. check() returns the most confident confusion,
// or nothing; it never flags a name that is itself in the corpus or the allowlist, nor a
// name in the same npm scope as its target (only the scope owner can publish there).
//
//   auto corpus = airlock::names::embedded_npm_corpus();
//   if (!corpus) { report(corpus.error().message); return; }
//   auto index = airlock::names::NameIndex::build(*corpus);
//   if (auto c = index.check("crossenv")) {
//     // c->imitated == "cross-env", c->kinds == {"delimiter"}, c->confidence ~ 0.9
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "airlock/core/result.h"

namespace airlock::names {

// Names longer than this (in bytes, after normalisation) are rejected: npm's own maximum.
inline constexpr std::size_t kMaxNameBytes = 214;
// Raw input longer than this is rejected before decoding (a folded homoglyph name may shrink
// from up to 4 UTF-8 bytes per character to 1).
inline constexpr std::size_t kMaxRawNameBytes = 4 * kMaxNameBytes;
// Corpus files bigger than this, or with more names than this, are refused.
inline constexpr std::size_t kMaxCorpusBytes = 64u << 20;
inline constexpr std::size_t kMaxCorpusEntries = 1'000'000;
// Confusions below this confidence are not reported.
inline constexpr double kMinConfidence = 0.5;

enum class Ecosystem { kNpm, kPypi, kMcp };

std::optional<Ecosystem> parse_ecosystem(std::string_view s);  // "npm", "pypi", "mcp"
std::string_view to_string(Ecosystem eco);

// Canonical form of a name: PyPI per PEP 503 (lowercase, runs of -_. become '-'); npm and
// MCP lowercase with the scope kept. Letters from other scripts that look like ASCII
// (Cyrillic 'а', Greek 'ο', fullwidth forms, accented Latin) fold to ASCII and zero-width
// characters are dropped, so "reаct" normalises to "react" (check() reports it as a
// homoglyph). Errors: empty, longer than the bounds above, control characters, invalid UTF-8.
Result<std::string> normalise(Ecosystem eco, std::string_view name);

struct CorpusEntry {
  std::string name;  // normalised
  int rank = 0;      // 1 = most popular
};

// Popular names of one ecosystem, normalised, unique, sorted by rank.
class Corpus {
 public:
  // Auto-detects the format: top-pypi-packages JSON ({"rows":[{"project":..}]}, ranked by
  // order), TSV "name<TAB>rank", or one name per line (ranked by order; '#' comments and
  // blank lines skipped). Anything else (binary data, HTML, JSON of another shape, prose) is
  // a kFormat error whose message names `source`.
  static Result<Corpus> parse(std::string_view text, Ecosystem eco, std::string_view source);
  static Result<Corpus> load_file(const std::string& path, Ecosystem eco);

  const std::vector<CorpusEntry>& entries() const { return entries_; }
  Ecosystem ecosystem() const { return eco_; }

 private:
  std::vector<CorpusEntry> entries_;
  Ecosystem eco_ = Ecosystem::kNpm;
};

struct Confusion {
  std::string imitated;            // the popular name, normalised
  int rank = 0;                    // its rank in the corpus
  std::vector<std::string> kinds;  // see kKinds in names.cpp / the list below
  double confidence = 0.0;         // in [kMinConfidence, 1]
};
// kinds vocabulary: "edit-distance-1", "edit-distance-2", "transposition",
// "keyboard-neighbour", "homoglyph", "repeated-character", "omitted-character", "delimiter",
// "word-order", "combosquat", "scope-confusion", "plural", "alternate-spelling".

class NameIndexData;  // private tables (src/names/)

// Immutable once built; check() is const and safe to call from many threads.
class NameIndex {
 public:
  // allowlist: names (normalised like the corpus) never flagged; "@scope/*" allows a scope.
  static NameIndex build(const Corpus& corpus, std::vector<std::string> allowlist = {});

  // The most confident confusion of `name` (raw, as the user wrote it), or none. Names that
  // fail normalise() are not checked here (call normalise() first to report the error).
  std::optional<Confusion> check(std::string_view name) const;
  // check() as if `name` were not in the corpus (leave-one-out): would this popular name be
  // flagged if it were not listed? Measures false alarms among legitimate names just below
  // the corpus cut-off (bench/names_bench.cpp); not for checking user input.
  std::optional<Confusion> check_unlisted(std::string_view name) const;
  std::size_t size() const;
  Ecosystem ecosystem() const;

 private:
  std::shared_ptr<const NameIndexData> data_;
};

// The corpus compiled into the binary for `eco`: npm (data/corpus/npm.tsv,
// scripts/make-npm-corpus.py) and MCP (data/corpus/mcp.tsv, scripts/make-mcp-corpus.sh);
// PyPI has none (kUnsupported: load one with Corpus::load_file).
Result<Corpus> embedded_corpus(Ecosystem eco);
Result<Corpus> embedded_npm_corpus();  // embedded_corpus(Ecosystem::kNpm)

}  // namespace airlock::names
