// Private: a small, bounded parser for the shell one-liners of lifecycle scripts.
//
// Not a shell: it splits a command line into pipelines of simple commands with their words,
// honouring quotes and backslashes, which is what the analyzers need to see which programs
// run, which files they are given, and what is piped into a shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace airlock::analyze {

struct SimpleCommand {
  std::vector<std::string> words;  // environment assignments removed
  bool piped_from_previous = false;
};

// Pipelines separated by ; && || & or newlines; each pipeline's commands joined by '|'.
using Pipeline = std::vector<SimpleCommand>;
std::vector<Pipeline> parse_shell(std::string_view command);

}  // namespace airlock::analyze
