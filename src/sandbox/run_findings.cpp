#include "airlock/sandbox/run_findings.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analyze/package_model.h"
#include "analyze/text_util.h"

namespace airlock::sandbox {
namespace {

using analyze::make_finding;
constexpr std::size_t kMaxClassifiedBytes = 1 << 20;

// Keys under which MCP clients keep their server maps (mcp-clients.md).
constexpr const char* kServerMapKeys[] = {"mcpServers", "servers", "context_servers", "mcp"};

void collect_server_maps(const nlohmann::json& j, int depth,
                         std::map<std::string, nlohmann::json>& out) {
  if (depth > 6 || !j.is_object()) return;
  for (const auto& [k, v] : j.items()) {
    bool is_map = false;
    for (const char* key : kServerMapKeys) is_map = is_map || k == key;
    if (is_map && v.is_object()) {
      for (const auto& [name, server] : v.items()) out[name] = server;
    } else {
      collect_server_maps(v, depth + 1, out);  // e.g. Claude Code's projects.<dir>.mcpServers
    }
  }
}

std::string server_summary(const nlohmann::json& s) {
  if (!s.is_object()) return "";
  std::string out;
  if (s.contains("command") && s["command"].is_string()) out = s["command"].get<std::string>();
  if (s.contains("args") && s["args"].is_array()) {
    for (const auto& a : s["args"]) {
      if (a.is_string()) out += " " + a.get<std::string>();
    }
  }
  if (out.empty() && s.contains("url") && s["url"].is_string()) out = s["url"].get<std::string>();
  return out;
}

bool is_home_path(const std::string& path, const std::string& home) {
  return !home.empty() && path.size() > home.size() && path.compare(0, home.size(), home) == 0 &&
         path[home.size()] == '/';
}

bool in_scratch_dir(const std::string& path, const std::string& home) {
  for (const char* d : {"/tmp/", "/var/tmp/", "/dev/shm/", "/run/"}) {
    if (path.rfind(d, 0) == 0) return true;
  }
  // A hidden directory of the home (~/.cache/x, ~/.local/share/.x) is where droppers hide.
  return is_home_path(path, home) && path.find("/.", home.size()) != std::string::npos;
}

std::string shorten(const std::string& s) { return analyze::clip(s); }

std::string past_tense(Change::Action a) {
  switch (a) {
    case Change::Action::kCreate:
      return "created";
    case Change::Action::kModify:
      return "modified";
    case Change::Action::kChmod:
      return "changed the mode of";
    case Change::Action::kDelete:
      return "deleted";
  }
  return "changed";
}

}  // namespace

std::string describe_content_change(const std::string& before, const std::string& after) {
  auto b = nlohmann::json::parse(before, nullptr, false, true);
  auto a = nlohmann::json::parse(after, nullptr, false, true);
  if (!a.is_discarded() && a.is_object()) {
    std::map<std::string, nlohmann::json> old_servers, new_servers;
    if (!b.is_discarded()) collect_server_maps(b, 0, old_servers);
    collect_server_maps(a, 0, new_servers);
    std::string out;
    for (const auto& [name, server] : new_servers) {
      auto it = old_servers.find(name);
      if (it != old_servers.end() && it->second == server) continue;
      if (!out.empty()) out += "; ";
      out += fmt::format("{} MCP server '{}': {}", it == old_servers.end() ? "added" : "changed",
                         name, server_summary(server));
    }
    if (!out.empty()) return out;
  }
  std::set<std::string> old_lines;
  std::istringstream bi(before);
  for (std::string l; std::getline(bi, l);) old_lines.insert(l);
  std::istringstream ai(after);
  std::string out;
  int n = 0;
  for (std::string l; std::getline(ai, l) && n < 3;) {
    if (old_lines.count(l) || analyze::trim(l).empty()) continue;
    if (!out.empty()) out += " | ";
    out += std::string(analyze::trim(l));
    ++n;
  }
  return out;
}

namespace {

// The system command a command of this name would shadow ("" when there is none).
std::string system_command(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return {};
  for (const char* dir :
       {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    const std::string p = std::string(dir) + "/" + name;
    struct stat st {};
    if (lstat(p.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) return p;
  }
  return {};
}

}  // namespace

std::vector<Finding> classify_run(const RunEvidence& ev, const catalogue::Catalogue& cat) {
  std::vector<Finding> out;
  const std::string& home = ev.home;

  // 1. What the install left on the filesystem, by catalogue location.
  for (const Change& c : *ev.changes) {
    if (c.type == Change::Type::kDir && c.action != Change::Action::kDelete) continue;
    // A package's own files inside node_modules (a .github/workflows/ci.yml it ships) are
    // not project configuration; writes there are what installing means.
    if (c.path.find("/node_modules/") != std::string::npos) continue;
    const catalogue::CatalogueEntry* entry = nullptr;
    for (const auto* e : cat.match_path_all(c.path, home, "linux")) {
      if (e->access == "write") {
        entry = e;
        break;
      }
    }
    if (!entry) continue;
    std::string evidence;
    if (c.type == Change::Type::kFile && c.action != Change::Action::kDelete) {
      const std::string after = ev.sandbox->read_upper(c, kMaxClassifiedBytes);
      const std::string before = ev.sandbox->read_lower(c, kMaxClassifiedBytes);
      evidence = describe_content_change(before, after);
    } else if (c.type == Change::Type::kSymlink) {
      evidence = "-> " + c.link_target;
    }
    Category category = entry->category;
    std::string what = past_tense(c.action);
    if (category == Category::kAgentRegistration &&
        evidence.find("MCP server") != std::string::npos)
      what = "registered an agent in";
    std::string id = entry->id;
    for (char& ch : id) ch = ch == '.' || ch == '_' ? '-' : ch;
    Severity severity = entry->severity;
    std::string shadowing;
    if (category == Category::kBinaryShadowing && c.action == Change::Action::kCreate) {
      // A new command in a directory early in PATH is how `pip install --user` and global
      // npm installs deliver their tools; it is shadowing only when a system command of
      // that name exists further down PATH.
      const std::string shadowed = system_command(c.path.substr(c.path.rfind('/') + 1));
      if (shadowed.empty()) {
        severity = Severity::kLow;
        shadowing = "; a new command, it shadows no system command";
      } else {
        shadowing = "; it shadows " + shadowed;
      }
    }
    out.push_back(make_finding(
        "run-" + id, severity, category,
        fmt::format("the install {} {} ({}){}{}", what, c.path, entry->title, shadowing,
                    c.decoy ? "; a decoy of the airlock, never committed" : ""),
        c.path, 0, evidence, entry->attack, entry->gives));
  }

  // 2. What the processes did.
  std::set<std::string> seen;
  auto once = [&](const std::string& key) { return seen.insert(key).second; };
  for (TraceEvent e : ev.log->events()) {
    const std::string who = shorten(e.command_line.empty() ? e.image : e.command_line);
    // The root of a phase is the package manager, whose own reads and lookups are expected;
    // in the import and bin phases the root runs the packages' code itself.
    const PhaseOutcome* phase_outcome = nullptr;
    if (e.phase >= 0 && e.phase < static_cast<int>(ev.phases->size())) {
      phase_outcome = &(*ev.phases)[static_cast<std::size_t>(e.phase)];
      if (phase_outcome->name == "import" || phase_outcome->name == "bin") e.by_phase_root = false;
    }
    switch (e.kind) {
      case TraceEvent::Kind::kFileAccess:
        if (e.by_phase_root || !once("read " + e.target)) break;
        out.push_back(make_finding(
            "run-reads-credential", Severity::kHigh, Category::kCredentialAccess,
            fmt::format("a process of the install read {} (a honeytoken of the airlock)", e.target),
            e.target, 0, who, {"T1552.001"},
            "Install-time code has no reason to read credential files."));
        break;
      case TraceEvent::Kind::kNetworkConnection: {
        const std::string dest = e.dest_ip.empty() ? std::string("a connected socket")
                                                   : fmt::format("{}:{}", e.dest_ip, e.dest_port);
        if (!e.detail.empty() && e.detail.find("honeytoken") != std::string::npos) {
          if (!once("exfil " + dest)) break;
          out.push_back(make_finding(
              "run-exfiltrates-honeytoken", Severity::kCritical, Category::kExfiltration,
              fmt::format("a process of the install sent a secret to {} ({})", dest, e.detail), "",
              0, who, {"T1041"}, "A honeytoken value left in network traffic."));
          break;
        }
        const PhaseOutcome* ph = e.phase < static_cast<int>(ev.phases->size())
                                     ? &(*ev.phases)[static_cast<std::size_t>(e.phase)]
                                     : nullptr;
        // The package manager fetching in a phase that allows the network is expected.
        if (ph && ph->net == NetMode::kAllow && e.by_phase_root) break;
        if (!once("net " + dest)) break;
        if (ph && ph->net == NetMode::kNone && !e.dest_ip.empty()) {
          // Without network, DNS never answers: a connection attempt can only be to an
          // address written into the code (droppers and beacons use raw IPs; legitimate
          // downloaders name a host and stop at the failed lookup).
          out.push_back(make_finding(
              "run-connects-hardcoded-address", Severity::kHigh, Category::kC2,
              fmt::format("a process of the install tried to connect to the hard-coded address {}",
                          dest),
              "", 0, who, {"T1071", "T1105"},
              "A raw IP address in install code is how droppers fetch their second stage and "
              "beacons call home."));
          break;
        }
        out.push_back(make_finding(
            "run-network-connection", Severity::kMedium, Category::kC2,
            fmt::format("a process of the install tried to connect to {}", dest), "", 0, who,
            {"T1071"},
            "Install scripts that reach the network are how droppers and beacons start."));
        break;
      }
      case TraceEvent::Kind::kDnsQuery:
        if (!e.detail.empty()) {
          if (!once("exfil-dns " + e.query_name)) break;
          out.push_back(make_finding(
              "run-exfiltrates-honeytoken-dns", Severity::kCritical, Category::kExfiltration,
              fmt::format("a DNS query carried a secret: {} ({})", e.query_name, e.detail), "", 0,
              who, {"T1048.003"}, "A honeytoken value was encoded in a DNS name."));
        } else if (!e.by_phase_root && once("dns " + e.query_name)) {
          out.push_back(make_finding(
              "run-dns-query", Severity::kLow, Category::kC2,
              fmt::format("a process of the install looked up {}", e.query_name), "", 0, who,
              {"T1071.004"}, "Name lookups from install scripts show where they reach."));
        }
        break;
      case TraceEvent::Kind::kProcessCreation:
        if (e.detail.find("honeytoken") != std::string::npos && once("argv " + e.detail)) {
          out.push_back(make_finding(
              "run-honeytoken-in-command", Severity::kCritical, Category::kExfiltration,
              fmt::format("a command line carried a secret ({})", e.detail), "", 0, who, {"T1041"},
              "A honeytoken value was passed to another program."));
        }
        // The bin phase itself starts the installed packages' commands.
        if (e.detail.find("runs a file written") != std::string::npos &&
            !(phase_outcome && std::count(phase_outcome->launched.begin(),
                                          phase_outcome->launched.end(), e.target)) &&
            once("dropexec " + e.target)) {
          const bool hidden = in_scratch_dir(e.target, home);
          out.push_back(
              make_finding("run-executes-dropped-file",
                           hidden ? Severity::kHigh : Severity::kMedium, Category::kDownloadExec,
                           fmt::format("the install wrote {} and then executed it", e.target),
                           e.target, 0, who, {"T1105", "T1059"},
                           "Droppers write a second stage (downloaded or decoded) and run it."));
        }
        break;
      case TraceEvent::Kind::kFileWrite:
        // Opening another process's memory for writing is injection, like process_vm_writev.
        if (e.target.rfind("/proc/", 0) == 0 && e.target.size() > 10 &&
            e.target.compare(e.target.size() - 4, 4, "/mem") == 0 && once("inject " + who)) {
          out.push_back(
              make_finding("run-process-injection", Severity::kHigh, Category::kExecution,
                           fmt::format("a process of the install opened {} for writing", e.target),
                           "", 0, who, {"T1055"}, "Writing other processes' memory is injection."));
        }
        break;
      case TraceEvent::Kind::kPtrace:
        if (e.detail.rfind("request 0 ", 0) == 0) {  // PTRACE_TRACEME: "am I being debugged?"
          if (once("traceme " + who)) {
            out.push_back(make_finding(
                "run-anti-debugging", Severity::kLow, Category::kObfuscation,
                "a process of the install checked whether it is traced (PTRACE_TRACEME)", "", 0,
                who, {"T1622"}, "Malware checks for debuggers and sandboxes before acting."));
          }
          break;
        }
        [[fallthrough]];
      case TraceEvent::Kind::kMemoryWrite:
        if (!once("inject " + who)) break;
        out.push_back(make_finding(
            "run-process-injection", Severity::kHigh, Category::kExecution,
            fmt::format("a process of the install tried {} ({})", e.target, e.detail), "", 0, who,
            {"T1055"}, "Reading or writing other processes' memory is injection."));
        break;
      case TraceEvent::Kind::kMount:
        if (!once("mount " + e.target)) break;
        out.push_back(make_finding(
            "run-sandbox-escape-attempt", Severity::kMedium, Category::kPolicy,
            fmt::format("a process of the install tried {}{} (refused: no capabilities in the "
                        "airlock)",
                        e.target, e.detail.empty() ? "" : " " + e.detail),
            "", 0, who, {"T1611"}, "Installs do not mount filesystems or change namespaces."));
        break;
      default:
        break;
    }
  }

  // 3. How the commands ended.
  for (const PhaseOutcome& ph : *ev.phases) {
    for (const std::string& left : ph.result.leftovers) {
      out.push_back(
          make_finding("run-leaves-process-running", Severity::kHigh, Category::kPersistence,
                       fmt::format("the {} phase left a process running after it finished: {}",
                                   ph.name, shorten(left)),
                       "", 0, left, {"T1543"}, "An install that leaves a daemon behind persists."));
    }
    if (ph.result.fork_bomb) {
      out.push_back(make_finding(
          "run-fork-bomb", Severity::kHigh, Category::kPolicy,
          fmt::format("the {} phase started more than {} processes at once; all were killed",
                      ph.name, ev.max_processes),
          "", 0, "", {"T1499"}, "Resource exhaustion."));
    }
    if (ph.result.timed_out) {
      out.push_back(
          make_finding("run-timeout", Severity::kMedium, Category::kPolicy,
                       fmt::format("the {} phase did not finish within {} s and was killed",
                                   ph.name, ph.timeout_seconds),
                       "", 0, "", {}, "An install that never ends may be waiting to act later."));
    }
  }
  if (ev.disk_full) {
    out.push_back(make_finding(
        "run-fills-disk", Severity::kHigh, Category::kPolicy,
        fmt::format("the install filled the airlock's {} MiB write layer", ev.max_disk_bytes >> 20),
        "", 0, "", {"T1499"},
        "An install that writes until the disk is full is exhausting resources (or carries "
        "far more than it should)."));
  }
  return out;
}

}  // namespace airlock::sandbox
