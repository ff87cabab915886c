// The airlock's bait: a home directory that looks lived-in (SSH keys, cloud credentials,
// registry tokens, browser profiles, AI-client configs with an MCP server or two) and an
// environment with cloud and CI tokens. Every value is fake and random per run, so a read
// of one is credential access and its appearance in traffic is exfiltration, not noise.
#pragma once

#include <string>
#include <vector>

#include "airlock/sandbox/airlock.h"

namespace airlock::sandbox {

struct HoneyHome {
  std::vector<SandboxOptions::Decoy> files;  // relative to the home
  std::vector<std::string> opaque_dirs;      // real directories hidden behind the decoys
  std::vector<std::pair<std::string, std::string>> tokens;  // name, value
  std::vector<std::string> env;  // K=V honeytoken variables for the commands
};

// Where npm finds its user config inside the airlock (an unwatched copy of the decoy
// ~/.npmrc, relative to the home): npm reads its config at every start, which must not look
// like credential theft, while any other reader of ~/.npmrc is reported.
inline constexpr const char* kNpmUserconfigCopy = ".npm/.airlock-userconfig";

// `real_npmrc` is the user's ~/.npmrc: its registry settings are kept (so installs still
// reach the registries the user configured) and every credential line is replaced.
HoneyHome make_honey_home(const std::string& real_npmrc);

// Hides the user's other credential stores from the airlock: `patterns` are the catalogue's
// credential locations (`~/.azure/*`, `~/.vault-token`, ...). Of those that exist under the
// real `home`, a file becomes a watched decoy with a fake value (a read is credential access;
// the value in traffic is exfiltration) and the directory that holds a glob becomes an empty
// opaque one. Generic parents (`~/.config`, `~/.local/share`, ...) are never hidden whole.
// Bounded: at most 64 locations are added.
void hide_credential_stores(const std::vector<std::string>& patterns, const std::string& home,
                            HoneyHome& honey);

// The environment for commands in the airlock: the caller's, minus variables that look
// like secrets (tokens, keys, passwords), plus the honeytoken variables.
std::vector<std::string> airlock_environment(char** environ_in, const HoneyHome& honey,
                                             const std::string& home);

}  // namespace airlock::sandbox
