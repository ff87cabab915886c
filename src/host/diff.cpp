// Semantic diff of host snapshots (include/airlock/host/diff.h).
#include "airlock/host/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace airlock::host {
namespace {

constexpr std::size_t kMaxValueShown = 90;

std::string shown(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n') ? std::string(" ; ") : std::string(1, c);
  if (out.size() > kMaxValueShown) out = out.substr(0, kMaxValueShown - 3) + "...";
  return out.empty() ? "(empty)" : out;
}

bool is_pseudo(std::string_view path) { return !path.starts_with('/'); }

// Where a running program lives that no package manager puts programs.
bool suspicious_exe(std::string_view exe) {
  return exe.starts_with("/tmp/") || exe.starts_with("/dev/shm/") || exe.starts_with("/var/tmp/") ||
         exe.find("/.") != std::string_view::npos || exe.starts_with("memfd:");
}

bool is_directory(const Change& c) {
  auto dir = [](const Item* i) { return i && i->value == "directory"; };
  return dir(c.before) || dir(c.after);
}

std::string rule_of(std::string_view entry) {
  std::string out = "host-";
  for (char c : entry) out += (c == '.') ? '-' : c;
  return out;
}

// What the item is, for messages.
std::string noun(const Item& it) {
  if (it.key.empty() && it.semantic_file) return "file content";
  if (it.key.empty())
    return it.value == "directory" || it.collector == "tree" ? "directory" : "file";
  if (it.key == "#attrs") return "permissions";
  const std::string& c = it.collector;
  if (c == "crontab") return "cron job";
  if (c == "lines" || c == "shell-rc" || c == "sudoers") return "line";
  if (c == "systemd-unit") return "unit setting";
  if (c == "authorized-keys") return "authorized key";
  if (c == "gitconfig" || c == "ini" || c == "desktop-entry") return "setting";
  if (c == "ssh-config") return "ssh setting";
  if (c == "pth") return "startup line";
  if (c == "json" || c == "jsonc" || c == "toml" || c == "yaml") return "key";
  if (c == "dpkg-status") return "package";
  if (c == "path-order") return "shadowing command";
  if (c == "process") return "running program";
  if (c == "socket") return "socket";
  if (c == "file-mode") return "privileged program";
  return "item";
}

}  // namespace

std::string_view to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

std::vector<Change> diff_items(const std::vector<Item>& before, const std::vector<Item>& after) {
  std::vector<Change> out;
  auto less = [](const Item& a, const Item& b) {
    return std::tie(a.path, a.key) < std::tie(b.path, b.key);
  };
  std::size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    if (j == after.size() || (i < before.size() && less(before[i], after[j]))) {
      out.push_back({ChangeKind::kRemoved, &before[i++], nullptr});
    } else if (i == before.size() || less(after[j], before[i])) {
      out.push_back({ChangeKind::kAdded, nullptr, &after[j++]});
    } else {
      if (before[i].value != after[j].value) {
        out.push_back({ChangeKind::kChanged, &before[i], &after[j]});
      }
      ++i, ++j;
    }
  }
  return out;
}

std::optional<Finding> to_finding(const Change& c, const catalogue::Catalogue& cat) {
  const Item& it = c.item();
  const catalogue::CatalogueEntry* e = cat.find(it.entry);
  Severity sev = e ? e->severity : Severity::kMedium;
  const bool added_only = e && e->diff == "added-only";

  // Attributes: a changed mode or owner matters (chmod +x of a cron script); added or removed
  // with their file, which has its own finding.
  if (it.key == "#attrs" && c.kind != ChangeKind::kChanged) return std::nullopt;

  if (it.key.empty() && it.semantic_file) {
    sev = Severity::kInfo;  // bytes changed; the records say whether the meaning did
  } else if (it.key.empty() && it.collector != "tree" && is_directory(c)) {
    // A new directory in a persistence location says nothing until a file appears in it
    // (that file has its finding), except in staging locations where it is the payload.
    if (!added_only) sev = Severity::kInfo;
  } else if (it.key == "#attrs") {
    sev = lower(sev);
  } else if (it.collector == "process") {
    bool deleted = it.value.find("deleted") != std::string::npos;
    if (!(deleted || suspicious_exe(it.key))) sev = Severity::kInfo;
  } else if (it.collector == "socket") {
    if (it.key.starts_with("connect ")) sev = std::min(sev, Severity::kLow);
  }
  if (c.kind == ChangeKind::kRemoved) sev = lower(lower(sev));
  if (added_only && c.kind != ChangeKind::kAdded) sev = Severity::kInfo;

  Finding f;
  f.rule = rule_of(it.entry);
  f.severity = sev;
  f.category = e ? e->category : Category::kPersistence;
  const std::string title = e ? e->title : it.entry;
  const std::string where = is_pseudo(it.path) ? it.key : it.path;
  f.message = fmt::format("{}: {} {} in {}", title, to_string(c.kind), noun(it), where);
  if (is_pseudo(it.path)) f.message = fmt::format("{}: {} {}", title, to_string(c.kind), noun(it));
  switch (c.kind) {
    case ChangeKind::kAdded:
      f.evidence = c.after->evidence;
      break;
    case ChangeKind::kRemoved:
      f.evidence = c.before->evidence;
      break;
    case ChangeKind::kChanged:
      if (it.key.empty() || it.key == "#attrs") {
        f.evidence = fmt::format("{} -> {}", shown(c.before->value), shown(c.after->value));
      } else {
        f.evidence = fmt::format("{}: {} -> {}", shown(it.key), shown(c.before->value),
                                 shown(c.after->value));
      }
      break;
  }
  if (f.evidence.size() > 200) f.evidence = f.evidence.substr(0, 197) + "...";
  f.location = Location{is_pseudo(it.path) ? it.path + it.key : it.path, it.line, -1};
  if (e) {
    f.attack = e->attack;
    f.help = fmt::format("{}: {}. Catalogue entry {} ({}), collector {}.", e->title, e->gives,
                         e->id, e->ref, it.collector);
  }
  f.references = {"SAFE-T1006"};
  f.target = 0;
  return f;
}

std::vector<Finding> diff_findings(const Snapshot& before, const Snapshot& after,
                                   const catalogue::Catalogue& cat) {
  std::vector<Finding> out;
  for (const Change& c : diff_items(before.items, after.items)) {
    if (auto f = to_finding(c, cat)) out.push_back(std::move(*f));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  return out;
}

}  // namespace airlock::host
