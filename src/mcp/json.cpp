// JSON form of McpServer and Launch (include/airlock/mcp/json.h).
#include "airlock/mcp/json.h"

namespace airlock::mcp {
namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json names_of(const std::vector<NamedValue>& values) {
  Json out = Json::array();
  for (const NamedValue& v : values) {
    Json j;
    j["name"] = v.name;
    j["value"] = std::string(to_string(v.kind));
    j["secret"] = !v.secret.empty();
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

Json launch_json(const Launch& l) {
  Json j;
  j["runner"] = std::string(to_string(l.runner));
  j["via"] = or_null(l.via);
  j["program"] = or_null(l.program);
  j["ecosystem"] = std::string(to_string(l.ecosystem));
  j["package"] = or_null(l.package);
  j["version"] = or_null(l.version);
  j["version_spec"] = std::string(to_string(l.version_spec));
  j["source"] = or_null(l.source);
  j["auto_yes"] = l.auto_yes;
  j["registry"] = or_null(l.registry);
  j["script"] = or_null(l.script);
  j["remote_url"] = or_null(l.remote_url);
  j["args"] = l.args;
  if (l.docker) {
    const DockerOptions& d = *l.docker;
    j["docker"] = {{"image", or_null(d.image)},     {"tag", or_null(d.tag)},
                   {"digest", or_null(d.digest)},   {"mounts", d.mounts},
                   {"privileged", d.privileged},    {"privilege_flags", d.privilege_flags},
                   {"host_network", d.host_network}};
  }
  return j;
}

Json server_json(const McpServer& s, const Launch& l, int target) {
  Json j;
  j["client"] = s.client;
  j["config_path"] = s.config_path;
  j["line"] = s.line > 0 ? Json(s.line) : Json(nullptr);
  j["target"] = target >= 0 ? Json(target) : Json(nullptr);
  j["scope"] = std::string(to_string(s.scope));
  j["project"] = or_null(s.project);
  j["name"] = s.name;
  j["transport"] = std::string(to_string(s.transport));
  j["type"] = or_null(s.type);
  j["command"] = or_null(s.command);
  j["args"] = s.args;
  j["cwd"] = or_null(s.cwd);
  j["env"] = names_of(s.env);
  j["headers"] = names_of(s.headers);
  j["url"] = or_null(s.url);
  j["enabled"] = s.enabled;
  j["trust_all"] = s.trust_all;
  j["auto_approve"] = s.auto_approve;
  j["source"] = or_null(s.source);
  j["entry_sha256"] = s.entry_sha256;
  j["launch"] = launch_json(l);
  return j;
}

}  // namespace airlock::mcp
