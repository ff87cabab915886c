// Semantic diff of two host snapshots: added, removed and changed items become findings with
// the catalogue entry's category, a severity from the entry and the kind of change, and the
// change itself as evidence (the crontab line added, the MCP server added, the key that
// changed). A file touched or rewritten with the same content is no change at all; a file
// whose bytes changed but whose meaning did not (reformatted JSON) is `info`.
//
//   auto changes = diff_items(old_snap.items, new_snap.items);
//   for (const Change& c : changes)
//     if (auto f = to_finding(c, catalogue)) sink.finding(*f);
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "airlock/catalogue/catalogue.h"
#include "airlock/core/finding.h"
#include "airlock/host/snapshot.h"

namespace airlock::host {

enum class ChangeKind { kAdded, kRemoved, kChanged };
std::string_view to_string(ChangeKind k);

struct Change {
  ChangeKind kind;
  const Item* before = nullptr;  // removed, changed
  const Item* after = nullptr;   // added, changed
  const Item& item() const { return after ? *after : *before; }
};

// Both lists sorted by (path, key), as snapshots keep them. Pointers into the lists.
std::vector<Change> diff_items(const std::vector<Item>& before, const std::vector<Item>& after);

// The finding for a change, or nullopt when the change is not worth one (the attributes item
// of a file that was added or removed: the file's own finding covers it).
std::optional<Finding> to_finding(const Change& c, const catalogue::Catalogue& cat);

// Every finding of diff(before, after), most severe first.
std::vector<Finding> diff_findings(const Snapshot& before, const Snapshot& after,
                                   const catalogue::Catalogue& cat);

}  // namespace airlock::host
