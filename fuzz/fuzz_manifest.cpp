// Fuzz target: manifest parsing. The input is parsed as JSON with the bounded parser, then
// becomes every manifest of a package directory at once (package.json, binding.gyp,
// pyproject.toml, setup.py, setup.cfg, PKG-INFO, entry_points.txt, a .pth file) and that
// directory goes through the whole package scan, as `airlock scan DIR` would do it.
//
// The engine (shipped YARA rules) is compiled once in LLVMFuzzerInitialize; one scanner is
// reused, as a worker thread of the CLI reuses it.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "airlock/analyze/package_scan.h"
#include "airlock/artifact/artifact.h"
#include "analyze/json_util.h"

namespace {

constexpr const char* kManifests[] = {
    "package.json", "binding.gyp", "pyproject.toml",   "setup.py",
    "setup.cfg",    "PKG-INFO",    "entry_points.txt", "fuzz.pth",
};

std::shared_ptr<const airlock::analyze::Engine> g_engine;
std::unique_ptr<airlock::analyze::PackageScanner> g_scanner;
std::string g_dir;
airlock::Limits g_limits;

void write_file(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) std::abort();
  for (std::size_t off = 0; off < data.size();) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) std::abort();
    off += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

void remove_dir() {
  for (const char* name : kManifests) ::unlink((g_dir + "/" + name).c_str());
  ::rmdir(g_dir.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  g_limits.max_file_bytes = 1u << 20;
  g_limits.max_manifest_bytes = 256u << 10;
  airlock::analyze::EngineOptions options;
  options.rules.shipped = true;
  options.limits = g_limits;
  auto engine = airlock::analyze::Engine::create(options);
  if (!engine) {
    std::fprintf(stderr, "fuzz_manifest: engine: %s\n", engine.error().message.c_str());
    std::abort();
  }
  g_engine = *engine;
  g_scanner = std::make_unique<airlock::analyze::PackageScanner>(*g_engine);
  // Eight files are rewritten per input: $TMPDIR when set (run-fuzzers.sh points it at its
  // own work directory, on tmpfs, and removes it; libFuzzer's time limit exits without
  // running atexit handlers), else tmpfs when there is one, not a disk.
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  std::string tmpl = base + "/airlock-fuzz-manifest-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
  g_dir = tmpl;
  std::atexit(remove_dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  // The bounded parser on its own: never throws, never recurses past the limit.
  std::string error;
  auto parsed = airlock::analyze::parse_json_bounded(text, g_limits.max_json_depth, error);
  if (parsed) {
    if (airlock::analyze::json_depth(text, g_limits.max_json_depth) > g_limits.max_json_depth) {
      __builtin_trap();  // parsed something deeper than the limit
    }
    volatile std::size_t n = parsed->dump().size();
    (void)n;
  } else if (error.empty()) {
    __builtin_trap();
  }
  volatile int line = airlock::analyze::line_of_key(text, "postinstall");
  (void)line;

  // The whole scan of a package whose manifests are the input.
  for (const char* name : kManifests) write_file(g_dir + "/" + name, text);
  airlock::artifact::TargetSpec spec;
  spec.display_path = "fuzz-package";
  spec.source = airlock::artifact::SourceKind::kDirectory;
  spec.fs_path = g_dir;
  spec.kind = "directory";
  airlock::analyze::TargetResult r = g_scanner->scan(spec);
  for (const airlock::Finding& f : r.findings) {
    if (f.rule.empty() || f.message.empty()) __builtin_trap();
  }
  return 0;
}
