// Files compiled into the binary by cmake/embed.cmake (shipped rules, the catalogue, the
// popular-name corpora).
#pragma once

#include <string_view>

namespace airlock {

struct EmbeddedFile {
  std::string_view name;  // file name without directory; empty name ends the array
  std::string_view data;
};

extern const EmbeddedFile kYaraRules[];
extern const EmbeddedFile kCatalogue[];
extern const EmbeddedFile kCorpora[];  // data/corpus/*.tsv: popular package names

}  // namespace airlock
