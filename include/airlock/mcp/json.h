// JSON form of the MCP model: the objects of the `servers` array of `airlock mcp --format
// json` (docs/mcp.md lists the fields). Key order is fixed; values of secrets never appear
// because the model never holds them.
//
//   nlohmann::ordered_json servers = nlohmann::ordered_json::array();
//   servers.push_back(airlock::mcp::server_json(s, classify_launch(s), target_id));
#pragma once

#include <nlohmann/json.hpp>

#include "airlock/mcp/model.h"

namespace airlock::mcp {

// target: id of the report target (the configuration file), -1 for none.
nlohmann::ordered_json server_json(const McpServer& s, const Launch& l, int target);
nlohmann::ordered_json launch_json(const Launch& l);

}  // namespace airlock::mcp
