// Fuzz target: read_target() on an archive (libarchive's tar/zip/cpio/7z readers plus our
// entry-name checks, link checks and limits), with a visitor that touches every byte.
//
// The input is written to a memfd (a temp file when memfd_create is missing) and opened by
// path, the way the CLI opens a user's archive. Limits are small so each run is fast and a
// bomb is stopped early; the invariants below are what the rest of airlock relies on.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "airlock/artifact/artifact.h"

namespace {

using airlock::artifact::Entry;
using airlock::artifact::EntryType;
using airlock::artifact::UnsafeEntry;

// A normalised path never climbs, is never absolute, has no empty or '.' parts.
void check_normalised(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.back() == '/') __builtin_trap();
  if (p.find('\\') != std::string_view::npos || p.find('\0') != std::string_view::npos) {
    __builtin_trap();
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '/') {
      std::string_view part = p.substr(start, i - start);
      if (part.empty() || part == "." || part == "..") __builtin_trap();
      start = i + 1;
    }
  }
}

// True when `path` lies below one of `links` (an extractor would write it through the link).
bool under(const std::string& path, const std::set<std::string>& links) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (links.count(path.substr(0, slash))) return true;
  }
  return false;
}

class TouchVisitor : public airlock::artifact::EntryVisitor {
 public:
  void file(const Entry& e, std::string_view content) override {
    check_normalised(e.path);
    if (under(e.path, symlinks_)) __builtin_trap();  // must have come through unsafe()
    if (content.size() > max_file_) __builtin_trap();
    for (unsigned char c : content) sum_ += c;
    sum_ += e.path.size();
  }
  void oversize_file(const Entry& e, const std::string& sha256) override {
    check_normalised(e.path);
    if (under(e.path, symlinks_)) __builtin_trap();
    if (sha256.size() != 64) __builtin_trap();
    sum_ += sha256[0];
  }
  void other(const Entry& e) override {
    check_normalised(e.path);
    if (e.type == EntryType::kSymlink) {
      if (!airlock::artifact::link_stays_inside(e.path, e.link_target)) {
        __builtin_trap();  // a link leaving the tree must come through unsafe()
      }
      symlinks_.insert(e.path);
    }
    sum_ += e.link_target.size();
  }
  void unsafe(const UnsafeEntry& u) override { sum_ += u.raw_path.size() + u.reason.size(); }

  std::uint64_t max_file_ = 0;
  std::set<std::string> symlinks_;  // links inside the tree seen so far
  volatile std::uint64_t sum_ = 0;
};

int input_fd() {
  static int fd = [] {
    int f = static_cast<int>(::memfd_create("airlock-fuzz-archive", MFD_CLOEXEC));
    if (f < 0) {
      char tmpl[] = "/tmp/airlock-fuzz-archive-XXXXXX";
      f = ::mkstemp(tmpl);
      if (f >= 0) ::unlink(tmpl);
    }
    if (f < 0) std::abort();
    return f;
  }();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = input_fd();
  if (::ftruncate(fd, 0) != 0) std::abort();
  for (std::size_t off = 0; off < size;) {
    ssize_t n = ::pwrite(fd, data + off, size - off, static_cast<off_t>(off));
    if (n <= 0) std::abort();
    off += static_cast<std::size_t>(n);
  }

  airlock::Limits limits;
  limits.max_total_bytes = 4u << 20;
  limits.max_entries = 2000;
  limits.max_file_bytes = 256u << 10;
  limits.max_ratio = 200.0;

  airlock::artifact::TargetSpec spec;
  spec.display_path = "fuzz-input";
  spec.source = airlock::artifact::SourceKind::kArchive;
  spec.fs_path = "/proc/self/fd/" + std::to_string(fd);
  spec.kind = "archive";

  TouchVisitor visitor;
  visitor.max_file_ = limits.max_file_bytes;
  airlock::Status s = airlock::artifact::read_target(spec, limits, visitor);
  if (!s && s.error().message.empty()) __builtin_trap();  // every error says something
  return 0;
}
