// How an MCP server is launched: from `command` + `args` to a Launch (runner, ecosystem,
// package, version spec), after removing wrappers (`cmd /c`, `sh -c "..."`, `env A=B`).
//
//   McpServer s;  s.command = "npx";  s.args = {"-y", "@modelcontextprotocol/server-github@^1"};
//   Launch l = classify_launch(s);
//   // l.runner == Runner::kNpx, l.package == "@modelcontextprotocol/server-github",
//   // l.version == "^1", l.version_spec == VersionSpec::kRange, l.auto_yes == true
#pragma once

#include <string>
#include <string_view>

#include "airlock/mcp/model.h"

namespace airlock::mcp {

Launch classify_launch(const McpServer& server);

// Exposed for tests and reuse: "name@spec" of npm, "name==1.0" / "name@1.0" of PyPI, and
// "image:tag@sha256:..." of Docker, split and classified.
struct PackageSpec {
  std::string name;
  std::string version;
  VersionSpec spec = VersionSpec::kLatest;
  std::string source = "registry";  // registry, git, url, local
};
PackageSpec parse_npm_spec(std::string_view spec);
PackageSpec parse_pypi_spec(std::string_view spec);
PackageSpec parse_image_ref(std::string_view ref, std::string* tag, std::string* digest);

}  // namespace airlock::mcp
