// Parsers of the semantic collectors: text of one configuration file in, the items of meaning
// out (a crontab job, an ExecStart, an MCP server, a git exec key), so that `diff` compares
// meaning, not bytes. Pure functions over bytes (no I/O): unit-tested on real files and fuzzed
// (fuzz/fuzz_host_parsers.cpp). Every input is hostile: bounded counts, never throws.
//
//   ParseResult r = parse_file("crontab", "", "/etc/cron.d/x", text);
//   for (const Record& rec : r.records) fmt::print("{} = {}\n", rec.key, rec.value);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::host {

// One item of meaning inside a file. `key` identifies it within the file (the same job, unit
// key or server across two snapshots); `value` is what diff compares; `evidence` is what a
// finding shows (a line or a short rendering, already clipped).
struct Record {
  std::string key;
  std::string value;
  std::string evidence;
  int line = 0;  // 1-based, 0 when not tied to a line
};

struct ParseResult {
  // false when the file could not be read as its format (binary, too deep, not JSON): its
  // meaning is then its bytes, and diff treats the file digest as the semantic value.
  bool parsed = true;
  std::vector<Record> records;
  std::vector<std::string> notes;  // malformed lines and the like, for the snapshot's errors
};

// At most this many records per file; the rest are dropped with a note.
inline constexpr std::size_t kMaxRecordsPerFile = 5000;

// Whether `collector` is a file parser known here (parse_file understands it).
bool is_file_parser(std::string_view collector);

// Runs the file parser `collector` (crontab, systemd-unit, json, ...) with its catalogue
// argument (`mcpServers.*` for json:mcpServers.*) on the text of the file at `path` (the
// host path; some parsers look at the name: /etc/crontab has a user field, .toml is TOML).
ParseResult parse_file(std::string_view collector, std::string_view arg, std::string_view path,
                       std::string_view text);

// Individual parsers, exposed for tests.
ParseResult parse_lines(std::string_view text, std::string_view comment_chars);
ParseResult parse_shell_rc(std::string_view text);
ParseResult parse_crontab(std::string_view text, std::string_view path);
ParseResult parse_systemd_unit(std::string_view text);
ParseResult parse_ini(std::string_view text, bool desktop_entry);
ParseResult parse_pth(std::string_view text, std::string_view path);
ParseResult parse_gitconfig(std::string_view text, std::string_view key_globs);
ParseResult parse_authorized_keys(std::string_view text);
ParseResult parse_ssh_config(std::string_view text);
ParseResult parse_sudoers(std::string_view text);
// JSON, JSONC, TOML or YAML (`syntax`), selecting `selectors` (comma-separated key paths:
// `mcpServers.*`, `tasks.*[runOptions.runOn=folderOpen]`; empty = every leaf).
ParseResult parse_structured(std::string_view text, std::string_view syntax,
                             std::string_view selectors);
ParseResult parse_dpkg_status(std::string_view text);

// JSONC to JSON: drops // and /* */ comments and trailing commas outside strings.
std::string strip_jsonc(std::string_view text);
// Whether a config key names a secret (token, password, _auth, ...): its value is stored
// only as a short hash.
bool is_secret_key(std::string_view key);

}  // namespace airlock::host
