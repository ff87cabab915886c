// The collectors: how `snapshot`, `diff` and `watch` read a catalogue location. One
// declarative table (name, platforms, what an item holds) that the catalogue loader
// validates `parser:` fields against, that `airlock catalogue` prints and that
// docs/catalogue.md lists. The code of each Linux collector lives in src/host/.
//
//   for (const CollectorSpec& c : collectors())
//     fmt::print("{:16} {}\n", c.name, c.summary);
//   const CollectorSpec* c = find_collector("crontab");
//
// A catalogue entry names its collector in `parser:`, optionally with an argument after ':'
// (`json:mcpServers.*`, `gitconfig:core.hooksPath,credential.helper`). `auto` picks a
// collector by file name (auto_collector()).
#pragma once

#include <span>
#include <string_view>

namespace airlock::catalogue {

struct CollectorSpec {
  std::string_view name;
  std::string_view platforms;  // comma-separated: linux, macos, windows
  bool linux_collects;         // implemented by `snapshot` on Linux
  std::string_view fields;     // what one collected item holds (its key and its value)
  std::string_view summary;    // what the collector reads
};

// Every collector, in documentation order.
std::span<const CollectorSpec> collectors();
const CollectorSpec* find_collector(std::string_view name);

// The collector `auto` picks for a host path (absolute, as on the host): by file name and
// by the directory it sits in, first rule that matches. Returns "plain" when nothing does.
std::string_view auto_collector(std::string_view path);

}  // namespace airlock::catalogue
