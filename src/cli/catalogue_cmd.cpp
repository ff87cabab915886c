// airlock catalogue: prints the built-in persistence catalogue (docs/catalogue.md).
//   text: one table per platform and scope (id, severity, category, title, first paths)
//   json: {"schema": "airlock.catalogue/1", "entries": [every field of every entry],
//          "collectors": [the collector table: name, platforms, collects, fields, summary]}
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "airlock/catalogue/catalogue.h"
#include "airlock/catalogue/collectors.h"
#include "cli/cli.h"

namespace airlock::cli {
namespace {

using catalogue::Catalogue;
using catalogue::CatalogueEntry;

struct CatalogueArgs {
  std::string format;
  std::string platform;
};

// How many path patterns the text table shows per entry.
constexpr std::size_t kTextPaths = 2;

std::string first_paths(const CatalogueEntry& e) {
  std::string out;
  for (std::size_t i = 0; i < e.paths.size() && i < kTextPaths; ++i) {
    if (i) out += ", ";
    out += e.paths[i];
  }
  if (e.paths.size() > kTextPaths) out += fmt::format(" (+{} more)", e.paths.size() - kTextPaths);
  return out;
}

void print_text(const std::vector<const CatalogueEntry*>& entries, std::ostream& out) {
  bool first_group = true;
  for (std::string_view platform : catalogue::kPlatforms) {
    for (std::string_view scope : catalogue::kScopes) {
      std::vector<const CatalogueEntry*> group;
      for (const CatalogueEntry* e : entries) {
        if (e->platform == platform && e->scope == scope) group.push_back(e);
      }
      if (group.empty()) continue;
      std::size_t w_id = 2, w_sev = 8, w_cat = 8, w_title = 5;
      for (const CatalogueEntry* e : group) {
        w_id = std::max(w_id, e->id.size());
        w_sev = std::max(w_sev, to_string(e->severity).size());
        w_cat = std::max(w_cat, to_string(e->category).size());
        w_title = std::max(w_title, e->title.size());
      }
      if (!first_group) out << "\n";
      first_group = false;
      out << fmt::format("{} / {} ({} entries)\n", platform, scope, group.size());
      out << fmt::format("  {:<{}}  {:<4}  {:<{}}  {:<{}}  {:<{}}  {}\n", "ID", w_id, "REF",
                         "SEVERITY", w_sev, "CATEGORY", w_cat, "TITLE", w_title, "PATHS");
      for (const CatalogueEntry* e : group) {
        out << fmt::format("  {:<{}}  {:<4}  {:<{}}  {:<{}}  {:<{}}  {}\n", e->id, w_id, e->ref,
                           to_string(e->severity), w_sev, to_string(e->category), w_cat, e->title,
                           w_title, first_paths(*e));
      }
    }
  }
  out << "\ncollectors (how snapshot, diff and watch read an entry's `parser`)\n";
  std::size_t w_name = 4;
  for (const auto& c : catalogue::collectors()) w_name = std::max(w_name, c.name.size());
  for (const auto& c : catalogue::collectors()) {
    out << fmt::format("  {:<{}}  {:<19}  {}{}\n", c.name, w_name, c.platforms, c.summary,
                       c.linux_collects ? "" : " [not collected yet]");
  }
  out << fmt::format("\n{} entries. `airlock catalogue --format json` prints every field.\n",
                     entries.size());
}

void print_json(const std::vector<const CatalogueEntry*>& entries, std::ostream& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const CatalogueEntry* e : entries) {
    list.push_back({
        {"id", e->id},
        {"ref", e->ref},
        {"platform", e->platform},
        {"scope", e->scope},
        {"title", e->title},
        {"gives", e->gives},
        {"category", std::string(to_string(e->category))},
        {"severity", std::string(to_string(e->severity))},
        {"attack", e->attack},
        {"paths", e->paths},
        {"parser", e->parser},
        {"access", e->access},
        {"diff", e->diff},
        {"indicators", e->indicators},
        {"source", e->source},
    });
  }
  nlohmann::ordered_json collectors = nlohmann::ordered_json::array();
  for (const auto& c : catalogue::collectors()) {
    collectors.push_back({{"name", c.name},
                          {"platforms", c.platforms},
                          {"collects_on_linux", c.linux_collects},
                          {"fields", c.fields},
                          {"summary", c.summary}});
  }
  nlohmann::ordered_json doc = {{"schema", "airlock.catalogue/1"},
                                {"entries", std::move(list)},
                                {"collectors", std::move(collectors)}};
  // Replace invalid UTF-8 rather than throw: the catalogue is ours, but stay total.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

int run_catalogue(const CatalogueArgs& a) {
  auto cat = Catalogue::load_embedded();
  if (!cat) {
    print_error("internal error: the built-in catalogue does not load: " + cat.error().message);
    return kExitError;
  }
  std::vector<const CatalogueEntry*> entries;
  for (const CatalogueEntry& e : cat->entries()) {
    if (a.platform.empty() || e.platform == a.platform) entries.push_back(&e);
  }
  if (a.format == "yara") {
    // The target rules `scan` generates from the catalogue, e.g. to run the same content
    // rules with another YARA tool.
    std::cout << cat->to_yara();
  } else if (a.format == "json") {
    print_json(entries, std::cout);
  } else {
    print_text(entries, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    print_error("cannot write to stdout");
    return kExitError;
  }
  return kExitClean;
}

}  // namespace

Verb register_catalogue(CLI::App& root) {
  auto args = std::make_shared<CatalogueArgs>();
  CLI::App* app = root.add_subcommand(
      "catalogue",
      "List the persistence, agent-registration and credential locations airlock knows");
  // Not a findings report, so not the report formats: text, json, or the generated YARA.
  args->format = "text";
  app->add_option("--format", args->format, "Output format: text, json or yara")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "yara"}));
  app->add_option("--platform", args->platform, "Only this platform: linux, macos or windows")
      ->check(CLI::IsMember({"linux", "macos", "windows"}));
  return Verb{app, [args] { return run_catalogue(*args); }};
}

}  // namespace airlock::cli
