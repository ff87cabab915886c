// airlock corpus update npm|pypi|mcp: refresh a popular-name corpus from its public source
// into the user's data directory (user_corpus_dir()/ECO.tsv), where `check` and `scan` read
// it. Downloads run `curl` as a subprocess (argument vector, no shell), with a time limit
// and a size cap; the result is parsed and validated as a corpus before it replaces
// anything, and it is written to a temporary file that is renamed over ECO.tsv, so a failed
// or interrupted update leaves the previous corpus as it was.
#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "airlock/artifact/artifact.h"
#include "airlock/names/names.h"
#include "cli/cli.h"
#include "cli/name_checks.h"

namespace airlock::cli {
namespace {

namespace fs = std::filesystem;

// Public sources. Each can be overridden by an environment variable (a mirror, a proxy, or
// a local server in tests): AIRLOCK_CORPUS_URL_NPM is the registry base URL,
// AIRLOCK_CORPUS_URL_PYPI the JSON list, AIRLOCK_CORPUS_URL_MCP the registry base URL.
constexpr const char* kNpmRegistry = "https://registry.npmjs.org";
constexpr const char* kNpmListPackage = "npm-high-impact";
constexpr const char* kPypiList =
    "https://hugovk.github.io/top-pypi-packages/top-pypi-packages.min.json";
constexpr const char* kMcpRegistry = "https://registry.modelcontextprotocol.io";

constexpr int kTimeoutSeconds = 60;                     // per download
constexpr std::uint64_t kMaxDownloadBytes = 64u << 20;  // = names::kMaxCorpusBytes
constexpr int kMaxMcpPages = 100;                       // of 100 servers each

std::string source_url(const char* env, const char* fallback) {
  const char* v = getenv(env);
  std::string url = v && *v ? v : fallback;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Downloads `url` into memory with curl. Errors name the URL and say what curl said.
Result<std::string> fetch(const std::string& url, std::uint64_t max_bytes) {
  char path[] = "/tmp/airlock-fetch-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return make_error(ErrorCode::kIo, "cannot create a temporary file");
  close(fd);
  int err_pipe[2];
  if (pipe(err_pipe) != 0) {
    unlink(path);
    return make_error(ErrorCode::kIo, "cannot create a pipe");
  }
  const std::string max_time = std::to_string(kTimeoutSeconds);
  const std::string max_size = std::to_string(max_bytes);
  std::vector<std::string> args = {
      "curl", "--fail",         "--silent",    "--show-error", "--location", "--max-redirs",
      "5",    "--proto",        "=https,http", "--max-time",   max_time,     "--connect-timeout",
      "15",   "--max-filesize", max_size,      "--output",     path,         "--",
      url};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(err_pipe[0]);
    close(err_pipe[1]);
    unlink(path);
    return make_error(ErrorCode::kIo, "cannot start curl (fork failed)");
  }
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(err_pipe[1], 2);
    close(err_pipe[0]);
    execvp("curl", argv.data());
    dprintf(2, "cannot run curl: %s", strerror(errno));
    _exit(127);
  }
  close(err_pipe[1]);
  std::string said;
  char buf[512];
  for (ssize_t n; (n = read(err_pipe[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR);) {
    if (n > 0 && said.size() < 2048) said.append(buf, static_cast<std::size_t>(n));
  }
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    unlink(path);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::string why = code == 127    ? "curl is not installed (needed to download)"
                      : code == 63   ? fmt::format("larger than {} bytes", max_bytes)
                      : said.empty() ? fmt::format("curl exit code {}", code)
                                     : said;
    return make_error(ErrorCode::kIo, fmt::format("cannot fetch {}: {}", url, why));
  }
  std::ifstream in(path, std::ios::binary);
  std::string body;
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > max_bytes) break;
  }
  unlink(path);
  if (body.size() > max_bytes) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("cannot fetch {}: larger than {} bytes", url, max_bytes));
  }
  return body;
}

Result<nlohmann::json> fetch_json(const std::string& url, std::uint64_t max_bytes) {
  auto body = fetch(url, max_bytes);
  if (!body) return body.error();
  nlohmann::json doc = nlohmann::json::parse(*body, nullptr, false);
  if (doc.is_discarded()) {
    return make_error(ErrorCode::kFormat, fmt::format("{}: the answer is not JSON", url));
  }
  return doc;
}

// Reads one member of a package tarball (e.g. "package/lib/top.js").
class MemberReader : public artifact::EntryVisitor {
 public:
  explicit MemberReader(std::string wanted) : wanted_(std::move(wanted)) {}
  void file(const artifact::Entry& e, std::string_view content) override {
    if (e.path == wanted_) found_ = std::string(content);
  }
  void oversize_file(const artifact::Entry&, const std::string&) override {}
  void unsafe(const artifact::UnsafeEntry&) override {}
  std::optional<std::string> found_;

 private:
  std::string wanted_;
};

// npm-high-impact's lib/top.js is a JS array literal, one `  'name',` per line, most
// popular first. It is read as data, never run. The names of the shipped corpus that the
// list lacks follow it (the shipped corpus adds mid-popularity and formerly popular packages
// from two more sources, scripts/make-npm-corpus.py): an update refreshes the top of the
// list and never shrinks it.
std::string top_js_to_tsv(std::string_view js) {
  std::string tsv;
  std::set<std::string, std::less<>> seen;
  int rank = 0;
  auto add = [&](std::string_view name) {
    std::string key(name);
    for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (seen.insert(key).second) tsv += fmt::format("{}\t{}\n", name, ++rank);
  };
  std::size_t pos = 0;
  while (pos < js.size()) {
    std::size_t end = js.find('\n', pos);
    if (end == std::string_view::npos) end = js.size();
    std::string_view line = js.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (line.size() < 3 || line.front() != '\'' || line.back() != '\'') continue;
    std::string_view name = line.substr(1, line.size() - 2);
    if (name.find('\'') != std::string_view::npos) continue;
    add(name);
  }
  if (rank < 50) return tsv;  // not the list: the caller refuses it as too short
  if (auto shipped = names::embedded_corpus(names::Ecosystem::kNpm)) {
    for (const auto& e : shipped->entries()) add(e.name);
  }
  return tsv;
}

Result<std::string> update_npm() {
  const std::string registry = source_url("AIRLOCK_CORPUS_URL_NPM", kNpmRegistry);
  auto meta = fetch_json(registry + "/" + kNpmListPackage + "/latest", 1u << 20);
  if (!meta) return meta.error();
  std::string tarball;
  if (meta->is_object() && meta->contains("dist") && (*meta)["dist"].is_object() &&
      (*meta)["dist"].contains("tarball") && (*meta)["dist"]["tarball"].is_string()) {
    tarball = (*meta)["dist"]["tarball"].get<std::string>();
  }
  if (tarball.empty()) {
    return make_error(ErrorCode::kFormat, fmt::format("{}/{}/latest: no dist.tarball in the answer",
                                                      registry, kNpmListPackage));
  }
  auto tgz = fetch(tarball, 16u << 20);
  if (!tgz) return tgz.error();
  // artifact::read_target reads archives from disk (with all its safety checks).
  char path[] = "/tmp/airlock-npm-high-impact-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return make_error(ErrorCode::kIo, "cannot create a temporary file");
  const bool written = write(fd, tgz->data(), tgz->size()) == static_cast<ssize_t>(tgz->size());
  close(fd);
  artifact::TargetSpec spec;
  spec.display_path = tarball;
  spec.source = artifact::SourceKind::kArchive;
  spec.fs_path = path;
  MemberReader reader("package/lib/top.js");
  Status read = written ? artifact::read_target(spec, Limits{}, reader)
                        : Status(make_error(ErrorCode::kIo, "cannot write a temporary file"));
  unlink(path);
  if (!read) return make_error(read.error().code, tarball + ": " + read.error().message);
  if (!reader.found_) {
    return make_error(
        ErrorCode::kFormat,
        fmt::format("{}: no package/lib/top.js (the package layout changed?)", tarball));
  }
  return top_js_to_tsv(*reader.found_);
}

Result<std::string> update_pypi() {
  const std::string url = source_url("AIRLOCK_CORPUS_URL_PYPI", kPypiList);
  return fetch(url, kMaxDownloadBytes);  // top-pypi-packages JSON: validated by the caller
}

// Package names of the servers in the official MCP registry (npm and PyPI packages), after
// the AI-tool brands and MCP packages airlock ships, so the refreshed list only adds.
Result<std::string> update_mcp() {
  const std::string registry = source_url("AIRLOCK_CORPUS_URL_MCP", kMcpRegistry);
  std::string out;
  std::set<std::string, std::less<>> seen;
  auto add = [&](std::string_view name) {
    if (!name.empty() && seen.emplace(name).second) out += std::string(name) + "\n";
  };
  if (auto shipped = names::embedded_corpus(names::Ecosystem::kMcp)) {
    for (const auto& e : shipped->entries()) add(e.name);
  }
  const std::size_t shipped_count = seen.size();
  std::string cursor;
  for (int page = 0; page < kMaxMcpPages; ++page) {
    std::string url = registry + "/v0/servers?limit=100";
    if (!cursor.empty()) {
      std::string escaped;
      for (unsigned char c : cursor) {
        escaped += std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'
                       ? std::string(1, static_cast<char>(c))
                       : fmt::format("%{:02X}", c);
      }
      url += "&cursor=" + escaped;
    }
    auto doc = fetch_json(url, 8u << 20);
    if (!doc) return doc.error();
    if (!doc->is_object() || !doc->contains("servers") || !(*doc)["servers"].is_array()) {
      return make_error(ErrorCode::kFormat,
                        fmt::format("{}: not an MCP registry answer (no \"servers\" array)", url));
    }
    for (const auto& item : (*doc)["servers"]) {
      // Current API: {"server": {..., "packages": [...]}}; older: the server object itself.
      const auto& server = item.is_object() && item.contains("server") ? item["server"] : item;
      if (!server.is_object() || !server.contains("packages") || !server["packages"].is_array()) {
        continue;
      }
      for (const auto& p : server["packages"]) {
        if (!p.is_object()) continue;
        std::string type;
        for (const char* k : {"registryType", "registry_type", "registry_name"}) {
          if (p.contains(k) && p[k].is_string()) type = p[k].get<std::string>();
        }
        if (type != "npm" && type != "pypi") continue;
        for (const char* k : {"identifier", "name"}) {
          if (p.contains(k) && p[k].is_string()) {
            add(p[k].get<std::string>());
            break;
          }
        }
      }
    }
    cursor.clear();
    if (doc->contains("metadata") && (*doc)["metadata"].is_object()) {
      const auto& m = (*doc)["metadata"];
      for (const char* k : {"nextCursor", "next_cursor"}) {
        if (m.contains(k) && m[k].is_string()) cursor = m[k].get<std::string>();
      }
    }
    if (cursor.empty()) break;
  }
  if (seen.size() == shipped_count) {
    return make_error(ErrorCode::kFormat,
                      fmt::format("{}: the registry listed no npm or PyPI packages", registry));
  }
  return out;
}

// Writes `corpus` as name<TAB>rank to dir/ECO.tsv through a temporary file and a rename.
Status install(const fs::path& dir, names::Ecosystem eco, const names::Corpus& corpus) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: {}", dir.string(), ec.message()));
  const fs::path final_path = dir / (std::string(names::to_string(eco)) + ".tsv");
  std::string tmp = final_path.string() + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot create a temporary file: {}",
                                                  dir.string(), strerror(errno)));
  }
  std::string text;
  for (const auto& e : corpus.entries()) text += fmt::format("{}\t{}\n", e.name, e.rank);
  bool ok = fchmod(fd, 0644) == 0;
  for (std::size_t off = 0; ok && off < text.size();) {
    const ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) off += static_cast<std::size_t>(n);
  }
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp.c_str(), final_path.c_str()) != 0) {
    const std::string why = strerror(errno);
    unlink(tmp.c_str());
    return make_error(ErrorCode::kIo,
                      fmt::format("{}: cannot write: {}", final_path.string(), why));
  }
  return Ok{};
}

int run_update(const std::string& which) {
  const auto eco = names::parse_ecosystem(which);
  if (!eco) {
    print_error("corpus update: unknown ecosystem '" + which + "' (npm, pypi, mcp)");
    return kExitError;
  }
  Result<std::string> text = *eco == names::Ecosystem::kNpm    ? update_npm()
                             : *eco == names::Ecosystem::kPypi ? update_pypi()
                                                               : update_mcp();
  if (!text) {
    print_error(fmt::format("corpus update {}: {} (offline? nothing was changed)", which,
                            text.error().message));
    return kExitError;
  }
  auto corpus = names::Corpus::parse(*text, *eco, fmt::format("downloaded {} corpus", which));
  if (!corpus) {
    print_error(
        fmt::format("corpus update {}: {} (nothing was changed)", which, corpus.error().message));
    return kExitError;
  }
  if (corpus->entries().size() < 50) {
    print_error(
        fmt::format("corpus update {}: only {} names downloaded; refusing to replace "
                    "the corpus with so few (nothing was changed)",
                    which, corpus->entries().size()));
    return kExitError;
  }
  const fs::path dir = user_corpus_dir();
  if (Status s = install(dir, *eco, *corpus); !s) {
    print_error(fmt::format("corpus update {}: {}", which, s.error().message));
    return kExitError;
  }
  std::cout << fmt::format("airlock: {} corpus updated: {} names in {}\n", which,
                           corpus->entries().size(), (dir / (which + ".tsv")).string());
  return kExitClean;
}

}  // namespace

Verb register_corpus(CLI::App& root) {
  auto which = std::make_shared<std::string>();
  CLI::App* app = root.add_subcommand(
      "corpus", "Manage the lists of popular package names that `check` compares against.");
  app->require_subcommand(1);
  CLI::App* update = app->add_subcommand(
      "update",
      "Download the current list for an ecosystem (npm: npm-high-impact from the npm registry, "
      "followed by the shipped names it lacks; "
      "pypi: top-pypi-packages; mcp: the official MCP registry) into "
      "$XDG_DATA_HOME/airlock/corpus/ (default ~/.local/share/airlock/corpus/).");
  update->add_option("ecosystem", *which, "npm, pypi or mcp")
      ->required()
      ->check(CLI::IsMember({"npm", "pypi", "mcp"}));
  return {app, [which] { return run_update(*which); }};
}

}  // namespace airlock::cli
