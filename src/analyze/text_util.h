// Small text helpers shared by the analyzers (line numbers, evidence snippets, lists).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::analyze {

// 1-based line number of byte offset `off` in `text`.
int line_of(std::string_view text, std::uint64_t off);
// The line around `off`, cut to kMaxEvidenceBytes around the offset, whitespace-trimmed.
std::string evidence_at(std::string_view text, std::uint64_t off);
// Cuts to kMaxEvidenceBytes (adding "...").
std::string clip(std::string_view s);
// Splits "a, b,c" on commas, trimming blanks; empty items dropped.
std::vector<std::string_view> split_list(std::string_view s);
std::string_view trim(std::string_view s);
// True when the line holding `off` starts (after blanks) with //, /*, * or # -- a comment in
// JS, Python or shell. Looks back at most 4 KiB; longer lines count as code.
bool in_comment_line(std::string_view text, std::uint64_t off);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
// Lower-cased extension including the dot ("" when none); ".d.ts" is reported as ".d.ts".
std::string extension_of(std::string_view path);
std::string_view basename_of(std::string_view path);
std::string_view dirname_of(std::string_view path);
// toml++ 3.3 asserts (and in release builds relies on) a key character after the '[' of a
// table header: "[\n" or "[#x]" abort a debug or fuzz build. Every toml::parse caller
// refuses such text first.
bool toml_has_nameless_table_header(std::string_view text);
// Lexically joins a relative reference to a directory inside the tree; false when it escapes.
bool join_inside(std::string_view dir, std::string_view ref, std::string& out);

}  // namespace airlock::analyze
