#include "analyze/shadowing.h"

#include <array>
#include <utility>

namespace airlock::analyze {
namespace {

constexpr std::array<std::string_view, 58> kCommon = {
    "git",     "ssh",     "scp",     "sftp", "sudo",   "su",    "doas",  "ls",    "cat",  "cp",
    "mv",      "rm",      "curl",    "wget", "sh",     "bash",  "zsh",   "dash",  "fish", "python",
    "python3", "python2", "pip",     "pip3", "node",   "npm",   "npx",   "yarn",  "pnpm", "bun",
    "deno",    "docker",  "kubectl", "aws",  "gcloud", "az",    "gh",    "code",  "env",  "ps",
    "top",     "find",    "grep",    "id",   "whoami", "chmod", "chown", "tar",   "gpg",  "openssl",
    "make",    "cc",      "gcc",     "ld",   "uv",     "pipx",  "login", "passwd"};

// Packages whose own command it is. Anything else claiming these names is shadowing.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kProviders = {{
    {"npm", "npm"},       {"npx", "npm"},       {"yarn", "yarn"},    {"yarnpkg", "yarn"},
    {"yarn", "corepack"}, {"pnpm", "corepack"}, {"pnpm", "pnpm"},    {"npx", "corepack"},
    {"npm", "corepack"},  {"bun", "bun"},       {"deno", "deno"},    {"pip", "pip"},
    {"pip3", "pip"},      {"uv", "uv"},         {"pipx", "pipx"},    {"node", "node"},
    {"gh", "gh"},         {"aws", "awscli"},    {"az", "azure-cli"},
}};

}  // namespace

bool is_common_command(std::string_view command) {
  for (std::string_view c : kCommon) {
    if (c == command) return true;
  }
  return false;
}

bool is_legitimate_provider(std::string_view command, std::string_view package) {
  if (command == package) return true;
  for (const auto& [cmd, pkg] : kProviders) {
    if (cmd == command && pkg == package) return true;
  }
  return false;
}

}  // namespace airlock::analyze
