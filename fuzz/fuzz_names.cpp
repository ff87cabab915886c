// libFuzzer target: name normalisation, NameIndex::check() / check_unlisted() and corpus
// parsing on arbitrary bytes, for every ecosystem, against a small fixed corpus. Invariants:
// normalise() either fails or returns a non-empty name of at most kMaxNameBytes; a confusion
// has a confidence in [kMin, 1] and names a corpus entry; normalising twice is stable; a
// corpus either parses to at least one name or is refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "airlock/names/names.h"

using namespace airlock::names;

namespace {
const NameIndex& index_for(Ecosystem eco) {
  static const auto make = [](Ecosystem e) {
    auto c = Corpus::parse(
        "cross-env\t1\nrequests\t2\nsupports-color\t3\ndiscord.js\t4\n"
        "@modelcontextprotocol/server-github\t5\n@anthropic-ai/claude-code\t6\nreact\t7\n"
        "python-dateutil\t8\n@babel/core\t9\nlodash\t10\n",
        e, "fuzz");
    if (!c) std::abort();
    return NameIndex::build(*c, {"allowed-name", "@mine/*"});
  };
  static const NameIndex npm = make(Ecosystem::kNpm), pypi = make(Ecosystem::kPypi),
                         mcp = make(Ecosystem::kMcp);
  return eco == Ecosystem::kNpm ? npm : eco == Ecosystem::kPypi ? pypi : mcp;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  for (Ecosystem eco : {Ecosystem::kNpm, Ecosystem::kPypi, Ecosystem::kMcp}) {
    auto n = normalise(eco, in);
    if (n) {
      if (n->empty() || n->size() > kMaxNameBytes) std::abort();
      auto again = normalise(eco, *n);
      if (!again || *again != *n) std::abort();
    }
    for (bool unlisted : {false, true}) {
      const NameIndex& idx = index_for(eco);
      if (auto c = unlisted ? idx.check_unlisted(in) : idx.check(in)) {
        if (c->confidence < kMinConfidence || c->confidence > 1.0 || c->imitated.empty() ||
            c->kinds.empty()) {
          std::abort();
        }
      }
    }
    // The same bytes as a corpus file: parsed or refused with a message, never a crash.
    if (auto corpus = Corpus::parse(in, eco, "fuzz")) {
      if (corpus->entries().empty()) std::abort();
      (void)NameIndex::build(*corpus).check("lodash");
    } else if (corpus.error().message.empty()) {
      std::abort();
    }
  }
  return 0;
}
